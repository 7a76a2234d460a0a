"""The one place where notelint builds its markdown-it-py parser.

The parser is CommonMark plus GFM tables, strikethrough and autolinked bare
URLs (``linkify``, via linkify-it-py: ``link_open`` with markup ``linkify``), YAML front matter
(``mdit_py_plugins.front_matter``), footnotes (``mdit_py_plugins.footnote``
with ``always_match_refs`` so that a reference to a missing definition still
becomes a ``footnote_ref`` token) and dollar math (``mdit_py_plugins.dollarmath``:
``$...$`` gives ``math_inline``, ``$$...$$`` inside a paragraph gives
``math_inline_double``, a ``$$`` block gives ``math_block``).

markdown-it only records the line range (``Token.map``) of block tokens.  To
give every inline token an exact place, the inline tokenizer is replaced by
one that stamps the tokens each rule pushes with the range of the inline
source the rule consumed, and tracks pending text from where it starts to
where it is flushed.  The result is ``token.meta["srcpos"] ==
(start, end)``: code-point offsets into the parent ``inline`` token's
``content``.  :mod:`notelint.document` maps them back to the file.

The parsed tokens are read-only: empty ``attrs``/``meta`` are one shared read-only mapping
and equal closing block tokens one object (a huge note's tree is most of its check's
memory; see :func:`instrument`).  Code that wants to annotate a token makes its own copy.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_core import StateCore, normalize
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from notelint.lazy import lazy_compile

#: Key under which an inline token's ``(start, end)`` offsets are stored in ``Token.meta``.
SRCPOS = "srcpos"

#: The ``attrs`` and ``meta`` of every parsed token that has none: one shared read-only
#: mapping instead of two empty dicts per token (a 10 MB note has over 300,000 tokens).
#: Code that wants to annotate such a token gives it a dict of its own first.
NO_ENTRIES: MappingProxyType[Any, Any] = MappingProxyType({})


class SourceRange(Mapping[str, tuple[int, int]]):
    """The ``meta`` of a parsed token whose only entry is its source range:
    ``{SRCPOS: (start, end)}``, read-only, in 48 bytes instead of a 232-byte dict and the
    56-byte pair it holds (the pair is made when it is read).

    Most inline tokens have no other meta (a 10 MB note has over 130,000 of them).  It
    compares equal to the dict it replaces; code that wants to annotate such a token gives
    it a dict of its own first (``tok.meta = {**tok.meta, ...}``).
    """

    __slots__ = ("_start", "_end")

    def __init__(self, rng: tuple[int, int]) -> None:
        self._start, self._end = rng

    def __getitem__(self, key: str) -> tuple[int, int]:
        if key == SRCPOS:
            return self._start, self._end
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        """``meta.get(key)``, as a dict's."""
        return (self._start, self._end) if key == SRCPOS else default

    def __contains__(self, key: object) -> bool:
        return key == SRCPOS

    def __iter__(self) -> Iterator[str]:
        return iter((SRCPOS,))

    def __len__(self) -> int:
        return 1

    def __repr__(self) -> str:
        return repr({SRCPOS: (self._start, self._end)})


def _stamp(tokens: list[Token], first: int, start: int, end: int) -> None:
    """Give the tokens ``tokens[first:]`` that have no range yet the range ``[start, end)``.

    A rule that pushed only single text tokens whose contents exactly fill the
    consumed range (emphasis and strikethrough delimiter runs) gets them laid
    out one after the other instead.
    """
    new = [t for t in tokens[first:] if SRCPOS not in t.meta]
    if not new:
        return
    if all(t.type == "text" for t in new) and sum(len(t.content) for t in new) == end - start:
        pos = start
        for tok in new:
            tok.meta[SRCPOS] = (pos, pos + len(tok.content))
            pos += len(tok.content)
        return
    for tok in new:
        tok.meta[SRCPOS] = (start, end)


