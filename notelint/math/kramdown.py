"""kramdown as Jekyll runs it, reduced to what MathJax will read.

A model of kramdown 2.4 with kramdown-parser-gfm and Jekyll's defaults (input
``GFM``, ``math_engine: mathjax``, smart quotes, typographic symbols), written
from kramdown's parser sources (``lib/kramdown/parser/kramdown/*.rb``,
``kramdown-parser-gfm``) and checked against the real kramdown (the math
oracle).  It returns the same :class:`notelint.math.render.Rendered` as the
markdown-it based renderer: the text strings MathJax searches (each character
with its source offset), the element boundaries, and the ``$$`` math kramdown
protects.

Block level (what differs from CommonMark):

* a fenced code block needs a closing fence and an info string without spaces
  (```` ```{.python .input} ```` is no fence, so its closing fence opens one);
* a block HTML element (``<div>``, ``<center>``...) at a block boundary stays raw
  up to its closing tag, blank lines included: MathJax reads its text as written
  (``markdown="1"`` makes kramdown parse its content instead);
* a table is a run of lines, starting at a block boundary and followed by one,
  each with an unescaped ``|`` outside code spans; every ``|`` ends a cell, even
  inside ``$...$`` or ``$$...$$``;
* a list item (``-``, ``*``, ``+``, ``3.``) may interrupt a paragraph;
* ``$$...$$`` is math, anywhere (display when it is a block of its own); a single
  ``$`` is text.

Span level: backslash escapes of kramdown's set, code spans, ``$$`` math,
emphasis by kramdown's rules (an ``_`` after a letter never opens; a closing
delimiter follows no blank and, for ``_``, precedes no letter or digit), links
and images, footnote markers, HTML tags and entities, and the text changes of
smart quotes (``'`` → ``’``) and typographic symbols (``...`` → ``…``,
``--`` → ``–``, ``---`` → ``—``, ``<<`` → ``«``, ``>>`` → ``»``), which alter
the TeX of single-dollar math.
"""

from __future__ import annotations

import itertools
import re

from notelint.document import Document
from notelint.lazy import lazy_compile
from notelint.math.kramdown_spans import CODE_RUN, Spans, add_text
from notelint.math.render import Boundary, ProtectedMath, Rendered, _StringBuilder

#: Block-level HTML elements kramdown keeps raw (``HTML_BLOCK_ELEMENTS`` and ``HTML_CONTENT_MODEL``).
BLOCK_TAGS = frozenset(
    ["address", "applet", "article", "aside", "audio", "blockquote", "body", "button", "canvas", "caption", "center", "colgroup", "dd", "details", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "iframe", "legend", "li", "listing", "map", "math", "menu", "meta", "nav", "noscript", "object", "ol", "optgroup", "option", "p", "pre", "section", "script", "style", "summary", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "title", "tr", "ul", "video"])
#: Elements whose text MathJax skips (``skipHtmlTags``).
SKIPPED_TAGS = frozenset(["script", "noscript", "style", "textarea", "pre", "code", "annotation", "annotation-xml"])
_FENCE = lazy_compile(r"^ {0,3}(([~`])\2{2,})[ \t]*(\S+?)?[ \t]*$")
_FENCE_CLOSE = r"^ {{0,3}}{0}{1}*[ \t]*$"
_HEADER = lazy_compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT = lazy_compile(r"^ {0,3}(=+|-+)[ \t]*$")
_LIST = lazy_compile(r"^( {0,3})([*+-]|\d+\.)([ \t]+|$)")
_QUOTE = lazy_compile(r"^ {0,3}> ?")
_HR = lazy_compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_HTML_OPEN = lazy_compile(r"^ {0,3}<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^>]*)>?")
_HTML_COMMENT = lazy_compile(r"^ {0,3}<!--")
_REFDEF = lazy_compile(r"^ {0,3}\[([^\]^][^\]]*)\]:[ \t]*\S")
_EXT = lazy_compile(r"^ {0,3}\{::(nomarkdown|comment)\b[^}]*\}")
_IAL = lazy_compile(r"^ {0,3}\{:[^}]*\}[ \t]*$")
#: First characters of the lines that can start anything but a paragraph.
_BLOCK_FIRST = frozenset(" \t`~{<#>*+-_=0123456789$[")
#: First characters of the lines that can end a paragraph.
_BLOCK_HEADS = frozenset("-*+0123456789#>`~<")
_MAY_HOLD_MATH = lazy_compile(r"\$|\\[(\[]|\\begin")
_BLOCK_MATH = lazy_compile(r"^ {0,3}\$\$")
_TABLE_SEP = lazy_compile(r"^[+|: \t-]*-[+|: \t-]*$")


