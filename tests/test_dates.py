"""The dated-entry rules (DT001-DT004) on the real notes and on hand-made logs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from notelint.api import lint_text
from notelint.config import ConfigError
from notelint.diagnostics import Diagnostic, Severity
from notelint.registry import default_registry
from notelint.rules.dates import RULES
from notelint.rules.dates.order import in_order

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "content"
NOTES = ("til.md", "til-ai-ml.md", "boostcamp-week4.md")


def _fmt(d: Diagnostic) -> str:
    return f"{d.span.start}-{d.span.end} {d.code} {d.message}"


def _dt(text: str, select: str = "DT", options: dict[str, Any] | None = None) -> list[str]:
    config = {"rules": options} if options else None
    return [_fmt(d) for d in lint_text(text, select=[select], config=config)]


# -- the real notes ------------------------------------------------------------


@pytest.fixture(scope="module")
def real_findings() -> dict[str, list[Diagnostic]]:
    found = {}
    for name in NOTES:
        path = CORPUS / name
        if not path.is_file():
            pytest.fail(f"the real notes are missing: expected {path} "
                        "(the shared corpus lives beside the repository, in ../shared/corpus/content)")
        found[name] = lint_text(path.read_text(encoding="utf-8"), path=name, select=["DT"])
    return found


def test_real_notes_exact_findings(real_findings: dict[str, list[Diagnostic]]) -> None:
    got = [(name, _fmt(d)) for name in NOTES for d in real_findings[name]]
    assert got == [(
        "til-ai-ml.md",
        "474:1-474:16 DT003 Entry `##### 🤖 ML & DL` has no date, unlike its 37 sibling entries; "
        "add a date line such as `*2023.05.20*` below the heading",
    )]
    (d,) = real_findings["til-ai-ml.md"]
    assert d.severity is Severity.WARNING
    assert [(r.line, r.column, r.message) for r in d.related] == [
        (459, 2, "the previous dated entry is `2023.05.20`"),
        (485, 2, "the next dated entry is `2023.08.12`"),
    ]


def test_real_notes_are_in_order_even_with_a_required_direction() -> None:
    # til.md and til-ai-ml.md keep the newest entries at the bottom (repeated dates included)
    for name in ("til.md", "til-ai-ml.md"):
        text = (CORPUS / name).read_text(encoding="utf-8")
        assert _dt(text, "DT001", {"DT001": {"order": "ascending"}}) == []
        assert len(_dt(text, "DT001", {"DT001": {"order": "descending"}})) > 10


# -- DT001 entry-out-of-order --------------------------------------------------

MOVED = """\
# Log

## 2024-08-01

## 2024-08-02

## 2024-08-07

## 2024-08-03

## 2024-08-04

