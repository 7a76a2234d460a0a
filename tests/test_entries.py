"""The entry model: date labels and the segmentation of a note into sections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from notelint.document import Document
from notelint.entries import (
    DateLocation,
    Entry,
    decide_day_first,
    log_entries,
    parse_date_label,
    sections,
    segment,
)

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "content"
D = dt.date


def _corpus_doc(name: str) -> Document:
    path = CORPUS / name
    if not path.is_file():
        pytest.fail(f"the real notes are missing: expected {path}")
    return Document.from_text(path.read_text(encoding="utf-8"), name)


# -- date labels -------------------------------------------------------------


@pytest.mark.parametrize(("text", "heading", "raw", "fmt", "start", "end"), [
    ("*2021.04.25*", False, "2021.04.25", "YYYY.MM.DD", D(2021, 4, 25), D(2021, 4, 25)),
    ("**2021.04.25**  ", False, "2021.04.25", "YYYY.MM.DD", D(2021, 4, 25), D(2021, 4, 25)),
    ("2021-04-25", False, "2021-04-25", "YYYY-MM-DD", D(2021, 4, 25), D(2021, 4, 25)),
    ("2021/04/25", False, "2021/04/25", "YYYY/MM/DD", D(2021, 4, 25), D(2021, 4, 25)),
    ("2021. 4. 25.", False, "2021. 4. 25.", "YYYY. M. D.", D(2021, 4, 25), D(2021, 4, 25)),
    ("2026년 1월 9일", True, "2026년 1월 9일", "YYYY년 M월 D일", D(2026, 1, 9), D(2026, 1, 9)),
    ("2026년 1월 9일 (금)", True, "2026년 1월 9일 (금)", "YYYY년 M월 D일", D(2026, 1, 9), D(2026, 1, 9)),
    ("2026년 1월 9일 금요일", True, "2026년 1월 9일 금요일", "YYYY년 M월 D일", D(2026, 1, 9), D(2026, 1, 9)),
    ("Jan 9, 2026", True, "Jan 9, 2026", "Month D, YYYY", D(2026, 1, 9), D(2026, 1, 9)),
    ("January 9, 2026", False, "January 9, 2026", "Month D, YYYY", D(2026, 1, 9), D(2026, 1, 9)),
    ("Friday, Jan 9, 2026", True, "Friday, Jan 9, 2026", "Month D, YYYY", D(2026, 1, 9), D(2026, 1, 9)),
    ("Sept 3rd 2021", True, "Sept 3rd 2021", "Month D, YYYY", D(2021, 9, 3), D(2021, 9, 3)),
    ("9 Jan 2026", False, "9 Jan 2026", "D Month YYYY", D(2026, 1, 9), D(2026, 1, 9)),
    ("2025년 12월 24일 ~ 2026년 1월 8일", True, "2025년 12월 24일 ~ 2026년 1월 8일", "YYYY년 M월 D일",
     D(2025, 12, 24), D(2026, 1, 8)),
    ("2025년 12월 24일 ~ 1월 8일", True, "2025년 12월 24일 ~ 1월 8일", "YYYY년 M월 D일",
     D(2025, 12, 24), D(2026, 1, 8)),
    ("2025년 12월 24일~27일", True, "2025년 12월 24일~27일", "YYYY년 M월 D일", D(2025, 12, 24), D(2025, 12, 27)),
    ("2021.04.25 - 2021.04.27", False, "2021.04.25 - 2021.04.27", "YYYY.MM.DD", D(2021, 4, 25), D(2021, 4, 27)),
    ("Jan 9, 2026 to Jan 12, 2026", True, "Jan 9, 2026 to Jan 12, 2026", "Month D, YYYY",
     D(2026, 1, 9), D(2026, 1, 12)),
    ("📅 [2024-08-27]", False, "2024-08-27", "YYYY-MM-DD", D(2024, 8, 27), D(2024, 8, 27)),
    ("2024-08-27 10:30", False, "2024-08-27 10:30", "YYYY-MM-DD", D(2024, 8, 27), D(2024, 8, 27)),
    ("2024-08-27 — Standup", True, "2024-08-27", "YYYY-MM-DD", D(2024, 8, 27), D(2024, 8, 27)),
    ("2024-08-27 Monitoring setup", True, "2024-08-27", "YYYY-MM-DD", D(2024, 8, 27), D(2024, 8, 27)),
    ("2024-08-27 Sun Microsystems", True, "2024-08-27", "YYYY-MM-DD", D(2024, 8, 27), D(2024, 8, 27)),
    ("2024-08-27 (Tue) standup", True, "2024-08-27 (Tue)", "YYYY-MM-DD", D(2024, 8, 27), D(2024, 8, 27)),
    ("*2024-08-27 Tuesday*", False, "2024-08-27 Tuesday", "YYYY-MM-DD", D(2024, 8, 27), D(2024, 8, 27)),
    # English month names, commas and ordinals
    ("Day 1: January, 01, 2020", True, "January, 01, 2020", "Month D, YYYY", D(2020, 1, 1), D(2020, 1, 1)),
    ("Day 0: January 3, 2020", True, "January 3, 2020", "Month D, YYYY", D(2020, 1, 3), D(2020, 1, 3)),
    ("January 4th, 2020", False, "January 4th, 2020", "Month D, YYYY", D(2020, 1, 4), D(2020, 1, 4)),
    ("4th of January, 2020", False, "4th of January, 2020", "D Month YYYY", D(2020, 1, 4), D(2020, 1, 4)),
    ("SEPT. 3, 2021", True, "SEPT. 3, 2021", "Month D, YYYY", D(2021, 9, 3), D(2021, 9, 3)),
    # ranges inside a month-name date, and with a shortened end
    ("Day 45-50: February 17-21, 2020", True, "February 17-21, 2020", "Month D, YYYY",
     D(2020, 2, 17), D(2020, 2, 21)),
    ("Jan 30 - Feb 2, 2020", True, "Jan 30 - Feb 2, 2020", "Month D, YYYY", D(2020, 1, 30), D(2020, 2, 2)),
    ("Dec 30 - Jan 2, 2021", True, "Dec 30 - Jan 2, 2021", "Month D, YYYY", D(2020, 12, 30), D(2021, 1, 2)),
    ("17-21 February 2020", True, "17-21 February 2020", "D Month YYYY", D(2020, 2, 17), D(2020, 2, 21)),
    ("2021.05.22-24", True, "2021.05.22-24", "YYYY.MM.DD", D(2021, 5, 22), D(2021, 5, 24)),
    ("2024-08-27 ~ 09-02", True, "2024-08-27 ~ 09-02", "YYYY-MM-DD", D(2024, 8, 27), D(2024, 9, 2)),
    ("2024년 3월 2일 ~ 3월 9일", True, "2024년 3월 2일 ~ 3월 9일", "YYYY년 M월 D일", D(2024, 3, 2), D(2024, 3, 9)),
    ("2024년 3월 2일 (토) ~ 3월 9일 (토)", True, "2024년 3월 2일 (토) ~ 3월 9일 (토)", "YYYY년 M월 D일",
     D(2024, 3, 2), D(2024, 3, 9)),
    ("2024년 3월 8일 (금)", True, "2024년 3월 8일 (금)", "YYYY년 M월 D일", D(2024, 3, 8), D(2024, 3, 8)),
    # compact and dashed month abbreviations, with round/day codes before them
    ("R1D12 - 09JUL2020", True, "09JUL2020", "DDMONYYYY", D(2020, 7, 9), D(2020, 7, 9)),
    ("Round 2 Day 5 (09JUL2020)", True, "09JUL2020", "DDMONYYYY", D(2020, 7, 9), D(2020, 7, 9)),
    ("09JUL2020 (Thu)", True, "09JUL2020 (Thu)", "DDMONYYYY", D(2020, 7, 9), D(2020, 7, 9)),
    ("09-Jul-2020", False, "09-Jul-2020", "D-Mon-YYYY", D(2020, 7, 9), D(2020, 7, 9)),
    # labels around the date
    ("Day 56, 57: Mar 28, 2020", True, "Mar 28, 2020", "Month D, YYYY", D(2020, 3, 28), D(2020, 3, 28)),
    ("16일차 - 2024.03.01", True, "2024.03.01", "YYYY.MM.DD", D(2024, 3, 1), D(2024, 3, 1)),
    ("Standup (2024-08-27)", True, "2024-08-27", "YYYY-MM-DD", D(2024, 8, 27), D(2024, 8, 27)),
    ("**Day 3:** Jan 6, 2020", False, "Jan 6, 2020", "Month D, YYYY", D(2020, 1, 6), D(2020, 1, 6)),
    # numbers month-first or day-first: alone, a field above 12 decides
    ("01/09/2020", False, "01/09/2020", "MM/DD/YYYY", D(2020, 1, 9), D(2020, 1, 9)),
    ("25.01.2020", False, "25.01.2020", "DD.MM.YYYY", D(2020, 1, 25), D(2020, 1, 25)),
])
def test_date_labels(text: str, heading: bool, raw: str, fmt: str, start: dt.date, end: dt.date) -> None:
    mark = parse_date_label(text, allow_title=heading)
    assert mark is not None
    assert (mark.raw, mark.format, mark.start, mark.end, mark.problem) == (raw, fmt, start, end, None)
    assert text[mark.start_offset:mark.end_offset] == raw
    assert mark.is_range == (start != end)


@pytest.mark.parametrize(("text", "heading"), [
    ("10월 6일에 진행된 AI workshop 내용을 기록합니다.", False),  # a date in prose, and no year
    ("2021년 5월 24일에 확인", False),  # a citation date glued to a particle
    ("2021년 5월 24일에 확인", True),
    ("Retrieved 12:08, May 24, 2021, from https://en.wikipedia.org", False),
    ("2024-08-27 Standup", False),  # a first line must be only the date
    ("1. K-NN의 공간 문제", True),
    ("16일차", True),
    ("토요일", True),
    ("2024.1.0", True),  # a version number: fields equal to zero are not dates
    ("May 2026", True),
    ("v2021.04.25", True),
    ("2021.04.255", True),
    ("References", True),
    ("Day 12:", True),  # a label without a date
    ("Learned about X on January 4, 2020", True),  # a date inside a sentence
    ("100 Days Of Code - Log (Round 1)", True),
    ("Day 1: January 4, 2020 was cold", False),  # a first line holds only the date
    ("Python 3.10: released", True),
    ("12/2020", True),
])
def test_not_date_labels(text: str, heading: bool) -> None:
    assert parse_date_label(text, allow_title=heading) is None


@pytest.mark.parametrize(("text", "problem"), [
    ("*2021.02.30*", "February 2021 has 28 days"),
    ("2024.02.30", "February 2024 has 29 days"),
    ("2021.13.01", "there is no month 13"),
    ("2021-04-31", "April 2021 has 30 days"),
    ("Feb 29, 2023", "February 2023 has 28 days"),
    ("2021.04.27 - 2021.04.25", "the range ends before it starts"),
    ("2026년 1월 9일 (토)", "January 9, 2026 is a Friday, not a Saturday"),
    ("Mon, Jan 9, 2026", "January 9, 2026 is a Friday, not a Monday"),
    ("Day 31: February 30, 2020", "February 2020 has 29 days"),
    ("February 17-31, 2020", "February 2020 has 29 days"),
    ("31FEB2020", "February 2020 has 29 days"),
    ("Friday, 09JUL2020", "July 9, 2020 is a Thursday, not a Friday"),
    ("2024년 3월 2일 (토) ~ 3월 9일 (금)", "March 9, 2024 is a Saturday, not a Friday"),
    ("2021.05.22-20", "the range ends before it starts"),
    ("13/13/2020", "there is no month 13"),
    ("January, 32, 2020", "January 2020 has 31 days"),
])
def test_impossible_dates_are_date_shaped_but_invalid(text: str, problem: str) -> None:
    mark = parse_date_label(text, allow_title=True)
    assert mark is not None
    assert (mark.start, mark.end, mark.valid, mark.problem) == (None, None, False, problem)


# -- segmentation ------------------------------------------------------------

LOG = """\
---
title: log
---

