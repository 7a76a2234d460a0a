"""DT004 mixed-date-formats: entries of one file written in different date formats."""

from __future__ import annotations

from collections import Counter

from notelint.diagnostics import Related, Severity
from notelint.entries import DateMark, segment
from notelint.rule import DocumentContext, Rule


class MixedDateFormats(Rule):
    """Date labels of one file written in more than one format.

    The format used by most entries wins; the others are reported, one
    diagnostic per run of consecutive entries in the same other format (a log
    that switched formats at some point gets one finding, not one per entry).
    When two formats are equally common there is no majority and nothing is
    reported.  Zero padding (``2021.4.5``), month-name abbreviation and
    decoration (``*2021.04.25*``) do not make a different format.
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
        majority = (f"but {n_major} of the {len(marks)} dated entries in this file "
                    f"use `{major}`")
        for run in _runs(marks, major):
            first, last = run[0], run[-1]
            related = [Related(None, pos.line, pos.column, f"`{example.raw}` is written `{major}`")]
            if len(run) == 1:
                message = f"Date `{first.raw}` is written `{first.format}`, {majority}"
            else:
                end = doc.position(last.start_offset)
                message = (f"Dates `{first.raw}` to `{last.raw}` ({len(run)} entries in a row, "
                           f"to line {end.line}) are written `{first.format}`, {majority}")
                related.insert(0, Related(None, end.line, end.column,
                                          f"the last of the run, `{last.raw}`"))
            ctx.report((first.start_offset, first.end_offset), message, related=related)


def _runs(marks: list[DateMark], major: str) -> list[list[DateMark]]:
    """Consecutive marks (in file order) written in the same format other than ``major``."""
    runs: list[list[DateMark]] = []
    for mark in marks:
        if mark.format == major:
            runs.append([])
        elif runs and runs[-1] and runs[-1][-1].format == mark.format:
            runs[-1].append(mark)
        else:
            runs.append([mark])
    return [r for r in runs if r]
