"""The LanguageTool backend: English prose sent to a LanguageTool server's ``/v2/check``.

Protocol (LanguageTool HTTP API v2): ``POST {url}/v2/check`` with a
form-encoded body (``text``, ``language``, optional ``disabledRules``); the
answer is JSON ``{"matches": [{"message", "shortMessage", "offset", "length",
"replacements": [{"value"}], "rule": {"id", "description", "issueType",
"category": {"id", "name"}}}, ...]}``.  Offsets and lengths count UTF-16 code
units (LanguageTool is written in Java); they are converted to code points.

Only English is sent: each prose run is cut at Hangul, and the pieces that
hold Latin words become paragraphs of one request per note.  Every match is
mapped back through the piece and its run to exact source offsets.

Requests use the standard library (``http.client``), one try each, and the
configured timeout bounds the whole exchange (a watchdog cuts a server that
trickles its answer): a refused connection, a timeout, an HTTP error status,
an answer that is not HTTP or not the documented JSON raise
:class:`LanguageToolError` (whose message never quotes the server's bytes), and the caller falls
back to the offline checks.  ``language_tool_python`` (GPL-3.0, the optional
``notelint[languagetool]`` extra) is used only to start a local server when
``languagetool-url = "local"`` (it downloads LanguageTool and needs Java);
notelint then talks to that server the same way.  Its own client is not used
for requests because its timeout is fixed at 300 s and it retries.
"""

from __future__ import annotations

import bisect
import contextlib
import http.client
import json
import socket
import threading
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from notelint.lazy import lazy_compile
from notelint.spelling.prose import Prose, ProseRun

_ENGLISH = lazy_compile(r"[^\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f\u3000-\u303f\n]+")
_LATIN_WORD = lazy_compile(r"[A-Za-z]{2,}")
_ANSWER_LIMIT = 20 * 1024 * 1024  # bytes read from a server at most


class LanguageToolError(Exception):
    """The server could not be reached or gave an answer that is not LanguageTool's."""


@dataclass(frozen=True)
class Piece:
    """An English piece of a prose run placed in the request text at ``offset``."""

    offset: int
    run: ProseRun
    start: int
    length: int
    words: int


@dataclass(frozen=True)
class Match:
    """A LanguageTool match mapped back to the note.

    Attributes:
        start, end: source offsets in the note.
        message: LanguageTool's message.
        replacements: suggested replacements, best first.
        rule_id, category, issue_type: LanguageTool's rule id, category id, issue type.
        sentence_words: Latin words in the piece the match is in (for grammar filtering).
    """

    start: int
    end: int
    message: str
    replacements: tuple[str, ...]
    rule_id: str
    category: str
    issue_type: str
    sentence_words: int

    @property
    def is_spelling(self) -> bool:
        """Whether the match is from LanguageTool's spell checker (category ``TYPOS``).

        The issue type is no guide: grammar rules such as ``EN_A_VS_AN`` are
        filed as ``misspelling`` too.
        """
        return self.category == "TYPOS"


def english_request(prose: Prose) -> tuple[str, list[Piece]]:
    """The text to send for ``prose`` (English pieces, one per paragraph) and its pieces."""
    parts: list[str] = []
    pieces: list[Piece] = []
    pos = 0
    for run in prose.runs:
        for m in _ENGLISH.finditer(run.text):
            seg = m.group()
            lead = len(seg) - len(seg.lstrip())
            seg = seg.strip()
            words = len(_LATIN_WORD.findall(seg))
            if not words:
                continue
            pieces.append(Piece(pos, run, m.start() + lead, len(seg), words))
            parts.append(seg)
            pos += len(seg) + 2
    return "\n\n".join(parts), pieces


def _utf16_to_index(text: str) -> list[int] | None:
    """Code-point index for each UTF-16 offset of ``text`` (``None`` when they are equal)."""
    if all(ord(c) <= 0xFFFF for c in text):
        return None
    table = []
    for i, c in enumerate(text):
        table.append(i)
        if ord(c) > 0xFFFF:
            table.append(i)
    table.append(len(text))
    return table


