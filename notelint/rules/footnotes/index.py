"""The footnote index of a document: built once, shared by every FN rule.

What markdown-it recognises comes from its tokens (footnote syntax per
markdown-it-footnote, as ported by ``mdit_py_plugins.footnote``):

* a *definition* is a ``footnote_reference_open`` block token (``[^label]:``
  at the start of a line);
* a *reference* is a ``footnote_ref`` inline token (``[^label]``); the parser
  runs with ``always_match_refs``, so references to missing definitions are
  tokens too.

What markdown does *not* recognise but the author clearly meant as a
footnote is found by scanning the source, only where it is prose (never in
code spans, fences, math, HTML or front matter; see
:meth:`notelint.document.Document.is_prose`):

* malformed definitions at the start of a line, with a colon:
  ``[^ 7]:``, ``[^7 ]:``, ``[^7] :``, full-width ``［^7］：`` / ``[＾7]:``;
* a definition missing its colon: a reference token at the start of a line,
  followed by text, that begins a paragraph or follows another definition
  line, and whose label has no definition (neither a recognised one, nor a
  malformed one, nor an earlier line missing its colon: then it is a
  reference to that definition); a malformed reference marker there
  (``[^7 ] text``) counts as the reference its fix makes, when a line
  missing its colon means to define its label;
* malformed references anywhere in prose (``[^ 7]``, ``［^7］``), but only
  when their label is defined somewhere (properly or not) -- otherwise
  ``[^ ]``-like text is far more often a regular expression than a footnote.

The index then pairs what belongs together, so that one defect gives one
diagnostic: a dangling reference with the malformed definition it was meant
for (reported by FN001, skipped by FN004), and a malformed reference with
the definition it was meant for (reported by FN004, skipped by FN002).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from markdown_it.token import Token

from notelint.diagnostics import Edit, Fix
from notelint.document import Document
from notelint.lazy import lazy_compile

_OPEN = "[\\[\uff3b]"  # [ or full-width ［
_CARET = "[\\^\uff3e]"  # ^ or full-width ＾
_CLOSE = "[\\]\uff3d]"  # ] or full-width ］
_COLON = "[:\uff1a]"  # : or full-width ：
#: A run of blanks: spaces, tabs and the ideographic space an IME types.  Not written as the
#: class ``[ \t\u3000]*``, which costs about 0.25 ms to compile (a class with a character
#: beyond U+00FF in more than two runs is compiled into a table of the whole Basic
#: Multilingual Plane); what follows a run is never a blank, so the groups hold the same text.
_BLANKS = "[ \t]*(?:\u3000[ \t]*)*"
_LABEL = "[^\\s\\[\\]\uff3b\uff3d\\^\uff3e:\uff1a()]+"
#: Container prefix allowed before a definition: blockquote markers, one list marker.
_PREFIX = r"(?:[ \t]*>)*[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?"

_MARK = (rf"(?P<open>{_OPEN})(?P<caret>{_CARET})(?P<lead>{_BLANKS})(?P<label>{_LABEL})"
         rf"(?P<trail>{_BLANKS})(?P<close>{_CLOSE})")
_DEFINITION_RE = lazy_compile(rf"^{_PREFIX}(?P<marker>{_MARK}(?P<gap>{_BLANKS})(?P<colon>{_COLON}))",
                            re.MULTILINE)
_REFERENCE_RE = lazy_compile(_MARK)
_PREFIX_RE = lazy_compile(rf"{_PREFIX}\Z")
_DEFINITION_LIKE_RE = lazy_compile(rf"^{_PREFIX}{_OPEN}{_CARET}")
#: Labels that read as regular-expression character classes (``[^0-9]``, ``[^\s]``, ``[^,.]``).
_REGEX_CLASS_RE = lazy_compile(r"(?:\\.|\w-\w|[^\w\s])+")
_LINKED_REFERENCE_RE = lazy_compile(r"\[\^([^\s\[\]]+)\]")
_FULL_WIDTH = "\uff3b\uff3d\uff3e\uff1a\u3000"
#: How a marker starts (``_OPEN`` then ``_CARET``).
_MARKER_STARTS = ("[^", "[\uff3e", "\uff3b^", "\uff3b\uff3e")


def looks_like_regex_class(label: str) -> bool:
    """Whether ``[^label]`` reads as a negated regex class rather than a footnote.

    True for labels made only of ranges, escapes and punctuation (``0-9``,
    ``a-zA-Z``, ``\\s``, ``,.``) or without any letter or digit.
    """
    if not any(ch.isalnum() for ch in label):
        return True
    return _REGEX_CLASS_RE.fullmatch(label) is not None


class Definition(NamedTuple):
    """A footnote definition markdown-it recognised.

    Attributes:
        label: the label, as markdown-it keys it (case-sensitive).
        start, end: offsets of the ``[^label]:`` marker.
        line: 1-based line of the marker.
    """

    label: str
    start: int
    end: int
    line: int


class Reference(NamedTuple):
    """A ``footnote_ref`` token.

    Attributes:
        label: the label referred to.
        start, end: offsets of ``[^label]``; ``start == end == -1`` when the
            place is unknown (a reference inside image alt text that could
            not be located).
    """

    label: str
    start: int
    end: int

    @property
    def located(self) -> bool:
        """Whether the reference has a known place in the source."""
        return self.start >= 0


class Malformed(NamedTuple):
    """Source text meant as a footnote marker that markdown does not recognise.

    Attributes:
        kind: ``"definition"`` or ``"reference"``.
        label: the label meant, blanks stripped.
        start, end: offsets of the offending text (e.g. ``[^ 7]:``).
        source: that text.
        canonical: what it should read (``[^7]:`` or ``[^7]``).
        problems: what is wrong, in order: ``"full-width"``, ``"space"``,
            ``"space-before-colon"``, ``"missing-colon"``.
        line: 1-based line of ``start``.
        fixable: ``False`` when rewriting it would change another construct (the
            text of a setext heading, ``[^7] : x`` above ``===``, would become a
            footnote definition holding that heading; the definition would take in
            the block after it), or would not make a definition (a lazy
            continuation line of a paragraph in a block quote).
        blank: for a definition, the length of the blanks after ``source``
            that the fix replaces by one space (``0``: none).  Four columns of
            blanks after the colon make the text of a definition in a list item
            an indented code block (markdown-it-footnote), so a fix that makes
            the marker valid must not leave them.
    """

    kind: str
    label: str
    start: int
    end: int
    source: str
    canonical: str
    problems: tuple[str, ...]
    line: int
    fixable: bool = True
    blank: int = 0

    def fix(self) -> Fix | None:
        """The safe fix that rewrites ``source`` as ``canonical`` (``None`` when not :attr:`fixable`).

        The :attr:`blank` after a definition's marker becomes one space.
        """
        if not self.fixable:
            return None
        end, space = self.end + self.blank, " " if self.blank else ""
        if self.problems == ("missing-colon",):
            return Fix(f"Add `:` after `{self.source}`", (Edit(self.end, end, ":" + space),))
        return Fix(f"Rewrite `{self.source}` as `{self.canonical}`",
                   (Edit(self.start, end, self.canonical + space),))

    def advice(self) -> str:
        """A short instruction that turns ``source`` into ``canonical``."""
        parts: list[str] = []
        for problem in self.problems:
            if problem == "full-width":
                wide = dict.fromkeys(ch for ch in self.source if ch in _FULL_WIDTH)
                shown = ", ".join(f"`{ch}`" for ch in wide if ch != "\u3000")
                parts.append(f"use ASCII characters instead of full-width {shown}")
            elif problem == "space":
                close = max(self.source.rfind("]"), self.source.rfind("\uff3d"))
                blanks = sum(1 for ch in self.source[:close] if ch in " \t\u3000")
                parts.append("remove the space" if blanks == 1 else "remove the spaces")
            elif problem == "space-before-colon":
                parts.append("remove the space before the colon")
            elif problem == "missing-colon":
                parts.append("add `:` after `]`")
        # "remove the space" and "remove the space before the colon" say the same twice.
        if "space" in self.problems and "space-before-colon" in self.problems:
            parts = [p for p in parts if p != "remove the space before the colon"]
            parts = ["remove the spaces" if p.startswith("remove the space") else p for p in parts]
        return "; ".join(parts)


class FootnoteIndex:
    """Everything the FN rules need about one document's footnotes.

    Attributes:
        definitions: recognised definitions, in source order.
        references: recognised references (not those that are really a
            definition missing its colon), in source order.
        malformed: malformed definitions and references, in source order.
        defined: label -> first recognised definition.
        paired_definition: dangling reference -> the malformed definition
            that is meant to define it (reported once, by FN001).
        paired_reference: malformed reference -> the recognised definition it
            is meant to use (reported by FN004; FN002 treats it as a use).
        malformed_uses: labels referred to (``[^2]``) in the text of a malformed
            definition that markdown takes for a link reference definition
            (``[^ 1]: [^2]``), where it is no reference (FN002 treats it as a use).
    """

    __slots__ = ("defined", "definitions", "malformed", "malformed_uses", "paired_definition",
                 "paired_reference", "references")

    def __init__(self, definitions: list[Definition] | None = None,
                 references: list[Reference] | None = None,
                 malformed: list[Malformed] | None = None,
                 defined: dict[str, Definition] | None = None,
                 paired_definition: dict[Reference, Malformed] | None = None,
                 paired_reference: dict[Malformed, Definition] | None = None,
                 malformed_uses: set[str] | None = None) -> None:
        self.definitions: list[Definition] = [] if definitions is None else definitions
        self.references: list[Reference] = [] if references is None else references
        self.malformed: list[Malformed] = [] if malformed is None else malformed
        self.defined: dict[str, Definition] = {} if defined is None else defined
        self.paired_definition: dict[Reference, Malformed] = (
            {} if paired_definition is None else paired_definition)
        self.paired_reference: dict[Malformed, Definition] = (
            {} if paired_reference is None else paired_reference)
        self.malformed_uses: set[str] = set() if malformed_uses is None else malformed_uses

    @property
    def paired_malformed(self) -> set[Malformed]:
        """Malformed definitions that FN001 reports together with their reference."""
        return set(self.paired_definition.values())

    def used_labels(self, *, include_malformed: bool = True) -> set[str]:
        """Labels referred to by a recognised reference (or, optionally, a malformed one)."""
        used = {r.label for r in self.references}
        if include_malformed:
            used.update(d.label for d in self.paired_reference.values())
            used.update(self.malformed_uses)
        return used


def footnote_index(doc: Document) -> FootnoteIndex:
    """The document's footnote index, built on first use and shared through ``doc.memo``."""
    return doc.memo(build_index)


