"""The cache's packs, compact pickles and atomic writes (notelint.cache, notelint.safeio)."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
from pathlib import Path

import pytest

from notelint import cache as cache_module
from notelint import engine as engine_module
from notelint.api import lint_paths
from notelint.cache import NoteCache, compact_pickle, dumps
from notelint.diagnostics import Diagnostic, Edit, Fix, Position, Related, Severity, Span
from notelint.rule import RunOptions
from notelint.safeio import write_atomic

SELECT = ["NL", "FN", "DT", "MA", "LK"]


def _keys(result) -> list[tuple[str, str, int, int, str]]:  # type: ignore[no-untyped-def]
    return [(d.path, d.code, d.line, d.column, d.message) for d in result.diagnostics]


@pytest.fixture()
def notes(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real notes, and packs for runs of two notes or more."""
    monkeypatch.setattr(engine_module, "PACK_MIN_NOTES", 2)
    out = tmp_path / "notes"
    shutil.copytree(corpus, out)
    return out


def _packs(cache_dir: Path) -> list[Path]:
    folder = cache_dir / "notes-v1" / "packs"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_a_rerun_reads_the_findings_from_one_pack(notes: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    run = RunOptions(offline=True, cache_dir=tmp_path / "c")
    expected = _keys(lint_paths([str(notes)], run=run, cache=False, select=SELECT))
    assert expected
    first = lint_paths([str(notes)], run=run, cache=True, select=SELECT)
    assert _keys(first) == expected
    packs = _packs(tmp_path / "c")
    assert len(packs) == 1
    shown = len(first.sources)
    assert shown >= 3
    # Each entry of the pack is a copy of the first part of a note's own file.
    entries = cache_module._unframe(packs[0].read_bytes())
    assert len(entries) == shown
    reads: list[str] = []
    real = NoteCache._part

    def part(self, key, kind, index):  # type: ignore[no-untyped-def]
        reads.append(kind)
        return real(self, key, kind, index)

    monkeypatch.setattr(NoteCache, "_part", part)
    before = packs[0].stat().st_mtime_ns
    second = lint_paths([str(notes)], run=run, cache=True, select=SELECT)
    assert _keys(second) == expected
    assert second.engine is not None and second.engine.cache is not None
    assert second.engine.cache.hits == shown + 1   # and the cross-note findings of the group
    assert "note" not in reads                      # no note's own file was read
    assert packs[0].stat().st_mtime_ns == before    # nothing new: not written again
    # One note changes: its findings are made again, and the pack is written again.
    til = notes / "til.md"
    til.write_text(til.read_text(encoding="utf-8") + "\nNew line[^99].\n", encoding="utf-8")
    third = lint_paths([str(notes)], run=run, cache=True, select=SELECT)
    assert third.engine is not None and third.engine.cache is not None
    assert third.engine.cache.hits == shown - 1
    assert _keys(third) == _keys(lint_paths([str(notes)], run=run, cache=False, select=SELECT))
    assert len(cache_module._unframe(packs[0].read_bytes())) == shown
    assert third.engine.cache._pack_name is None     # closed with the run


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "foreign"])
def test_a_damaged_pack_is_not_trusted_and_is_rebuilt(notes: Path, tmp_path: Path,
                                                      damage: str) -> None:
    run = RunOptions(offline=True, cache_dir=tmp_path / "c")
    expected = _keys(lint_paths([str(notes)], run=run, cache=False, select=SELECT))
    lint_paths([str(notes)], run=run, cache=True, select=SELECT)
    (pack,) = _packs(tmp_path / "c")
    data = pack.read_bytes()
    entries = cache_module._unframe(data)
    if damage == "flip":       # one byte of the last body changed: its signature fails
        pack.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "truncate":  # the last entry cut short: the others still serve
        pack.write_bytes(data[:-5])
    elif damage == "garbage":
        pack.write_bytes(b"\x00" * 5000)
    else:                       # valid framing, bodies signed by another key
        key, (tag, body) = next(iter(entries.items()))
        forged = pickle.dumps(([], [], [0], 0, {}))
        pack.write_bytes(cache_module._frame({key: (tag, forged)}))
    again = lint_paths([str(notes)], run=run, cache=True, select=SELECT)
    assert _keys(again) == expected
    assert again.engine is not None and again.engine.cache is not None
    assert again.engine.cache.hits == len(again.sources) + 1  # the notes' own files, the group
    # Written again whole: the next run is served by the pack alone.
    assert cache_module._unframe(pack.read_bytes()).keys() == entries.keys()
    third = lint_paths([str(notes)], run=run, cache=True, select=SELECT)
    assert _keys(third) == expected
    assert third.engine is not None and third.engine.cache is not None
    assert third.engine.cache.rejected == 0


