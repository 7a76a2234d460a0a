"""Fixes: chosen without overlap, verified, written atomically with newline style kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelint.api import lint_text
from notelint.config import Config
from notelint.diagnostics import Diagnostic, Edit, Fix, Position, Severity, Span
from notelint.document import Document
from notelint.fixes import (
    FixError,
    apply_edits,
    choose_edits,
    fix_document,
    serialise,
    verify,
    write_fixed,
)
from notelint.registry import Registry


def diag(start: int, end: int, repl: str, safe: bool = True) -> Diagnostic:
    pos = Position(1, 1)
    return Diagnostic("XX001", "x", Severity.ERROR, "p", Span(pos, pos, start, end), "m",
                      fix=Fix("f", (Edit(start, end, repl),), safe=safe))


def test_overlapping_and_unsafe_fixes_are_held_back() -> None:
    edits = choose_edits([diag(0, 4, "a"), diag(2, 6, "b"), diag(8, 9, "c"),
                          diag(10, 11, "d", safe=False)])
    assert edits == [Edit(0, 4, "a"), Edit(8, 9, "c")]
    assert choose_edits([diag(10, 11, "d", safe=False)], unsafe=True) == [Edit(10, 11, "d")]


def test_apply_edits_rejects_out_of_range() -> None:
    assert apply_edits("hello world", [Edit(0, 5, "HELLO"), Edit(6, 11, "there")]) == "HELLO there"
    with pytest.raises(FixError):
        apply_edits("abc", [Edit(2, 9, "x")])


def test_verify_refuses_a_fix_that_changes_other_blocks() -> None:
    doc = Document.from_text("para\n\n# Title\n\nmore\n")
    # Turning the first line into an unclosed fence would swallow everything after it.
    with pytest.raises(FixError):
        verify(doc, "```\n\n# Title\n\nmore\n", [Edit(0, 4, "```")])
    verify(doc, "PARA\n\n# Title\n\nmore\n", [Edit(0, 4, "PARA")])


@pytest.mark.parametrize(("raw", "new", "expected"), [
    ("a\r\nb\r\n", "A\nb\n", "A\r\nb\r\n"),
    ("a\r\nb\nc", "A\nb\nc", "A\r\nb\nc"),            # per-line endings kept
    ("a\r\nb\r\n", "a\nx\nb\n", "a\r\nx\r\nb\r\n"),   # line added: dominant style
    ("\ufeffa\n", "A\n", "\ufeffA\n"),
])
def test_serialise_keeps_newlines_and_bom(raw: str, new: str, expected: str) -> None:
    bom = raw.startswith("\ufeff")
    nl = "\r\n" if "\r\n" in raw else "\n"
    assert serialise(raw, new, nl, bom) == expected


def test_fix_rewrites_the_file_in_place(tmp_path: Path, demo_registry: Registry) -> None:
    note = tmp_path / "n.md"
    note.write_bytes("\ufeff# 제목\r\n\r\nTODO 한국어 TODO\r\n".encode())
    note.chmod(0o640)
    cfg = Config(root=tmp_path)
    doc = Document.from_text(note.read_text(encoding="utf-8"), str(note))

    def lint(d: Document) -> list[Diagnostic]:
        return lint_text(d.text, path=d.path, select=["XX001"], config=cfg,
                         registry=demo_registry)

    outcome = fix_document(doc, lint)
    assert (outcome.applied, outcome.error, outcome.remaining) == (2, None, [])
    write_fixed(note, doc, outcome.text)
    assert note.read_bytes() == "\ufeff# 제목\r\n\r\nDONE 한국어 DONE\r\n".encode()
    assert note.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["n.md"]  # no temporary file left


def test_write_refuses_when_the_file_changed(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text("TODO\n")
    doc = Document.from_text("TODO\n", str(note))
    note.write_text("edited meanwhile\n")
    with pytest.raises(FixError, match="changed while it was being checked"):
        write_fixed(note, doc, "DONE\n")
    assert note.read_text() == "edited meanwhile\n"
