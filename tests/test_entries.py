"""The entry model: date labels and the segmentation of a note into sections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from notelint.document import Document
from notelint.entries import DateLocation, Entry, log_entries, parse_date_label, sections, segment

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
