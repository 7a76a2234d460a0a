"""The math of one note under one pipeline: what the author wrote, what MathJax gets.

:func:`math_view` returns a :class:`MathView`, computed once per document and
pipeline (cached through :meth:`Document.memo`), with:

* ``intended``: the formulas as the author wrote them.  ``$...$``, ``$$...$$``
  and ``$$`` blocks are taken from notelint's own parse (markdown-it-py with
  ``dollarmath``: what a math-aware reader would call math).  Pairs of
  ``\\\\(``/``\\\\)`` and ``\\\\[``/``\\\\]`` in the same paragraph are formulas
  pre-escaped for a naive pipeline; in naive pipelines ``\\(``/``\\)`` and
  ``\\[``/``\\]`` pairs are intended too.  On ``github``, ```` ```math ```` fences.
* ``seen``: what is typeset.  Naive pipelines: the note rendered by the
  pipeline's renderer (:mod:`notelint.math.render`, one extra parse) and
  searched with MathJax's ``FindTeX`` (:mod:`notelint.math.findtex`), plus the
  spans the renderer protects.  Math-aware pipelines: the protected spans, i.e.
  the intended ``$`` formulas themselves.
* ``match``: for each intended formula, the seen item with exactly the same
  source range, if any.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from markdown_it.token import Token

from notelint.document import Document
from notelint.frontmatter import front_matter as shared_front_matter
from notelint.lazy import lazy_compile
from notelint.math.pipeline import Pipeline
from notelint.math.tex import TexScan, scan_tex

if TYPE_CHECKING:
    from notelint.math.render import Boundary, MathString

# The renderers and the TeX finder (notelint.math.render, .kramdown, .findtex) are imported
# by _seen_naive, for a pipeline that is not markdown-it's: most runs never use them.


class Intended(NamedTuple):
    """A formula as the author wrote it.

    Attributes:
        start, end: source offsets of the whole formula, delimiters included.
        tex_start, tex_end: source offsets of the TeX between the delimiters.
        open, close: the delimiters as written (``"$"``, ``"\\\\("``...).
        display: display math.
        origin: ``"dollar"``, ``"escaped"`` (``\\\\(`` pre-escaped for a naive
            renderer), ``"backslash"`` (``\\(``) or ``"fence"`` (```` ```math ````).
    """

    start: int
    end: int
    tex_start: int
    tex_end: int
    open: str
    close: str
    display: bool
    origin: str


class Seen:
    """A formula as MathJax (or the math-aware renderer) receives it.

    Attributes:
        start, end: source offsets of the whole formula, delimiters included.
        tex: the TeX that is typeset.
        offsets: for each character of ``tex``, its source offset (a ``range``
            when the TeX is a verbatim slice of the note).
        lengths: for each character, how many source characters produced it
            (2 for a consumed backslash escape).
        open, close: the delimiters as MathJax sees them.
        kind: ``"delimited"``, ``"environment"``, ``"escape"`` or ``"protected"``.
    """

    __slots__ = ("close", "end", "kind", "lengths", "offsets", "open", "start", "tex")

    def __init__(self, start: int, end: int, tex: str, offsets: Sequence[int],
                 lengths: Sequence[int], open: str = "", close: str = "",
                 kind: str = "protected") -> None:
        self.start = start
        self.end = end
        self.tex = tex
        self.offsets = offsets
        self.lengths = lengths
        self.open = open
        self.close = close
        self.kind = kind


class MathView:
    """Everything the MA rules need about one note under one pipeline."""

    __slots__ = ("boundaries", "intended", "match", "pipeline", "seen")

    def __init__(self, pipeline: Pipeline, intended: list[Intended] | None = None,
                 seen: list[Seen] | None = None, boundaries: list[Boundary] | None = None,
                 match: dict[int, Seen] | None = None) -> None:
        self.pipeline = pipeline
        self.intended: list[Intended] = [] if intended is None else intended
        self.seen: list[Seen] = [] if seen is None else seen
        self.boundaries: list[Boundary] = [] if boundaries is None else boundaries
        self.match: dict[int, Seen] = {} if match is None else match

    def scan(self, seen: Seen) -> TexScan:
        """:func:`notelint.math.tex.scan_tex` of ``seen.tex`` (cached per TeX string)."""
        return scan_tex(seen.tex)

    def typeset(self) -> list[Seen]:
        """The seen formulas that are intended ones, in order."""
        return [self.match[k] for k in sorted(self.match)]

    def unmatched_seen(self) -> list[Seen]:
        """Seen items that are no intended formula and lie in none."""
        matched = {id(s) for s in self.match.values()}
        out = []
        for s in self.seen:
            if id(s) in matched or s.kind == "escape":
                continue
            if any(i.start <= s.start and s.end <= i.end for i in self.intended):
                continue
            out.append(s)
        return out


_ESCAPED_OPEN = lazy_compile(r"(?<!\\)\\\\(\(|\[)")
_BACKSLASH_OPEN = lazy_compile(r"(?<!\\)\\(\(|\[)")


def front_matter(doc: Document) -> dict[str, Any] | None:
    """The note's YAML front matter as a mapping (``None`` if absent or invalid; cached)."""
    fm = shared_front_matter(doc)
    return fm.mapping if fm is not None else None


def _intended(doc: Document, pipeline: Pipeline) -> list[Intended]:
    """The formulas the author wrote, sorted by start.

    Only block tokens are visited, and the children of an ``inline`` token
    only when its content holds a ``$`` (the only way to write ``math_inline``).
    """
    out: list[Intended] = []
    github = pipeline.name == "github"
    for tok in doc.tokens:
        kind = tok.type
        if kind == "inline":
            content = tok.content
            if "\\(" in content or "\\[" in content:  # what both pair patterns start with
                out.extend(_escaped_pairs(doc, tok, pipeline))
            if "$" in content and tok.children:
                out.extend(_dollar_inline(doc, tok))
        elif kind == "math_block":
            out.extend(_block(doc, tok))
        elif kind == "fence" and github and tok.info.strip() == "math" and tok.map:
            first = doc.line_starts[tok.map[0] + 1]
            last = doc.line_starts[max(tok.map[0] + 1, tok.map[1] - 1)] - 1
            start = doc.line_starts[tok.map[0]]
            out.append(Intended(start, last, first, max(first, last), "```math", "```", True,
                                "fence"))
    out.sort(key=lambda i: i.start)
    return out


def _dollar_inline(doc: Document, inline: Token) -> list[Intended]:
    """The ``$...$`` and ``$$...$$`` formulas among ``inline``'s children."""
    out: list[Intended] = []
    for tok in inline.children or ():
        if tok.type not in ("math_inline", "math_inline_double"):
            continue
        sp = doc.inline_span(inline, tok)
        if sp is None:
            continue
        d = 2 if tok.type == "math_inline_double" else 1
        delim = "$" * d
        out.append(Intended(sp.start_offset, sp.end_offset, sp.start_offset + d,
                            sp.end_offset - d, delim, delim, d == 2, "dollar"))
    return out


def _block(doc: Document, tok: Token) -> list[Intended]:
    """The formulas of a ``$$`` block: one, or on a single line holding several
    ``$$...$$`` pairs (``$$a$$, and $$b$$``), each pair, as every other reader sees it."""
    assert tok.map is not None
    start = doc.line_starts[tok.map[0]]
    last = min(tok.map[1], len(doc.line_starts)) - 1
    end = doc.line_starts[last] + len(doc.line_text(last + 1))
    text = doc.text[start:end]
    a, b = text.find("$$"), text.rfind("$$")
    if a == -1 or b <= a:
        return []
    if last == tok.map[0] and text.count("$$") > 2 and text.count("$$") % 2 == 0:
        out = []
        pos = a
        while pos != -1:
            close = text.find("$$", pos + 2)
            if close == -1:
                break
            out.append(Intended(start + pos, start + close + 2, start + pos + 2, start + close,
                                "$$", "$$", True, "dollar"))
            pos = text.find("$$", close + 2)
        return out
    return [Intended(start + a, start + b + 2, start + a + 2, start + b, "$$", "$$", True,
                     "dollar")]


def _escaped_pairs(doc: Document, inline: Token, pipeline: Pipeline) -> list[Intended]:
    """``\\\\(...\\\\)`` pairs (and, for naive pipelines, ``\\(...\\)``) in one paragraph."""
    content = inline.content
    out: list[Intended] = []
    patterns = [(_ESCAPED_OPEN, "\\\\", "escaped")]
    if pipeline.searches:
        patterns.append((_BACKSLASH_OPEN, "\\", "backslash"))
    for pattern, slash, origin in patterns:
        pos = 0
        while True:
            m = pattern.search(content, pos)
            if m is None:
                break
            closer = slash + (")" if m.group(1) == "(" else "]")
            c = content.find(closer, m.end())
            while c != -1 and origin == "backslash" and content[c - 1:c] == "\\":
                c = content.find(closer, c + 1)
            if c == -1:
                break
            s = doc.content_offset(inline, m.start())
            e = doc.content_offset(inline, c + len(closer) - 1)
            ts = doc.content_offset(inline, m.end())
            te = doc.content_offset(inline, c)
            pos = c + len(closer)
            if None in (s, e, ts, te):
                continue
            assert s is not None and e is not None and ts is not None and te is not None
            if not doc.is_prose(s) or not doc.is_prose(e):
                continue
            out.append(Intended(s, e + 1, ts, te, m.group(0), closer, m.group(1) == "[", origin))
    return out


def _seen_naive(doc: Document, pipeline: Pipeline, view: MathView) -> None:
    from notelint.math.findtex import finder
    from notelint.math.kramdown import render_kramdown
    from notelint.math.render import render

    rendered = render_kramdown(doc) if pipeline.name == "kramdown" else render(doc, pipeline)
    view.boundaries = rendered.boundaries
    find = finder(pipeline.inline, pipeline.display)
    for p in rendered.protected:
        d = len(p.open)
        view.seen.append(_protected(doc, p.start, p.end, d, p.open))
    for string in rendered.strings:
        for item in find.find(string.text):
            view.seen.append(_from_string(string, item.start, item.end, item.open, item.close,
                                          item.kind))
    view.seen.sort(key=lambda s: s.start)


def _from_string(string: MathString, start: int, end: int, open_: str, close: str,
                 kind: str) -> Seen:
    a, b = string.source_range(start, end)
    i, j = start + len(open_), end - len(close)
    return Seen(a, b, string.text[i:j], string.offsets(i, j), string.lengths[i:j], open_, close,
                kind)


def _protected(doc: Document, start: int, end: int, d: int, open_: str) -> Seen:
    ts, te = start + d, max(start + d, end - d)
    return Seen(start, end, doc.text[ts:te], range(ts, te), [1] * (te - ts), open_, open_)


def _build(doc: Document, pipeline: Pipeline) -> MathView:
    view = MathView(pipeline, intended=_intended(doc, pipeline))
    if pipeline.searches:
        _seen_naive(doc, pipeline, view)
    else:
        for it in view.intended:
            if it.origin in ("dollar", "fence"):
                ts, te = it.tex_start, it.tex_end
                # bytes of 1s: a byte a character instead of a list's 8 (read-only here)
                view.seen.append(Seen(it.start, it.end, doc.text[ts:te], range(ts, te),
                                      b"\x01" * max(0, te - ts), it.open, it.open))
    by_range = {(s.start, s.end): s for s in view.seen}
    for k, it in enumerate(view.intended):
        s = by_range.get((it.start, it.end))
        if s is not None:
            view.match[k] = s
    return view


def _views(doc: Document) -> dict[Pipeline, MathView]:
    return {}


def math_view(doc: Document, pipeline: Pipeline) -> MathView:
    """The :class:`MathView` of ``doc`` under ``pipeline`` (computed once, then cached)."""
    cache = doc.memo(_views)
    view = cache.get(pipeline)
    if view is None:
        view = _build(doc, pipeline)
        cache[pipeline] = view
    return view
