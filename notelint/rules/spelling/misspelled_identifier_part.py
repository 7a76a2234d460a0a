"""SP002 misspelled-identifier-part."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rule import DocumentContext, ProjectContext, Rule, Scope


class MisspelledIdentifierPart(Rule):
    """A word part of an identifier in inline code that looks misspelled.

    Identifiers such as ``is_traning`` are split at ``_``, ``-`` and camelCase
    boundaries, and each part is judged like a prose word (SP001).  Code may
    legitimately use abbreviations and names, so this rule is informational.
    """

    code = "SP002"
    name = "misspelled-identifier-part"
    summary = "Word part of an identifier in inline code looks misspelled"
    scope = Scope.PROJECT
    default_severity = Severity.INFO

    def prepare_document(self, ctx: DocumentContext) -> None:
        from notelint.spelling.analysis import prepare

        prepare(ctx)

    def check_project(self, ctx: ProjectContext) -> None:
        from notelint.rules.spelling._shared import word_fix, word_message
        from notelint.spelling.analysis import offline_findings, run_checkers

        contexts = ctx.contexts
        if not contexts:
            return
        findings, checkers = offline_findings(contexts), run_checkers(contexts)
        for c, found, chk in zip(contexts, findings, checkers, strict=True):
            for f in found:
                if not f.occurrence.in_code:
                    continue
                occ = f.occurrence
                c.report((occ.start, occ.end), word_message(f, chk.corpus, "identifier"),
                         fix=word_fix(f), rule=self)
