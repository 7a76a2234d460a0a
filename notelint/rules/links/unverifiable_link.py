"""LK004 unverifiable-link."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rules.links._common import LinkRule


class UnverifiableLink(LinkRule):
    """A remote link whose state could not be established: "could not verify", not "dead".

    401, 403, 429, 999, 5xx after retries, time-outs, failed look-ups, hosts
    behind a bot wall (``unverifiable-hosts``) and addresses that are not
    requested (private, loopback, link-local).  Opt-in, as it needs the network.
    """

    code = "LK004"
    name = "unverifiable-link"
    summary = "Remote link could not be verified"
    default_severity = Severity.WARNING
    enabled_by_default = False
