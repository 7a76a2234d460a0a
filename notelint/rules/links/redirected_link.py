"""LK005 redirected-link."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rules.links._common import LinkRule


class RedirectedLink(LinkRule):
    """A remote link answered with a permanent redirect (301, 308) to a page that works.

    The fix (unsafe: a site may redirect dead pages to its home page)
    writes the new URL.  Temporary redirects (302, 303, 307) are not reported.
    """

    code = "LK005"
    name = "redirected-link"
    summary = "Remote link redirects permanently"
    default_severity = Severity.INFO
    enabled_by_default = False
