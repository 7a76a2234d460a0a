"""Host names and addresses: what can be decided about a URL's host without the network.

Data: ``notelint/data/tlds.txt``, the top-level domains delegated in the DNS
root zone (IANA's list, via the npm package ``tlds``; see the file's header).

* :func:`host_problem` says why a host name cannot name a server on the
  internet: a top-level domain that is not delegated, or a name that breaks
  the DNS length and character rules.  Names reserved by RFC 2606 / RFC 6761
  are answered separately (:func:`special_use`).
* :func:`special_use` answers, from the name alone, the names that RFC 6761
  tells resolvers to answer themselves: ``.invalid`` never resolves and
  ``localhost`` / ``.localhost`` are the loopback interface.
* :func:`address_kind` classifies an IP address as public or as one of the
  kinds notelint does not request by default (private, loopback, link-local,
  ...), looking through IPv4-mapped IPv6 addresses.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress

#: The characters of a host name label per RFC 1123 (letters, digits, hyphens), in its
#: ASCII (A-label) form: see :func:`_is_ldh_label`.
_LDH = "abcdefghijklmnopqrstuvwxyz0123456789-"


def _is_ldh_label(label: str) -> bool:
    """Whether ``label`` is a host name label per RFC 1123: 1 to 63 lower-case ASCII
    letters, digits and hyphens, no hyphen at either end."""
    return (0 < len(label) <= 63 and label[0] != "-" and label[-1] != "-"
            and not label.strip(_LDH))

#: Special-use top-level names (RFC 6761, RFC 6762, RFC 7686, RFC 8375, RFC 9476):
#: ``name -> what it is``.  Only ``invalid`` and ``localhost`` are answered without a
#: query; the others are reported as "not on the public internet" by :func:`host_problem`.
SPECIAL_USE: dict[str, str] = {
    "invalid": "reserved by RFC 6761 for names that never resolve",
    "localhost": "the loopback interface (RFC 6761)",
    "test": "reserved by RFC 6761 for testing",
    "example": "reserved by RFC 2606 for examples",
    "local": "multicast DNS on the local network (RFC 6762)",
    "onion": "a Tor onion service (RFC 7686)",
    "home.arpa": "a home network (RFC 8375)",
    "alt": "reserved for non-DNS name systems (RFC 9476)",
}


@functools.lru_cache(maxsize=1)
def delegated_tlds() -> frozenset[str]:
    """The delegated top-level domains, lower case, in both U-label and A-label form."""
    names = set(_listed_tlds())
    for line in _listed_tlds():
        if not line.isascii():
            with contextlib.suppress(UnicodeError):  # the list is valid IDNA
                names.add(line.encode("idna").decode("ascii"))
    return frozenset(names)


@functools.lru_cache(maxsize=1)
def _listed_tlds() -> frozenset[str]:
    """The top-level domains as ``data/tlds.txt`` lists them (internationalised ones as
    U-labels): :func:`delegated_tlds` without the A-labels, whose IDNA encoding takes
    longer than reading the list.  An ASCII name that does not begin with ``xn--`` is
    delegated exactly when it is listed here."""
    import pkgutil  # when a host is first checked

    data = pkgutil.get_data("notelint", "data/tlds.txt")  # also from a zip
    if data is None:
        raise OSError("notelint's loader cannot read its data file tlds.txt")
    names: set[str] = set()
    for line in data.decode("utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.add(line)
    return frozenset(names)


def to_ascii(host: str) -> str | None:
    """``host`` in lower-case ASCII (IDNA A-labels), or ``None`` if it cannot be encoded."""
    host = host.rstrip(".").lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def is_ip_literal(host: str) -> bool:
    """Whether ``host`` is an IPv4 address or a bracketed/bare IPv6 address."""
    return parse_ip(host) is not None


def parse_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address ``host`` spells (``[::1]`` or ``::1`` or ``127.0.0.1``), else ``None``."""
    h = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    h = h.split("%", 1)[0]
    if ":" not in h and not (h.isascii() and h.replace(".", "").isdigit()):
        return None  # neither IPv6 (colons) nor IPv4 (ASCII digits and dots): a name
    try:
        return ipaddress.ip_address(h)
    except ValueError:
        return None


