"""A parsed note with the source map that markdown-it does not give.

A :class:`Document` holds the note's text (line endings normalised to ``\\n``,
a leading byte-order mark removed), its markdown-it token stream and:

* offset <-> line:column conversion (1-based lines, 1-based code-point columns);
* the exact source span of every inline token (see :mod:`notelint.parsing` for
  how inline offsets are recorded, and :meth:`Document.inline_span` for how
  they are mapped through container prefixes such as ``> `` and list indents);
* *regions*: the parts of the text that are not prose (front matter, fences,
  indented code, inline code, math, HTML, autolinks), so that rules scanning
  text never look inside them;
* a per-document memo for analyses shared by several rules
  (:meth:`Document.memo`).
"""

from __future__ import annotations

import bisect
import enum
import re
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar, NamedTuple, TypeVar

from markdown_it.token import Token

from notelint.diagnostics import Position, Span
from notelint.parsing import SRCPOS, parse

T = TypeVar("T")


class RegionKind(enum.Enum):
    """What a non-prose region of a document is."""

    FRONT_MATTER = "front matter"
    FENCE = "fence"
    CODE_BLOCK = "code block"
    CODE_INLINE = "inline code"
    MATH_BLOCK = "math block"
    MATH_INLINE = "inline math"
    HTML_BLOCK = "html block"
    HTML_INLINE = "inline html"
    AUTOLINK = "autolink"


class Region(NamedTuple):
    """A half-open offset range ``[start, end)`` of one :class:`RegionKind`."""

    kind: RegionKind
    start: int
    end: int


class _LineMap:
    """Where each line of a multi-line inline token's ``content`` starts in the source.

    ``table`` is one machine array of ``3 * n`` offsets for ``n`` content lines: where
    each line starts in the content, the source offset of its first non-blank
    character, and its leading blanks (not in the source match), in that order.
    ``dropped`` gives, per content line, the offsets (from its first non-blank char) of
    the ``|`` whose escaping backslash the table rule dropped (``\\|`` in a cell is
    ``|`` in its content); ``None`` when no line lost one.

    An inline token of one line with no leading blank and no dropped backslash (most of
    them) has no :class:`_LineMap`: :meth:`Document._linemap` gives the source offset
    of its first character alone, a plain ``int``.
    """

    __slots__ = ("table", "lines", "dropped")

    def __init__(self, content_starts: list[int], source_starts: list[int],
                 indents: list[int], dropped: list[tuple[int, ...]] | None) -> None:
        self.table = array("q", content_starts + source_starts + indents)
        self.lines = len(content_starts)
        self.dropped = dropped

    def offset(self, k: int) -> int:
        """The source offset of offset ``k`` in the token's content."""
        n = self.lines
        table = self.table
        i = bisect.bisect_right(table, k, 0, n) - 1
        within = max(0, k - table[i] - table[2 * n + i])
        dropped = self.dropped
        if dropped is not None and dropped[i]:
            # A `|` whose backslash was dropped maps to that backslash; what follows, past it.
            within += bisect.bisect_left(dropped[i], within)
        return table[n + i] + within


def normalise_newlines(raw: str) -> tuple[str, str]:
    """Return ``(text, newline)``: ``raw`` with ``\\r\\n``/``\\r`` as ``\\n``, and its dominant style.

    The dominant style is ``"\\r\\n"`` when at least half of the line breaks
    are CRLF, ``"\\r"`` for old Mac files, else ``"\\n"``.
    """
    crlf = raw.count("\r\n")
    if crlf == 0 and "\r" not in raw:
        return raw, "\n"
    lf = raw.count("\n") - crlf
    cr = raw.count("\r") - crlf
    newline = "\r\n" if crlf >= max(lf, cr) else ("\r" if cr > lf else "\n")
    return raw.replace("\r\n", "\n").replace("\r", "\n"), newline


def line_starts_of(text: str) -> array[int]:
    """The offset of each line's first character in ``text`` (newlines already ``\\n``).

    A machine array (4 bytes an offset, 8 past 4 GiB) rather than a list: a 10 MB note
    has over 100,000 lines, and a list would take 40 bytes a line.
    """
    starts = array("I" if len(text) < 2**32 else "Q", [0])
    append = starts.append
    find = text.find
    pos = find("\n")
    while pos != -1:
        append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