class _TextRun:
    """Plain text tokens merged as they are made (see :class:`_TrackingParserInline`).

    ``head`` is the last token of the stream; the contents of the tokens merged into it
    are joined once, when the run ends.
    """

    __slots__ = ("head", "parts")

    def __init__(self) -> None:
        self.head: Token | None = None
        self.parts: list[str] = []

    def take(self, tokens: list[Token], first: int, flushed: Token | None) -> None:
        """Merge the tokens a rule just added (``tokens[first:]``) into the run, if they
        are all plain text: the flushed pending text and escapes or entities
        (``text_special``), never a lone ``~`` (strikethrough looks for it).  Otherwise
        end the run."""
        new = tokens[first:]
        for tok in new:
            if (tok is not flushed and tok.type != "text_special") or tok.content == "~" \
                    or SRCPOS not in tok.meta:
                self.close()
                return
        head = self.head
        if head is None or first == 0 or tokens[first - 1] is not head:
            self.close()
            head = self.head = new[0]
            self.parts = [head.content]
            new = new[1:]
        a, b = head.meta[SRCPOS]
        for tok in new:
            self.parts.append(tok.content)
            c, d = tok.meta[SRCPOS]
            a, b = min(a, c), max(b, d)
        if new:
            head.meta[SRCPOS] = (a, b)
            del tokens[first + (1 if head is tokens[first] else 0):]

    def close(self) -> None:
        """End the run: its head gets the joined content (as ``_join_text`` would give)."""
        head = self.head
        if head is not None and len(self.parts) > 1:
            head.content = "".join(self.parts)
            head.type = "text"
        self.head = None
        self.parts = []


class _TrackingParserInline(ParserInline):
    """A ``ParserInline`` whose tokenizer stamps tokens with their source range.

    The loop is markdown-it-py's own ``ParserInline.tokenize`` with the
    bookkeeping added once per successful rule (not per attempt), so the
    overhead stays small.

    With ``merge``, adjacent plain text tokens (pending text, escapes, entities) are
    merged as they are made, as :func:`_join_text` would merge them after the
    tokenizer: 50,000 backslash escapes in a paragraph are one token, not 100,000 that
    live until the paragraph ends.  Only tokens a rule has just added are merged, so the
    token indexes that emphasis and strikethrough delimiters record stay right.
    """

    def __init__(self, merge: bool = False) -> None:
        super().__init__()
        self.merge = merge

    def tokenize(self, state: StateInline) -> None:
        """Generate tokens for ``state.src[state.pos:state.posMax]``, stamped."""
        rules = self.ruler.getRules("")
        end = state.posMax
        max_nesting = state.md.options["maxNesting"]
        tokens = state.tokens
        src = state.src
        pending_start = state.pos
        run = _TextRun() if self.merge else None
        while state.pos < end:
            pos = state.pos
            ok = False
            if state.level < max_nesting:
                pending = state.pending
                had_pending = bool(pending)
                first = len(tokens)
                for rule in rules:
                    ok = rule(state, False)
                    if ok:
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
                if ok:
                    if len(tokens) > first:
                        start = pos
                        added = first
                        flushed_text = None
                        if had_pending:
                            flushed = tokens[first]
                            if flushed.type == "text" and SRCPOS not in flushed.meta:
                                # A rule may take back the end of the pending text
                                # (linkify takes the `https` before `://`).
                                start = pos - max(0, len(pending) - len(flushed.content))
                                flushed.meta[SRCPOS] = (pending_start, start)
                                flushed_text = flushed
                                first += 1
                            elif (flushed.type == "link_open" and flushed.markup == "linkify"
                                  and not state.pending):
                                # linkify took back all of the pending text (a URL that
                                # starts the inline content: `- https://...`, `[^9]: https://...`)
                                start = pos - len(pending)
                        _stamp(tokens, first, start, state.pos)
                        if run is not None:
                            run.take(tokens, added, flushed_text)
                    if not had_pending and state.pending:
                        pending_start = pos  # the text rule started a run of plain text
                    if state.pos >= end:
                        break
                    continue
            if not state.pending:
                pending_start = pos
            state.append_pending(src[pos])
            state.pos += 1
        if state.pending:
            state.pushPending()
            tokens[-1].meta[SRCPOS] = (pending_start, end)
            if run is not None:
                run.take(tokens, len(tokens) - 1, tokens[-1])
        if run is not None:
            run.close()