Intro with a date in prose: 2021.04.20.

# Log

##### 🧩 ML library

*2021.04.25*

`tf.map_fn` maps a function.

##### 🤖 ML & DL
<!-- a comment -->
2021.04.27
More text on the next line.

### 2026년 1월 9일 (금)

#### Details

Body.

### Notes

```markdown
## 2021.02.30
```

> ## 2021.04.28
"""


def test_segment_sections_dates_and_ranges() -> None:
    doc = Document.from_text(LOG)
    index = doc.memo(segment)
    assert index is doc.memo(segment)
    got = [(e.line, e.level, e.title, e.date and e.date.raw, e.date_location, e.end_line) for e in index.sections]
    assert got == [
        (7, 1, "Log", None, None, 32),
        (9, 5, "🧩 ML library", "2021.04.25", DateLocation.FIRST_LINE, 13),
        (15, 5, "🤖 ML & DL", "2021.04.27", DateLocation.FIRST_LINE, 18),
        (20, 3, "2026년 1월 9일 (금)", "2026년 1월 9일 (금)", DateLocation.HEADING, 24),
        (22, 4, "Details", None, None, 24),
        (26, 3, "Notes", None, None, 32),
    ]
    log, ml, dl, day, details, notes = index.sections
    assert [e.parent for e in index.sections] == [None, log.index, log.index, log.index, day.index, log.index]
    assert [[e.line for e in g] for g in index.groups] == [[7], [9, 15], [20, 26], [22]]
    assert index.siblings(notes) == (day, notes)
    # exact spans of the date labels and the headings
    assert ml.date is not None and str(doc.span(ml.date.start_offset, ml.date.end_offset)) == "11:2-11:12"
    assert day.date is not None and str(doc.span(day.date.start_offset, day.date.end_offset)) == "20:5-20:20"
    assert str(ml.heading) == "9:1-9:19"
    # bodies: below the heading; content starts below the date line
    assert index.body(ml) == "`tf.map_fn` maps a function."
    assert index.body(ml, after_date=False) == "*2021.04.25*\n\n`tf.map_fn` maps a function."
    assert index.body(dl) == "More text on the next line."
    assert index.body(details) == "Body."
    assert index.dated == (ml, dl, day)


def test_sections_by_level_and_log_entries() -> None:
    doc = Document.from_text(LOG)
    assert [e.title for e in sections(doc, 3)] == ["2026년 1월 9일 (금)", "Notes"]
    assert [e.line for e in log_entries(doc)] == [9, 15, 20]
    plain = Document.from_text("# Week\n\n## 토요일\n\nA\n\n## 일요일\n\nB\n\n### 메모\n")
    assert [e.title for e in log_entries(plain, level=2)] == ["토요일", "일요일"]
    assert [e.end_line for e in log_entries(plain, level=2)] == [5, 11]


def test_setext_headings_and_empty_sections() -> None:
    doc = Document.from_text("2021-04-25\n==========\n\nBody\n\nNext\n----\n")
    first, second = doc.memo(segment).sections
    assert (first.level, first.date and first.date.raw, str(first.heading)) == (1, "2021-04-25", "1:1-2:11")
    assert (second.level, second.parent, second.end_line, doc.memo(segment).body(second)) == (2, 0, 7, "")


def test_crlf_offsets_are_exact() -> None:
    doc = Document.from_text("# Log\r\n\r\n##### 🤖 ML & DL\r\n\r\n*2023.05.20*\r\n\r\nText\r\n")
    entry = doc.memo(segment).sections[1]
    assert entry.date is not None
    assert str(doc.span(entry.date.start_offset, entry.date.end_offset)) == "5:2-5:12"
    assert str(entry.heading) == "3:1-3:16"
    assert doc.memo(segment).body(entry) == "Text"


# -- the real notes ------------------------------------------------------------


def _summary(entries: tuple[Entry, ...]) -> list[tuple[int, str | None]]:
    return [(e.line, e.date.raw if e.date else None) for e in entries]


def test_real_notes_segmentation() -> None:
    til = _corpus_doc("til.md").memo(segment)
    assert len(til.dated) == 16
    assert {e.date_location for e in til.dated} == {DateLocation.FIRST_LINE}
    assert {e.date.format for e in til.dated if e.date} == {"YYYY.MM.DD"}
    assert [(e.line, e.title) for e in til.sections if e.date is None] == [(204, "References")]

    ai = _corpus_doc("til-ai-ml.md").memo(segment)
    assert len(ai.dated) == 37
    assert [(e.line, e.level) for e in ai.sections if e.date is None] == [(474, 5), (491, 3)]
    assert _summary(ai.dated)[-6:-1] == [(409, "2023.05.05"), (425, "2023.05.12"), (437, "2023.05.15"),
                                         (451, "2023.05.20"), (457, "2023.05.20")]
    # the workshop entry mentions "10월 6일" in prose: only its label counts
    workshop = next(e for e in ai.sections if e.line == 221)
    assert workshop.date is not None and workshop.date.start == D(2022, 10, 6)

    boost = _corpus_doc("boostcamp-week4.md")
    assert boost.memo(segment).dated == ()
    assert [e.title for e in log_entries(boost, level=2)][:4] == ["토요일", "일요일", "16일차", "부캠 강의"]


# -- month-first or day-first, decided per file --------------------------------


def test_decide_day_first() -> None:
    assert decide_day_first(["## 03/04/2020", "## 25/04/2020"]) is True  # a day above 12
    assert decide_day_first(["## 04/25/2020", "## 04/03/2020"]) is False
    # no field above 12: the reading under which the log moves a day at a time
    assert decide_day_first(["01/02/2020", "02/02/2020", "03/02/2020"]) is True
    assert decide_day_first(["01/02/2020", "01/03/2020", "01/04/2020"]) is False
    assert decide_day_first(["2020-01-02", "no dates"]) is None


def test_a_file_reads_all_its_numeric_dates_the_same_way() -> None:
    doc = Document.from_text("## 01/02/2020\n\n## 02/02/2020\n\n## 03/02/2020\n\n## 13/02/2020\n")
    got = [(e.date.raw, e.date.format, e.date.start) for e in doc.memo(segment).dated if e.date]
    assert got == [("01/02/2020", "DD/MM/YYYY", D(2020, 2, 1)), ("02/02/2020", "DD/MM/YYYY", D(2020, 2, 2)),
                   ("03/02/2020", "DD/MM/YYYY", D(2020, 2, 3)), ("13/02/2020", "DD/MM/YYYY", D(2020, 2, 13))]
    us = Document.from_text("## 1.2.2020\n\n## 1.3.2020\n\n## 1.4.2020\n").memo(segment)
    assert [(e.date.format, e.date.start) for e in us.dated if e.date] == [
        ("MM.DD.YYYY", D(2020, 1, 2)), ("MM.DD.YYYY", D(2020, 1, 3)), ("MM.DD.YYYY", D(2020, 1, 4))]


# -- other people's notes -----------------------------------------------------------

NOTES_DEV = CORPUS.parents[1] / "notes-dev"

#: Dated headings in ../shared/notes-dev, counted by hand: every `### Day N: Month D, YYYY`
#: heading of lgomez9-100days/log.md (Days 0-81, with `Day 45-50` and `Day 56, 57` one heading
#: each), every `### Day N: Month, DD, YYYY` heading of lwpulsifer-100days/log.md (Days 1-100)
#: and the four `## 2021.05.19` ... `## 2021.05.22-24` headings of letsmovit-server/README.md.
#: The Korean notes date their posts in the front matter and file name, not in headings.
HAND_COUNTED_DATED_HEADINGS = {
    "lgomez9-100days/log.md": 76,
    "lwpulsifer-100days/log.md": 100,
    "letsmovit-server/README.md": 4,
}


def test_dated_headings_of_other_peoples_notes_are_entries() -> None:
    if not NOTES_DEV.is_dir():
        pytest.fail(f"the notes are missing: expected them in {NOTES_DEV}")
    recognised = {}
    for path in sorted(NOTES_DEV.rglob("*.md")):
        index = Document.from_text(path.read_text(encoding="utf-8"), path.name).memo(segment)
        heading_dated = [e for e in index.dated if e.date_location is DateLocation.HEADING]
        if heading_dated or index.dated:
            recognised[path.relative_to(NOTES_DEV).as_posix()] = len(heading_dated)
        assert len(heading_dated) == len(index.dated)  # no first-line dates in these notes
    total = sum(HAND_COUNTED_DATED_HEADINGS.values())
    found = sum(min(recognised.get(k, 0), v) for k, v in HAND_COUNTED_DATED_HEADINGS.items())
    assert found >= 0.95 * total
    assert recognised == HAND_COUNTED_DATED_HEADINGS  # and nothing else is taken for a dated heading
