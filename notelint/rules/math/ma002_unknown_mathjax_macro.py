"""MA002 unknown-mathjax-macro: a control word or environment MathJax 3 does not define.

Every formula that is typeset (what MathJax receives, after the renderer) is
walked with pylatexenc (:func:`notelint.math.tex.scan_tex`) and its control
words and environments are looked up in MathJax 3's own list
(:mod:`notelint.math.macros`), plus ``[math] macros`` / ``environments`` and
whatever the note defines with ``\\newcommand``, ``\\def``,
``\\DeclareMathOperator`` or ``\\newenvironment``.
"""

from __future__ import annotations

from notelint.lazy import lazy_compile
from notelint.math.macros import ALIASES, engine_names, suggest_environment, suggest_macro
from notelint.math.model import Seen
from notelint.rule import DocumentContext, Rule
from notelint.rules.math._common import PipelineOptions, engine_of, replace, spelled, view_of

_DEFINES = lazy_compile(r"\\(?:(?:re)?newcommand|DeclareMathOperator|providecommand)\*?\s*\{?\s*"
                      r"\\([A-Za-z]+)|\\(?:def|let)\s*\\([A-Za-z]+)")
_DEFINES_ENV = lazy_compile(r"\\(?:re)?newenvironment\s*\{([^}]+)\}")


class Options(PipelineOptions):
    """Options of MA002 (``pipeline``: see ``[math]``)."""

    __slots__ = ()


def _source_range(seen: Seen, start: int, end: int) -> tuple[int, int]:
    last = max(start, end - 1)
    return seen.offsets[start], seen.offsets[last] + max(1, seen.lengths[last])


class UnknownMathjaxMacro(Rule):
    """Report control words and environments that MathJax 3 cannot typeset."""

    code = "MA002"
    name = "unknown-mathjax-macro"
    summary = "A TeX command or environment that MathJax 3 does not know"
    Options = Options

    def check_document(self, ctx: DocumentContext) -> None:
        view = view_of(ctx, self.options.pipeline)
        typeset = view.typeset()
        if not typeset:
            return
        engine = engine_of(ctx)
        names = engine_names(engine.name)
        who = "KaTeX" if engine.name == "katex" else "MathJax 3"
        settings = (getattr(ctx.settings, "sections", None) or {}).get("math", {})
        user_macros = {str(k).lstrip("\\") for k in (settings.get("macros") or {})}
        user_macros |= engine.macros
        user_envs = {str(e) for e in (settings.get("environments") or [])}
        for seen in typeset:
            for m in _DEFINES.finditer(seen.tex):
                user_macros.add(m.group(1) or m.group(2))
            user_envs.update(m.group(1) for m in _DEFINES_ENV.finditer(seen.tex))
        for seen in typeset:
            if not seen.tex.strip():
                continue
            scan = view.scan(seen)
            for use in scan.macros:
                if use.name in names.macros or use.name in user_macros:
                    continue
                start, end = _source_range(seen, use.start, use.end)
                guess = ALIASES.get(use.name) if use.name in names.macro_package else \
                    suggest_macro(use.name, names.macros)
                fix = None
                if guess and guess[1:].isalpha():
                    following = ctx.document.text[end:end + 1]
                    fix = replace(start, end, spelled(guess, following), f"write `{guess}`",
                                  safe=False)
                ctx.report((start, end), self._macro_message(use.name, guess,
                                                              names.macro_package, who), fix=fix)
            for use in scan.environments:
                if use.name in names.environments or use.name in user_envs:
                    continue
                start, end = _source_range(seen, use.start, use.end)
                pkg = names.environment_package.get(use.name)
                if pkg:
                    msg = (f"Environment `{use.name}` is defined only by MathJax's `{pkg}` "
                           "package, which is not loaded by default")
                else:
                    msg = f"{who} has no environment `{use.name}`"
                    guess = suggest_environment(use.name, names.environments)
                    if guess:
                        msg += f"; did you mean `{guess}`?"
                ctx.report((start, end), msg)

    @staticmethod
    def _macro_message(name: str, guess: str | None, packages: dict[str, str],
                       who: str = "MathJax 3") -> str:
        pkg = packages.get(name)
        if pkg:
            msg = (f"`\\{name}` is defined only by MathJax's `{pkg}` package, which is not "
                   "loaded by default")
            return msg + (f"; write `{guess}`" if guess else
                          "; load it or define the macro in `[math] macros`")
        msg = f"{who} does not know `\\{name}` (it shows the name in red)"
        if guess:
            msg += f"; did you mean `{guess}`?"
        return msg
