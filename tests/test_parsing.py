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


def _reference_pretest(linkify):  # type: ignore[no-untyped-def]
    """The answers the fast pretest gives, as linkify-it's patterns (without ``fuzzy_ip``):
    a ``@``, a schema where linkify-it's schema test finds one, a dot, a top-level domain
    and the end of a host, or a dot, a top-level domain, ``<`` or ``｜`` and linkify-it's
    host test."""
    r = linkify.re
    tld = r"\.(?:" + r["src_tlds"] + ")"
    schema = re.compile(r["schema_test"], re.IGNORECASE)
    near = re.compile(tld + "(?:" + r["src_ZPCc"] + "|>|$)", re.IGNORECASE)
    glued = re.compile(tld + "[<\uff5c]", re.IGNORECASE)
    host = re.compile(r["host_fuzzy_test"], re.IGNORECASE)

    def pretest(text: str) -> bool:
        return ("@" in text or bool(schema.search(text)) or bool(near.search(text))
                or bool(glued.search(text) and host.search(text)))

    return pretest


#: What may follow a top-level domain: the end, the host ends linkify-it knows (``>``,
#: punctuation, spaces, controls), ``<`` and ``｜`` (a host test then decides), and
#: characters that continue a word (letters of several scripts, digits, ``_``).
_AFTER = ["", ">", "<", "\uff5c", "-", "--", "/", ":80", "_", " ", "\n", "\u3000", "\u00a0",
          "a", "Z", "1", "한", "é", "\u017f", "\u212a", "\u0440", "。", "\U00010100", "\u200b",
          "!", "$", "+", "=", "^", "`", "|", "~", "*", ")", "\x85"]


def _case_forms(word: str) -> set[str]:
    """``word`` in lower, upper and title case, and with the non-ASCII letters that equal
    an ASCII one ignoring case (``K`` Kelvin sign, long ``ſ``, dotless ``ı``, ``İ``)."""
    forms = {word.lower(), word.upper(), word.title()}
    low = word.lower()
    for ascii_letter, other in (("k", "\u212a"), ("s", "\u017f"), ("i", "\u0131"), ("i", "\u0130")):
        if ascii_letter in low:
            forms.add(low.replace(ascii_letter, other, 1))
    return forms


def test_every_top_level_domain_gives_the_reference_answers(linkify) -> None:  # type: ignore[no-untyped-def]
    from linkify_it.tlds import TLDS

    fast = fast_pretest(linkify)
    reference = _reference_pretest(linkify)
    assert fast is not None
    words = {w for alt in linkify.re["src_tlds"].split("|") if "-" not in alt
             for w in ([alt] if "[" not in alt else [alt[0] + c for c in alt[2:-1]])}
    assert {"com", "museum", "рф", "kr", "om"} <= words
    # Every domain of linkify-it's full list (most are not in its default alternation), the
    # default ones, near misses (a letter short or long), punycode of every length.
    # The default ones and near misses (a letter short or long) in every case form, after
    # every kind of character; every domain of linkify-it's full list (most are not in its
    # default alternation) and punycode of every length in two cases, after a few.
    near_misses = words | {w[:-1] for w in words} | {w + "x" for w in words}
    others = {t.lower() for t in TLDS} | {"xn--", "xn---", "xn--p1ai", "xn--a" + "-" * 58 + "b"}
    others |= {"xn--" + "a" * n for n in range(60)}
    checked = 0
    for names, forms, befores, afters in (
            (near_misses, _case_forms, (".", "docs.python."), _AFTER),
            (others, lambda w: {w, w.upper()}, ("a.",), ["", ">", "<", "-", "/", "a", "한", "_"])):
        for name in sorted(names):
            for form in forms(name):
                for before in befores:
                    for after in afters:
                        text = before + form + after
                        assert fast(text) is reference(text), text
                        checked += 1
    assert checked > 100000


@pytest.mark.parametrize("text", [
    "10.0.0.1", "10.0.0.1<x", "1.2.3.4.com", "1.2.3.4.com<www.", "127.0.0.1:8080/x",
    "v1.2.3<", "2024.03.08 Transformer 정리", "a.b.c.d", "a.co<x localhost", "a.co<x",
    "a.co｜www.x", "a.co<x 1.22.3", "a.co<x 1.2222.3", "a.co<x .١٢.", "x.рф", "x.РФ",
    "x.рфы", "x.рф<localhost", "x.xn--p1ai/", "X.XN--P1AI", "x.xn--p1aiы", "a.ſhop",
    "a.\u212aR ", "a.\u0131n.", "a.\u0130N,", "a.com\u0301", "a.c\u00f6m", "a.comé",
    "a.co.kr", "a.cok.r", "a..com", ".com", "com.", "a.com", "a.com_", "a.com-", "a.c-m",
    "tf.map_fn", "numpy.ndarray를", "np.dot과", "self.get_loss_single(inputs)", "a.museum>",
])
def test_hosts_give_the_reference_answers(linkify, text: str) -> None:  # type: ignore[no-untyped-def]
    fast = fast_pretest(linkify)
    assert fast is not None
    assert fast(text) is _reference_pretest(linkify)(text)


