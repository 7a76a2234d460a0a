"""The entry model of a note: dates that label sections, and sections as log entries.

Notes are often logs.  A *section* starts at a top-level heading and ends just
before the next heading of the same or a higher level (``#`` is higher than
``##``).  A section is a dated *entry* when its date label is:

* the heading text itself, with a little decoration: ``## 2024-08-27``,
  ``### 2026년 1월 9일 (금)``, ``### Jan 9, 2026``; a title may follow the
  date after a space or a separator (``## 2024-08-27 — Standup``); or
* the whole first line of the section's first paragraph: ``*2021.04.25*``
  under ``##### 🧩 ML library``.

A date mentioned in prose ("10월 6일에 진행된 ...", "2021년 5월 24일에
확인"), in code, in a list or in a footnote is never a label.

Recognised date formats (format ids in brackets, used to compare formats):
``2021.04.25`` [``YYYY.MM.DD``], ``2021. 4. 25.`` [``YYYY. M. D.``],
``2021-04-25`` [``YYYY-MM-DD``], ``2021/04/25`` [``YYYY/MM/DD``],
``2026년 1월 9일`` [``YYYY년 M월 D일``], ``Jan 9, 2026`` / ``January 9th 2026``
[``Month D, YYYY``] and ``9 Jan 2026`` [``D Month YYYY``].  Zero padding and
month-name abbreviation do not change the format id.  A range joins two dates
with ``~``, ``-``, ``–``, ``—`` or ``to`` (``2021.04.25 - 2021.04.27``); a
Korean range end may leave out the year or the month (``~ 1월 8일``, ``~ 27일``).
An optional weekday (``(금)``, ``금요일``, ``(Fri)``, ``Friday,``) and time
(``10:30``) are accepted around a single date.

A date-shaped label that names no real day (``2021.02.30``, month 13, a range
that ends before it starts, a weekday that does not match) is kept as a
:class:`DateMark` whose ``problem`` says why; fields equal to zero
(``2024.1.0``) are read as version numbers, not dates.

Use :func:`segment` through ``doc.memo(segment)`` so that every rule shares one
index per document; :func:`sections` and :func:`log_entries` are shortcuts.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it.token import Token

from notelint.diagnostics import Position, Span
from notelint.document import Document

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_KO_WEEKDAYS = "월화수목금토일"

_MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])")
_DAY = r"(?P<d>[0-9]{1,2})(?![0-9])"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>[0-9]{4})(?![0-9])"
_EN_WEEKDAY = (r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
               r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?(?![a-z])")

_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (fid, re.compile(rx, re.I)) for fid, rx in (
        ("YYYY.MM.DD", _YEAR + r"\.(?P<m>[0-9]{1,2})\." + _DAY),
        ("YYYY. M. D.", _YEAR + r"\.[ ](?P<m>[0-9]{1,2})\.[ ]" + _DAY + r"\.?"),
        ("YYYY-MM-DD", _YEAR + r"-(?P<m>[0-9]{1,2})-" + _DAY),
        ("YYYY/MM/DD", _YEAR + r"/(?P<m>[0-9]{1,2})/" + _DAY),
        ("YYYY년 M월 D일", _YEAR + r"[ ]?년[ ]?(?P<m>[0-9]{1,2})[ ]?월[ ]?" + _DAY + r"[ ]?일"),
        ("Month D, YYYY", _MONTH + r"[ ]+" + _DAY + _ORD + r",?[ ]+" + _YEAR),
        ("D Month YYYY", _DAY + _ORD + r"[ ]+" + _MONTH + r",?[ ]+" + _YEAR),
    )
)
_KO_SHORT_END = re.compile(r"(?:(?P<m>[0-9]{1,2})[ ]?월[ ]?)?" + _DAY + r"[ ]?일")
_RANGE_SEP = re.compile(r"[ ]*(?:~|～|–|—|-|to(?![a-z]))[ ]*", re.I)
_WEEKDAY_BEFORE = re.compile(r"(?P<en>" + _EN_WEEKDAY + r"),?[ ]+", re.I)
_WEEKDAY_AFTER = re.compile(
    r"[ ]*,?[ ]*(?:[(\[（][ ]*(?:(?P<en>" + _EN_WEEKDAY + r")|(?P<ko>[월화수목금토일])(?:요일)?)[ ]*[)\]）]"
    r"|(?P<en2>" + _EN_WEEKDAY + r")|(?P<ko2>[월화수목금토일])요일)", re.I)
_TIME = re.compile(r"[ ]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9])")
_DECORATION = re.compile(r"[\W_]*")
_DIGIT = re.compile(r"[0-9]")
_WORD = re.compile(r"[^\W_]")


class DateLocation(enum.Enum):
    """Where an entry's date label is."""

    HEADING = "heading"
    FIRST_LINE = "first line"


