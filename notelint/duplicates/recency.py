"""Which of two copies of an entry looks newer, when the notes' structure tells.

Copies usually keep their date, so the date alone rarely decides.  What the
structure of a log can tell, in this order:

1. **Different dates.**  The copy with the later (valid) date is newer.
2. **An entry put in later.**  In a note kept in date order (the direction
   most sibling entries follow, as DT001 infers it), a copy that comes after
   an entry dated later than itself (oldest-first log), or before one
   (newest-first log), was put there after that entry was written; if only
   one copy is placed like that, it is the newer one.
3. **The log that goes on.**  When both notes are logs kept in date order,
   the copies share their date, and one note's latest entry is later than
   the other's, that note is still being written: its copy is the one kept
   up to date (entries are copied into the new log, and the old one stops).

Otherwise nothing is said.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from typing import TYPE_CHECKING, NamedTuple

from notelint.document import Document
from notelint.entries import Entry, segment

if TYPE_CHECKING:
    from notelint.duplicates.collect import EntryRecord


class LogShape(NamedTuple):
    """What the order of a note's dated entries says.

    Attributes:
        direction: ``1`` oldest first, ``-1`` newest first, ``0`` no clear order.
        last: the latest valid date in the note, or ``None``.
        last_raw: that date as written (``"2023.08.12"``).
        written_after: heading offset of each dated entry that comes after (in
            writing order) an entry with a later date -> that later date as written.
    """

    direction: int
    last: _dt.date | None
    last_raw: str
    written_after: dict[int, str]


def infer_direction(groups: list[list[Entry]]) -> int:
    """``1`` if more adjacent sibling entries ascend than descend, ``-1`` for the reverse,
    ``0`` on a tie (as DT001 infers it; equal and overlapping dates count for neither).
    """
    balance = 0
    for group in groups:
        for a, b in itertools.pairwise(group):
            assert a.date is not None and b.date is not None
            a0, a1, b0, b1 = a.date.start, a.date.end, b.date.start, b.date.end
            assert a0 is not None and a1 is not None and b0 is not None and b1 is not None
            balance += (a1 < b0) - (a0 > b1)
    return (balance > 0) - (balance < 0)


def log_shape(doc: Document) -> LogShape:
    """The :class:`LogShape` of ``doc`` (needs its token tree)."""
    index = doc.memo(segment)
    groups = [[e for e in g if e.date is not None and e.date.valid] for g in index.groups]
    groups = [g for g in groups if len(g) >= 2]
    direction = infer_direction(groups)
    ends = [(e.date.end, e.date.raw) for e in index.dated
            if e.date is not None and e.date.end is not None]
    late: dict[int, str] = {}
    if direction:
        for group in groups:
            ordered = group if direction > 0 else group[::-1]
            latest: tuple[_dt.date, str] | None = None
            for e in ordered:
                assert e.date is not None and e.date.end is not None
                if latest is not None and e.date.end < latest[0]:
                    late[e.heading.start_offset] = latest[1]
                if latest is None or e.date.end > latest[0]:
                    latest = (e.date.end, e.date.raw)
    last = max(ends, key=lambda x: x[0]) if ends else None
    return LogShape(direction, last[0] if last else None, last[1] if last else "", late)


class Newer(NamedTuple):
    """The verdict: ``here`` is True when the first copy looks newer; ``reason`` says why."""

    here: bool
    reason: str


class Copy(NamedTuple):
    """What :func:`newer` reads of one copy and of the note it is in (small, picklable).

    Attributes:
        start: the first day of the copy's date label as a proleptic ordinal, or
            ``None`` (no date label, or a date that does not exist).
        raw: the date label as written (``""`` without one).
        late: ``shape.written_after`` of the copy: the later date it was put after, or ``None``.
        direction: the note's :attr:`LogShape.direction`.
        last: the note's :attr:`LogShape.last` as an ordinal, or ``None``.
        last_raw: the note's :attr:`LogShape.last_raw`.
    """

    start: int | None
    raw: str
    late: str | None
    direction: int
    last: int | None
    last_raw: str


def copy_of(record: EntryRecord, shape: LogShape) -> Copy:
    """The :class:`Copy` of an entry of a note of shape ``shape``."""
    date = record.date
    start = date.start.toordinal() if date is not None and date.start is not None else None
    return Copy(start, date.raw if date is not None else "", shape.written_after.get(record.start),
                shape.direction, shape.last.toordinal() if shape.last is not None else None,
                shape.last_raw)


def newer(here: EntryRecord, here_shape: LogShape, there: EntryRecord, there_shape: LogShape, *,
          same_note: bool, there_name: str) -> Newer | None:
    """Which of two copies looks newer, or ``None`` when the structure does not tell.

    Args:
        here, here_shape: the copy being reported and its note's :class:`LogShape`.
        there, there_shape: the other copy and its note's shape.
        same_note: whether both copies are in one note.
        there_name: how to name the other note in the reason (its path).
    """
    return newer_copy(copy_of(here, here_shape), copy_of(there, there_shape),
                      same_note=same_note, there_name=there_name)


def newer_copy(here: Copy, there: Copy, *, same_note: bool, there_name: str) -> Newer | None:
    """:func:`newer` from what it reads of each copy (:class:`Copy`)."""
    if here.start is not None and there.start is not None and here.start != there.start:
        return Newer(here.start > there.start, f"dated `{here.raw}` here, `{there.raw}` there")
    if (here.late is None) != (there.late is None):
        late, direction = ((here.late, here.direction) if here.late is not None
                           else (there.late, there.direction))
        where = "after" if direction > 0 else "before"
        order = "oldest" if direction > 0 else "newest"
        return Newer(here.late is not None,
                     f"it comes {where} `{late}` in a log kept {order} first")
    if (not same_note and here.start is not None and there.start is not None and here.direction
            and there.direction and here.last is not None and there.last is not None
            and here.last != there.last):
        if here.last > there.last:
            return Newer(True, f"this note goes on to `{here.last_raw}`, `{there_name}` "
                               f"ends at `{there.last_raw}`")
        return Newer(False, f"`{there_name}` goes on to `{there.last_raw}`, this note "
                            f"ends at `{here.last_raw}`")
    return None
