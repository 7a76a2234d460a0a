"""The project walk of a pre-commit run, and the plain classes of the engine's records.

The walk (:func:`notelint.runner.discover_with_config`) works out the resolved
path of a subfolder from its parent's and matches ``.gitignore`` patterns on
path strings made once per folder; these tests hold it to git's own answer
(``git ls-files --others --exclude-standard``) on a tree with nested ignore
files, negations, folder-only and anchored patterns and symbolic links, and
to the same notes and displays whatever the folder is named as.
"""

from __future__ import annotations

import os
import pickle
import subprocess
from pathlib import Path

import pytest

from notelint.config import ConfigResolver
from notelint.engine import Engine, LintResult, Note
from notelint.registry import default_registry
from notelint.runner import Source, discover_with_config
from notelint.workspace import NoteSummary

NOTE = "# 노트\n\n문장.\n"


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def tree(root: Path) -> None:
    """A repository whose ignore files exercise every branch of the walk."""
    for name in ("a.md", "b.markdown", "notes.txt", "build/x.md", "keep/build/y.md",
                 "docs/a.md", "docs/draft-1.md", "docs/sub/c.md", "docs/sub/d.md",
                 "docs/sub/deep/e.md", "docs/sub/deep/f.md", "logs/z.md", "logs/keep.md",
                 "only-root.md", "docs/only-root.md", "UPPER.MD", ".hidden/h.md"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(NOTE, encoding="utf-8")
    (root / ".gitignore").write_text(
        "/build/\n/only-root.md\nlogs/*\n!logs/keep.md\n*.tmp\n", encoding="utf-8")
    (root / "docs" / ".gitignore").write_text("draft-*.md\nsub/d.md\n", encoding="utf-8")
    # a deeper file overrides a shallower one, as in git
    (root / "docs" / "sub" / ".gitignore").write_text("deep/\n", encoding="utf-8")
    (root / "docs" / "sub" / "deep" / ".gitignore").write_text("!f.md\n", encoding="utf-8")
    git(root, "init", "-q")
    (root / ".git" / "info").mkdir(exist_ok=True)
    (root / ".git" / "info" / "exclude").write_text("UPPER.MD\n", encoding="utf-8")


def walked(root: Path, given: str = ".") -> list[str]:
    resolver = ConfigResolver(default_registry())
    return [s.display for s, _ in discover_with_config([given], resolver.for_path)]


def test_walk_ignores_what_git_ignores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    untracked = git(tmp_path, "ls-files", "--others", "--exclude-standard").splitlines()
    expected = sorted(p for p in untracked if p.lower().endswith((".md", ".markdown"))
                      and not p.startswith("."))
    assert walked(tmp_path) == expected
    # pinned, so that a change in git's answer cannot hide a change in the walk's
    assert expected == ["a.md", "b.markdown", "docs/a.md", "docs/only-root.md", "docs/sub/c.md",
                        "keep/build/y.md", "logs/keep.md"]


def test_walk_names_notes_as_the_folder_was_given(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path)
    monkeypatch.chdir(tmp_path / "docs")
    assert walked(tmp_path, ".") == ["a.md", "only-root.md", "sub/c.md"]
    assert walked(tmp_path, "./") == ["a.md", "only-root.md", "sub/c.md"]
    assert walked(tmp_path, "sub") == ["sub/c.md"]
    monkeypatch.chdir(tmp_path)
    assert walked(tmp_path, "docs/") == ["docs/a.md", "docs/only-root.md", "docs/sub/c.md"]
    assert walked(tmp_path, str(tmp_path / "docs")) == [
        f"{tmp_path}/docs/a.md", f"{tmp_path}/docs/only-root.md", f"{tmp_path}/docs/sub/c.md"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_walk_through_links_resolves_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    tree(tmp_path)
    # a note reached twice (through a linked folder or file) is yielded once, under the
    # name met first; a folder linked from outside is walked under its link's name, its
    # own ignore file applying to what is in it
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    (outside / "sub").mkdir(parents=True)
    for name in ("o.md", "sub/p.md", "skip.md"):
        (outside / name).write_text(NOTE, encoding="utf-8")
    (outside / ".gitignore").write_text("skip.md\n", encoding="utf-8")
    os.symlink(tmp_path / "docs", tmp_path / "linked", target_is_directory=True)
    os.symlink(tmp_path / "a.md", tmp_path / "z-alias.md")
    os.symlink(outside, tmp_path / "ext", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    assert walked(tmp_path) == ["a.md", "b.markdown", "docs/a.md", "docs/only-root.md",
                                "docs/sub/c.md", "ext/o.md", "ext/sub/p.md", "keep/build/y.md",
                                "logs/keep.md"]
    resolver = ConfigResolver(default_registry())
    sources = [s for s, _ in discover_with_config(["."], resolver.for_path)]
    assert all(s.root == Path(".") for s in sources)


def test_where_folder_links_go_unreported_every_folder_is_resolved(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows (junctions are not reported as links) each folder the walk enters is
    resolved, as every folder was before; elsewhere a subfolder's resolved path is its
    parent's and its name.  The notes found are the same."""
    from notelint import runner

    tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    real = runner._walk
    given: list[tuple[str, Path | None]] = []

    def walk(folder, top, shown, specs, config_for, seen, rfolder=None):  # type: ignore[no-untyped-def]
        given.append((folder.as_posix(), rfolder))
        return real(folder, top, shown, specs, config_for, seen, rfolder)

    monkeypatch.setattr(runner, "_walk", walk)
    found = {}
    for flag in (False, True):
        monkeypatch.setattr(runner, "_RESOLVE_EACH_FOLDER", flag)
        given.clear()
        found[flag] = walked(tmp_path)
        subfolders = [(f, r) for f, r in given if f != "."]
        # `build/` and `docs/sub/deep/` are ignored: never entered
        assert sorted(f for f, _ in subfolders) == ["docs", "docs/sub", "keep", "keep/build",
                                                     "logs"]
        if flag:
            assert all(r is None for _, r in subfolders)
        else:
            assert all(r == (tmp_path / f).resolve() for f, r in subfolders)
    assert found[False] == found[True] == walked(tmp_path)


def test_project_walk_of_a_pre_commit_run_keeps_absolute_paths(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path)
    (tmp_path / ".notelint.toml").write_text('[duplicates]\nscope = "project"\n',
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    engine = Engine()
    here = Path("docs/a.md")
    checked = [Note(Source(here, "docs/a.md"), engine.resolver.for_path(here), True)]
    others = engine._project_notes(checked)
    # walked from the project's folder as `notelint check .` there names them
    assert [n.source.display for n in others] == [
        "a.md", "b.markdown", "docs/only-root.md", "docs/sub/c.md", "keep/build/y.md",
        "logs/keep.md"]
    assert [n.absolute for n in others] == [
        os.path.abspath(n.source.path) for n in others]
    assert not any(n.checked for n in others)


def test_source_is_an_immutable_value() -> None:
    a = Source(Path("n.md"), "n.md")
    b = Source(Path("n.md"), "n.md", None)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != Source(Path("n.md"), "./n.md") and a != ("n.md", "n.md", None)
    assert pickle.loads(pickle.dumps(a)) == a
    assert repr(a) == "Source(path=PosixPath('n.md'), display='n.md', root=None)" or os.name == "nt"
    with pytest.raises(AttributeError):
        a.display = "m.md"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del a.path  # type: ignore[misc]


def test_note_holds_its_text_compactly() -> None:
    source = Source(Path("n.md"), "n.md")
    mixed = "a" * 1000 + "가"  # two bytes a character as a str, about one as UTF-8
    note = Note(source, None, True, mixed)  # type: ignore[arg-type]
    assert isinstance(note._held, bytes) and note.text == mixed and note.readable
    assert note.encoded() == mixed.encode()
    note.text = "ascii"
    assert note._held == "ascii"
    empty = Note(source, None, False)  # type: ignore[arg-type]
    assert not empty.readable and empty.text is None and empty.key == ""
    assert empty.result is None and empty.failure is None and empty.absolute is None
    with pytest.raises(AttributeError):
        empty.other = 1  # type: ignore[attr-defined]


def test_summary_and_result_compare_by_value() -> None:
    a = NoteSummary("n.md", Path("n.md"), True, {}, (0,))
    b = NoteSummary("n.md", Path("n.md"), True, {}, (0,), frozenset(), {}, 0)
    assert a == b and a.severities == {} and a.severities is not b.severities
    assert a != NoteSummary("n.md", Path("n.md"), False, {}, (0,))
    assert LintResult().files_checked == 0 and LintResult() == LintResult(suppressed=0)
    assert LintResult(suppressed=1) != LintResult()
