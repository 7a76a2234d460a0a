"""The LanguageTool backend against a server on 127.0.0.1 that speaks ``/v2/check``.

The server answers as LanguageTool's HTTP API v2 documents: a form-encoded
``POST /v2/check`` (``text``, ``language``), a JSON body with ``matches``
whose ``offset``/``length`` count UTF-16 code units.  It flags the words in
:data:`TYPOS` as misspellings and ``a apple`` as a grammar error.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from notelint.api import lint_text
from notelint.document import Document
from notelint.spelling.languagetool import LanguageToolError, check_text, english_request
from notelint.spelling.prose import extract_prose

TYPOS = {"zorblax": "zorba", "wrongg": "wrong"}


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def _matches(text: str) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for m in re.finditer(r"[A-Za-z]+", text):
        fix = TYPOS.get(m.group().lower())
        if fix:
            out.append({
                "message": "Possible spelling mistake found.", "shortMessage": "Spelling mistake",
                "offset": _utf16(text, m.start()),
                "length": _utf16(text, m.end()) - _utf16(text, m.start()),
                "replacements": [{"value": fix}],
                "context": {"text": text, "offset": 0, "length": 0}, "sentence": text,
                "rule": {"id": "MORFOLOGIK_RULE_EN_US", "description": "Possible spelling mistake",
                         "issueType": "misspelling",
                         "category": {"id": "TYPOS", "name": "Possible Typo"}},
            })
    for m in re.finditer(r"\ba apple\b", text):
        out.append({
            "message": "Use \u201can\u201d instead of \u201ca\u201d if the following word "
                       "starts with a vowel sound.",
            "shortMessage": "Wrong article", "offset": _utf16(text, m.start()), "length": 1,
            "replacements": [{"value": "an"}],
            "context": {"text": text, "offset": 0, "length": 1}, "sentence": text,
            "rule": {"id": "EN_A_VS_AN", "description": "a vs an", "issueType": "misspelling",
                     "category": {"id": "MISC", "name": "Miscellaneous"}},
        })
    return out


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
        self.server.requests.append((self.path, self.headers.get("Content-Type", ""), form))
        mode = self.server.mode
        if mode == "slow":
            time.sleep(2.0)
        if mode == "error":
            self.send_response(503)
            self.end_headers()
            self.wfile.write(b"overloaded")
            return
        if self.path != "/v2/check":
            self.send_response(404)
            self.end_headers()
            return
        body = b"<html>not json</html>" if mode == "html" else json.dumps({
            "software": {"name": "LanguageTool", "version": "6.4", "buildDate": "2024-03-28",
                         "apiVersion": 1, "status": ""},
            "language": {"name": "English (US)", "code": "en-US"},
            "matches": _matches(form["text"][0]),
        }).encode("utf-8")
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = "ok"
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture()
def server() -> Iterator[_Server]:
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


def _config(url: str, timeout: float = 1.0) -> dict[str, object]:
    return {"spelling": {"languagetool-url": url, "languagetool-timeout": timeout}}


def _fmt(text: str, **kw: object) -> list[str]:
    return [f"{d.span} {d.code} {d.message}" for d in lint_text(text, **kw)]  # type: ignore[arg-type]


WRONGG = ("1:5-1:11 SP001 `wrongg` is not a known word; "
          "did you mean `wrong` (used 1\u00d7 in your notes)?")
NOTE = "🧩 The zorblax model은 좋다.\n\n학습 데이터에 a apple is used by the model here.\n"


def test_request_is_form_encoded_and_sends_only_english(server: _Server) -> None:
    _fmt(NOTE, select=["SP001"], config=_config(server.url))
    assert len(server.requests) == 1
    path, ctype, form = server.requests[0]
    assert path == "/v2/check"
    assert ctype.startswith("application/x-www-form-urlencoded")
    assert form["language"] == ["en-US"]
    text = form["text"][0]
    assert not re.search("[\uac00-\ud7a3]", text)
    assert text == "🧩 The zorblax model\n\na apple is used by the model here."


def test_spelling_positions_are_mapped_back_after_astral_characters(server: _Server) -> None:
    assert _fmt(NOTE, select=["SP001"], config=_config(server.url)) == [
        "1:7-1:14 SP001 `zorblax` is not a known word; did you mean `zorba`? (LanguageTool)",
    ]


def test_grammar_is_reported_in_english_sentences(server: _Server) -> None:
    found = lint_text(NOTE, select=["SP004"], config=_config(server.url))
    assert [f"{d.span} {d.code}" for d in found] == ["3:9-3:10 SP004"]
    assert found[0].message.startswith("`a`: Use \u201can\u201d instead of \u201ca\u201d")
    assert found[0].message.endswith("; suggestion: `an` (LanguageTool EN_A_VS_AN)")
    assert found[0].fix is not None and not found[0].fix.safe


def test_one_request_serves_both_rules(server: _Server) -> None:
    _fmt(NOTE, select=["SP001", "SP004"], config=_config(server.url))
    assert len(server.requests) == 1


def test_offline_findings_are_not_reported_twice(server: _Server) -> None:
    text = "The wrongg answer is wrong, and the right answer is right.\n"
    assert _fmt(text, select=["SP001"], config=_config(server.url)) == [
        WRONGG,
    ]


@pytest.mark.parametrize("mode", ["error", "html"])
def test_server_errors_fall_back_offline_with_one_note(server: _Server, mode: str,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    server.mode = mode
    text = "The wrongg answer is wrong.\n\nAnother zorblax line.\n"
    with caplog.at_level(logging.WARNING, logger="notelint.spelling"):
        found = _fmt(text, select=["SP001", "SP004"], config=_config(server.url))
    assert found == [
        WRONGG,
    ]
    notes = [r.getMessage() for r in caplog.records if r.name == "notelint.spelling"]
    assert len(notes) == 1
    assert "spelling is checked offline only" in notes[0]
    assert len(server.requests) == 1


def test_slow_server_times_out_quickly(server: _Server, caplog: pytest.LogCaptureFixture) -> None:
    server.mode = "slow"
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="notelint.spelling"):
        found = _fmt("The wrongg answer is wrong.\n", select=["SP001"],
                     config=_config(server.url, timeout=0.3))
    assert time.monotonic() - started < 1.5
    assert len(found) == 1
    assert any("within 0.3 s" in r.getMessage() for r in caplog.records)


def test_refused_connection_falls_back(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with caplog.at_level(logging.WARNING, logger="notelint.spelling"):
        found = _fmt("The wrongg answer is wrong.\n", select=["SP001"],
                     config=_config(f"http://127.0.0.1:{port}"))
    assert len(found) == 1
    assert any("cannot reach" in r.getMessage() for r in caplog.records)


def test_offline_run_sends_nothing(server: _Server) -> None:
    from pathlib import Path

    from notelint.api import lint_text
    from notelint.config import config_from_mapping
    from notelint.registry import default_registry
    from notelint.rule import RunOptions

    cfg = config_from_mapping(_config(server.url), Path.cwd(), default_registry())
    lint_text(NOTE, select=["SP001"], config=cfg, run=RunOptions(offline=True))
    assert server.requests == []


def test_check_text_errors() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(LanguageToolError, match="cannot reach"):
        check_text(f"http://127.0.0.1:{port}", "text", "en-US", 0.5)


def test_english_request_skips_korean_only_runs() -> None:
    doc = Document.from_text("학습 데이터\n\nPlain English words.\n")
    text, pieces = english_request(extract_prose(doc))
    assert text == "Plain English words."
    assert [(p.start, p.length, p.words) for p in pieces] == [(0, 20, 3)]


def test_local_server_needs_the_extra(monkeypatch: pytest.MonkeyPatch,
                                      caplog: pytest.LogCaptureFixture) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "language_tool_python", None)
    with caplog.at_level(logging.WARNING, logger="notelint.spelling"):
        found = _fmt("The wrongg answer is wrong.\n", select=["SP001"], config=_config("local"))
    assert len(found) == 1
    assert any("notelint[languagetool]" in r.getMessage() for r in caplog.records)
