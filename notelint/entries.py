"""The entry model of a note: dates that label sections, and sections as log entries.

Notes are often logs.  A *section* starts at a top-level heading and ends just
before the next heading of the same or a higher level (``#`` is higher than
``##``).  A section is a dated *entry* when its date label is:

* in the heading: ``## 2024-08-27``, ``### 2026년 1월 9일 (금)``,
  ``### Day 12: January 15, 2020``; a title may follow the date after a space
  or a separator (``## 2024-08-27 — Standup``); or
* on the first line of the section's first paragraph, with nothing but
  decoration (and a short label) around it: ``*2021.04.25*`` under
  ``##### 🧩 ML library``.  Comments and footnote definitions between the
  heading and that paragraph are passed over (they are not shown there).

A date mentioned in prose ("10월 6일에 진행된 ...", "2021년 5월 24일에
확인"), in code, in a list or in a footnote is never a label.  The shapes of
dates, ranges, weekdays and labels, and how a date-shaped label that names no
real day is kept, are described in :mod:`notelint.datelabels`.  Whether
numeric dates such as ``01/09/2020`` put the day or the month first is decided
once per file, from all its labels (:func:`decide_day_first`).

Use :func:`segment` through ``doc.memo(segment)`` so that every rule shares one
index per document; :func:`sections` and :func:`log_entries` are shortcuts.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import NamedTuple

from markdown_it.token import Token

from notelint.datelabels import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    DateMark,
    decide_day_first,
    parse_date_label,
)
from notelint.diagnostics import Position, Span
from notelint.document import Document

__all__ = ["MONTH_NAMES", "WEEKDAY_NAMES", "DateLocation", "DateMark", "Entry", "EntryIndex",
           "decide_day_first", "log_entries", "parse_date_label", "sections", "segment"]


class DateLocation(enum.Enum):
    """Where an entry's date label is."""

    HEADING = "heading"
    FIRST_LINE = "first line"


class Entry(NamedTuple):
    """One section of a note: a top-level heading and everything up to the next heading
    of the same or a higher level (sub-sections included).

    Attributes:
        index: index of the ``heading_open`` token in ``Document.tokens``.
        level: heading level, 1 (``#``) to 6 (``######``).
        title: the heading's text as written (inline markup included).
        heading: span of the heading's source lines, outer blanks stripped.
        date: the date label, or ``None`` for an undated section.
        date_location: where ``date`` is; ``None`` when undated.
        body_start: offset of the first non-blank line below the heading.
        content_start: offset of the first non-blank line below the date
            label (equal to ``body_start`` unless the date is on the first
            line).
        body_end: offset just after the section's last non-blank character
            (``>= body_start``).
        end_line: 1-based last line of the section that is not blank (the
            heading's line when the body is empty).
        parent: ``index`` of the enclosing section's heading, or ``None``.
    """

    index: int
    level: int
    title: str
    heading: Span
    date: DateMark | None
    date_location: DateLocation | None
    body_start: int
    content_start: int
    body_end: int
    end_line: int
    parent: int | None

    @property
    def line(self) -> int:
        """1-based line of the heading."""
        return self.heading.start.line

    @property
    def marker(self) -> str:
        """The ATX marker of the heading's level, e.g. ``"#####"`` (for messages)."""
        return "#" * self.level


class EntryIndex(NamedTuple):
    """Every section of one document, in document order.

    Attributes:
        sections: all sections, dated or not.
        groups: sections grouped as siblings (same parent, same level), each
            group in document order; groups ordered by their first section.
        text: the document's normalised text (for :meth:`body`).
    """

    sections: tuple[Entry, ...]
    groups: tuple[tuple[Entry, ...], ...]
    text: str = ""

    @property
    def dated(self) -> tuple[Entry, ...]:
        """The sections that carry a date label (valid or not)."""
        return tuple(e for e in self.sections if e.date is not None)

    def at_level(self, level: int) -> tuple[Entry, ...]:
        """The sections whose heading has ``level``."""
        return tuple(e for e in self.sections if e.level == level)

    def siblings(self, entry: Entry) -> tuple[Entry, ...]:
        """The group ``entry`` belongs to (itself included)."""
        for group in self.groups:
            if group[0].parent == entry.parent and group[0].level == entry.level:
                return group
        return (entry,)

    def body(self, entry: Entry, *, after_date: bool = True) -> str:
        """The section's text below its heading (below its date line with ``after_date``)."""
        return self.text[entry.content_start if after_date else entry.body_start:entry.body_end]


