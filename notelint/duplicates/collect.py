"""From documents to the normalised entries the DU rules compare.

The entries of a note come from the shared entry model
(:mod:`notelint.entries`): its dated sections, plus the undated sections at
the heading levels of its dated ones (an entry whose date line is missing is
still an entry); a note without dated sections contributes its sections at
the configured heading level.  A section that contains another compared
section is compared too, but never with the sections inside it.

The compared text is the body below the heading and the date line: the
heading (emoji + category) and the date are labels, not content.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from markdown_it.token import Token

from notelint.document import Document
from notelint.duplicates.normalise import Normalised, normalise, placeholder
from notelint.duplicates.recency import LogShape, log_shape
from notelint.entries import Entry, segment

_REFERENCE_RE = re.compile(r"\[\^([^\]\s]+)\]")


@dataclass(frozen=True, eq=False)
class Record:
    """One compared entry.

    Attributes:
        document: the note it is in.
        entry: the section (heading, date, body range).
        normalised: its normalised body.
        shape: the order of the note's dated entries (shared by its records).
    """

    document: Document
    entry: Entry
    normalised: Normalised
    shape: LogShape

    @property
    def start(self) -> int:
        """Offset where the section starts (its heading)."""
        return self.entry.heading.start_offset

    def contains(self, other: Record) -> bool:
        """Whether ``other`` is a section inside this one (same note)."""
        return (other.document is self.document and other is not self
                and self.start <= other.start < self.entry.body_end)


def compared_sections(doc: Document, level: int) -> tuple[Entry, ...]:
    """The sections of ``doc`` that are compared, in document order (see the module docstring)."""
    index = doc.memo(segment)
    dated = index.dated
    if not dated:
        return index.at_level(level)
    levels = {e.level for e in dated}
    return tuple(e for e in index.sections if e.date is not None or e.level in levels)


@dataclass(frozen=True)
class _Blocks:
    """What the DU rules need from a note's block tokens, gathered in one pass.

    Attributes:
        code: offsets of code blocks (fences and indented code), whole lines, in order.
        definitions: offsets of footnote definitions markdown-it recognises, likewise.
        definition_text: footnote label -> the inline text of its (first) definition.
    """

    code: list[tuple[int, int]]
    definitions: list[tuple[int, int]]
    definition_text: dict[str, str]


_CODE_TYPES = frozenset({"fence", "code_block"})


def _blocks(doc: Document) -> _Blocks:
    """The :class:`_Blocks` of ``doc`` (needs its token tree)."""
    code: list[tuple[int, int]] = []
    definitions: list[tuple[int, int]] = []
    texts: dict[str, str] = {}
    starts, size = doc.line_starts, len(doc.text)

    def lines(tok: Token) -> tuple[int, int] | None:
        """Offsets of the whole lines of a block token, or ``None`` without a map."""
        if not tok.map:
            return None
        first, last = tok.map[0], min(tok.map[1], len(starts))
        end = starts[last] - 1 if last < len(starts) else size
        return starts[first], max(starts[first], end)

    label: str | None = None  # inside this footnote definition
    parts: list[str] = []
    for tok in doc.tokens:
        kind = tok.type
        if label is not None:
            if kind == "footnote_reference_close":
                texts.setdefault(label, " ".join(parts))
                label = None
            elif kind == "inline":
                parts.append(tok.content)
            elif kind in _CODE_TYPES and (span := lines(tok)) is not None:
                code.append(span)
            elif kind == "footnote_reference_open" and (span := lines(tok)) is not None:
                definitions.append(span)  # ``[^a]: [^b]: text``: the text counts for ``a`` only
        elif kind in _CODE_TYPES:
            if (span := lines(tok)) is not None:
                code.append(span)
        elif kind == "footnote_reference_open":
            label, parts = tok.meta["label"], []
            if (span := lines(tok)) is not None:
                definitions.append(span)
    if label is not None:  # a definition left open (not expected from markdown-it)
        texts.setdefault(label, " ".join(parts))
    return _Blocks(code, definitions, texts)


def footnote_placeholders(doc: Document, blocks: _Blocks | None = None) -> dict[str, str]:
    """Footnote label -> placeholder token of its definition's text, for ``doc``.

    Definitions markdown-it recognises give their inline text; malformed ones
    (``[^ 5]:``) the rest of their line, so that a reference paired with one
    still compares by its citation.

    Args:
        doc: the note (needs its token tree).
        blocks: ``doc``'s :class:`_Blocks`, when already gathered.
    """
    # Imported here: importing a rule package runs notelint.rules, which imports this module.
    from notelint.rules.footnotes.index import footnote_index

    if blocks is None:
        blocks = _blocks(doc)
    found = {label: placeholder(text) for label, text in blocks.definition_text.items()}
    # Malformed definitions matter only to references whose label has no definition.
    if all(label in found for label in _REFERENCE_RE.findall(doc.text)):
        return found
    for bad in footnote_index(doc).malformed:
        if bad.kind == "definition" and bad.label not in found:
            line_end = doc.line_starts[bad.line] - 1 if bad.line < len(doc.line_starts) else len(doc.text)
            found[bad.label] = placeholder(doc.text[bad.end:line_end])
    return found


def _within(ranges: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The parts of ``ranges`` inside ``[start, end)``, relative to ``start``."""
    i = bisect.bisect_left(ranges, (start, -1))
    if i and ranges[i - 1][1] > start:
        i -= 1
    out = []
    while i < len(ranges) and ranges[i][0] < end:
        s, e = ranges[i]
        out.append((max(s, start) - start, min(e, end) - start))
        i += 1
    return out


def records(doc: Document, level: int) -> list[Record]:
    """The compared entries of ``doc``, normalised, with non-empty bodies only.

    Needs the document's token tree: project rules call it from ``prepare_document``.
    """
    sections = compared_sections(doc, level)
    if not sections:
        return []
    shape = log_shape(doc)
    index = doc.memo(segment)
    blocks = _blocks(doc)
    has_notes = "^" in doc.text or "\uff3e" in doc.text
    footnotes = footnote_placeholders(doc, blocks) if has_notes else {}
    definitions = blocks.definitions if has_notes else []
    code = blocks.code
    out: list[Record] = []
    for entry in sections:
        start, end = entry.content_start, entry.body_end
        if end <= start:
            continue
        norm = normalise(index.body(entry), _within(code, start, end), footnotes,
                         _within(definitions, start, end))
        if norm.text:
            out.append(Record(doc, entry, norm, shape))
    return out
