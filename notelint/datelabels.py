"""Date labels: the dates that head a log entry, in the shapes people write them.

:func:`parse_date_label` reads one line (a heading's text, or the first line
of an entry) as a date label.  Recognised shapes, with the format ids used to
compare formats (DT004) in brackets:

* ISO and other year-first numbers: ``2021-04-25`` [``YYYY-MM-DD``],
  ``2021.04.25`` [``YYYY.MM.DD``], ``2021. 4. 25.`` [``YYYY. M. D.``],
  ``2021/04/25`` [``YYYY/MM/DD``];
* Korean: ``2026년 1월 9일`` [``YYYY년 M월 D일``];
* English month names and abbreviations, with or without ordinals and
  commas: ``Jan 9, 2026``, ``January, 01, 2020``, ``Sept 3rd 2021``
  [``Month D, YYYY``]; ``9 Jan 2026``, ``4th of January, 2020``
  [``D Month YYYY``]; ``09-Jul-2020`` [``D-Mon-YYYY``]; compact ``09JUL2020``
  [``DDMONYYYY``];
* day-month-year or month-day-year numbers, ``01/09/2020``, ``9.1.2020``,
  ``09-01-2020`` [``MM/DD/YYYY``, ``DD.MM.YYYY``, ...]: which field is the
  month is decided per file (see :func:`decide_day_first`).

Zero padding and month-name abbreviation do not change the format id.

A range joins two dates with ``~``, ``-``, ``–``, ``—`` or ``to``
(``2021.04.25 - 2021.04.27``); its end may leave out what it shares with the
start: ``2024년 3월 2일 ~ 3월 9일``, ``2025년 12월 24일~27일``,
``2021.05.22-24``, ``2024-08-27 ~ 09-02``, ``February 17-21, 2020``,
``Jan 30 - Feb 2, 2020``.  A weekday may stand before a date (``Friday, Jan
9, 2026``) or after each date of a label (``(금)``, ``금요일``, ``(Fri)``,
``Friday``), and a time (``10:30``) may follow a single date.

In a heading a short label may come before the date: ``Day 12: January 15,
2020``, ``Day 45-50: February 17-21, 2020``, ``R1D12 - 09JUL2020``,
``Standup (2024-08-27)``; a title may follow the date after a space or a
separator (``2024-08-27 — Standup``).  On an entry's first line only
decoration (emphasis, brackets, punctuation, symbols) and such a label may
surround the date.

A date-shaped label that names no real day (``2021.02.30``, month 13, a range
that ends before it starts, a weekday that does not match) is returned with
``problem`` saying why; fields equal to zero (``2024.1.0``) are read as
version numbers, not dates.  Years must have four digits.

The recogniser is written by hand rather than on a general date parser
(dateparser, dateutil): it must give exact source offsets, say *why* a
date-shaped text names no day, and refuse dates in prose, which general
parsers are built to accept.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from typing import NamedTuple

from notelint.lazy import lazy_compile

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_KO_WEEKDAYS = "월화수목금토일"


def _month(name: str) -> str:
    return (rf"(?P<{name}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
            rf"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?")


_DAY = r"(?P<d>[0-9]{1,2})(?![0-9])"
_ORD = r"(?:st|nd|rd|th)?(?![a-z])"
_YEAR = r"(?P<y>[0-9]{4})(?![0-9])"
_DASH = r"[ ]*[-–~][ ]*"
_EN_WEEKDAY = (r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
               r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?(?![a-z])")

#: English month and weekday names match in any case of ASCII letters only: with Unicode case
#: folding, ``ſ`` (long s) would match ``s`` and ``K`` (the Kelvin sign) ``k``, so ``ſun`` would
#: be read as a weekday that no name lookup knows.
_EN_CASE = re.IGNORECASE | re.ASCII

_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (fid, lazy_compile(rx, _EN_CASE)) for fid, rx in (
        ("YYYY.MM.DD", _YEAR + r"\.(?P<m>[0-9]{1,2})\." + _DAY + r"(?!\.[0-9])"),
        ("YYYY. M. D.", _YEAR + r"\.[ ](?P<m>[0-9]{1,2})\.[ ]" + _DAY + r"\.?"),
        ("YYYY-MM-DD", _YEAR + r"-(?P<m>[0-9]{1,2})-" + _DAY + r"(?!-[0-9]{1,2}-)"),
        ("YYYY/MM/DD", _YEAR + r"/(?P<m>[0-9]{1,2})/" + _DAY),
        ("YYYY년 M월 D일", _YEAR + r"[ ]?년[ ]?(?P<m>[0-9]{1,2})[ ]?월[ ]?" + _DAY + r"[ ]?일"),
        # "January 4, 2020", "January, 01, 2020", "Feb 17-21, 2020", "Jan 30 - Feb 2, 2020"
        ("Month D, YYYY", _month("mon") + r",?[ ]+" + _DAY + _ORD
         + r"(?:" + _DASH + r"(?:" + _month("mon2") + r"[ ]+)?(?P<d2>[0-9]{1,2})(?![0-9])" + _ORD + r")?"
         + r",?[ ]+" + _YEAR),
        # "9 Jan 2026", "4th of January, 2020", "17-21 February 2020"
        ("D Month YYYY", _DAY + _ORD + r"(?:" + _DASH + r"(?P<d2>[0-9]{1,2})(?![0-9])" + _ORD + r")?"
         + r"(?:[ ]+of)?[ ]+" + _month("mon") + r",?[ ]+" + _YEAR),
        ("D-Mon-YYYY", _DAY + r"-" + _month("mon") + r"-" + _YEAR),
        ("DDMONYYYY", _DAY + _month("mon") + _YEAR),
    )
)
_NUMERIC = lazy_compile(r"(?P<a>[0-9]{1,2})(?P<sep>[./-])(?P<b>[0-9]{1,2})(?P=sep)" + _YEAR)
_NUMERIC_SCAN = lazy_compile(r"(?<![0-9.\-/])([0-9]{1,2})([./-])([0-9]{1,2})\2([0-9]{4})(?![0-9])")
_KO_SHORT_END = lazy_compile(r"(?:(?P<m>[0-9]{1,2})[ ]?월[ ]?)?" + _DAY + r"[ ]?일")
_RANGE_SEP = lazy_compile(r"[ ]*(?:~|～|–|—|-|to(?![a-z]))[ ]*", _EN_CASE)
_WEEKDAY_BEFORE = lazy_compile(r"(?P<en>" + _EN_WEEKDAY + r"),?[ ]+", _EN_CASE)
_WEEKDAY_AFTER = lazy_compile(
    r"[ ]*,?[ ]*(?:[(\[（][ ]*(?:(?P<en>" + _EN_WEEKDAY + r")|(?P<ko>[월화수목금토일])(?:요일)?)[ ]*[)\]）]"
    r"|(?P<en2>" + _EN_WEEKDAY + r")|(?P<ko2>[월화수목금토일])요일)", _EN_CASE)
_TIME = lazy_compile(r"[ ]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9])")
# A short label before the date: "Day 12", "Day 45-50", "Day 56, 57", "R1D12", "Standup".
_LABEL_WORD = r"[^\W_]+(?:[+#.'’-][^\W_]+)*"
_LABEL = lazy_compile(
    r"#?" + _LABEL_WORD + r"(?:(?:[ ]|,[ ]?|[ ]?&[ ]?)#?" + _LABEL_WORD + r"){0,4}"
    r"(?:[ ]*[:|·–—-][ ]*|,[ ]*|[ ]+(?=[(\[]))")
_MAX_LABEL = 40
_LABEL_ONLY = lazy_compile(r"#?" + _LABEL_WORD + r"(?:(?:[ ]|,[ ]?|[ ]?&[ ]?)#?" + _LABEL_WORD + r"){0,4}")
# The dashes apart from the other separators: a class of them all is costlier to compile.
_LABEL_END = lazy_compile(r"[ ]*(?:[-:|·,(\[]|[–—]|$)")
_NUMBERS = lazy_compile(r"[0-9]+(?:[ ]*[-,&~][ ]*[0-9]+)*")
_LETTER = lazy_compile(r"[^\W\d_]")
_DECORATION = lazy_compile(r"[\W_]*")
_DIGIT = lazy_compile(r"[0-9]")
_WORD = lazy_compile(r"[^\W_]")


class DateMark(NamedTuple):
    """A date (or date range) that labels a section.

    Attributes:
        start: the first day, or ``None`` when the label names no real day.
        end: the last day (equal to ``start`` for a single date), or ``None``.
        raw: the date text exactly as written, without surrounding emphasis,
            brackets or label, but with an attached weekday or time.
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