def test_unframe_stops_at_the_first_malformed_entry() -> None:
    heads = {"a" * 64: (b"t" * 32, b"body one"), "b" * 64: (b"u" * 32, b"body two")}
    data = cache_module._frame(heads)
    assert cache_module._unframe(data) == heads
    assert cache_module._unframe(data[:-1]) == {"a" * 64: heads["a" * 64]}
    assert cache_module._unframe(b"") == {}
    bad_key = b"-" * 64 + data[64:]
    assert cache_module._unframe(bad_key) == {}


def test_pack_entries_are_checked_like_the_notes_files(tmp_path: Path) -> None:
    cache = NoteCache(tmp_path / "c")
    cache._key = b"k" * 32
    cache.use_pack("p" * 64)
    cache.put("a" * 64, "note", ("found", 1), [])
    cache.close()
    assert len(_packs(tmp_path / "c")) == 1
    other = NoteCache(tmp_path / "c")
    other._key = b"x" * 32                 # another user's key: nothing is served
    other.use_pack("p" * 64)
    assert other.get("a" * 64, "note") is None and other.rejected == 2  # pack, then file
    same = NoteCache(tmp_path / "c")
    same._key = b"k" * 32
    same.use_pack("p" * 64)
    assert same.get("a" * 64, "note") == ("found", 1) and same.hits == 1


