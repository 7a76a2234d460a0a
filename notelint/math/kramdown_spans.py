"""kramdown's span parser, reduced to what MathJax will read (see :mod:`notelint.math.kramdown`).

Written from ``lib/kramdown/parser/kramdown/*.rb`` (kramdown 2.4): escapes
(``ESCAPED_CHARS``), code spans, ``$$`` inline math, emphasis
(``parse_emphasis``), links and images, footnote markers, HTML tags and
entities, ``{::nomarkdown}``, smart quotes (``SQ_RULES``) and typographic
symbols (``TYPOGRAPHIC_SYMS``).  Element boundaries end a MathJax string; text
replacements keep the source offset of the characters they replace.
"""

from __future__ import annotations

import html
import re
from typing import Any

from notelint.lazy import lazy_compile
from notelint.math.render import Boundary, ProtectedMath, _StringBuilder

#: ``Kramdown::Parser::Kramdown::ESCAPED_CHARS``.
ESCAPED = frozenset("\\.*_+-`()[]{}#!:|\"'$=<>")
#: Typographic symbols (``TYPOGRAPHIC_SYMS``), longest first.
TYPOGRAPHIC = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"), ("<< ", "\u00ab\u00a0"),
               (" >>", "\u00a0\u00bb"), ("<<", "\u00ab"), (">>", "\u00bb"))

def add_text(out: _StringBuilder, text: str, offs: list[int], a: int, b: int) -> None:
    """Append ``text[a:b]`` to ``out`` with HTML entities decoded (``offs``: note offsets)."""
    i = a
    while i < b:
        if text[i] == "&":
            m = _ENTITY.match(text, i, b)
            if m:
                dec = html.unescape(m.group(0))
                for x, c in enumerate(dec):
                    out.add(c, offs[i], len(m.group(0)) if x == 0 else 0)
                i = m.end()
                continue
        out.add(text[i], offs[i], 1)
        i += 1


_ENTITY = lazy_compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
CODE_RUN = lazy_compile(r"`+")
#: An HTML tag or an autolink (``<https://...>``, ``<a@b.c>``).
_TAG = lazy_compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|(?:https?|ftp|mailto):[^<>\s]+|"
                  r"[^<>\s@]+@[^<>\s@]+)>")
#: ``{::nomarkdown}...{:/}``, ``{::comment}...{:/}`` and inline attribute lists.
_EXTENSION = lazy_compile(r"\{::nomarkdown\}(.*?)\{:/(?:nomarkdown)?\}|"
                        r"\{::comment\}.*?\{:/(?:comment)?\}|\{:[^}]*\}", re.S)
_FOOTNOTE = lazy_compile(r"\[\^[^\]\s]+\]")
#: A link destination ``(url "title")`` or a reference ``[label]``.
_DESTINATION = lazy_compile(r"\((?:[^()\s]|\([^()]*\))*(?:\s+[\"'][^\"']*[\"'])?\s*\)|\[[^\]]*\]")
_SQ_PUNCT = r"""[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
_SQ_CLOSE_CHAR = r"[^ \\\t\r\n\[{(-]"
#: ``SQ_RULES`` (kramdown 2.4): pattern, and what the quote(s) it covers become.
_SQ_RULES = [
    (lazy_compile(r"""("|')(?=[_*]{1,2}\S)"""), "open"),
    (lazy_compile(rf"""("|')(?={_SQ_PUNCT}(?!\.\.)\B)"""), "close"),
    (lazy_compile(r"""(\s?)"'(?=\w)"""), "pair"),
    (lazy_compile(r"""(\s?)'"(?=\w)"""), "pair"),
    (lazy_compile(r"""(\s?)'(?=\d\ds)"""), "close"),
    (lazy_compile(r"""(\s)('|")(?=\w)"""), "open"),
    (lazy_compile(rf"""({_SQ_CLOSE_CHAR})('|")"""), "close"),
    (lazy_compile(r"""("|')(?=\s|s\b|$)"""), "close"),
    (lazy_compile(r"""(.?)'""", re.S), "open"),
    (lazy_compile(r'(.?)"', re.S), "open"),
]
_SQ_OPEN = {"'": "\u2018", '"': "\u201c"}
_SQ_CLOSE = {"'": "\u2019", '"': "\u201d"}


