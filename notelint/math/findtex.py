"""A port of MathJax 3's ``FindTeX`` (``ts/input/tex/FindTeX.ts``, mathjax-full 3.2.2).

MathJax searches each *string* of the page (a maximal run of text nodes; any
element other than ``<br>``, ``<wbr>`` and comments ends a string, see
``HTMLDomStrings``) with one regular expression for every opening delimiter,
``\\begin{env}`` (``processEnvironments``) and ``\\\\`` / ``\\$`` / ``\\ref``
(``processEscapes``, ``processRefs``).  After an opening delimiter, the close
is the first matching delimiter at brace depth 0, skipping control sequences.
An opener without a close is skipped and the search goes on after it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple


class Found(NamedTuple):
    """One piece of math MathJax finds in a string.

    Attributes:
        open, close: the delimiters (``""`` for environments and escapes).
        math: the TeX MathJax typesets (for environments, ``\\begin...\\end`` included).
        start, end: ``[start, end)`` indexes into the string, delimiters included.
        display: display or inline math.
        kind: ``"delimited"``, ``"environment"`` or ``"escape"`` (``\\$``, ``\\\\``, ``\\ref``).
    """

    open: str
    close: str
    math: str
    start: int
    end: int
    display: bool
    kind: str = "delimited"


def _end_pattern(close: str | None, endp: str | None = None) -> re.Pattern[str]:
    return re.compile((endp or re.escape(close or "")) + r"|\\(?:[a-zA-Z]|.)|[{}]", re.S)


class FindTeX:
    """A delimiter search configured like MathJax's ``tex`` input options."""

    def __init__(self, inline: tuple[tuple[str, str], ...], display: tuple[tuple[str, str], ...],
                 process_escapes: bool = True, process_environments: bool = True,
                 process_refs: bool = True) -> None:
        self.end: dict[str, tuple[str, bool, re.Pattern[str]]] = {}
        starts: list[str] = []
        for pairs, disp in ((inline, False), (display, True)):
            for open_, close in pairs:
                starts.append(re.escape(open_))
                self.end[open_] = (close, disp, _end_pattern(close))
        parts: list[str] = []
        if starts:
            # MathJax sorts by length, longest first, so `$$` wins over `$`.
            parts.append("|".join(sorted(starts, key=len, reverse=True)))
        self.env = self.sub = 0
        i = 1
        if process_environments:
            parts.append(r"\\begin\s*\{([^}]*)\}")
            self.env = i
            i += 1
        sub: list[str] = []
        if process_escapes:
            sub.append(r"\\([\\$])")
        if process_refs:
            sub.append(r"(\\(?:eq)?ref\s*\{[^}]*\})")
        if sub:
            parts.append("(" + "|".join(sub) + ")")
            self.sub = i
        self.start = re.compile("|".join(parts)) if parts else None

    def _find_end(self, text: str, start: re.Match[str], close: str, display: bool,
                  pattern: re.Pattern[str]) -> Found | None:
        i = start.end()
        braces = 0
        for m in pattern.finditer(text, i):
            tok = m.group(1) if m.re.groups and m.group(1) is not None else m.group(0)
            if tok == close and braces == 0:
                return Found(start.group(0), m.group(0), text[i:m.start()], start.start(), m.end(),
                             display)
            if m.group(0) == "{":
                braces += 1
            elif m.group(0) == "}" and braces:
                braces -= 1
        return None

    def find(self, text: str) -> list[Found]:
        """Every piece of math in ``text``, in order."""
        found: list[Found] = []
        if self.start is None:
            return found
        pos = 0
        while True:
            start = self.start.search(text, pos)
            if start is None:
                return found
            item: Found | None
            if self.env and start.group(self.env) is not None:
                name = start.group(self.env)
                endp = r"\\end\s*(\{" + re.escape(name) + r"\})"
                item = self._find_end(text, start, "{" + name + "}", True, _end_pattern(None, endp))
                if item is not None:
                    item = Found("", "", text[item.start:item.end], item.start, item.end, True,
                                 "environment")
            elif self.sub and start.group(self.sub) is not None:
                math = start.group(self.sub)
                end = start.start() + len(math)
                if len(math) == 2:
                    item = Found("", "", math[1:], start.start(), end, False, "escape")
                else:
                    item = Found("", "", math, start.start(), end, False, "escape")
            else:
                close, display, pattern = self.end[start.group(0)]
                item = self._find_end(text, start, close, display, pattern)
            if item is not None:
                found.append(item)
                pos = item.end
            else:
                pos = start.end()


@lru_cache(maxsize=16)
def finder(inline: tuple[tuple[str, str], ...], display: tuple[tuple[str, str], ...]) -> FindTeX:
    """A cached :class:`FindTeX` for these delimiters."""
    return FindTeX(inline, display)
