"""What a backslash escape inside math means to markdown and to TeX.

Markdown lets a backslash escape any ASCII punctuation, so a naive renderer
turns ``\\{`` into ``{`` before MathJax sees it; TeX gives most of these pairs a
meaning of their own.  :data:`ADVICE` says, per character, what the TeX pair
means, what MathJax does with the bare character, the portable spelling that
survives every pipeline (when there is one), and whether the bare character is
plausibly what the author wanted (a *pre-escape*, written so that markdown
leaves e.g. ``_`` alone).
"""

from __future__ import annotations

from typing import NamedTuple

from notelint.lazy import lazy_compile


class Advice(NamedTuple):
    """How to read ``\\X`` in math.

    Attributes:
        meaning: what ``\\X`` means in TeX.
        bare: what MathJax does with ``X`` alone.
        portable: a spelling of ``\\X`` that no markdown renderer changes, or ``None``.
        pre_escape: ``X`` alone is plausibly what the author wanted.
    """

    meaning: str
    bare: str
    portable: str | None = None
    pre_escape: bool = False


ADVICE: dict[str, Advice] = {
    "\\": Advice("a line break", "a single `\\`, which joins the rows (a control space)"),
    "{": Advice("a literal `{`", "`{`, which only opens a group: no brace is shown", "\\lbrace"),
    "}": Advice("a literal `}`", "`}`, which only closes a group: no brace is shown", "\\rbrace"),
    ",": Advice("a thin space", "a comma", "\\thinspace"),
    "!": Advice("a negative thin space", "an exclamation mark", "\\negthinspace"),
    ";": Advice("a thick space", "a semicolon"),
    ":": Advice("a medium space", "a colon"),
    ">": Advice("a medium space", "a greater-than sign"),
    "#": Advice("a literal `#`", "a macro parameter `#`, which is an error"),
    "%": Advice("a literal `%`", "a comment sign that hides the rest of the line"),
    "&": Advice("a literal `&`", "an alignment tab `&`, which is an error outside an array"),
    "$": Advice("a literal `$`", "a `$`, which ends the formula"),
    "'": Advice("an acute accent", "a prime"),
    "^": Advice("a circumflex accent", "a superscript"),
    "`": Advice("a grave accent", "a grave"),
    "|": Advice("a double bar ‖, as in a norm", "a single bar `|`", "\\Vert"),
    "_": Advice("a literal underscore", "a subscript", pre_escape=True),
    "*": Advice("an undefined command", "an asterisk", "\\ast", pre_escape=True),
}


def advice(ch: str) -> Advice:
    """Advice for ``\\ch`` (generic for punctuation without a TeX meaning of note)."""
    return ADVICE.get(ch, Advice(f"`\\{ch}`", f"a plain `{ch}`", pre_escape=True))


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def bar_positions(tex: str) -> list[int]:
    """Indexes of the ``\\|`` control symbols in ``tex`` (not ``\\\\|``)."""
    out: list[int] = []
    if "\\|" not in tex:
        return out
    i = 0
    while i < len(tex) - 1:
        if tex[i] == "\\":
            if tex[i + 1] == "|":
                out.append(i)
            i += 2
            continue
        i += 1
    return out


def norm_bars(tex: str, bars: list[int] | None = None) -> set[int]:
    """The ``\\|`` in ``tex`` that pair up around a balanced expression (a norm ``\\|x\\|``).

    ``bars`` are the positions of the bars (default: :func:`bar_positions`).
    Pairs are taken left to right; a bar whose would-be partner encloses
    unbalanced brackets (``p(X\\|Y) = q(Y\\|X)``) is a lone bar, e.g. a
    conditional.
    """
    bars = bar_positions(tex) if bars is None else bars
    paired: set[int] = set()
    k = 0
    while k + 1 < len(bars):
        a, b = bars[k], bars[k + 1]
        inner = tex[a + 2:b]
        if inner.strip() and _balanced(inner):
            paired.update((a, b))
            k += 2
        else:
            k += 1
    paired.update(b for b in bars if b not in paired and divergence_bar(tex, b))
    return paired


#: The name of a divergence or distance written with ``\|`` between its arguments:
#: ``D_{KL}(P\|Q)``, ``D(p\|q)``, ``\mathrm{KL}(q\|p)``, ``JS(P\|Q)``.
_DIVERGENCE = lazy_compile(
    r"(?:\\(?:mathrm|operatorname|mathbb|mathcal|text)\s*\{\s*(?:D|KL|JS|JSD)\s*\}|"
    r"(?<![A-Za-z\\])(?:D|KL|JS|JSD))"
    r"(?:\s*_\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\?[A-Za-z0-9]+))?\s*\\?(?:left)?\s*$")


def divergence_bar(tex: str, pos: int) -> bool:
    """Whether the ``\\|`` at ``pos`` separates the arguments of a divergence (‖, not a bar).

    The bar lies directly in the parentheses after a divergence name (see
    ``_DIVERGENCE``); ``p(x\\|y)`` and ``P(A\\|B)`` are conditionals.
    """
    depth = 0
    i = pos - 1
    while i >= 0:
        c = tex[i]
        if c in ")]}":
            depth += 1
        elif c in "([{":
            if depth == 0:
                return c == "(" and _DIVERGENCE.search(tex, max(0, i - 60), i) is not None
            depth -= 1
        i -= 1
    return False


_TEXT_MACROS = ("\\text", "\\mbox", "\\textrm", "\\texttt", "\\textit", "\\textbf",
                "\\operatorname", "\\mathrm", "\\hbox")


def in_text_argument(tex: str, pos: int) -> bool:
    """Whether ``pos`` lies inside the braced argument of a text command (``\\text{...}``)."""
    depth = 0
    i = pos - 1
    while i >= 0:
        c = tex[i]
        if c == "}" and (i == 0 or tex[i - 1] != "\\"):
            depth += 1
        elif c == "{" and (i == 0 or tex[i - 1] != "\\"):
            if depth == 0:
                head = tex[:i].rstrip()
                if head.endswith("*"):
                    head = head[:-1]
                return head.endswith(_TEXT_MACROS)
            depth -= 1
        i -= 1
    return False
