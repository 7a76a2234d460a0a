"""Helpers shared by the dated-entry rules (DT)."""

from __future__ import annotations

from notelint.diagnostics import Related
from notelint.document import Document
from notelint.entries import DateMark, Entry


def date_of(entry: Entry) -> DateMark:
    """The date label of a dated entry.

    Raises:
        ValueError: ``entry`` has no date label.
    """
    if entry.date is None:
        raise ValueError(f"the section on line {entry.line} has no date")
    return entry.date


def date_line(doc: Document, entry: Entry) -> int:
    """1-based line of ``entry``'s date label."""
    return doc.position(date_of(entry).start_offset).line


def related_date(doc: Document, entry: Entry, message: str) -> Related:
    """A :class:`Related` pointing at ``entry``'s date label."""
    pos = doc.position(date_of(entry).start_offset)
    return Related(None, pos.line, pos.column, message)
