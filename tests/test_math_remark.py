"""remark-math's math blocks on the math-aware pipeline: exact MA003 findings.

Checked once against remark-math 6 by the math oracle (``../shared/oracle``):
each flagged snippet is ``swallowed_text``/``unclosed_block`` there, each
silent one ``ok``.
"""

from __future__ import annotations

import pytest

from notelint.api import lint_text

CASES = {
    "tex-after-opening": ("$$\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}$$\n",
                          ["1:1-1:18 MA003"]),
    "unclosed-in-paragraph": ("Some text\n$$ x + y\nmore text $a$.\n\nPara $b$.\n",
                              ["2:1-2:9 MA003"]),
    "unclosed-list-item": ("- $$ is the delimiter I use\n- next item $c$\n\nAfter $d$.\n",
                           ["1:3-1:28 MA003"]),
    "money": ("Cost is\n$$5 and more\n\nAfter $e$.\n", ["2:1-2:13 MA003"]),
    "fenced-block": ("$$\n\\begin{aligned}\na &= b\n\\end{aligned}\n$$\n", []),
    "one-line-block": ("$$A = U \\Sigma V^{T} \\tag{1}$$\n\nText $x$.\n", []),
    "inline-double": ("Let $$Q$$ and $$W$$ be sets.\n", []),
    "in-code": ("```\n$$ not math\n```\n", []),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_remark_math_blocks(name: str) -> None:
    text, expected = CASES[name]
    found = lint_text(text, select=["MA003"], config={"math": {"pipeline": "math-aware"}})
    assert [f"{d.span} {d.code}" for d in found] == expected
