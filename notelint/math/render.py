"""Render a note the way a pipeline's markdown renderer does, as MathJax will read it.

The note is parsed once more, with a markdown-it-py parser of the pipeline's
flavour (CommonMark, or GFM tables + strikethrough) that knows only the math
the pipeline protects.  The inline tokens are then cut into MathJax *strings*
(see :mod:`notelint.math.findtex`): text and soft/hard breaks extend the
current string; emphasis, links, code, images, footnote references and HTML
tags end it, exactly where the browser's DOM would have an element boundary.
Every character of a string keeps where it came from in the note: its source
offset and how many source characters produced it (2 for a backslash escape
such as ``\\{`` → ``{``, the length of an entity).  Markdown-it decodes text
exactly as the browser's DOM would (``&amp;`` → ``&``), so token content is the
DOM text.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, overload

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.dollarmath.index import math_inline_dollar
from mdit_py_plugins.front_matter import front_matter_plugin

from notelint.document import Document
from notelint.lazy import lazy_compile
from notelint.math.pipeline import Pipeline
from notelint.math.reuse import reused_children
from notelint.parsing import SRCPOS, instrument

#: Inline tags MathJax folds into a string (``includeHtmlTags``): ``<br>`` is a newline.
_INCLUDED_TAG = lazy_compile(r"^<(?:br|wbr)\b[^>]*>$|^<!--", re.I)
_ENTITY = lazy_compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: Inline tokens whose element boundary ends a MathJax string.
_TEXT_TYPES = {"text", "softbreak", "hardbreak"}


def _same_offset(k: int) -> int:
    """``k``: a :class:`MathString` whose offsets are the note's own."""
    return k


class MathString:
    """A run of page text that MathJax searches as one string.

    Attributes:
        text: the text (what the DOM holds).
        starts: for each character, its offset in the content of the inline
            token it came from (mapped to the note by ``to_doc``, lazily: most
            strings hold no math, and most characters of a formula are never
            looked up).
        lengths: for each character, how many source characters produced it
            (1; 2 for a backslash escape; more for an entity; 0 for a ``<br>`` newline).
    """

    __slots__ = ("lengths", "starts", "text", "to_doc")

    def __init__(self, text: str = "", starts: list[int] | None = None,
                 lengths: list[int] | None = None,
                 to_doc: Callable[[int], int] | None = None) -> None:
        self.text = text
        self.starts: list[int] = [] if starts is None else starts
        self.lengths: list[int] = [] if lengths is None else lengths
        self.to_doc: Callable[[int], int] = _same_offset if to_doc is None else to_doc

    def offsets(self, i: int, j: int) -> SourceOffsets:
        """Note offsets of the characters ``[i, j)`` (computed when read)."""
        return SourceOffsets(self.starts[i:j], self.to_doc)

    def source_range(self, i: int, j: int) -> tuple[int, int]:
        """Note offsets ``[start, end)`` of the string's characters ``[i, j)``."""
        if j <= i:
            k = self.starts[i] if i < len(self.starts) else (self.starts[-1] + self.lengths[-1])
            return self.to_doc(k), self.to_doc(k)
        last = self.to_doc(self.starts[j - 1])
        return self.to_doc(self.starts[i]), last + max(1, self.lengths[j - 1])


class SourceOffsets(Sequence[int]):
    """The note offsets of some characters of a :class:`MathString`, mapped on access.

    Behaves as the list ``[to_doc(k) for k in starts]`` without building it.
    """

    __slots__ = ("_starts", "_to_doc")

    def __init__(self, starts: list[int], to_doc: Callable[[int], int]) -> None:
        self._starts = starts
        self._to_doc = to_doc

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self._to_doc(k) for k in self._starts[index]]
        return self._to_doc(self._starts[index])


class _StringBuilder:
    """Collects the characters of one :class:`MathString` (see :meth:`build`)."""

    __slots__ = ("lengths", "pieces", "starts")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.starts: list[int] = []
        self.lengths: list[int] = []

    def add(self, ch: str, start: int, length: int) -> None:
        """Append one character that came from ``length`` source characters at ``start``."""
        self.pieces.append(ch)
        self.starts.append(start)
        self.lengths.append(length)

    def add_verbatim(self, text: str, start: int) -> None:
        """Append ``text``, whose characters are the source characters from ``start`` on."""
        self.pieces.append(text)
        self.starts.extend(range(start, start + len(text)))
        self.lengths.extend([1] * len(text))

    def build(self, to_doc: Callable[[int], int]) -> MathString:
        """The string collected so far."""
        return MathString("".join(self.pieces), self.starts, self.lengths, to_doc)