def map_matches(raw: Sequence[dict[str, Any]], text: str, pieces: Sequence[Piece]) -> list[Match]:
    """Turn the server's matches on ``text`` into :class:`Match` records with source offsets.

    Matches that fall outside a piece (in a paragraph break) are dropped.

    Raises:
        LanguageToolError: a match lacks ``offset``/``length`` or has the wrong types.
    """
    table = _utf16_to_index(text)
    starts = [p.offset for p in pieces]
    out = []
    for m in raw:
        try:
            off, length = int(m["offset"]), int(m["length"])
            rule = m.get("rule") or {}
            category = (rule.get("category") or {}).get("id", "")
            repl = tuple(str(r["value"]) for r in m.get("replacements") or [] if "value" in r)
            message = str(m.get("message", ""))
        except (KeyError, TypeError, ValueError) as exc:
            raise LanguageToolError(f"unexpected match in the answer: {exc}") from None
        if table is not None:
            if not 0 <= off <= off + length < len(table):
                continue
            a, b = table[off], table[off + length]
        else:
            a, b = off, off + length
        i = bisect.bisect_right(starts, a) - 1
        if i < 0 or b <= a:
            continue
        piece = pieces[i]
        if b > piece.offset + piece.length:
            continue
        ra = piece.start + (a - piece.offset)
        rb = piece.start + (b - piece.offset)
        s, e = piece.run.source_span(ra, rb)
        out.append(Match(s, e, message, repl, str(rule.get("id", "")), str(category),
                         str(rule.get("issueType", "")), piece.words))
    return out


def check_text(url: str, text: str, language: str, timeout: float,
               disabled_rules: Sequence[str] = ()) -> list[dict[str, Any]]:
    """POST ``text`` to ``{url}/v2/check`` and return the raw matches.

    Raises:
        LanguageToolError: connection refused, timeout, HTTP error, or not LanguageTool's JSON.
    """
    endpoint = url.rstrip("/") + "/v2/check"
    form: dict[str, str] = {"text": text, "language": language}
    if disabled_rules:
        form["disabledRules"] = ",".join(disabled_rules)
    body = urllib.parse.urlencode(form).encode("utf-8")
    payload = _post(endpoint, body, timeout)
    if len(payload) > _ANSWER_LIMIT:
        raise LanguageToolError(f"answer from {endpoint} is too large")
    try:
        data = json.loads(payload.decode("utf-8"))
        matches = data["matches"]
        if not isinstance(matches, list):
            raise TypeError("matches is not a list")
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise LanguageToolError(
            f"{endpoint} did not answer with LanguageTool's JSON ({type(exc).__name__})") from None
    return [m for m in matches if isinstance(m, dict)]


def _post(endpoint: str, body: bytes, timeout: float) -> bytes:
    """POST ``body`` to ``endpoint``; the answer's body, within ``timeout`` seconds in all.

    The whole exchange (connecting, sending, the status line, headers and
    body) must end within ``timeout``: a watchdog shuts the connection down
    at the deadline, so a server that trickles its answer a byte at a time
    cannot hold the run.  Nothing the server sent is put in an error message.

    Raises:
        LanguageToolError: refused, too slow, not HTTP (a malformed status line,
            a header line over 64 KiB, more than 100 headers), or a status other
            than 200.
    """
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn_type = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    try:
        conn = conn_type(parts.hostname or "", parts.port, timeout=timeout)
    except (ValueError, http.client.HTTPException) as exc:
        raise LanguageToolError(f"{endpoint} is not a usable address ({type(exc).__name__})") from None
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        sock = conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(timeout, cut)
    watchdog.daemon = True
    watchdog.start()
    try:
        conn.request("POST", path or "/", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Accept": "application/json",
        })
        response = conn.getresponse()
        if response.status != 200:
            raise LanguageToolError(f"HTTP {response.status} from {endpoint}")
        payload = response.read(_ANSWER_LIMIT + 1)
    except LanguageToolError:
        raise
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if expired.is_set() or isinstance(exc, (socket.timeout, TimeoutError)):
            raise LanguageToolError(f"no complete answer from {endpoint} within {timeout:g} s") from None
        if isinstance(exc, (http.client.HTTPException, ValueError)):
            raise LanguageToolError(f"{endpoint} did not answer as an HTTP server "
                                    f"({type(exc).__name__})") from None
        raise LanguageToolError(f"cannot reach {endpoint}: {exc.strerror or type(exc).__name__}") from None
    finally:
        watchdog.cancel()
        conn.close()
    if expired.is_set():
        raise LanguageToolError(f"no complete answer from {endpoint} within {timeout:g} s")
    return payload


def start_local_server(language: str) -> str:
    """Start a local LanguageTool server through ``language_tool_python``; return its base URL.

    Raises:
        LanguageToolError: the library is not installed or cannot start a server.
    """
    try:
        import language_tool_python
    except ImportError:
        raise LanguageToolError("languagetool-url = \"local\" needs the optional extra: "
                                "pip install 'notelint[languagetool]'") from None
    try:
        tool = language_tool_python.LanguageTool(language)
    except Exception as exc:
        raise LanguageToolError(f"cannot start a local LanguageTool server: {exc}") from None
    url = str(tool.url)
    return url[: -len("v2/")] if url.endswith("v2/") else url
