"""LK003 missing-fragment."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rule import DocumentContext, ProjectContext, Rule, Scope
from notelint.rules.links._common import prepare_links, report_findings


class MissingFragment(Rule):
    """A ``#fragment`` that lands nowhere: no heading slug, ``id`` or ``name`` matches it.

    Local notes always; remote HTML pages with ``check-remote-fragments``.
    See :mod:`notelint.links.slugs` for the slug styles.
    """

    code = "LK003"
    name = "missing-fragment"
    summary = "Link fragment matches no heading or anchor"
    scope = Scope.PROJECT
    default_severity = Severity.WARNING
    enabled_by_default = True

    def prepare_document(self, ctx: DocumentContext) -> None:
        prepare_links(ctx)

    def check_project(self, ctx: ProjectContext) -> None:
        report_findings(ctx, self)
