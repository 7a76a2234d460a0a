"""Hostile servers and addresses: every request of this file goes to 127.0.0.1 or is refused
before any connection."""

from __future__ import annotations

import ipaddress
import os
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


# -- servers that misbehave -------------------------------------------------------------

import socket  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402


@contextmanager
def raw_server(answer: Callable[[socket.socket], None]) -> Iterator[str]:
    """A TCP server on 127.0.0.1 that reads one request per connection and runs ``answer``."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    srv.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(5)
                try:
                    conn.recv(65536)
                    answer(conn)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        srv.close()


def _trickle(conn: socket.socket) -> None:
    for ch in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 40:
        conn.sendall(bytes([ch]))
        time.sleep(0.1)


def _bad_status(conn: socket.socket) -> None:
    conn.sendall(b"\x1b]52;c;owned\x07 NOT HTTP\r\n\r\n")


def _huge_header(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Big: " + b"\x1b[2J" * 20000 + b"\r\n\r\n")


def _many_headers(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(150))
                 + b"Content-Length: 2\r\n\r\n{}")


def _not_json(conn: socket.socket) -> None:
    body = b"\x1b[31m<html>owned</html>"
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)


@pytest.mark.parametrize(("answer", "reason"), [
    (_trickle, "no complete answer from {url}/v2/check within 1 s"),
    (_bad_status, "{url}/v2/check did not answer as an HTTP server (BadStatusLine)"),
    (_huge_header, "{url}/v2/check did not answer as an HTTP server (LineTooLong)"),
    (_many_headers, "{url}/v2/check did not answer as an HTTP server (HTTPException)"),
    (_not_json, "{url}/v2/check did not answer with LanguageTool's JSON (JSONDecodeError)"),
])
def test_languagetool_servers_that_misbehave_give_a_clear_error(
        answer: Callable[[socket.socket], None], reason: str) -> None:
    from notelint.spelling.languagetool import LanguageToolError, check_text

    with raw_server(answer) as url:
        start = time.monotonic()
        with pytest.raises(LanguageToolError) as info:
            check_text(url, "Some text.", "en-US", timeout=1.0)
        assert time.monotonic() - start < 3  # the timeout bounds the whole exchange
    assert str(info.value) == reason.format(url=url)
    assert "\x1b" not in str(info.value) and "owned" not in str(info.value)


def test_a_misbehaving_languagetool_server_leaves_the_offline_checks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("# T\n\nThis sentence has a speling mistake.\n", encoding="utf-8")
    with raw_server(_bad_status) as url:
        (tmp_path / ".notelint.toml").write_text(
            f'[spelling]\nlanguagetool-url = "{url}"\nlanguagetool-timeout = 1\n',
            encoding="utf-8")
        result = lint_paths(["a.md"], select=["SP001"], run=RunOptions(offline=False))
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("SP001", 3, 21)]
    assert "did not answer as an HTTP server" in caplog.text and "\x1b" not in caplog.text


# -- link servers ------------------------------------------------------------------------

def _redirect_to(location: bytes) -> Callable[[socket.socket], None]:
    def answer(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 301 Moved\r\nLocation: " + location
                     + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    return answer


@pytest.mark.parametrize("location", [b"mailto:a@b.example", b"javascript:alert(1)",
                                      b"data:text/html,hi", b"tel:123", b"urn:isbn:1"])
def test_redirects_to_other_schemes_are_unverifiable_not_a_crash(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, location: bytes) -> None:
    monkeypatch.chdir(tmp_path)
    with raw_server(_redirect_to(location)) as url:
        (tmp_path / ".notelint.toml").write_text(
            '[links]\nallow-networks = ["127.0.0.1"]\ntimeout = 2\nretries = 0\ncache = false\n',
            encoding="utf-8")
        (tmp_path / "a.md").write_text(f"[x]({url}/r)\n", encoding="utf-8")
        result = lint_paths(["a.md"], select=["LK001", "LK004"], run=RunOptions())
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("LK004", 1, 5)]
    assert result.diagnostics[0].message.endswith(
        f"redirects to `{location.decode()}`, which is not http(s)")


def test_a_trickling_link_server_costs_one_timeout_not_three(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with raw_server(_trickle) as url:
        (tmp_path / ".notelint.toml").write_text(
            '[links]\nallow-networks = ["127.0.0.1"]\ntimeout = 1\nretries = 2\n'
            "retry-wait = 0.1\ncache = false\n", encoding="utf-8")
        (tmp_path / "a.md").write_text(f"[x]({url}/slow)\n", encoding="utf-8")
        start = time.monotonic()
        result = lint_paths(["a.md"], select=["LK004"], run=RunOptions())
        elapsed = time.monotonic() - start
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("LK004", 1, 5)]
    assert "no complete answer within 1 s" in result.diagnostics[0].message
    assert elapsed < 3.5  # 1.5 s for the one attempt; retrying would take 4.5 s or more


def test_retry_after_in_seconds_and_as_an_http_date() -> None:
    import email.utils

    from notelint.links.remote import _retry_after

    assert _retry_after("7", 1.0) == 7.0
    assert _retry_after("99999999999999999999", 1.0) > 1e9  # huge: "too long", not an error
    soon = email.utils.formatdate(time.time() + 60, usegmt=True)
    assert 55 <= _retry_after(soon, 1.0) <= 61
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1.0) == 0.0  # in the past
    assert _retry_after("not a date", 1.5) == 1.5
    assert _retry_after("Mon, 99 Foo 2015 99:99:99 -0000", 1.5) == 1.5


# -- the link cache ----------------------------------------------------------------------

def _cache_file(folder: Path) -> Path:
    from notelint.links.cache import FILE_NAME

    path = folder / "links" / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("content", [b"[" * 1_000_000, b"\xff\xfe", b'{"version": 1, "entries": {"u": {"checked": 1, "result": 5}}}'])
def test_a_corrupt_cache_is_rebuilt_not_trusted(tmp_path: Path, content: bytes) -> None:
    from notelint.links.cache import LinkCache
    from notelint.links.results import RemoteResult

    _cache_file(tmp_path).write_bytes(content)
    cache = LinkCache(tmp_path, 3600)
    assert cache.note is not None and "discarded and will be rebuilt" in cache.note
    cache.put(RemoteResult("http://example.com/", status=200))
    cache.save()
    assert LinkCache(tmp_path, 3600).get("http://example.com/") is not None


def test_a_malformed_result_is_discarded_when_asked_for_and_left_out_by_the_save(
        tmp_path: Path) -> None:
    import json

    from notelint.links.cache import LinkCache
    from notelint.links.results import RemoteResult

    good = RemoteResult("http://good.example/", status=200).to_json()
    entries = {"http://good.example/": {"checked": time.time(), "result": good},
               "http://bad.example/": {"checked": time.time(), "result": {"url": 5}}}
    _cache_file(tmp_path).write_text(json.dumps({"version": 1, "entries": entries}))
    cache = LinkCache(tmp_path, 3600)
    assert cache.note is None  # the file's shape is right; results are decoded on demand
    hit = cache.get("http://good.example/")
    assert hit is not None and hit.status == 200
    assert cache.get("http://bad.example/") is None
    assert cache.note is not None and "malformed result" in cache.note
    assert cache.get("http://bad.example/") is None  # discarded, not decoded again
    cache.save()
    stored = json.loads(_cache_file(tmp_path).read_text())["entries"]
    assert sorted(stored) == ["http://good.example/"]


def test_a_fifo_in_place_of_the_cache_does_not_hang(tmp_path: Path) -> None:
    from notelint.links.cache import LinkCache

    os.mkfifo(_cache_file(tmp_path))
    cache = LinkCache(tmp_path, 3600)
    assert cache.note is not None and "not a regular file" in cache.note


def test_concurrent_runs_keep_each_others_results(tmp_path: Path) -> None:
    from notelint.links.cache import LinkCache
    from notelint.links.results import RemoteResult

    first, second = LinkCache(tmp_path, 3600), LinkCache(tmp_path, 3600)  # both start empty
    first.put(RemoteResult("http://a.example/", status=200))
    second.put(RemoteResult("http://b.example/", status=200))
    first.save()
    second.save()
    merged = LinkCache(tmp_path, 3600)
    assert merged.get("http://a.example/") is not None and merged.get("http://b.example/") is not None


def test_a_failed_save_leaves_no_temporary_file(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from notelint.links.cache import LinkCache
    from notelint.links.results import RemoteResult

    cache = LinkCache(tmp_path, 3600)
    cache.put(RemoteResult("http://a.example/", status=200))

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json, "dump", full)
    cache.save()
    assert [p.name for p in (tmp_path / "links").iterdir() if p.name.endswith(".tmp")] == []