def _first_paragraph(tokens: list[Token], i: int) -> Token | None:
    """The inline token of the first block shown after the heading at ``i``, if that is a
    paragraph.

    Invisible comments (e.g. a notelint directive) and footnote definitions, which are
    shown at the foot of the page, are passed over: a definition above the date line
    does not make the date prose (nor does a malformed one, which markdown reads as a
    link reference definition and does not show either).
    """
    j = i + 3  # heading_open, inline, heading_close
    while j < len(tokens):
        tok = tokens[j]
        if tok.type == "html_block" and tok.content.lstrip().startswith("<!--"):
            j += 1
        elif tok.type == "footnote_reference_open":
            while j < len(tokens) and not (tokens[j].type == "footnote_reference_close"
                                           and tokens[j].level == tok.level):
                j += 1
            j += 1
        else:
            break
    if j + 1 < len(tokens) and tokens[j].type == "paragraph_open" and tokens[j].level == 0:
        return tokens[j + 1]
    return None


def _locate(doc: Document, inline: Token, first_line: str, mark: DateMark) -> DateMark:
    """``mark`` (offsets in ``first_line``, the first line of ``inline.content``) with
    document offsets.

    A top-level heading's or paragraph's first content line is its source
    line with the markers and outer blanks removed, so it is found verbatim
    on that line; the general inline source map is the fallback.
    """
    assert inline.map is not None
    line_no = inline.map[0] + 1
    col = doc.line_text(line_no).find(first_line)
    if col >= 0:
        base = doc.line_starts[line_no - 1] + col
        start, end = base + mark.start_offset, base + mark.end_offset
    else:
        mapped_start = doc.content_offset(inline, mark.start_offset)
        mapped_end = doc.content_offset(inline, mark.end_offset)
        assert mapped_start is not None and mapped_end is not None
        start, end = mapped_start, mapped_end
    return DateMark(mark.start, mark.end, mark.raw, mark.format, start, end, mark.problem, mark.is_range)


def _candidates(doc: Document, i: int) -> tuple[str, str | None]:
    """The lines that may hold the date label of the heading at token ``i``: the
    heading's first line, and the first line of its first paragraph (if any)."""
    para = _first_paragraph(doc.tokens, i)
    first = para.content.split("\n", 1)[0] if para is not None and para.map else None
    return doc.tokens[i + 1].content.split("\n", 1)[0], first


def _date_of(doc: Document, i: int, day_first: bool | None,
             candidates: tuple[str, str | None] | None = None,
             ) -> tuple[DateMark | None, DateLocation | None, int | None]:
    """The date label of the heading at token ``i``: ``(mark, location, date line)``
    (``candidates``: :func:`_candidates` of it, when already known)."""
    tokens = doc.tokens
    heading = tokens[i + 1]
    text, first = _candidates(doc, i) if candidates is None else candidates
    if heading.map and (mark := parse_date_label(text, allow_title=True, day_first=day_first)):
        return _locate(doc, heading, text, mark), DateLocation.HEADING, None
    para = _first_paragraph(tokens, i)
    if para is not None and para.map and first is not None:
        if mark := parse_date_label(first, day_first=day_first):
            return _locate(doc, para, first, mark), DateLocation.FIRST_LINE, para.map[0] + 1
    return None, None, None


