"""Footnote rules (FN001-FN004): exact findings on the real notes, and edge cases.

The catalogue (``rules/FN*.md``) holds the documented examples; this module
pins what the real notes must give and what must never be reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from notelint.api import lint_paths, lint_text
from notelint.diagnostics import Diagnostic, Related
from notelint.document import Document
from notelint.fixes import apply_edits
from notelint.rules.footnotes import RULES
from notelint.rules.footnotes.index import footnote_index, looks_like_regex_class

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "content"


def _where(d: Diagnostic) -> tuple[str, str]:
    return d.code, f"{d.span.start}-{d.span.end}"


def _fn(text: str, select: list[str] | None = None) -> list[Diagnostic]:
    return lint_text(text, select=select or ["FN"])


@pytest.fixture(scope="module")
def corpus_findings() -> dict[str, list[Diagnostic]]:
    """FN findings on the real notes, by file name; fails when the notes are missing."""
    if not CORPUS.is_dir() or not any(CORPUS.glob("*.md")):
        pytest.fail(f"the real notes are missing: expected them in {CORPUS}")
    result = lint_paths([str(CORPUS)], select=["FN"])
    by_file: dict[str, list[Diagnostic]] = {Path(src.display).name: [] for src in result.sources}
    for d in result.diagnostics:
        by_file[Path(d.path).name].append(d)
    return by_file


class TestFNRealNotes:
    """Exact findings on ``../shared/corpus/content``."""

    def test_corpus_has_the_three_notes(
            self, corpus_findings: dict[str, list[Diagnostic]]) -> None:
        assert sorted(corpus_findings) == ["boostcamp-week4.md", "til-ai-ml.md", "til.md"]

    def test_corpus_til_ai_ml(self, corpus_findings: dict[str, list[Diagnostic]]) -> None:
        assert [_where(d) for d in corpus_findings["til-ai-ml.md"]] == [
            ("FN001", "136:47-136:51"),
            ("FN002", "494:1-494:6"),
            ("FN002", "495:1-495:6"),
            ("FN002", "504:1-504:6"),
        ]

    def test_corpus_til(self, corpus_findings: dict[str, list[Diagnostic]]) -> None:
        assert [_where(d) for d in corpus_findings["til.md"]] == [
            ("FN004", "210:1-210:7"),
            ("FN004", "211:1-211:7"),
            ("FN002", "212:1-212:6"),
            ("FN002", "213:1-213:6"),
            ("FN002", "217:1-217:7"),
        ]

    def test_corpus_boostcamp_is_clean(
            self, corpus_findings: dict[str, list[Diagnostic]]) -> None:
        assert corpus_findings["boostcamp-week4.md"] == []

    def test_corpus_dangling_7_is_paired_with_its_malformed_definition(
            self, corpus_findings: dict[str, list[Diagnostic]]) -> None:
        d = corpus_findings["til-ai-ml.md"][0]
        assert d.message == ("Footnote reference `[^7]` has no definition; `[^ 7]:` on line 501 "
                             "looks like it (remove the space)")
        assert d.related == (Related(None, 501, 1, "malformed definition `[^ 7]:`"),)
        assert d.fix is not None and d.fix.safe
        doc = Document.from_text((CORPUS / "til-ai-ml.md").read_text(encoding="utf-8"))
        fixed = apply_edits(doc.text, d.fix.edits)
        assert fixed.splitlines()[500].startswith("[^7]: Olivier Moindrot.")
        assert [_where(x) for x in lint_text(fixed, select=["FN001", "FN004"])] == []

    def test_corpus_malformed_definitions_in_til(
            self, corpus_findings: dict[str, list[Diagnostic]]) -> None:
        five, six = corpus_findings["til.md"][:2]
        assert five.message == (
            "Malformed footnote definition `[^ 5]:`: markdown does not recognise "
            "it as a footnote; expected `[^5]:` (remove the space)")
        assert six.fix is not None and [e.replacement for e in six.fix.edits] == ["[^6]:"]


class TestFNMalformed:
    """Malformed definitions and references, and how they pair."""

    @pytest.mark.parametrize(("definition", "span", "advice"), [
        ("[^ 7]:", "3:1-3:7", "remove the space"),
        ("[^7 ]:", "3:1-3:7", "remove the space"),
        ("[^ 7 ]:", "3:1-3:8", "remove the spaces"),
        ("[^7] :", "3:1-3:7", "remove the space before the colon"),
        ("\uff3b^7\uff3d:", "3:1-3:6", "use ASCII characters instead of full-width `［`, `］`"),
        ("[\uff3e7]:", "3:1-3:6", "use ASCII characters instead of full-width `＾`"),
        ("[^7]\uff1a", "3:1-3:6", "use ASCII characters instead of full-width `：`"),
    ])
    def test_malformed_definition_pairs_with_dangling_reference(self, definition: str, span: str,
                                                                advice: str) -> None:
        text = f"Text[^7].\n\n{definition} Olivier Moindrot, Triplet loss.\n"
        found = _fn(text)
        assert [_where(d) for d in found] == [("FN001", "1:5-1:9")]
        assert found[0].message == (f"Footnote reference `[^7]` has no definition; `{definition}` "
                                    f"on line 3 looks like it ({advice})")
        assert found[0].related == (Related(None, 3, 1, f"malformed definition `{definition}`"),)
        assert found[0].fix is not None
        fixed = apply_edits(Document.from_text(text).text, found[0].fix.edits)
        assert fixed == "Text[^7].\n\n[^7]: Olivier Moindrot, Triplet loss.\n"
        assert _fn(fixed) == []
        # Alone, FN004 reports the same definition at the same place.
        alone = _fn(text, ["FN004"])
        assert [_where(d) for d in alone] == [("FN004", span)]

    def test_fn004_skips_only_what_fn001_reports(self) -> None:
        text = "Text[^7].\n\n[^ 7]: seven\n[^ 8]: eight\n"
        assert [_where(d) for d in _fn(text)] == [("FN001", "1:5-1:9"), ("FN004", "4:1-4:7")]

    def test_missing_colon_after_another_definition(self) -> None:
        text = "Text[^6] and [^7].\n\n[^6]: six\n[^7] Olivier Moindrot, Triplet loss.\n"
        found = _fn(text)
        assert [_where(d) for d in found] == [("FN001", "1:14-1:18")]
        assert found[0].message.endswith("`[^7]` on line 4 looks like it (add `:` after `]`)")
        assert found[0].fix is not None
        fixed = apply_edits(Document.from_text(text).text, found[0].fix.edits)
        assert fixed.endswith("[^7]: Olivier Moindrot, Triplet loss.\n")
        assert [_where(d) for d in _fn(text, ["FN004"])] == [("FN004", "4:1-4:5")]

    def test_missing_colon_needs_definition_context(self) -> None:
        # A wrapped sentence that continues with a reference is a dangling reference.
        text = "A sentence that wraps\n[^3] and continues here.\n"
        assert [_where(d) for d in _fn(text)] == [("FN001", "2:1-2:5")]
        # A defined label at the start of a line is just a reference.
        assert _fn("[^3] starts this paragraph.\n\n[^3]: three\n") == []

    def test_malformed_reference_reported_when_its_label_is_defined(self) -> None:
        text = "See [^ 1] and \uff3b^2\uff3d.\n\n[^1]: one\n[^2]: two\n"
        found = _fn(text)
        assert [_where(d) for d in found] == [("FN004", "1:5-1:10"), ("FN004", "1:15-1:19")]
        assert found[0].related == (Related(None, 3, 1, "definition `[^1]:`"),)
        # FN002 does not also call the definitions unused ...
        assert [d.code for d in found] == ["FN004", "FN004"]
        # ... unless FN004 is not run.
        assert [_where(d) for d in _fn(text, ["FN002"])] == [
            ("FN002", "3:1-3:6"), ("FN002", "4:1-4:6")]

    def test_malformed_definition_of_a_defined_label_has_no_fix(self) -> None:
        found = _fn("Text[^1].\n\n[^1]: first\n[^ 1]: second\n")
        assert [_where(d) for d in found] == [("FN004", "4:1-4:7")]
        assert found[0].fix is None
        assert "already defined on line 3" in found[0].message

    def test_reference_turned_into_a_link_by_a_malformed_definition(self) -> None:
        # `[^7 ]: url` is a link reference definition, so `[^7]` renders as a link.
        found = _fn("Text[^7].\n\n[^7 ]: https://example.com\n")
        assert [_where(d) for d in found] == [("FN001", "1:5-1:9")]


class TestFNNotFootnotes:
    """Code, math, HTML and regex-like text are never reported."""

    @pytest.mark.parametrize("text", [
        "Code `[^1]` and `[^ 1]:` here.\n",
        "Math $a[^1]$ and $$b[^2]$$ inline.\n",
        "```\nText[^1]\n[^ 1]: in a fence\n```\n",
        "    [^ 1]: indented code\n    x[^2]\n",
        "<div>\n[^ 1]: html [^2]\n</div>\n",
        "$$\nx[^1]\n$$\n",
        "---\ntitle: \"[^ 1]: x [^2]\"\n---\n\nBody.\n",
        "Regex [^0-9], [^a-zA-Z], [^\\s], [^,.] in prose.\n",
        "Brackets [ ^ ], [^] and [^ ] in prose.\n",
        "Spaced [^ 3] with no footnote 3 anywhere.\n",
        "A link [^ 1](https://example.com) is a link.\n\n[^1]: one[^1]\n",
    ])
    def test_not_footnotes(self, text: str) -> None:
        assert _fn(text) == []

    def test_looks_like_regex_class(self) -> None:
        assert all(map(looks_like_regex_class, ["0-9", "a-zA-Z", "\\s", ",.", "가-힣", "_^"]))
        assert not any(map(looks_like_regex_class, ["1", "note", "pr-317", "1-2-3", "facenet"]))


class TestFNPositions:
    """Exact 1-based line:column spans in code points."""

    def test_crlf_input_gives_the_same_positions(self) -> None:
        lf = "한국어 문장[^1]입니다.\n\n[^ 1]: 정의\n[^2]: 둘\n"
        crlf = lf.replace("\n", "\r\n")
        expected = [("FN001", "1:7-1:11"), ("FN002", "4:1-4:6")]
        assert [_where(d) for d in _fn(lf)] == expected
        found = _fn(crlf)
        assert [_where(d) for d in found] == expected
        assert found[0].related == (Related(None, 3, 1, "malformed definition `[^ 1]:`"),)

    def test_columns_count_code_points_after_korean_and_emoji(self) -> None:
        text = "🧩 한글로 쓴 설명 뒤의 각주[^note]와 [^ note].\n"
        found = _fn(text)
        # Defined nowhere: the proper reference is FN001; `[^ note]` is left alone.
        assert [_where(d) for d in found] == [("FN001", "1:17-1:24")]
        assert text[16:23] == "[^note]"

    def test_references_in_containers_and_tables(self) -> None:
        text = "> Quoted[^q].\n\n| a | b |\n|---|---|\n| 한[^t] | x |\n\n- item[^l]\n"
        assert [_where(d) for d in _fn(text)] == [
            ("FN001", "1:9-1:13"), ("FN001", "5:4-5:8"), ("FN001", "7:7-7:11")]

    def test_definition_in_blockquote_and_list(self) -> None:
        found = _fn("> Text[^7].\n>\n> [^ 7]: seven\n\n- [^8]: eight\n")
        assert [_where(d) for d in found] == [("FN001", "1:7-1:11"), ("FN002", "5:3-5:8")]
        assert found[0].related == (Related(None, 3, 3, "malformed definition `[^ 7]:`"),)


class TestFNDefinitions:
    """What counts as a use; duplicates."""

    def test_references_inside_footnotes_and_image_alt_text_count(self) -> None:
        text = "Text[^1] ![diagram [^3]](x.png).\n\n[^1]: see also[^2]\n[^2]: two\n[^3]: three\n"
        assert _fn(text) == []

    def test_duplicate_definitions_point_at_the_first(self) -> None:
        found = _fn("FLOPS[^9].\n\n[^9]: a\n[^9]: b\n[^9]: c\n")
        assert [_where(d) for d in found] == [("FN003", "4:1-4:6"), ("FN003", "5:1-5:6")]
        assert found[0].related == (Related(None, 3, 1, "first definition `[^9]:`"),)
        assert "markdown-it and kramdown: the last, remark: the first" in found[0].message

    def test_unused_duplicate_is_reported_once_as_unused(self) -> None:
        found = _fn("Body.\n\n[^9]: a\n[^9]: b\n")
        assert [_where(d) for d in found] == [("FN002", "3:1-3:6"), ("FN003", "4:1-4:6")]


class TestFNFamily:
    """Registration and the shared index."""

    def test_rules_are_registered_in_order(self) -> None:
        assert [(r.code, r.name) for r in RULES] == [
            ("FN001", "undefined-footnote-reference"),
            ("FN002", "unused-footnote-definition"),
            ("FN003", "duplicate-footnote-definition"),
            ("FN004", "malformed-footnote-label"),
        ]
        assert all(r.__doc__ for r in RULES)

    def test_index_is_built_once_per_document(self) -> None:
        doc = Document.from_text("Text[^1].\n\n[^1]: one\n")
        assert footnote_index(doc) is footnote_index(doc)
