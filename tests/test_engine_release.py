"""What a run leaves behind is freed by reference counting, not by the cyclic collector.

A command-line run keeps the cyclic garbage collector off (the engine pauses
it while linting), so whatever a run leaves in reference cycles is collected
at the interpreter's exit, object by object: tens of milliseconds after a
pre-commit run of one note in a project of a thousand.  These tests drop a
run's result with the collector off and look for survivors.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from notelint.api import lint_paths
from notelint.config import Config
from notelint.diagnostics import Diagnostic
from notelint.duplicates.analysis import Analysis
from notelint.engine import Note, _Unread
from notelint.rule import RunOptions
from notelint.workspace import WorkspaceContext

NOTE = "# 노트\n\n## 2021-05-{day:02d}\n\n{body}\n"
SHARED = ("A paragraph of words copied into many notes of this project so that the "
          "duplicate rules find it in every one of them and report each copy")


@pytest.fixture()
def collector_off() -> Iterator[None]:
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _project(root: Path, n: int) -> list[str]:
    (root / ".notelint.toml").write_text('[duplicates]\nscope = "project"\n', encoding="utf-8")
    names = []
    for i in range(n):
        name = f"n{i:02d}.md"
        body = SHARED if i % 2 == 0 else f"Note {i} has a paragraph of its own, unlike others."
        (root / name).write_text(NOTE.format(day=i % 28 + 1, body=body), encoding="utf-8")
        names.append(name)
    return names


def _alive(kind: type) -> int:
    return sum(1 for o in gc.get_objects() if type(o) is kind)


def test_a_pre_commit_run_leaves_no_cycles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           collector_off: None) -> None:
    from notelint import cache as cache_module

    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # every note counts as settled
    names = _project(tmp_path, 12)
    monkeypatch.chdir(tmp_path)
    run = RunOptions(offline=True, cache_dir=tmp_path / ".cache")
    lint_paths(["."], run=run, cache=True, select=["DU"])  # the last full run
    (tmp_path / "n00.md").write_text(NOTE.format(day=1, body=SHARED + " edited"),
                                     encoding="utf-8")
    before = _alive(Analysis)
    result = lint_paths(["n00.md"], run=run, cache=True, select=["DU"])
    assert {d.code for d in result.diagnostics} == {"DU002"}  # the edited copy
    served = [n for n in result.notes if isinstance(n.result, _Unread)]
    assert len(served) == len(names) - 1  # the others were served unread from the cache
    refs = [weakref.ref(n) for n in result.notes]
    del result, served
    # with the collector off, only reference counting frees: nothing may be left in a cycle
    assert [r for r in refs if r() is not None] == []
    assert _alive(Analysis) == before


def test_an_unread_result_refers_to_its_note_weakly(tmp_path: Path,
                                                    collector_off: None) -> None:
    from notelint.engine import Engine
    from notelint.runner import Source

    cache_module = pytest.importorskip("notelint.cache")
    engine = Engine(cache=cache_module.NoteCache(tmp_path / "c"))
    note = Note(Source(tmp_path / "n.md", "n.md"), Config(root=tmp_path), False, key="k" * 64)
    note.result = _Unread(engine, note)
    ref = weakref.ref(note)
    del note
    assert ref() is None


def test_release_drops_shared_analyses_and_keeps_findings() -> None:
    class Built:
        def __init__(self, ws: WorkspaceContext) -> None:
            self.ws = ws  # a cycle through the context, as an analysis reading summaries has

    ws = WorkspaceContext([], None, RunOptions())
    built = ws.shared("family", lambda: Built(ws))
    assert ws.shared("family", lambda: None) is built
    ws.project = object()  # type: ignore[assignment]
    ws.diagnostics.append(Diagnostic.__new__(Diagnostic))
    ref = weakref.ref(built)
    del built
    ws.release()
    assert ref() is None and ws.project is None and len(ws.diagnostics) == 1
    assert ws.shared("family", lambda: "again") == "again"  # built anew if asked again