def _settle_delimiters(tokens: list[Token]) -> list[Token]:
    """Fold the emptied delimiter tokens of ``**``/``__`` into their open/close tokens.

    markdown-it's emphasis post-processing turns one delimiter of a strong
    pair into ``strong_open`` and empties the other (a ``text`` token with no
    content); give the open/close token both characters' range and drop the
    empty one.  A ``link_close`` gets the range from the end of the label to
    the end of the link (``](url)``).
    """
    out: list[Token] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        rng = tok.meta.get(SRCPOS) if tok.meta else None
        if tok.type == "text" and tok.content == "" and rng is not None:
            nxt = tokens[i + 1] if i + 1 < n else None
            prev = out[-1] if out else None
            if nxt is not None and nxt.nesting == 1 and SRCPOS in nxt.meta:
                a = nxt.meta[SRCPOS]
                nxt.meta[SRCPOS] = (min(rng[0], a[0]), max(rng[1], a[1]))
                continue
            if prev is not None and prev.nesting == -1 and SRCPOS in prev.meta:
                a = prev.meta[SRCPOS]
                prev.meta[SRCPOS] = (min(rng[0], a[0]), max(rng[1], a[1]))
                continue
        if (tok.type == "text" and rng is not None and out and out[-1].type == "link_open"
                and out[-1].markup == "autolink" and rng[1] - rng[0] >= 2):
            tok.meta[SRCPOS] = (rng[0] + 1, rng[1] - 1)
        if tok.type == "link_close" and rng is not None and out:
            prev = out[-1]
            prng = prev.meta.get(SRCPOS) if prev.meta else None
            if prng is not None:
                inner = prng[0] + 1 if prev.type == "link_open" else prng[1]
                tok.meta[SRCPOS] = (inner, rng[1])
        out.append(tok)
    return out


def _join_text(state: StateInline) -> None:
    """Merge adjacent text tokens, keeping the merged source range.

    Runs before markdown-it's own ``fragments_join`` (which would keep the
    range of only one fragment); ``text_special`` tokens (backslash escapes and
    entities) become ``text`` here, so core ``text_join`` finds nothing left to
    merge either.  Escapes can still be recognised: a text token's source range
    is longer than its content.
    """
    out: list[Token] = []
    parts: list[str] = []  # contents of the text run ending out[-1], joined once
    for tok in _settle_delimiters(state.tokens):
        if tok.type == "text_special":
            tok.type = "text"
        if tok.type == "text" and out and out[-1].type == "text":
            prev = out[-1]
            if not parts:
                parts.append(prev.content)
            parts.append(tok.content)
            a = prev.meta.get(SRCPOS)
            b = tok.meta.get(SRCPOS)
            if a and b:
                prev.meta[SRCPOS] = (min(a[0], b[0]), max(a[1], b[1]))
            continue
        if parts:
            out[-1].content = "".join(parts)
            parts = []
        out.append(tok)
    if parts:
        out[-1].content = "".join(parts)
    state.tokens[:] = out


def _place_core_links(state: StateCore) -> None:
    """Give positions to the tokens that core ``linkify`` split out of a text token.

    Core linkify (``www.example.org`` and other URLs without a scheme) runs
    after inline parsing and replaces a stamped text token by text and link
    tokens without positions; they are laid out one after the other from the
    end of the previous stamped token, by content length.
    """
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        cursor = 0
        children = block.children
        for i, tok in enumerate(children):
            rng = tok.meta.get(SRCPOS) if tok.meta else None
            if rng is not None:
                cursor = _inner_start(tok, rng)
                continue
            if tok.meta is NO_ENTRIES:
                tok.meta = {}
            if tok.type == "text":
                tok.meta[SRCPOS] = (cursor, cursor + len(tok.content))
                cursor += len(tok.content)
            elif tok.type == "link_open":
                text = children[i + 1].content if i + 1 < len(children) else ""
                tok.meta[SRCPOS] = (cursor, cursor + len(text))
            elif tok.type == "link_close":
                tok.meta[SRCPOS] = (cursor, cursor)


