"""Reusing notelint's own inline parse as the naive renderer's, where that is exact.

For the ``commonmark`` and ``gfm`` pipelines the renderer parses a paragraph
exactly as notelint's parser did, except that formulas are not protected.
When a paragraph's formulas contain nothing that markdown would act on (no
emphasis delimiter that can open or close, no backtick, bracket, HTML or
entity), the renderer's tokens are notelint's own with each formula turned
back into text; :func:`reused_children` decides that and builds them, and
returns ``None`` otherwise so that the caller parses the paragraph again.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from notelint.lazy import lazy_compile
from notelint.math.pipeline import COMMONMARK_ESCAPABLE
from notelint.parsing import SRCPOS

#: Characters that a renderer knowing no math acts on beyond the formula they
#: stand in (line breaks, entities, code spans, links, strikethrough); ``<``
#: is one too unless a blank follows it, ``*`` and ``_`` unless they can neither
#: open nor close emphasis (see :func:`reused_children`).
_ACTIVE_IN_MATH = frozenset("\n&`[]~")
_TAG_START = lazy_compile(r"<(?!\s)")
#: A ``[`` that a link rule may scan while the pending text ends in a URL
#: scheme: notelint's parser could then skip a bare URL there (linkify).
_SCHEME_BEFORE_BRACKET = lazy_compile(r"[A-Za-z0-9.+-]!?\[")


def reused_children(inline: Token, md: MarkdownIt, flavour: str) -> list[Token] | None:
    """The renderer's inline tokens for ``inline``, taken from notelint's own parse when that is exact.

    For a renderer that protects no math (``commonmark``, ``gfm``), the two
    parses of a paragraph differ only where notelint's parser recognised
    something the renderer does not know: ``$`` math, footnote references,
    bare URLs and (for ``commonmark``) strikethrough.  When there are no
    footnote references, images (whose alt text is parsed apart), bare-URL
    links or ``~``, and each formula's source holds nothing that the renderer
    acts on beyond the formula itself (no line break, entity, code, link or
    HTML, and only ``*``/``_`` that can neither open nor close emphasis), the
    renderer reads each formula as plain text with its backslash escapes
    decoded, and every other token is the same.  The formulas then become
    ``text`` tokens and no second parse is needed.

    Returns ``None`` whenever that cannot be shown; the caller parses again.
    """
    content = inline.content
    if "[^" in content or (flavour == "commonmark" and "~" in content):
        return None
    if "://" in content and _SCHEME_BEFORE_BRACKET.search(content):
        return None
    state: StateInline | None = None
    out: list[Token] = []
    for child in inline.children or ():
        rng = child.meta.get(SRCPOS) if child.meta else None
        if rng is None or child.type in ("image", "footnote_ref") or child.markup == "linkify":
            return None
        if child.type not in ("math_inline", "math_inline_double"):
            out.append(child)
            continue
        source = content[rng[0]:rng[1]]
        if not _ACTIVE_IN_MATH.isdisjoint(source) or _TAG_START.search(source):
            return None
        if "*" in source or "_" in source:
            if state is None:
                state = StateInline(content, md, {}, [])
            if _emphasis_delimiter(state, rng[0], rng[1]):
                return None
        text = Token("text", "", 0)
        text.content = _unescape(source)
        text.meta = {SRCPOS: rng}
        out.append(text)
    return out


def _emphasis_delimiter(state: StateInline, start: int, end: int) -> bool:
    """Whether ``state.src[start:end]`` has a ``*``/``_`` run that can open or close emphasis.

    Walks the source as the inline tokenizer does: a backslash and the next
    character are one escape.
    """
    src = state.src
    i = start
    while i < end:
        ch = src[i]
        if ch == "\\":
            i += 2
        elif ch in "*_":
            scanned = state.scanDelims(i, ch == "*")
            if scanned.can_open or scanned.can_close:
                return True
            i += scanned.length
        else:
            i += 1
    return False


def _unescape(source: str) -> str:
    """``source`` with markdown backslash escapes decoded, as the inline tokenizer does."""
    if "\\" not in source:
        return source
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\" and i + 1 < n:
            nxt = source[i + 1]
            out.append(nxt if nxt in COMMONMARK_ESCAPABLE else ch + nxt)
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


#: A line that would start a block of its own (or end a paragraph) in CommonMark.
