"""MA004 escape-artifact-in-math: markdown workarounds that a math-aware renderer keeps.

On math-aware pipelines the TeX reaches the math engine verbatim, so escapes
written for a naive renderer change meaning: ``\\_`` is a literal underscore,
``\\*`` is undefined, a lone ``\\|`` is ‖ rather than a bar; and formulas
written ``\\\\(...\\\\)`` / ``\\\\[...\\\\]`` are not math at all (markdown turns them
into the literal text ``\\(...\\)``, which nothing typesets).  A ``\\|`` that
pairs around a balanced expression (``\\|x-y\\|``) is a norm and is left alone,
as are escapes inside ``\\text{...}``.
"""

from __future__ import annotations

from notelint.math.escapes import bar_positions, in_text_argument, norm_bars
from notelint.rule import DocumentContext, Rule
from notelint.rules.math._common import PipelineOptions, replace, snippet, spelled, view_of

_ARTIFACTS = {
    "_": ("a literal underscore, not a subscript", "_"),
    "*": ("undefined in MathJax (shown in red), not `*`", "\\ast"),
    "|": ("a double bar ‖, not a single bar", "\\vert"),
}


class Options(PipelineOptions):
    """Options of MA004 (``pipeline``: see ``[math]``)."""

    __slots__ = ()


class EscapeArtifactInMath(Rule):
    """Report markdown escapes and pre-escaped delimiters that survive into math."""

    code = "MA004"
    name = "escape-artifact-in-math"
    summary = "A markdown escape (`\\_`, `\\|`, `\\\\(`) that a math-aware renderer keeps as TeX"
    Options = Options

    def check_document(self, ctx: DocumentContext) -> None:
        view = view_of(ctx, self.options.pipeline)
        if view.pipeline.searches:
            return
        doc = ctx.document
        for it in view.intended:
            if it.origin == "escaped":
                text = doc.text[it.start:it.end]
                plain = "$$" if it.display else "$"
                ctx.report((it.start, it.end),
                           f"`{snippet(text)}` is not math on this pipeline: markdown renders "
                           f"`{it.open}` as the literal text `{it.open[1:]}`; write "
                           f"`{plain}`…`{plain}`")
        for seen in view.typeset():
            tex = seen.tex
            i = tex.find("\\")
            if i == -1:
                continue
            norms = norm_bars(tex, bar_positions(tex))
            while 0 <= i < len(tex) - 1:
                ch = tex[i + 1]
                if ch in _ARTIFACTS and not (ch == "|" and i in norms) \
                        and not in_text_argument(tex, i):
                    meaning, spelling = _ARTIFACTS[ch]
                    start = seen.offsets[i]
                    # `\|v` must become `\vert v`, not the unknown `\vertv`.
                    written = spelled(spelling, doc.text[start + 2:start + 3])
                    ctx.report((start, start + 2),
                               f"`\\{ch}` is a markdown escape kept as TeX: here it is "
                               f"{meaning}; write `{spelling}`",
                               fix=replace(start, start + 2, written, f"write `{spelling}`",
                                           safe=False))
                i = tex.find("\\", i + 2)
