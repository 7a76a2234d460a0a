"""Date labels: the cheap tests that keep the label patterns from being compiled where they
cannot match never turn a match away, and a plain dated log compiles few of them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from notelint import datelabels as dl

SHARED = Path(__file__).resolve().parents[2] / "shared"
EVERY = "".join(map(chr, range(0x110000)))


def _texts() -> list[str]:
    """Label-like texts: every line with a digit of the real notes, the shapes the
    recogniser knows, and near misses with the letters that equal an ASCII one ignoring
    case (``ſ`` for ``s``, ``K`` Kelvin sign for ``k``)."""
    notes = [*(SHARED / "corpus").rglob("*.md"), *(SHARED / "notes-dev").rglob("*.md"),
             *(SHARED / "math-dev" / "notes").rglob("*.md")]
    lines = {line.strip("#> ") for path in sorted(notes)
             for line in path.read_text(encoding="utf-8").splitlines()
             if any(c.isdigit() for c in line) and len(line) < 200}
    shapes = ["2021-04-25", "2021.04.25", "2021. 4. 25.", "2021/04/25", "2026년 1월 9일",
              "Jan 9, 2026", "January, 01, 2020", "Sept 3rd 2021", "9 Jan 2026",
              "4th of January, 2020", "09-Jul-2020", "09JUL2020", "01/09/2020", "9.1.2020",
              "09-01-2020", "2021.04.25 - 2021.04.27", "2024년 3월 2일 ~ 3월 9일",
              "2025년 12월 24일~27일", "2021.05.22-24", "2024-08-27 ~ 09-02",
              "February 17-21, 2020", "Jan 30 - Feb 2, 2020", "Friday, Jan 9, 2026",
              "2026-01-09 (금)", "2026-01-09 금요일", "2026-01-09 (Fri)", "2026-01-09, Friday",
              "2026-01-09 10:30", "Day 12: January 15, 2020", "R1D12 - 09JUL2020",
              "Standup (2024-08-27)", "2024-08-27 — Standup", "2024-08-27 Sun Microsystems",
              "2026-01-09 ſun", "ſat, Jan 10, 2026", "2026-01-09 \u212a", "2021.04.25 TO 2021.04.27",
              "2021.04.25 to2021.04.27", "2021.04.25 ～ 2021.04.27", "2026-01-09 [토]",
              "2026-01-09 （일）", "2026-01-09 ,  (Sat)", "2026-01-09 , , Sat", "*2021.04.25*",
              "2026 년 1월 9일", "2026년1월9일"]
    return sorted(lines) + shapes


#: (pattern, the cheap test of its start that must pass wherever it matches).
GUARDS: list[tuple[str, Callable[[str, int], bool]]] = [
    ("_WEEKDAY_BEFORE", lambda t, p: t[p:p + 1].isalpha()),
    ("_TIME", lambda t, p: t.startswith(" ", p)),
    ("_NUMERIC", lambda t, p: t[p:p + 5][:1].isdigit()),
    ("_RANGE_SEP", lambda t, p: dl._range_separator(t, p) is not None),
]


def test_the_patterns_match_only_where_the_cheap_tests_pass() -> None:
    texts = _texts()
    assert len(texts) > 1000
    checks = [(getattr(dl, name), guard) for name, guard in GUARDS]
    checks.append((dl._WEEKDAY_AFTER, dl._weekday_may_follow))
    checks += [(rx, lambda t, p, fid=fid: dl._may_start(fid, t[p:p + 5])) for fid, rx in dl._FORMATS]
    matched = [0] * len(checks)
    for text in texts:
        for pos in range(len(text) + 1):
            for k, (rx, guard) in enumerate(checks):
                if rx.match(text, pos):
                    matched[k] += 1
                    assert guard(text, pos), (text, pos, rx.pattern)
    assert all(matched), matched


def test_the_letters_the_patterns_ignore_the_case_of_are_letters() -> None:
    # A weekday or month name starts with a letter, ignoring case: every character equal
    # to an ASCII letter ignoring case is a letter (str.isalpha), so the cheap tests let it
    # through; and only `t` and `T` start `to`.
    equal = {m.group() for m in re.finditer("(?i)[a-z]", EVERY)}
    assert {"\u212a", "\u017f", "\u0130", "\u0131"} <= equal
    assert all(c.isalpha() for c in equal)
    assert {m.group() for m in re.finditer("(?i)t", EVERY)} == {"t", "T"}


@pytest.mark.parametrize("text", [t for t in _texts()[-45:] if t.isascii() or "\u017f" not in t])
def test_labels_read_as_the_patterns_alone_read_them(text: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    guarded = (dl.parse_date_label(text, allow_title=True), dl.parse_date_label(text),
               dl.label_shape(text))
    monkeypatch.setattr(dl, "_may_start", lambda fid, head: True)
    monkeypatch.setattr(dl, "_range_separator", lambda t, p: dl._RANGE_SEP.match(t, p))
    monkeypatch.setattr(dl, "_weekday_may_follow", lambda t, p: True)
    plain = (dl.parse_date_label(text, allow_title=True), dl.parse_date_label(text),
             dl.label_shape(text))
    assert guarded == plain


@pytest.mark.parametrize(("title", "shape"), [
    ("Day 12: January 15, 2020", "day #"), ("Day 45-50: February 17-21, 2020", "day #"),
    ("Day 13", "day #"), ("R1D12 - 09JUL2020", "r#d#"), ("1st", "#st"), ("Week 2 - Monday", "week #"),
    ("🤖 ML & DL", None), ("Backlog", None), ("2024-08-27 — Standup", None), ("1. K-NN", None),
])
def test_label_shapes(title: str, shape: str | None) -> None:
    assert dl.label_shape(title) == shape


_COMPILED = """
import json, sys
from notelint import datelabels as dl
from notelint.lazy import LazyPattern
labels, titles = json.loads(sys.argv[1])
for text in labels:
    dl.parse_date_label(text, allow_title=True)
