"""From a :class:`RemoteResult` to a finding: dead, unverifiable, redirected, missing fragment.

=================================================  ========  =====================
what was met                                       rule      verdict
=================================================  ========  =====================
a status in ``dead-status`` (404, 410)              LK001     dead
a name that does not resolve, connection refused,  LK001     dead
TLS failure, redirect loop
any other status that is not 2xx or ``accept``      LK004     could not verify
(401, 403, 429, 999, 5xx after retries, ...)
time-out, failed look-up, broken connection,        LK004     could not verify
too many redirects, an address not requested
ok after a permanent (301, 308) redirect            LK005     redirected (with fix)
ok, but the page has no ``id`` for the fragment     LK003     missing fragment
=================================================  ========  =====================
"""

from __future__ import annotations

import http
from typing import NamedTuple

from notelint.links.results import DEFINITE_ERRORS, RemoteResult
from notelint.links.settings import LinkSettings


class Verdict(NamedTuple):
    """A finding about one remote link.

    Attributes:
        code: the rule (``LK001`` ...).
        message: the diagnostic message.
        replacement: for ``LK005``, the URL to write instead.
    """

    code: str
    message: str
    replacement: str | None = None


def status_text(status: int) -> str:
    """``"404 Not Found"`` (or just the number for codes without a standard phrase)."""
    try:
        return f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def remote_verdict(written: str, fragment: str, result: RemoteResult,
                   settings: LinkSettings) -> Verdict | None:
    """The finding for the link written ``written`` whose URL gave ``result``, or ``None`` if ok."""
    moved = ""
    if result.redirects:
        moved = f" (after redirects to `{result.final_url}`)"
    if result.error is not None:
        if result.error in DEFINITE_ERRORS:
            return Verdict("LK001", f"Link `{written}` is dead: {result.detail}"
                                    f"{moved if result.error != 'loop' else ''}")
        hint = ""
        if result.error == "blocked":
            hint = ", which is not requested (allow it with `[links] allow-networks`)"
        return Verdict("LK004", f"Could not verify `{written}`: {result.detail}{hint}")
    status = result.status
    if status is None:  # pragma: no cover - a result without error has a status
        return None
    if status in settings.dead_status:
        return Verdict("LK001", f"Link `{written}` is dead: HTTP {status_text(status)}{moved}")
    if not (200 <= status < 300 or status in settings.accept):
        hint = " (the site may refuse automated requests)" if status in (401, 403, 999) else ""
        return Verdict("LK004", f"Could not verify `{written}`: HTTP {status_text(status)}"
                                f"{moved}{hint}")
    if fragment and settings.check_remote_fragments and result.fragments.get(fragment) is False:
        return Verdict("LK003", f"Fragment `#{fragment}` not found in `{result.final_url}`: "
                                "the page has no element with that `id` or `name`")
    target = result.permanent_target()
    if target is not None:
        new = target
        if fragment and "#" not in new:
            new = f"{new}#{fragment}"
        first = result.redirects[0][0]
        return Verdict("LK005", f"Link `{written}` redirects permanently ({first}) to `{new}`",
                       replacement=new)
    return None


def unverifiable_host(host: str, settings: LinkSettings) -> str | None:
    """The configured unverifiable host that ``host`` is or is under, else ``None``."""
    h = host.lower().rstrip(".")
    for entry in settings.unverifiable_hosts:
        e = entry.lower()
        if h == e or h.endswith("." + e):
            return e
    return None
