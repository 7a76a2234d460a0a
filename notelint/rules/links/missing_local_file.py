"""LK002 missing-local-file."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rule import DocumentContext, ProjectContext, Rule, Scope
from notelint.rules.links._common import prepare_links, report_findings


class MissingLocalFile(Rule):
    """A relative (or site-root absolute) link or image whose file does not exist.

    See :mod:`notelint.links.local` for how paths are resolved.
    """

    code = "LK002"
    name = "missing-local-file"
    summary = "Linked file or image does not exist"
    scope = Scope.PROJECT
    default_severity = Severity.ERROR
    enabled_by_default = True

    def prepare_document(self, ctx: DocumentContext) -> None:
        prepare_links(ctx)

    def check_project(self, ctx: ProjectContext) -> None:
        report_findings(ctx, self)
