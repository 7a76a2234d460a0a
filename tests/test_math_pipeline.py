"""Hand-made notes for every kind of MA finding, in three pipelines; plus the model's parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelint.api import lint_text
from notelint.document import Document
from notelint.math import findtex, render
from notelint.math.pipeline import PipelineError, preset, resolve

FIXTURES = Path(__file__).parent / "fixtures" / "math"
CONFIG_MACROS = {"R": "\\mathbb{R}"}

EXPECTED = {('clean', 'commonmark'): [],
 ('clean', 'kramdown'): [],
 ('clean', 'math-aware'): [],
 ('dollars', 'commonmark'): ['3:10-3:18 MA006', '5:5-5:13 MA006'],
 ('dollars', 'kramdown'): ['3:10-3:18 MA006', '5:5-5:13 MA006'],
 ('dollars', 'math-aware'): ['5:5-5:13 MA006'],
 ('escape-artifacts', 'commonmark'): ['3:12-3:14 MA007',
                                      '3:36-3:38 MA007',
                                      '3:53-3:55 MA001',
                                      '3:56-3:58 MA001',
                                      '3:76-3:78 MA007'],
 ('escape-artifacts', 'kramdown'): ['3:12-3:14 MA007',
                                    '3:36-3:38 MA007',
                                    '3:53-3:55 MA001',
                                    '3:56-3:58 MA001',
                                    '3:76-3:78 MA007'],
 ('escape-artifacts', 'math-aware'): ['3:12-3:14 MA004', '3:36-3:38 MA004', '5:1-5:12 MA004'],
 ('escapes-consumed', 'commonmark'): ['6:11-6:13 MA001',
                                      '11:10-11:12 MA001',
                                      '11:18-11:20 MA001',
                                      '11:44-11:46 MA001',
                                      '11:61-11:63 MA001',
                                      '11:68-11:70 MA001'],
 ('escapes-consumed', 'kramdown'): ['11:10-11:12 MA001',
                                    '11:18-11:20 MA001',
                                    '11:61-11:63 MA001',
                                    '11:68-11:70 MA001'],
 ('escapes-consumed', 'math-aware'): [],
 ('split-by-markdown', 'commonmark'): ['3:5-3:19 MA003',
                                       '3:18-3:25 MA003',
                                       '3:24-3:38 MA003',
                                       '5:1-5:12 MA003',
                                       '7:7-7:12 MA003'],
 ('split-by-markdown', 'kramdown'): ['3:5-3:19 MA003',
                                     '3:18-3:25 MA003',
                                     '3:24-3:38 MA003',
                                     '5:1-5:12 MA003',
                                     '7:7-7:12 MA003'],
 ('split-by-markdown', 'math-aware'): ['5:1-5:12 MA004'],
 ('unbalanced', 'commonmark'): ['3:12-3:24 MA003',
                                '3:23-3:40 MA003',
                                '3:39-3:49 MA003',
                                '6:17-6:27 MA005'],
 ('unbalanced', 'kramdown'): ['3:12-3:24 MA003',
                              '3:23-3:40 MA003',
                              '3:39-3:49 MA003',
                              '6:17-6:27 MA005'],
 ('unbalanced', 'math-aware'): ['3:21-3:22 MA005', '3:40-3:45 MA005', '6:17-6:27 MA005'],
 ('unknown-macros', 'commonmark'): ['4:6-4:8 MA001',
                                    '4:8-4:12 MA002',
                                    '7:17-7:20 MA002',
                                    '7:56-7:62 MA002',
                                    '11:8-11:15 MA002'],
 ('unknown-macros', 'kramdown'): ['4:8-4:12 MA002',
                                  '7:17-7:20 MA002',
                                  '7:56-7:62 MA002',
                                  '11:8-11:15 MA002'],
 ('unknown-macros', 'math-aware'): ['4:8-4:12 MA002',
                                    '7:17-7:20 MA002',
                                    '7:56-7:62 MA002',
                                    '11:8-11:15 MA002']}


@pytest.mark.parametrize(("note", "pipeline"), sorted(EXPECTED))
def test_fixture_findings_are_exact(note: str, pipeline: str) -> None:
    text = (FIXTURES / f"{note}.md").read_text(encoding="utf-8")
    found = lint_text(text, select=["MA"],
                      config={"math": {"pipeline": pipeline, "macros": CONFIG_MACROS}})
    assert [f"{d.span} {d.code}" for d in found] == EXPECTED[(note, pipeline)]


def test_findtex_matches_mathjax() -> None:
    f = findtex.FindTeX((("$", "$"), ("\\(", "\\)")), (("$$", "$$"), ("\\[", "\\]")))
    got = [(x.open, x.math, x.kind) for x in f.find(r"a $x$ $$y$$ \(z\) \begin{cases}1\end{cases} \$")]
    assert got == [("$", "x", "delimited"), ("$$", "y", "delimited"), ("\\(", "z", "delimited"),
                   ("", "\\begin{cases}1\\end{cases}", "environment"), ("", "$", "escape")]
    # A `$` inside an open brace group does not close; an opener without close is skipped.
    assert [(x.start, x.end) for x in f.find("$a{$}$ and $b")] == [(0, 6)]
    assert f.find("$5 and $6")[0].math == "5 and "


def test_pipeline_resolution_order() -> None:
    fm = {"layout": "post", "use_math": True}
    assert resolve({}, front_matter=fm).name == "kramdown"
    assert resolve({}, front_matter={"template": "post"}).name == "math-aware"
    assert resolve({"pipeline": "gfm"}, front_matter=fm).name == "gfm"
    assert resolve({"pipeline": "gfm", "per-file": {"posts/*.md": "commonmark"}},
                   relpath="posts/a.md").name == "commonmark"
    assert resolve({"pipeline": "gfm"}, option="github").name == "github"
    with pytest.raises(PipelineError, match="unknown math pipeline `markdwon`"):
        preset("markdwon")
    p = preset("commonmark", {"inline": [["\\(", "\\)"]]})
    assert p.inline == (("\\(", "\\)"),) and p.display == (("$$", "$$"), ("\\[", "\\]"))


def test_bare_mathjax_defaults_ignore_single_dollars() -> None:
    text = "Price $5 and $6.\n"
    config = {"math": {"pipeline": "commonmark", "delimiters": {"inline": [["\\(", "\\)"]]}}}
    assert lint_text(text, select=["MA"], config=config) == []


def test_one_render_per_document_and_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = render.render

    def counting(doc: Document, pipeline: object) -> render.Rendered:
        calls.append(pipeline)
        return real(doc, pipeline)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "render", counting)  # looked up when a render is due
    text = (FIXTURES / "escapes-consumed.md").read_text(encoding="utf-8")
    lint_text(text, select=["MA"], config={"math": {"pipeline": "commonmark"}})
    assert len(calls) == 1


def test_full_render_fallback_agrees_with_the_fast_path() -> None:
    # A `$$` block glued to the paragraph after it is laid out differently by a
    # renderer without math (one paragraph): the whole note is rendered again.
    text = "$$\na \\\\ b\n$$\nText after\n"
    doc = Document.from_text(text)
    assert not render._same_blocks(doc)
    found = lint_text(text, select=["MA001"], config={"math": {"pipeline": "commonmark"}})
    assert [f"{d.span} {d.code}" for d in found] == ["2:3-2:5 MA001"]


def test_fixes_give_the_portable_spelling() -> None:
    text = "The set $\\{a\\}$ and $\\|x\\|$.\n"
    found = lint_text(text, select=["MA001"], config={"math": {"pipeline": "commonmark"}})
    edits = [(d.fix.edits[0].replacement, d.fix.safe) for d in found if d.fix]
    assert edits == [("\\lbrace ", True), ("\\rbrace", True), ("\\Vert ", True), ("\\Vert", True)]


def test_unknown_pipeline_option_is_a_config_error() -> None:
    from notelint.config import ConfigError

    with pytest.raises(ConfigError, match="did you mean"):
        lint_text("$x$\n", select=["MA001"], config={"rules": {"MA001": {"pipeline": "commonmak"}}})
