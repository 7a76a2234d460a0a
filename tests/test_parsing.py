"""The parser's faster linkify pretest: never looser than linkify-it's own, and tighter only
where linkify-it's ``test`` finds no link, so the parsed tokens are the same."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from notelint.parsing import build_parser, fast_pretest

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def linkify():  # type: ignore[no-untyped-def]
    """linkify-it as markdown-it-py sets it up, with its own pretest."""
    return MarkdownIt("commonmark", {"linkify": True}).enable("linkify").linkify


@pytest.fixture(scope="module")
def linkify_ip():  # type: ignore[no-untyped-def]
    """linkify-it with IPv4 hosts linked (``fuzzy_ip``), where the IP test must stay."""
    linkify = MarkdownIt("commonmark", {"linkify": True}).enable("linkify").linkify
    linkify.set({"fuzzy_ip": True})
    return linkify


def _agrees(linkify, fast, text: str) -> None:  # type: ignore[no-untyped-def]
    """``fast`` is linkify-it's pretest, or ``False`` where linkify-it's test is ``False``."""
    theirs = linkify.pretest(text)
    ours = fast(text)
    assert ours is theirs or (theirs and not ours and not linkify.test(text)), text


@pytest.mark.parametrize(("text", "theirs", "ours"), [
    ("plain prose, no link", False, False),
    ("see https://example.org", True, True),
    ("HTTPS://EXAMPLE.ORG at the start", True, True),
    ("a_http:x after an underscore", False, False),
    ("a_http://x after an underscore, then a schema after punctuation", True, True),
    ("(http://x in brackets", True, True),
    ("한국어http:x glued to Hangul", False, False),
    ("한국어 http:x after a space", True, True),
    ("\u3000//host after an ideographic space", True, True),
    ("x//y inside a word", False, False),
    ("mailto:someone", True, True),
    ("someone at example dot org", False, False),
    ("user@example", True, True),
    ("www.example.org", True, True),
    ("an ip 10.0.0.1", True, False),
    ("2024.03.08 Transformer 정리", True, False),
    ("v1.2.3 released", True, False),
    ("1.2.3.example.com<x", True, True),
    ("ends with a domain.com", True, True),
    # Without IPv4 hosts, a schemaless link needs a dot, a top-level domain and a host end.
    ("localhost:8080", True, False),
    ("LocalHost", True, False),
    ("www.example", True, False),
    ("Python 3.9.7 문서, ", True, False),
    ("1.3.6.1.What is a Probability Distribution., ", True, False),
    ("a.com:80 with a port", True, True),
    ("A.COM", True, True),
    ("x.com｜ before a separator", False, False),
    ("1.2.3 example.co<x", True, True),
    ("a sentence. Another one.", False, False),
])
def test_cases_agree_with_linkify_it(linkify, linkify_ip,  # type: ignore[no-untyped-def]
                                     text: str, theirs: bool, ours: bool) -> None:
    fast = fast_pretest(linkify)
    assert fast is not None
    assert linkify.pretest(text) is theirs
    assert fast(text) is ours
    _agrees(linkify, fast, text)
    # With IPv4 hosts linked, the IP test is kept: the same answers as linkify-it's.
    fast_ip = fast_pretest(linkify_ip)
    assert fast_ip is not None and fast_ip(text) is theirs


def test_random_texts_agree_with_linkify_it(linkify, linkify_ip) -> None:  # type: ignore[no-untyped-def]
    fast = fast_pretest(linkify)
    fast_ip = fast_pretest(linkify_ip)
    assert fast is not None and fast_ip is not None
    pieces = [*"ab_ >｜.:/@HhTtPpSsMmw0\u3000\u00a0!-\n<\u017f\u212a\u0130", "http:", "HTTPS:",
              "//", "mailto:", "ftp:", "www.", "localhost", ".com", ".kr", "_http:", "한",
              ".1.", "10", ".рф", ".xn--p1ai", "2024.03.08", ".Com"]
    rnd = random.Random(7)
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10)))
        _agrees(linkify, fast, text)
        assert fast_ip(text) == linkify_ip.pretest(text), text


def _tokens(md: MarkdownIt, text: str) -> list[tuple[object, ...]]:
    out = []
    for tok in md.parse(text):
        for t in [tok, *(tok.children or ())]:
            out.append((t.type, t.content, t.map, t.markup, t.attrs, dict(t.meta)))
    return out


def test_real_notes_agree_with_linkify_it(linkify) -> None:  # type: ignore[no-untyped-def]
    fast = fast_pretest(linkify)
    assert fast is not None
    md = build_parser(track_positions=False)
    own = build_parser()
    del own.linkify.pretest  # linkify-it's own pretest and test
    del own.linkify.test
    tracked = build_parser()
    seen = 0
    notes = [*(SHARED / "corpus").rglob("*.md"), *(SHARED / "notes-dev").rglob("*.md"),
             *(SHARED / "math-dev" / "notes").rglob("*.md")]
    for path in sorted(notes):
        text = path.read_text(encoding="utf-8")
        for tok in md.parse(text):
            if tok.type == "inline":
                seen += 1
                _agrees(linkify, fast, tok.content)
        # The tokens, links included, are those of a parser with linkify-it's pretest and test.
        assert _tokens(tracked, text) == _tokens(own, text), path
    assert seen > 2000


def test_other_patterns_keep_linkify_its_pretest(linkify) -> None:  # type: ignore[no-untyped-def]
    class Other:
        re = {**linkify.re, "pretest": "(x)|(y)|@"}

    assert fast_pretest(Other()) is None
    assert fast_pretest(object()) is None


def test_the_parsers_test_asks_the_pretest_first(linkify) -> None:  # type: ignore[no-untyped-def]
    # A text token of a paragraph holding a URL (markdown-it calls test on each) that the
    # pretest turns down is never searched with linkify-it's patterns; the answers are
    # linkify-it's own test's.
    md = build_parser()
    for text in ("Python 3.9.7 문서, ", "1.3.6.1.What is it., ", "see https://example.org",
                 "example.com.", "a@b.kr", "plain"):
        assert md.linkify.test(text) == linkify.test(text), text
    searched = []
    real = re.search
    try:
        re.search = lambda *a, **k: searched.append(a[0]) or real(*a, **k)  # type: ignore
        assert not md.linkify.test("Python 3.9.7 문서, ")
    finally:
        re.search = real
    assert searched == []


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


def test_a_date_heading_does_not_reach_linkify_its_test() -> None:
    # linkify-it's test compiles its large patterns (every top-level domain) on first use.
    md = build_parser()
    tested: list[str] = []
    real = md.linkify.test
    md.linkify.test = lambda text: tested.append(text) or real(text)
    md.parse("# Notes\n\n## 2024.03.08 Transformer 정리\n\nv1.2.3 and 10.0.0.1 in prose.\n")
    assert tested == []
    md.parse("## 2024.03.09\n\nSee example.com today.\n")
    assert tested == ["See example.com today."]
