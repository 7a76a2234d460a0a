"""Properties of every note, over generated notes in the shapes real notes have (Hypothesis).

For each generated note: linting raises nothing; every finding's span lies inside the note and
its line:column is where its offset is; safe fixes converge in one pass (fixing the fixed text
changes nothing) and a fixed note lints without the fixed findings' own fixes coming back.

The number of notes is ``NOTELINT_PROPERTY_EXAMPLES`` (default 300, for CI); the release check
runs 20,000 or more::

    NOTELINT_PROPERTY_EXAMPLES=20000 python -m pytest -q tests/test_property_notes.py
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notelint.api import fix_text, lint_text
from notelint.document import Document
from notelint.fixes import FixError

EXAMPLES = int(os.environ.get("NOTELINT_PROPERTY_EXAMPLES", "300"))

WORDS = ["the", "model", "학습", "데이터를", "transformer", "trasnformer", "값", "np.dot",
         "gradient", "`code`", "**bold**", "_x_", "<br>", "&amp;", "😀", "recieve"]
LABELS = ["1", "2", "7", "note", "a b", "ref"]


def _inline() -> st.SearchStrategy[str]:
    ref = st.sampled_from(LABELS).map(lambda label: f"[^{label}]")
    math = st.sampled_from(["$a_b$", "$a \\\\ b$", "\\\\(x\\\\)", "$$\\frac{a}{b}$$", "$5 and $6",
                            "\\(y\\)", "$\\ohm$", "$\\{x\\}$"])
    link = st.sampled_from(["[a](b.md)", "[x](#head)", "<img src=\"p.png\">", "http://a.invalid/",
                            "[np.dot](http://np.dot)", "![i](img/x.png)"])
    piece = st.one_of(st.sampled_from(WORDS), ref, math, link)
    return st.lists(piece, min_size=1, max_size=12).map(" ".join)


def _block() -> st.SearchStrategy[str]:
    heading = st.tuples(st.integers(1, 5), _inline()).map(lambda t: "#" * t[0] + " " + t[1])
    dated = st.sampled_from(["##### 2021.11.14", "##### 2023.05.20", "*2022.02.30*",
                             "### 21-11-14 TIL"])
    definition = st.tuples(st.sampled_from(["[^{}]:", "[^ {}]:", "[^{} ]:", "[^{}] :",
                                            "[^{}]"]),
                           st.sampled_from(LABELS), _inline()).map(
        lambda t: t[0].format(t[1]) + " " + t[2])
    directive = st.sampled_from(["<!-- notelint-disable FN001 -->", "<!-- notelint-enable -->",
                                 "<!-- notelint-disable-next-line -->", "<!-- notelint-foo -->"])
    fence = _inline().map(lambda t: f"```\n{t}\n```")
    listing = st.lists(_inline(), min_size=1, max_size=3).map(
        lambda items: "\n".join(f"- {i}" for i in items))
    setext = _inline().map(lambda t: t + "\n===")
    return st.one_of(_inline(), heading, dated, definition, directive, fence, listing, setext,
                     _inline().map(lambda t: "> " + t))


notes = st.tuples(
    st.sampled_from(["", "---\ntitle: t\n---\n", "---\nuse_math: true\n---\n", "---\n: [\n---\n"]),
    st.lists(_block(), min_size=1, max_size=14),
    st.sampled_from(["\n\n", "\n"]),
).map(lambda t: t[0] + t[2].join(t[1]) + "\n")


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(notes)
def test_generated_notes(text: str) -> None:
    doc = Document.from_text(text)
    found = lint_text(text)
    for d in found:
        span = d.span
        assert 0 <= span.start_offset <= span.end_offset <= len(doc.text), d
        assert doc.position(span.start_offset) == span.start, d
        assert doc.position(span.end_offset) == span.end, d
        assert 1 <= span.start.line <= doc.line_count + 1
        if d.fix is not None:
            for e in d.fix.edits:
                assert 0 <= e.start_offset <= e.end_offset <= len(doc.text), d
    try:
        fixed, applied = fix_text(text)
    except FixError:
        return  # refused fixes leave the note as it was (asserted in tests/test_fix_hostile.py)
    again, more = fix_text(fixed)
    assert (again, more) == (fixed, 0), "safe fixes must converge in one pass"
    if applied == 0:
        assert fixed == doc.text
