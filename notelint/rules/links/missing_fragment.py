"""LK003 missing-fragment."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rules.links._common import LinkRule


class MissingFragment(LinkRule):
    """A ``#fragment`` that lands nowhere: no heading slug, ``id`` or ``name`` matches it.

    Local notes always; remote HTML pages with ``check-remote-fragments``.
    See :mod:`notelint.links.slugs` for the slug styles.
    """

    code = "LK003"
    name = "missing-fragment"
    summary = "Link fragment matches no heading or anchor"
    default_severity = Severity.WARNING
    enabled_by_default = True
