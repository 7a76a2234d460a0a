"""LK007 autolinked-code."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rule import DocumentContext, ProjectContext, Rule, Scope
from notelint.rules.links._common import prepare_links, report_findings


class AutolinkedCode(Rule):
    """``[np.dot](http://np.dot)``: code that a note editor turned into a web address.

    Decided offline; see :mod:`notelint.links.autolinked` for the exact
    conditions.  The fix (unsafe) removes the link and keeps the text.
    """

    code = "LK007"
    name = "autolinked-code"
    summary = "Code text made into a link by an editor"
    scope = Scope.PROJECT
    default_severity = Severity.WARNING
    enabled_by_default = True

    def prepare_document(self, ctx: DocumentContext) -> None:
        prepare_links(ctx)

    def check_project(self, ctx: ProjectContext) -> None:
        report_findings(ctx, self)
