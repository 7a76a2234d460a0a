"""The parser's faster linkify pretest answers exactly as linkify-it's own."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from notelint.parsing import build_parser, fast_pretest

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def linkify():  # type: ignore[no-untyped-def]
    """linkify-it as markdown-it-py sets it up, with its own pretest."""
    return MarkdownIt("commonmark", {"linkify": True}).enable("linkify").linkify


@pytest.mark.parametrize(("text", "expected"), [
    ("plain prose, no link", False),
    ("see https://example.org", True),
    ("HTTPS://EXAMPLE.ORG at the start", True),
    ("a_http:x after an underscore", False),
    ("a_http://x after an underscore, then a schema after punctuation", True),
    ("(http://x in brackets", True),
    ("한국어http:x glued to Hangul", False),
    ("한국어 http:x after a space", True),
    ("\u3000//host after an ideographic space", True),
    ("x//y inside a word", False),
    ("mailto:someone", True),
    ("someone at example dot org", False),
    ("user@example", True),
    ("www.example.org", True),
    ("an ip 10.0.0.1", True),
    ("ends with a domain.com", True),
    ("localhost:8080", True),
    ("LocalHost", True),
    ("a sentence. Another one.", False),
])
def test_cases_agree_with_linkify_it(linkify, text: str,  # type: ignore[no-untyped-def]
                                     expected: bool) -> None:
    fast = fast_pretest(linkify)
    assert fast is not None
    assert linkify.pretest(text) is expected
    assert fast(text) is expected


def test_random_texts_agree_with_linkify_it(linkify) -> None:  # type: ignore[no-untyped-def]
    fast = fast_pretest(linkify)
    assert fast is not None
    pieces = [*"ab_ >｜.:/@HhTtPpSsMmw0\u3000\u00a0!-\n", "http:", "HTTPS:", "//", "mailto:",
              "ftp:", "www.", "localhost", ".com", ".kr", "_http:", "한"]
    rnd = random.Random(7)
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10)))
        assert fast(text) == linkify.pretest(text), text


def test_real_notes_agree_with_linkify_it(linkify) -> None:  # type: ignore[no-untyped-def]
    fast = fast_pretest(linkify)
    assert fast is not None
    md = build_parser(track_positions=False)
    seen = 0
    notes = [*(SHARED / "corpus").rglob("*.md"), *(SHARED / "notes-dev").rglob("*.md")]
    for path in sorted(notes):
        for tok in md.parse(path.read_text(encoding="utf-8")):
            if tok.type == "inline":
                seen += 1
                assert fast(tok.content) == linkify.pretest(tok.content), (path, tok.map)
    assert seen > 2000


def test_other_patterns_keep_linkify_its_pretest(linkify) -> None:  # type: ignore[no-untyped-def]
    class Other:
        re = {**linkify.re, "pretest": "(x)|(y)|@"}

    assert fast_pretest(Other()) is None
    assert fast_pretest(object()) is None


def test_the_parser_uses_it() -> None:
    md = build_parser()
    assert md.linkify.pretest.__qualname__.startswith("fast_pretest")


def test_a_meta_holding_only_the_source_range_is_compact_and_read_only() -> None:
    from notelint.parsing import SRCPOS, SourceRange, build_parser

    tokens = build_parser().parse("Some *text* with `code`.\n", {})
    children = tokens[1].children
    assert children is not None
    code = next(t for t in children if t.type == "code_inline")
    assert isinstance(code.meta, SourceRange)
    assert code.meta == {SRCPOS: (17, 23)} and dict(code.meta) == {SRCPOS: (17, 23)}
    assert code.meta.get(SRCPOS) == (17, 23) and code.meta.get("x") is None
    assert SRCPOS in code.meta and "x" not in code.meta and len(code.meta) == 1
    with pytest.raises(TypeError):
        code.meta["x"] = 1  # type: ignore[index]
    assert not hasattr(code.meta, "__dict__")
