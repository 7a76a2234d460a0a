"""DT002 impossible-date: a date label that names no real day."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.entries import segment
from notelint.rule import DocumentContext, Rule


class ImpossibleDate(Rule):
    """A date label such as ``2021.02.30``, a month 13, a range that ends
    before it starts, or a weekday that does not match the date.

    Only date labels of entries are checked (see :mod:`notelint.entries`);
    dates in prose are not.
    """

    code = "DT002"
    name = "impossible-date"
    summary = "Entry date names a day that does not exist"
    default_severity = Severity.ERROR

    def check_document(self, ctx: DocumentContext) -> None:
        for entry in ctx.document.memo(segment).sections:
            mark = entry.date
            if mark is not None and mark.problem is not None:
                ctx.report((mark.start_offset, mark.end_offset),
                           f"Date `{mark.raw}` is impossible: {mark.problem}")