def _blank(line: str) -> bool:
    return not line.strip()


class _Lines:
    """The note's lines with their start offsets (front matter blanked)."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.starts: list[int] = list(doc.line_starts)
        self.lines: list[str] = doc.text.split("\n")[:len(self.starts)]
        skip = 0
        if self.lines and self.lines[0].rstrip() == "---":
            for k in range(1, len(self.lines)):
                if self.lines[k].rstrip() in ("---", "..."):
                    skip = k + 1
                    break
        for k in range(skip):
            self.lines[k] = ""


class _Piece:
    """A block's text with the note offset of each character (prefixes stripped)."""

    __slots__ = ("offs", "text")

    def __init__(self) -> None:
        self.text: list[str] = []
        self.offs: list[int] = []

    def add_line(self, line: str, start: int, skip: int = 0) -> None:
        if self.text:
            self.text.append("\n")
            self.offs.append(self.offs[-1] + 1)
        body = line[skip:]
        self.text.append(body)
        self.offs.extend(range(start + skip, start + skip + len(body)))

    def string(self) -> str:
        return "".join(self.text)


def render_kramdown(doc: Document) -> Rendered:
    """What MathJax receives from ``doc`` rendered by kramdown (see the module docstring)."""
    lines = _Lines(doc)
    refs = {m.group(1).strip().lower() for line in lines.lines
            if (m := _REFDEF.match(line)) is not None}
    result = Rendered()
    block_lines = [(k, 0) for k in range(len(lines.lines))]
    _Blocks(lines, refs, result).run(block_lines)
    return result


