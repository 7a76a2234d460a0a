"""The engine: identical findings with or without the cache and with 1 or N processes,
a cache that is rebuilt rather than trusted, --fix within the run, and standard input."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from notelint import engine as engine_module
from notelint.api import lint_paths
from notelint.cache import NoteCache
from notelint.cli import main
from notelint.registry import Registry
from notelint.rule import Rule, RunOptions, Scope
from notelint.workspace import Collector

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "make_corpus.py"


def _keys(result) -> list[tuple[str, str, int, int, str]]:  # type: ignore[no-untyped-def]
    return [(d.path, d.code, d.line, d.column, d.message) for d in result.diagnostics]


def _run(paths: list[str], cache_dir: Path | None, jobs: int,
         select: list[str] | None = None) -> list[tuple[str, str, int, int, str]]:
    run = RunOptions(offline=True, cache_dir=cache_dir)
    return _keys(lint_paths(paths, run=run, cache=cache_dir is not None, jobs=jobs,
                            select=select))


@pytest.fixture()
def small_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the process pool start on a handful of notes."""
    monkeypatch.setattr(engine_module, "POOL_MIN_NOTES", 2)
    monkeypatch.setattr(engine_module, "POOL_CHUNK", 1)


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    """A generated, copy-heavy collection of 60 notes made from the real notes."""
    if not BENCH.is_file():
        pytest.fail(f"the benchmark generator is missing: expected {BENCH}")
    out = tmp_path_factory.mktemp("collection") / "c60"
    subprocess.run([sys.executable, str(BENCH), "60", str(out), "--seeds", str(corpus),
                    "--defects", "6"], check=True, capture_output=True)
    return out


@pytest.mark.parametrize("which", ["corpus", "collection"])
def test_same_findings_with_cache_and_processes(which: str, corpus: Path, collection: Path,
                                                tmp_path: Path, small_pool: None) -> None:
    target = str(corpus if which == "corpus" else collection)
    plain = _run([target], None, 1)
    assert plain, "the notes have findings"
    assert _run([target], tmp_path / "c", 2) == plain      # cold cache, two processes
    assert _run([target], tmp_path / "c", 1) == plain      # warm cache, one process
    assert _run([target], None, 2) == plain                # no cache, two processes


def test_cache_hits_only_unchanged_notes(tmp_path: Path, corpus: Path) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(corpus, notes)
    run = RunOptions(offline=True, cache_dir=tmp_path / "c")
    sel = ["NL", "FN", "DT", "MA", "LK"]
    first = lint_paths([str(notes)], run=run, cache=True, select=sel)
    assert first.engine is not None and first.engine.cache is not None
    assert first.engine.cache.hits == 0
    til = notes / "til.md"
    til.write_text(til.read_text(encoding="utf-8") + "\nNew line[^99].\n", encoding="utf-8")
    second = lint_paths([str(notes)], run=run, cache=True, select=sel)
    assert second.engine is not None and second.engine.cache is not None
    assert second.engine.cache.hits == 2        # the two unchanged notes
    new = [d for d in second.diagnostics if d.path.endswith("til.md") and d.code == "FN001"]
    assert [(d.line, d.column) for d in new][-1] == (til.read_text().count("\n"), 9)


def test_corrupt_or_foreign_cache_is_rebuilt_not_trusted(tmp_path: Path, corpus: Path) -> None:
    cache_dir = tmp_path / "c"
    sel = ["NL", "FN", "DT", "MA", "LK"]
    expected = _run([str(corpus)], None, 1, sel)
    assert _run([str(corpus)], cache_dir, 1, sel) == expected
    entries = [p for p in (cache_dir / "notes-v1").rglob("*")
               if p.is_file() and p.parent != cache_dir / "notes-v1"]
    assert entries
    for i, entry in enumerate(entries):
        data = entry.read_bytes()
        if i % 2:
            entry.write_bytes(b"[" * 1000)                     # garbage
        else:
            entry.write_bytes(bytes([data[0] ^ 1]) + data[1:])  # a forged or damaged signature
    run = RunOptions(offline=True, cache_dir=cache_dir)
    again = lint_paths([str(corpus)], run=run, cache=True, select=sel)
    assert _keys(again) == expected
    assert again.engine is not None and again.engine.cache is not None
    assert again.engine.cache.hits == 0 and again.engine.cache.rejected >= 3
    # Rewritten: the next run is served from the cache.
    third = lint_paths([str(corpus)], run=run, cache=True, select=sel)
    assert _keys(third) == expected
    assert third.engine is not None and third.engine.cache is not None
    assert third.engine.cache.rejected == 0 and third.engine.cache.hits >= 3


