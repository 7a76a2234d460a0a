"""The source map: exact positions of inline tokens, regions, newline handling."""

from __future__ import annotations

import pytest

from notelint.document import Document, RegionKind, normalise_newlines


def spans(doc: Document, types: tuple[str, ...]) -> list[tuple[str, str, str]]:
    out = []
    for tok, parent in doc.walk():
        if parent is not None and tok.type in types:
            sp = doc.inline_span(parent, tok)
            assert sp is not None
            out.append((tok.type, str(sp), doc.text[sp.start_offset:sp.end_offset]))
    return out


def test_inline_tokens_inside_blockquote_and_list() -> None:
    doc = Document.from_text(
        "> Quote[^1] and `code`\n> more $x_1$\n\n- item [^2]\n  next 한국어 👨💻 [^3]\n")
    assert spans(doc, ("footnote_ref", "code_inline", "math_inline")) == [
        ("footnote_ref", "1:8-1:12", "[^1]"),
        ("code_inline", "1:17-1:23", "`code`"),
        ("math_inline", "2:8-2:13", "$x_1$"),
        ("footnote_ref", "4:8-4:12", "[^2]"),
        ("footnote_ref", "5:15-5:19", "[^3]"),
    ]


def test_columns_count_code_points_and_crlf_is_transparent() -> None:
    text = "# 제목\r\n\r\n한국어 문장[^7]과 😀 `x`\r\n"
    doc = Document.from_text(text)
    assert doc.newline == "\r\n"
    assert spans(doc, ("footnote_ref", "code_inline")) == [
        ("footnote_ref", "3:7-3:11", "[^7]"),
        ("code_inline", "3:15-3:18", "`x`"),
    ]


def test_bom_is_removed_and_remembered() -> None:
    doc = Document.from_text("\ufeffText[^1]\n")
    assert doc.bom is True
    assert spans(doc, ("footnote_ref",)) == [("footnote_ref", "1:5-1:9", "[^1]")]


def test_emphasis_links_and_escapes_keep_exact_ranges() -> None:
    doc = Document.from_text("a **b** \\* [l *e*](http://x) <http://y.z> ~~s~~\n")
    assert spans(doc, ("strong_open", "strong_close", "link_open", "link_close", "em_open", "s_open")) == [
        ("strong_open", "1:3-1:5", "**"),
        ("strong_close", "1:6-1:8", "**"),
        ("link_open", "1:12-1:29", "[l *e*](http://x)"),
        ("em_open", "1:15-1:16", "*"),
        ("link_close", "1:18-1:29", "](http://x)"),
        ("link_open", "1:30-1:42", "<http://y.z>"),
        ("link_close", "1:41-1:42", ">"),
        ("s_open", "1:43-1:45", "~~"),
    ]
    texts = spans(doc, ("text",))
    assert ("text", "1:8-1:12", " \\* ") in texts  # an escape: source longer than content


def test_table_cells_are_mapped_to_their_own_columns() -> None:
    doc = Document.from_text("| a [^1] | b |\n|---|---|\n| [^1] | `c` [^2] |\n")
    assert spans(doc, ("footnote_ref", "code_inline")) == [
        ("footnote_ref", "1:5-1:9", "[^1]"),
        ("footnote_ref", "3:3-3:7", "[^1]"),
        ("code_inline", "3:10-3:13", "`c`"),
        ("footnote_ref", "3:14-3:18", "[^2]"),
    ]


def test_table_cells_with_escaped_pipes_keep_exact_ranges() -> None:
    # The table rule makes `\|` a `|` of the cell's content (and `\\|` a `\|`): what follows
    # used to be mapped one column to the left per escape, or to the start of the line.
    doc = Document.from_text("| a | b |\n|---|---|\n| x \\| [^1] | $\\|v\\|$ `c\\|d` [^2] |\n"
                             "| \\\\| `e` [^3] | f |\n")
    assert spans(doc, ("footnote_ref", "code_inline", "math_inline")) == [
        ("footnote_ref", "3:8-3:12", "[^1]"),
        ("math_inline", "3:15-3:22", "$\\|v\\|$"),
        ("code_inline", "3:23-3:29", "`c\\|d`"),
        ("footnote_ref", "3:30-3:34", "[^2]"),
        ("code_inline", "4:7-4:10", "`e`"),
        ("footnote_ref", "4:11-4:15", "[^3]"),
    ]


def test_heading_with_closing_hashes() -> None:
    doc = Document.from_text("## Title [^1] ##\n")
    assert spans(doc, ("footnote_ref",)) == [("footnote_ref", "1:10-1:14", "[^1]")]


def test_regions_cover_code_math_html_and_front_matter() -> None:
    text = "---\na: 1\n---\n\nx `c` $m$ <b>\n\n```\nfence\n```\n\n$$\nM\n$$\n"
    doc = Document.from_text(text)
    kinds = [(r.kind, text[r.start:r.end]) for r in doc.regions]
    assert kinds == [
        (RegionKind.FRONT_MATTER, "---\na: 1\n---"),
        (RegionKind.CODE_INLINE, "`c`"),
        (RegionKind.MATH_INLINE, "$m$"),
        (RegionKind.HTML_INLINE, "<b>"),
        (RegionKind.FENCE, "```\nfence\n```"),
        (RegionKind.MATH_BLOCK, "$$\nM\n$$"),
    ]
    assert doc.is_prose(text.index("x"))
    assert not doc.is_prose(text.index("fence"))


@pytest.mark.parametrize(("raw", "norm", "nl"), [
    ("a\nb\n", "a\nb\n", "\n"),
    ("a\r\nb\r\n", "a\nb\n", "\r\n"),
    ("a\rb\r", "a\nb\n", "\r"),
    ("a\r\nb\nc\r\n", "a\nb\nc\n", "\r\n"),
])
def test_normalise_newlines(raw: str, norm: str, nl: str) -> None:
    assert normalise_newlines(raw) == (norm, nl)


def test_offset_position_round_trip() -> None:
    doc = Document.from_text("ab\n한글\n\nz")
    for off in range(len(doc.text) + 1):
        pos = doc.position(off)
        assert doc.offset(pos.line, pos.column) == off
    assert str(doc.position(4)) == "2:2"
    assert doc.line_count == 4


def test_bare_urls_become_links_with_exact_spans() -> None:
    doc = Document.from_text("see https://x.com/a, 한국어https://c.io 및 www.b.org 끝 *e www.q.io*\n")
    assert spans(doc, ("link_open",)) == [
        ("link_open", "1:5-1:20", "https://x.com/a"),
        ("link_open", "1:25-1:37", "https://c.io"),
        ("link_open", "1:40-1:49", "www.b.org"),
        ("link_open", "1:55-1:63", "www.q.io"),
    ]
    assert ("text", "1:20-1:25", ", 한국어") in spans(doc, ("text",))


def test_bare_url_at_the_start_of_inline_content() -> None:
    doc = Document.from_text("- https://a.io/x\n\n[^9]: https://b.io\n\nx[^9]\n")
    assert spans(doc, ("link_open",)) == [
        ("link_open", "1:3-1:17", "https://a.io/x"),
        ("link_open", "3:7-3:19", "https://b.io"),
    ]
