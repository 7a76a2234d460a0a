"""DU002 near-duplicate-entry: an entry that stands elsewhere with small edits."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.duplicates.analysis import NearPair
from notelint.duplicates.verify import differences, floor2, summary
from notelint.rule import DocumentContext, ProjectContext, Rule, Scope
from notelint.rules.duplicates._shared import (
    MAX_RELATED,
    Analysis,
    analyses,
    newer_clause,
    prepare,
)


class NearDuplicateEntry(Rule):
    """An entry whose body is similar to another entry's (similarity at or above the
    ``[duplicates]`` threshold) without being identical as written.

    This includes copies that are identical after normalisation but whose
    footnotes were renumbered (``[^14]`` here, ``[^6]`` there, both citing the
    same text): similarity 1.00 after normalisation, reported as edited.

    One diagnostic per copy in a checked note, naming the other copy (in
    ``related``), the similarity, and how the two differ.  When the other copy
    stands identically in several places, they are in ``related`` too.  Prose
    counts on its own: two entries that share a code block under different
    explanations are not near duplicates.
    """

    code = "DU002"
    name = "near-duplicate-entry"
    summary = "Entry nearly duplicates another entry (copied, then edited)"
    scope = Scope.PROJECT
    default_severity = Severity.WARNING

    def prepare_document(self, ctx: DocumentContext) -> None:
        prepare(ctx)

    def check_project(self, ctx: ProjectContext) -> None:
        for analysis in analyses(ctx):
            for members in analysis.findings.exact:
                for here in members:
                    self._renumbered(analysis, here, members)
            for pair in analysis.findings.near:
                for here_class, there_class in ((pair.first, pair.second),
                                                (pair.second, pair.first)):
                    for here in here_class:
                        self._report(analysis, pair, here, there_class)

    def _renumbered(self, analysis: Analysis, here: int, members: tuple[int, ...]) -> None:
        """Report copies of ``here`` that differ from it only in footnote labels."""
        context = analysis.owner[here].context
        if context is None:
            return
        rec = analysis.records[here]
        found = [(o, differences(rec.normalised, analysis.records[o].normalised, shown=True))
                 for o in members if o != here and analysis.allowed(here, o)]
        found = [(o, d) for o, d in found if d]
        if not found:
            return
        other, labels = found[0]
        also = ""
        if len(found) > 1:
            also = f" (and {len(found) - 1} more such cop{'y' if len(found) == 2 else 'ies'})"
        message = (f"Entry is a copy of the entry at {analysis.where(here, other)}{also} "
                   f"with renumbered footnotes (similarity 1.00 after normalisation): "
                   f"footnote {summary(labels)}{newer_clause(analysis, here, [other])}")
        related = [analysis.related(here, o, "the other copy") for o, _ in found[:MAX_RELATED]]
        context.report(rec.entry.heading, message, related=related, rule=self)

    def _report(self, analysis: Analysis, pair: NearPair, here: int,
                there_class: tuple[int, ...]) -> None:
        context = analysis.owner[here].context
        if context is None:
            return
        others = [o for o in there_class if analysis.allowed(here, o)]
        if not others:
            return
        rec, other = analysis.records[here], analysis.records[others[0]]
        diff = summary(differences(rec.normalised, other.normalised))
        also = ""
        if len(others) > 1:
            also = f" (and {len(others) - 1} identical cop{'y' if len(others) == 2 else 'ies'})"
        message = (f"Entry is a near copy (similarity {floor2(pair.verdict.similarity)}) of the "
                   f"entry at {analysis.where(here, others[0])}{also}: {diff}"
                   f"{newer_clause(analysis, here, others[:1])}")
        related = [analysis.related(here, o, "the other copy") for o in others[:MAX_RELATED]]
        context.report(rec.entry.heading, message, related=related, rule=self)