class Boundary(NamedTuple):
    """An element boundary inside a paragraph: emphasis, link, code, HTML tag...

    ``start``/``end`` are the source offsets of the markup that made it
    (e.g. the ``_`` that opened ``<em>``); ``markup`` is that source text and
    ``what`` says what it became (``"emphasis"``, ``"link"``, ``"code"``, ``"HTML"``).
    """

    start: int
    end: int
    markup: str
    what: str


class ProtectedMath(NamedTuple):
    """A math span the renderer protects: ``start``/``end`` source offsets with delimiters."""

    start: int
    end: int
    open: str
    tex: str
    display: bool


class Rendered:
    """What a naive pipeline hands to MathJax: strings, boundaries and protected spans.

    ``keep`` holds the tokens whose ids the document's source map caches (alive while the
    result is).
    """

    __slots__ = ("boundaries", "keep", "protected", "strings")

    def __init__(self) -> None:
        self.strings: list[MathString] = []
        self.boundaries: list[Boundary] = []
        self.protected: list[ProtectedMath] = []
        self.keep: list[Token] = []


_WHAT = {
    "em_open": "emphasis", "em_close": "emphasis", "strong_open": "strong emphasis",
    "strong_close": "strong emphasis", "s_open": "strikethrough", "s_close": "strikethrough",
    "link_open": "link", "link_close": "link", "code_inline": "code", "image": "image",
    "html_inline": "HTML", "footnote_ref": "footnote reference",
}


_DOLLAR_RULE: Callable[[StateInline, bool], bool] = math_inline_dollar(
    allow_space=True, allow_digits=True, allow_double=True)


def _double_only(state: StateInline, silent: bool,
                 rule: Callable[[StateInline, bool], bool] = _DOLLAR_RULE) -> bool:
    """kramdown's inline math: ``$$...$$`` only; a single ``$`` stays text."""
    if not state.src.startswith("$$", state.pos):
        return False
    return rule(state, silent)


@functools.lru_cache(maxsize=8)
def render_parser(flavour: str, protects: frozenset[str]) -> MarkdownIt:
    """The (position-tracking) markdown-it parser of a pipeline's renderer."""
    md = MarkdownIt("commonmark", {"html": True}).use(front_matter_plugin)
    if flavour == "gfm":
        md.enable(["table", "strikethrough"])
    if "$$" in protects:
        md.use(dollarmath_plugin, allow_labels=False, allow_space=True, allow_digits=True,
               double_inline=True)
        if "$" not in protects:
            md.inline.ruler.at("math_inline", _double_only)
    instrument(md)
    return md


def _align(source: str, content: str, base: int, out: _StringBuilder,
           escapable: frozenset[str]) -> None:
    """Append ``content`` (a text token) to ``out``, mapping each char back into ``source``.

    ``source`` is the token's source slice, starting at content offset ``base``
    of the parent inline token.
    """
    if source == content and "&" not in source and "\\\\" not in source:
        # Nothing decoded or dropped: the walk below would map every character to itself.
        out.add_verbatim(content, base)
        return
    i = j = 0
    n, m = len(source), len(content)
    while j < m:
        ch = content[j]
        if i < n and source[i] == "\\" and i + 1 < n and source[i + 1] == ch and ch in escapable:
            out.add(ch, base + i, 2)
            i += 2
            j += 1
            continue
        if i < n and source[i] == "&":
            em = _ENTITY.match(source, i)
            if em and html.unescape(em.group(0)) == content[j:j + len(html.unescape(em.group(0)))]:
                dec = html.unescape(em.group(0))
                for k, c in enumerate(dec):
                    out.add(c, base + i, len(em.group(0)) if k == 0 else 0)
                i = em.end()
                j += len(dec)
                continue
        if i < n and source[i] == ch:
            out.add(ch, base + i, 1)
            i += 1
            j += 1
            continue
        if i < n:
            i += 1  # source characters markdown dropped (trailing blanks, indents)
            continue
        out.add(ch, base + max(0, n - 1), 0)
        j += 1


