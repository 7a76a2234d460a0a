"""MA006 dollar-not-math: dollars that get typeset although they are not a formula.

Naive pipelines: MathJax pairs two dollars that are no formula of the author
(``$5 and $6``, an unclosed ``$`` reaching a later one), typesetting the prose
between.  Items that start or end at a real formula are MA003's.
Math-aware pipelines: a ``$...$`` span whose TeX reads like an amount of money
(``$5 and $``).
"""

from __future__ import annotations

from notelint.document import RegionKind
from notelint.lazy import lazy_compile
from notelint.rule import DocumentContext, Rule
from notelint.rules.math._common import PipelineOptions, snippet, view_of, where

_MONEY = lazy_compile(r"^\d[\d.,]*(?:\s|$)")


class Options(PipelineOptions):
    """Options of MA006 (``pipeline``: see ``[math]``)."""

    __slots__ = ()


class DollarNotMath(Rule):
    """Report prose between dollar signs that gets typeset as math."""

    code = "MA006"
    name = "dollar-not-math"
    summary = "Dollar signs that pair up around prose (`$5 and $6`) and typeset it as math"
    Options = Options

    def check_document(self, ctx: DocumentContext) -> None:
        view = view_of(ctx, self.options.pipeline)
        doc = ctx.document
        if view.pipeline.searches:
            ends = {i.end - len(i.close) for i in view.intended}
            starts = {i.start for i in view.intended}
            for s in view.unmatched_seen():
                if s.kind != "delimited" or "$" not in s.open:
                    continue
                if s.start in ends or s.end - len(s.close) in starts:
                    continue
                region = doc.region_at(s.start)
                if region is not None and region.kind is RegionKind.HTML_BLOCK:
                    continue  # math written inside raw HTML, for MathJax to find
                between = doc.text[s.start + len(s.open):s.end - len(s.close)]
                ctx.report((s.start, s.end),
                           f"MathJax pairs the `{s.open}` at {where(doc, s.start)} with the "
                           f"`{s.close}` at {where(doc, s.end - len(s.close))} and typesets "
                           f"`{snippet(between)}` as math; write a literal dollar as `\\\\$`")
        literal = "\\\\$" if view.pipeline.searches else "\\$"
        for k in sorted(view.match):
            it = view.intended[k]
            tex = doc.text[it.tex_start:it.tex_end]
            if it.open == "$" and _MONEY.match(tex) and tex[-1:].isspace():
                ctx.report((it.start, it.end),
                           f"`{snippet(doc.text[it.start:it.end])}` reads like an amount of "
                           f"money but is typeset as math; write a literal dollar as `{literal}`")
