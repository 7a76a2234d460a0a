"""LK007 autolinked-code."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rules.links._common import LinkRule


class AutolinkedCode(LinkRule):
    """``[np.dot](http://np.dot)``: code that a note editor turned into a web address.

    Decided offline; see :mod:`notelint.links.autolinked` for the exact
    conditions.  The fix (unsafe) removes the link and keeps the text.
    """

    code = "LK007"
    name = "autolinked-code"
    summary = "Code text made into a link by an editor"
    default_severity = Severity.WARNING
    enabled_by_default = True