# -- building ------------------------------------------------------------------


class _Prose:
    """Answers "is ``[start, end)`` entirely prose?" with one bisect."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.starts = [r.start for r in doc.regions]

    def __call__(self, start: int, end: int) -> bool:
        if not self.doc.is_prose(start):
            return False
        i = bisect.bisect_left(self.starts, start)
        return not (i < len(self.starts) and self.starts[i] < end)


class _Spans:
    """Disjoint offset ranges, with a logarithmic overlap test."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))

    def overlaps(self, start: int, end: int) -> bool:
        # With disjoint spans, only the last one starting before `end` can overlap.
        i = bisect.bisect_left(self.spans, (end, -1)) - 1
        return i >= 0 and self.spans[i][1] > start


def _definitions(doc: Document) -> Iterator[Definition]:
    for tok in doc.tokens:
        if tok.type != "footnote_reference_open" or not tok.map:
            continue
        label = tok.meta["label"]
        line = tok.map[0] + 1
        text = doc.line_text(line)
        col = text.find(f"[^{label}]:")
        if col == -1:  # pragma: no cover - markdown-it matched this very text
            col = len(text) - len(text.lstrip())
        start = doc.line_starts[line - 1] + col
        yield Definition(label, start, start + len(label) + 4, line)


def _footnote_refs(doc: Document, parent: Token, children: list[Token],
                   alt_start: int | None = None) -> Iterator[Reference]:
    """References among ``children`` of ``parent``.

    For the children of an image (its alt text, which markdown-it parses on
    its own), ``alt_start`` is the source offset of the alt text, or ``-1``
    when unknown.
    """
    for child in children:
        if child.type == "footnote_ref":
            label = child.meta["label"]
            want = f"[^{label}]"
            start = -1
            if alt_start is None:
                sp = doc.inline_span(parent, child)
                start = sp.start_offset if sp is not None else -1
            elif alt_start >= 0 and child.meta.get("srcpos"):
                start = alt_start + child.meta["srcpos"][0]
            if start >= 0 and doc.text[start:start + len(want)] == want:
                yield Reference(label, start, start + len(want))
            else:
                yield Reference(label, -1, -1)
        elif child.type == "link_open" and alt_start is None:
            # `[^7]` becomes a shortcut link when a link reference definition
            # such as `[^7 ]: url` exists: still a footnote reference in intent.
            sp = doc.inline_span(parent, child)
            if sp is not None:
                m = _LINKED_REFERENCE_RE.fullmatch(doc.text, sp.start_offset, sp.end_offset)
                if m is not None:
                    yield Reference(m.group(1), sp.start_offset, sp.end_offset)
        elif child.type == "image" and child.children:
            sp = doc.inline_span(parent, child) if alt_start is None else None
            yield from _footnote_refs(doc, parent, child.children,
                                      sp.start_offset + 2 if sp is not None else -1)


