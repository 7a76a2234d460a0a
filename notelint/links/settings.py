"""The ``[links]`` configuration section: :class:`LinkSettings`.

Users write it in ``.notelint.toml`` (or ``[tool.notelint.links]``), with
kebab-case or snake_case keys; unknown keys and wrongly typed values are
configuration errors::

    [links]
    timeout = 10                      # seconds per request
    max-concurrency-per-host = 4
    min-interval = 0.2                # seconds between two requests to one host
    exclude = ['^https://intranet\\.', 'localhost']
    allow-networks = ["10.1.0.0/16"]  # private addresses that may be requested
    headers = { "api.github.com" = { Authorization = "Bearer ${GITHUB_TOKEN}" } }
    site-root = "static"              # where `/img/a.png` is looked up
    slug-style = "jekyll"
"""

from __future__ import annotations

import ipaddress
import re
from typing import Literal, NamedTuple

from notelint import __version__
from notelint.lazy import lazy_compile
from notelint.rule import CheckedRecord

SlugStyle = Literal["auto", "github", "gatsby", "jekyll", "kramdown"]

#: Hosts whose pages answer automated requests with a login or bot wall whatever
#: the page's state, so a request tells nothing (the link is reported as unverifiable).
DEFAULT_UNVERIFIABLE_HOSTS = (
    "x.com", "twitter.com", "linkedin.com", "instagram.com", "facebook.com",
)

_ENV_RE = lazy_compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class _LinkFields(NamedTuple):
    """The fields of :class:`LinkSettings`, which checks their values when made."""

    timeout: float = 20.0
    max_redirects: int = 10
    retries: int = 2
    retry_wait: float = 1.0
    max_retry_wait: float = 30.0
    max_concurrency: int = 64
    max_concurrency_per_host: int = 8
    min_interval: float = 0.0
    max_body: int = 1024 * 1024
    method: Literal["head", "get"] = "head"
    user_agent: str = f"notelint/{__version__} (markdown link checker)"
    accept: tuple[int, ...] = ()
    dead_status: tuple[int, ...] = (404, 410)
    exclude: tuple[str, ...] = ()
    check_remote_fragments: bool = False
    allow_private: bool = False
    allow_networks: tuple[str, ...] = ()
    unverifiable_hosts: tuple[str, ...] = DEFAULT_UNVERIFIABLE_HOSTS
    # One empty table is every default's: settings are never changed in place.
    headers: dict[str, dict[str, str]] = {}
    remap: tuple[str, ...] = ()
    cache: bool = True
    cache_max_age: float = 86400.0
    site_root: str = ""
    slug_style: SlugStyle = "auto"


