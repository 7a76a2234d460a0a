"""Every link of a note, with the exact span of its destination as written.

Sources (all from markdown-it's tokens, so nothing inside code or math is a link):

* inline links ``[text](dest)`` and images ``![alt](dest)``: the span is the
  destination inside the parentheses (without ``<>``);
* reference links ``[text][ref]``, ``[ref][]``, ``[ref]`` and reference
  images: one link per *definition* ``[ref]: dest`` (a destination is checked
  and reported once, where it is written), including unused definitions;
* autolinks ``<https://...>``: the URL between the angle brackets;
* bare URLs made links by linkify (GFM autolink literals): only those written
  with ``http://``/``https://`` or starting with ``www.`` — a bare
  ``setup.py`` that linkify turns into ``http://setup.py`` is a file name,
  not a link the author wrote;
* ``href`` of ``<a>`` (kind ``html``) and ``src`` of ``<img>`` (``html-image``)
  in HTML blocks and inline HTML (not inside HTML comments).

Links in footnote definitions are ordinary inline tokens and come with the rest.
"""

from __future__ import annotations

import html
import re
from typing import Literal, NamedTuple

from markdown_it.common.normalize_url import normalizeLink
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from notelint.document import Document
from notelint.lazy import lazy_compile

LinkKind = Literal["link", "image", "definition", "autolink", "bare", "html", "html-image"]


class Link(NamedTuple):
    """One link destination in a note.

    Attributes:
        url: the destination as the renderer sees it (markdown-it's
            normalised ``href``/``src``; HTML attribute values unescaped).
        start, end: code-point offsets of the destination as written.
        kind: where it comes from (see the module docstring).
        text: for an inline link, the source of its text (``np.dot`` in
            ``[np.dot](http://np.dot)``); ``None`` otherwise.
    """

    url: str
    start: int
    end: int
    kind: LinkKind
    text: str | None = None


_SCHEME_RE = lazy_compile(r"[A-Za-z][A-Za-z0-9+.-]{0,31}\Z")
_BARE_OK_RE = lazy_compile(r"(?i)(?:https?://|www\.)")
_DEFINITION_RE = lazy_compile(
    r"^(?:[ \t]*>)*[ \t]{0,3}(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?"
    r"\[(?P<label>(?:[^\[\]\\]|\\.){1,999})\]:[ \t]*\n?[ \t]*(?:>[ \t]*)?"
    r"(?P<dest><[^<>\n]*>|\S+)", re.MULTILINE)
_TAG_RE = lazy_compile(r"<(?P<tag>a|img)\b[^<>]*>", re.IGNORECASE)
_ATTR_RE = lazy_compile(
    r"""\s(?P<name>[A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|"""
    r"""(?P<uq>[^\s"'=<>`]+)))?""")
_WANTED_ATTR = {"a": "href", "img": "src"}


def links(doc: Document) -> list[Link]:
    """The links of ``doc`` in source order (memoised per document)."""
    return doc.memo(_extract)


def destination_at(text: str, pos: int) -> tuple[int, int] | None:
    """The span of a link destination starting at or after ``pos`` (blanks skipped).

    ``<...>`` destinations give the span inside the brackets; others run to
    the first blank or the ``)`` that closes the link (nested parentheses
    balanced, backslash escapes skipped).
    """
    n = len(text)
    while pos < n and text[pos] in " \t\n":
        pos += 1
    if pos >= n:
        return None
    if text[pos] == "<":
        close = text.find(">", pos + 1)
        return None if close == -1 else (pos + 1, close)
    depth = 0
    i = pos
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            i += 2
            continue
        if ch in " \t\n":
            break
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        i += 1
    return (pos, i) if i > pos else None


def _label_end(text: str, pos: int) -> int:
    """Offset of the ``]`` closing the label that opens at ``text[pos] == '['``."""
    depth = 0
    i = pos
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            close = text.find("`" * run, i + run)
            if close != -1:
                i = close + run
                continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _extract(doc: Document) -> list[Link]:
    out: list[Link] = []
    used_refs = False
    for tok, parent in doc.walk():
        if parent is None:
            if tok.type == "html_block" and tok.map:
                out.extend(_html_links(doc, doc.line_starts[tok.map[0]], _block_end(doc, tok)))
            continue
        if tok.type == "link_open":
            link, is_ref = _link(doc, parent, tok)
            used_refs |= is_ref
            if link is not None:
                out.append(link)
        elif tok.type == "image":
            link, is_ref = _image(doc, parent, tok)
            used_refs |= is_ref
            if link is not None:
                out.append(link)
        elif tok.type == "html_inline":
            sp = doc.inline_span(parent, tok)
            if sp is not None:
                out.extend(_html_links(doc, sp.start_offset, sp.end_offset))
    if doc.env.get("references") or used_refs:
        out.extend(_definitions(doc))
    out.sort(key=lambda lk: (lk.start, lk.end))
    return out


