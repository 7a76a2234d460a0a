"""LK001 dead-link."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rules.links._common import LinkRule


class DeadLink(LinkRule):
    """A remote link whose target is gone.

    Dead means: HTTP 404 or 410 (``dead-status``), a host name that does not
    resolve, a refused connection, a TLS failure or a redirect loop.  Needs
    the network, so it is opt-in; ``.invalid`` hosts are dead without a
    request.  See :mod:`notelint.links.verdicts`.
    """

    code = "LK001"
    name = "dead-link"
    summary = "Remote link is dead (404, 410, no such host, refused)"
    default_severity = Severity.ERROR
    enabled_by_default = False