class LinkSettings(CheckedRecord, _LinkFields):
    """How links are checked (the ``[links]`` section; every field has a default).

    A named tuple: immutable, compared by value; :func:`notelint.rule.replace`
    makes a copy with other values (checked again).

    Attributes:
        timeout: seconds allowed for one request (connect, headers and the
            part of the body that is read).
        max_redirects: redirects followed before giving up (a loop is found
            sooner: a URL seen twice in one chain).
        retries: extra attempts after a 429, a 5xx or a timeout.
        retry_wait: seconds before the first retry; doubled for each next one.
            A ``Retry-After`` header replaces it.
        max_retry_wait: longest wait honoured; a server asking for longer
            makes the link unverifiable for this run instead.
        max_concurrency: requests in flight at once, all hosts together.
        max_concurrency_per_host: requests in flight to one host at once.
        min_interval: seconds between the starts of two requests to one host.
        max_body: bytes of a body read at most (only to look for a fragment's
            ``id``; otherwise no body is read).
        method: ``"head"`` (GET only where HEAD fails) or ``"get"``.
        user_agent: the ``User-Agent`` header sent.
        accept: status codes taken as success besides 200-299.
        dead_status: status codes that make a link dead; other failures make
            it unverifiable.
        exclude: regular expressions; a URL matching one is not checked.
        check_remote_fragments: look for ``#fragment`` ids in remote HTML pages.
        allow_private: request private, loopback and link-local addresses.
        allow_networks: addresses or CIDR networks that may be requested even
            though they are private (``"127.0.0.1"``, ``"10.0.0.0/8"``).
        unverifiable_hosts: hosts (and their subdomains) not requested because
            they answer automated requests with a wall; reported as unverifiable.
        headers: ``host -> {header: value}``; ``${NAME}`` in a value is replaced
            by the environment variable ``NAME`` at request time.  Values are
            never printed.
        remap: ``"REGEX REPLACEMENT"`` pairs applied to a URL before it is
            requested (findings still show the URL as written).
        cache: keep results on disk between runs.
        cache_max_age: seconds a cached result stays valid.
        site_root: folder, relative to the configuration file's folder, that
            absolute paths such as ``/img/a.png`` are looked up in; ``""``
            leaves them unchecked.
        slug_style: how heading ids are made: ``"github"``, ``"gatsby"``
            (github-slugger), ``"jekyll"`` (kramdown with GFM input),
            ``"kramdown"``, or ``"auto"`` (from the note's front matter).

    Raises:
        ValueError: a value out of range or malformed (reported as a
            configuration error).
    """

    __slots__ = ()

    def _check(self) -> None:
        for name in ("timeout", "retry_wait", "max_retry_wait", "min_interval", "cache_max_age"):
            if getattr(self, name) < 0:
                raise ValueError(f"`{name.replace('_', '-')}` must not be negative")
        if self.timeout == 0:
            raise ValueError("`timeout` must be more than 0 seconds")
        for name in ("max_concurrency", "max_concurrency_per_host", "max_body"):
            if getattr(self, name) < 1:
                raise ValueError(f"`{name.replace('_', '-')}` must be at least 1")
        if self.max_redirects < 0 or self.retries < 0:
            raise ValueError("`max-redirects` and `retries` must not be negative")
        for pattern in self.exclude:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"`exclude` pattern {pattern!r} is not a regular expression: "
                                 f"{exc}") from None
        for net in self.allow_networks:
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError:
                raise ValueError(f"`allow-networks` entry {net!r} is not an address or "
                                 "network") from None
        for item in self.remap:
            parts = item.split()
            if len(parts) != 2:
                raise ValueError(f"`remap` entry {item!r} must be `REGEX REPLACEMENT`")
            try:
                re.compile(parts[0])
            except re.error as exc:
                raise ValueError(f"`remap` pattern {parts[0]!r}: {exc}") from None
        for host, table in self.headers.items():
            if not isinstance(table, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
                raise ValueError(f"`headers.{host}` must be a table of header = \"value\"")

    # -- derived ---------------------------------------------------------------

    def exclude_patterns(self) -> list[re.Pattern[str]]:
        """The compiled ``exclude`` patterns."""
        return [re.compile(p) for p in self.exclude]

    def remap_rules(self) -> list[tuple[re.Pattern[str], str]]:
        """The compiled ``remap`` rules, in order."""
        out = []
        for item in self.remap:
            pattern, replacement = item.split()
            out.append((re.compile(pattern), replacement))
        return out

    def networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        """The ``allow-networks`` entries as networks."""
        return [ipaddress.ip_network(n, strict=False) for n in self.allow_networks]

    def headers_for(self, host: str, environ: dict[str, str]) -> dict[str, str]:
        """Extra headers for ``host`` with ``${NAME}`` taken from ``environ``.

        A header whose variable is unset is left out.
        """
        out: dict[str, str] = {}
        for pattern, table in self.headers.items():
            if host == pattern or host.endswith("." + pattern):
                for key, template in table.items():
                    missing = [m for m in _ENV_RE.findall(template) if m not in environ]
                    if missing:
                        continue
                    out[key] = _ENV_RE.sub(lambda m: environ[m.group(1)], template)
        return out
