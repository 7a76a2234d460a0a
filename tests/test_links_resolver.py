"""Name resolution when the machine resolves nothing: unknown (LK004), never dead (LK001).

A machine without a network or a DNS server answers "no such name" for every
name.  The resolver checks once per run, after a failure, that a name which
always resolves does; if it does not either, failed look-ups are unknown.
``socket.getaddrinfo`` is replaced here: nothing is looked up for real.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest

from notelint.api import lint_paths
from notelint.links.net import CONTROL_NAME, ResolveError, Resolver
from notelint.rule import RunOptions

SETTINGS = "[links]\ntimeout = 0.5\nretries = 0\n"


def fake_dns(monkeypatch: pytest.MonkeyPatch, known: set[str]) -> list[str]:
    """Make ``socket.getaddrinfo`` resolve ``known`` names to 192.0.2.1 and no other name."""
    asked: list[str] = []

    def getaddrinfo(host: str, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        asked.append(host)
        if host in known:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.0.2.1", 0))]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def resolve_all(hosts: list[str]) -> list[str]:
    """Resolve ``hosts`` with one resolver; ``"ok"`` or ``"temporary: …"`` / ``"dead: …"`` each."""
    async def main() -> list[str]:
        resolver = Resolver(timeout=2)
        out = []
        for host in hosts:
            try:
                await resolver.resolve(host)
                out.append("ok")
            except ResolveError as exc:
                out.append(("temporary: " if exc.temporary else "dead: ") + str(exc))
        return out
    return asyncio.run(main())


def test_a_missing_name_is_dead_when_names_resolve(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = fake_dns(monkeypatch, {CONTROL_NAME, "docs.python.org"})
    assert resolve_all(["docs.python.org", "gone.example.net", "also-gone.example.net"]) == [
        "ok", "dead: `gone.example.net` does not resolve",
        "dead: `also-gone.example.net` does not resolve"]
    assert asked.count(CONTROL_NAME) == 1  # checked once per run, only after a failure


def test_nothing_resolves_means_unknown_not_dead(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = fake_dns(monkeypatch, set())
    found = resolve_all(["gone.example.net", "docs.python.org"])
    assert found == [
        f"temporary: `{h}` could not be looked up: no name resolves here (not even "
        f"`{CONTROL_NAME}`); is the network down?" for h in ("gone.example.net", "docs.python.org")]
    assert asked.count(CONTROL_NAME) == 1


def test_no_control_lookup_without_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = fake_dns(monkeypatch, {"docs.python.org"})
    assert resolve_all(["docs.python.org", "127.0.0.1", "localhost", "x.invalid"]) == [
        "ok", "ok", "ok", "dead: `x.invalid` does not resolve (`.invalid` names never do, RFC 6761)"]
    assert asked == ["docs.python.org"]


def test_offline_machine_gives_lk004_for_every_link(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, set())
    (tmp_path / ".notelint.toml").write_text(SETTINGS, encoding="utf-8")
    note = tmp_path / "a.md"
    note.write_text("[a](https://docs.python.org/3/)\n\n<https://gone.example.net/x>\n",
                    encoding="utf-8")
    result = lint_paths([str(note)], select=["LK"],
                        run=RunOptions(offline=False, cache_dir=tmp_path / "cache"))
    found = [(d.code, d.line, d.column, d.message) for d in result.diagnostics]
    assert found == [
        ("LK004", 1, 5, "Could not verify `https://docs.python.org/3/`: `docs.python.org` could "
                        f"not be looked up: no name resolves here (not even `{CONTROL_NAME}`); "
                        "is the network down?"),
        ("LK004", 3, 2, "Could not verify `https://gone.example.net/x`: `gone.example.net` could "
                        f"not be looked up: no name resolves here (not even `{CONTROL_NAME}`); "
                        "is the network down?"),
    ]
    # Unknown results are not kept: with names resolving again, the link is checked anew.
    fake_dns(monkeypatch, {CONTROL_NAME})
    result = lint_paths([str(note)], select=["LK"],
                        run=RunOptions(offline=False, cache_dir=tmp_path / "cache"))
    assert [(d.code, d.line, d.message) for d in result.diagnostics] == [
        ("LK001", 1, "Link `https://docs.python.org/3/` is dead: `docs.python.org` does not resolve"),
        ("LK001", 3, "Link `https://gone.example.net/x` is dead: `gone.example.net` does not resolve"),
    ]
