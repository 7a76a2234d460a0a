"""British spellings, names, tools and inflections are words; real typos next to them are not."""

from __future__ import annotations

from notelint.api import lint_text

NOTE = """\
# Reading notes

I recognise the colour of the centre panel; we analyse the behaviour of the
catalogue and travelled through the programme. The site is built with Eleventy,
`rehype-katex` renders math and `<meta http-equiv="refresh">` redirects.

The Floyd–Warshall algorithm is in Cormen et al. and in Cormen, Thomas H.
The parser parsed the contexts; the specifier allocates elems.

This fucntion has an envrionment variable and a Transfomer model.
"""


def test_british_names_and_tools_are_known_but_typos_are_found() -> None:
    found = [(d.code, str(d.span.start.line) + ":" + str(d.span.start.column), d.message)
             for d in lint_text(NOTE, select=["SP001", "SP002"])]
    assert found == [
        ("SP001", "10:6", "`fucntion` is not a known word; did you mean `function`?"),
        ("SP001", "10:22", "`envrionment` is not a known word; did you mean `environment`?"),
        ("SP001", "10:49", "`Transfomer` is not a known word; did you mean `Transformer`?"),
    ]


def test_a_typo_next_to_a_common_word_is_not_taken_for_a_name() -> None:
    found = [d.message for d in lint_text("We use a Fully-Conneted layer here.\n",
                                          select=["SP001"])]
    assert found == ["`Conneted` in word `Fully-Conneted` is not a known word; "
                     "did you mean `Connected`?"]
