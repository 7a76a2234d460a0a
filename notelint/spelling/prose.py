"""The prose of a note, as runs of text with exact source offsets.

Prose is what a reader reads as sentences: the text of paragraphs, headings,
list items, table cells and footnote definitions, link text, image alt text,
the front matter's ``title`` and ``description``, and the text that HTML
blocks show on the page (``<h3> Optimization </h3>``, lines indented with
``&nbsp;`` inside a ``<p>`` block: everything outside tags, comments,
entities and ``<script>``/``<style>``/``<pre>``/``<code>`` elements).  Never
prose: fences and indented code, math (``$...$``, ``$$...$$`` and
``\\(...\\)`` / ``\\[...\\]`` written in text), tags and attributes, URLs
(autolinks and bare URLs) and link destinations.  Inline code is collected
separately (:class:`CodeSpan`) for the identifier rule.

A word split by emphasis markers (``**B**ootstrapping``) is one word: two
runs of one paragraph whose source is separated only by ``*``, ``_`` or
``~`` between letters are joined into one run (with per-character offsets).

Offsets are 0-based code-point offsets into ``Document.text``.  A text token
whose source differs from its content (backslash escapes, entities) is aligned
character by character; a token that cannot be aligned is left out rather
than reported at a wrong place.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from markdown_it.token import Token

from notelint.document import Document
from notelint.frontmatter import front_matter
from notelint.lazy import lazy_compile
from notelint.parsing import SRCPOS


class ProseRun(NamedTuple):
    """A run of prose text and where each of its characters is in the source.

    Attributes:
        text: the text as a reader sees it (escapes resolved).
        base: source offset of ``text[0]`` when the run is contiguous in the source.
        offsets: source offset of each character plus one end offset
            (``len(text) + 1`` items), or ``None`` when ``base + i`` is exact.
        block: index in ``Document.tokens`` of the block the run belongs to
            (``-1`` for front matter); runs of one block form one paragraph.
        kind: ``"text"``, ``"link"``, ``"alt"``, ``"html"``, ``"title"`` or ``"description"``.
    """

    text: str
    base: int
    offsets: tuple[int, ...] | None = None
    block: int = 0
    kind: str = "text"

    def source(self, i: int) -> int:
        """Source offset of ``text[i]``; ``i == len(text)`` gives the end offset."""
        if self.offsets is None:
            return self.base + i
        return self.offsets[i]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets ``[a, b)`` of ``text[start:end]`` (``end > start``)."""
        return self.source(start), self.source(end - 1) + 1


class CodeSpan(NamedTuple):
    """The content of an inline code span and the source offset of its first character."""

    text: str
    base: int
    block: int


class Prose(NamedTuple):
    """All prose runs and inline code spans of one document, in source order."""

    runs: tuple[ProseRun, ...]
    code: tuple[CodeSpan, ...]

    @property
    def word_estimate(self) -> int:
        """Whitespace-separated words in the prose (a size measure for reports)."""
        return sum(len(r.text.split()) for r in self.runs)


# TeX math that the parser leaves in text: \(...\) and \[...\] (after markdown
# unescaping, ``\\(`` in the source is ``\(`` in the content) and stray $$...$$.
_TEXT_MATH = lazy_compile(r"\\\(.*?\\\)|\\\[.*?\\\]|\$\$.*?\$\$|\$[^$\s][^$]*?\$", re.S)


_MATH_OPEN = lazy_compile(r"\\\(|\\\[|\$\$|\$(?=[^$\s])")
_MATH_CLOSE = {"\\(": "\\)", "\\[": "\\]", "$$": "$$", "$": "$"}