@dataclass(frozen=True)
class DateMark:
    """A date (or date range) that labels a section.

    Attributes:
        start: the first day, or ``None`` when the label names no real day.
        end: the last day (equal to ``start`` for a single date), or ``None``.
        raw: the date text exactly as written, without surrounding emphasis
            or brackets, but with an attached weekday or time.
        format: the format id of the (first) date, e.g. ``"YYYY.MM.DD"``.
        start_offset: where ``raw`` starts, as a 0-based code-point offset in
            the document's normalised text (or in the string given to
            :func:`parse_date_label`).
        end_offset: where ``raw`` ends (exclusive).
        problem: why the label names no real day (``"February 2021 has 28
            days"``), or ``None`` when it is valid.
        is_range: whether the label is a range of two dates.
    """

    start: _dt.date | None
    end: _dt.date | None
    raw: str
    format: str
    start_offset: int
    end_offset: int
    problem: str | None = None
    is_range: bool = False

    @property
    def valid(self) -> bool:
        """Whether the label names real days (``problem`` is ``None``)."""
        return self.problem is None


class _Invalid(Exception):
    """A date-shaped text that names no day; the message says why."""


def _day(y: int, m: int, d: int) -> _dt.date:
    """The date ``y-m-d``; raises :class:`_Invalid` with the reason when there is none."""
    if m > 12:
        raise _Invalid(f"there is no month {m}")
    last = calendar.monthrange(y, m)[1]
    if d > last:
        raise _Invalid(f"{MONTH_NAMES[m - 1]} {y} has {last} days")
    return _dt.date(y, m, d)


def _month_number(name: str) -> int:
    return [n[:3].lower() for n in MONTH_NAMES].index(name[:3].lower()) + 1


def _match_date(text: str, pos: int) -> tuple[int, str, tuple[int, int, int]] | None:
    """Match one full date at ``pos``: ``(end, format id, (year, month, day))``."""
    for fid, rx in _FORMATS:
        m = rx.match(text, pos)
        if m is None:
            continue
        month = _month_number(m["mon"]) if "mon" in rx.groupindex else int(m["m"])
        ymd = (int(m["y"]), month, int(m["d"]))
        if 0 in ymd:
            return None
        return m.end(), fid, ymd
    return None


def _weekday_index(m: re.Match[str]) -> int:
    en = m.groupdict().get("en") or m.groupdict().get("en2")
    if en:
        return [n[:3].lower() for n in WEEKDAY_NAMES].index(en[:3].lower())
    return _KO_WEEKDAYS.index(m.group("ko") or m.group("ko2"))


def _decoration_end(text: str, pos: int) -> int:
    """Where the run of decoration (anything but letters and digits) starting at ``pos`` ends."""
    m = _DECORATION.match(text, pos)
    return m.end() if m else pos


