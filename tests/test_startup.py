"""Start-up: the rule table, and what a run imports (only what it uses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from notelint.registry import Registry, RegistryError, RuleInfo, build_registry
from notelint.rules import FAMILIES, TABLE
from notelint.rules import table as rule_table

#: The families whose rule modules are imported only when one of their rules is needed.
LAZY_FAMILIES = ("footnotes", "dates", "math", "links", "duplicates", "spelling")
#: Heavy modules a run must not import unless it checks a note.
PARSER_MODULES = ("markdown_it", "mdit_py_plugins", "linkify_it")

_MODULES = """
import json, runpy, sys
sys.argv = ["notelint", *sys.argv[1:]]
try:
    runpy.run_module("notelint", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _imported(*args: str, cwd: Path, cache: Path | None = None) -> set[str]:
    """The modules loaded by ``notelint ARGS`` in a fresh interpreter."""
    env = {**os.environ, "NO_COLOR": "1"}
    if cache is not None:
        env["NOTELINT_CACHE_DIR"] = str(cache)
    proc = subprocess.run([sys.executable, "-c", _MODULES, *args], capture_output=True,
                          text=True, cwd=cwd, env=env, check=True)
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def _family_modules(modules: set[str], family: str) -> set[str]:
    prefix = f"notelint.rules.{family}."
    return {m for m in modules if m.startswith(prefix)}


def test_the_rule_table_matches_the_rule_classes() -> None:
    # Stale after a rule changes: regenerate with `python -m notelint.rules.table`.
    assert rule_table.TABLE_FILE.read_text(encoding="utf-8") == rule_table.render()
    classes = [r for f in FAMILIES for r in __import__(f"notelint.rules.{f}",
                                                        fromlist=["RULES"]).RULES]
    assert list(TABLE) == [RuleInfo.of(r) for r in classes]
    assert len({i.code for i in TABLE}) == len(TABLE) == len(classes)


def test_the_registry_answers_from_the_table_and_imports_a_rule_when_it_is_used() -> None:
    reg = Registry(table=TABLE)
    assert reg.codes("MA") == [i.code for i in TABLE if i.code.startswith("MA")]
    assert reg.codes("undefined-footnote-reference") == ["FN001"]
    assert reg.info("fn001") is not None and reg.info("fn001").name == "undefined-footnote-reference"
    assert not reg.is_loaded("DU001")
    rule = reg.get("DU001")
    assert rule is not None and rule.code == "DU001" and reg.is_loaded("DU001")
    assert reg.load("DU001") is rule
    assert [r.code for r in reg] == [i.code for i in TABLE]


def test_a_stale_table_entry_is_an_error_not_a_wrong_rule() -> None:
    wrong = RuleInfo("FN001", "undefined-footnote-reference", "Something else",
                     TABLE[0].scope, TABLE[0].default_severity, True,
                     "notelint.rules.footnotes.undefined_reference", "UndefinedFootnoteReference")
    with pytest.raises(RegistryError, match=r"FN001.*rule table"):
        Registry(table=[wrong]).load("FN001")


def test_plugin_rules_come_after_the_table_and_clash_with_it(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    info = tmp_path / "clash_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: clash_plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[notelint.rules]\ndemo = clash_plugin:RULES\n")
    (tmp_path / "clash_plugin.py").write_text(
        "from notelint.rule import Rule\n\n"
        "class Mine(Rule):\n    code = 'FN001'\n    name = 'mine'\n    summary = 'x'\n\n"
        "RULES = [Mine]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RegistryError, match="two rules use the id FN001"):
        build_registry()


def test_version_imports_no_rule_and_no_parser(tmp_path: Path) -> None:
    modules = _imported("--version", cwd=tmp_path)
    assert "notelint.cli" in modules
    for family in LAZY_FAMILIES:
        assert f"notelint.rules.{family}" not in modules
    assert not [m for m in modules if m.split(".")[0] in PARSER_MODULES]
    assert "importlib.metadata" not in modules and "pathspec" not in modules


def test_rules_lists_every_rule_without_importing_one(tmp_path: Path) -> None:
    modules = _imported("rules", cwd=tmp_path)
    for family in LAZY_FAMILIES:
        assert not _family_modules(modules, family), family


def test_a_run_imports_only_the_families_it_selects(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("# Note\n\nText[^1] and $x^2$ with a tpyo.\n", encoding="utf-8")
    modules = _imported("check", "--no-cache", "--select", "FN", str(note), cwd=tmp_path)
    assert _family_modules(modules, "footnotes")
    for family in ("dates", "math", "links", "duplicates", "spelling"):
        assert not _family_modules(modules, family), family
    assert "notelint.math.model" not in modules and "notelint.duplicates.analysis" not in modules


def test_a_rerun_from_the_cache_imports_only_what_is_not_cached(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# A\n\n## 2024.01.02\n\nSome $x$ text[^1].\n\n[^1]: Note.\n",
                                encoding="utf-8")
    (notes / "b.md").write_text("# B\n\nA [link](a.md) and a tpyo.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first = _imported("check", "--offline", str(notes), cwd=tmp_path, cache=cache)
    assert _family_modules(first, "math") and _family_modules(first, "duplicates")
    again = _imported("check", "--offline", str(notes), cwd=tmp_path, cache=cache)
    # Links look at the disk on every run (their findings are never cached); nothing else runs.
    assert _family_modules(again, "links")
    for family in ("footnotes", "dates", "math", "duplicates", "spelling"):
        assert not _family_modules(again, family), family
    assert not [m for m in again if m.split(".")[0] in ("rapidfuzz", "pylatexenc", "kiwipiepy")]


def test_a_one_note_check_imports_no_dependency_it_does_not_use(tmp_path: Path) -> None:
    # Every default rule runs; no duplicate groups are configured (pathspec), the note has
    # no two similar entries to compare (RapidFuzz) and no front matter (YAML); data files
    # are read through the package's loader (pkgutil), not importlib.resources.
    note = tmp_path / "note.md"
    note.write_text("# Note\n\n## 2024.01.02\n\nSome $x$ text[^1] and a [link](#note).\n\n"
                    "[^1]: A footnote.\n", encoding="utf-8")
    modules = _imported("check", "--offline", "--no-cache", str(note), cwd=tmp_path)
    assert _family_modules(modules, "duplicates") and _family_modules(modules, "math")
    assert "notelint.duplicates.verify" in modules
    for heavy in ("pathspec", "rapidfuzz", "yaml", "importlib.metadata", "importlib.resources"):
        assert not [m for m in modules if m == heavy or m.startswith(heavy + ".")], heavy
    # Offline, no web link is checked: no link cache, no verdicts on answers; the
    # markdown-it pipeline needs no renderer of another pipeline.
    for unused in ("notelint.links.cache", "notelint.links.results", "notelint.links.verdicts",
                   "notelint.math.render", "notelint.math.kramdown",
                   "notelint.math.kramdown_spans", "notelint.math.findtex"):
        assert unused not in modules, unused


#: Modules a check never needs: tempfile (with shutil, random, bz2 and lzma) and platformdirs
#: (which imports tempfile) for files it writes and the user cache folder; hashlib and hmac
#: (OpenSSL) for digests and signatures; difflib and notelint.fixes without a near miss or --fix;
#: calendar for the length of a month.
NEVER_IN_A_CHECK = ("tempfile", "shutil", "random", "bz2", "lzma", "platformdirs", "hashlib",
                    "_hashlib", "hmac", "difflib", "notelint.fixes", "calendar")


def _never(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in NEVER_IN_A_CHECK
                  or m in NEVER_IN_A_CHECK)


def test_a_check_that_writes_its_files_imports_no_tempfile_platformdirs_or_openssl(
        tmp_path: Path) -> None:
    # The first run compiles the vocabulary and stores Kiwi's readings; every run that
    # checks a new note writes its cache entry and signs it with the key in the user
    # cache folder (XDG_CACHE_HOME, set by conftest).
    note = tmp_path / "note.md"
    note.write_text("# Note\n\n## 2024.01.02\n\nSome 한국어 text with a tpyo.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first = _imported("check", "--offline", str(note), cwd=tmp_path, cache=cache)
    assert list((cache / "vocabulary").glob("vocabulary-*.bin"))
    assert (Path(os.environ["XDG_CACHE_HOME"]) / "notelint" / "cache-key").is_file()
    assert "notelint.spelling.vocabulary" in first and not _never(first)
    note.write_text(note.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
    again = _imported("check", "--offline", str(note), cwd=tmp_path, cache=cache)
    assert list(cache.rglob("notes-v1/*/*")), "the run wrote no cache entry"
    assert "notelint.cache" in again and not _never(again)
    offline = _imported("check", "--offline", "--no-cache", str(note), cwd=tmp_path, cache=cache)
    assert not _never(offline)


def test_rapidfuzz_is_imported_when_two_entries_are_compared(tmp_path: Path) -> None:
    entry = ("Gradient descent updates each weight against the gradient of the loss, "
             "scaled by the learning rate, until the loss stops improving.\n")
    note = tmp_path / "note.md"
    note.write_text(f"# Note\n\n## 2024.01.02\n\n{entry}\n## 2024.01.03\n\n"
                    f"{entry.replace('each', 'every')}", encoding="utf-8")
    modules = _imported("check", "--offline", "--no-cache", "--select", "DU", str(note),
                        cwd=tmp_path)
    assert "rapidfuzz.distance" in modules


# -- things made on first use (notelint.lazy) ----------------------------------------------------

def _module_patterns() -> list[tuple[str, object]]:
    """Every stand-in pattern that a notelint module defines at module or class level."""
    import importlib
    import pkgutil

    import notelint
    from notelint.lazy import LazyPattern

    found: list[tuple[str, object]] = []

    def visit(where: str, value: object, depth: int) -> None:
        if isinstance(value, LazyPattern):
            found.append((where, value))
        elif depth < 3 and isinstance(value, (tuple, list, frozenset, set)):
            for i, item in enumerate(value):
                visit(f"{where}[{i}]", item, depth + 1)
        elif depth < 3 and isinstance(value, dict):
            for key, item in value.items():
                visit(f"{where}[{key!r}]", item, depth + 1)
        elif depth < 1 and isinstance(value, type) and value.__module__.startswith("notelint"):
            for key, item in vars(value).items():
                visit(f"{where}.{key}", item, depth + 1)

    for info in pkgutil.walk_packages(notelint.__path__, "notelint."):
        if info.name.startswith("notelint.server") or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for key, value in vars(module).items():
            visit(f"{info.name}.{key}", value, 0)
    return found


def test_every_pattern_compiled_on_first_use_is_a_valid_expression() -> None:
    import re

    from notelint.lazy import compiled

    patterns = _module_patterns()
    assert len(patterns) > 100
    for where, pattern in patterns:
        real = compiled(pattern)  # type: ignore[arg-type]
        assert isinstance(real, re.Pattern), where
        assert (pattern.pattern, pattern.flags) == (real.pattern, real.flags), where  # type: ignore[attr-defined]


def test_a_pattern_stand_in_answers_as_the_compiled_pattern() -> None:
    import re

    from notelint.lazy import LazyPattern, compiled, lazy_compile

    lazy = lazy_compile(r"(?P<word>[a-z]+)-(\d+)", re.I)
    assert isinstance(lazy, LazyPattern) and "_compiled" not in vars(lazy)
    real = re.compile(r"(?P<word>[a-z]+)-(\d+)", re.I)
    assert lazy.search("x Abc-12 y").span() == real.search("x Abc-12 y").span()  # type: ignore[union-attr]
    assert "_compiled" in vars(lazy)
    assert (lazy.pattern, lazy.flags, lazy.groups, dict(lazy.groupindex)) == \
        (real.pattern, real.flags, real.groups, dict(real.groupindex))
    assert lazy.sub(r"\2", "a-1 b-2") == "1 2" and lazy.findall("q-3") == [("q", "3")]
    assert compiled(lazy) is compiled(lazy) and compiled(real) is real
    bad = lazy_compile(r"(unclosed")
    with pytest.raises(re.error):
        bad.search("x")


def test_an_attribute_stand_in_imports_its_module_on_first_use(tmp_path: Path) -> None:
    code = ("import sys\nfrom notelint.lazy import lazy_attribute\n"
            "dedent = lazy_attribute('textwrap', 'dedent')\n"
            "wrapper = lazy_attribute('textwrap', 'TextWrapper')\n"
            "before = 'textwrap' in sys.modules\n"
            "print(before, repr(dedent('  a\\n  b')), wrapper(width=7).width,\n"
            "      wrapper.fill is sys.modules['textwrap'].TextWrapper.fill)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, check=True).stdout
    assert out == "False 'a\\nb' 7 True\n"


# -- the stat index ---------------------------------------------------------------------------

def _st(size: int = 10, mtime: int = 1_000_000_000_000, ctime: int = 1_000_000_000_000,
        ino: int = 7, dev: int = 1) -> os.stat_result:
    return os.stat_result((0o100644, ino, dev, 1, 0, 0, size, 0, 0, 0,
                           mtime // 10**9, mtime // 10**9, ctime // 10**9,
                           mtime, mtime, ctime))


def test_the_stat_index_serves_a_hash_only_for_identical_stat_values() -> None:
    from notelint.cache import RACY_NS, StatIndex

    index = StatIndex()
    st = _st()
    assert index.record("/n.md", st, "h1", now_ns=st.st_ctime_ns + RACY_NS)
    assert index.lookup("/n.md", st) == "h1" and index.changed
    assert index.lookup("/other.md", st) is None
    for changed in (_st(size=11), _st(mtime=st.st_mtime_ns + 1), _st(ctime=st.st_ctime_ns + 1),
                    _st(ino=8), _st(dev=2)):
        assert index.lookup("/n.md", changed) is None


def test_the_stat_index_refuses_a_file_changed_within_the_racy_window() -> None:
    from notelint.cache import RACY_NS, StatIndex

    index = StatIndex()
    st = _st(mtime=5 * 10**9, ctime=9 * 10**9)
    # Changed (ctime) less than RACY_NS before it was looked at: another write in the same
    # timestamp tick could keep every value, so no hash is recorded.
    assert not index.record("/n.md", st, "h", now_ns=st.st_ctime_ns + RACY_NS - 1)
    assert index.lookup("/n.md", st) is None and not index.changed


def test_new_content_under_the_old_size_and_mtime_is_hashed_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import notelint.cache
    from notelint.api import lint_paths
    from notelint.cache import NoteCache

    monkeypatch.setattr(notelint.cache, "RACY_NS", 0)  # index even a file written just now
    monkeypatch.setenv("NOTELINT_CACHE_DIR", str(tmp_path / "cache"))
    note = tmp_path / "note.md"
    note.write_text("# Note\n\nText[^1] here.\n\n[^1]: A footnote.\n", encoding="utf-8")
    os.utime(note, ns=(10**18, 10**18))
    first = lint_paths([str(note)], select=["FN"], cache=True)
    assert first.diagnostics == []
    index = NoteCache(tmp_path / "cache").index.entries
    before = index[str(note.resolve())]
    assert before[0] == note.stat().st_size and before[1] == 10**18
    # Same size, same modification time (set back), new content: [^2] has no definition.
    note.write_text("# Note\n\nText[^2] here.\n\n[^1]: A footnote.\n", encoding="utf-8")
    os.utime(note, ns=(10**18, 10**18))
    st = note.stat()
    assert (st.st_size, st.st_mtime_ns) == before[:2]
    again = lint_paths([str(note)], select=["FN"], cache=True)
    assert [(d.code, d.line, d.column) for d in again.diagnostics] == [
        ("FN001", 3, 5), ("FN002", 5, 1)]
    after = NoteCache(tmp_path / "cache").index.entries[str(note.resolve())]
    assert after[5] != before[5] and after[2] == st.st_ctime_ns


# -- plugins are looked for without importing importlib.metadata when none is installed ---------

def test_the_plugin_scan_finds_a_declared_group_and_nothing_else(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from notelint.installed import may_declare

    assert not may_declare("notelint.rules")   # no rule plugin in this environment
    assert may_declare("notelint.formatters")  # notelint declares its own formatters
    info = tmp_path / "some_plugin-1.0.dist-info"
    info.mkdir()
    (info / "entry_points.txt").write_text("[console_scripts]\nx = y:z\n\n[ notelint.rules ]\n"
                                           "demo = some_plugin:RULES\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert may_declare("notelint.rules")


def test_the_plugin_scan_defers_to_importlib_metadata_for_a_zip_on_the_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from notelint.installed import may_declare

    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("x.py", "")
    monkeypatch.syspath_prepend(str(archive))
    assert may_declare("notelint.rules")


def test_a_check_without_plugins_does_not_import_importlib_metadata(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("# Note\n\nText[^1].\n\n[^1]: A footnote.\n", encoding="utf-8")
    modules = _imported("check", "--no-cache", "--select", "FN", str(note), cwd=tmp_path)
    assert "importlib.metadata" not in modules and "pathspec" not in modules


def test_yaml_is_imported_without_compiling_the_pure_python_readers_pattern(
        tmp_path: Path) -> None:
    code = ("import re, sys\nfrom notelint.frontmatter import import_yaml\n"
            "yaml = import_yaml()\n"
            "from notelint.lazy import LazyPattern\n"
            "lazy = yaml.reader.Reader.NON_PRINTABLE\n"
            "print(type(lazy).__name__, re.compile is sys.modules['re'].compile,"
            " re.compile.__module__, import_yaml() is yaml)\n"
            "try:\n    yaml.safe_load('a: b\\x07c\\n')\nexcept yaml.YAMLError as exc:\n"
            "    print(str(exc).splitlines()[0])\n"
            "print(isinstance(lazy, LazyPattern), lazy.pattern.startswith('[^'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, check=True).stdout
    assert out == ("_Pending True re True\n"
                   "unacceptable character #x0007: special characters are not allowed\n"
                   "True True\n")


# -- the user cache folder without platformdirs, temporary files without tempfile ----------------

@pytest.mark.parametrize("xdg, home", [
    (None, "/home/ann"), ("/var/cache/ann", "/home/ann"), ("/var/cache/ann/", "/home/ann"),
    ("relative/cache", "/home/ann"), ("", "/home/ann"), (None, "/"), (None, "/home/ann/"),
    ("/xdg", "relative-home"), (None, "relative-home"), (None, None),
])
def test_the_user_cache_folder_is_the_one_platformdirs_gives(
        xdg: str | None, home: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    from notelint.cache import user_cache_dir
    from notelint.userdirs import _xdg_cache_dir

    for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    expected = Path(platformdirs.user_cache_dir("notelint", appauthor=False))
    assert user_cache_dir() == expected
    fast = _xdg_cache_dir()
    if sys.platform.startswith("linux"):
        # Computed here unless HOME is needed and is not an absolute path.
        assert (fast is None) == (not (xdg or "").startswith("/")
                                  and not (home or "").startswith("/"))
    if fast is not None:
        assert Path(fast) == expected


def test_the_user_cache_folder_is_left_to_platformdirs_on_android(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from notelint.userdirs import _xdg_cache_dir

    monkeypatch.setenv("ANDROID_DATA", "/data")
    assert _xdg_cache_dir() is None


def test_a_temporary_file_is_private_new_and_beside_its_target(tmp_path: Path) -> None:
    import stat

    from notelint.safeio import create_temporary

    made = []
    for _ in range(3):
        fd, path = create_temporary(tmp_path, ".tmp-", ".part")
        os.write(fd, b"x")
        os.close(fd)
        made.append(Path(path))
    assert len(set(made)) == 3
    for path in made:
        assert path.parent == tmp_path and path.name.startswith(".tmp-")
        assert path.name.endswith(".part") and len(path.name) == len(".tmp-.part") + 12
        assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_bytes() == b"x"


def test_a_temporary_name_already_taken_is_never_opened(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from notelint import safeio

    taken = tmp_path / ".tmp-000000000000"
    taken.write_bytes(b"someone else's")
    monkeypatch.setattr(safeio.os, "urandom", lambda n: bytes(n))
    with pytest.raises(FileExistsError):
        safeio.create_temporary(tmp_path, ".tmp-")
    assert taken.read_bytes() == b"someone else's"


def test_digests_are_the_builtin_blake2b_and_signatures_keyed(tmp_path: Path) -> None:
    import hashlib

    from notelint.cache import NoteCache
    from notelint.digests import blake2b, compare_digest, content_digest

    assert blake2b is hashlib.blake2b
    assert content_digest(b"note") == hashlib.blake2b(b"note", digest_size=32).hexdigest()
    assert compare_digest(b"ab", b"ab") and not compare_digest(b"ab", b"ac")
    cache = NoteCache(tmp_path / "cache")
    tag = cache._sign("key", "part", b"body")
    assert len(tag) == 32 and tag == cache._sign("key", "part", b"body")
    assert tag != cache._sign("key", "part", b"bodY") and tag != cache._sign("kez", "part", b"body")
    other = NoteCache(tmp_path / "other")
    other._key = bytes(32)  # another signing key signs differently
    assert other._sign("key", "part", b"body") != tag


def test_the_days_of_a_month_are_calendars() -> None:
    import calendar

    from notelint.datelabels import days_in_month, real_day

    for year in [*range(0, 2401), 9999, 10_000, 123_456]:
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)
    for month in (0, 13, -1):
        with pytest.raises(calendar.IllegalMonthError):
            days_in_month(2024, month)
    assert real_day(2021, 2, 29) == (None, "February 2021 has 28 days")
    assert real_day(2024, 2, 29)[1] is None and real_day(1900, 2, 29)[1] is not None