#: Days in each month of a common year (``calendar.mdays``).
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(y: int, m: int) -> int:
    """``calendar.monthrange(y, m)[1]``: the days of month ``m`` (1-12) of year ``y``
    (Gregorian leap years), without importing :mod:`calendar` (a few milliseconds of
    every run, for this one sum).

    Raises:
        calendar.IllegalMonthError: ``m`` is not 1-12 (as ``calendar.monthrange``).
    """
    if not 1 <= m <= 12:
        import calendar

        return calendar.monthrange(y, m)[1]
    if m == 2 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0):
        return 29
    return _MONTH_DAYS[m]


def _day(y: int, m: int, d: int) -> _dt.date:
    """The date ``y-m-d``; raises :class:`_Invalid` with the reason when there is none."""
    if m > 12:
        raise _Invalid(f"there is no month {m}")
    last = days_in_month(y, m)
    if d > last:
        raise _Invalid(f"{MONTH_NAMES[m - 1]} {y} has {last} days")
    return _dt.date(y, m, d)


def real_day(year: int, month: int, day: int) -> tuple[_dt.date | None, str | None]:
    """``(date, None)`` for a real day, ``(None, reason)`` otherwise.

    The reason reads as in the DT messages: ``"February 2021 has 28 days"``,
    ``"there is no month 13"``, ``"there is no day 0"``.
    """
    if month == 0 or day == 0:
        return None, f"there is no {'month' if month == 0 else 'day'} 0"
    try:
        return _day(year, month, day), None
    except _Invalid as exc:
        return None, str(exc)


