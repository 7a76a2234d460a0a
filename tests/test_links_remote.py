"""LK rules against real HTTP servers on 127.0.0.1 (no mocks): statuses, redirects, retries,
time-outs, capped bodies, fragments, safety, cache, politeness.

Every request of this file goes to 127.0.0.1; names that must not resolve use
``.invalid`` (answered without a query, RFC 6761).
"""

from __future__ import annotations

import itertools
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from notelint.api import lint_paths
from notelint.rule import RunOptions

BIG = 64 * 1024 * 1024


@dataclass
class Log:
    """What the server saw."""

    hits: dict[str, int] = field(default_factory=dict)
    methods: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    big_sent: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    starts: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log: Log

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, code: int, headers: tuple[tuple[str, str], ...] = (), body: bytes = b"") -> None:
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._route()

    def do_GET(self) -> None:
        self._route()

    def _route(self) -> None:
        log, p = self.log, self.path
        with log.lock:
            log.hits[p] = log.hits.get(p, 0) + 1
            log.methods.setdefault(p, []).append(self.command)
            log.headers[p] = dict(self.headers)
            n = log.hits[p]
        if p in ("/ok", "/ok2", "/new"):
            return self._send(200, (("Content-Type", "text/plain"),), b"ok")
        if p in ("/404", "/410"):
            return self._send(int(p[1:]))
        if p == "/403":
            return self._send(403)
        if p == "/500":
            return self._send(500)
        if p == "/moved":
            return self._send(301, (("Location", "/new"),))
        if p == "/perm1":
            return self._send(301, (("Location", "/perm2"),))
        if p == "/perm2":
            return self._send(308, (("Location", f"http://127.0.0.1:{self.server.server_port}/ok"),))
        if p == "/temp":
            return self._send(302, (("Location", "/moved"),))
        if p == "/loop-a":
            return self._send(302, (("Location", "/loop-b"),))
        if p == "/loop-b":
            return self._send(302, (("Location", "/loop-a"),))
        if p == "/to-metadata":
            return self._send(302, (("Location", "http://169.254.169.254/latest/meta-data/"),))
        if p == "/to-dead":
            return self._send(301, (("Location", "/404"),))
        if p == "/429":
            return self._send(429, (("Retry-After", "1"),)) if n == 1 else self._send(200)
        if p == "/429-long":
            return self._send(429, (("Retry-After", "3600"),))
        if p == "/slow":
            time.sleep(1.5)
            return self._send(200)
        if p == "/head405":
            return self._send(405) if self.command == "HEAD" else self._send(200, body=b"x")
        if p == "/page":
            return self._send(200, (("Content-Type", "text/html; charset=utf-8"),),
                              b'<html><body><h2 id="present">x</h2><a name="named"></a></body></html>')
        if p == "/big":
            return self._big()
        if p == "/auth":
            ok = self.headers.get("Authorization") == "Bearer s3cret-token"
            return self._send(200 if ok else 401)
        if p.startswith("/conc/"):
            with log.lock:
                log.in_flight += 1
                log.max_in_flight = max(log.max_in_flight, log.in_flight)
                log.starts.append(time.monotonic())
            time.sleep(0.3)  # long enough that a loaded machine still overlaps two requests
            with log.lock:
                log.in_flight -= 1
            return self._send(200)
        return self._send(404)

    def _big(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(BIG))
        self.end_headers()
        if self.command == "HEAD":
            return
        chunk = b"<p>" + b"a" * 65533 + b"\n"
        try:
            for _ in range(BIG // len(chunk)):
                self.wfile.write(chunk)
                self.log.big_sent += len(chunk)
        except OSError:
            pass


@pytest.fixture()
def server() -> Iterator[tuple[str, Log]]:
    log = Log()
    handler = type("H", (Handler,), {"log": log})
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}", log
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)


