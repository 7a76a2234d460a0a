"""LK004 unverifiable-link."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rule import DocumentContext, ProjectContext, Rule, Scope
from notelint.rules.links._common import prepare_links, report_findings


class UnverifiableLink(Rule):
    """A remote link whose state could not be established: "could not verify", not "dead".

    401, 403, 429, 999, 5xx after retries, time-outs, failed look-ups, hosts
    behind a bot wall (``unverifiable-hosts``) and addresses that are not
    requested (private, loopback, link-local).  Opt-in, as it needs the network.
    """

    code = "LK004"
    name = "unverifiable-link"
    summary = "Remote link could not be verified"
    scope = Scope.PROJECT
    default_severity = Severity.WARNING
    enabled_by_default = False

    def prepare_document(self, ctx: DocumentContext) -> None:
        prepare_links(ctx)

    def check_project(self, ctx: ProjectContext) -> None:
        report_findings(ctx, self)