def _references(doc: Document) -> Iterator[tuple[Reference, Token]]:
    for tok in doc.tokens:
        if tok.type == "inline" and tok.children:
            for ref in _footnote_refs(doc, tok, tok.children):
                yield ref, tok


def _malformed_from_match(doc: Document, m: re.Match[str], kind: str) -> Malformed | None:
    open_, caret, close = m.group("open"), m.group("caret"), m.group("close")
    lead, trail = m.group("lead"), m.group("trail")
    gap = m.group("gap") if kind == "definition" else ""
    colon = m.group("colon") if kind == "definition" else ":"
    problems: list[str] = []
    if any(ch in _FULL_WIDTH for ch in open_ + caret + close + colon):
        problems.append("full-width")
    if lead or trail:
        problems.append("space")
    if gap:
        problems.append("space-before-colon")
    if not problems:
        return None
    group = "marker" if kind == "definition" else 0
    start, end = m.start(group), m.end(group)
    label = m.group("label")
    canonical = f"[^{label}]:" if kind == "definition" else f"[^{label}]"
    return Malformed(kind, label, start, end, doc.text[start:end], canonical, tuple(problems),
                     doc.position(start).line,
                     blank=_wide_blank(doc.text, end) if kind == "definition" else 0)


_BLANK_RE = lazy_compile(r"[ \t]*")


