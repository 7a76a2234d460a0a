"""Reading TeX the way MathJax will: macros, environments, braces, ``\\left``/``\\right``.

The TeX of one formula is walked with pylatexenc's ``LatexWalker`` (strict
parsing, so an unbalanced brace or a mismatched ``\\end`` is an error with a
position).  Positions are indexes into the TeX string; callers map them to the
note through the formula's offsets.

Most formulas need no parse tree (see :func:`_quick`): pylatexenc is imported when the
first formula that does is met, not with this module (a few milliseconds of a run whose
notes have no ``\\begin``, ``\\left`` or unbalanced brace).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from notelint.lazy import lazy_compile

if TYPE_CHECKING:
    from pylatexenc.latexwalker import LatexNode


class Use(NamedTuple):
    """A control word or environment used in a formula: ``name`` at ``[start, end)``."""

    name: str
    start: int
    end: int


class Problem(NamedTuple):
    """A structural error at ``[start, end)`` of the TeX, with a message."""

    start: int
    end: int
    message: str


class TexScan(NamedTuple):
    """What a formula uses and what is structurally wrong with it.

    Immutable: :func:`scan_tex` returns one shared scan per distinct TeX string.
    """

    macros: tuple[Use, ...] = ()
    environments: tuple[Use, ...] = ()
    problems: tuple[Problem, ...] = ()


class _Scan:
    """A :class:`TexScan` being built."""

    __slots__ = ("environments", "macros", "problems")

    def __init__(self) -> None:
        self.macros: list[Use] = []
        self.environments: list[Use] = []
        self.problems: list[Problem] = []

    def done(self) -> TexScan:
        """The finished, immutable scan."""
        return TexScan(tuple(self.macros), tuple(self.environments), tuple(self.problems))


@functools.lru_cache(maxsize=1)
def _latexwalker() -> Any:
    """``pylatexenc.latexwalker``, imported on first need.

    Raises:
        ImportError: pylatexenc is not installed.
    """
    import pylatexenc.latexwalker

    return pylatexenc.latexwalker


def _children(node: LatexNode) -> Iterator[list[LatexNode]]:
    lw = _latexwalker()
    if isinstance(node, (lw.LatexGroupNode, lw.LatexEnvironmentNode)) and node.nodelist:
        yield list(node.nodelist)
    argd = getattr(node, "nodeargd", None)
    if argd is not None and getattr(argd, "argnlist", None):
        for arg in argd.argnlist:
            if arg is None:
                continue
            if isinstance(arg, lw.LatexGroupNode):
                yield [arg]
            else:
                yield [arg]


def _walk(nodes: list[LatexNode], scan: _Scan) -> None:
    lw = _latexwalker()
    lefts: list[Use] = []
    for node in nodes:
        if node is None:
            continue
        if isinstance(node, lw.LatexMacroNode):
            name = node.macroname
            use = Use(name, node.pos, node.pos + 1 + len(name))
            if name.isalpha():
                scan.macros.append(use)
            if name == "left":
                lefts.append(use)
            elif name == "right":
                if lefts:
                    lefts.pop()
                else:
                    scan.problems.append(Problem(use.start, use.end,
                                                 "`\\right` has no `\\left` before it in its group"))
        elif isinstance(node, lw.LatexEnvironmentNode):
            name = node.environmentname
            start = node.pos + len("\\begin{")
            scan.environments.append(Use(name, start, start + len(name)))
        for child in _children(node):
            _walk(child, scan)
    for use in lefts:
        scan.problems.append(Problem(use.start, use.end,
                                     "`\\left` has no `\\right` after it in its group"))


def _brace_problem(tex: str) -> Problem | None:
    """Locate the first unbalanced brace (skipping control symbols such as ``\\{``)."""
    stack: list[int] = []
    i = 0
    while i < len(tex):
        c = tex[i]
        if c == "\\":
            i += 2
            continue
        if c == "%":
            nl = tex.find("\n", i)
            i = len(tex) if nl == -1 else nl
            continue
        if c == "{":
            stack.append(i)
        elif c == "}":
            if not stack:
                return Problem(i, i + 1, "`}` closes no group")
            stack.pop()
        i += 1
    if stack:
        return Problem(stack[-1], stack[-1] + 1, "`{` is never closed")
    return None


_CONTROL = lazy_compile(r"\\(?:([A-Za-z]+)|.)", re.S)
_STRUCTURE = frozenset({"begin", "end", "left", "right"})


def _quick(tex: str) -> TexScan | None:
    """The scan of a formula without environments or ``\\left``/``\\right``, if braces balance.

    Control words are lexically simple, so most formulas need no parse tree;
    anything with structure goes to pylatexenc.
    """
    macros: list[Use] = []
    for m in _CONTROL.finditer(tex):
        name = m.group(1)
        if name:
            if name in _STRUCTURE:
                return None
            macros.append(Use(name, m.start(), m.end()))
    if ("{" in tex or "}" in tex or "%" in tex) and _brace_problem(tex) is not None:
        return None
    return TexScan(macros=tuple(macros))


@functools.lru_cache(maxsize=1)
def _context_db() -> Any:
    """pylatexenc's default macro and environment database, built once (it is read-only here)."""
    return _latexwalker().get_default_latex_context_db()


#: How many distinct formulas :func:`scan_tex` remembers, and up to which
#: length a formula is remembered.  Notes repeat the same formulas (``$x$``,
#: ``$\\theta$``, a loss written once per entry), and a formula with an
#: environment costs a full pylatexenc parse; long formulas rarely repeat.
SCAN_CACHE_SIZE = 4096
SCAN_CACHE_MAX_LENGTH = 1024


def scan_tex(tex: str) -> TexScan:
    """Walk ``tex`` (the content of one formula, without delimiters).

    The result depends on ``tex`` alone, so formulas up to
    :data:`SCAN_CACHE_MAX_LENGTH` characters are cached (the last
    :data:`SCAN_CACHE_SIZE` distinct ones) and their scan is shared: callers
    must not change it, which :class:`TexScan` being frozen enforces.
    """
    if len(tex) <= SCAN_CACHE_MAX_LENGTH:
        return _scan_cached(tex)
    return _scan(tex)


def _scan(tex: str) -> TexScan:
    quick = _quick(tex)
    if quick is not None:
        return quick
    scan = _Scan()
    lw = _latexwalker()
    try:
        nodes, _, _ = lw.LatexWalker(tex, latex_context=_context_db(),
                                     tolerant_parsing=False).get_latex_nodes()
    except lw.LatexWalkerError as exc:
        brace = _brace_problem(tex)
        if brace is not None:
            scan.problems.append(brace)
        else:
            pos = getattr(exc, "pos", None) or 0
            msg = str(getattr(exc, "msg", "")) or str(exc).splitlines()[0]
            scan.problems.append(_environment_problem(tex, pos, msg))
        nodes, _, _ = lw.LatexWalker(tex, latex_context=_context_db(),
                                     tolerant_parsing=True).get_latex_nodes()
    _walk(list(nodes or []), scan)
    return scan.done()


_scan_cached = functools.lru_cache(maxsize=SCAN_CACHE_SIZE)(_scan)


_MISMATCH = lazy_compile(r"mismatching closing environment: '([^']*)', was expecting '([^']*)'")
_NEVER_ENDED = lazy_compile(r"expecting \\end\{([^}]*)\}")
_UNEXPECTED = lazy_compile(r"closing environment: '([^']*)'")


def _environment_problem(tex: str, pos: int, msg: str) -> Problem:
    """Turn pylatexenc's error at ``pos`` into a problem spanning the ``\\end{...}``."""
    m = _MISMATCH.search(msg)
    end = tex.find("}", pos)
    end = len(tex) if end == -1 else end + 1
    if m:
        return Problem(pos, end, f"`\\end{{{m.group(1)}}}` closes `\\begin{{{m.group(2)}}}`")
    m = _UNEXPECTED.search(msg)
    if m:
        return Problem(pos, end, f"`\\end{{{m.group(1)}}}` has no `\\begin{{{m.group(1)}}}`")
    m = _NEVER_ENDED.search(msg)
    if m:
        begin = tex.rfind("\\begin{" + m.group(1) + "}", 0, max(pos, 1))
        b = max(0, begin)
        return Problem(b, b + len(m.group(1)) + 8, f"`\\begin{{{m.group(1)}}}` is never ended")
    return Problem(pos, min(len(tex), pos + 1), msg.split(" @(")[0].strip())