def render(doc: Document, pipeline: Pipeline) -> Rendered:
    """Render ``doc`` with ``pipeline``'s renderer and cut the result into MathJax strings.

    Only paragraphs, headings and table cells are read: MathJax skips
    ``<pre>``/``<code>``, and raw HTML blocks are left out.

    The block structure of notelint's own parse is reused whenever the
    renderer would build the same blocks, which is the case unless a ``$$``
    block would not be a paragraph of its own there (see
    :func:`_same_blocks`); then only the inline content of the blocks that may
    hold math is parsed again.  Otherwise the whole note is parsed again.
    """
    md = render_parser(pipeline.flavour, pipeline.protects)
    result = Rendered()
    if not _same_blocks(doc, tables=pipeline.flavour == "gfm"):
        for tok in md.parse(doc.text, {"references": _LinkReferences(doc)}):
            if tok.type == "math_block" and tok.map:
                _block_math(doc, tok, result)
            elif tok.type == "inline" and tok.map is not None and tok.children is not None \
                    and _may_hold_math(tok.content):
                _inline_strings(doc, tok, tok.children, pipeline, result)
        return result
    env = {"references": doc.env.get("references", {})}
    for tok in doc.tokens:
        if tok.type == "math_block" and tok.map:
            if "$$" in pipeline.protects:
                _block_math(doc, tok, result)
                continue
            tok = _as_paragraph(doc, tok)
            result.keep.append(tok)
        if tok.type == "inline" and tok.map is not None and _may_hold_math(tok.content):
            children: Sequence[Token] | None = None
            if not pipeline.protects and tok.children:
                children = reused_children(tok, md, pipeline.flavour)
            if children is None:
                children = _renderer_children(tok.content, pipeline, env)
            _inline_strings(doc, tok, children, pipeline, result)
    return result


class _LinkReferences(dict):  # type: ignore[type-arg]
    """The link references a renderer collects from a note, as ``env["references"]``,
    without the labels of the note's footnote definitions.

    The renderer reads a footnote definition (``[^1]: text``) as a link reference
    definition of the label ``^1``, which would make every ``[^1]`` a link.  Where the
    renderer's inline parse is notelint's own or reads notelint's link references
    (:func:`render`), ``[^1]`` stays text; the whole-note parse must read it the same
    way, or whether a table elsewhere in the note made that parse necessary, or whether
    a malformed definition (``[^ 1]: text``) was fixed, would change how the dollars
    around a ``[^1]`` pair.
    """

    def __init__(self, doc: Document) -> None:
        super().__init__()
        self.footnotes = {normalizeReference(f"^{tok.meta['label']}")
                          for tok in doc.tokens if tok.type == "footnote_reference_open"}

    def __setitem__(self, label: str, value: Any) -> None:
        if label not in self.footnotes:
            super().__setitem__(label, value)


def _renderer_children(content: str, pipeline: Pipeline, env: dict[str, Any]) -> Sequence[Token]:
    """The renderer's inline tokens of ``content`` (``env`` holds the note's link references)."""
    if len(content) <= PARSE_CACHE_MAX_LENGTH and (not env["references"] or "[" not in content):
        return _parse_inline(pipeline.flavour, pipeline.protects, content)
    md = render_parser(pipeline.flavour, pipeline.protects)
    children: list[Token] = []
    md.inline.parse(content, md, env, children)
    return children


#: How many distinct paragraphs :func:`_parse_inline` remembers, and up to which
#: length.  Short paragraphs and list items (``- $\\alpha$: the learning rate``)
#: recur within and across notes.
PARSE_CACHE_SIZE = 2048
PARSE_CACHE_MAX_LENGTH = 2000


@functools.lru_cache(maxsize=PARSE_CACHE_SIZE)
def _parse_inline(flavour: str, protects: frozenset[str], content: str) -> tuple[Token, ...]:
    """The renderer's inline tokens of ``content``, for content whose parse needs no references.

    The result depends only on the arguments when the note defines no link
    references or ``content`` has no ``[`` (references are looked up only by
    links and images), so it is cached and shared: callers only read it.
    """
    md = render_parser(flavour, protects)
    children: list[Token] = []
    md.inline.parse(content, md, {"references": {}}, children)
    return tuple(children)


_BLOCK_START = lazy_compile(r"^ {0,3}(?:$|[#>]|[-+*] |\d{1,9}[.)] |```|~~~|<|[-=]+\s*$)")


