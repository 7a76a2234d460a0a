"""MA005 unbalanced-tex: braces, ``\\begin``/``\\end`` or ``\\left``/``\\right`` that do not pair.

Every typeset formula is parsed strictly with pylatexenc
(:func:`notelint.math.tex.scan_tex`); MathJax shows such a formula as an error.
"""

from __future__ import annotations

from notelint.rule import DocumentContext, Rule
from notelint.rules.math._common import PipelineOptions, view_of


class Options(PipelineOptions):
    """Options of MA005 (``pipeline``: see ``[math]``)."""

    __slots__ = ()


class UnbalancedTex(Rule):
    """Report formulas whose groups, environments or delimiters do not balance."""

    code = "MA005"
    name = "unbalanced-tex"
    summary = "Unbalanced braces, `\\begin`/`\\end` or `\\left`/`\\right` in a formula"
    Options = Options

    def check_document(self, ctx: DocumentContext) -> None:
        view = view_of(ctx, self.options.pipeline)
        for seen in view.typeset():
            if not seen.tex.strip():
                continue
            for problem in view.scan(seen).problems:
                a = min(problem.start, len(seen.offsets) - 1)
                b = max(a, min(problem.end, len(seen.offsets)) - 1)
                start = seen.offsets[a]
                end = seen.offsets[b] + max(1, seen.lengths[b])
                ctx.report((start, end), f"{problem.message}; MathJax shows an error instead")
