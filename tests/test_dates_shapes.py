"""Exact DT findings for every date shape: order, impossible dates, weekday mismatches."""

from __future__ import annotations

import pytest

from notelint.api import lint_text
from notelint.diagnostics import Diagnostic


def _fmt(d: Diagnostic) -> str:
    return f"{d.span.start}-{d.span.end} {d.code} {d.message}"


def _dt(text: str, select: str = "DT") -> list[str]:
    return [_fmt(d) for d in lint_text(text, select=[select])]


def _log(*headings: str) -> str:
    """A log with one entry per heading, each with a line of body text."""
    return "".join(f"### {h}\n\nNotes of the day.\n\n" for h in headings)


# Each shape: four headings in ascending order with the third moved after the fourth.
# (headings, the misplaced date as quoted, its span, the entry it comes after, where it belongs)
ORDER_CASES = [
    pytest.param(("Day 1: January 4, 2020", "Day 2: January 5, 2020", "Day 4: January 7, 2020",
                  "Day 3: January 6, 2020"),
                 "January 6, 2020", "13:12-13:27", "January 7, 2020", "January 5, 2020", id="month-name"),
    pytest.param(("Day 1: January, 01, 2020", "Day 2: January, 02, 2020", "Day 4: January, 04, 2020",
                  "Day 3: January, 03, 2020"),
                 "January, 03, 2020", "13:12-13:29", "January, 04, 2020", "January, 02, 2020", id="month-comma"),
    pytest.param(("Jan 4th, 2020", "Jan 5th, 2020", "Jan 7th, 2020", "Jan 6th, 2020"),
                 "Jan 6th, 2020", "13:5-13:18", "Jan 7th, 2020", "Jan 5th, 2020", id="abbreviation-ordinal"),
    pytest.param(("4th of January 2020", "5th of January 2020", "7th of January 2020", "6th of January 2020"),
                 "6th of January 2020", "13:5-13:24", "7th of January 2020", "5th of January 2020",
                 id="day-first-ordinal"),
    pytest.param(("R1D1 - 04JAN2020", "R1D2 - 05JAN2020", "R1D4 - 07JAN2020", "R1D3 - 06JAN2020"),
                 "06JAN2020", "13:12-13:21", "07JAN2020", "05JAN2020", id="compact-round-day-code"),
    pytest.param(("2020-01-04", "2020-01-05", "2020-01-07", "2020-01-06"),
                 "2020-01-06", "13:5-13:15", "2020-01-07", "2020-01-05", id="iso"),
    pytest.param(("2020.01.04", "2020.01.05", "2020.01.07", "2020.01.06"),
                 "2020.01.06", "13:5-13:15", "2020.01.07", "2020.01.05", id="dotted"),
    pytest.param(("01/04/2020", "01/05/2020", "01/07/2020", "01/06/2020"),
                 "01/06/2020", "13:5-13:15", "01/07/2020", "01/05/2020", id="month-first"),
    pytest.param(("04/01/2020", "05/01/2020", "07/01/2020", "06/01/2020"),
                 "06/01/2020", "13:5-13:15", "07/01/2020", "05/01/2020", id="day-first"),
    pytest.param(("2024년 3월 4일 (월)", "2024년 3월 5일 (화)", "2024년 3월 7일 (목)", "2024년 3월 6일 (수)"),
                 "2024년 3월 6일 (수)", "13:5-13:20", "2024년 3월 7일 (목)", "2024년 3월 5일 (화)",
                 id="korean-weekday"),
    pytest.param(("2024년 3월 2일 ~ 3월 9일", "2024년 3월 10일 ~ 3월 16일", "2024년 3월 24일 ~ 3월 30일",
                  "2024년 3월 17일 ~ 3월 23일"),
                 "2024년 3월 17일 ~ 3월 23일", "13:5-13:26", "2024년 3월 24일 ~ 3월 30일",
                 "2024년 3월 10일 ~ 3월 16일", id="korean-range"),
    pytest.param(("Day 1-2: January 4-5, 2020", "Day 3: January 6, 2020", "Day 6: January 9, 2020",
                  "Day 4-5: January 7-8, 2020"),
                 "January 7-8, 2020", "13:14-13:31", "January 9, 2020", "January 6, 2020", id="month-range"),
    pytest.param(("2021.05.19", "2021.05.20", "2021.05.25", "2021.05.22-24"),
                 "2021.05.22-24", "13:5-13:18", "2021.05.25", "2021.05.20", id="dotted-range"),
]


@pytest.mark.parametrize(("headings", "raw", "span", "after", "belongs"), ORDER_CASES)
def test_out_of_order_in_every_shape(headings: tuple[str, ...], raw: str, span: str, after: str,
                                     belongs: str) -> None:
    assert _dt(_log(*headings)) == [
        f"{span} DT001 Entry dated `{raw}` is out of the file's ascending order: "
        f"it comes after `{after}` (line 9) but belongs after `{belongs}` (line 5)",
    ]


