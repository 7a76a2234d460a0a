"""Name resolution, the address policy, and per-host politeness for remote checks.

* :class:`Resolver` resolves each host once per run (``getaddrinfo`` in a
  thread, with a timeout).  Following RFC 6761 it answers two kinds of names
  itself, without a query: ``.invalid`` names never resolve, ``localhost``
  and ``*.localhost`` are the loopback addresses.  Before it calls a name
  non-existent, it checks once per run that names resolve at all (a machine
  without a network or a DNS server answers "no such name" for every name):
  if :data:`CONTROL_NAME` does not resolve either, every failed look-up of
  the run is "could not be looked up" (unknown), never "does not resolve".
* :class:`AddressPolicy` decides which resolved addresses may be requested:
  public ones always; private, loopback, link-local and other non-public
  ones (see :func:`notelint.links.hosts.address_kind`) only when
  ``allow-private`` is set or ``allow-networks`` contains them.  Requests
  are then sent to the checked address itself, so a name cannot resolve to
  another address between the check and the connection.
* :class:`HostGate` limits requests per host: at most
  ``max-concurrency-per-host`` at once, and ``min-interval`` seconds between
  the starts of two of them.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import NamedTuple

from notelint.links.hosts import address_kind, embedded_ipv4, parse_ip, special_use
from notelint.links.settings import LinkSettings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_LOOPBACK = (ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1"))
#: A name that always resolves on a working resolver (reserved for examples and kept
#: resolving by IANA, RFC 2606 §3); looked up at most once per run, only after a failure.
CONTROL_NAME = "example.com"


class ResolveError(Exception):
    """A host name did not resolve.

    Attributes:
        temporary: the resolver could not answer (no DNS server reachable,
            a time-out): nothing is known about the name.
    """

    def __init__(self, message: str, temporary: bool = False) -> None:
        super().__init__(message)
        self.temporary = temporary


class Resolver:
    """Resolves host names, each once per run (concurrent callers share one lookup)."""

    def __init__(self, timeout: float, control: str = CONTROL_NAME) -> None:
        self.timeout = timeout
        self.control = control
        self._lookups: dict[str, asyncio.Future[list[IPAddress]]] = {}
        self._working: asyncio.Future[bool] | None = None

    async def resolve(self, host: str) -> list[IPAddress]:
        """The addresses of ``host`` (an IP literal gives itself).

        Raises:
            ResolveError: the name does not resolve (``temporary`` when unknown).
        """
        literal = parse_ip(host)
        if literal is not None:
            return [literal]
        key = host.rstrip(".").lower()
        special = special_use(key)
        if special == "invalid":
            raise ResolveError(f"`{host}` does not resolve (`.invalid` names never do, RFC 6761)")
        if special == "localhost":
            return list(_LOOPBACK)
        task = self._lookups.get(key)
        if task is None:
            task = self._lookups[key] = asyncio.ensure_future(self._checked_lookup(key))
        return list(await task)

    async def resolves_at_all(self) -> bool:
        """Whether this machine resolves names: :attr:`control` resolves (asked once per run)."""
        if self._working is None:
            self._working = asyncio.ensure_future(self._control())
        return await self._working

    async def _control(self) -> bool:
        try:
            await self._lookup(self.control)
        except ResolveError:
            return False
        return True

    async def _checked_lookup(self, host: str) -> list[IPAddress]:
        try:
            return await self._lookup(host)
        except ResolveError as exc:
            if exc.temporary or host == self.control or await self.resolves_at_all():
                raise
            raise ResolveError(f"`{host}` could not be looked up: no name resolves here "
                               f"(not even `{self.control}`); is the network down?",
                               temporary=True) from None

    async def _lookup(self, host: str) -> list[IPAddress]:
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(
                loop.getaddrinfo(host, None, type=socket.SOCK_STREAM), self.timeout)
        except asyncio.TimeoutError:
            raise ResolveError(f"looking up `{host}` took longer than {self.timeout:g} s",
                               temporary=True) from None
        except (socket.gaierror, UnicodeError) as exc:
            code = getattr(exc, "errno", None)
            temporary = code in (socket.EAI_AGAIN, getattr(socket, "EAI_SYSTEM", None)) or (
                code is not None and code not in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)))
            reason = "could not be looked up" if temporary else "does not resolve"
            raise ResolveError(f"`{host}` {reason}", temporary=temporary) from None
        out: list[IPAddress] = []
        for _family, _type, _proto, _canon, sockaddr in infos:
            ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
            if ip not in out:
                out.append(ip)
        if not out:
            raise ResolveError(f"`{host}` has no address")
        return out


class AddressPolicy(NamedTuple):
    """Which addresses may be requested (see the module docstring)."""

    allow_private: bool
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]

    @classmethod
    def from_settings(cls, settings: LinkSettings) -> AddressPolicy:
        """The policy of the ``[links]`` settings."""
        return cls(settings.allow_private, tuple(settings.networks()))

    def refusal(self, address: IPAddress) -> str | None:
        """Why ``address`` may not be requested (its kind, e.g. ``"loopback"``), else ``None``."""
        kind = address_kind(address)
        if kind is None or self.allow_private:
            return None
        probe = embedded_ipv4(address) or address
        for net in self.networks:
            if probe.version == net.version and probe in net:
                return None
        return kind


class HostGate:
    """Per-host concurrency limit and minimum interval between request starts."""

    def __init__(self, per_host: int, interval: float) -> None:
        self.per_host = per_host
        self.interval = interval
        self._sems: dict[str, asyncio.Semaphore] = {}
        self._next: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold one of ``host``'s request slots, starting no sooner than the interval allows."""
        sem = self._sems.setdefault(host, asyncio.Semaphore(self.per_host))
        async with sem:
            if self.interval > 0:
                lock = self._locks.setdefault(host, asyncio.Lock())
                async with lock:
                    now = time.monotonic()
                    start = max(now, self._next.get(host, 0.0))
                    self._next[host] = start + self.interval
                if start > now:
                    await asyncio.sleep(start - now)
            yield