def _wide_blank(text: str, end: int) -> int:
    """Length of the blanks at ``end`` when they hold a tab or four spaces before more text.

    Returns ``0`` for narrower blanks and for blanks that end the line.
    """
    m = _BLANK_RE.match(text, end)
    assert m is not None
    blank = m.group(0)
    if ("\t" in blank or len(blank) >= 4) and m.end() < len(text) and text[m.end()] != "\n":
        return len(blank)
    return 0


def _missing_colon(doc: Document, ref: Reference, inline: Token | None,
                   problems: tuple[str, ...] = ()) -> Malformed | None:
    """``[^7] Some citation`` at the start of a line: a definition without its colon.

    ``ref`` is a reference token's place, or that of a malformed reference marker
    (``[^7 ] Some citation``, with its ``problems``: then the fix rewrites the marker).
    ``inline`` is the inline token holding it (``None``: none does).
    """
    pos = doc.position(ref.start)
    line_start = doc.line_starts[pos.line - 1]
    if not _PREFIX_RE.match(doc.text[line_start:ref.start]):
        return None
    rest = doc.line_text(pos.line)[ref.end - line_start:]
    if not rest[:1].isspace() or not rest.strip() or rest.lstrip()[0] in ":\uff1a":
        return None
    first_line = inline.map[0] + 1 if inline is not None and inline.map else pos.line
    after_definition = pos.line > 1 and bool(_DEFINITION_LIKE_RE.match(doc.line_text(pos.line - 1)))
    if pos.line != first_line and not after_definition:
        return None  # a wrapped sentence that happens to continue with a reference
    return Malformed("definition", ref.label, ref.start, ref.end, doc.text[ref.start:ref.end],
                     f"[^{ref.label}]:", (*problems, "missing-colon"), pos.line,
                     blank=_wide_blank(doc.text, ref.end))


def _inline_at(doc: Document, line: int) -> Token | None:
    """The inline token whose lines hold 0-based ``line`` (the innermost), if any."""
    found = None
    for tok in doc.tokens:
        if tok.type == "inline" and tok.map and tok.map[0] <= line < tok.map[1]:
            found = tok
    return found


def _line_start_markers(doc: Document, text: str, skip: Callable[[int, int], bool],
                        prose: Callable[[int, int], bool]) -> list[tuple[Reference, Malformed]]:
    """Malformed reference markers at the start of a line with text after them
    (``[^ref ] text``), each as the reference its fix makes and as a malformed reference.
    ``skip(start, end)``: the marker is part of a malformed definition."""
    out = []
    for m in _REFERENCE_RE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if not _PREFIX_RE.match(text, line_start, m.start()) or skip(m.start(), m.end()):
            continue
        found = _malformed_from_match(doc, m, "reference")
        if found is not None and prose(found.start, found.end):
            out.append((Reference(found.label, found.start, found.end), found))
    return out


