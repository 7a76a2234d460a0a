"""DU001 duplicate-entry: an entry that stands, identical after normalisation, elsewhere."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.duplicates.verify import differences
from notelint.rule import DocumentContext, ProjectContext, Rule, Scope
from notelint.rules.duplicates._shared import (
    MAX_RELATED,
    Analysis,
    analyses,
    list_places,
    newer_clause,
    newest,
    prepare,
)


class DuplicateEntry(Rule):
    """An entry whose body is identical to another entry's, as written.

    Whitespace, emoji and punctuation that ends a block are ignored; the
    heading and the date line are not compared.  Copies that differ only in
    footnote numbering (labels whose definitions have the same text) were
    edited after copying and are reported by DU002 instead.  One diagnostic per copy in
    a checked note, with the other copies in ``related`` (at most
    :data:`~notelint.rules.duplicates._shared.MAX_RELATED`).  Settings are in the
    ``[duplicates]`` section (:class:`notelint.duplicates.settings.DuplicateSettings`).
    """

    code = "DU001"
    name = "duplicate-entry"
    summary = "Entry duplicates another entry (identical as written)"
    scope = Scope.PROJECT
    default_severity = Severity.WARNING

    def prepare_document(self, ctx: DocumentContext) -> None:
        prepare(ctx)

    def check_project(self, ctx: ProjectContext) -> None:
        for analysis in analyses(ctx):
            for members in analysis.findings.exact:
                latest = newest(analysis, members) if len(members) > 2 else None
                for here in members:
                    self._report(analysis, here, members, latest)

    def _report(self, analysis: Analysis, here: int, members: tuple[int, ...],
                latest: int | None) -> None:
        context = analysis.owner[here].context
        if context is None:
            return
        rec = analysis.records[here]
        others = [o for o in members if o != here and analysis.allowed(here, o)
                  and not differences(rec.normalised, analysis.records[o].normalised, shown=True)]
        if not others:
            return
        message = (f"Entry is also at {list_places(analysis, here, others)} "
                   f"(identical)"
                   f"{newer_clause(analysis, here, others, latest)}")
        related = [analysis.related(here, o, self._label(analysis, o)) for o in others[:MAX_RELATED]]
        context.report(rec.entry.heading, message, related=related, rule=self)

    @staticmethod
    def _label(analysis: Analysis, other: int) -> str:
        date = analysis.records[other].entry.date
        return "the other copy" + (f", dated `{date.raw}`" if date is not None else "")
