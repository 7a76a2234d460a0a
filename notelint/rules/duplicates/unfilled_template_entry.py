"""DU003 unfilled-template-entry: an entry that is still the template it was started from."""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Related, Severity
from notelint.duplicates.analysis import Analysis
from notelint.duplicates.verify import MAX_EXCERPT
from notelint.rule import Rule, Scope
from notelint.rules.duplicates._shared import DuplicateCollector, Finding, related, workspace
from notelint.workspace import WorkspaceContext


class UnfilledTemplateEntry(Rule):
    """An entry whose body is only a template's labels (``**Thoughts:**``, an empty
    list item, a placeholder link), the same in at least
    :data:`~notelint.duplicates.analysis.TEMPLATE_MIN_COPIES` entries: a day of a
    log that was started from the template and never written.

    Consecutive unfilled entries of a note are one finding, at the first of
    them, with the last in ``related``.  Such entries are not reported as
    copies (DU001/DU002).  See :mod:`notelint.duplicates.boilerplate` for what
    counts as a label.
    """

    code = "DU003"
    name = "unfilled-template-entry"
    summary = "Entry is still an unfilled template (labels only, the same in other entries)"
    scope = Scope.PROJECT
    default_severity = Severity.INFO

    collector = DuplicateCollector

    def check_workspace(self, ws: WorkspaceContext) -> None:
        shared = workspace(ws)
        shared.report(ws, findings(shared.analysis))


def findings(analysis: Analysis) -> Iterator[Finding]:
    """DU003's findings: one per run of consecutive template entries in a checked note."""
    run: list[int] = []
    for i in sorted(analysis.templates):
        if not analysis.notes[analysis.owner[i]].checked:
            continue
        if run and (run[-1] != i - 1 or analysis.owner[run[-1]] != analysis.owner[i]):
            yield _finding(analysis, run)
            run = []
        run.append(i)
    if run:
        yield _finding(analysis, run)


def _finding(analysis: Analysis, run: list[int]) -> Finding:
    first, last = run[0], run[-1]
    rec = analysis.records[first]
    shared = analysis.templates[first]
    excerpt = rec.label if len(rec.label) <= MAX_EXCERPT else rec.label[:MAX_EXCERPT - 1] + "…"
    elsewhere = shared - len(run)
    also = f"; {elsewhere} more elsewhere" if elsewhere else ""
    if len(run) == 1:
        message = (f"Entry is still an unfilled template: only labels such as `{excerpt}`, "
                   f"the same as in {shared - 1} other entr{'y' if shared == 2 else 'ies'}; "
                   f"write it or delete it")
        places: tuple[Related, ...] = ()
    else:
        message = (f"Entries from line {rec.line} to line {analysis.records[last].line} "
                   f"({len(run)} in a row{also}) are still an unfilled template: only labels "
                   f"such as `{excerpt}`; write them or delete them")
        places = (related(analysis, first, last, "the last unfilled entry in this run"),)
    return Finding(first, rec.heading, message, places)