def _same_blocks(doc: Document, *, tables: bool = True) -> bool:
    """Whether a naive renderer makes the same blocks of ``doc`` as notelint's own parse.

    Not when a ``$$`` block is right after or before a non-blank line, or has
    a line inside that starts another block (a list item, a heading, a quote, a
    blank line...): a renderer that knows no math lays it out differently.
    Nor, for a renderer without ``tables`` (CommonMark), when ``doc`` has a
    table: its rows are a paragraph there, or a setext heading's text over a
    ``---`` delimiter row, and a ``\\|`` in them is an ordinary escape.
    """
    n = len(doc.line_starts)
    for tok in doc.tokens:
        if tok.type == "table_open" and not tables:
            return False
        if tok.type != "math_block" or not tok.map:
            continue
        first, end = tok.map
        if first > 0 and doc.line_text(first).strip() and not doc.line_text(first).startswith("---"):
            return False
        if end < n and doc.line_text(end + 1).strip():
            return False
        for line in range(first + 2, min(end, n) + 1):
            if _BLOCK_START.match(doc.line_text(line)):
                return False
    return True


def _as_paragraph(doc: Document, tok: Token) -> Token:
    """The paragraph a naive renderer makes of a ``$$`` block, as an ``inline`` token."""
    assert tok.map is not None
    first, end = tok.map
    lines = [doc.line_text(k + 1).strip() for k in range(first, min(end, len(doc.line_starts)))]
    para = Token("inline", "", 0)
    para.content = "\n".join(lines)
    para.map = [first, end]
    para.children = []
    return para


def _may_hold_math(content: str) -> bool:
    """Whether MathJax could find anything in ``content`` (a delimiter or an environment)."""
    return "$" in content or "\\(" in content or "\\[" in content or "\\begin" in content


def _block_math(doc: Document, tok: Token, result: Rendered) -> None:
    assert tok.map is not None
    start = doc.line_starts[tok.map[0]]
    last = min(tok.map[1], len(doc.line_starts)) - 1
    end = doc.line_starts[last] + len(doc.line_text(last + 1))
    text = doc.text[start:end]
    a = text.find("$$")
    b = text.rfind("$$")
    if a == -1 or b <= a:
        return
    result.protected.append(ProtectedMath(start + a, start + b + 2, "$$", text[a + 2:b], True))


def _inline_strings(doc: Document, inline: Token, children: Sequence[Token], pipeline: Pipeline,
                    result: Rendered) -> None:
    """Cut ``children`` (inline tokens parsed from ``inline.content``) into MathJax strings."""
    content = inline.content

    def to_doc(k: int) -> int:
        off = doc.content_offset(inline, k)
        return 0 if off is None else off

    current = _StringBuilder()
    prev_end = 0

    def flush() -> None:
        nonlocal current
        if current.pieces:
            string = current.build(to_doc)
            if string.text.strip() and ("$" in string.text or "\\" in string.text):
                result.strings.append(string)
            current = _StringBuilder()

    for child in children:
        rng = child.meta.get(SRCPOS) if child.meta else None
        if rng is not None and child.type == "text" and rng[0] >= rng[1] and child.content:
            # Pending text flushed by a link rule can lose its start: it begins
            # where the previous token ended.
            rng = (prev_end, rng[1])
        if rng is not None:
            prev_end = max(prev_end, rng[1]) if child.type != "link_open" else rng[0]
        if child.type == "text" and rng is not None:
            _align(content[rng[0]:rng[1]], child.content, rng[0], current, pipeline.escapable)
        elif child.type in ("softbreak", "hardbreak") and rng is not None:
            nl = content.find("\n", rng[0], max(rng[1], rng[0] + 1))
            current.add("\n", nl if nl != -1 else rng[0], 0)
        elif child.type == "html_inline" and _INCLUDED_TAG.match(child.content):
            if child.content.lower().startswith("<br") and rng is not None:
                current.add("\n", rng[0], 0)
        elif child.type in ("math_inline", "math_inline_double") and rng is not None:
            flush()
            s, e = to_doc(rng[0]), to_doc(rng[1] - 1) + 1
            open_ = "$$" if child.type == "math_inline_double" else "$"
            result.protected.append(ProtectedMath(s, e, open_, child.content,
                                                  child.type == "math_inline_double"))
        else:
            flush()
            if rng is not None and child.type in _WHAT:
                s, e = to_doc(rng[0]), to_doc(max(rng[0], rng[1] - 1)) + 1
                markup = child.markup or doc.text[s:e]
                if child.type in ("em_open", "em_close", "strong_open", "strong_close",
                                  "s_open", "s_close"):
                    e = s + len(child.markup)
                result.boundaries.append(Boundary(s, e, markup, _WHAT[child.type]))
    flush()
