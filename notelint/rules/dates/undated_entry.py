"""DT003 undated-entry: a section without a date among dated sibling entries."""

from __future__ import annotations

from notelint.datelabels import label_shape
from notelint.diagnostics import Severity
from notelint.entries import DateLocation, Entry, segment
from notelint.lazy import lazy_compile
from notelint.rule import DocumentContext, Rule
from notelint.rules.dates._shared import date_line, date_of, related_date

_NUMBERED = lazy_compile(r"\(?(?:[0-9]+(?:\.[0-9]+)*|[A-Za-z]|Q[0-9]+)[.):][ \t]|[0-9]+[ \t]")


def heading_style(entry: Entry) -> str:
    """The shape of a section's heading, to tell log entries from other headings.

    ``"date"`` when the date is the heading; otherwise by the title's start:
    ``"numbered"`` (``1. K-NN``, ``Q1.``, ``a)``), ``"symbol"`` (an emoji or
    other symbol, as in ``🤖 ML & DL``) or ``"text"``.
    """
    if entry.date_location is DateLocation.HEADING:
        return "date"
    title = entry.title.strip()
    if _NUMBERED.match(title):
        return "numbered"
    if title and not title[0].isalnum():
        return "symbol"
    return "text"


def _norm_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def _same_label(group: tuple[Entry, ...], entry: Entry) -> list[Entry] | None:
    """The siblings whose heading starts with the same numbered label as ``entry``'s
    (``Day 13`` and ``Day 12: January 15, 2020``), or ``None`` when it has none."""
    shape = label_shape(entry.title)
    if shape is None:
        return None
    return [e for e in group if label_shape(e.title) == shape]


def looks_undated(group: tuple[Entry, ...], i: int) -> bool:
    """Whether ``group[i]``, an undated section, is an entry whose date is missing.

    The heuristic: among the siblings whose headings start with the same
    numbered label (``### Day 13`` among ``### Day 12: January 15, 2020``), at
    least three are dated and they are at least two thirds.  Otherwise, among
    the siblings with the same heading style, at least three are dated and
    they are at least two thirds; and either at least two dated siblings
    share its title (``🤖 ML & DL``) and are at least two thirds of the
    siblings with that title, or both of its neighbours are dated siblings of
    the same style (an isolated gap in a dated run).
    """
    entry = group[i]
    labelled = _same_label(group, entry)
    if labelled is not None:
        dated_labels = [e for e in labelled if e.date is not None]
        if len(dated_labels) >= 3 and 3 * len(dated_labels) >= 2 * len(labelled):
            return True
    style = heading_style(entry)
    same = [e for e in group if heading_style(e) == style]
    dated = [e for e in same if e.date is not None]
    if len(dated) < 3 or 3 * len(dated) < 2 * len(same):
        return False
    title = _norm_title(entry.title)
    titled = [e for e in same if _norm_title(e.title) == title]
    titled_dated = [e for e in titled if e.date is not None]
    if len(titled_dated) >= 2 and 3 * len(titled_dated) >= 2 * len(titled):
        return True
    if 0 < i < len(group) - 1:
        prev, nxt = group[i - 1], group[i + 1]
        return (prev.date is not None and nxt.date is not None
                and heading_style(prev) == style == heading_style(nxt))
    return False


class UndatedEntry(Rule):
    """A heading without a date where its siblings (same level, same parent,
    same heading style) are dated entries.

    Headings that are never dated in the file (Q&A headings, ``References``,
    day names) are left alone; see :func:`looks_undated` for the heuristic.
    """

    code = "DT003"
    name = "undated-entry"
    summary = "Entry has no date among dated sibling entries"
    default_severity = Severity.WARNING

    def check_document(self, ctx: DocumentContext) -> None:
        doc = ctx.document
        for group in doc.memo(segment).groups:
            for i, entry in enumerate(group):
                if entry.date is None and looks_undated(group, i):
                    self._report(ctx, group, i)

    def _report(self, ctx: DocumentContext, group: tuple[Entry, ...], i: int) -> None:
        doc = ctx.document
        entry = group[i]
        style = heading_style(entry)
        labelled = _same_label(group, entry)
        if labelled is not None and sum(e.date is not None for e in labelled) >= 3:
            kin = {e.index for e in labelled}
        else:
            kin = {e.index for e in group if heading_style(e) == style}
        before = [e for e in group[:i] if e.index in kin]
        after = [e for e in group[i + 1:] if e.index in kin]
        dated_before = [e for e in before if e.date is not None]
        dated_after = [e for e in after if e.date is not None]
        others = len(before) + len(after)
        dated = len(dated_before) + len(dated_after)
        share = (f"its {others} sibling entries" if dated == others
                 else f"{dated} of its {others} sibling entries")
        near = dated_before[-1:] + dated_after[:1]
        example = doc.line_text(date_line(doc, near[0])).strip()
        related = [related_date(doc, e, f"the {side} dated entry is `{date_of(e).raw}`")
                   for e, side in zip(near, ("previous", "next") if dated_before else ("next",), strict=False)]
        if near[0].date_location is DateLocation.HEADING:
            advice = f"add the date to the heading, as in `{example}`"
        else:
            advice = f"add a date line such as `{example}` below the heading"
        ctx.report(entry.heading,
                   f"Entry `{entry.marker} {entry.title}` has no date, unlike {share}; {advice}",
                   related=related)
