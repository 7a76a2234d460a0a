"""DU001 duplicate-entry: an entry that stands, identical after normalisation, elsewhere."""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Severity
from notelint.duplicates.analysis import Analysis
from notelint.rule import Rule, Scope
from notelint.rules.duplicates._shared import (
    MAX_RELATED,
    DuplicateCollector,
    Finding,
    list_places,
    newer_clause,
    related,
    workspace,
)
from notelint.workspace import WorkspaceContext


class DuplicateEntry(Rule):
    """An entry whose body is identical to another entry's, as written.

    Whitespace, emoji and punctuation that ends a block are ignored; the
    heading and the date line are not compared.  Copies that differ only in
    footnote numbering (labels whose definitions have the same text) were
    edited after copying and are reported by DU002 instead.  One diagnostic per copy in
    a checked note, with the other copies in ``related`` (at most
    :data:`~notelint.rules.duplicates._shared.MAX_RELATED`; the message counts
    them all).  Settings are in the ``[duplicates]`` section
    (:class:`notelint.duplicates.settings.DuplicateSettings`).
    """

    code = "DU001"
    name = "duplicate-entry"
    summary = "Entry duplicates another entry (identical as written)"
    scope = Scope.PROJECT
    default_severity = Severity.WARNING

    collector = DuplicateCollector

    def check_workspace(self, ws: WorkspaceContext) -> None:
        shared = workspace(ws)
        shared.report(ws, findings(shared.analysis))


def findings(analysis: Analysis) -> Iterator[Finding]:
    """DU001's findings: one per entry of a checked note that has identical copies."""
    for number, members in enumerate(analysis.classes):
        if len(members) < 2 or not any(analysis.notes[analysis.owner[i]].checked for i in members):
            continue
        for same in analysis.written(number):
            if len(same) < 2:
                continue
            latest = analysis.newest(same) if len(same) > 2 else None
            for here in same:
                if analysis.notes[analysis.owner[here]].checked:
                    found = _finding(analysis, here, same, latest)
                    if found is not None:
                        yield found


def _finding(analysis: Analysis, here: int, same: list[int], latest: int | None) -> Finding | None:
    others, total = analysis.others(here, same, MAX_RELATED)
    if not others:
        return None
    rec = analysis.records[here]
    whole = any(analysis.same_note(here, o) and analysis.records[o].title == rec.title
                and rec.date is not None and rec.date.in_heading for o in others)
    what = "identical, heading and date included" if whole else "identical"
    heading = ""
    twin = analysis.repeated_heading.get(here)
    if twin is not None and not whole:
        heading = f"; its heading `{rec.marker}` also stands at line {analysis.records[twin].line}"
    message = (f"Entry is also at {list_places(analysis, here, others, total)} ({what})"
               f"{heading}{newer_clause(analysis, here, others, latest)}")
    places = tuple(related(analysis, here, o, _label(analysis, o)) for o in others)
    return Finding(here, rec.heading, message, places)


def _label(analysis: Analysis, other: int) -> str:
    date = analysis.records[other].date
    return "the other copy" + (f", dated `{date.raw}`" if date is not None else "")