def test_cache_signed_under_another_key_is_rejected(tmp_path: Path) -> None:
    a = NoteCache(tmp_path / "c")
    a._key = b"a" * 32
    a.put("k" * 64, "note", {"x": 1}, [2])
    assert a.get("k" * 64, "note") == {"x": 1}
    assert a.get("k" * 64, "note", 1) == [2]
    b = NoteCache(tmp_path / "c")
    b._key = b"b" * 32
    assert b.get("k" * 64, "note") is None and b.rejected == 1
    assert (tmp_path / "c" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_fix_reports_what_a_plain_check_reports_after(tmp_path: Path, corpus: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(corpus, notes)
    for note in notes.rglob("*.md"):
        note.chmod(0o644)  # the shared corpus is read-only, and --fix leaves read-only notes alone
    args = ["check", str(notes), "--format", "json", "--offline"]
    assert main([*args, "--fix"]) == 1
    fixed = json.loads(capsys.readouterr().out)
    assert fixed["summary"]["fixed"] == 5
    assert main(args) == 1
    after = json.loads(capsys.readouterr().out)
    assert fixed["diagnostics"] == after["diagnostics"]
    codes = {d["code"] for d in after["diagnostics"]}
    assert {"DU001", "DU002", "SP001"} <= codes       # cross-note findings are in the report


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


def test_stdin_uses_the_filename_for_configuration_and_messages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".notelint.toml").write_text('select = ["FN"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _stdin(monkeypatch, "# 노트\n\n한국어[^7] text.\n\n[^ 7]: def\n")
    assert main(["check", "-", "--stdin-filename", "notes/new.md", "--no-color"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("notes/new.md:3:4: FN001 [*] Footnote reference `[^7]` has no definition")
    assert out[1] == "Found 1 problem (1 error) in 1 of 1 file; 1 fixable with --fix."
    assert not (tmp_path / "notes").exists()


def test_stdin_fix_writes_the_fixed_note_to_stdout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    _stdin(monkeypatch, "Text[^1].\n\n[^ 1]: def\n")
    assert main(["check", "-", "--stdin-filename", "a.md", "--select", "FN", "--fix",
                 "--no-color"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "Text[^1].\n\n[^1]: def\n"
    assert captured.err == "Fixed 1 problem; no problems in 1 file.\n"
    assert list(tmp_path.iterdir()) == []


def test_stdin_filename_needs_dash(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "x.md", "--stdin-filename", "a.md"]) == 2
    assert "--stdin-filename needs the path `-`" in capsys.readouterr().err


def test_the_word_list_is_an_input_of_the_cache_key(tmp_path: Path) -> None:
    from notelint.config import Config
    from notelint.spelling.wordlist import DEFAULT_WORDS_FILE

    assert Config(root=tmp_path).inputs() == (tmp_path / DEFAULT_WORDS_FILE,)


def test_a_lost_summary_is_rebuilt_not_dropped(tmp_path: Path, corpus: Path) -> None:
    """A note whose stored findings are intact but whose summary part is damaged is checked
    again, so the cross-note rules still see it."""
    sel = ["LK", "FN"]
    expected = _run([str(corpus)], None, 1, sel)
    cache_dir = tmp_path / "c"
    assert _run([str(corpus)], cache_dir, 1, sel) == expected
    for entry in (cache_dir / "notes-v1").rglob("*"):
        if entry.is_file() and entry.parent.name not in ("workspace", "notes-v1"):
            entry.write_bytes(entry.read_bytes()[:-1] + b"\0")  # the last part's last byte
    assert _run([str(corpus)], cache_dir, 1, sel) == expected


def test_a_summary_that_is_none_is_served_from_the_cache(tmp_path: Path) -> None:
    """Collectors may summarise a note as ``None`` (nothing to compare); that is a hit, not a loss."""
    from notelint.engine import _LazySummaries

    cache = NoteCache(tmp_path / "c")
    cache.put("k" * 64, "note", ("result",), ["dates", "duplicates"], None, ("entry",))
    lazy = _LazySummaries(cache, "k" * 64)
    assert lazy.load("dates") and lazy.get("dates") is None
    assert lazy.load("duplicates") and lazy.get("duplicates") == ("entry",)
    assert lazy.load("spelling")                       # no summary for a family that did not run


class _Counting(Collector):
    key = "counting"

    def wants_project(self, config) -> bool:  # type: ignore[no-untyped-def]
        return True

    def collect(self, ctx):  # type: ignore[no-untyped-def]
        return ctx.document.path


class _Local(_Counting):
    key = "local"

    def wants_project(self, config) -> bool:  # type: ignore[no-untyped-def]
        return False


class _SeesAll(Rule):
    code = "XX101"
    name = "sees-all"
    summary = "Demonstration: the notes a project-reading family sees"
    scope = Scope.PROJECT
    collector = _Counting

    def check_workspace(self, ws) -> None:  # type: ignore[no-untyped-def]
        seen = sorted(Path(n.summary(self.collector.key)).name
                      for n in ws.notes if n.summary(self.collector.key) is not None)
        for note in ws.checked:
            ws.report(note, (0, 1), ", ".join(seen))


class _SeesChecked(_SeesAll):
    code = "XX102"
    name = "sees-checked"
    collector = _Local


def test_only_families_that_read_the_project_see_its_unchecked_notes(tmp_path: Path) -> None:
    (tmp_path / ".notelint.toml").write_text("", encoding="utf-8")
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / name).write_text(f"# {name}\n", encoding="utf-8")
    registry = Registry([_SeesAll, _SeesChecked])
    run = RunOptions(offline=True, cache_dir=tmp_path / "cache")
    for cache in (False, True, True):
        got = lint_paths([str(tmp_path / "a.md")], registry=registry, run=run, cache=cache,
                         select=["XX"])
        assert [(d.code, d.message) for d in got.diagnostics] == [
            ("XX101", "a.md, b.md, c.md"), ("XX102", "a.md")]


def test_cache_prunes_entries_no_run_used(tmp_path: Path) -> None:
    import os
    import time

    cache = NoteCache(tmp_path / "c")
    cache.put("a" * 64, "note", 1)
    cache.put("b" * 64, "note", 2)
    old = time.time() - 30 * 86400
    for key in ("a" * 64, "b" * 64):
        os.utime(cache._path(key, "note"), (old, old))
    assert cache.get("a" * 64, "note") == 1
    cache.close()
    assert cache.get("a" * 64, "note") == 1         # used by the run: kept
    assert cache.get("b" * 64, "note") is None      # unused for 30 days: pruned


class _Crashes(Rule):
    code = "XX201"
    name = "crashes"
    summary = "Demonstration: a rule that raises on notes that mention BOOM"

    def check_document(self, ctx) -> None:  # type: ignore[no-untyped-def]
        if "BOOM" in ctx.document.text:
            raise ValueError("unexpected \x1b[31mtoken")
        ctx.report((0, 1), "checked")


class _CrashesAcross(_SeesAll):
    code = "XX202"
    name = "crashes-across"

    def check_workspace(self, ws) -> None:  # type: ignore[no-untyped-def]
        raise KeyError("lost")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_crashing_rule_costs_only_its_own_findings(tmp_path: Path, small_pool: None,
                                                     jobs: int) -> None:
    from notelint.rules.core import RULES as CORE

    (tmp_path / "a.md").write_text("# A\n\nBOOM[^1]\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\n\nfine\n", encoding="utf-8")
    registry = Registry([*CORE, _Crashes, _CrashesAcross])
    run = RunOptions(offline=True, cache_dir=tmp_path / "cache")
    for _ in range(2):   # the second run must not take the failed note from the cache
        got = lint_paths([str(tmp_path / "a.md"), str(tmp_path / "b.md")], registry=registry,
                         run=run, cache=True, jobs=jobs)
        found = [(Path(d.path).name, d.code, d.line, d.column, d.message[:58])
                 for d in got.diagnostics]
        assert found == [
            ("a.md", "NL008", 1, 1, "Rule XX201 (crashes) failed on this note (ValueError: unex"),
            ("a.md", "NL008", 1, 1, "Rule XX202 (crashes-across) failed across the 2 notes of t"),
            ("b.md", "XX201", 1, 1, "checked"),
        ]


def test_note_text_is_held_compactly_and_given_back_exactly() -> None:
    from notelint.config import Config
    from notelint.runner import Source

    def note(text: str | None) -> engine_module.Note:
        return engine_module.Note(Source(Path("n.md"), "n.md"), Config(root=Path(".")), True, text)

    korean = "# 학습 노트\n\nThe `fit()` call of the model, 수식 $x^2$ and a link.\n" * 20
    held = note(korean)
    assert held.text == korean and held.readable
    assert isinstance(held._held, bytes)
    assert sys.getsizeof(held._held) < sys.getsizeof(korean) * 0.7
    assert held.encoded() == korean.encode("utf-8")
    assert note("plain ascii\n")._held == "plain ascii\n"            # already one byte a character
    latin = "café au lait " * 50
    assert note(latin)._held == latin                               # one byte a character too
    lone = "a\udc80b 한"                                              # a caller's text, kept as given
    assert note(lone).text == lone
    assert note(None).text is None and not note(None).readable
    assert note(korean) == held


def test_documents_are_made_when_asked(corpus: Path) -> None:
    result = lint_paths([str(corpus)], run=RunOptions(offline=True), cache=False,
                        select=["NL", "FN"])
    shown = [s.display for s in result.sources]
    assert sorted(result.documents) == sorted(shown) and len(result.documents) == len(shown)
    for display in shown:
        path = next(s.path for s in result.sources if s.display == display)
        doc = result.documents[display]
        assert doc.text == path.read_text(encoding="utf-8").replace("\r\n", "\n")
        assert result.documents.get(display) is doc                 # the last one is kept
        assert doc.line_starts[1] == doc.text.index("\n") + 1
    assert result.documents.get("missing.md") is None
    assert "missing.md" not in result.documents
    copied = dict(result.documents)
    assert all(type(v).__name__ == "Document" for v in copied.values())
    assert [k for k, _ in result.documents.items()] == list(result.documents)
    # A later relint (as --fix runs) changes the notes, not what this result showed.
    assert result.engine is not None and len(shown) > 1
    before = result.documents[shown[0]].text
    again = result.engine.relint(result, {shown[0]: before + "\nOne more line.\n"})
    assert again.documents[shown[0]].text == before + "\nOne more line.\n"
    assert result.documents[shown[1]].text != before
    assert result.documents[shown[0]].text == before


def test_a_worker_result_is_kept_pickled_and_reads_the_same(tmp_path: Path, corpus: Path) -> None:
    """Results from worker processes keep their findings and summaries pickled; read back,
    and through the cache, they are the same as the objects."""
    import pickle

    from notelint.engine import Engine, Note, _Packed, _packed
    from notelint.runner import Source

    engine = Engine(run=RunOptions(offline=True))
    path = corpus / "til.md"
    note = Note(Source(path, "til.md"), engine.resolver.for_path(path), True,
                path.read_text(encoding="utf-8"))
    plain = engine._parse_and_check(note)
    assert plain.diagnostics and {"spelling", "links"} <= set(plain.summaries)
    packed = pickle.loads(pickle.dumps(_packed(plain)))  # as it comes back from a worker
    assert isinstance(packed.summaries, _Packed)
    assert all(isinstance(v, bytes) for v in dict.values(packed.summaries))
    assert packed.diagnostics == plain.diagnostics
    assert dict(packed.summaries.items()) == plain.summaries
    assert packed.summaries.get("links") == plain.summaries["links"]
    assert packed.summaries.get("nothing", 7) == 7 and "nothing" not in packed.summaries
    # Stored as sent (not unpickled to be pickled again), and served the same.
    engine.cache = NoteCache(tmp_path / "c")
    engine._prepare(note, note.text)  # a miss: gives the note its key
    assert note.result is None and note.key
    note.result = packed
    engine._store(note)
    note.result = None
    engine._prepare(note, note.text)
    assert note.result is not None and note.result.diagnostics == plain.diagnostics
    for family, summary in plain.summaries.items():
        assert note.result.summaries.get(family) == summary