def _inner_start(tok: Token, rng: tuple[int, int]) -> int:
    """Where the source after ``tok`` (or inside it, for an opening token) begins."""
    if tok.nesting != 1:
        return rng[1]
    if tok.type == "link_open" and tok.markup != "linkify":
        return rng[0] + 1  # after `[` or `<`
    if tok.type == "link_open":
        return rng[0]
    return rng[1]  # after an emphasis or strikethrough delimiter


def _share_empty(tokens: list[Token]) -> None:
    """Give every token of ``tokens`` (and their children) with no attributes or no meta
    :data:`NO_ENTRIES` in place of its own empty dicts.

    An empty dict costs 64 bytes and most tokens have two: about a third of a parsed
    note's token memory.  The shared mapping is read-only, so a later write fails
    loudly instead of changing every token at once.  A meta holding only the source range
    becomes a :class:`SourceRange` (read-only too).
    """
    stack = [tokens]
    while stack:
        for tok in stack.pop():
            if not tok.attrs:
                tok.attrs = NO_ENTRIES  # type: ignore[assignment]
            meta = tok.meta
            if not meta:
                tok.meta = NO_ENTRIES  # type: ignore[assignment]
            elif len(meta) == 1 and type(meta) is dict and SRCPOS in meta:
                tok.meta = SourceRange(meta[SRCPOS])  # type: ignore[assignment]
            if tok.children:
                stack.append(tok.children)


def _inline_sharing(state: StateCore) -> None:
    """markdown-it's core ``inline`` rule, sharing empty ``attrs``/``meta`` as it goes.

    Each block token, and each inline token's children as soon as they are parsed, so the
    empty dicts are freed while parsing goes on and their memory serves the next tokens
    (sharing them only at the end would leave the peak as high as before).  Equal closing
    block tokens become one object here too (see :func:`_share_closing`): the block
    parser has set all they hold, and the memory of the others serves the inline tokens.
    """
    md, env = state.md, state.env
    tokens = state.tokens
    closing: dict[tuple[Any, ...], Token] = {}
    for i, token in enumerate(tokens):
        if token.type == "inline":
            if token.children is None:
                token.children = []
            md.inline.parse(token.content, md, env, token.children)
            _share_empty(token.children)
        if not token.attrs:
            token.attrs = NO_ENTRIES  # type: ignore[assignment]
        if not token.meta:
            token.meta = NO_ENTRIES  # type: ignore[assignment]
        key = _closing_key(token)
        if key is not None:
            tokens[i] = closing.setdefault(key, token)


def _closing_key(tok: Token) -> tuple[Any, ...] | None:
    """What a closing block token holds (``None`` for another token or one with more)."""
    if (tok.nesting == -1 and tok.map is None and tok.children is None and not tok.content
            and tok.attrs is NO_ENTRIES and tok.meta is NO_ENTRIES):
        return (tok.type, tok.tag, tok.level, tok.markup, tok.info, tok.block, tok.hidden)
    return None


def _share_closing(tokens: list[Token]) -> None:
    """Make the closing block tokens of ``tokens`` that are equal in every field one object.

    A closing block token (``paragraph_close``, ``list_item_close``...) has no line
    map, no children, no content and, once :func:`_share_empty` ran, no attributes or
    meta of its own: the ones of a type, tag, level, markup and visibility are the same
    in all they hold.  A 10 MB note has about 80,000 of them, 144 bytes each; after
    this a few dozen remain, each in the list as many times as it was.  Tokens are
    read-only once parsed (a rule never changes the tree), so nothing can tell.
    """
    shared: dict[tuple[Any, ...], Token] = {}
    for i, tok in enumerate(tokens):
        key = _closing_key(tok)
        if key is not None:
            tokens[i] = shared.setdefault(key, tok)


