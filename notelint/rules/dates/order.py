"""The order of dated entries: a note's summary, its direction, the collection's direction.

The per-note step (:func:`order_summary`) reduces a note to what ordering
needs: its sibling groups of validly dated entries (day numbers, the label as
written, where it is) and how many adjacent pairs ascend or descend.  The
summary is small and picklable, so it can be cached and computed in worker
processes.  Everything else works on summaries only: the direction of one
note (:func:`note_direction`), the direction an author keeps across their
notes (:func:`collection_direction`), and the entries that break an order
(:func:`misplaced`).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from notelint.diagnostics import Span
from notelint.document import Document
from notelint.entries import EntryIndex, segment
from notelint.workspace import Collector

if TYPE_CHECKING:
    from notelint.rule import DocumentContext
    from notelint.workspace import WorkspaceContext


class DatedEntry(NamedTuple):
    """One validly dated entry, reduced to what ordering needs.

    Attributes:
        first: the first day, as a proleptic Gregorian ordinal
            (``datetime.date.toordinal``).
        last: the last day (``first`` for a single date).
        raw: the date label as written (for messages).
        span: where the date label is in the note.
    """

    first: int
    last: int
    raw: str
    span: Span

    @property
    def line(self) -> int:
        """1-based line of the date label."""
        return self.span.start.line


class OrderSummary(NamedTuple):
    """What the order of one note's dated entries says.

    Attributes:
        groups: sibling groups (same heading level, same parent) with at least
            two validly dated entries, each in note order.
        ascending: adjacent sibling pairs where the later entry is later in
            time (ranges that overlap and equal dates count for neither).
        descending: adjacent sibling pairs where the later entry is earlier.
    """

    groups: tuple[tuple[DatedEntry, ...], ...]
    ascending: int
    descending: int

    @property
    def balance(self) -> int:
        """``ascending - descending``."""
        return self.ascending - self.descending


#: A note shows its own direction when one direction leads by at least this many
#: adjacent pairs; a note of two entries, or of three with one out of place, does not.
DECIDED_BALANCE = 2

#: The share of the other notes (those with a direction) that must agree for the
#: collection to give a direction, and how many notes that must be at least.
COLLECTION_AGREEMENT = 0.8
COLLECTION_MIN_NOTES = 3


def order_summary(doc: Document, index: EntryIndex) -> OrderSummary:
    """Summarise the dated entries of ``doc`` (segmented as ``index``) for ordering."""
    groups = []
    for group in index.groups:
        dated = []
        for e in group:
            mark = e.date
            if mark is None or mark.start is None or mark.end is None:
                continue
            dated.append(DatedEntry(mark.start.toordinal(), mark.end.toordinal(), mark.raw,
                                    doc.span(mark.start_offset, mark.end_offset)))
        if len(dated) >= 2:
            groups.append(tuple(dated))
    up = down = 0
    for g in groups:
        for a, b in itertools.pairwise(g):
            up += a.last < b.first
            down += a.first > b.last
    return OrderSummary(tuple(groups), up, down)


class DateCollector(Collector):
    """The dates family's per-note step: the note's :class:`OrderSummary`.

    Returns ``None`` for a note without two dated sibling entries.  With
    ``order = "auto"`` (the default) the project's other notes are collected
    too: an author writes every log in the same direction, and a short note
    takes its direction from them.
    """

    key = "dates"
    version = 2  # 2: OrderSummary and DatedEntry are named tuples
    project_on_demand = True

    def wants_project(self, config: Any) -> bool:
        """Whether DT001 infers the direction (``order = "auto"``) for ``config``."""
        if config is None:
            return False
        from notelint.rules.dates.entry_order import EntryOrderOptions

        return bool(config.options("DT001", EntryOrderOptions).order == "auto")

    def collect(self, ctx: DocumentContext) -> OrderSummary | None:
        """The order summary of ``ctx``'s note."""
        doc = ctx.document
        summary = order_summary(doc, doc.memo(segment))
        return summary if summary.groups else None


def note_direction(summary: OrderSummary) -> int:
    """``1`` (ascending), ``-1`` (descending) or ``0`` (a tie) by the note's own pairs."""
    return (summary.balance > 0) - (summary.balance < 0)


def vote(summary: OrderSummary) -> dict[str, int]:
    """A note's vote as counts: ``{"up": 1}``, ``{"down": 1}`` or none (a tie)."""
    direction = note_direction(summary)
    return {"up": 1} if direction == 1 else {"down": 1} if direction == -1 else {}


def is_decided(summary: OrderSummary) -> bool:
    """Whether the note shows its direction by itself (see :data:`DECIDED_BALANCE`)."""
    return abs(summary.balance) >= DECIDED_BALANCE


class CollectionDirection(NamedTuple):
    """The direction an author keeps across notes.

    Attributes:
        direction: ``1`` ascending, ``-1`` descending, ``0`` none clear.
        agreeing: how many of the other notes follow ``direction``.
        voting: how many of the other notes show a direction at all.
    """

    direction: int
    agreeing: int
    voting: int