for text in titles:
    dl.label_shape(text)
names = [n for n, v in vars(dl).items() if isinstance(v, LazyPattern) and "_compiled" in vars(v)]
formats = [fid for fid, rx in dl._FORMATS if "_compiled" in vars(rx)]
print(json.dumps([sorted(names), formats]))
"""


def _compiled(labels: list[str], titles: list[str]) -> list[list[str]]:
    """The label patterns and formats compiled by reading ``labels`` and the label shapes
    of ``titles`` in a fresh interpreter."""
    proc = subprocess.run([sys.executable, "-c", _COMPILED, json.dumps([labels, titles])],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_a_plain_dated_log_compiles_few_label_patterns() -> None:
    # A TIL log's entries: emoji-and-word headings, an emphasised date on the first line.
    assert _compiled(["🤖 ML & DL", "*2021.04.25*", "🧩 ML library", "*2021.04.27* "],
                     ["🤖 ML & DL", "🧩 ML library"]) == [
        ["_DECORATION", "_DIGIT", "_WORD"], ["YYYY.MM.DD"]]
    # What a label needs is compiled when it is met.
    names, formats = _compiled(["2026-01-09 (금) 10:30", "Day 12: January 15, 2020",
                                "2021.04.25 ~ 2021.04.27", "Fri, Jan 9, 2026"],
                               ["Day 12: January 15, 2020"])
    assert {"_WEEKDAY_BEFORE", "_WEEKDAY_AFTER", "_RANGE_SEP", "_LABEL", "_LABEL_ONLY"} <= set(names)
    assert formats == ["YYYY.MM.DD", "YYYY-MM-DD", "Month D, YYYY"]


def test_the_label_end_is_every_separator_of_before() -> None:
    before = re.compile(r"[ ]*(?:[:|·–—-]|,|\(|\[|$)")
    for c in [*map(chr, range(0x3000)), "", "（", "～"]:
        for text in (c, "  " + c, c + "x"):
            old, new = before.match(text), dl._LABEL_END.match(text)
            assert (old and old.end()) == (new and new.end()), repr(text)
