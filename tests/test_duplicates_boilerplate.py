"""Body kinds: the line tests that keep the patterns from being compiled for prose give the
kinds the patterns alone give, on every line of the real notes and on made-up lines."""

from __future__ import annotations

import random
import re
from pathlib import Path

from notelint.duplicates import boilerplate as bp

SHARED = Path(__file__).resolve().parents[2] / "shared"
EVERY = "".join(map(chr, range(0x110000)))


def _reference(line: str) -> str:
    """The kind of ``line`` with every pattern tried."""
    text = bp._COMMENT_RE.sub("", line).strip()
    if not text or bp._BREAK_RE.match(text):
        return "blank"
    if bp._HEADING_RE.match(text):
        return "label"
    text = text[bp._MARKERS_RE.match(text).end():].strip()  # type: ignore[union-attr]
    if not text:
        return "label"
    rest, links = bp._NAV_LINK_RE.subn("", text)
    if bp._NAV_REST_RE.match(rest):
        return "navigation" if links else "blank"
    if len(text.split()) <= bp.MAX_LABEL_WORDS and (
            bp._EMPHASIS_LABEL_RE.match(text) or bp._COLON_LABEL_RE.match(text)):
        return "label"
    return "content"


def _lines() -> list[str]:
    notes = [*(SHARED / "corpus").rglob("*.md"), *(SHARED / "notes-dev").rglob("*.md"),
             *(SHARED / "math-dev" / "notes").rglob("*.md")]
    lines = sorted({line for p in sorted(notes) for line in p.read_text(encoding="utf-8").split("\n")})
    parts = ["", " ", "\u3000", "<!-- x -->", "<BR/>", "<b>", "---", "* * *", "__ _", "#", "###### ",
             "#x", "&nbsp;", "> ", "- ", "+", "1. ", "12)", "\u0661. ", "[ ] ", "[x]", "[X] ",
             "[Back](#top)", "[e](https://www.EXAMPLE.org/x \"t\")", "[a](b)", "](", "|", " | 3 |",
             "·", "•", "(1)", "**Thoughts:**", "*Notes*:", "__x__ :", "_a_", "Notes:", "오늘 한 일：",
             "word", "two words", "\u00b2", "12", ":", "：", "\t"]
    rnd = random.Random(4)
    lines += ["".join(rnd.choice(parts) for _ in range(rnd.randint(1, 5))) for _ in range(30000)]
    return lines


def test_line_kinds_are_the_patterns_kinds() -> None:
    kinds: dict[str, int] = {}
    for line in _lines():
        kind = bp._line_kind(line)
        assert kind == _reference(line), repr(line)
        kinds[kind] = kinds.get(kind, 0) + 1
    assert min(kinds.values()) > 500 and len(kinds) == 4, kinds


def test_the_str_tests_accept_what_the_pattern_classes_match() -> None:
    spaces = {m.group() for m in re.finditer(r"\s", EVERY)}
    assert spaces == {c for c in EVERY if c.isspace()}
    digits = {m.group() for m in re.finditer(r"\d", EVERY)}
    assert all(c.isdigit() for c in digits) and len(digits) > 600


def test_symbols_are_removed_as_runs_were() -> None:
    from notelint.duplicates import normalise as nm

    runs = re.compile(f"{nm._SYMBOL}{nm._SYMBOL}*")
    notes = [*(SHARED / "corpus").rglob("*.md"), *(SHARED / "notes-dev").rglob("*.md")]
    texts = [p.read_text(encoding="utf-8") for p in sorted(notes)]
    pieces = ["a", " ", "한", "\u200d", "👨", "💻", "✅", "\ufe0f", "🇰", "🇷", "\U000e0067", "⏰", "."]
    rnd = random.Random(9)
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(5000)]
    removed = 0
    for text in texts:
        assert nm._SYMBOL_RE.sub("", text) == runs.sub("", text)
        removed += len(text) - len(nm._SYMBOL_RE.sub("", text))
    assert removed > 5000
