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


def footnote_placeholders(doc: Document) -> dict[str, str]:
    """Footnote label -> placeholder token of its definition's text, for ``doc``.

    Definitions markdown-it recognises give their inline text; malformed ones
    (``[^ 5]:``) the rest of their line, so that a reference paired with one
    still compares by its citation.
    """
    # Imported here: importing a rule package runs notelint.rules, which imports this module.
    from notelint.rules.footnotes.index import footnote_index

    found: dict[str, str] = {}
    tokens = doc.tokens
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "footnote_reference_open":
            label = tok.meta["label"]
            parts = []
            i += 1
            while i < len(tokens) and tokens[i].type != "footnote_reference_close":
                if tokens[i].type == "inline":
                    parts.append(tokens[i].content)
                i += 1
            found.setdefault(label, placeholder(" ".join(parts)))
        i += 1
    # Malformed definitions matter only to references whose label has no definition.
    if all(label in found for label in _REFERENCE_RE.findall(doc.text)):
        return found
    for bad in footnote_index(doc).malformed:
        if bad.kind == "definition" and bad.label not in found:
            line_end = doc.line_starts[bad.line] - 1 if bad.line < len(doc.line_starts) else len(doc.text)
            found[bad.label] = placeholder(doc.text[bad.end:line_end])
    return found


def _block_ranges(doc: Document, types: tuple[str, ...]) -> list[tuple[int, int]]:
    """Offsets of the block tokens of ``types`` (their whole lines), in document order."""
    out = []
    starts = doc.line_starts
    for tok in doc.tokens:
        if tok.type in types and tok.map:
            first, last = tok.map[0], min(tok.map[1], len(starts))
            end = starts[last] - 1 if last < len(starts) else len(doc.text)
            out.append((starts[first], max(starts[first], end)))
    return out


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
    has_notes = "^" in doc.text or "\uff3e" in doc.text
    footnotes = footnote_placeholders(doc) if has_notes else {}
    definitions = _block_ranges(doc, ("footnote_reference_open",)) if has_notes else []
    code = _block_ranges(doc, ("fence", "code_block"))
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
