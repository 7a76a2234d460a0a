"""kramdown as Jekyll runs it: exact MA findings for each behaviour that differs from CommonMark.

Every snippet was rendered once with the real kramdown 2.4 + kramdown-parser-gfm
(Jekyll's defaults) and MathJax 3 by the math oracle (``../shared/oracle``); the
comment above each case gives the oracle's verdict.
"""

from __future__ import annotations

import pytest

from notelint.api import lint_text


def _found(text: str, pipeline: str = "kramdown", select: tuple[str, ...] = ("MA",)) -> list[str]:
    return [f"{d.span} {d.code}" for d in
            lint_text(text, select=list(select), config={"math": {"pipeline": pipeline}})]


CASES = {
    # A paragraph line with a bare `|` is a table row, even inside `$...$` (oracle: split).
    "table-row": ("Bound $|x| < 1$ holds for all terms.\n", ["1:7-1:16 MA003"]),
    # ... and inside inline `$$...$$` (oracle: split).
    "table-row-in-double-dollar": (
        "Matrix $$\\left(\\begin{array}{c|c} a & b \\end{array}\\right)$$ here.\n",
        ["1:8-1:61 MA003"]),
    # A table needs a block boundary after it: a following text line keeps the paragraph.
    "no-table-before-text": ("Bound $|x| < 1$ holds\nfor all terms.\n", []),
    # A `$$` block of its own is math before it could be a table (oracle: ok).
    "block-math-with-bar": (
        "Some text.\n\n$$\nP(A_2 | A_1) = \\frac{P(A_1 \\cap A_2)}{P(A_1)}\n$$\n\nMore text.\n", []),
    # Smart quotes and typographic symbols change single-dollar TeX (oracle: altered,
    # different MathML; `f'` alone becomes `f’`, the same MathML).
    "smart-quotes": ("The derivative $f''(x)$, the sum $a_1 + ... + a_n$ and $f'(x)$.\n",
                     ["1:18-1:20 MA008", "1:41-1:44 MA008"]),
    # A block HTML element stays raw up to its closing tag, blank lines included
    # (oracle: ok / MathJax finds the math as written).
    "block-html": ("<div class=\"note\">\n$a*b$ and $c*d$\n\n$x \\{y\\}$ stays.\n</div>\n\nAfter.\n",
                   []),
    # `markdown="1"` makes kramdown parse the content (oracle: mispaired).
    "markdown-attribute": ("<div markdown=\"1\">\n\n$a*b$ and $c*d$\n\n</div>\n",
                           ["3:1-3:6 MA003", "3:5-3:12 MA003", "3:11-3:16 MA003"]),
    # {::nomarkdown} is passed through untouched (oracle: ok).
    "nomarkdown": ("Raw {::nomarkdown}$a*b$ and $c*d${:/} here.\n", []),
    # kramdown's `_` emphasis: no closing `_` before a letter or digit (oracle: ok).
    "emphasis": ("A collection $\\mathtt{P}((c_i)_{f(i) = j}, d_j)$ of operations, $x_1$ and "
                 "$y_1$.\n", []),
    # Any `N.` at a line start begins a list, even inside a paragraph (oracle: split).
    "list-start": ("It holds that $a +\n3. b$ in general.\n", ["1:15-2:6 MA003"]),
    # Escapes: consumed in single-dollar math, kept in `$$` math; `\|` between the
    # arguments of a divergence means ‖ (oracle: altered, different MathML).
    "escapes": ("Set $\\{x\\}$, display $$\\{x\\}$$, divergence $D_{KL}(P\\|Q)$, norm $\\|x\\|$, "
                "given $p(x\\|y)$.\n",
                ["1:6-1:8 MA001", "1:9-1:11 MA001", "1:53-1:55 MA001", "1:66-1:68 MA001",
                 "1:69-1:71 MA001"]),
    # A fence whose info string has a space is no fence; its closing fence opens one,
    # which runs to the next fence (oracle: not_found).
    "fence-info-with-space": ("```{.python .input}\nx = 1\n```\n\nText $a$ and $b$.\n\n```\ny = 2\n```\n",
                              ["5:6-5:9 MA003", "5:14-5:17 MA003"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_kramdown_behaviour(name: str) -> None:
    text, expected = CASES[name]
    assert _found(text, select=("MA001", "MA002", "MA003", "MA004", "MA005", "MA006",
                                "MA008")) == expected


def test_commonmark_differs_where_kramdown_does() -> None:
    # The same snippets under CommonMark: no table, no smart quotes, no raw HTML up to
    # the closing tag (the oracle's markdown-it agrees).
    assert _found(CASES["table-row"][0], "commonmark") == []
    assert _found(CASES["smart-quotes"][0], "commonmark") == []
    assert _found(CASES["list-start"][0], "commonmark") == []


def test_the_meaning_of_a_bar_decides_the_advice() -> None:
    text = "KL $D_{KL}(P\\|Q)$ and $p(x\\|y)$.\n"
    found = lint_text(text, select=["MA001", "MA007"], config={"math": {"pipeline": "kramdown"}})
    assert [(d.code, str(d.span)) for d in found] == [("MA001", "1:13-1:15"),
                                                       ("MA007", "1:27-1:29")]
    assert "a double bar ‖" in found[0].message and "`\\Vert`" in found[0].message
    assert "`\\vert`" in found[1].message
    aware = lint_text(text, select=["MA004"], config={"math": {"pipeline": "math-aware"}})
    assert [str(d.span) for d in aware] == ["1:27-1:29"]


def test_typography_fix_writes_primes() -> None:
    from notelint.api import fix_text

    fixed, n = fix_text("Then $f''(x) = 0$.\n", select=["MA008"],
                        config={"math": {"pipeline": "kramdown"}}, unsafe=True)
    assert (fixed, n) == ("Then $f^{\\prime\\prime}(x) = 0$.\n", 1)


def test_messages_name_the_kramdown_block() -> None:
    def messages(name: str) -> list[str]:
        return [d.message for d in lint_text(CASES[name][0], select=["MA003"],
                                             config={"math": {"pipeline": "kramdown"}})]

    assert messages("list-start") == [
        "`$a + 3. b$` is not typeset as one formula: markdown makes list item from `3.` at 2:1 "
        "inside it, so MathJax never sees it whole"]
    assert messages("fence-info-with-space")[0].endswith(
        "it lies in a code block opened by the fence at 3:1 (kramdown takes no fence whose info "
        "string has a space, such as `{.python .input}`, so the closing fence after one opens a "
        "block)")
    assert "table cell from `|` at 1:8" in messages("table-row")[0]


def test_typography_is_not_taken_for_an_escape() -> None:
    """kramdown makes `»` of `>>` (two characters, one in the TeX, like an escape):
    that is MA008's finding alone, never an escape finding quoting a `\\»` nobody wrote."""
    assert _found("A $\\omega>>1$ case.\n", select=("MA001", "MA007", "MA008")) == [
        "1:10-1:12 MA008"]


@pytest.mark.parametrize(("text", "expected"), [
    ("$x$\n\n*\n", []),
    ("*\n\n$\\ohm$\n", ["3:2-3:6 MA002"]),
    ("- $\\ohm$\n*\n\n\n$\\ohm$\n", ["1:4-1:8 MA002", "5:2-5:6 MA002"]),
])
def test_a_list_marker_with_nothing_after_it_ends(text: str, expected: list[str]) -> None:
    # `*` alone opened a list item whose only line, blank once the marker was taken off,
    # was dropped with the trailing blank lines: the block parser stayed on that line
    # forever (every note with math and such a line hung the kramdown pipeline).
    import signal

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("the kramdown model did not move past the line")

    from notelint.document import Document
    from notelint.math.kramdown import render_kramdown

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        render_kramdown(Document.from_text(text))  # the model itself (rules catch errors)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert _found(text) == expected