def _skip_blank_lines(text: str, pos: int, end: int) -> int:
    """The offset of the first line at or after ``pos`` that is not blank (``end`` if none)."""
    while pos < end:
        eol = text.find("\n", pos, end)
        line_end = end if eol == -1 else eol
        if text[pos:line_end].strip():
            return pos
        pos = line_end + 1
    return end


def _lines_span(doc: Document, first: int, last: int) -> Span:
    """The span of 1-based lines ``first..last``, outer blanks stripped (as ``Document.block_span``)."""
    head, tail = doc.line_text(first), doc.line_text(last)
    col0 = len(head) - len(head.lstrip())
    col1 = max(len(tail.rstrip()), col0 if first == last else 0)
    return Span(Position(first, col0 + 1), Position(last, col1 + 1),
                doc.line_starts[first - 1] + col0, doc.line_starts[last - 1] + col1)


def _heading_indexes(doc: Document) -> Iterator[int]:
    for i, tok in enumerate(doc.tokens):
        if tok.type == "heading_open" and tok.level == 0 and tok.map:
            yield i


def segment(doc: Document) -> EntryIndex:
    """Split ``doc`` into sections and read their date labels.

    Only top-level headings start sections (a heading inside a list or a
    block quote belongs to that container's text).  Call it as
    ``doc.memo(segment)`` to share the result between rules.
    """
    heads = list(_heading_indexes(doc))
    levels = [int(doc.tokens[i].tag[1:]) for i in heads]
    maps = [doc.tokens[i].map or [0, 1] for i in heads]  # _heading_indexes keeps mapped headings only
    text, starts = doc.text, doc.line_starts
    ends = [len(text)] * len(heads)  # where each section stops: the next heading of its level or higher
    parents: list[int | None] = []
    open_: list[int] = []  # positions in ``heads`` of the sections still open
    for k in range(len(heads)):
        while open_ and levels[open_[-1]] >= levels[k]:
            ends[open_.pop()] = starts[maps[k][0]]
        parents.append(heads[open_[-1]] if open_ else None)
        open_.append(k)
    candidates = [_candidates(doc, i) for i in heads]
    day_first = decide_day_first(line for pair in candidates for line in pair if line)
    sections: list[Entry] = []
    for k, i in enumerate(heads):
        _tok, raw_end = doc.tokens[i], ends[k]
        below = starts[maps[k][1]] if maps[k][1] < len(starts) else len(text)
        body_start = _skip_blank_lines(text, min(below, raw_end), raw_end)
        body_end = body_start + len(text[body_start:raw_end].rstrip())
        mark, where, date_line = _date_of(doc, i, day_first, candidates[k])
        content_start = body_start
        if date_line is not None:
            after_date = starts[date_line] if date_line < len(starts) else len(text)
            content_start = min(_skip_blank_lines(text, max(after_date, body_start), raw_end), body_end)
        heading_span = _lines_span(doc, maps[k][0] + 1, min(max(maps[k][1], maps[k][0] + 1), doc.line_count))
        end_line = doc.position(body_end).line if body_end > body_start else heading_span.end.line
        sections.append(Entry(
            index=i, level=levels[k], title=doc.tokens[i + 1].content, heading=heading_span,
            date=mark, date_location=where, body_start=body_start, content_start=content_start,
            body_end=body_end, end_line=end_line, parent=parents[k],
        ))
    grouped: dict[tuple[int | None, int], list[Entry]] = {}
    for e in sections:
        grouped.setdefault((e.parent, e.level), []).append(e)
    groups = tuple(tuple(g) for g in grouped.values())
    return EntryIndex(tuple(sections), groups, text)


def sections(doc: Document, level: int) -> tuple[Entry, ...]:
    """The sections of ``doc`` whose heading has ``level`` (1-6), dated or not."""
    return doc.memo(segment).at_level(level)


def log_entries(doc: Document, level: int = 2) -> tuple[Entry, ...]:
    """The units a note is made of: its dated entries, or, when it has none, its
    sections at heading ``level``.
    """
    index = doc.memo(segment)
    return index.dated or index.at_level(level)
