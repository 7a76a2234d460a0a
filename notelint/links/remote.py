"""Check remote URLs with httpx (async): each URL once, politely, within limits.

For each URL (fragment removed; the fragments wanted from it are checked on
one read of the page):

1. The cache is consulted.  ``remap`` rules rewrite each URL just before it
   is requested; redirects are resolved against the URL as written, so
   findings never show the remapped address.
2. The host is resolved (:class:`notelint.links.net.Resolver`) and every
   address checked against the policy; the request goes to an allowed
   address, with the original ``Host`` header and TLS server name.
3. HEAD is sent (GET with ``method = "get"`` or when a fragment must be
   found); a HEAD answered with 400 or more is repeated as GET, since many
   servers refuse HEAD (405, 501) or answer it wrongly.
4. 429 and 5xx answers, and time-outs, are retried ``retries`` times after
   ``retry-wait`` seconds (doubled each time) or the ``Retry-After`` the
   server gives, up to ``max-retry-wait``.
5. Redirects are followed by hand, at most ``max-redirects``, each target
   resolved and checked like the first URL; a URL met twice is a loop.
6. Bodies are streamed and read only to find fragment ids in HTML, at most
   ``max-body`` bytes; otherwise the response is closed after its headers.

Errors never propagate: every URL gets a :class:`RemoteResult`.
"""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import os
import ssl
import time
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from notelint.links.cache import LinkCache
from notelint.links.fragments import FragmentFinder
from notelint.links.net import AddressPolicy, HostGate, ResolveError, Resolver
from notelint.links.progress import Progress
from notelint.links.results import REDIRECTS, RemoteResult
from notelint.links.settings import LinkSettings

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


def remap(url: str, settings: LinkSettings) -> str:
    """``url`` after the first matching ``remap`` rule (unchanged when none matches)."""
    for pattern, replacement in settings.remap_rules():
        if pattern.search(url):
            return pattern.sub(replacement, url, count=1)
    return url


class _Attempt(Exception):
    """One request failed in a way that ends the check of the URL."""

    def __init__(self, kind: str, detail: str, transient: bool = False) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail
        self.transient = transient


class _RedirectSeen(Exception):
    """Raised by the response hook for a redirect, before httpx builds the next request
    (which fails with ``InvalidURL`` for ``mailto:``, ``javascript:``... locations)."""

    def __init__(self, status: int, headers: httpx.Headers) -> None:
        super().__init__(status)
        self.status = status
        self.headers = headers


async def _stop_at_redirects(response: httpx.Response) -> None:
    if response.has_redirect_location:
        await response.aclose()
        raise _RedirectSeen(response.status_code, response.headers)