def _setext_heading_lines(doc: Document) -> set[int]:
    """0-based lines of setext heading text (not their ``===``/``---`` underlines)."""
    lines: set[int] = set()
    for tok in doc.tokens:
        if tok.type == "heading_open" and tok.markup in ("=", "-") and tok.map:
            lines.update(range(tok.map[0], tok.map[1] - 1))
    return lines


class _FixDefines:
    """Answers "does this malformed definition's fix make a footnote definition of that line
    alone?".

    Not always: a line right after a paragraph in a block quote or list item, without
    its marker, is a lazy continuation of that paragraph, and stays one once its
    footnote marker is well-formed.  And a well-formed definition takes in what follows
    it (a lazy line, an indented block after a blank line, a table right under it),
    which were blocks of their own while the marker was malformed: whether they belong
    to the footnote is the author's call, not a safe fix's.  The lines from the
    definition's block to the end of the next block are parsed again with the fix
    applied, with those of the other malformed definitions there (``--fix`` applies
    them together; malformed definitions are rare: one small parse each).
    """

    def __init__(self, doc: Document, others: list[Malformed]) -> None:
        self.doc = doc
        self.others = [d for d in others if d.fixable]
        self.blocks = sorted((t.map[0], max(t.map[1], t.map[0] + 1)) for t in doc.tokens
                             if t.level == 0 and t.map and t.nesting >= 0)
        self.firsts = [a for a, _ in self.blocks]

    def block(self, line: int) -> tuple[int, int] | None:
        """The 0-based lines ``[a, b)`` of the top-level block holding ``line`` (0-based),
        ``None`` when no block holds it (a link reference definition such as ``[^ 1]: x``)."""
        i = bisect.bisect_right(self.firsts, line) - 1
        if i < 0 or not self.blocks[i][0] <= line < self.blocks[i][1]:
            return None
        return self.blocks[i]

    def __call__(self, found: Malformed) -> bool:
        from notelint.parsing import parse  # only for malformed definitions

        fix = found.fix()
        if fix is None:
            return False
        doc = self.doc
        line = found.line - 1
        a, b = self.block(line) or (line, line + 1)
        # A block's map may end with the blank lines after it (a footnote definition's does).
        while b - 1 > a and not doc.line_text(b).strip():
            b -= 1
        n = len(doc.line_starts)
        i = bisect.bisect_left(self.firsts, b)
        last = self.blocks[i][1] if i < len(self.blocks) else n
        start = doc.line_starts[a]
        end = doc.line_starts[last] if last < n else len(doc.text)
        # With the fixes of the other malformed definitions there (applied together).
        edits = [e for d in self.others if start <= d.start < end and d is not found
                 and (f := d.fix()) is not None for e in f.edits]
        pieces, pos = [], start
        for e in sorted([*fix.edits, *edits], key=lambda e: e.start_offset):
            if e.start_offset < pos:
                continue
            pieces += [doc.text[pos:e.start_offset], e.replacement]
            pos = e.end_offset
        pieces.append(doc.text[pos:end])
        snippet = "".join(pieces)
        lines = snippet.split("\n")
        for t in parse(snippet)[0]:
            if t.type == "footnote_reference_open" and t.map and t.map[0] == line - a:
                stop = t.map[1]
                while stop - 1 > t.map[0] and stop - 1 < len(lines) and not lines[stop - 1].strip():
                    stop -= 1
                return stop <= b - a
        return False


