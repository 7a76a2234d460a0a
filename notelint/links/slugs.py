"""Heading ids as publishing pipelines make them, and the anchors a note offers.

Slug styles (each takes the heading's plain text: markup removed, code kept):

* ``github`` and ``gatsby``: github-slugger (GitHub's rendering of READMEs and
  ``gatsby-remark-autolink-headers``): lower-case; delete every character that
  is not a letter, mark, number, connector punctuation (``_``), hyphen or
  space; spaces become hyphens.  Korean is kept: ``## 16일차`` -> ``16일차``.
* ``jekyll``: kramdown with GFM input (Jekyll's default;
  kramdown-parser-gfm's ``generate_gfm_header_id``): lower-case; delete what
  is not a word character (``\\p{Word}``), hyphen, space or tab; each space or
  tab becomes a hyphen.
* ``kramdown``: kramdown's own parser (``basic_generate_id``): drop leading
  characters up to the first ASCII letter, keep only ASCII letters, digits,
  spaces and hyphens, spaces become hyphens, lower-case; an empty result is
  ``section``.  Korean headings all become ``section``, ``section-1``, ...

Repeated ids get ``-1``, ``-2``, ... in document order, in every style.
``auto`` picks ``jekyll`` for front matter with a ``layout`` key, ``gatsby``
for one with ``template`` or ``path``, else ``github``.

Other anchors: ``id``/``name`` attributes in HTML, kramdown attribute lists
``{#id}`` ending a heading, and the implicit ``#`` and ``#top``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from markdown_it.token import Token

from notelint.document import Document
from notelint.frontmatter import front_matter
from notelint.lazy import lazy_compile

_ID_ATTR_RE = lazy_compile(r"""<[A-Za-z][^<>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
                         re.IGNORECASE)
_KRAMDOWN_IAL_RE = lazy_compile(r"\s*\{:?\s*#([A-Za-z][\w:-]*)[^}]*\}\s*$")


def _github(text: str) -> str:
    out = []
    for ch in text.lower():
        if ch in " -":
            out.append("-" if ch == " " else ch)
            continue
        cat = unicodedata.category(ch)
        if cat[0] in "LMN" or cat == "Pc":
            out.append(ch)
    return "".join(out)


def _jekyll(text: str) -> str:
    # Ruby's \p{Word}: letters, marks, decimal and letter numbers, connector punctuation.
    out = []
    for ch in text.lower():
        cat = unicodedata.category(ch)
        if ch in " \t":
            out.append("-")
        elif ch == "-" or cat[0] in "LM" or cat in ("Nd", "Nl", "Pc"):
            out.append(ch)
    return "".join(out)


def _kramdown(text: str) -> str:
    text = re.sub(r"^[^a-zA-Z]+", "", text)
    text = re.sub(r"[^a-zA-Z0-9 -]", "", text).replace(" ", "-").lower()
    return text or "section"


SLUGGERS = {"github": _github, "gatsby": _github, "jekyll": _jekyll, "kramdown": _kramdown}


def slugs(texts: Iterable[str], style: str) -> list[str]:
    """The ids of headings with plain ``texts`` (in order) under ``style``, duplicates numbered."""
    make = SLUGGERS[style]
    seen: dict[str, int] = {}
    out = []
    for text in texts:
        base = make(text)
        slug = base
        if base in seen:
            n = seen[base]
            while True:
                n += 1
                slug = f"{base}-{n}"
                if slug not in seen:
                    break
            seen[base] = n
        seen.setdefault(slug, 0)
        out.append(slug)
    return out


def detect_style(doc: Document, configured: str) -> str:
    """The slug style for ``doc``: ``configured`` unless it is ``auto``."""
    if configured != "auto":
        return configured
    fm = front_matter(doc)
    data = fm.data if fm is not None else None
    if isinstance(data, dict):
        if "layout" in data:
            return "jekyll"
        if "template" in data or "path" in data:
            return "gatsby"
    return "github"


def heading_text(inline: Token) -> str:
    """The plain text of a heading's ``inline`` token (markup removed, code and entities kept)."""
    parts: list[str] = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append("".join(c.content for c in child.children or () if c.type == "text"))
        elif child.type == "softbreak":
            parts.append(" ")
    return "".join(parts)


def anchors(doc: Document, style: str) -> frozenset[str]:
    """Every fragment that lands somewhere in ``doc`` under slug ``style`` (memoised per style)."""
    cache: dict[str, frozenset[str]] = doc.memo(_anchor_cache)
    found = cache.get(style)
    if found is None:
        found = cache[style] = _anchors(doc, style)
    return found


def _anchor_cache(doc: Document) -> dict[str, frozenset[str]]:
    return {}


def _anchors(doc: Document, style: str) -> frozenset[str]:
    texts: list[str] = []
    explicit: set[str] = {"", "top"}
    tokens = doc.tokens
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and i + 1 < len(tokens) and tokens[i + 1].type == "inline":
            text = heading_text(tokens[i + 1])
            m = _KRAMDOWN_IAL_RE.search(text)
            if m is not None and style in ("jekyll", "kramdown"):
                explicit.add(m.group(1))
                continue
            texts.append(text)
        elif tok.type == "html_block":
            explicit.update(_html_ids(tok.content))
        elif tok.type == "inline":
            for child in tok.children or ():
                if child.type == "html_inline":
                    explicit.update(_html_ids(child.content))
    return frozenset(explicit | set(slugs(texts, style)))


def _html_ids(source: str) -> set[str]:
    out = set()
    for m in _ID_ATTR_RE.finditer(source):
        value = next(g for g in m.groups() if g is not None)
        out.add(html.unescape(value))
    return out
