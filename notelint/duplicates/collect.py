"""From one parsed note to the small, picklable summary the DU rules compare.

:func:`collect` runs once per note while its token tree exists and returns a
:class:`NoteEntries`: the note's compared entries as :class:`EntryRecord`
values (spans, heading text, date, normalised body with its sketch, what
kind of text the body is) and the order of its dated entries (for saying
which copy is newer).  Nothing in it refers to the document, so it can be
cached on disk and built in another process; the cross-note analysis
(:mod:`notelint.duplicates.analysis`) works from these summaries alone.

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
import datetime as _dt
import unicodedata
from dataclasses import dataclass

from markdown_it.token import Token

from notelint.diagnostics import Span
from notelint.document import Document
from notelint.duplicates.boilerplate import BodyKind, body_kind
from notelint.duplicates.normalise import Normalised, clean, normalise, placeholder
from notelint.duplicates.recency import LogShape, log_shape
from notelint.entries import DateLocation, Entry, segment
from notelint.lazy import lazy_compile

_REFERENCE_RE = lazy_compile(r"\[\^([^\]\s]+)\]")
_SPACE_RE = lazy_compile(r"\s+")


@dataclass(frozen=True)
class EntryDate:
    """An entry's date label, as far as the DU rules use it.

    Attributes:
        raw: the label as written (``"2021.05.11"``).
        start, end: first and last day it names; ``None`` for a date that does
            not exist (``2021-02-30``), which is shown but never compared.
        in_heading: whether the date is part of the heading (``## 2021-05-11``),
            rather than on the line below it.
    """

    raw: str
    start: _dt.date | None
    end: _dt.date | None
    in_heading: bool


@dataclass(frozen=True)
class EntryRecord:
    """One compared entry of a note (picklable, no reference to the document).

    Attributes:
        heading: span of the heading's source lines (where findings are reported).
        level: heading level, 1-6.
        title: the heading's text, whitespace collapsed, emoji removed, NFC (for
            telling a repeated heading).
        date: the entry's date label, or ``None``.
        start: offset of the heading (the entry's identity within its note).
        end: offset just after the section's last non-blank character;
            ``[start, end)`` contains the sections nested in this one.
        normalised: the normalised body (:mod:`notelint.duplicates.normalise`).
        kind: what the body is made of (:class:`~notelint.duplicates.boilerplate.BodyKind`).
        label: for a skeleton body, its first label line as written (for messages).
    """

    heading: Span
    level: int
    title: str
    date: EntryDate | None
    start: int
    end: int
    normalised: Normalised
    kind: BodyKind
    label: str = ""

    @property
    def line(self) -> int:
        """1-based line of the heading."""
        return self.heading.start.line

    @property
    def marker(self) -> str:
        """The heading as a short label for messages: ``## 2021-05-11``."""
        return "#" * self.level + " " + self.title

    def contains(self, other: EntryRecord) -> bool:
        """Whether ``other`` (an entry of the same note) is a section inside this one."""
        return other is not self and self.start <= other.start < self.end


@dataclass(frozen=True)
class NoteEntries:
    """What the DU rules keep of one note: its compared entries and the shape of its log.

    Attributes:
        entries: the compared entries with a non-empty normalised body, in
            document order.
        shape: the order of the note's dated entries (:class:`LogShape`).
    """

    entries: tuple[EntryRecord, ...]
    shape: LogShape


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


def heading_title(title: str) -> str:
    """A heading's text as compared: NFC, emoji removed, whitespace collapsed."""
    return _SPACE_RE.sub(" ", clean(unicodedata.normalize("NFC", title), prose=False)).strip()


def _date(entry: Entry) -> EntryDate | None:
    mark = entry.date
    if mark is None:
        return None
    valid = mark.valid
    return EntryDate(mark.raw, mark.start if valid else None, mark.end if valid else None,
                     entry.date_location is DateLocation.HEADING)


def collect(doc: Document, level: int) -> NoteEntries:
    """The :class:`NoteEntries` of ``doc`` (needs its token tree).

    Args:
        doc: the parsed note.
        level: ``section-level``: heading level of the compared sections in a note
            without dated entries.
    """
    sections = compared_sections(doc, level)
    shape = log_shape(doc)
    if not sections:
        return NoteEntries((), shape)
    index = doc.memo(segment)
    blocks = _blocks(doc)
    has_notes = "^" in doc.text or "\uff3e" in doc.text
    footnotes = footnote_placeholders(doc, blocks) if has_notes else {}
    definitions = blocks.definitions if has_notes else []
    code = blocks.code
    out: list[EntryRecord] = []
    for entry in sections:
        start, end = entry.content_start, entry.body_end
        if end <= start:
            continue
        body = index.body(entry)
        local_code = _within(code, start, end)
        norm = normalise(body, local_code, footnotes, _within(definitions, start, end))
        if not norm.text:
            continue
        kind, label = body_kind(body, local_code)
        out.append(EntryRecord(entry.heading, entry.level, heading_title(entry.title), _date(entry),
                               entry.heading.start_offset, entry.body_end, norm, kind, label))
    return NoteEntries(tuple(out), shape)
