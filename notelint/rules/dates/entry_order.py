"""DT001 entry-out-of-order: an entry whose date breaks the order of its siblings."""

from __future__ import annotations

from typing import Literal, NamedTuple

from notelint.diagnostics import Related, Severity, Span
from notelint.rule import Rule, Scope
from notelint.rules.dates.order import (
    CollectionDirection,
    DateCollector,
    DirectionVotes,
    Misplaced,
    OrderSummary,
    is_decided,
    misplaced,
    note_direction,
)
from notelint.workspace import WorkspaceContext


class EntryOrderOptions(NamedTuple):
    """Options of DT001.

    Attributes:
        order: ``"ascending"`` (oldest first), ``"descending"`` (newest
            first), or ``"auto"``: the direction most adjacent sibling
            entries of the file follow (of the author's other notes, when
            the file alone does not tell).
    """

    order: Literal["auto", "ascending", "descending"] = "auto"


class OrderFinding(NamedTuple):
    """A DT001 finding, worded: where, what, and the entry it conflicts with."""

    span: Span
    message: str
    related: tuple[Related, ...]


def order_findings(summary: OrderSummary, options: EntryOrderOptions,
                   collection: CollectionDirection | None = None) -> list[OrderFinding]:
    """The DT001 findings of one note.

    Args:
        summary: the note's :class:`OrderSummary`.
        options: the rule's options; with ``order = "auto"`` the direction is
            the note's own, or ``collection``'s when given (the caller passes
            it only for notes that do not show a direction by themselves).
        collection: the direction of the author's other notes.
    """
    if options.order != "auto":
        direction, lenient = (1 if options.order == "ascending" else -1), False
        order = "ascending" if direction > 0 else "descending"
    elif collection is not None and collection.direction:
        direction, lenient = collection.direction, True
        word = "ascending" if direction > 0 else "descending"
        order = (f"{word} order, the order of {collection.agreeing} of the {collection.voting} other "
                 f"dated notes (this one alone does not show a direction)")
    else:
        direction, lenient = note_direction(summary), True
        order = "the file's " + ("ascending" if direction > 0 else "descending")
    if direction == 0:
        return []
    if not order.endswith(")"):
        order += " order"
    return [_word(m, order) for group in summary.groups for m in misplaced(group, direction, lenient=lenient)]


def _word(m: Misplaced, order: str) -> OrderFinding:
    where = f"`{m.home.raw}` (line {m.home.line})"
    if m.home is m.other:
        detail = f"it should come {m.side} {where}"
    else:
        detail = f"it comes {m.relation} `{m.other.raw}` (line {m.other.line}) but belongs {m.side} {where}"
    related = Related(None, m.other.line, m.other.span.start.column, f"the entry dated `{m.other.raw}`")
    return OrderFinding(m.entry.span, f"Entry dated `{m.entry.raw}` is out of {order}: {detail}", (related,))


class EntryOutOfOrder(Rule):
    """An entry whose date breaks the order of its sibling entries.

    Siblings are sections with the same heading level under the same parent
    heading.  Only the smallest set of entries whose removal leaves every
    group in order is reported (an entry moved out of place, not everything
    after it).  With ``order = "auto"``, the direction is the note's own; a
    note too short to show one (two entries, or three with one out of place)
    takes the direction of the other notes of the collection, when they
    agree (:class:`~notelint.rules.dates.order.DirectionVotes`).  A group
    where more than a third of the entries would be reported is then taken
    as not chronological at all, and runs of more than
    :data:`~notelint.rules.dates.order.MAX_AUTO_RUN` consecutive misplaced
    entries as deliberate grouping; neither is reported.
    """

    code = "DT001"
    name = "entry-out-of-order"
    summary = "Entry date breaks the order of its sibling entries"
    default_severity = Severity.WARNING
    Options = EntryOrderOptions
    scope = Scope.PROJECT
    collector = DateCollector

    def check_workspace(self, ws: WorkspaceContext) -> None:
        """Report the misplaced entries of every checked note of ``ws``."""
        auto = self.options.order == "auto"
        votes = ws.shared(DateCollector.key, lambda: DirectionVotes.of(ws))
        for note in ws.checked:
            summary = note.summary(DateCollector.key)
            if summary is None:
                continue
            collection = votes.excluding(summary) if auto and not is_decided(summary) else None
            for finding in order_findings(summary, self.options, collection):
                ws.report(note, finding.span, finding.message, related=finding.related)
