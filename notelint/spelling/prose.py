"""The prose of a note, as runs of text with exact source offsets.

Prose is what a reader reads as sentences: the text of paragraphs, headings,
list items, table cells and footnote definitions, link text, image alt text,
and the front matter's ``title`` and ``description``.  Never prose: fences and
indented code, math (``$...$``, ``$$...$$`` and ``\\(...\\)`` / ``\\[...\\]``
written in text), HTML, URLs (autolinks and bare URLs) and link destinations.
Inline code is collected separately (:class:`CodeSpan`) for the identifier rule.

Offsets are 0-based code-point offsets into ``Document.text``.  A text token
whose source differs from its content (backslash escapes, entities) is aligned
character by character; a token that cannot be aligned is left out rather
than reported at a wrong place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from notelint.document import Document
from notelint.frontmatter import front_matter
from notelint.parsing import SRCPOS


@dataclass(frozen=True)
class ProseRun:
    """A run of prose text and where each of its characters is in the source.

    Attributes:
        text: the text as a reader sees it (escapes resolved).
        base: source offset of ``text[0]`` when the run is contiguous in the source.
        offsets: source offset of each character plus one end offset
            (``len(text) + 1`` items), or ``None`` when ``base + i`` is exact.
        block: index in ``Document.tokens`` of the block the run belongs to
            (``-1`` for front matter); runs of one block form one paragraph.
        kind: ``"text"``, ``"link"``, ``"alt"``, ``"title"`` or ``"description"``.
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


@dataclass(frozen=True)
class CodeSpan:
    """The content of an inline code span and the source offset of its first character."""

    text: str
    base: int
    block: int


@dataclass(frozen=True)
class Prose:
    """All prose runs and inline code spans of one document, in source order."""

    runs: tuple[ProseRun, ...]
    code: tuple[CodeSpan, ...]

    @property
    def word_estimate(self) -> int:
        """Whitespace-separated words in the prose (a size measure for reports)."""
        return sum(len(r.text.split()) for r in self.runs)


# TeX math that the parser leaves in text: \(...\) and \[...\] (after markdown
# unescaping, ``\\(`` in the source is ``\(`` in the content) and stray $$...$$.
_TEXT_MATH = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]|\$\$.*?\$\$|\$[^$\s][^$]*?\$", re.S)


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
    for m in _TEXT_MATH.finditer(text):
        if m.start() > pos:
            pieces.append(_slice(run, pos, m.start()))
        pos = m.end()
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


_FM_KEY = re.compile(r"^(title|description)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)


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


def extract_prose(doc: Document) -> Prose:
    """The prose runs and inline code spans of ``doc`` (use ``doc.memo(extract_prose)``)."""
    runs: list[ProseRun] = list(_front_matter_runs(doc))
    code: list[CodeSpan] = []
    for block, parent in enumerate(doc.tokens):
        if parent.type != "inline" or not parent.children:
            continue
        in_url = 0
        kind = "text"
        for tok in parent.children:
            t = tok.type
            if t == "text":
                if in_url:
                    continue
                run = _text_run(doc, parent, tok, block, kind)
                if run is not None:
                    runs.extend(_split_math(run))
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
                    runs.append(run)
            elif t == "code_inline":
                span = _code_span(doc, parent, tok, block)
                if span is not None:
                    code.append(span)
    return Prose(tuple(runs), tuple(code))


def prose_of(doc: Document) -> Prose:
    """:func:`extract_prose`, computed once per document."""
    return doc.memo(extract_prose)