def test_real_notes_give_the_reference_answers(linkify) -> None:  # type: ignore[no-untyped-def]
    fast = fast_pretest(linkify)
    reference = _reference_pretest(linkify)
    assert fast is not None
    notes = [*(SHARED / "corpus").rglob("*.md"), *(SHARED / "notes-dev").rglob("*.md"),
             *(SHARED / "math-dev" / "notes").rglob("*.md")]
    md = build_parser(track_positions=False)
    seen = passed = 0
    for path in sorted(notes):
        text = path.read_text(encoding="utf-8")
        pieces = text.splitlines() + [t.content for t in md.parse(text) if t.type == "inline"]
        for piece in pieces:
            seen += 1
            answer = fast(piece)
            assert answer is reference(piece), (path, piece)
            passed += answer
    assert seen > 10000 and 500 < passed < seen


def test_random_texts_give_the_reference_answers(linkify) -> None:  # type: ignore[no-untyped-def]
    fast = fast_pretest(linkify)
    reference = _reference_pretest(linkify)
    assert fast is not None
    pieces = [*"ab_ >｜.:/@-kKsSiI0\u3000\u00a0!<\n\u017f\u212a\u0130\u0131\u0440\u0444",
              "http:", "//", ".com", ".kr", ".co", "m", "x", "n", "xn--", "한", ".1.",
              "localhost", "www.", ".рф", ".РФ", ".museum", "é"]
    rnd = random.Random(11)
    for _ in range(30000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        assert fast(text) is reference(text), text


def test_the_host_end_class_is_linkify_its_for_every_code_point(linkify) -> None:  # type: ignore[no-untyped-def]
    from notelint.parsing import _class_members

    zpcc = linkify.re["src_ZPCc"]
    contains = _class_members(zpcc)
    assert contains is not None
    every = "".join(map(chr, range(0x110000)))
    for flags in (0, re.IGNORECASE):
        expected = {m.start() for m in re.finditer("(?:" + zpcc + ")", every, flags)}
        assert len(expected) > 700
        assert {i for i, c in enumerate(every) if contains(c)} == expected


def test_what_may_stand_before_a_schema_is_linkify_its(linkify) -> None:  # type: ignore[no-untyped-def]
    fast = fast_pretest(linkify)
    schema = re.compile(linkify.re["schema_test"], re.IGNORECASE)
    assert fast is not None
    rnd = random.Random(3)
    chars = [*map(chr, range(0x3100)), *(chr(rnd.randrange(0x3100, 0x110000)) for _ in range(3000))]
    for c in chars:
        for name in ("http:", "MAILTO:", "//"):
            if c != "@":
                assert fast(c + name) is bool(schema.search(c + name)), repr(c + name)


@pytest.mark.parametrize(("source", "members", "others"), [
    ("[a-c]|[\\-x]", "abc-x", "d_"),
    ("[\\ \\#-\\%]|[-]", " #$%-", "\"&"),
    ("[\u00a0\u2000-\u200a]|[\x00-\x1f]", "\u00a0\u2005\x00\x1f", "\u200b "),
])
def test_a_union_of_classes_is_read(source: str, members: str, others: str) -> None:
    from notelint.parsing import _class_members

    contains = _class_members(source)
    assert contains is not None
    assert all(contains(c) for c in members) and not any(contains(c) for c in others)


@pytest.mark.parametrize("source", [
    "[^a]", "[\\d]", "[\\u00a0]", "[a]x", "[a]|", "[a", "[]", "[z-a]", "[a[b]", "a",
    "[a]|b",
])
def test_classes_written_otherwise_are_not_read(source: str) -> None:
    from notelint.parsing import _class_members

    assert _class_members(source) is None


def test_a_top_level_domain_list_written_otherwise_keeps_linkify_its_pretest(linkify) -> None:  # type: ignore[no-untyped-def]
    from notelint.parsing import _tld_table

    assert _tld_table("com|a[cd]|рф|xn--[a-z0-9\\-]{1,59}") == (
        frozenset({"com", "ac", "ad", "рф"}), 63, True)
    assert _tld_table("com|net") == (frozenset({"com", "net"}), 3, False)
    for tlds in ("com|[a-z]{2}", "com|Com", "com|ſhop", "com|한국", "com|c.m", "xn--[a-z]{1,9}"):
        assert _tld_table(tlds) is None, tlds
    r = linkify.re
    tlds = "com|ſ"
    host = "localhost|www\\.|\\.\\d{1,3}\\.|(?:\\.(?:" + tlds + ")(?:" + r["src_ZPCc"] + "|>|$))"

    class Other:
        re = {**r, "src_tlds": tlds, "host_fuzzy_test": host,
              "pretest": "(" + r["schema_test"] + ")|(" + host + ")|@"}

    assert fast_pretest(Other()) is None


def test_linkify_its_large_patterns_are_compiled_only_for_a_cased_non_ascii_domain(
        linkify) -> None:  # type: ignore[no-untyped-def]
    fast = fast_pretest(linkify)
    assert fast is not None
    re.purge()
    for text in ("see docs.python.org/3 and example.com, tf.map_fn", "np.dot과 a.co<b",
                 "2024.03.08", "a.co<www.x", "(http://x", "xn--p1ai.xn--p1ai."):
        fast(text)

    def compiled() -> list[str]:
        return [k[1] for k in re._cache if isinstance(k[1], str) and "museum" in k[1]]  # type: ignore[attr-defined]

    assert compiled() == []
    assert fast("домен.рф") is True
    assert len(compiled()) == 1