def _compact_tokens(state: StateCore) -> None:
    """The last core rule: share the empty ``attrs``/``meta`` of tokens made after inline,
    and the closing block tokens that are equal (:func:`_share_closing`)."""
    _share_empty(state.tokens)
    _share_closing(state.tokens)


def _normalize_without_copy(state: StateCore) -> None:
    """markdown-it's ``normalize`` core rule (``\\r\\n`` and ``\\r`` to ``\\n``, NUL to
    U+FFFD), run only on a source that has a ``\\r`` or a NUL.

    markdown-it's rule rewrites every ``\\n`` as ``\\n``: the source is always copied
    (made from a list of its pieces) and both copies live through the whole parse: 26 MB
    more for the realistic 10 MB note of ``benchmarks/bench_hostile.py``, whose few emoji
    make it 4 bytes a character.  Without a ``\\r`` or a NUL the copy is equal to the
    source, so the source is kept as it is.
    """
    src = state.src
    if "\r" in src or "\0" in src:
        normalize(state)


def instrument(md: MarkdownIt, *, compact: bool = False) -> None:
    """Install source-range tracking on ``md``'s inline parser (in place).

    With ``compact``, the tokens' empty ``attrs`` and ``meta`` are shared as they are
    made (:data:`NO_ENTRIES`), equal closing block tokens are one object
    (:func:`_share_closing`), and a source that needs no normalising is not copied
    (:func:`_normalize_without_copy`).
    """
    tracking = _TrackingParserInline(merge=compact)
    tracking.ruler = md.inline.ruler
    tracking.ruler2 = md.inline.ruler2
    tracking.ruler2.before("fragments_join", "notelint_join_text", _join_text)
    md.inline = tracking
    if "linkify" in [r.name for r in md.core.ruler.__rules__]:
        md.core.ruler.after("linkify", "notelint_place_links", _place_core_links)
    if compact:
        md.core.ruler.at("normalize", _normalize_without_copy)
        md.core.ruler.at("inline", _inline_sharing)
        md.core.ruler.push("notelint_compact_tokens", _compact_tokens)


def _class_members(source: str) -> Callable[[str], bool] | None:
    """Membership of one character in ``source``, a union of bracket classes
    (``[...]|[...]``) written as linkify-it writes its Unicode classes (``src_ZPCc``).

    The classes are read into code-point ranges instead of being compiled: a class with
    thousands of members costs a regular-expression compile about half a millisecond.

    Args:
        source: the classes; members are characters, ``\\``-escaped punctuation and
            ``a-b`` ranges.

    Returns:
        ``char -> bool`` (``char`` one character), or ``None`` when ``source`` is written
        otherwise (a negated class, an escape such as ``\\d`` or ``\\u00a0``): compile it
        then.
    """
    ranges: list[tuple[int, int]] = []
    i, n = 0, len(source)

    def member(at: int) -> tuple[int, int] | None:
        # (code point, next index) of the class member at `at`.
        if at >= n or source[at] in "[]":
            return None
        if source[at] != "\\":
            return ord(source[at]), at + 1
        if at + 1 >= n or (source[at + 1].isascii() and source[at + 1].isalnum()):
            return None
        return ord(source[at + 1]), at + 2

    while True:
        if not source.startswith("[", i) or source.startswith("[^", i) or source.startswith("[]", i):
            return None
        i += 1
        while i < n and source[i] != "]":
            lo = member(i)
            if lo is None:
                return None
            low, i = lo
            high = low
            if source.startswith("-", i) and not source.startswith("-]", i):
                hi = member(i + 1)
                if hi is None or hi[0] < low:
                    return None
                high, i = hi
            ranges.append((low, high))
        if i >= n:
            return None
        i += 1
        if i == n:
            break
        if source[i] != "|":
            return None
        i += 1
    ranges.sort()
    starts: list[int] = []
    ends: list[int] = []
    for low, high in ranges:
        if ends and low <= ends[-1] + 1:
            ends[-1] = max(ends[-1], high)
        else:
            starts.append(low)
            ends.append(high)
    ascii_members = frozenset(chr(c) for low, high in zip(starts, ends, strict=True)
                              for c in range(low, min(high, 127) + 1))
    bisect_right = bisect.bisect_right

    def contains(char: str) -> bool:
        if char < "\x80":
            return char in ascii_members
        k = bisect_right(starts, ord(char)) - 1
        return k >= 0 and ord(char) <= ends[k]

    return contains