## 2024-08-05
"""


def test_a_moved_entry_is_the_only_one_reported() -> None:
    assert _dt(MOVED) == [
        "7:4-7:14 DT001 Entry dated `2024-08-07` is out of the file's ascending order: "
        "it comes before `2024-08-03` (line 9) but belongs after `2024-08-05` (line 13)",
    ]
    (d,) = lint_text(MOVED, select=["DT001"])
    assert [(r.line, r.column, r.message) for r in d.related] == [(9, 4, "the entry dated `2024-08-03`")]


def test_descending_korean_log() -> None:
    text = ("### 2026년 1월 12일\n\n### 2026년 1월 9일 (금)\n\n### 2026년 1월 9일\n\n"
            "### 2026년 1월 2일\n\n### 2026년 1월 5일\n\n### 2025년 12월 24일 ~ 2026년 1월 1일\n")
    # 1월 2일 or 1월 5일 could be the misplaced one: the entry where the order breaks, as the
    # note is read, is reported
    assert _dt(text) == [
        "9:5-9:16 DT001 Entry dated `2026년 1월 5일` is out of the file's descending order: "
        "it comes after `2026년 1월 2일` (line 7) but belongs after `2026년 1월 9일` (line 5)",
    ]


def test_english_dates_and_ranges_in_order() -> None:
    text = ("## Jan 9, 2026\n\n## Jan 10, 2026 – Jan 14, 2026\n\n## Friday, Jan 16, 2026\n\n"
            "## 8 January 2026\n\n## January 17, 2026\n")
    assert _dt(text, "DT001") == [
        "7:4-7:18 DT001 Entry dated `8 January 2026` is out of the file's ascending order: "
        "it comes after `Friday, Jan 16, 2026` (line 5) but belongs before `Jan 9, 2026` (line 1)",
    ]


def test_range_overlapping_its_neighbour_is_not_out_of_order() -> None:
    text = "## 2026-01-02\n\n## 2025-12-24 ~ 2026-01-07\n\n## 2026-01-08\n\n## 2026-01-09\n"
    assert _dt(text, "DT001") == []


def test_equal_dates_are_in_order_either_way() -> None:
    text = "*x*\n\n" + "".join(f"##### 🤖 ML & DL\n\n*2023.05.0{d}*\n\nText.\n\n" for d in "555789")
    assert _dt(text) == []
    assert _dt(text, "DT001", {"DT001": {"order": "ascending"}}) == []


def test_configured_order_reports_every_entry_that_breaks_it() -> None:
    text = "## 2021-04-25\n\n## 2021-04-26\n\n## 2021-04-27\n"
    assert _dt(text, "DT001", {"DT001": {"order": "descending"}}) == [
        "3:4-3:14 DT001 Entry dated `2021-04-26` is out of descending order: it should come before `2021-04-25` (line 1)",
        "5:4-5:14 DT001 Entry dated `2021-04-27` is out of descending order: it should come before `2021-04-25` (line 1)",
    ]


def test_auto_order_needs_a_clear_direction() -> None:
    tie = "## 2021-04-25\n\n## 2021-04-27\n\n## 2021-04-26\n"  # one pair up, one down
    assert _dt(tie) == []
    assert _dt(tie, "DT001", {"DT001": {"order": "ascending"}}) != []
    shuffled = "".join(f"## 2021-04-{d:02d}\n\n" for d in (5, 1, 7, 2, 8, 3, 9))
    assert _dt(shuffled) == []  # not kept in date order at all


def test_auto_order_leaves_blocks_of_misplaced_entries_alone() -> None:
    # a changelog listing each release line as a block: 0.9.x, then 0.8.x
    days = ["2012.12.21", "2012.10.24", "2012.09.17", "2013.06.13", "2013.06.04", "2013.04.09",
            "2012.12.13", "2012.11.26", "2012.10.25", "2012.10.12", "2012.09.27", "2012.09.25"]
    text = "".join(f"## {d}, Version {i}\n\n" for i, d in enumerate(days))
    assert _dt(text, "DT001") == []
    assert len(_dt(text, "DT001", {"DT001": {"order": "descending"}})) == 3


def test_siblings_are_checked_per_parent() -> None:
    text = "# 2023\n\n## 2023-05-05\n\n## 2023-05-12\n\n# 2022\n\n## 2022-10-06\n\n## 2022-10-21\n"
    assert _dt(text) == []


def test_order_option_is_validated() -> None:
    with pytest.raises(ConfigError, match="order"):
        lint_text("## 2021-04-25\n", select=["DT001"], config={"rules": {"DT001": {"order": "newest"}}})


def test_in_order_keeps_a_longest_ordered_run() -> None:
    assert in_order([1, 2, 3, 7, 4, 5, 6]) == {0, 1, 2, 4, 5, 6}
    assert in_order([5, 5, 5]) == {0, 1, 2}
    assert in_order([]) == set()
    assert in_order([2, 1]) == {0}  # the second item breaks the order as the note is read
    assert in_order([1, 3, 2]) == {0, 1}
    assert in_order([3, 1, 2]) == {1, 2}  # unless keeping the first item keeps fewer


# -- DT002 impossible-date -----------------------------------------------------


def test_impossible_dates() -> None:
    text = ("##### 🧩 ML library\n\n*2021.02.30*\n\nText.\n\n### 2021년 13월 1일\n\n"
            "### 2026년 1월 9일 (토)\n\n## 2021.04.27 - 2021.04.25\n")
    assert _dt(text, "DT002") == [
        "3:2-3:12 DT002 Date `2021.02.30` is impossible: February 2021 has 28 days",
        "7:5-7:17 DT002 Date `2021년 13월 1일` is impossible: there is no month 13",
        "9:5-9:20 DT002 Date `2026년 1월 9일 (토)` is impossible: January 9, 2026 is a Friday, not a Saturday",
        "11:4-11:27 DT002 Date `2021.04.27 - 2021.04.25` is impossible: the range ends before it starts",
    ]
    assert {d.severity for d in lint_text(text, select=["DT002"])} == {Severity.ERROR}


def test_dates_in_code_prose_and_footnotes_are_not_labels() -> None:
    text = ("## Notes\n\n```markdown\n## 2021.02.30\n\n*2021.02.31*\n```\n\n"
            "10월 6일에 진행된 workshop, 2021.02.30 in prose.\n\n"
            "    ## 2021.13.01 in indented code\n\n"
            "Text[^1].\n\n[^1]: 2021년 2월 30일에 확인.\n")
    assert _dt(text) == []


# -- DT003 undated-entry -------------------------------------------------------


def _til(*entries: tuple[str, str | None]) -> str:
    out = []
    for title, date in entries:
        out.append(f"##### {title}\n\n" + (f"*{date}*\n\n" if date else "") + "Body text.\n\n")
    return "".join(out)


def test_undated_entry_among_dated_siblings() -> None:
    text = _til(("🧩 ML library", "2023.05.05"), ("🤖 ML & DL", "2023.05.12"),
                ("🤖 ML & DL", "2023.05.15"), ("🤖 ML & DL", None), ("🧩 ML library", "2023.08.12"))
    assert _dt(text) == [
        "19:1-19:16 DT003 Entry `##### 🤖 ML & DL` has no date, unlike its 4 sibling entries; "
        "add a date line such as `*2023.05.15*` below the heading",
    ]


def test_undated_last_entry_with_a_known_title_is_reported() -> None:
    text = _til(("🤖 ML & DL", "2023.05.12"), ("🧩 ML library", "2023.05.15"), ("🤖 ML & DL", "2023.05.20"),
                ("🤖 ML & DL", None))
    assert [f.split(" DT003 ")[0] for f in _dt(text)] == ["19:1-19:16"]


def test_qa_headings_inside_a_dated_log_are_not_entries() -> None:
    text = _til(("🤖 ML & DL", "2021.05.10"), ("1. K-NN의 공간 문제", None), ("2. 차원의 저주", None),
                ("🤖 ML & DL", "2021.05.14"), ("🧩 ML library", "2021.05.24")) + "### References\n\n[^1]: x\n"
    assert _dt(text) == []


def test_never_dated_headings_are_not_reported() -> None:
    text = ("## 토요일\n\n- a\n\n## 일요일\n\n## 16일차\n\n### 데일리 트렌드\n\n## 17일차\n\n"
            "### 데일리 트렌드\n\n## 4주차 후기\n")
    assert _dt(text) == []


def test_unique_titles_only_an_isolated_gap_is_reported() -> None:
    dated = [("Learned about " + w, f"2021.04.{20 + i}") for i, w in enumerate("ABCD")]
    # a trailing summary or a leading intro is a deliberate section
    assert _dt(_til(("Intro", None), *dated, ("Summary", None))) == []
    gap = _til(dated[0], dated[1], ("Learned about X", None), dated[2], dated[3])
    assert [f.split(" DT003 ")[0] for f in _dt(gap)] == ["13:1-13:22"]


def test_heading_dated_logs_leave_other_sections_alone() -> None:
    text = "## 2024-08-27\n\n## 2024-08-28\n\n## Backlog\n\n## 2024-08-29\n\n## 2024-08-30\n"
    assert _dt(text) == []


def test_a_numbered_label_without_its_date() -> None:
    days = "".join(f"### Day {i}: January {i + 3}, 2020\n\nText.\n\n" if i != 4 else "### Day 4\n\nText.\n\n"
                   for i in range(1, 8))
    text = "# 100 Days\n\n" + days + "### Summary\n\nText.\n"
    assert _dt(text) == [
        "15:1-15:10 DT003 Entry `### Day 4` has no date, unlike its 6 sibling entries; "
        "add the date to the heading, as in `### Day 3: January 6, 2020`",
    ]
    (d,) = lint_text(text, select=["DT003"])
    assert [(r.line, r.column, r.message) for r in d.related] == [
        (11, 12, "the previous dated entry is `January 6, 2020`"),
        (19, 12, "the next dated entry is `January 8, 2020`"),
    ]
    korean = "".join(f"## {n}일차 - 2024.03.{n:02d}\n\n" for n in (1, 2, 3)) + "## 4일차\n\n## 주간 회고\n"
    assert [f.split(" DT003 ")[0] for f in _dt(korean)] == ["7:1-7:7"]


def test_other_numbered_labels_are_not_undated_entries() -> None:
    days = "".join(f"## Day {i}: January {i + 3}, 2020\n\n" for i in range(1, 5))
    assert _dt(days + "## Week 1\n\n## Day 5 and beyond\n\n## Appendix 2\n") == []
    # too few dated labels to tell
    assert _dt("## Day 1: January 4, 2020\n\n## Day 2: January 5, 2020\n\n## Day 3\n") == []


# -- DT004 mixed-date-formats --------------------------------------------------


def test_minority_formats_are_reported() -> None:
    text = "### 2026-01-08\n\n### 2026.01.09\n\n### Jan 10, 2026\n\n### 2026-01-11\n"
    assert _dt(text, "DT004") == [
        "3:5-3:15 DT004 Date `2026.01.09` is written `YYYY.MM.DD`, but 2 of the 4 dated entries in this file use `YYYY-MM-DD`",
        "5:5-5:17 DT004 Date `Jan 10, 2026` is written `Month D, YYYY`, but 2 of the 4 dated entries in this file use `YYYY-MM-DD`",
    ]
    (first, _) = lint_text(text, select=["DT004"])
    assert first.severity is Severity.INFO
    assert [(r.line, r.column) for r in first.related] == [(1, 5)]


def test_a_log_that_switched_format_gets_one_finding_per_run() -> None:
    dots = [f"### 2026.01.{d:02d}\n" for d in range(1, 7)]
    dashes = [f"### 2026-01-{d:02d}\n" for d in range(7, 10)]
    text = "\n".join([*dots[:3], *dashes, *dots[3:]])
    assert _dt(text, "DT004") == [
        "7:5-7:15 DT004 Dates `2026-01-07` to `2026-01-09` (3 entries in a row, to line 11) "
        "are written `YYYY-MM-DD`, but 6 of the 9 dated entries in this file use `YYYY.MM.DD`",
    ]
    (finding,) = lint_text(text, select=["DT004"])
    assert [(r.line, r.column) for r in finding.related] == [(11, 5), (1, 5)]


def test_no_majority_no_report() -> None:
    assert _dt("### 2026-01-08\n\n### 2026.01.09\n", "DT004") == []


# -- CRLF ------------------------------------------------------------------------


def test_crlf_positions_are_exact() -> None:
    text = _til(("🤖 ML & DL", "2021.04.25"), ("🤖 ML & DL", "2021.04.26"), ("🤖 ML & DL", None),
                ("🤖 ML & DL", "2021.04.20"), ("🤖 ML & DL", "2021.04.28"), ("🤖 ML & DL", "2021.04.29"),
                ("🤖 ML & DL", "2021.02.29"))
    crlf = text.replace("\n", "\r\n")
    expected = [
        "13:1-13:16 DT003 Entry `##### 🤖 ML & DL` has no date, unlike its 6 sibling entries; "
        "add a date line such as `*2021.04.26*` below the heading",
        "19:2-19:12 DT001 Entry dated `2021.04.20` is out of the file's ascending order: "
        "it comes after `2021.04.26` (line 9) but belongs before `2021.04.25` (line 3)",
        "37:2-37:12 DT002 Date `2021.02.29` is impossible: February 2021 has 28 days",
    ]
    assert _dt(crlf) == expected
    assert _dt(text) == expected


# -- registration ------------------------------------------------------------------


def test_rules_are_registered_with_their_ids_names_and_defaults() -> None:
    assert [(r.code, r.name, r.default_severity, r.enabled_by_default) for r in RULES] == [
        ("DT001", "entry-out-of-order", Severity.WARNING, True),
        ("DT002", "impossible-date", Severity.ERROR, True),
        ("DT003", "undated-entry", Severity.WARNING, True),
        ("DT004", "mixed-date-formats", Severity.INFO, True),
        ("DT005", "post-date-mismatch", Severity.WARNING, True),
    ]
    registry = default_registry()
    assert all(registry.get(r.code) is r for r in RULES)


# -- DT001 across notes: the author's direction --------------------------------


def _write_log(folder: Path, name: str, days: list[int]) -> Path:
    path = folder / name
    path.write_text("# Log\n\n" + "".join(f"## 2024-03-{d:02d}\n\nText.\n\n" for d in days), encoding="utf-8")
    return path


def _dt_paths(paths: list[str], project_root: Path | None = None) -> list[str]:
    from notelint.api import lint_paths
    from notelint.rule import RunOptions

    run = RunOptions(project_root=project_root) if project_root else None
    result = lint_paths(paths, select=["DT001"], run=run)
    return [f"{Path(d.path).name}:{_fmt(d)}" for d in result.diagnostics]


def test_a_short_note_takes_the_direction_of_the_other_notes(tmp_path: Path) -> None:
    for i in range(4):
        _write_log(tmp_path, f"long{i}.md", [1, 2, 3, 5, 8])
    _write_log(tmp_path, "short.md", [12, 10])  # alone, two entries show no direction
    _write_log(tmp_path, "tie.md", [14, 20, 16])  # one pair up, one down
    assert _dt_paths([str(tmp_path)]) == [
        "short.md:7:4-7:14 DT001 Entry dated `2024-03-10` is out of ascending order, the order of 4 of "
        "the 4 other dated notes (this one alone does not show a direction): it should come before "
        "`2024-03-12` (line 3)",
        "tie.md:11:4-11:14 DT001 Entry dated `2024-03-16` is out of ascending order, the order of 4 of "
        "the 5 other dated notes (this one alone does not show a direction): it comes after "
        "`2024-03-20` (line 7) but belongs after `2024-03-14` (line 3)",
    ]
    # alone, neither note can be judged
    assert _dt_paths([str(tmp_path / "short.md")]) == []
    assert _dt_paths([str(tmp_path / "short.md"), str(tmp_path / "tie.md")]) == []


def test_a_newest_first_author(tmp_path: Path) -> None:
    for i in range(3):
        _write_log(tmp_path, f"long{i}.md", [9, 7, 4, 2])
    _write_log(tmp_path, "short.md", [10, 12])
    assert [f.split(" is out of ")[1][:11] for f in _dt_paths([str(tmp_path)])] == ["descending "]


def test_no_direction_when_the_other_notes_disagree(tmp_path: Path) -> None:
    for i in range(2):
        _write_log(tmp_path, f"up{i}.md", [1, 2, 3])
        _write_log(tmp_path, f"down{i}.md", [3, 2, 1])
    _write_log(tmp_path, "short.md", [12, 10])
    assert _dt_paths([str(tmp_path)]) == []


def test_notes_that_were_not_named_give_the_direction(tmp_path: Path) -> None:
    (tmp_path / ".notelint.toml").write_text("", encoding="utf-8")
    for i in range(3):
        _write_log(tmp_path, f"long{i}.md", [1, 2, 3, 5, 8])
    short = _write_log(tmp_path, "short.md", [12, 10])
    assert [f.split(" DT001 ")[0] for f in _dt_paths([str(short)])] == ["short.md:7:4-7:14"]


def test_a_required_order_needs_no_other_notes(tmp_path: Path) -> None:
    text = "## 2024-03-12\n\n## 2024-03-10\n"
    assert _dt(text, "DT001", {"DT001": {"order": "ascending"}}) == [
        "3:4-3:14 DT001 Entry dated `2024-03-10` is out of ascending order: it should come before "
        "`2024-03-12` (line 1)",
    ]


def test_names_with_unicode_case_folds_of_ascii_letters_are_not_english_names() -> None:
    """``ſ`` (long s) and ``K`` (the Kelvin sign) fold to ``s`` and ``k`` under Unicode case
    folding; month and weekday names match ASCII letters only, so ``ſun`` is not Sunday and
    the dates family does not fail on it."""
    text = ("# Log\n\n## 2026-01-09 ſun\n\nOne.\n\n## ſep 3, 2021\n\nTwo.\n\n"
            "## Sep 4, 2021 (Kon)\n\nThree.\n\n## 2026-01-09 sun\n\nFour.\n")
    found = lint_text(text, select=["DT", "DU"])
    assert [d.code for d in found if d.code == "NL008"] == []
    assert [(d.code, d.line, d.column) for d in found if d.code == "DT002"] == [("DT002", 15, 4)]