def special_use(host: str) -> str | None:
    """The special-use top-level name ``host`` falls under (``"invalid"``, ...), else ``None``."""
    name = host.rstrip(".").lower()
    if name.endswith("home.arpa") and (name == "home.arpa" or name.endswith(".home.arpa")):
        return "home.arpa"
    tld = name.rsplit(".", 1)[-1]
    return tld if tld in SPECIAL_USE else None


def host_problem(host: str) -> str | None:
    """Why ``host`` (from an http(s) URL) cannot name a server on the internet, else ``None``.

    Returns ``None`` for IP literals, single-label names (``localhost``,
    intranet names: left to the address checks) and special-use names other
    than ``.test``/``.example``/``.alt``/``.onion``-like reserved ones.

    Messages name the offending part, e.g. ```.dott` is not a top-level domain``.
    """
    if not host:
        return "the host is empty"
    if is_ip_literal(host):
        return None
    name = host[:-1] if host.endswith(".") else host
    if "." not in name:
        return None
    if len(name) > 253:
        return f"the name is {len(name)} characters long (DNS allows 253)"
    ascii_name = to_ascii(name)
    if ascii_name is None:
        return "the name is not a valid internationalised domain name"
    labels = ascii_name.split(".")
    for label in labels:
        if not label:
            return "the name has an empty label (`..`)"
        if len(label) > 63:
            return f"the label `{label[:20]}...` is {len(label)} characters long (DNS allows 63)"
        if not _is_ldh_label(label) and "_" not in label:
            return f"the label `{label}` has characters a host name cannot have"
    special = special_use(ascii_name)
    if special in ("test", "example", "alt"):
        return f"`.{special}` is {SPECIAL_USE[special]}"
    if special is not None:
        return None
    tld = labels[-1]
    if tld.isdigit():
        return "the name ends in a number, which no top-level domain is"
    if tld not in (delegated_tlds() if tld.startswith("xn--") else _listed_tlds()):
        return f"`.{name.rsplit('.', 1)[-1]}` is not a top-level domain"
    return None


_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_V4_COMPATIBLE = ipaddress.ip_network("::/96")


def embedded_ipv4(address: ipaddress.IPv4Address | ipaddress.IPv6Address
                  ) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries and reaches, else ``None``.

    IPv4-mapped ``::ffff:a.b.c.d`` (RFC 4291), IPv4-compatible ``::a.b.c.d``
    (deprecated, RFC 4291), 6to4 ``2002:AABB:CCDD::/48`` (RFC 3056), Teredo
    ``2001:0::/32`` (the client, RFC 4380) and NAT64 ``64:ff9b::/96`` (RFC 6052)
    and ``64:ff9b:1::/48`` (RFC 8215, last 32 bits).
    """
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in net for net in _NAT64) or (
            address in _V4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What kind of non-public address ``address`` is, or ``None`` for a public one.

    Kinds: ``"loopback"``, ``"link-local"`` (including cloud metadata
    services such as 169.254.169.254), ``"private"``, ``"unspecified"``,
    ``"multicast"``, ``"reserved"``.  IPv6 addresses that carry an IPv4
    address (:func:`embedded_ipv4`: mapped, compatible, 6to4, Teredo, NAT64)
    are judged by that IPv4 address.
    """
    inner = embedded_ipv4(address)
    if inner is not None:
        address = inner
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_unspecified:
        return "unspecified"
    if address.is_multicast:
        return "multicast"
    if address.is_private:
        return "private"
    if address.is_reserved or not address.is_global:
        return "reserved"
    return None