#: linkify-it's alternative for punycode top-level domains (``src_xn``).
_PUNYCODE_TLD = "xn--[a-z0-9\\-]{1,59}"


def _tld_table(tlds: str) -> tuple[frozenset[str], int, bool] | None:
    """linkify-it's top-level-domain alternation (``src_tlds``) as a table.

    Args:
        tlds: ``|``-separated alternatives, each a lowercase word (``com``, ``рф``), a
            letter and a class of letters (``a[cdefg]``: ``ac``, ``ad``...) or linkify-it's
            punycode alternative ``xn--[a-z0-9\\-]{1,59}``.

    Returns:
        ``(words, longest, punycode)``: the domains written out, the longest length a
        domain can have (63 with the punycode alternative), and whether it is there; or
        ``None`` when an alternative is written otherwise, or a non-ASCII word has a
        character that is not cased or that compares equal, ignoring case, to an ASCII
        one (the table's users rely on neither).
    """
    words: set[str] = set()
    punycode = False
    for alt in tlds.split("|"):
        if alt == _PUNYCODE_TLD:
            punycode = True
        elif alt.isalpha() and alt.islower():
            if not alt.isascii() and any(
                    c.lower() == c.upper() or any(x.isascii() for x in c.lower() + c.upper())
                    for c in alt):
                return None
            words.add(alt)
        elif (len(alt) > 3 and alt[1] == "[" and alt[-1] == "]"
              and (letters := alt[0] + alt[2:-1]).isascii() and letters.isalpha()
              and letters.islower()):
            words.update(alt[0] + c for c in alt[2:-1])
        else:
            return None
    if not words:
        return None
    longest = max(63 if punycode else 0, *map(len, words))
    return frozenset(words), longest, punycode