@pytest.mark.parametrize(("label", "raw", "span", "problem"), [
    ("Day 3: January 32, 2020", "January 32, 2020", "1:12-1:28", "January 2020 has 31 days"),
    ("Day 60: February, 30, 2020", "February, 30, 2020", "1:13-1:31", "February 2020 has 29 days"),
    ("Day 45-50: February 27-30, 2021", "February 27-30, 2021", "1:16-1:36", "February 2021 has 28 days"),
    ("R1D3 - 31APR2020", "31APR2020", "1:12-1:21", "April 2020 has 30 days"),
    ("2021-13-01", "2021-13-01", "1:5-1:15", "there is no month 13"),
    ("2021.02.29", "2021.02.29", "1:5-1:15", "February 2021 has 28 days"),
    ("31/04/2020", "31/04/2020", "1:5-1:15", "April 2020 has 30 days"),
    ("2021년 2월 29일 (월)", "2021년 2월 29일 (월)", "1:5-1:21", "February 2021 has 28 days"),
    ("2021.05.22-19", "2021.05.22-19", "1:5-1:18", "the range ends before it starts"),
    # weekdays that do not match, in every shape that carries one
    ("2024년 3월 8일 (목)", "2024년 3월 8일 (목)", "1:5-1:20", "March 8, 2024 is a Friday, not a Thursday"),
    ("2024년 3월 8일 목요일", "2024년 3월 8일 목요일", "1:5-1:20", "March 8, 2024 is a Friday, not a Thursday"),
    ("2024년 3월 2일 (토) ~ 3월 9일 (일)", "2024년 3월 2일 (토) ~ 3월 9일 (일)", "1:5-1:32",
     "March 9, 2024 is a Saturday, not a Sunday"),
    ("Thursday, March 8, 2024", "Thursday, March 8, 2024", "1:5-1:28", "March 8, 2024 is a Friday, not a Thursday"),
    ("March 8th, 2024 (Thu)", "March 8th, 2024 (Thu)", "1:5-1:26", "March 8, 2024 is a Friday, not a Thursday"),
    ("Thu 08MAR2024", "Thu 08MAR2024", "1:5-1:18", "March 8, 2024 is a Friday, not a Thursday"),
    ("2024-03-08 (Thu) standup", "2024-03-08 (Thu)", "1:5-1:21", "March 8, 2024 is a Friday, not a Thursday"),
    ("2024.03.08 Thursday", "2024.03.08 Thursday", "1:5-1:24", "March 8, 2024 is a Friday, not a Thursday"),
    ("8 March 2024, Thursday", "8 March 2024, Thursday", "1:5-1:27", "March 8, 2024 is a Friday, not a Thursday"),
    ("Day 3: 03/08/2024 (Thu)", "03/08/2024 (Thu)", "1:12-1:28", "March 8, 2024 is a Friday, not a Thursday"),
])
def test_impossible_dates_and_weekday_mismatches_in_every_shape(label: str, raw: str, span: str,
                                                                problem: str) -> None:
    assert _dt(f"### {label}\n", "DT002") == [f"{span} DT002 Date `{raw}` is impossible: {problem}"]


def test_a_date_on_the_entry_first_line_in_a_new_shape() -> None:
    text = ("## Setup\n\n**Day 1:** January 4, 2020\n\nText.\n\n## Parser\n\n*Day 2: Jan 6, 2020*\n\nText.\n\n"
            "## Tests\n\n_Day 3 - 05JAN2020_\n\nText.\n\n## Docs\n\nJanuary 7, 2020\n\nText.\n")
    assert _dt(text) == [
        "15:10-15:19 DT001 Entry dated `05JAN2020` is out of the file's ascending order: "
        "it comes after `Jan 6, 2020` (line 9) but belongs after `January 4, 2020` (line 3)",
        "15:10-15:19 DT004 Date `05JAN2020` is written `DDMONYYYY`, but 3 of the 4 dated entries in this "
        "file use `Month D, YYYY`",
    ]


def test_typora_headings_with_a_table_of_contents() -> None:
    # a Typora-written log: a table of contents linking `#2021.05.19`, then one heading per day
    text = ("# Backend log\n\n[2021.05.19](#2021.05.19)\n\n[2021.05.21](#2021.05.21)\n\n"
            "[2021.05.20](#2021.05.20)\n\n---\n\n## 2021.05.19\n\n- signup\n\n## 2021.05.21\n\n- models\n\n"
            "## 2021.05.20\n\n- profile\n\n## 2021.05.22-24\n\n- loaddata\n")
    assert _dt(text) == [
        "19:4-19:14 DT001 Entry dated `2021.05.20` is out of the file's ascending order: "
        "it comes after `2021.05.21` (line 15) but belongs after `2021.05.19` (line 11)",
    ]


def test_day_first_or_month_first_is_decided_per_file() -> None:
    # 13/01 makes the file day-first; 02/01 is then the 2nd of January, in order
    day_first = _log("01/01/2020", "02/01/2020", "13/01/2020", "14/01/2020")
    assert _dt(day_first) == []
    # without a field above 12, the reading under which the log moves a day at a time
    month_first = _log("01/01/2020", "01/02/2020", "01/03/2020", "01/05/2020")
    assert _dt(month_first) == []
    # month-first decided by the file: 01/13/2020 cannot be read day-first
    mixed = _log("01/11/2020", "01/12/2020", "01/13/2020", "13/01/2020")
    assert _dt(mixed, "DT002") == ["13:5-13:15 DT002 Date `13/01/2020` is impossible: there is no month 13"]