def _block_end(doc: Document, tok: Token) -> int:
    end_line = min(tok.map[1], len(doc.line_starts)) if tok.map else 0
    return doc.line_starts[end_line] if end_line < len(doc.line_starts) else len(doc.text)


def _link(doc: Document, parent: Token, tok: Token) -> tuple[Link | None, bool]:
    sp = doc.inline_span(parent, tok)
    if sp is None:
        return None, False
    text = doc.text
    href = str(tok.attrs.get("href", ""))
    start, end = sp.start_offset, sp.end_offset
    if tok.markup == "autolink":
        return Link(href, start + 1, end - 1, "autolink"), False
    if tok.markup == "linkify":
        if text[start:start + 3] == "://":
            # the scheme before `://` belongs to the URL (a URL at the start of a block)
            k = start
            while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "+.-"):
                k -= 1
            if _SCHEME_RE.match(text[k:start]):
                start = k
        if not _BARE_OK_RE.match(text, start):
            return None, False
        return Link(href, start, end, "bare"), False
    close = _label_end(text, start)
    if close == -1 or close + 1 >= end or text[close + 1] != "(":
        return None, True  # a reference link: checked at its definition
    dest = destination_at(text, close + 2)
    if dest is None:
        return Link(href, close + 1, close + 1, "link", text[start + 1:close]), False
    return Link(href, dest[0], dest[1], "link", text[start + 1:close]), False


def _image(doc: Document, parent: Token, tok: Token) -> tuple[Link | None, bool]:
    sp = doc.inline_span(parent, tok)
    if sp is None:
        return None, False
    text = doc.text
    close = _label_end(text, sp.start_offset + 1)
    if close == -1 or close + 1 >= sp.end_offset or text[close + 1] != "(":
        return None, True
    dest = destination_at(text, close + 2)
    src = str(tok.attrs.get("src", ""))
    if dest is None:
        return Link(src, close + 1, close + 1, "image"), False
    return Link(src, dest[0], dest[1], "image"), False


def _definitions(doc: Document) -> list[Link]:
    """Reference definitions that markdown-it recognised, located in the source."""
    refs: dict[str, dict[str, str]] = doc.env.get("references") or {}
    seen: set[str] = set()
    out: list[Link] = []
    for m in _DEFINITION_RE.finditer(doc.text):
        key = normalizeReference(m.group("label"))
        ref = refs.get(key)
        if ref is None or key in seen or not doc.is_prose(m.start("label")):
            continue
        if m.group("label").startswith("^"):
            # `[^ 1]: x` is a malformed footnote (FN004), not a link to a file `x`
            continue
        seen.add(key)
        start, end = m.span("dest")
        if doc.text[start] == "<":
            start, end = start + 1, end - 1
        out.append(Link(str(ref.get("href", "")), start, end, "definition"))
    return out


def _html_links(doc: Document, start: int, end: int) -> list[Link]:
    """``<a href>`` and ``<img src>`` in ``doc.text[start:end]``, outside HTML comments."""
    text = doc.text
    chunk = text[start:end]
    if "<" not in chunk:
        return []
    comments = [(m.start(), m.end()) for m in re.finditer(r"<!--.*?(?:-->|\Z)", chunk, re.S)]
    out: list[Link] = []
    for tm in _TAG_RE.finditer(chunk):
        if any(a <= tm.start() < b for a, b in comments):
            continue
        want = _WANTED_ATTR[tm.group("tag").lower()]
        for am in _ATTR_RE.finditer(chunk, tm.start() + 1 + len(tm.group("tag")), tm.end() - 1):
            if am.group("name").lower() != want:
                continue
            group = next((g for g in ("dq", "sq", "uq") if am.group(g) is not None), None)
            if group is None:
                break
            raw = am.group(group)
            value = html.unescape(raw).strip()
            if value:
                a = start + am.start(group)
                kind: LinkKind = "html-image" if want == "src" else "html"
                out.append(Link(normalizeLink(value), a, a + len(raw), kind))
            break
    return out
