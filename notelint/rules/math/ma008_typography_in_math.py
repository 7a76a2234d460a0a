"""MA008 typography-in-math: kramdown's smart quotes and typographic symbols change the TeX.

kramdown (Jekyll's default renderer) replaces quotes and some character runs in
ordinary text before MathJax runs: ``'`` → ``’``/``‘``, ``"`` → ``“``/``”``,
``...`` → ``…``, ``--`` → ``–``, ``---`` → ``—``, ``<<`` → ``«``, ``>>`` → ``»``
(``smart_quotes.rb``, ``typographic_symbol.rb``).  A single-dollar formula is
ordinary text to kramdown, so its TeX changes too.  MathJax reads ``’`` as a
prime, so ``f'`` and ``f''`` before a blank are unharmed; ``f''(x)`` becomes
``f’‘(x)``, whose ``‘`` is no prime.  Reported for every formula MathJax
typesets whose TeX holds such a replacement other than ``’`` for ``'``.
"""

from __future__ import annotations

from notelint.rule import DocumentContext, Rule
from notelint.rules.math._common import PipelineOptions, replace, spelled, view_of

#: Replacement characters, and the portable TeX for the source text they came from.
PORTABLE = {"'": None, '"': None, "...": "\\dots", "--": "-{}-", "---": "-{}-{}-",
            "<<": "\\ll", ">>": "\\gg"}
_CHANGED = frozenset("\u2018\u2019\u201c\u201d\u2026\u2013\u2014\u00ab\u00bb\u00a0")


class Options(PipelineOptions):
    """Options of MA008 (``pipeline``: see ``[math]``)."""

    __slots__ = ()


class TypographyInMath(Rule):
    """Report TeX that kramdown's smart quotes or typographic symbols rewrite."""

    code = "MA008"
    name = "typography-in-math"
    summary = "Smart quotes or typographic symbols (`f''` → `f’‘`, `...` → `…`) change the TeX"
    Options = Options

    def check_document(self, ctx: DocumentContext) -> None:
        view = view_of(ctx, self.options.pipeline)
        if not view.pipeline.searches:
            return
        text = ctx.document.text
        for seen in view.typeset():
            runs: list[tuple[int, int, str]] = []  # source start, end, what MathJax gets
            for k, ch in enumerate(seen.tex):
                if ch not in _CHANGED or (seen.lengths[k] == 0 and not runs):
                    continue
                start = seen.offsets[k]
                if text[start:start + 1] == ch:
                    continue
                end = start + max(1, seen.lengths[k])
                if runs and runs[-1][1] == start:
                    runs[-1] = (runs[-1][0], end, runs[-1][2] + ch)
                else:
                    runs.append((start, end, ch))
            for start, end, got in runs:
                source = text[start:end]
                harmful = not (set(source) == {"'"} and set(got) == {"\u2019"})
                if not harmful:
                    continue
                got_shown = got.replace("\u00a0", " ")
                msg = f"kramdown turns `{source}` into `{got_shown}` before MathJax runs"
                fix = None
                if set(source) == {"'"}:
                    portable = "^{" + "\\prime" * len(source) + "}"
                    msg += f"; MathJax reads `‘` as a quote, not a prime: write `{portable}`"
                    fix = replace(start, end, portable, f"write `{portable}`", safe=False)
                elif (other := PORTABLE.get(source)) is not None:
                    portable = other
                    msg += f"; write `{portable}`"
                    fix = replace(start, end, spelled(portable, text[end:end + 1]),
                                  f"write `{portable}`", safe=False)
                ctx.report((start, end), msg, fix=fix)
