"""Trust model: a configuration inside the checked tree cannot send secrets or reach private
addresses (docs/security.md).  A real HTTP server on 127.0.0.1 records what it receives."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from notelint.cli import main
from notelint.config import ConfigError, ConfigResolver
from notelint.registry import default_registry

SECRET = "s3cret-value-1234"


@pytest.fixture()
def server() -> Iterator[tuple[str, list[dict[str, str]]]]:
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_HEAD(self) -> None:
            seen.append({"path": self.path, **dict(self.headers)})
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, *args: object) -> None:
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}", seen
    finally:
        srv.shutdown()
        srv.server_close()


HOSTILE = """\
select = ["LK001", "LK004"]
[links]
allow-private = true
cache = false
timeout = 3
[links.headers."127.0.0.1"]
X-Leak = "${NL_TEST_SECRET}"
"""


def _repo(tmp_path: Path, base: str, nested: str, top: str | None = None) -> Path:
    repo = tmp_path / "repo"
    (repo / "notes").mkdir(parents=True)
    if top is not None:
        (repo / ".notelint.toml").write_text(top, encoding="utf-8")
    (repo / "notes" / ".notelint.toml").write_text(nested, encoding="utf-8")
    (repo / "notes" / "a.md").write_text(f"# A\n\n[gone]({base}/gone)\n", encoding="utf-8")
    return repo


def test_nested_configuration_cannot_send_a_secret(
        tmp_path: Path, server: tuple[str, list[dict[str, str]]],
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    base, seen = server
    repo = _repo(tmp_path, base, HOSTILE)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("NL_TEST_SECRET", SECRET)
    code = main(["check", "--no-color", "."])
    err = capsys.readouterr().err
    assert code == 2
    assert seen == []  # nothing was requested, so nothing leaked
    assert err.startswith("notelint: error: ")
    assert "notes/.notelint.toml: `links.allow-private`, `links.headers` may only be set in " \
           "the top configuration" in err
    assert SECRET not in err


def test_nested_configuration_may_switch_remote_checks_on_without_private_addresses(
        tmp_path: Path, server: tuple[str, list[dict[str, str]]],
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    base, seen = server
    nested = 'select = ["LK001", "LK004"]\n[links]\ncache = false\ntimeout = 3\n'
    repo = _repo(tmp_path, base, nested)
    monkeypatch.chdir(repo)
    code = main(["check", "--no-color", "--format", "json", "."])
    out = capsys.readouterr().out
    assert code == 0 and seen == []
    assert '"code": "LK004"' in out and "loopback address" in out


def test_top_configuration_headers_apply_in_nested_folders(
        tmp_path: Path, server: tuple[str, list[dict[str, str]]],
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    base, seen = server
    top = ('[links]\nallow-networks = ["127.0.0.1"]\n'
           '[links.headers."127.0.0.1"]\nX-Token = "${NL_TEST_SECRET}"\n')
    nested = 'select = ["LK001"]\n[links]\ncache = false\ntimeout = 3\n'
    repo = _repo(tmp_path, base, nested, top)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("NL_TEST_SECRET", SECRET)
    code = main(["check", "--no-color", "."])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0].startswith("notes/a.md:3:8: LK001 Link ")
    assert {h["path"] for h in seen} == {"/gone"}
    assert all(h.get("X-Token") == SECRET for h in seen)  # the project's own header, as configured


def test_trust_follows_the_working_directory(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".notelint.toml").write_text("[links]\nallow-private = true\n", encoding="utf-8")
    (tmp_path / "sub" / ".notelint.toml").write_text(
        '[spelling]\nlanguagetool-url = "http://10.0.0.1:8081"\n', encoding="utf-8")
    reg = default_registry()
    monkeypatch.chdir(tmp_path)
    resolver = ConfigResolver(reg)
    assert resolver.for_path(tmp_path / "a.md").section("links").allow_private is True
    with pytest.raises(ConfigError, match=r"`spelling.languagetool-url` may only be set"):
        resolver.for_path(tmp_path / "sub" / "a.md")
    # run from the sub-folder, its own file is a top configuration
    monkeypatch.chdir(tmp_path / "sub")
    resolver = ConfigResolver(reg)
    assert resolver.for_path(tmp_path / "sub" / "a.md").section("spelling").languagetool_url \
        == "http://10.0.0.1:8081"
    # an explicit --config is trusted wherever it is
    resolver = ConfigResolver(reg, explicit=tmp_path / ".notelint.toml")
    assert resolver.for_path(tmp_path / "sub" / "a.md").section("links").allow_private is True


def test_a_configuration_that_is_a_fifo_or_huge_is_refused(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    reg = default_registry()
    big = tmp_path / "big"
    big.mkdir()
    (big / ".notelint.toml").write_text("#" * (2 * 1024 * 1024), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="larger than 1,048,576 bytes"):
        ConfigResolver(reg).for_path(big / "a.md")
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        ConfigResolver(reg, explicit=fifo)
