"""LK002 missing-local-file."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rules.links._common import LinkRule


class MissingLocalFile(LinkRule):
    """A relative (or site-root absolute) link or image whose file does not exist.

    See :mod:`notelint.links.local` for how paths are resolved.
    """

    code = "LK002"
    name = "missing-local-file"
    summary = "Linked file or image does not exist"
    default_severity = Severity.ERROR
    enabled_by_default = True
