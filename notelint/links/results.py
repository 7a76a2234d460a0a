"""What a remote check found out about one URL: :class:`RemoteResult`.

Results hold facts (statuses, redirects, the error met), not verdicts: the
verdict depends on settings such as ``accept`` and ``dead-status`` and is
made when findings are reported (:mod:`notelint.links.verdicts`), so a cached
result stays valid when those settings change.
"""

from __future__ import annotations

from typing import Any

#: Errors met while checking, by kind.  Definite ones make a link dead; the others
#: leave it unverifiable.
DEFINITE_ERRORS = frozenset({"dns", "refused", "tls", "loop"})
ERROR_KINDS = DEFINITE_ERRORS | {
    "dns-temporary", "connect", "timeout", "protocol", "blocked", "redirects", "scheme",
    "rate-limited", "unverifiable-host",
}
PERMANENT_REDIRECTS = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class RemoteResult:
    """The outcome of requesting one URL (without its fragment).

    Attributes:
        url: the URL checked, as written (before ``remap``), without fragment.
        status: the last HTTP status received, or ``None`` when no response came.
        error: the kind of failure (:data:`ERROR_KINDS`), or ``None``.
        detail: one phrase describing the failure (``"connection refused"``).
        redirects: ``(status, absolute target)`` for each redirect followed.
        fragments: for HTML pages read: fragment -> whether an ``id`` or
            ``name`` for it was found.
        is_html: whether the final response declared an HTML body.
        transient: the result may change soon (429, 5xx, time-outs, lookup
            failures): not cached.
    """

    __slots__ = ("detail", "error", "fragments", "is_html", "redirects", "status", "transient",
                 "url")

    def __init__(self, url: str, status: int | None = None, error: str | None = None,
                 detail: str = "", redirects: list[tuple[int, str]] | None = None,
                 fragments: dict[str, bool] | None = None, is_html: bool = False,
                 transient: bool = False) -> None:
        self.url = url
        self.status = status
        self.error = error
        self.detail = detail
        self.redirects: list[tuple[int, str]] = [] if redirects is None else redirects
        self.fragments: dict[str, bool] = {} if fragments is None else fragments
        self.is_html = is_html
        self.transient = transient

    @property
    def final_url(self) -> str:
        """Where the redirects ended (``url`` without any)."""
        return self.redirects[-1][1] if self.redirects else self.url

    def permanent_target(self) -> str | None:
        """The URL after the leading run of permanent (301/308) redirects, if any."""
        target = None
        for status, to in self.redirects:
            if status not in PERMANENT_REDIRECTS:
                break
            target = to
        return target

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping (see :meth:`from_json`)."""
        return {
            "url": self.url, "status": self.status, "error": self.error, "detail": self.detail,
            "redirects": [list(r) for r in self.redirects], "fragments": self.fragments,
            "html": self.is_html,
        }

    @classmethod
    def from_json(cls, data: Any) -> RemoteResult:
        """Rebuild a result from :meth:`to_json` output.

        Raises:
            ValueError: ``data`` does not have that shape.
        """
        if not isinstance(data, dict):
            raise ValueError("a cached result is not a table")
        try:
            url = data["url"]
            status = data["status"]
            error = data["error"]
            redirects = [(int(s), str(u)) for s, u in data["redirects"]]
            fragments = {str(k): bool(v) for k, v in dict(data["fragments"]).items()}
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"a cached result is malformed: {exc}") from None
        if not isinstance(url, str) or not (status is None or isinstance(status, int)):
            raise ValueError("a cached result has a malformed url or status")
        if error is not None and error not in ERROR_KINDS:
            raise ValueError(f"a cached result has an unknown error kind {error!r}")
        return cls(url, status, error, str(data.get("detail", "")), redirects, fragments,
                   bool(data.get("html", False)))