class RemoteChecker:
    """Checks many URLs concurrently with one httpx client.

    Args:
        settings: the ``[links]`` settings.
        cache: where results are looked up and stored.
        progress: advanced once per URL.
        environ: environment for ``${NAME}`` in configured headers.
    """

    def __init__(self, settings: LinkSettings, cache: LinkCache, progress: Progress | None = None,
                 environ: dict[str, str] | None = None) -> None:
        self.settings = settings
        self.cache = cache
        self.progress = progress
        self.environ = dict(os.environ) if environ is None else environ
        self.policy = AddressPolicy.from_settings(settings)
        self.resolver = Resolver(settings.timeout)
        self.gate = HostGate(settings.max_concurrency_per_host, settings.min_interval)
        self._global = asyncio.Semaphore(settings.max_concurrency)

    async def check_all(self, wanted: dict[str, frozenset[str]]) -> dict[str, RemoteResult]:
        """Check every URL of ``wanted`` (URL -> fragments to find); results by URL."""
        limits = httpx.Limits(max_connections=self.settings.max_concurrency,
                              max_keepalive_connections=self.settings.max_concurrency)
        timeout = httpx.Timeout(self.settings.timeout)
        async with httpx.AsyncClient(limits=limits, timeout=timeout, trust_env=False,
                                     follow_redirects=False, http2=False,
                                     event_hooks={"response": [_stop_at_redirects]}) as client:
            self._client = client
            urls = list(wanted)
            results = await asyncio.gather(*(self._check_cached(u, wanted[u]) for u in urls))
        return dict(zip(urls, results, strict=True))

    async def _check_cached(self, url: str, fragments: frozenset[str]) -> RemoteResult:
        want = fragments if self.settings.check_remote_fragments else frozenset()
        cached = self.cache.get(url, want)
        if cached is None:
            async with self._global:
                cached = await self.check_within_deadline(url, want)
            self.cache.put(cached)
        if self.progress is not None:
            self.progress.advance()
        return cached

    def url_deadline(self) -> float:
        """Seconds one URL may take in all, redirects and retries included."""
        s = self.settings
        return 3 * s.timeout + s.max_retry_wait

    async def check_within_deadline(self, url: str,
                                    fragments: frozenset[str] = frozenset()) -> RemoteResult:
        """:meth:`check` bounded by :meth:`url_deadline` (a slow server cannot hold a run)."""
        deadline = self.url_deadline()
        try:
            return await asyncio.wait_for(self.check(url, fragments), deadline)
        except asyncio.TimeoutError:
            result = RemoteResult(url)
            result.error, result.transient = "timeout", True
            result.detail = f"no complete answer within {deadline:g} s (redirects and retries included)"
            return result

    async def check(self, url: str, fragments: frozenset[str] = frozenset()) -> RemoteResult:
        """Check one URL (no fragment), following redirects; never raises."""
        result = RemoteResult(url)
        current = url
        seen = {url}
        try:
            for _ in range(self.settings.max_redirects + 1):
                status, location, finder = await self._with_retries(
                    remap(current, self.settings), fragments)
                result.status = status
                if status in REDIRECTS and location:
                    nxt = urldefrag(urljoin(current, location.strip()))[0]
                    result.redirects.append((status, nxt))
                    if urlsplit(nxt).scheme.lower() not in ("http", "https"):
                        raise _Attempt("scheme", f"redirects to `{_short(nxt)}`, which is not http(s)")
                    if nxt in seen:
                        raise _Attempt("loop", f"redirect loop back to `{nxt}`")
                    seen.add(nxt)
                    current = nxt
                    continue
                result.transient = status in _RETRY_STATUS
                if finder is not None:
                    result.is_html = True
                    # past the byte cap, a fragment not seen yet may still be further down:
                    # unknown, so counted as found
                    result.fragments = {f: f in finder.found or finder.matches(f)
                                        or finder.truncated for f in fragments}
                elif fragments and 200 <= status < 300:
                    result.fragments = dict.fromkeys(fragments, True)  # not HTML: nothing to find
                return result
            raise _Attempt("redirects", f"more than {self.settings.max_redirects} redirects",
                           transient=False)
        except _Attempt as exc:
            result.error, result.detail, result.transient = exc.kind, exc.detail, exc.transient
            return result
        except Exception as exc:
            result.error, result.transient = "connect", True
            result.detail = f"the answer could not be handled ({type(exc).__name__})"
            return result

    async def _with_retries(self, url: str, fragments: frozenset[str]
                            ) -> tuple[int, str | None, FragmentFinder | None]:
        s = self.settings
        wait = s.retry_wait
        method = "GET" if (s.method == "get" or fragments) else "HEAD"
        attempt = 0
        while True:
            try:
                status, headers, finder = await self._request(method, url, fragments)
            except _Attempt as exc:
                # a server that trickles its answer past the limit is not asked again
                if exc.kind != "timeout" or attempt >= s.retries or exc.detail.startswith(
                        "no complete answer"):
                    raise
                attempt += 1
                await asyncio.sleep(wait)
                wait *= 2
                continue
            if method == "HEAD" and status >= 400 and status not in _RETRY_STATUS:
                method = "GET"
                continue
            if status in _RETRY_STATUS:
                delay = _retry_after(headers.get("retry-after"), wait)
                if attempt >= s.retries or delay > s.max_retry_wait:
                    if status == 429:
                        raise _Attempt("rate-limited", "HTTP 429 Too Many Requests"
                                       + (f" (asked to wait {delay:g} s)" if delay > wait else ""),
                                       transient=True)
                    return status, None, finder
                attempt += 1
                await asyncio.sleep(delay)
                wait *= 2
                continue
            return status, headers.get("location"), finder

    async def _request(self, method: str, url: str, fragments: frozenset[str]
                       ) -> tuple[int, httpx.Headers, FragmentFinder | None]:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, ValueError) as exc:
            raise _Attempt("connect", f"not a valid URL ({exc})") from None
        host = parsed.raw_host.decode("ascii")  # IDNA A-labels, brackets removed for IPv6
        try:
            addresses = await self.resolver.resolve(host)
        except ResolveError as exc:
            raise _Attempt("dns-temporary" if exc.temporary else "dns", str(exc),
                           transient=exc.temporary) from None
        refused = [(a, self.policy.refusal(a)) for a in addresses]
        allowed = [a for a, why in refused if why is None]
        if not allowed:
            address, kind = refused[0]
            raise _Attempt("blocked", f"`{host}` is a {kind} address ({address})"
                           if str(address) == host.strip("[]") else
                           f"`{host}` resolves to a {kind} address ({address})")
        headers = {"Host": parsed.netloc.decode("ascii"), "User-Agent": self.settings.user_agent,
                   "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
        headers.update(self.settings.headers_for(host, self.environ))
        extensions = {"sni_hostname": host} if parsed.scheme == "https" else {}
        pinned = parsed.copy_with(host=str(allowed[0]))
        try:
            # one gate per server address: every spelling of a host (case, trailing dot,
            # IP literal forms) shares the per-host limit
            async with self.gate.slot(str(allowed[0])):
                return await asyncio.wait_for(
                    self._send(method, pinned, headers, extensions, fragments),
                    self.settings.timeout * 1.5)
        except asyncio.TimeoutError:
            raise _Attempt("timeout", f"no complete answer within {self.settings.timeout:g} s",
                           transient=True) from None
        except httpx.TimeoutException:
            raise _Attempt("timeout", f"no answer within {self.settings.timeout:g} s",
                           transient=True) from None
        except httpx.ConnectError as exc:
            raise _connect_error(exc) from None
        except (httpx.RemoteProtocolError, httpx.LocalProtocolError, httpx.ReadError,
                httpx.WriteError) as exc:
            raise _Attempt("protocol", f"the connection broke ({exc or type(exc).__name__})",
                           transient=True) from None
        except httpx.HTTPError as exc:
            raise _Attempt("connect", f"{type(exc).__name__}: {_first_line(exc)}",
                           transient=True) from None
        except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
            raise _Attempt("protocol", f"the answer could not be read ({type(exc).__name__})",
                           transient=True) from None

    async def _send(self, method: str, url: httpx.URL, headers: dict[str, str],
                    extensions: dict[str, str], fragments: frozenset[str]
                    ) -> tuple[int, httpx.Headers, FragmentFinder | None]:
        request = self._client.build_request(method, url, headers=headers, extensions=extensions)
        try:
            response = await self._client.send(request, stream=True)
        except _RedirectSeen as seen:
            return seen.status, seen.headers, None
        try:
            finder = None
            ctype = response.headers.get("content-type", "")
            if (method == "GET" and fragments and 200 <= response.status_code < 300
                    and "html" in ctype.lower()):
                finder = FragmentFinder(fragments, str(url.host))
                read = 0
                async for chunk in response.aiter_bytes():
                    read += len(chunk)
                    finder.feed(chunk)
                    if finder.done:
                        break
                    if read >= self.settings.max_body:
                        finder.truncated = True
                        break
            return response.status_code, response.headers, finder
        finally:
            await response.aclose()


def _connect_error(exc: httpx.ConnectError) -> _Attempt:
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 8:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    if any(isinstance(e, ssl.SSLError) for e in chain) or "SSL" in str(exc) or "certificate" in str(exc):
        return _Attempt("tls", f"TLS failed ({_first_line(exc)})")
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in str(exc).lower():
        return _Attempt("refused", "connection refused")
    return _Attempt("connect", f"could not connect ({_first_line(exc)})", transient=True)


def _short(url: str, limit: int = 200) -> str:
    """``url`` cut to ``limit`` characters for a message (a ``data:`` URL can be megabytes)."""
    return url if len(url) <= limit else url[:limit] + "…"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def _retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a ``Retry-After`` value (seconds or an HTTP date), else ``default``."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value[:12])  # a huge number is still just "too long"
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return default
    if when.tzinfo is None:  # "-0000" and zone-less dates: UTC (RFC 9110 dates are GMT)
        when = when.replace(tzinfo=datetime.timezone.utc)
    return max(0.0, when.timestamp() - time.time())


def run_checks(settings: LinkSettings, cache: LinkCache, wanted: dict[str, frozenset[str]],
               progress: Progress | None = None) -> dict[str, RemoteResult]:
    """Check ``wanted`` (URL -> fragments) and save the cache; usable inside a running loop."""
    checker = RemoteChecker(settings, cache, progress)

    def run() -> dict[str, RemoteResult]:
        return asyncio.run(checker.check_all(wanted))

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        results = run()
    else:  # called from async code: run the checks on a loop of their own
        import concurrent.futures

        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            results = pool.submit(run).result()
    cache.save()
    return results
