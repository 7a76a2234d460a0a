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
import pickle
import unicodedata
from collections.abc import Sequence
from typing import Any, NamedTuple

from markdown_it.token import Token

from notelint.diagnostics import Position, Span
from notelint.digests import blake2b
from notelint.document import Document
from notelint.duplicates.boilerplate import BodyKind, body_kind
from notelint.duplicates.normalise import Normalised, clean, normalise, placeholder
from notelint.duplicates.recency import Copy, LogShape, copy_of, log_shape
from notelint.entries import DateLocation, Entry, segment
from notelint.lazy import lazy_compile

_REFERENCE_RE = lazy_compile(r"\[\^([^\]\s]+)\]")
_SPACE_RE = lazy_compile(r"\s+")


class EntryDate(NamedTuple):
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


class EntryRecord(NamedTuple):
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


class EntryDigest(NamedTuple):
    """What the analysis needs of every entry to group it and find its candidates.

    Small and picklable: the engine keeps the digests of a project's notes
    between runs (:meth:`notelint.workspace.WorkspaceContext.digests`), and
    the full :class:`EntryRecord` is read only for the entries the analysis
    verifies or a finding names.

    Attributes:
        text: BLAKE2b-128 of the normalised body (:attr:`Normalised.text`): equal
            exactly for equal bodies (two different bodies sharing a 128-bit
            digest is as likely as guessing a 128-bit key).
        shown: BLAKE2b-128 of the body as written (:attr:`Normalised.shown_text`).
        kind: :attr:`EntryRecord.kind`'s value (``"content"``, ``"skeleton"``, ``"navigation"``).
        words: :attr:`Normalised.words`.
        title: :attr:`EntryRecord.title`.
        dated: the entry has a date label.
        in_heading: its date is part of its heading.
        sketch: :attr:`Normalised.sketch`.
        copy: what tells whether it is newer than a copy of it
            (:func:`~notelint.duplicates.recency.newer_copy`).
    """

    text: bytes
    shown: bytes
    kind: str
    words: int
    title: str
    dated: bool
    in_heading: bool
    sketch: tuple[int, ...]
    copy: Copy


def _hash(text: str) -> bytes:
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def entry_digest(rec: EntryRecord, shape: LogShape) -> EntryDigest:
    """The :class:`EntryDigest` of one entry of a note whose log has ``shape``."""
    norm, date = rec.normalised, rec.date
    text = _hash(norm.text)
    shown = text if not norm.labels else _hash(norm.shown_text)
    return EntryDigest(text, shown, rec.kind.value, norm.words, rec.title,
                       date is not None, date is not None and date.in_heading,
                       norm.sketch, copy_of(rec, shape))


class NoteEntries:
    """What the DU rules keep of one note: its compared entries and the shape of its log.

    Args:
        entries: the compared entries with a non-empty normalised body, in
            document order (:attr:`entries`).
        shape: the order of the note's dated entries (:attr:`shape`, a :class:`LogShape`).

    The summary is sent from a worker process to the parent and kept in the
    cache, pickled.  Its pickle holds the entries' digests (:attr:`digests`,
    computed when it is first pickled; the sketches are kept there only) and,
    as one blob of plain tuples, the entries and the shape: unpickling it reads the digests only, and the blob
    is turned back into :class:`EntryRecord` values when :attr:`entries` or
    :attr:`shape` is first read (the analysis reads every note's digests, but
    the records only of the entries it verifies or reports).
    """

    __slots__ = ("_entries", "_shape", "_digests", "_blob")

    def __init__(self, entries: Sequence[EntryRecord], shape: LogShape) -> None:
        self._entries: tuple[EntryRecord, ...] | None = tuple(entries)
        self._shape: LogShape | None = shape
        self._digests: tuple[EntryDigest, ...] | None = None
        self._blob: bytes | None = None

    @property
    def entries(self) -> tuple[EntryRecord, ...]:
        """The compared entries, in document order."""
        if self._entries is None:
            self._thaw()
        assert self._entries is not None
        return self._entries

    @property
    def shape(self) -> LogShape:
        """The order of the note's dated entries."""
        if self._shape is None:
            self._thaw()
        assert self._shape is not None
        return self._shape

    @property
    def digests(self) -> tuple[EntryDigest, ...]:
        """The :class:`EntryDigest` of each entry, in order (computed once)."""
        if self._digests is None:
            shape = self.shape
            self._digests = tuple(entry_digest(rec, shape) for rec in self.entries)
        return self._digests

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NoteEntries):
            return NotImplemented
        return self.entries == other.entries and self.shape == other.shape

    __hash__ = None  # type: ignore[assignment]  # mutable caches: not a dictionary key

    def __repr__(self) -> str:
        return f"NoteEntries({len(self.entries)} entries, {self.shape!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (self.digests, self._frozen()))

    def _frozen(self) -> bytes:
        """The entries and the shape as one pickled blob of plain tuples (see :func:`_thaw`)."""
        if self._blob is None:
            shape = self.shape
            rows = []
            for rec in self.entries:
                h, norm, date = rec.heading, rec.normalised, rec.date
                day = None if date is None else (
                    date.raw, None if date.start is None else date.start.toordinal(),
                    None if date.end is None else date.end.toordinal(), date.in_heading)
                rows.append((h.start.line, h.start.column, h.end.line, h.end.column,
                             h.start_offset, h.end_offset, rec.level, rec.title, day, rec.start,
                             rec.end, norm.text, norm.code, norm.words, norm.labels,
                             rec.kind.value, rec.label))
            last = None if shape.last is None else shape.last.toordinal()
            self._blob = pickle.dumps(
                (rows, (shape.direction, last, shape.last_raw, shape.written_after)),
                protocol=pickle.HIGHEST_PROTOCOL)
        return self._blob

    def _thaw(self) -> None:
        """Read back :attr:`entries` and :attr:`shape` from the blob."""
        assert self._blob is not None and self._digests is not None
        rows, (direction, last, last_raw, written_after) = pickle.loads(self._blob)
        date_of = _dt.date.fromordinal
        kinds = {k.value: k for k in BodyKind}
        out = []
        for row, dig in zip(rows, self._digests, strict=True):
            (line, col, end_line, end_col, start_offset, end_offset, level, title, day, start,
             end, text, code, words, labels, kind, label) = row
            date = None if day is None else EntryDate(
                day[0], None if day[1] is None else date_of(day[1]),
                None if day[2] is None else date_of(day[2]), day[3])
            out.append(EntryRecord(
                Span(Position(line, col), Position(end_line, end_col), start_offset, end_offset),
                level, title, date, start, end,
                Normalised(text, code, words, labels, dig.sketch),
                kinds[kind], label))
        self._entries = tuple(out)
        self._shape = LogShape(direction, None if last is None else date_of(last), last_raw,
                               written_after)


def _restore(digests: tuple[EntryDigest, ...], blob: bytes) -> NoteEntries:
    """A :class:`NoteEntries` from its pickle (see :meth:`NoteEntries.__reduce__`)."""
    out = NoteEntries.__new__(NoteEntries)
    out._entries = out._shape = None
    out._digests, out._blob = digests, blob
    return out


def compared_sections(doc: Document, level: int) -> tuple[Entry, ...]:
    """The sections of ``doc`` that are compared, in document order (see the module docstring)."""
    index = doc.memo(segment)
    dated = index.dated
    if not dated:
        return index.at_level(level)
    levels = {e.level for e in dated}
    return tuple(e for e in index.sections if e.date is not None or e.level in levels)


class _Blocks(NamedTuple):
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