def fast_pretest(linkify: Any) -> Callable[[str], bool] | None:
    """linkify-it's ``pretest`` (may ``text`` hold a link?) with the same answers, faster.

    linkify-it searches one case-insensitive pattern, ``(schema_test)|(host_fuzzy_test)|@``,
    whose first branch (a known schema such as ``https:`` or ``//`` at the start of the
    text or after a space or punctuation other than ``_``) is tried at every position:
    more than a quarter of markdown-it's whole parse time on notes with many paragraphs.
    Here the schema names are searched first (a literal scan) and only the character
    before each is tested.

    The host branch is also tighter than linkify-it's: its ``\\.\\d{1,3}\\.`` alternative
    (an IPv4-like run, which a date heading such as ``2024.03.08 ...`` has) lets text through
    to ``test``, which compiles linkify-it's large patterns (every top-level domain) only to
    find no link, because markdown-it-py turns ``fuzzy_ip`` off.  With ``fuzzy_ip`` off a
    schemaless link needs ``localhost``, ``www.`` or a dot followed by a top-level domain,
    and every top-level domain begins with a letter; so the host branch answers ``True``
    only when the text also has one of ``localhost``, ``www.`` or a dot before a letter.
    Without ``fuzzy_ip`` it is tighter still: ``test`` looks for a schemaless link only
    after its host test matched, and such a link (``link_no_ip_fuzzy``, whose pattern takes
    about 10 ms to compile) needs a dot, a top-level domain and the end of a host after
    it, so the host branch looks for exactly that (a version number such as ``3.9.7``
    passes linkify-it's host test, never this one): in linkify-it's terms, the pattern
    ``\\.(?:src_tlds)(?:src_ZPCc|>|$)`` matches, or ``\\.(?:src_tlds)[<｜]`` and its host
    test do.
    The answers differ from linkify-it's pretest only where its ``test`` is ``False``: the
    links found are the same.

    Nothing here compiles a pattern with linkify-it's large alternations or classes
    (2 to 5 ms for a one-note check): the top-level domains are a table looked up at each
    dot before a letter (:func:`_tld_table`; a candidate with a non-ASCII letter that may
    compare equal to a domain's letter ignoring case, as ``рф`` or ``ſ`` for ``s`` do, is
    matched with linkify-it's pattern, compiled then), and the punctuation, space and
    control class ``src_ZPCc`` that ends a host or comes before a schema is a table of
    code-point ranges (:func:`_class_members`; it has no cased character, so ignoring
    case changes nothing).

    markdown-it calls ``pretest`` once per paragraph, then ``test`` on each text token of a
    paragraph that passed; :func:`build_parser` has ``test`` ask this pretest first, so a
    text token that cannot hold a link (most of a paragraph with one URL in it) costs no
    search with linkify-it's large patterns.

    Args:
        linkify: a compiled ``linkify_it.LinkifyIt`` (markdown-it's ``md.linkify``).

    Returns:
        ``text -> bool``, or ``None`` when linkify-it's patterns are not of the shape
        this relies on (another version of linkify-it-py): keep its own ``pretest`` then.
    """
    patterns = getattr(linkify, "re", None)
    if not isinstance(patterns, dict):
        return None
    schema, zpcc, host = (patterns.get(k) for k in ("schema_test", "src_ZPCc",
                                                       "host_fuzzy_test"))
    if not all(isinstance(x, str) for x in (schema, zpcc, host)):
        return None
    lead = "(^|(?!_)(?:[><\uff5c]|" + zpcc + "))("
    if (patterns.get("pretest") != "(" + schema + ")|(" + host + ")|@"
            or not schema.startswith(lead) or not schema.endswith(")")):
        return None
    names = re.compile(schema[len(lead):-1], re.IGNORECASE)
    # Without fuzzy_ip, a host needs one of these (the IP alternative finds no link).
    tlds = patterns.get("src_tlds")
    ip = "\\.\\d{1,3}\\."
    if (not isinstance(tlds, str) or any(not t[:1].isalpha() for t in tlds.split("|"))
            or host != "localhost|www\\.|" + ip + "|(?:\\.(?:" + tlds + ")(?:" + zpcc + "|>|$))"):
        return None
    in_zpcc = _class_members(zpcc)
    table = _tld_table(tlds)
    if in_zpcc is None or table is None:
        return None
    words, longest, punycode = table
    options = getattr(linkify, "_opts", None)
    fuzzy_ip = not isinstance(options, dict) or bool(options.get("fuzzy_ip", True))
    if fuzzy_ip:
        # linkify-it's own host test, compiled on first need (most notes need it rarely).
        host_test = lazy_compile(host, re.IGNORECASE)
        hint_search = re.compile("localhost|www\\.|\\.[^\\W\\d_]|" + ip, re.IGNORECASE).search

        def host_search(text: str) -> bool:
            return bool(hint_search(text) and host_test.search(text))
    else:
        # linkify-it's schemaless link without an IP host, ``(domain\.)+TLD``, ends its host
        # with a port (``:`` is punctuation) or a terminator (the end, ``[><｜]`` or one of
        # ``src_ZPCc``): a dot, a top-level domain, then one of those must be in the text,
        # besides linkify-it's host test (whose last branch is ``near``).
        # A dot before a letter, and the run of ASCII letters, digits and `-` after it (one
        # character longer than the longest domain).
        dots = re.compile(f"\\.(?=[^\\W\\d_])([0-9A-Za-z-]{{0,{longest + 1}}})").search
        tld = "\\.(?:" + tlds + ")"
        near = lazy_compile(tld + "(?:" + zpcc + "|>|$)", re.IGNORECASE)
        glued = lazy_compile(tld + "[<\uff5c]", re.IGNORECASE)
        other_hosts = lazy_compile("localhost|www\\.|" + ip, re.IGNORECASE)

        def is_domain(name: str) -> bool:
            # `name`: lowercase ASCII.
            return name in words or (punycode and 4 < len(name) <= 63 and name[:4] == "xn--")

        def host_search(text: str) -> bool:
            some_glued = False
            size = len(text)
            m = dots(text)
            while m is not None:
                run, stop = m[1], m.end()
                if len(run) <= longest and stop < size:
                    char = text[stop]
                    if char >= "\x80" and (char.lower() != char or char.upper() != char):
                        # A non-ASCII letter with case may belong to a domain (`рф`, or `ſ`
                        # for `s`): linkify-it's own patterns decide.
                        if near.match(text, m.start()):
                            return True
                        some_glued = some_glued or bool(glued.match(text, m.start()))
                        m = dots(text, stop)
                        continue
                if len(run) <= longest and is_domain(run.lower()):
                    # A domain up to the end of the run: what follows decides.
                    if stop == size or text[stop] == ">" or in_zpcc(text[stop]):
                        return True
                    some_glued = some_glued or text[stop] in "<\uff5c"
                if "-" in run:
                    # A domain up to a `-` (punctuation: the end of a host).
                    lower = run.lower()
                    at = lower.find("-", 1)
                    while 0 < at <= longest:
                        if is_domain(lower[:at]):
                            return True
                        at = lower.find("-", at + 1)
                m = dots(text, stop)
            return some_glued and bool(other_hosts.search(text))

    def before(char: str) -> bool:
        # linkify-it's `(?!_)(?:[><｜]|src_ZPCc)`: what may stand before a schema.
        return char != "_" and (char in "><\uff5c" or in_zpcc(char))

    def pretest(text: str) -> bool:
        if "@" in text or host_search(text):
            return True
        pos = 0
        while (m := names.search(text, pos)) is not None:
            at = m.start()
            if at == 0 or before(text[at - 1]):
                return True
            pos = at + 1
        return False

    return pretest


