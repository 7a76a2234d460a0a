"""LK006 impossible-host."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rules.links._common import LinkRule


class ImpossibleHost(LinkRule):
    """A remote link whose host cannot name a server: its top-level domain is not
    delegated (IANA list), it is reserved (``.test``, ``.example``), or it
    breaks the DNS name rules.  Decided offline.  See :mod:`notelint.links.hosts`.
    """

    code = "LK006"
    name = "impossible-host"
    summary = "Link host cannot exist"
    default_severity = Severity.ERROR
    enabled_by_default = True
