"""Run the catalogue's *served* link examples against a server on 127.0.0.1.

Entries of rules that need a server's answer (LK001, LK004, LK005) show
```` ```markdown served ```` examples followed by ```` ```served-diagnostics ````
blocks.  Their URLs are on ``https://docs.example.org/``; here that prefix is
remapped (``[links] remap``) to a local server that answers as the entries
describe, and the findings must match exactly.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from notelint.api import lint_text
from notelint.catalogue import catalogue_dir

ROUTES: dict[str, tuple[int, str | None]] = {
    "/guide/install": (200, None),
    "/guide/old-install": (301, "/guide/install"),
    "/latest": (302, "/guide/install"),
    "/blog/2019/gone": (404, None),
    "/papers/members-only": (403, None),
}

_BLOCK_RE = re.compile(r"^```(?P<info>markdown served|served-diagnostics)\n(?P<body>.*?)^```$",
                       re.M | re.S)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        status, location = ROUTES.get(self.path, (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}/"
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)


def _served() -> list[tuple[str, str, list[str]]]:
    folder = catalogue_dir()
    assert folder is not None
    cases = []
    for path in sorted(folder.glob("LK*.md")):
        blocks = [(m.group("info"), m.group("body")) for m in _BLOCK_RE.finditer(path.read_text())]
        for (info, body), (next_info, expected) in itertools.pairwise(blocks):
            if info == "markdown served":
                assert next_info == "served-diagnostics", f"{path.name}: served example without diagnostics"
                cases.append((path.name[:5], body,
                              [ln.strip() for ln in expected.splitlines() if ln.strip()]))
    return cases


CASES = _served()


def test_served_examples_exist() -> None:
    assert sorted({code for code, _, _ in CASES}) == ["LK001", "LK004", "LK005"]


@pytest.mark.parametrize(("code", "text", "expected"), CASES,
                         ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(CASES)])
def test_served_example(base: str, code: str, text: str, expected: list[str]) -> None:
    config = {"links": {"remap": [rf"^https://docs\.example\.org/ {base}"],
                        "allow-networks": ["127.0.0.1"], "cache": False, "timeout": 5}}
    found = [f"{d.span.start}-{d.span.end} {d.code} {d.message}"
             for d in lint_text(text, select=[code], config=config)]
    assert found == expected