def _math_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the TeX math in ``text``, as :data:`_TEXT_MATH` finds it, in linear time.

    Each opener looks for its closer once; an opener whose closer never comes
    again ends the search for that kind (the regular expression would scan to
    the end of the text for each of thousands of unclosed ``\\(``).
    """
    spans: list[tuple[int, int]] = []
    dead: set[str] = set()
    pos = 0
    while True:
        m = _MATH_OPEN.search(text, pos)
        if m is None:
            return spans
        kind = m.group()
        closer = _MATH_CLOSE[kind]
        end = -1 if kind in dead else text.find(closer, m.end() + (1 if kind == "$" else 0))
        if end == -1:
            dead.add(kind)  # no closer after this opener, so none after a later one either
            pos = m.start() + 1
            continue
        pos = end + len(closer)
        spans.append((m.start(), pos))


def _align(content: str, source: str) -> tuple[int, ...] | None:
    """Offsets into ``source`` of each character of ``content`` (plus the end), or ``None``."""
    out: list[int] = []
    i = j = 0
    n, m = len(content), len(source)
    while i < n:
        if j >= m:
            return None
        c, s = content[i], source[j]
        if s == c:
            out.append(j)
            i += 1
            j += 1
        elif s == "\\" and j + 1 < m and source[j + 1] == c:
            out.append(j + 1)
            i += 1
            j += 2
        elif s == "&":
            semi = source.find(";", j, j + 32)
            if semi == -1:
                return None
            out.append(j)
            i += 1
            j = semi + 1
        elif s in " \t\n":
            j += 1
        else:
            return None
    out.append(j)
    return tuple(out)


def _split_math(run: ProseRun) -> list[ProseRun]:
    """``run`` without the TeX math written in it (one run per gap)."""
    text = run.text
    if "\\" not in text and "$" not in text:
        return [run]
    pieces: list[ProseRun] = []
    pos = 0
    for start, end in _math_spans(text):
        if start > pos:
            pieces.append(_slice(run, pos, start))
        pos = end
    if pos == 0:
        return [run]
    if pos < len(text):
        pieces.append(_slice(run, pos, len(text)))
    return pieces


def _slice(run: ProseRun, a: int, b: int) -> ProseRun:
    if run.offsets is None:
        return ProseRun(run.text[a:b], run.base + a, None, run.block, run.kind)
    offs = (*run.offsets[a:b], run.offsets[b - 1] + 1)
    return ProseRun(run.text[a:b], offs[0], offs, run.block, run.kind)


def _text_run(doc: Document, parent: Token, tok: Token, block: int, kind: str) -> ProseRun | None:
    rng = tok.meta.get(SRCPOS) if tok.meta else None
    content = tok.content
    if rng is None or not content:
        return None
    # A text token holds no line break, so its source is one stretch of one line.
    start = doc.content_offset(parent, rng[0])
    if start is None:
        return None
    end = min(start + rng[1] - rng[0], len(doc.text))
    source = doc.text[start:end]
    if source == content:
        return ProseRun(content, start, None, block, kind)
    aligned = _align(content, source)
    if aligned is None:
        return None
    return ProseRun(content, start + aligned[0], tuple(start + a for a in aligned), block, kind)


def _alt_run(doc: Document, parent: Token, tok: Token, block: int) -> ProseRun | None:
    sp = doc.inline_span(parent, tok)
    alt = tok.content
    if sp is None or not alt:
        return None
    src = doc.text[sp.start_offset:sp.end_offset]
    if src.startswith("![") and src[2:2 + len(alt)] == alt:
        return ProseRun(alt, sp.start_offset + 2, None, block, "alt")
    return None


def _code_span(doc: Document, parent: Token, tok: Token, block: int) -> CodeSpan | None:
    sp = doc.inline_span(parent, tok)
    if sp is None or not tok.content:
        return None
    src = doc.text[sp.start_offset:sp.end_offset]
    at = src.find(tok.content)
    if at == -1:
        return None
    return CodeSpan(tok.content, sp.start_offset + at, block)


_FM_KEY = lazy_compile(r"^(title|description)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)


def _front_matter_runs(doc: Document) -> list[ProseRun]:
    """``title`` and ``description`` when their parsed value is found verbatim in the source."""
    fm = front_matter(doc)
    mapping = fm.mapping if fm is not None else None
    if not mapping or not doc.tokens or not doc.tokens[0].map:
        return []
    first, last = doc.tokens[0].map
    start = doc.line_starts[first]
    end = doc.line_starts[last] if last < len(doc.line_starts) else len(doc.text)
    runs = []
    for m in _FM_KEY.finditer(doc.text, start, end):
        key, raw = m.group(1), m.group(2)
        value = mapping.get(key)
        if not isinstance(value, str) or not value:
            continue
        at = m.start(2)
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
            raw, at = raw[1:-1], at + 1
        if raw == value:
            runs.append(ProseRun(value, at, None, -1, key))
    return runs


_EMPHASIS_GAP = lazy_compile(r"[*_~]+")

# What an HTML block shows that is not text: comments, elements whose content is
# code or not shown as prose, tags (with their attributes) and character references.
_HTML_NOT_TEXT = lazy_compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|pre|code|kbd|samp|math|svg|textarea|template)\b.*?(?:</\1\s*>|\Z)"
    r"|<[A-Za-z/!?][^>]*>?"
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);",
    re.S | re.I)


def _join_emphasis(runs: list[ProseRun], text: str) -> list[ProseRun]:
    """Join runs of one block that emphasis markers split inside a word (``**B**ootstrapping``)."""
    out: list[ProseRun] = []
    for run in runs:
        prev = out[-1] if out else None
        if (prev is not None and prev.block == run.block and prev.kind == run.kind
                and prev.text[-1:].isalnum() and run.text[:1].isalnum()):
            gap_start = prev.source(len(prev.text) - 1) + 1
            gap = text[gap_start:run.source(0)]
            if _EMPHASIS_GAP.fullmatch(gap):
                offsets = (*(prev.source(i) for i in range(len(prev.text))),
                           *(run.source(i) for i in range(len(run.text) + 1)))
                out[-1] = ProseRun(prev.text + run.text, offsets[0], offsets, prev.block,
                                   prev.kind)
                continue
        out.append(run)
    return out


def _html_runs(doc: Document, token: Token, block: int) -> list[ProseRun]:
    """The text an HTML block shows, as runs with exact offsets (one per line piece)."""
    if token.map is None:
        return []
    first, last = token.map
    starts = doc.line_starts
    content_lines = token.content.split("\n")
    runs: list[ProseRun] = []
    # Offsets of each content line in the source: the line's source ends with it
    # (list and blockquote markers, and indentation, come before).
    bases: list[int | None] = []
    for i, line in enumerate(content_lines[:last - first]):
        n = first + i
        if n >= len(starts):
            bases.append(None)
            continue
        end = starts[n + 1] if n + 1 < len(starts) else len(doc.text)
        src = doc.text[starts[n]:end].rstrip("\r\n")
        bases.append(starts[n] + len(src) - len(line) if src.endswith(line) else None)
    content = "\n".join(content_lines[:len(bases)])
    line_of = [0]
    for i, ch in enumerate(content):
        if ch == "\n":
            line_of.append(i + 1)
    pos = 0

    def emit(a: int, b: int) -> None:
        # content[a:b] holds no tag; cut it at line breaks and map each piece.
        while a < b:
            nl = content.find("\n", a, b)
            stop = b if nl == -1 else nl
            piece = content[a:stop]
            if piece.strip():
                li = bisect.bisect_right(line_of, a) - 1
                base = bases[li] if li < len(bases) else None
                if base is not None:
                    run = ProseRun(piece, base + a - line_of[li], None, block, "html")
                    runs.extend(_split_math(run))
            a = stop + 1

    for m in _HTML_NOT_TEXT.finditer(content):
        emit(pos, m.start())
        pos = m.end()
    emit(pos, len(content))
    return runs


def extract_prose(doc: Document) -> Prose:
    """The prose runs and inline code spans of ``doc`` (use ``doc.memo(extract_prose)``)."""
    runs: list[ProseRun] = list(_front_matter_runs(doc))
    code: list[CodeSpan] = []
    for block, parent in enumerate(doc.tokens):
        if parent.type == "html_block":
            runs.extend(_html_runs(doc, parent, block))
            continue
        if parent.type != "inline" or not parent.children:
            continue
        inline_runs: list[ProseRun] = []
        in_url = 0
        kind = "text"
        for tok in parent.children:
            t = tok.type
            if t == "text":
                if in_url:
                    continue
                run = _text_run(doc, parent, tok, block, kind)
                if run is not None:
                    inline_runs.extend(_split_math(run))
            elif t == "link_open":
                if tok.markup in ("linkify", "autolink"):
                    in_url += 1
                else:
                    kind = "link"
            elif t == "link_close":
                if in_url:
                    in_url -= 1
                else:
                    kind = "text"
            elif t == "image":
                run = _alt_run(doc, parent, tok, block)
                if run is not None:
                    inline_runs.append(run)
            elif t == "code_inline":
                span = _code_span(doc, parent, tok, block)
                if span is not None:
                    code.append(span)
        runs.extend(_join_emphasis(inline_runs, doc.text))
    return Prose(tuple(runs), tuple(code))


def prose_of(doc: Document) -> Prose:
    """:func:`extract_prose`, computed once per document."""
    return doc.memo(extract_prose)
