"""LK006 impossible-host."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rule import DocumentContext, ProjectContext, Rule, Scope
from notelint.rules.links._common import prepare_links, report_findings


class ImpossibleHost(Rule):
    """A remote link whose host cannot name a server: its top-level domain is not
    delegated (IANA list), it is reserved (``.test``, ``.example``), or it
    breaks the DNS name rules.  Decided offline.  See :mod:`notelint.links.hosts`.
    """

    code = "LK006"
    name = "impossible-host"
    summary = "Link host cannot exist"
    scope = Scope.PROJECT
    default_severity = Severity.ERROR
    enabled_by_default = True

    def prepare_document(self, ctx: DocumentContext) -> None:
        prepare_links(ctx)

    def check_project(self, ctx: ProjectContext) -> None:
        report_findings(ctx, self)