class Spans:
    """kramdown's span parser over one block's text (see the module docstring)."""

    #: Where a span element, an escape or a text replacement may start.
    _SPECIAL = lazy_compile(r"[\\`$*_\[!<&'\"\-.>{]|  \n")

    def __init__(self, text: str, offs: list[int], blocks: Any) -> None:
        self.text = text
        self.offs = offs
        self.blocks = blocks
        self.out = _StringBuilder()
        self.closers: dict[int, int] = {}  # offset of a matched emphasis closer -> its length
        self.open_em: set[str] = set()

    def boundary(self, a: int, b: int, markup: str, what: str) -> None:
        self.blocks._flush(self.out)
        self.out = _StringBuilder()
        self.blocks.result.boundaries.append(Boundary(self.offs[a], self.offs[b - 1] + 1,
                                                      markup, what))

    def run(self) -> None:
        self.parse(0, len(self.text))
        self.blocks._flush(self.out)

    def parse(self, i: int, end: int) -> None:
        text = self.text
        plain_before = -1  # offset after the last character added as plain text
        special = self._SPECIAL
        while i < end:
            m = special.search(text, i, end)
            stop = m.start() if m is not None else end
            if stop > i:  # a run of plain text
                self._text(i, stop)
                i = plain_before = stop
                continue
            if i in self.closers:
                n = self.closers.pop(i)
                self.boundary(i, i + n, text[i:i + n], "emphasis")
                i += n
                continue
            ch = text[i]
            if ch == "\\" and i + 1 < end and text[i + 1] in ESCAPED:
                self.out.add(text[i + 1], self.offs[i], 2)
                i += 2
                continue
            if ch == "$" and text.startswith("$$", i):
                close = text.find("$$", i + 2, end)
                if close != -1:
                    self.blocks._flush(self.out)
                    self.out = _StringBuilder()
                    s, e = self.offs[i], self.offs[close + 1] + 1
                    body = text[i + 2:close]
                    self.blocks.result.protected.append(ProtectedMath(s, e, "$$", body, False))
                    i = close + 2
                    continue
            if ch == "`":
                run = CODE_RUN.match(text, i, end)
                assert run is not None
                r = run.group(0)
                close = text.find(r, run.end(), end)
                while close != -1 and text[close + len(r):close + len(r) + 1] == "`":
                    close = text.find(r, close + len(r) + 1, end)
                if close != -1:
                    self.boundary(i, close + len(r), text[i:close + len(r)], "code")
                    i = close + len(r)
                    continue
                self._text(i, run.end())
                i = run.end()
                continue
            if ch in "*_":
                j = self._emphasis(i, end)
                if j is not None:
                    i = j
                    continue
            if ch in "[!":
                j = self._link(i, end)
                if j is not None:
                    i = j
                    continue
            if ch == "<":
                m = _TAG.match(text, i, end)
                if m:
                    tag = m.group(0)
                    if re.match(r"</?(?:br|wbr)\b", tag, re.I):
                        self.out.add("\n", self.offs[i], 0)
                    else:
                        self.boundary(i, m.end(), tag, "HTML")
                    i = m.end()
                    continue
            if ch == "&":
                m = _ENTITY.match(text, i, end)
                if m:
                    add_text(self.out, text, self.offs, i, m.end())
                    i = m.end()
                    continue
            if ch == "{" and text.startswith("{:", i):
                m = _EXTENSION.match(text, i, end)
                if m:
                    if m.group(0).startswith("{::nomarkdown}"):
                        self.boundary(i, i + 14, "{::nomarkdown}", "raw")
                        add_text(self.out, text, self.offs, m.start(1), m.end(1))
                        self.boundary(m.end(1), m.end(), m.group(0)[m.end(1) - m.start():], "raw")
                    i = m.end()
                    continue
            if ch in "-.<>":
                for pat, rep in TYPOGRAPHIC:
                    if text.startswith(pat, i) and i + len(pat) <= end:
                        for x, c in enumerate(rep):
                            self.out.add(c, self.offs[i], len(pat) if x == 0 else 0)
                        i += len(pat)
                        break
                else:
                    self._text(i, i + 1)
                    i += 1
                continue
            if ch in "'\"":
                rep, n = self._quote(i, plain_before == i)
                for x, c in enumerate(rep):
                    self.out.add(c, self.offs[i + x], 1)
                i += n
                continue
            if ch == " " and text.startswith("  \n", i):
                self.out.add("\n", self.offs[i + 2], 1)
                i += 3
                continue
            self._text(i, i + 1)
            i += 1
            plain_before = i

    def _text(self, a: int, b: int) -> None:
        out = self.out
        out.pieces.append(self.text[a:b])
        out.starts.extend(self.offs[a:b])
        out.lengths.extend([1] * (b - a))

    def _quote(self, i: int, prev_free: bool) -> tuple[str, int]:
        """kramdown's smart quotes at ``i``: the replacement and how many quotes it covers.

        ``SQ_RULES`` of ``kramdown/parser/kramdown/smart_quotes.rb``, tried in order
        where the span start ``[^\\]?["']`` matched: at the character before the
        quote when that one is still plain text, else at the quote itself.
        """
        text = self.text
        start = i - 1 if prev_free and i > 0 and text[i - 1] != "\\" else i
        for rule, subst in _SQ_RULES:
            m = rule.match(text, start)
            if m is None or m.end() <= i:
                continue
            quotes = text[i:m.end()]
            if subst == "pair":
                return "".join(_SQ_OPEN[c] for c in quotes), len(quotes)
            table = _SQ_OPEN if subst == "open" else _SQ_CLOSE
            return table[text[i]], 1
        return text[i], 1

    def _emphasis(self, i: int, end: int) -> int | None:
        """Open emphasis at ``i`` if kramdown would; returns where parsing goes on."""
        text = self.text
        d = text[i]
        n = 2 if text.startswith(d * 2, i) else 1
        if d == "_" and re.search(r"[^\W\d_]-?[^\W\d_]*$", text[max(0, i - 40):i]):
            self._text(i, i + n)
            return i + n
        if i + n >= end or text[i + n].isspace() or d * n in self.open_em:
            self._text(i, i + n)
            return i + n
        delim = d * n
        k = i + n
        while k < end:
            c = text[k]
            if c == "\\":
                k += 2
                continue
            if c == "`":
                run = CODE_RUN.match(text, k, end)
                assert run is not None
                close = text.find(run.group(0), run.end(), end)
                k = close + len(run.group(0)) if close != -1 else run.end()
                continue
            if text.startswith("$$", k):
                close = text.find("$$", k + 2, end)
                k = close + 2 if close != -1 else k + 2
                continue
            if c == d:
                r = k
                while r < end and text[r] == d:
                    r += 1
                if r - k != n:
                    k = r  # another run of the delimiter: an emphasis of its own or text
                    continue
            if text.startswith(delim, k) and k > i + n and not text[k - 1].isspace() \
                    and not (d == "_" and k + n < end and text[k + n].isalnum()):
                self.boundary(i, i + n, delim, "emphasis")
                self.open_em.add(delim)
                self.closers[k] = n
                self.parse(i + n, k + n)
                self.open_em.discard(delim)
                return k + n
            k += 1
        self._text(i, i + n)
        return i + n

    def _link(self, i: int, end: int) -> int | None:
        text = self.text
        a = i + 1 if text[i] == "!" else i
        if text[a:a + 1] != "[":
            return None
        if text.startswith("[^", a):
            m = _FOOTNOTE.match(text, a, end)
            if m:
                self.boundary(i, m.end(), m.group(0), "footnote reference")
                return m.end()
            return None
        depth, k = 0, a
        while k < end:
            c = text[k]
            if c == "\\":
                k += 2
                continue
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        if k >= end:
            return None
        label_end = k
        dest = _DESTINATION.match(text, k + 1, end)
        what = "image" if text[i] == "!" else "link"
        if dest and dest.group(0).startswith("("):
            self.boundary(i, a + 1, text[i:a + 1], what)
            if what == "link":
                self.parse(a + 1, label_end)
            self.boundary(label_end, dest.end(), text[label_end:dest.end()], what)
            return dest.end()
        ref = (dest.group(0)[1:-1] if dest and dest.group(0)[1:-1].strip() else text[a + 1:label_end])
        if " ".join(ref.split()).lower() in self.blocks.refs:
            stop = dest.end() if dest else label_end + 1
            self.boundary(i, a + 1, text[i:a + 1], what)
            if what == "link":
                self.parse(a + 1, label_end)
            self.boundary(label_end, stop, text[label_end:stop], what)
            return stop
        return None