class DirectionVotes:
    """The directions of a collection's notes, to ask for the direction of the others.

    Each note with dated entries in a direction votes for it (one vote per
    note, however long); :meth:`excluding` answers for one note from the
    votes of all the others.
    """

    def __init__(self, summaries: Sequence[OrderSummary | None]) -> None:
        votes = [note_direction(s) for s in summaries if s is not None]
        self.up = votes.count(1)
        self.down = votes.count(-1)

    @classmethod
    def of(cls, ws: WorkspaceContext) -> DirectionVotes:
        """The votes of every note of ``ws`` (through :meth:`WorkspaceContext.total`)."""
        total = ws.total(DateCollector.key, "direction", vote)
        votes = cls(())
        votes.up, votes.down = total["up"], total["down"]
        return votes

    def excluding(self, summary: OrderSummary) -> CollectionDirection:
        """The collection's direction without ``summary``'s own vote."""
        own = note_direction(summary)
        up, down = self.up - (own == 1), self.down - (own == -1)
        voting = up + down
        if voting >= COLLECTION_MIN_NOTES:
            for direction, count in ((1, up), (-1, down)):
                if count >= COLLECTION_MIN_NOTES and count >= COLLECTION_AGREEMENT * voting:
                    return CollectionDirection(direction, count, voting)
        return CollectionDirection(0, max(up, down), voting)


def in_order(keys: Sequence[int]) -> set[int]:
    """Positions of a longest non-decreasing subsequence of ``keys``.

    Everything else is the smallest set of items whose removal leaves
    ``keys`` sorted: the entries to report.  Among longest subsequences the
    one that keeps earlier items is chosen, so that in ``[2, 1]`` the second
    item, the one that breaks the order as the note is read, is reported.
    O(n log n).
    """
    # Patience sorting from the end (a longest non-increasing run of the reversed keys):
    # ties are resolved towards the items that come first in the note.
    rev = [-k for k in reversed(keys)]
    tails: list[int] = []
    tail_pos: list[int] = []
    prev = [-1] * len(rev)
    for i, key in enumerate(rev):
        k = bisect.bisect_right(tails, key)
        if k == len(tails):
            tails.append(key)
            tail_pos.append(i)
        else:
            tails[k], tail_pos[k] = key, i
        prev[i] = tail_pos[k - 1] if k else -1
    kept: set[int] = set()
    i = tail_pos[-1] if tail_pos else -1
    while i != -1:
        kept.add(len(keys) - 1 - i)
        i = prev[i]
    return kept


#: In ``auto`` mode, longer runs of consecutive misplaced entries are taken as deliberate
#: grouping (a changelog ordered by release line, a block of entries kept by topic).
MAX_AUTO_RUN = 2


def _run_length(positions: list[int], i: int) -> int:
    """Length of the run of consecutive numbers in sorted ``positions`` that contains ``i``."""
    members = set(positions)
    lo = hi = i
    while lo - 1 in members:
        lo -= 1
    while hi + 1 in members:
        hi += 1
    return hi - lo + 1


class Misplaced(NamedTuple):
    """An entry out of order, with the entries that explain where it belongs.

    Attributes:
        entry: the misplaced entry.
        other: the neighbour it conflicts with.
        relation: ``"after"`` (it comes after ``other``) or ``"before"``.
        home: the entry it belongs next to.
        side: ``"after"`` or ``"before"`` ``home``.
    """

    entry: DatedEntry
    other: DatedEntry
    relation: str
    home: DatedEntry
    side: str


def misplaced(group: Sequence[DatedEntry], direction: int, *, lenient: bool) -> list[Misplaced]:
    """The entries of one sibling group that break ``direction`` (``1`` or ``-1``).

    With ``lenient`` (an inferred direction), a group where more than a third
    of the entries would be reported (but at least one may be) is taken as not
    chronological at all, and runs of more than :data:`MAX_AUTO_RUN`
    consecutive misplaced entries as deliberate grouping; neither is
    reported.  A range that overlaps the neighbour it conflicts with is in no
    definite order and is not reported.
    """
    # Ranges sort by their first day oldest-first, by their last day newest-first.
    keys = [(e.first if direction > 0 else e.last) * direction for e in group]
    kept = in_order(keys)
    out = [i for i in range(len(group)) if i not in kept]
    if not out or (lenient and 3 * len(out) > max(len(group), 3)):
        return []
    if lenient:
        out = [i for i in out if _run_length(out, i) <= MAX_AUTO_RUN]
    ordered = sorted(kept)
    found = []
    for i in out:
        entry = group[i]
        before = [j for j in ordered if j < i]
        after = [j for j in ordered if j > i]
        if before and keys[i] < keys[before[-1]]:
            other, relation = group[before[-1]], "after"
        elif after:
            other, relation = group[after[0]], "before"
        else:  # cannot happen: the entry would extend the longest ordered run
            continue
        if entry.first <= other.last and other.first <= entry.last:
            continue  # a range that overlaps its neighbour is in no definite order
        fits = [j for j in ordered if keys[j] <= keys[i]]
        home, side = (group[fits[-1]], "after") if fits else (group[ordered[0]], "before")
        found.append(Misplaced(entry, other, relation, home, side))
    return found