def build_index(doc: Document) -> FootnoteIndex:
    """Build the footnote index of ``doc`` (use :func:`footnote_index` to share it)."""
    index = FootnoteIndex()
    text = doc.text
    index.definitions = list(_definitions(doc))
    for definition in index.definitions:
        index.defined.setdefault(definition.label, definition)
    refs = list(_references(doc))
    if not ("[" in text or "\uff3b" in text):
        index.references = [r for r, _ in refs]
        return index
    prose = _Prose(doc)
    # Every marker the patterns find starts with a bracket and a caret (either width); a
    # note without one does not compile them.
    markers_possible = any(pair in text for pair in _MARKER_STARTS)

    malformed_defs: list[Malformed] = []
    for m in _DEFINITION_RE.finditer(text) if markers_possible else ():
        found = _malformed_from_match(doc, m, "definition")
        if found is not None and prose(found.start, found.end):
            malformed_defs.append(found)
    covered = _Spans((d.start, d.end) for d in malformed_defs)
    inside_malformed = covered.overlaps

    def split(marked: list[tuple[Reference, Token | None, Malformed | None]]
              ) -> tuple[list[Malformed], list[Reference]]:
        """The lines missing their colon among ``marked`` (in source order), and the
        references."""
        meant_defined = set(index.defined) | {d.label for d in malformed_defs}
        missing_colon: list[Malformed] = []
        references: list[Reference] = []
        for ref, inline, found in marked:
            if ref.located and inside_malformed(ref.start, ref.end):
                continue  # `[^7] :` -- the token is part of a malformed definition
            if (ref.located and ref.label not in meant_defined
                    and not looks_like_regex_class(ref.label)):
                missing = _missing_colon(doc, ref, inline, found.problems if found else ())
                if missing is not None:
                    missing_colon.append(missing)
                    meant_defined.add(missing.label)
                    continue
            if found is None:
                references.append(ref)
        return missing_colon, references

    # A reference at the start of a line is a definition missing its colon only when nothing
    # else defines its label: not a definition, nor a malformed one (`[^ 7]:`), nor an earlier
    # line missing its colon.  Otherwise it is a reference to that definition, so that fixing
    # the other line's marker does not change what this line is.
    marked: list[tuple[Reference, Token | None, Malformed | None]] = [
        (ref, inline, None) for ref, inline in refs]
    missing_colon, index.references = split(marked)
    # A malformed reference marker at the start of a line (`[^7 ] text`) whose label is meant
    # to be defined by a line missing its colon is judged as what its fix makes it, in source
    # order with the others: when it comes first, it is that definition (and the other line
    # a reference to it), so that fixing its marker does not change what the other line is.
    colonless = {d.label for d in missing_colon}
    markers = [(ref, found) for ref, found in _line_start_markers(doc, text, inside_malformed, prose)
               if found.label in colonless] if colonless and markers_possible else []
    if markers:
        marked += [(ref, _inline_at(doc, found.line - 1), found) for ref, found in markers]
        marked.sort(key=lambda x: x[0].start)
        missing_colon, index.references = split(marked)
    malformed_defs += missing_colon
    for d in missing_colon:
        covered.add(d.start, d.end)

    meant = set(index.defined) | {d.label for d in malformed_defs}
    malformed_refs: list[Malformed] = []
    for m in _REFERENCE_RE.finditer(text) if markers_possible else ():
        if m.group("label") not in meant or text[m.end():m.end() + 1] in ("(", ":", "\uff1a"):
            continue
        found = _malformed_from_match(doc, m, "reference")
        if (found is not None and not inside_malformed(found.start, found.end)
                and prose(found.start, found.end)):
            malformed_refs.append(found)
            used = index.defined.get(found.label)
            if used is not None:
                index.paired_reference[found] = used

    setext = _setext_heading_lines(doc)
    if setext:
        malformed_defs = [d._replace(fixable=False) if d.line - 1 in setext else d
                          for d in malformed_defs]
        malformed_refs = [d._replace(fixable=False) if d.line - 1 in setext else d
                          for d in malformed_refs]
    if malformed_defs:
        defines = _FixDefines(doc, malformed_defs)
        malformed_defs = [d if not d.fixable or defines(d) else d._replace(fixable=False)
                          for d in malformed_defs]
        # `[^ 1]: [^2]` is a link reference definition (to the destination `[^2]`): the
        # reference it holds is meant all the same (and is one once fixed).
        for d in malformed_defs:
            if d.kind == "definition" and defines.block(d.line - 1) is None:
                line_end = text.find("\n", d.end)
                rest = text[d.end:len(text) if line_end == -1 else line_end]
                index.malformed_uses.update(m.group(1) for m in _LINKED_REFERENCE_RE.finditer(rest))
    index.malformed = sorted(malformed_defs + malformed_refs, key=lambda x: x.start)

    first_malformed: dict[str, Malformed] = {}
    for found in malformed_defs:
        first_malformed.setdefault(found.label, found)
    for ref in index.references:
        if ref.label in index.defined or not ref.located:
            continue
        target = first_malformed.get(ref.label)
        if target is not None:
            index.paired_definition[ref] = target
    return index
