"""Hostile servers and addresses: every request of this file goes to 127.0.0.1 or is refused
before any connection."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from notelint.api import lint_paths
from notelint.links.hosts import address_kind, embedded_ipv4
from notelint.links.net import AddressPolicy
from notelint.rule import RunOptions


@pytest.mark.parametrize(("address", "kind"), [
    ("2002:7f00:1::1", "loopback"),                    # 6to4 of 127.0.0.1
    ("2002:a9fe:a9fe::1", "link-local"),               # 6to4 of 169.254.169.254
    ("2002:c0a8:0101::", "private"),                   # 6to4 of 192.168.1.1
    ("64:ff9b::7f00:1", "loopback"),                   # NAT64 of 127.0.0.1
    ("64:ff9b:1::a00:1", "private"),                   # local-use NAT64 of 10.0.0.1
    ("::127.0.0.1", "loopback"),                       # IPv4-compatible
    ("::ffff:10.0.0.1", "private"),                    # IPv4-mapped
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"),  # Teredo client 127.0.0.1
    ("2002:0808:0808::1", None),                       # 6to4 of a public address
    ("64:ff9b::808:808", None),
    ("2606:4700::1", None),
])
def test_ipv6_embeddings_of_ipv4_are_judged_by_the_ipv4_address(address: str,
                                                                  kind: str | None) -> None:
    assert address_kind(ipaddress.ip_address(address)) == kind


def test_allow_networks_match_the_embedded_address() -> None:
    policy = AddressPolicy(False, (ipaddress.ip_network("127.0.0.0/8"),))
    assert policy.refusal(ipaddress.ip_address("2002:7f00:1::1")) is None
    assert embedded_ipv4(ipaddress.ip_address("2002:7f00:1::1")) == ipaddress.ip_address("127.0.0.1")
    assert AddressPolicy(False, ()).refusal(ipaddress.ip_address("2002:7f00:1::1")) == "loopback"


def test_a_6to4_link_to_loopback_is_not_requested(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".notelint.toml").write_text("[links]\ncache = false\ntimeout = 2\n",
                                             encoding="utf-8")
    (tmp_path / "a.md").write_text("[x](http://[2002:7f00:1::1]/)\n", encoding="utf-8")
    result = lint_paths(["a.md"], select=["LK004"], run=RunOptions(cache_dir=tmp_path / "c"))
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("LK004", 1, 5)]
    assert "is a loopback address (2002:7f00:1::1)" in result.diagnostics[0].message
