"""MA001 markdown-escape-in-math: markdown consumed a backslash that TeX needed.

Naive pipelines (``commonmark``, ``gfm``, ``kramdown`` for single ``$``):
for each formula that MathJax finds intact, the characters that reached it
from a two-character backslash escape are the escapes markdown consumed
(:class:`notelint.math.model.Seen` ``lengths``).  Those whose bare character
is plausibly what the author meant (``\\_``, ``\\*``, a lone ``\\|``) are left to
MA007.
"""

from __future__ import annotations

from notelint.math.escapes import advice, bar_positions, norm_bars
from notelint.rule import DocumentContext, Rule
from notelint.rules.math._common import PipelineOptions, replace, spelled, view_of


class Options(PipelineOptions):
    """Options of MA001 (``pipeline``: see ``[math]``)."""

    __slots__ = ()


class MarkdownEscapeInMath(Rule):
    """Report backslash escapes inside math that the markdown renderer consumed."""

    code = "MA001"
    name = "markdown-escape-in-math"
    summary = "Markdown consumes a backslash that the TeX needs (`\\\\`, `\\{`, `\\,`...)"
    Options = Options

    def check_document(self, ctx: DocumentContext) -> None:
        view = view_of(ctx, self.options.pipeline)
        if not view.pipeline.searches:
            return
        doc = ctx.document
        for seen in view.match.values():
            # Consumed escapes: a backslash and the character TeX gets (kramdown's
            # typography also makes one character of two, `>>` → `»`, which is MA008's).
            hits = [k for k, n in enumerate(seen.lengths)
                    if n == 2 and doc.text[seen.offsets[k]] == "\\"]
            if not hits:
                continue
            # `\\\\` is two consumed escapes that give TeX the `\\` it needs (what this
            # rule's own fix writes): such pairs, taken left to right, are not reported.
            paired: set[int] = set()
            for k in hits:
                if (k not in paired and seen.tex[k] == "\\" and k + 1 < len(seen.lengths)
                        and seen.lengths[k + 1] == 2 and seen.tex[k + 1] == "\\"):
                    paired.update((k, k + 1))
            hits = [k for k in hits if k not in paired]
            source_tex = doc.text[seen.offsets[0]:seen.offsets[-1] + seen.lengths[-1]]
            base = seen.offsets[0]
            norms = {base + b for b in norm_bars(source_tex, bar_positions(source_tex))}
            for k in hits:
                ch = seen.tex[k]
                start = seen.offsets[k]
                adv = advice(ch)
                if ch == "|" and start not in norms:
                    continue
                if ch != "|" and adv.pre_escape:
                    continue
                following = doc.text[start + 2:start + 3]
                msg = (f"Markdown turns `\\{ch}` ({adv.meaning}) into `{ch}`: "
                       f"MathJax gets {adv.bare}")
                fix = None
                if adv.portable:
                    msg += f"; write `{adv.portable}`, which survives every pipeline"
                    fix = replace(start, start + 2, spelled(adv.portable, following),
                                  f"write `{adv.portable}`", safe=True)
                else:
                    doubled = "\\\\" + ("\\\\" if ch == "\\" else ch)
                    msg += f"; write `{doubled}` for this pipeline (not portable)"
                    fix = replace(start, start + 2, doubled, f"write `{doubled}`", safe=False)
                ctx.report((start, start + 2), msg, fix=fix)