def _month_number(name: str) -> int:
    return [n[:3].lower() for n in MONTH_NAMES].index(name[:3].lower()) + 1


YMD = tuple[int, int, int]


class _Match(NamedTuple):
    """One date matched in a label: where it ends, its format, its day(s)."""

    end: int
    fid: str
    ymd: YMD
    inner_end: YMD | None  # "Feb 17-21, 2020": the range is inside the date
    sep: str = ""  # the separator of a numeric date, for a shortened range end


#: What stands after the year of each year-first format (see :func:`_may_start`).
_AFTER_YEAR = {"YYYY.MM.DD": ".", "YYYY. M. D.": ".", "YYYY-MM-DD": "-", "YYYY/MM/DD": "/",
               "YYYY년 M월 D일": " 년"}


def _may_start(fid: str, head: str) -> bool:
    """Whether a date of format ``fid`` may start a text that starts with ``head`` (its
    first five characters): four digits and the format's separator for a year-first
    format, a letter for a month-first one, a digit for the others.

    A cheap test before the format's pattern is compiled and tried: ``False`` only where
    the pattern cannot match (``str.isdigit`` and ``str.isalpha`` accept more than the
    ASCII digits and the letters of month names, and a text shorter than five characters
    passes).
    """
    if fid[0] == "Y":
        return head[:4].isdigit() and head[4:] in _AFTER_YEAR[fid]
    if fid[0] == "M":
        return head[:1].isalpha()
    return head[:1].isdigit()


def _match_date(text: str, pos: int, day_first: bool | None) -> _Match | None:
    """Match one full date at ``pos``."""
    head = text[pos:pos + 5]
    for fid, rx in _FORMATS:
        if not _may_start(fid, head):
            continue
        m = rx.match(text, pos)
        if m is None:
            continue
        groups = m.groupdict()
        month = _month_number(groups["mon"]) if "mon" in groups else int(groups["m"])
        y, d = int(groups["y"]), int(groups["d"])
        inner: YMD | None = None
        if groups.get("d2"):
            m2 = _month_number(groups["mon2"]) if groups.get("mon2") else month
            inner = (y, m2, int(groups["d2"]))
            if (m2, inner[2]) < (month, d) and m2 < month:  # "Dec 30 - Jan 2, 2021"
                y -= 1
        ymd = (y, month, d)
        if 0 in ymd or (inner and 0 in inner):
            return None
        sep = fid[4] if fid[4] in ".-/" and fid[5] != " " else ""
        return _Match(m.end(), fid, ymd, inner, sep)
    m = _NUMERIC.match(text, pos) if head[:1].isdigit() else None
    if m is None:
        return None
    a, b, y, sep = int(m["a"]), int(m["b"]), int(m["y"]), m["sep"]
    if 0 in (a, b):
        return None
    if day_first is None:
        day_first = a > 12 >= b
    fid = f"DD{sep}MM{sep}YYYY" if day_first else f"MM{sep}DD{sep}YYYY"
    return _Match(m.end(), fid, (y, b, a) if day_first else (y, a, b), None)