def build_parser(*, track_positions: bool = True, compact: bool = True) -> MarkdownIt:
    """Return notelint's markdown-it-py parser.

    Args:
        track_positions: stamp inline tokens with ``meta["srcpos"]`` (see the
            module docstring).  Turn off only for a parser used to render.
        compact: with ``track_positions``, tokens without attributes or meta share one
            read-only empty mapping (:data:`NO_ENTRIES`) instead of two empty dicts each,
            equal closing block tokens are one object, and the source is not copied
            when it needs no normalising (see :func:`instrument`).  The tokens read
            the same either way; they are read-only.

    Returns:
        A configured ``MarkdownIt`` instance.  It is not thread-safe to share
        between threads while parsing; build one per thread.
    """
    md = (
        MarkdownIt("commonmark", {"html": True, "linkify": True})
        .enable(["table", "strikethrough", "linkify"])
        .use(front_matter_plugin)
        .use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
        .use(
            dollarmath_plugin,
            allow_labels=False,
            allow_space=True,
            allow_digits=False,
            double_inline=True,
        )
    )
    pretest = fast_pretest(md.linkify)
    if pretest is not None:
        md.linkify.pretest = pretest
        full_test = md.linkify.test
        # linkify-it's test finds a link only where the pretest is true (see fast_pretest).
        md.linkify.test = lambda text: pretest(text) and full_test(text)
    if track_positions:
        instrument(md, compact=compact)
    return md


@functools.lru_cache(maxsize=1)
def shared_parser() -> MarkdownIt:
    """A process-wide tracked parser (built once)."""
    return build_parser()


def parse(text: str, env: dict[str, Any] | None = None) -> tuple[list[Token], dict[str, Any]]:
    """Parse normalised markdown ``text`` into block tokens (inline children attached).

    Returns:
        ``(tokens, env)``; ``env`` holds markdown-it's ``references`` and
        ``footnotes`` tables.
    """
    env = {} if env is None else env
    tokens = shared_parser().parse(text, env)
    return tokens, env