class Document:
    """One parsed note.

    Attributes:
        path: the path as given by the user (used in diagnostics).
        text: the note with newlines normalised to ``\\n`` and no BOM.
        tokens: markdown-it block tokens; ``inline`` tokens carry ``children``.
        env: markdown-it's environment (``references``, ``footnotes``).
        newline: the file's dominant newline (``"\\n"``, ``"\\r\\n"`` or ``"\\r"``).
        bom: whether the file started with a UTF-8 byte-order mark.
    """

    __slots__ = ("__weakref__", "_cursors", "_linemaps", "_memo", "_region_starts", "_regions",
                 "bom", "env", "line_starts", "newline", "path", "text", "tokens", "tree_released")

    def __init__(self, path: str, text: str, tokens: list[Token], env: dict[str, Any],
                 newline: str = "\n", bom: bool = False, line_starts: Sequence[int] | None = None,
                 tree_released: bool = False) -> None:
        self.path = path
        self.text = text
        self.tokens = tokens
        self.env = env
        self.newline = newline
        self.bom = bom
        self.line_starts: Sequence[int] = [] if line_starts is None else line_starts
        self._memo: dict[Any, Any] = {}
        self._linemaps: dict[int, _LineMap | int] = {}
        #: per 0-based line, where the content of the inline tokens mapped so far ends (see
        #: :meth:`_linemap`: table cells and headings with closing ``#`` share a line)
        self._cursors: dict[int, int] = {}
        self._regions: list[Region] | None = None
        self._region_starts: list[int] = []
        self.tree_released = tree_released

    @classmethod
    def from_text(cls, text: str, path: str = "<text>") -> Document:
        """Build a document from a ``str`` of markdown (any newline style, optional BOM)."""
        bom = text.startswith("\ufeff")
        if bom:
            text = text[1:]
        norm, newline = normalise_newlines(text)
        tokens, env = parse(norm)
        return cls(path=path, text=norm, tokens=tokens, env=env, newline=newline, bom=bom,
                   line_starts=line_starts_of(norm))

    @classmethod
    def text_only(cls, text: str, path: str = "<text>",
                  line_starts: Sequence[int] | None = None) -> Document:
        """A document with its text and positions but no token tree (not parsed).

        Enough for excerpts, positions and fixes' verification input; rules
        need :meth:`from_text`.  ``line_starts``, when known (a cached check
        of the same text), is used as it is.
        """
        bom = text.startswith("\ufeff")
        if bom:
            text = text[1:]
        norm, newline = normalise_newlines(text)
        if line_starts is None:
            line_starts = line_starts_of(norm)
        return cls(path=path, text=norm, tokens=[], env={}, newline=newline, bom=bom,
                   line_starts=line_starts, tree_released=True)  # type: ignore[arg-type]

    # -- positions ---------------------------------------------------------

    @property
    def line_count(self) -> int:
        """Number of lines (a final newline does not start a new line)."""
        n = len(self.line_starts)
        if n > 1 and self.line_starts[-1] == len(self.text):
            return n - 1
        return n

    def position(self, offset: int) -> Position:
        """The 1-based line and code-point column of ``offset`` (clamped to the text)."""
        offset = max(0, min(offset, len(self.text)))
        idx = bisect.bisect_right(self.line_starts, offset) - 1
        return Position(idx + 1, offset - self.line_starts[idx] + 1)

    def offset(self, line: int, column: int = 1) -> int:
        """The offset of 1-based ``line``/``column``.

        Raises:
            IndexError: ``line`` is not in the document.
        """
        if not 1 <= line <= len(self.line_starts):
            raise IndexError(f"line {line} is outside 1..{len(self.line_starts)}")
        return self.line_starts[line - 1] + column - 1

    def span(self, start: int, end: int | None = None) -> Span:
        """A :class:`Span` for offsets ``[start, end)`` (``end`` defaults to ``start``)."""
        end = start if end is None else end
        return Span(self.position(start), self.position(end), start, end)

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line`` without its newline."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    def line_span(self, line: int, *, strip: bool = True) -> Span:
        """The span of 1-based ``line``; with ``strip``, without its outer blanks."""
        start = self.line_starts[line - 1]
        text = self.line_text(line)
        if strip:
            lead = len(text) - len(text.lstrip())
            return self.span(start + lead, start + len(text.rstrip()))
        return self.span(start, start + len(text))

    def block_span(self, token: Token) -> Span | None:
        """The span of a block token's lines (``token.map``), blanks stripped; ``None`` without a map."""
        if not token.map:
            return None
        first, last = token.map[0] + 1, max(token.map[1], token.map[0] + 1)
        last = min(last, self.line_count)
        start = self.line_span(first).start_offset
        end = self.line_span(last).end_offset
        return self.span(start, max(start, end))

    # -- inline source map -------------------------------------------------

    def _linemap(self, inline: Token) -> _LineMap | int | None:
        """The source map of ``inline``'s content (see :class:`_LineMap`), made once.

        ``None`` for a token without a line range.
        """
        key = id(inline)
        cached = self._linemaps.get(key)
        if cached is not None or inline.map is None:
            return cached
        content_lines = inline.content.split("\n")
        content_starts: list[int] = []
        source_starts: list[int] = []
        indents: list[int] = []
        dropped: list[tuple[int, ...]] | None = None
        pos = 0
        first_line = inline.map[0]
        for i, cl in enumerate(content_lines):
            drops: tuple[int, ...] = ()
            content_starts.append(pos)
            pos += len(cl) + 1
            stripped = cl.strip()
            indent = len(cl) - len(cl.lstrip())
            line_no = first_line + i
            if line_no >= len(self.line_starts):
                line_no = len(self.line_starts) - 1
            src_line = self.line_text(line_no + 1)
            base = self.line_starts[line_no]
            col = -1
            rs = src_line.rstrip()
            if stripped and rs.endswith(stripped):
                col = len(rs) - len(stripped)
            else:
                # headings with closing #s, table cells: the first occurrence after
                # what earlier inline tokens on this line already used.
                lower = self._cursors.get(line_no, 0)
                col = src_line.find(stripped, lower) if stripped else -1
                width = len(stripped)
                if col == -1 and "|" in stripped:
                    # A table cell whose `\|` the table rule made `|` (markdown-it's
                    # escapedSplit, as GFM): found with the backslashes.
                    m = re.compile("".join("\\\\\\|" if c == "|" else re.escape(c)
                                           for c in stripped)).search(src_line, lower)
                    if m is not None:
                        col, width = m.start(), m.end() - m.start()
                        if dropped is None:
                            dropped = [()] * i
                        drops = tuple(k for k, c in enumerate(stripped) if c == "|")
                if col == -1:
                    col = src_line.find(stripped) if stripped else len(src_line)
                if col == -1:
                    col = len(src_line) - len(src_line.lstrip())
                self._cursors[line_no] = col + width
            source_starts.append(base + col)
            if dropped is not None:
                dropped.append(drops)
            indents.append(indent)
        lm: _LineMap | int
        if len(source_starts) == 1 and not indents[0] and dropped is None:
            lm = source_starts[0]
        else:
            lm = _LineMap(content_starts, source_starts, indents, dropped)
        self._linemaps[key] = lm
        return lm

    def content_offset(self, inline: Token, k: int) -> int | None:
        """The source offset of offset ``k`` in ``inline.content`` (``None`` if unmapped)."""
        lm = self._linemap(inline)
        if lm is None:
            return None
        if type(lm) is int:
            return lm + max(0, k)
        return lm.offset(k)  # type: ignore[union-attr]

    def inline_span(self, inline: Token, child: Token) -> Span | None:
        """The exact source span of ``child``, an element of ``inline.children``.

        Returns ``None`` for tokens whose place is unknown (e.g. the alt text
        children of an image, which markdown-it parses separately).
        """
        got = self._inline_offsets(inline, child)
        return None if got is None else self.span(*got)

    def _inline_offsets(self, inline: Token, child: Token) -> tuple[int, int] | None:
        """:meth:`inline_span`'s ``(start, end)`` offsets, without making a :class:`Span`."""
        rng = child.meta.get(SRCPOS) if child.meta else None
        if rng is None:
            return None
        start = self.content_offset(inline, rng[0])
        end = self.content_offset(inline, rng[1]) if rng[1] > rng[0] else start
        if start is None or end is None:
            return None
        if rng[1] > rng[0] and end > start and self.text[end - 1] == "\n":
            end -= 1
        return start, max(start, end)

    def inline_source(self, inline: Token, child: Token) -> str:
        """The source text of ``child`` (``""`` when its place is unknown)."""
        sp = self.inline_span(inline, child)
        return "" if sp is None else self.text[sp.start_offset:sp.end_offset]

    # -- walking -------------------------------------------------------------

    def walk(self) -> Iterator[tuple[Token, Token | None]]:
        """Yield ``(token, inline_parent)`` for every block token and inline child.

        Block tokens come with ``None``; children of an ``inline`` token come
        right after it, with that token as parent.
        """
        # Made as it is walked: a list of every token (and one of their parents) would
        # take 16 bytes a token for the whole check (over 5 MB for a 10 MB note).
        for tok in self.tokens:
            yield tok, None
            if tok.type == "inline" and tok.children:
                for child in tok.children:
                    yield child, tok

    # -- regions -------------------------------------------------------------

    _BLOCK_REGIONS: ClassVar[dict[str, RegionKind]] = {
        "front_matter": RegionKind.FRONT_MATTER,
        "fence": RegionKind.FENCE,
        "code_block": RegionKind.CODE_BLOCK,
        "math_block": RegionKind.MATH_BLOCK,
        "html_block": RegionKind.HTML_BLOCK,
    }
    _INLINE_REGIONS: ClassVar[dict[str, RegionKind]] = {
        "code_inline": RegionKind.CODE_INLINE,
        "math_inline": RegionKind.MATH_INLINE,
        "math_inline_double": RegionKind.MATH_INLINE,
        "html_inline": RegionKind.HTML_INLINE,
    }

    @property
    def regions(self) -> list[Region]:
        """Non-prose regions, sorted by start (computed once)."""
        if self._regions is None:
            regions: list[Region] = []
            for tok, parent in self.walk():
                if parent is None:
                    kind = self._BLOCK_REGIONS.get(tok.type)
                    if kind is not None and tok.map:
                        start = self.line_starts[tok.map[0]]
                        end_line = min(tok.map[1], len(self.line_starts))
                        end = (self.line_starts[end_line] - 1 if end_line < len(self.line_starts)
                               else len(self.text))
                        regions.append(Region(kind, start, max(start, end)))
                    continue
                kind = self._INLINE_REGIONS.get(tok.type)
                if kind is None and tok.type == "link_open" and tok.markup == "autolink":
                    kind = RegionKind.AUTOLINK
                if kind is not None:
                    got = self._inline_offsets(parent, tok)
                    if got is not None:
                        regions.append(Region(kind, *got))
            regions.sort(key=lambda r: (r.start, r.end))
            self._regions = regions
            self._region_starts = [r.start for r in regions]
        return self._regions

    def region_at(self, offset: int) -> Region | None:
        """The non-prose region containing ``offset``, if any.

        Regions never overlap: block regions (fences, math blocks, HTML blocks,
        front matter) contain no inline tokens, and inline ones are disjoint.
        """
        regions = self.regions
        i = bisect.bisect_right(self._region_starts, offset) - 1
        if i >= 0 and regions[i].start <= offset < regions[i].end:
            return regions[i]
        return None

    def is_prose(self, offset: int) -> bool:
        """Whether ``offset`` lies outside every non-prose region."""
        return self.region_at(offset) is None

    def release_tree(self) -> None:
        """Drop the token tree and every analysis built on it, keeping the text.

        After this, positions and spans of offsets still work, and so does
        :attr:`regions` if it was computed before; :meth:`walk` yields nothing
        and :meth:`memo` recomputes on an empty tree.  Used to keep memory
        flat across thousands of notes.
        """
        self.tokens = []
        self.env = {}
        self._linemaps.clear()
        self._cursors.clear()
        self._memo.clear()
        self.tree_released = True

    def release_analyses(self) -> None:
        """Drop the shared analyses made so far (:meth:`memo`), keeping the tree.

        A later :meth:`memo` call computes its analysis again, from the same tree
        and text, so it gets an equal value.  The engine calls this on a huge note
        between its rules and its collectors: the rules' analyses (the math views,
        the footnote index...) would otherwise stay in memory with everything the
        collectors build.  The inline source map is kept: it is what places
        every finding, and where a table cell starts depends on the cells
        mapped before it on its line.
        """
        self._memo.clear()

    # -- shared analyses -------------------------------------------------------

    def memo(self, factory: Callable[[Document], T]) -> T:
        """Compute ``factory(self)`` once per document and return the cached value.

        Rules of one family use this to share an index (e.g. the footnote
        table or the dated-entry segmentation) instead of rebuilding it.
        """
        try:
            return self._memo[factory]  # type: ignore[no-any-return]
        except KeyError:
            value = factory(self)
            self._memo[factory] = value
            return value