@pytest.fixture(autouse=True)
def _run_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the test's folder: its configuration is then the top one, which may allow
    127.0.0.1 and send headers (see docs/security.md)."""
    monkeypatch.chdir(tmp_path)


SETTINGS = """\
[links]
allow-networks = ["127.0.0.1"]
timeout = 0.5
retries = 1
retry-wait = 0.1
"""


def run(tmp_path: Path, notes: dict[str, str], settings: str = SETTINGS, *,
        offline: bool = False, select: tuple[str, ...] = ("LK",)) -> list[tuple[str, str, int, int, str]]:
    """Lint ``notes`` (name -> text) with ``settings``; ``(file, code, line, col, message)`` sorted."""
    (tmp_path / ".notelint.toml").write_text(settings, encoding="utf-8")
    for name, text in notes.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = lint_paths([str(tmp_path / n) for n in notes], select=list(select),
                        run=RunOptions(offline=offline, cache_dir=tmp_path / "cache"))
    return [(Path(d.path).name, d.code, d.line, d.column, d.message) for d in result.diagnostics]


def codes(found: list[tuple[str, str, int, int, str]]) -> list[tuple[str, int, int]]:
    return [(c, line, col) for _, c, line, col, _ in found]


def test_statuses_give_exact_findings(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    note = f"# Links\n\n[ok]({base}/ok) and [gone]({base}/404)\n- <{base}/410>\n- {base}/403\n"
    found = run(tmp_path, {"a.md": note})
    col404 = len(f"[ok]({base}/ok) and [gone](") + 1
    assert codes(found) == [("LK001", 3, col404), ("LK001", 4, 4), ("LK004", 5, 3)]
    assert found[0][4] == f"Link `{base}/404` is dead: HTTP 404 Not Found"
    assert found[1][4] == f"Link `{base}/410` is dead: HTTP 410 Gone"
    assert found[2][4].startswith(f"Could not verify `{base}/403`: HTTP 403 Forbidden")
    assert log.methods["/ok"] == ["HEAD"]


def test_redirects(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, _ = server
    note = (f"[a]({base}/moved)\n[b]({base}/perm1#sec)\n[c]({base}/temp)\n"
            f"[d]({base}/loop-a)\n[e]({base}/to-dead)\n")
    found = run(tmp_path, {"a.md": note})
    assert codes(found) == [("LK005", 1, 5), ("LK005", 2, 5), ("LK001", 4, 5), ("LK001", 5, 5)]
    assert found[0][4] == f"Link `{base}/moved` redirects permanently (301) to `{base}/new`"
    assert found[1][4] == f"Link `{base}/perm1#sec` redirects permanently (301) to `{base}/ok#sec`"
    assert "redirect loop" in found[2][4]
    assert found[3][4] == f"Link `{base}/to-dead` is dead: HTTP 404 Not Found (after redirects to `{base}/404`)"


def test_redirect_fix_rewrites_the_url(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, _ = server
    (tmp_path / ".notelint.toml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "a.md").write_text(f"See [a]({base}/moved).\n", encoding="utf-8")
    result = lint_paths([str(tmp_path / "a.md")], select=["LK005"],
                        run=RunOptions(cache_dir=tmp_path / "cache"))
    (d,) = result.diagnostics
    assert d.fix is not None and not d.fix.safe
    (edit,) = d.fix.edits
    text = (tmp_path / "a.md").read_text()
    assert text[:edit.start_offset] + edit.replacement + text[edit.end_offset:] == f"See [a]({base}/new).\n"


def test_429_retry_after_is_honoured(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    t0 = time.monotonic()
    found = run(tmp_path, {"a.md": f"[a]({base}/429)\n"})
    assert found == []
    assert time.monotonic() - t0 >= 1.0
    assert log.hits["/429"] == 2


def test_429_asking_too_long_is_unverifiable_and_not_cached(tmp_path: Path,
                                                            server: tuple[str, Log]) -> None:
    base, log = server
    t0 = time.monotonic()
    found = run(tmp_path, {"a.md": f"[a]({base}/429-long)\n"})
    assert codes(found) == [("LK004", 1, 5)]
    assert "429 Too Many Requests" in found[0][4]
    assert time.monotonic() - t0 < 3
    run(tmp_path, {"a.md": f"[a]({base}/429-long)\n"})
    assert log.hits["/429-long"] == 2  # asked again: a 429 is not cached


def test_slow_response_times_out(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, _ = server
    t0 = time.monotonic()
    found = run(tmp_path, {"a.md": f"[a]({base}/slow)\n"},
                SETTINGS.replace("retries = 1", "retries = 0").replace("timeout = 0.5", "timeout = 0.3"))
    assert codes(found) == [("LK004", 1, 5)]
    assert "no answer within 0.3 s" in found[0][4]
    assert time.monotonic() - t0 < 1.4


def test_head_refused_falls_back_to_get(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    assert run(tmp_path, {"a.md": f"[a]({base}/head405)\n"}) == []
    assert log.methods["/head405"] == ["HEAD", "GET"]


def test_big_body_is_not_downloaded(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    settings = SETTINGS + "check-remote-fragments = true\nmax-body = 65536\ntimeout = 5\n"
    settings = settings.replace("timeout = 0.5\n", "")
    t0 = time.monotonic()
    found = run(tmp_path, {"a.md": f"[a]({base}/big)\n[b]({base}/big#far-down)\n"}, settings)
    assert found == []  # the id may be past the cap: unknown, not missing
    assert time.monotonic() - t0 < 3
    time.sleep(0.2)
    assert log.big_sent < 8 * 1024 * 1024, log.big_sent
    assert log.methods["/big"] == ["GET"]  # one request for both links


def test_connection_refused_and_unresolvable_name(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    found = run(tmp_path, {"a.md": f"[a](http://127.0.0.1:{port}/x)\n[b](https://docs.nowhere.invalid/)\n"})
    assert codes(found) == [("LK001", 1, 5), ("LK001", 2, 5)]
    assert found[0][4].endswith("is dead: connection refused")
    assert "does not resolve" in found[1][4]


def test_fragments_in_remote_pages(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    note = f"[a]({base}/page#present) [b]({base}/page#absent) [c]({base}/page#named)\n"
    found = run(tmp_path, {"a.md": note}, SETTINGS + "check-remote-fragments = true\n")
    col = note.index(f"{base}/page#absent") + 1
    assert codes(found) == [("LK003", 1, col)]
    assert found[0][4] == (f"Fragment `#absent` not found in `{base}/page`: "
                           "the page has no element with that `id` or `name`")
    assert log.hits["/page"] == 1
    # Without the setting, fragments of remote pages are not checked.
    assert run(tmp_path, {"b.md": note}) == []


def test_private_addresses_are_not_requested(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    port = base.rsplit(":", 1)[1]
    note = (f"[a](http://localhost:{port}/ok)\n[b]({base}/ok2)\n"
            "[c](http://169.254.169.254/latest/meta-data/)\n")
    found = run(tmp_path, {"a.md": note}, "[links]\ntimeout = 0.5\n")
    assert codes(found) == [("LK004", 1, 5), ("LK004", 2, 5), ("LK004", 3, 5)]
    assert "`localhost` resolves to a loopback address" in found[0][4]
    assert "`127.0.0.1` is a loopback address" in found[1][4]
    assert "link-local" in found[2][4]
    assert log.hits == {}


def test_redirect_to_a_private_address_is_not_followed(tmp_path: Path,
                                                       server: tuple[str, Log]) -> None:
    base, log = server
    found = run(tmp_path, {"a.md": f"[a]({base}/to-metadata)\n"})
    assert codes(found) == [("LK004", 1, 5)]
    assert "`169.254.169.254` is a link-local address" in found[0][4]
    assert log.hits == {"/to-metadata": 1}


def test_cache_second_run_makes_no_request(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    note = f"[a]({base}/ok) [b]({base}/404) [c]({base}/500)\n"
    first = run(tmp_path, {"a.md": note})
    hits = dict(log.hits)
    assert run(tmp_path, {"a.md": note}) == first
    assert log.hits["/ok"] == hits["/ok"] and log.hits["/404"] == hits["/404"]
    assert log.hits["/500"] > hits["/500"]  # 5xx is transient: not cached
    cache = json.loads((tmp_path / "cache" / "links" / "results-v1.json").read_text())
    assert sorted(cache["entries"]) == [f"{base}/404", f"{base}/ok"]


def test_corrupt_cache_is_discarded_with_a_note(tmp_path: Path, server: tuple[str, Log],
                                                caplog: pytest.LogCaptureFixture) -> None:
    base, _ = server
    path = tmp_path / "cache" / "links" / "results-v1.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "entries": {"x": 3}}')
    with caplog.at_level(logging.WARNING, logger="notelint.links"):
        found = run(tmp_path, {"a.md": f"[b]({base}/404)\n"})
    assert codes(found) == [("LK001", 1, 5)]
    assert any("could not be read" in r.getMessage() for r in caplog.records)
    assert json.loads(path.read_text())["version"] == 1


def test_each_url_once_per_run(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    notes = {f"n{i}.md": f"[x]({base}/ok) and {base}/ok\n[y]({base}/ok#a)\n" for i in range(5)}
    assert run(tmp_path, notes) == []
    assert log.hits["/ok"] == 1


def test_headers_from_environment_are_sent_and_never_printed(
        tmp_path: Path, server: tuple[str, Log], monkeypatch: pytest.MonkeyPatch) -> None:
    base, log = server
    settings = SETTINGS + '[links.headers."127.0.0.1"]\nAuthorization = "Bearer ${NL_TEST_TOKEN}"\n'
    monkeypatch.setenv("NL_TEST_TOKEN", "s3cret-token")
    assert run(tmp_path, {"a.md": f"[a]({base}/auth)\n"}, settings) == []
    monkeypatch.setenv("NL_TEST_TOKEN", "wrong-token")
    (tmp_path / "cache").rename(tmp_path / "old-cache")
    found = run(tmp_path, {"a.md": f"[a]({base}/auth)\n"}, settings)
    assert codes(found) == [("LK004", 1, 5)]
    assert "token" not in found[0][4]
    assert log.headers["/auth"]["Authorization"] == "Bearer wrong-token"


def test_offline_sends_nothing(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    note = f"[a]({base}/404) [b](http://x.invalid/) ![c](missing.png)\n"
    found = run(tmp_path, {"a.md": note}, offline=True)
    assert [c for _, c, *_ in found] == ["LK001", "LK002"]
    assert log.hits == {}


def test_excluded_urls_are_not_requested(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    settings = SETTINGS + "exclude = ['/404$']\n"
    assert run(tmp_path, {"a.md": f"[a]({base}/404)\n"}, settings) == []
    assert log.hits == {}


def test_per_host_concurrency_and_interval(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    note = "".join(f"- {base}/conc/{i}\n" for i in range(8))
    settings = SETTINGS + "max-concurrency-per-host = 2\n"
    assert run(tmp_path, {"a.md": note}, settings) == []
    assert log.max_in_flight == 2
    log.starts.clear()
    settings = SETTINGS + "min-interval = 0.4\n"
    note = "".join(f"- {base}/conc/i{i}\n" for i in range(4))
    assert run(tmp_path, {"b.md": note}, settings) == []
    starts = sorted(log.starts)
    # The server sees a request start some time after the client sent it; on a loaded machine
    # that delay varies by tens of ms, so the gaps are checked with a 0.1 s allowance.  Without
    # the interval the four requests would start within one 0.3 s response of each other.
    assert all(b - a >= 0.3 for a, b in itertools.pairwise(starts)), starts
