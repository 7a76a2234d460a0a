"""DT001 entry-out-of-order: an entry whose date breaks the order of its siblings."""

from __future__ import annotations

import bisect
import datetime as _dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from notelint.diagnostics import Severity
from notelint.entries import Entry, EntryIndex, segment
from notelint.rule import DocumentContext, Rule
from notelint.rules.dates._shared import date_line, date_of, related_date


@dataclass(frozen=True)
class EntryOrderOptions:
    """Options of DT001.

    Attributes:
        order: ``"ascending"`` (oldest first), ``"descending"`` (newest
            first), or ``"auto"``: the direction most adjacent sibling
            entries of the file follow.
    """

    order: Literal["auto", "ascending", "descending"] = "auto"


def _valid_groups(index: EntryIndex) -> list[list[Entry]]:
    """Sibling groups reduced to their entries with a valid date, in document order."""
    groups = []
    for group in index.groups:
        dated = [e for e in group if e.date is not None and e.date.valid]
        if len(dated) >= 2:
            groups.append(dated)
    return groups


def _days(entry: Entry) -> tuple[_dt.date, _dt.date]:
    """First and last day of a valid entry's date label."""
    mark = date_of(entry)
    assert mark.start is not None and mark.end is not None
    return mark.start, mark.end


def infer_direction(groups: Sequence[Sequence[Entry]]) -> int:
    """``1`` if more adjacent sibling pairs ascend than descend, ``-1`` for the
    reverse, ``0`` on a tie.  Equal dates and overlapping ranges count for
    neither direction.
    """
    balance = 0
    for group in groups:
        for a, b in itertools.pairwise(group):
            (a0, a1), (b0, b1) = _days(a), _days(b)
            balance += (a1 < b0) - (a0 > b1)
    return (balance > 0) - (balance < 0)


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


class EntryOutOfOrder(Rule):
    """An entry whose date breaks the order of its sibling entries.

    Siblings are sections with the same heading level under the same parent
    heading.  Only the smallest set of entries whose removal leaves every
    group in order is reported (an entry moved out of place, not everything
    after it).  With ``order = "auto"``, a group where more than a third of
    the entries would be reported is taken as not chronological at all, and
    runs of more than :data:`MAX_AUTO_RUN` consecutive misplaced entries as
    deliberate grouping; neither is reported.
    """

    code = "DT001"
    name = "entry-out-of-order"
    summary = "Entry date breaks the order of its sibling entries"
    default_severity = Severity.WARNING
    Options = EntryOrderOptions

    def check_document(self, ctx: DocumentContext) -> None:
        doc = ctx.document
        groups = _valid_groups(doc.memo(segment))
        auto = self.options.order == "auto"
        direction = infer_direction(groups) if auto else (1 if self.options.order == "ascending" else -1)
        if direction == 0:
            return
        order = ("the file's " if auto else "") + ("ascending" if direction > 0 else "descending")
        for group in groups:
            # Ranges sort by their first day oldest-first, by their last day newest-first.
            keys = [_days(e)[0 if direction > 0 else 1].toordinal() * direction for e in group]
            kept = in_order(keys)
            out = [i for i in range(len(group)) if i not in kept]
            if not out or (auto and 3 * len(out) > len(group)):
                continue
            if auto:
                out = [i for i in out if _run_length(out, i) <= MAX_AUTO_RUN]
            ordered = sorted(kept)
            for i in out:
                self._report(ctx, group, keys, ordered, i, order)

    def _report(self, ctx: DocumentContext, group: list[Entry], keys: list[int],
                ordered: list[int], i: int, order: str) -> None:
        doc = ctx.document
        entry = group[i]
        before = [j for j in ordered if j < i]
        after = [j for j in ordered if j > i]
        if before and keys[i] < keys[before[-1]]:
            other, relation = group[before[-1]], "after"
        elif after:
            other, relation = group[after[0]], "before"
        else:  # cannot happen: the entry would extend the longest ordered run
            return
        (e0, e1), (o0, o1) = _days(entry), _days(other)
        if e0 <= o1 and o0 <= e1:
            return  # a range that overlaps its neighbour is in no definite order
        fits = [j for j in ordered if keys[j] <= keys[i]]
        home, side = (group[fits[-1]], "after") if fits else (group[ordered[0]], "before")
        mark, other_mark, home_mark = date_of(entry), date_of(other), date_of(home)
        where = f"`{home_mark.raw}` (line {date_line(doc, home)})"
        if home is other:
            detail = f"it should come {side} {where}"
        else:
            detail = (f"it comes {relation} `{other_mark.raw}` (line {date_line(doc, other)}) "
                      f"but belongs {side} {where}")
        ctx.report(
            (mark.start_offset, mark.end_offset),
            f"Entry dated `{mark.raw}` is out of {order} order: {detail}",
            related=[related_date(doc, other, f"the entry dated `{other_mark.raw}`")],
        )