def test_compact_pickles_load_as_the_same_objects() -> None:
    span = Span(Position(3, 4), Position(3, 9), 40, 45)
    found = [Diagnostic("DU001", "duplicate-entry", Severity.WARNING, "a/b.md", span,
                        "Entry is a copy", Fix("Remove it", (Edit(40, 45, ""),), safe=False),
                        (Related("c.md", 7, 1, "the other copy"), Related(None, 1, 1, "here")))]
    blob = dumps(found)
    assert pickle.loads(blob) == found
    assert len(blob) < len(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
    assert b"_dataclass_setstate" not in blob and b"Diagnostic" in blob


def test_compact_pickle_refuses_what_a_call_would_not_rebuild() -> None:
    @dataclasses.dataclass
    class Later:
        a: int
        b: int = dataclasses.field(init=False, default=0)

    @dataclasses.dataclass
    class Posted:
        a: int

        def __post_init__(self) -> None:
            self.a += 1

    for cls in (Later, Posted, int):
        with pytest.raises(TypeError):
            compact_pickle(cls)


def test_write_atomic_replaces_whole_or_not_at_all(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "sub" / "file"
    write_atomic(target, b"first")
    assert target.read_bytes() == b"first"
    write_atomic(target, "새 text\n", mode=0o644, sync=True)
    assert target.read_bytes() == "새 text\n".encode()
    assert target.stat().st_mode & 0o777 == 0o644

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, b"lost")
    assert target.read_bytes() == "새 text\n".encode()
    assert sorted(p.name for p in target.parent.iterdir()) == ["file"]   # no temporary left


def test_read_note_data_gives_the_text_and_its_bytes(tmp_path: Path) -> None:
    from notelint.runner import Source, decode_note, read_note, read_note_bytes, read_note_data

    path = tmp_path / "n.md"
    path.write_bytes("\ufeff# 노트\r\nline\n".encode())
    source = Source(path, "n.md")
    text, data = read_note_data(source, 1000)  # type: ignore[misc]
    assert data == path.read_bytes() and text == data.decode("utf-8")
    assert read_note(source, 1000) == text
    assert read_note_bytes(source, 1000) == data and decode_note(source, data) == (text, data)
    too_large = read_note_bytes(source, 3)
    assert isinstance(too_large, Diagnostic) and too_large.code == "NL004"
    for bad, code, where in ((b"ab\n\xffc", "NL002", (2, 1)), (b"a\x00b", "NL003", (1, 1))):
        path.write_bytes(bad)
        assert read_note_bytes(source, 1000) == bad     # read; not yet checked to be text
        found = read_note_data(source, 1000)
        assert isinstance(found, Diagnostic)
        assert (found.code, found.line, found.column) == (code, *where)
        assert decode_note(source, bad) == found


def test_an_unchanged_note_is_not_decoded_until_its_text_is_asked_for(
        notes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "RACY_NS", 0)   # every file counts as settled at once
    run = RunOptions(offline=True, cache_dir=tmp_path / "c")
    expected = _keys(lint_paths([str(notes)], run=run, cache=False, select=SELECT))
    assert _keys(lint_paths([str(notes)], run=run, cache=True, select=SELECT)) == expected
    decoded: list[str] = []
    real = engine_module.decode_note

    def decode_note(source, data):  # type: ignore[no-untyped-def]
        decoded.append(source.display)
        return real(source, data)

    monkeypatch.setattr(engine_module, "decode_note", decode_note)
    again = lint_paths([str(notes)], run=run, cache=True, select=SELECT)
    assert _keys(again) == expected and decoded == []
    assert all(isinstance(n._held, bytes) for n in again.notes)
    for source in again.sources:                     # the text is there when asked for
        assert again.documents[source.display].text == source.path.read_text(
            encoding="utf-8").replace("\r\n", "\n")
    til = notes / "til.md"
    til.write_text(til.read_text(encoding="utf-8") + "\nNew line[^99].\n", encoding="utf-8")
    third = lint_paths([str(notes)], run=run, cache=True, select=SELECT)
    assert decoded == [next(s.display for s in third.sources if s.path == til)]


def test_realpath_of_notes_is_the_real_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    from notelint.links.analysis import _realpath

    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "sub" / "a.md").write_text("a", encoding="utf-8")
    (tmp_path / "real" / "b.md").write_text("b", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "c.md").symlink_to(tmp_path / "real" / "sub" / "a.md")
    monkeypatch.chdir(tmp_path)
    folders: dict[str, str] = {}
    for path in ["link/sub/a.md", "link/b.md", "link/c.md", "link/sub/../b.md",
                 str(tmp_path / "link" / "b.md"), "real/b.md", "link/missing.md", "link/sub/.."]:
        assert _realpath(path, folders) == os.path.realpath(path), path
    assert folders["link/sub"] == str(tmp_path / "real" / "sub")


def test_link_summaries_pickle_compactly(corpus: Path) -> None:
    from notelint.engine import Engine, Note
    from notelint.runner import Source

    engine = Engine(run=RunOptions(offline=True))
    path = corpus / "til.md"
    note = Note(Source(path, "til.md"), engine.resolver.for_path(path), True,
                path.read_text(encoding="utf-8"))
    prepared = engine._parse_and_check(note).summaries["links"]
    assert prepared.local or prepared.remote or prepared.static
    blob = dumps(prepared)
    assert pickle.loads(blob) == prepared
    # Named tuples: each value pickles as its class and its values, without field names.
    assert type(prepared).__bases__ == (tuple,) and type(prepared.anchors).__bases__ == (tuple,)
    for name in (b"static", b"remote", b"anchors", b"__dict__", b"_dataclass_setstate"):
        assert name not in blob


def test_equal_related_places_are_stored_once() -> None:
    def finding(line: int) -> Diagnostic:
        span = Span(Position(line, 1), Position(line, 5), line * 10, line * 10 + 4)
        others = (Related("a.md", 3, 1, "the other copy"), Related("b.md", 9, 1, "a near copy"))
        return Diagnostic("DU001", "duplicate-entry", Severity.WARNING, "c.md", span, "copy",
                          None, others)

    found = [finding(1), finding(1), finding(2)]
    assert found[0].related[0] is not found[1].related[0]
    blob = dumps(found)
    loaded = pickle.loads(blob)
    assert loaded == found
    assert loaded[0].related[0] is loaded[1].related[0] is loaded[2].related[0]
    assert loaded[0].span is loaded[1].span and loaded[0] is not loaded[1]
    assert len(blob) < len(dumps(found[:1])) * 2