def parse_date_label(text: str, *, allow_title: bool = False) -> DateMark | None:
    """Read ``text`` as a date label; ``None`` when it is not one.

    Args:
        text: one line: a heading's text or a paragraph's first line, as
            written in the source (emphasis markers included).
        allow_title: accept text after the date when a space or punctuation
            separates it (headings); otherwise only decoration (emphasis,
            brackets, punctuation, symbols) may surround the date.

    Returns:
        A :class:`DateMark` with offsets relative to ``text``.
    """
    if not _DIGIT.search(text):
        return None  # every recognised date has a year written in digits
    pos = start_at = _decoration_end(text, 0)
    weekday: int | None = None
    if (wm := _WEEKDAY_BEFORE.match(text, pos)) and _match_date(text, wm.end()):
        weekday, pos = _weekday_index(wm), wm.end()
    first = _match_date(text, pos)
    if first is None:
        return None
    end, fid, ymd = first
    second: tuple[int, int, int] | None = None
    if (sep := _RANGE_SEP.match(text, end)) and sep.end() > end:
        full = _match_date(text, sep.end())
        if full is not None:
            end, second = full[0], full[2]
        elif fid.startswith("YYYY년") and (ko := _KO_SHORT_END.match(text, sep.end())):
            end = ko.end()
            second = (ymd[0], int(ko["m"] or ymd[1]), int(ko["d"]))
            if second[1] < ymd[1]:  # "12월 24일 ~ 1월 8일" crosses the year
                second = (ymd[0] + 1, *second[1:])
    wm = _WEEKDAY_AFTER.match(text, end) if second is None and weekday is None else None
    # a bare weekday counts only as the last word: "2024-08-27 Sun Microsystems" is a title
    if wm and (wm["en"] or wm["ko"] or _decoration_end(text, wm.end()) == len(text)):
        weekday, end = _weekday_index(wm), wm.end()
    if second is None and (tm := _TIME.match(text, end)):
        end = tm.end()
    rest = text[end:]
    if rest and (_WORD.match(rest) or (not allow_title and _decoration_end(rest, 0) < len(rest))):
        return None
    raw = text[start_at:end]
    try:
        start = _day(*ymd)
        last = _day(*second) if second else start
        if last < start:
            raise _Invalid("the range ends before it starts")
        if weekday is not None and start.weekday() != weekday:
            raise _Invalid(f"{MONTH_NAMES[start.month - 1]} {start.day}, {start.year} is a "
                           f"{WEEKDAY_NAMES[start.weekday()]}, not a {WEEKDAY_NAMES[weekday]}")
    except _Invalid as exc:
        return DateMark(None, None, raw, fid, start_at, end, str(exc), second is not None)
    return DateMark(start, last, raw, fid, start_at, end, None, second is not None)


@dataclass(frozen=True)
class Entry:
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


@dataclass(frozen=True)
class EntryIndex:
    """Every section of one document, in document order.

    Attributes:
        sections: all sections, dated or not.
        groups: sections grouped as siblings (same parent, same level), each
            group in document order; groups ordered by their first section.
        text: the document's normalised text (for :meth:`body`).
    """

    sections: tuple[Entry, ...]
    groups: tuple[tuple[Entry, ...], ...]
    text: str = field(repr=False, default="")

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
    """The inline token of the first block after the heading at ``i``, if that is a paragraph."""
    j = i + 3  # heading_open, inline, heading_close
    while j < len(tokens) and tokens[j].type == "html_block" and tokens[j].content.lstrip().startswith("<!--"):
        j += 1  # an invisible comment (e.g. a notelint directive) does not count
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


def _date_of(doc: Document, i: int) -> tuple[DateMark | None, DateLocation | None, int | None]:
    """The date label of the heading at token ``i``: ``(mark, location, date line)``."""
    tokens = doc.tokens
    heading = tokens[i + 1]
    text = heading.content.split("\n", 1)[0]
    if heading.map and (mark := parse_date_label(text, allow_title=True)):
        return _locate(doc, heading, text, mark), DateLocation.HEADING, None
    para = _first_paragraph(tokens, i)
    if para is not None and para.map:
        text = para.content.split("\n", 1)[0]
        if mark := parse_date_label(text):
            return _locate(doc, para, text, mark), DateLocation.FIRST_LINE, para.map[0] + 1
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
    sections: list[Entry] = []
    for k, i in enumerate(heads):
        _tok, raw_end = doc.tokens[i], ends[k]
        below = starts[maps[k][1]] if maps[k][1] < len(starts) else len(text)
        body_start = _skip_blank_lines(text, min(below, raw_end), raw_end)
        body_end = body_start + len(text[body_start:raw_end].rstrip())
        mark, where, date_line = _date_of(doc, i)
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