class _Blocks:
    """kramdown's block parser over lines given as ``(line index, columns stripped)``."""

    def __init__(self, lines: _Lines, refs: set[str], result: Rendered) -> None:
        self.lines = lines
        self.refs = refs
        self.result = result

    def _text(self, item: tuple[int, int]) -> str:
        k, skip = item
        return self.lines.lines[k][skip:]

    def run(self, items: list[tuple[int, int]]) -> None:
        i, n = 0, len(items)
        boundary = True  # after a blank line or another block
        while i < n:
            line = self._text(items[i])
            if _blank(line):
                i += 1
                boundary = True
                continue
            i = self._block(items, i, boundary)
            boundary = True

    def _block(self, items: list[tuple[int, int]], i: int, boundary: bool) -> int:
        """Parse the block starting at ``items[i]``; returns the index after it."""
        n = len(items)
        line = self._text(items[i])
        if line[:1] not in _BLOCK_FIRST and "|" not in line:
            return self._paragraph(items, i)  # the common case: a line of text
        m = _FENCE.match(line)
        if m:
            close = re.compile(_FENCE_CLOSE.format(re.escape(m.group(1)), re.escape(m.group(2))))
            for j in range(i + 1, n):
                if close.match(self._text(items[j])):
                    k0, s0 = items[i]
                    k1, s1 = items[j]
                    start = self.lines.starts[k0] + s0 + line.index(m.group(1))
                    end = self.lines.starts[k1] + s1 + len(self._text(items[j]))
                    self.result.boundaries.append(Boundary(start, end, m.group(1), "code block"))
                    return j + 1
        if line.startswith(("    ", "\t")) and boundary:
            j = i
            while j < n and (self._text(items[j]).startswith(("    ", "\t"))
                             or _blank(self._text(items[j]))):
                j += 1
            return j
        if _EXT.match(line):
            for j in range(i, n):
                if "{:/" in self._text(items[j]):
                    return j + 1
            return i + 1
        if _IAL.match(line) or _REFDEF.match(line) or _HR.match(line):
            return i + 1
        if _HTML_COMMENT.match(line):
            for j in range(i, n):
                if "-->" in self._text(items[j]):
                    return j + 1
            return n
        m = _HTML_OPEN.match(line)
        if m and m.group(1).lower() in BLOCK_TAGS:
            return self._html_block(items, i, m.group(1).lower(), m.group(2) or "")
        m = _HEADER.match(line)
        if m:
            piece = _Piece()
            k, skip = items[i]
            body = line.rstrip()
            body = re.sub(r"[ \t]+#+$", "", body) if body.rstrip("#").strip() else body
            piece.add_line(body, self.lines.starts[k] + skip, m.end())
            self._inline(piece)
            return i + 1
        m = _QUOTE.match(line)
        if m:
            j = i
            inner: list[tuple[int, int]] = []
            while j < n and not _blank(self._text(items[j])):
                t = self._text(items[j])
                q = _QUOTE.match(t)
                inner.append((items[j][0], items[j][1] + (q.end() if q else 0)))
                j += 1
            self.run(inner)
            return j
        m = _LIST.match(line)
        if m:
            return self._list(items, i)
        m = _BLOCK_MATH.match(line)
        if m and boundary:
            after = self._block_math(items, i)
            if after is not None:
                return after
        table_end = self._table_end(items, i) if boundary else None
        if table_end is not None:
            self._table(items, i, table_end)
            return table_end
        return self._paragraph(items, i)

    def _block_math(self, items: list[tuple[int, int]], i: int) -> int | None:
        """``$$...$$`` as a block of its own (``parse_block_math``), or ``None``."""
        n = len(items)
        piece = _Piece()
        for j in range(i, n):
            k, skip = items[j]
            piece.add_line(self.lines.lines[k][skip:], self.lines.starts[k] + skip)
            text = piece.string()
            a = text.find("$$")
            b = text.find("$$", a + 2)
            if b == -1:
                continue
            if text[b + 2:].strip():
                return None
            nxt = j + 1
            if nxt < n and not _blank(self._text(items[nxt])):
                return None
            s, e = piece.offs[a], piece.offs[b + 1] + 1
            self.result.protected.append(ProtectedMath(s, e, "$$", text[a + 2:b], True))
            return nxt
        return None

    def _interrupts(self, line: str) -> bool:
        """Whether ``line`` ends a paragraph (kramdown's ``LAZY_END`` and GFM's additions)."""
        head = line.lstrip(" ")[:1]
        if not head or head.isspace():
            return True
        if head not in _BLOCK_HEADS:
            return False
        m = _LIST.match(line)
        if m and m.group(3):
            return True
        if _HEADER.match(line) or _QUOTE.match(line) or _FENCE.match(line):
            return True
        m = _HTML_OPEN.match(line)
        return bool(m and m.group(1).lower() in BLOCK_TAGS)

    def _paragraph(self, items: list[tuple[int, int]], i: int) -> int:
        n = len(items)
        j = i + 1
        while j < n:
            t = self._text(items[j])
            if self._interrupts(t):
                m = _LIST.match(t)
                if m and m.group(3):
                    # A list item interrupts the paragraph: an element boundary for MathJax.
                    k, skip = items[j]
                    start = self.lines.starts[k] + skip + len(m.group(1))
                    self.result.boundaries.append(
                        Boundary(start, start + len(m.group(2)), m.group(2), "list item"))
                break
            if t.lstrip(" ")[:1] in ("=", "-") and _SETEXT.match(t):
                j += 1
                break
            j += 1
        if not any(_MAY_HOLD_MATH.search(self.lines.lines[k], skip) for k, skip in items[i:j]):
            return j
        piece = _Piece()
        for k, skip in items[i:j]:
            text = self.lines.lines[k][skip:]
            if _SETEXT.match(text) and (k, skip) != items[i]:
                break
            lead = len(text) - len(text.lstrip(" \t"))
            piece.add_line(text.rstrip("\n"), self.lines.starts[k] + skip, lead)
        self._inline(piece)
        return j

    def _list(self, items: list[tuple[int, int]], i: int) -> int:
        """A list item: the marker line, lazy and indented continuation lines."""
        n = len(items)
        line = self._text(items[i])
        m = _LIST.match(line)
        assert m is not None
        width = m.end() if m.group(3) else m.end() + 1
        inner = [(items[i][0], items[i][1] + min(m.end(), len(line)))]
        j = i + 1
        blank_seen = False
        while j < n:
            t = self._text(items[j])
            if _blank(t):
                blank_seen = True
                inner.append(items[j])
                j += 1
                continue
            indent = len(t) - len(t.lstrip(" "))
            if indent >= width or (indent > 0 and t.startswith("\t")):
                inner.append((items[j][0], items[j][1] + min(indent, width)))
                blank_seen = False
                j += 1
                continue
            if blank_seen or _LIST.match(t) or self._interrupts(t):
                break
            inner.append(items[j])  # lazy continuation
            j += 1
        # Trailing blank lines are not the item's; its own first line stays, even when
        # nothing follows the marker (`*` alone), so that the list moves past it.
        while len(inner) > 1 and _blank(self._text(inner[-1])):
            inner.pop()
            j -= 1
        self.run(inner)
        while j < n and _blank(self._text(items[j])):
            j += 1
        return max(j, i + 1)

    def _html_block(self, items: list[tuple[int, int]], i: int, tag: str, attrs: str) -> int:
        """A block HTML element: raw text up to its closing tag (or parsed with ``markdown="1"``)."""
        n = len(items)
        opener = re.compile(rf"<{tag}(?=[\s/>])", re.I)
        closer = re.compile(rf"</{tag}\s*>", re.I)
        depth = 0
        j = i
        end = n
        while j < n:
            t = self._text(items[j])
            depth += len(opener.findall(t)) - len(closer.findall(t))
            if depth <= 0:
                end = j + 1
                break
            j += 1
        if re.search(r"""markdown\s*=\s*["']?(?:1|block|span)""", attrs):
            inner = items[i + 1:end - 1] if end - 1 > i + 1 else []
            self.run(inner)
            return end
        if tag in SKIPPED_TAGS:
            return end
        piece = _Piece()
        for k, skip in items[i:end]:
            piece.add_line(self.lines.lines[k][skip:], self.lines.starts[k] + skip)
        self._raw(piece)
        return end

    def _table_end(self, items: list[tuple[int, int]], i: int) -> int | None:
        """The index after the table starting at ``items[i]``, or ``None`` if none starts there."""
        n = len(items)
        j = i
        while j < n and not _blank(self._text(items[j])) and _pipes(self._text(items[j])):
            j += 1
        if j == i:
            return None
        if j < n and not _blank(self._text(items[j])) and not self._interrupts(self._text(items[j])):
            return None  # kramdown wants a block boundary after the table
        return j

    def _table(self, items: list[tuple[int, int]], i: int, end: int) -> None:
        for k, skip in items[i:end]:
            line = self.lines.lines[k][skip:]
            if _TABLE_SEP.match(line) or not _MAY_HOLD_MATH.search(line):
                continue  # no cell of this row can hold math (or a piece of it)
            base = self.lines.starts[k] + skip
            cuts = _pipes(line)
            bounds = [-1, *cuts, len(line)]
            for a, b in itertools.pairwise(bounds):
                cell = line[a + 1:b]
                if not _MAY_HOLD_MATH.search(cell):
                    continue
                piece = _Piece()
                lead = len(cell) - len(cell.lstrip())
                piece.add_line(cell.rstrip(), base + a + 1, lead)
                if piece.string().strip():
                    self._inline(piece)
            for c in cuts:
                self.result.boundaries.append(Boundary(base + c, base + c + 1, "|", "table cell"))

    def _raw(self, piece: _Piece) -> None:
        """Raw HTML: MathJax reads the text between tags as written (entities decoded)."""
        text = piece.string()
        out = _StringBuilder()
        pos = 0
        skip_until: str | None = None
        for m in re.finditer(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*>|<!--.*?-->", text, re.S):
            if skip_until is None:
                add_text(out, text, piece.offs, pos, m.start())
            tag = (m.group(2) or "").lower()
            if skip_until is not None:
                if m.group(1) and tag == skip_until:
                    skip_until = None
            elif tag in SKIPPED_TAGS and not m.group(1):
                skip_until = tag
            if tag in ("br", "wbr") or m.group(0).startswith("<!--"):
                if tag:
                    out.add("\n", piece.offs[m.start()], 0)
            else:
                self._flush(out)
                out = _StringBuilder()
            pos = m.end()
        if skip_until is None:
            add_text(out, text, piece.offs, pos, len(text))
        self._flush(out)

    def _flush(self, out: _StringBuilder) -> None:
        if out.pieces:
            s = out.build(lambda k: k)
            if s.text.strip() and ("$" in s.text or "\\" in s.text):
                self.result.strings.append(s)

    def _inline(self, piece: _Piece) -> None:
        text = piece.string()
        if not ("$" in text or "\\(" in text or "\\[" in text or "\\begin" in text):
            return
        Spans(text, piece.offs, self).run()


def _pipes(line: str) -> list[int]:
    """Offsets of the cell-separating ``|`` of a table line (not escaped, not in code spans)."""
    out: list[int] = []
    if "|" not in line:
        return out
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch == "\\" and i + 1 < n:
            i += 2
            continue
        if ch == "`":
            run = CODE_RUN.match(line, i)
            assert run is not None
            close = line.find(run.group(0), run.end())
            while close != -1 and line[close + len(run.group(0)):close + len(run.group(0)) + 1] == "`":
                close = line.find(run.group(0), close + len(run.group(0)) + 1)
            if close != -1:
                i = close + len(run.group(0))
                continue
            i = run.end()
            continue
        if ch == "|":
            out.append(i)
        i += 1
    return out