def decide_day_first(lines: Iterable[str]) -> bool | None:
    """Whether the numeric dates ``A/B/YYYY`` of one file put the day first.

    Evidence, strongest first: fields above 12 (``25/01/2020`` is day-first;
    the majority wins when both readings occur); then the reading under
    which consecutive dates lie closer together (a log of ``01/02``,
    ``01/03``, ``01/04`` moves one day at a time month-first, a month at a
    time day-first).  Ties read month-first.

    Args:
        lines: the candidate label lines of the file, in order.

    Returns:
        ``True`` (day first), ``False`` (month first), or ``None`` when the
        lines hold no such date.
    """
    pairs = [(int(m[1]), int(m[3]), int(m[4])) for line in lines for m in _NUMERIC_SCAN.finditer(line)]
    if not pairs:
        return None
    day_first = sum(a > 12 >= b for a, b, _ in pairs)
    month_first = sum(b > 12 >= a for a, b, _ in pairs)
    if day_first != month_first:
        return day_first > month_first

    def spread(flip: bool) -> int:
        days = []
        for a, b, y in pairs:
            try:
                days.append(_dt.date(y, b, a) if flip else _dt.date(y, a, b))
            except ValueError:
                continue
        return sum(abs((q - p).days) for p, q in zip(days, days[1:]))

    return spread(True) < spread(False)


def label_shape(title: str) -> str | None:
    """The shape of the numbered label a heading starts with, numbers left out.

    ``"Day 12: January 15, 2020"``, ``"Day 45-50: February 17-21, 2020"`` and
    ``"Day 13"`` all give ``"day #"``; ``"R1D12 - 09JUL2020"`` gives
    ``"r#d#"``.  ``None`` when the heading does not start with a short label
    of letters and numbers followed by a separator or the end of the text
    (``"2024-08-27 — Standup"``, ``"Backlog"``, ``"1. K-NN"``).
    """
    pos = _decoration_end(title, 0)
    if not _DIGIT.search(title, pos):
        return None  # the label would have no number
    m = _LABEL_ONLY.match(title, pos)
    if m is None or m.end() - pos > _MAX_LABEL or not _LABEL_END.match(title, m.end()):
        return None
    label = m.group()
    if not _DIGIT.search(label) or not _LETTER.search(label):
        return None
    return _NUMBERS.sub("#", label.casefold())


def _weekday_index(m: re.Match[str]) -> int:
    en = m.groupdict().get("en") or m.groupdict().get("en2")
    if en:
        return [n[:3].lower() for n in WEEKDAY_NAMES].index(en[:3].lower())
    return _KO_WEEKDAYS.index(m.group("ko") or m.group("ko2"))


def _decoration_end(text: str, pos: int) -> int:
    """Where the run of decoration (anything but letters and digits) starting at ``pos`` ends."""
    m = _DECORATION.match(text, pos)
    return m.end() if m else pos


