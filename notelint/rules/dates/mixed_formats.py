"""DT004 mixed-date-formats: entries of one file written in different date formats."""

from __future__ import annotations

from collections import Counter

from notelint.diagnostics import Related, Severity
from notelint.entries import segment
from notelint.rule import DocumentContext, Rule


class MixedDateFormats(Rule):
    """Date labels of one file written in more than one format.

    The format used by most entries wins; the others are reported.  When two
    formats are equally common there is no majority and nothing is reported.
    Zero padding (``2021.4.5``), month-name abbreviation and decoration
    (``*2021.04.25*``) do not make a different format.
    """

    code = "DT004"
    name = "mixed-date-formats"
    summary = "Entry dates of one file use different date formats"
    default_severity = Severity.INFO

    def check_document(self, ctx: DocumentContext) -> None:
        doc = ctx.document
        marks = [e.date for e in doc.memo(segment).sections if e.date is not None]
        counts = Counter(m.format for m in marks).most_common()
        if len(counts) < 2 or counts[0][1] == counts[1][1]:
            return
        major, n_major = counts[0]
        example = next(m for m in marks if m.format == major)
        pos = doc.position(example.start_offset)
        for mark in marks:
            if mark.format == major:
                continue
            ctx.report((mark.start_offset, mark.end_offset),
                       f"Date `{mark.raw}` is written `{mark.format}`, but {n_major} of the "
                       f"{len(marks)} dated entries in this file use `{major}`",
                       related=[Related(None, pos.line, pos.column,
                                        f"`{example.raw}` is written `{major}`")])
