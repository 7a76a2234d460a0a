"""MA007 markdown-pre-escape-in-math: an escape that works on this pipeline only.

Naive pipelines: ``\\_``, ``\\*`` or a lone ``\\|`` inside math, written so that
markdown leaves ``_``/``*``/``|`` alone.  MathJax gets the intended TeX here, but
the same note on a math-aware renderer shows a literal underscore, an
undefined ``\\*`` or ‖.  A portability note, off by default.
"""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.math.escapes import advice, bar_positions, norm_bars
from notelint.rule import DocumentContext, Rule
from notelint.rules.math._common import PipelineOptions, replace, spelled, view_of

_PORTABLE = {"|": "\\vert", "*": "\\ast"}


class Options(PipelineOptions):
    """Options of MA007 (``pipeline``: see ``[math]``)."""

    __slots__ = ()


class MarkdownPreEscapeInMath(Rule):
    """Report deliberate markdown pre-escapes in math that other pipelines would keep."""

    code = "MA007"
    name = "markdown-pre-escape-in-math"
    summary = "A deliberate markdown escape in math (`\\_`, lone `\\|`) that is not portable"
    default_severity = Severity.INFO
    enabled_by_default = False
    Options = Options

    def check_document(self, ctx: DocumentContext) -> None:
        view = view_of(ctx, self.options.pipeline)
        if not view.pipeline.searches:
            return
        doc = ctx.document
        for seen in view.typeset():
            # A markdown escape: two source characters, a backslash and the one TeX gets
            # (kramdown's typography also makes one character of two, `>>` → `»`).
            hits = [k for k, n in enumerate(seen.lengths)
                    if n == 2 and doc.text[seen.offsets[k]] == "\\"]
            if not hits:
                continue
            source_tex = doc.text[seen.offsets[0]:seen.offsets[-1] + seen.lengths[-1]]
            base = seen.offsets[0]
            norms = {base + b for b in norm_bars(source_tex, bar_positions(source_tex))}
            for k in hits:
                ch = seen.tex[k]
                start = seen.offsets[k]
                if (ch == "|" and start in norms) or (ch != "|" and not advice(ch).pre_escape):
                    continue
                portable = _PORTABLE.get(ch)
                msg = (f"`\\{ch}` gives MathJax `{ch}` on this pipeline only; a math-aware "
                       f"renderer keeps `\\{ch}`")
                fix = None
                if portable:
                    msg += f"; `{portable}` works on both"
                    written = spelled(portable, doc.text[start + 2:start + 3])
                    fix = replace(start, start + 2, written, f"write `{portable}`", safe=True)
                ctx.report((start, start + 2), msg, fix=fix)