def _skip_spaces(text: str, pos: int) -> int:
    """Where the run of spaces (U+0020 only) starting at ``pos`` ends."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _range_separator(text: str, pos: int) -> re.Match[str] | None:
    """``_RANGE_SEP.match(text, pos)``, without compiling it when the first character
    after the spaces at ``pos`` cannot start a separator (``~``, ``～``, ``–``, ``—``,
    ``-`` or ``to``)."""
    after = _skip_spaces(text, pos)
    if after == len(text) or text[after] not in "~～–—-tT":
        return None
    return _RANGE_SEP.match(text, pos)


def _weekday_may_follow(text: str, pos: int) -> bool:
    """Whether ``_WEEKDAY_AFTER`` may match at ``pos``: after spaces, a comma and spaces,
    a bracket or a letter (a weekday name); a cheap test before the pattern is compiled."""
    after = _skip_spaces(text, pos)
    if after < len(text) and text[after] == ",":
        after = _skip_spaces(text, after + 1)
    return after < len(text) and (text[after] in "([（" or text[after].isalpha())


def _weekday_after(text: str, pos: int) -> tuple[int, int] | None:
    """A weekday written after a date at ``pos``: ``(weekday index, end)``.

    A bare weekday (``Sun``) counts only as the last word: ``2024-08-27 Sun
    Microsystems`` is a title.
    """
    if not _weekday_may_follow(text, pos):
        return None
    wm = _WEEKDAY_AFTER.match(text, pos)
    if wm and (wm["en"] or wm["ko"] or _decoration_end(text, wm.end()) == len(text)
               or _range_separator(text, wm.end())):
        return _weekday_index(wm), wm.end()
    return None


def _short_end(text: str, pos: int, first: _Match) -> tuple[int, YMD] | None:
    """A range end that leaves out what it shares with the start (``~ 1월 8일``, ``-24``)."""
    y, mo, _d = first.ymd
    if first.fid.startswith("YYYY년"):
        ko = _KO_SHORT_END.match(text, pos)
        if ko is None:
            return None
        end, m2, d2 = ko.end(), int(ko["m"] or mo), int(ko["d"])
    elif first.sep and first.fid.startswith("YYYY"):
        sep = re.escape(first.sep)
        sm = re.compile(rf"(?:(?P<m>[0-9]{{1,2}}){sep})?(?P<d>[0-9]{{1,2}})(?![0-9]|{sep}[0-9])").match(text, pos)
        if sm is None:
            return None
        end, m2, d2 = sm.end(), int(sm["m"] or mo), int(sm["d"])
    else:
        return None
    if 0 in (m2, d2):
        return None
    return end, (y + 1 if m2 < mo else y, m2, d2)  # "12월 24일 ~ 1월 8일" crosses the year


def _weekday_problem(ymd: YMD, weekday: int | None) -> None:
    if weekday is None:
        return
    day = _day(*ymd)
    if day.weekday() != weekday:
        raise _Invalid(f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year} is a "
                       f"{WEEKDAY_NAMES[day.weekday()]}, not a {WEEKDAY_NAMES[weekday]}")


def _date_at(text: str, pos: int, day_first: bool | None) -> tuple[int, _Match, int | None] | None:
    """A date at ``pos``, with a weekday written before it: ``(date start, match, weekday)``."""
    if (text[pos:pos + 1].isalpha() and (wm := _WEEKDAY_BEFORE.match(text, pos))
            and (first := _match_date(text, wm.end(), day_first))):
        return pos, first, _weekday_index(wm)
    if first := _match_date(text, pos, day_first):
        return pos, first, None
    return None


def parse_date_label(text: str, *, allow_title: bool = False,
                     day_first: bool | None = None) -> DateMark | None:
    """Read ``text`` as a date label; ``None`` when it is not one.

    Args:
        text: one line: a heading's text or a paragraph's first line, as
            written in the source (emphasis markers included).
        allow_title: accept text after the date when a space or punctuation
            separates it (headings); otherwise only decoration (emphasis,
            brackets, punctuation, symbols) may follow the date.
        day_first: how to read ``A/B/YYYY`` numbers: day first, month first,
            or (``None``) month first unless ``A`` is above 12.  Decide it
            per file with :func:`decide_day_first`.

    Returns:
        A :class:`DateMark` with offsets relative to ``text``.
    """
    if not _DIGIT.search(text):
        return None  # every recognised date has a year written in digits
    pos = _decoration_end(text, 0)
    found = _date_at(text, pos, day_first)
    if found is None and (lm := _LABEL.match(text, pos)) and lm.end() - pos <= _MAX_LABEL:
        found = _date_at(text, _decoration_end(text, lm.end()), day_first)
    if found is None:
        return None
    start_at, first, weekday = found
    end, second = first.end, first.inner_end
    weekday2: int | None = None
    if second is None and (wa := _weekday_after(text, end)) and weekday is None:
        weekday, end = wa
    if second is None and (sep := _range_separator(text, end)) and sep.end() > end:
        full = _date_at(text, sep.end(), day_first)
        if full is not None:
            end, second, weekday2 = full[1].end, full[1].ymd, full[2]
        elif short := _short_end(text, sep.end(), first):
            end, second = short
        if second is not None and (wa := _weekday_after(text, end)) and weekday2 is None:
            weekday2, end = wa
    elif second is not None and (wa := _weekday_after(text, end)):
        weekday2, end = wa
    if second is None and text.startswith(" ", end) and (tm := _TIME.match(text, end)):
        end = tm.end()
    rest = text[end:]
    if rest and (_WORD.match(rest) or (not allow_title and _decoration_end(rest, 0) < len(rest))):
        return None
    raw = text[start_at:end]
    try:
        start = _day(*first.ymd)
        last = _day(*second) if second else start
        _weekday_problem(first.ymd, weekday)
        if second:
            _weekday_problem(second, weekday2)
        if last < start:
            raise _Invalid("the range ends before it starts")
    except _Invalid as exc:
        return DateMark(None, None, raw, first.fid, start_at, end, str(exc), second is not None)
    return DateMark(start, last, raw, first.fid, start_at, end, None, second is not None)
