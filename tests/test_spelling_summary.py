"""The spelling summary of a note (NoteWords): exact content, compact shape, pickling."""

from __future__ import annotations

import pickle
import re
from array import array
from collections import Counter
from pathlib import Path

import pytest

from notelint.document import Document
from notelint.spelling.corpus import (
    RARE_USES,
    CorpusCounts,
    HangulWords,
    NoteWords,
    Occurrence,
    Occurrences,
    WordCounts,
    note_words,
)
from notelint.spelling.korean import MAX_COUNT
from notelint.spelling.prose import prose_of

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL_NOTES = [*sorted((SHARED / "corpus").rglob("*.md")),
              *sorted((SHARED / "notes-dev").rglob("*.md"))]

NOTE = """\
# 학습 노트

학습 데이터로 학습합니다. 학습 속도는 **빠**릅니다.
학슴 과정에서 fucntion을 고칩니다: `is_traning` and the function.
Fully-Conneted layers, Cormen et al. wrote this.
"""


def _summary(text: str = NOTE) -> NoteWords:
    return note_words(Document.from_text(text), repeats=True)


def test_latin_counts_cover_every_part_and_compound() -> None:
    counts = _summary().counts.as_dict()
    assert counts == {"fucntion": 1, "is_traning": 1, "is": 1, "traning": 1, "and": 1,
                      "the": 1, "function": 1, "fully-conneted": 1, "fully": 1,
                      "conneted": 1, "layers": 1, "cormen": 1, "et": 1, "al": 1,
                      "wrote": 1, "this": 1}


def test_occurrences_are_the_unknown_parts_in_source_order() -> None:
    text = NOTE
    found = list(_summary().occurrences)
    assert [(o.word, o.chunk, o.part_start, o.in_code, o.exact, o.named, o.initial)
            for o in found] == [
        ("fucntion", "fucntion", 0, False, True, False, False),
        ("Conneted", "Fully-Conneted", 6, False, True, False, False),
        ("Cormen", "Cormen", 0, False, True, True, False),
        ("traning", "is_traning", 3, True, True, False, False),
    ]
    for o in found:
        assert text[o.start:o.end] == o.word


def test_hangul_words_keep_the_places_of_rare_words_only() -> None:
    hangul = _summary().hangul
    assert hangul.as_dict() == {"학습": 3, "노트": 1, "데이터로": 1, "학습합니다": 1,
                                "속도는": 1, "빠릅니다": 1, "학슴": 1, "과정에서": 1,
                                "을": 1, "고칩니다": 1}
    places = dict(hangul.rare())
    assert "학습" not in places                      # used 3 times: never a typo candidate
    line2 = NOTE.index("학습 데이터로")
    assert places["데이터로"] == [(line2 + 3, line2 + 7)]
    bold = NOTE.index("**빠**릅니다")
    assert places["빠릅니다"] == [(bold + 2, bold + 8)]  # markup inside: the end is kept
    assert NOTE[places["학슴"][0][0]:places["학슴"][0][1]] == "학슴"


def test_a_word_used_twice_keeps_both_places_in_source_order() -> None:
    text = "가나 다라 가나 마바 마바 마바\n"
    hangul = _summary(text).hangul
    assert dict(hangul.rare()) == {"가나": [(0, 2), (6, 8)], "다라": [(3, 5)]}
    assert hangul.rare_words() == ["가나", "다라"] and hangul.rare_from == 1
    assert dict(hangul.rare({"다라"})) == {"다라": [(3, 5)]}
    assert RARE_USES == MAX_COUNT == 2


def test_korean_off_keeps_no_hangul_words() -> None:
    got = note_words(Document.from_text(NOTE), korean=False)
    assert len(got.hangul) == 0 and list(got.hangul.rare()) == []


def test_counts_are_compact_and_sum_across_notes() -> None:
    a = WordCounts({"x": 1, "y": 300, "z": 2})
    assert a.text == "y\nz\nx" and a.counts == array("H", [300, 2, 1])
    assert WordCounts({"x": 1}).counts.typecode == "B"
    b = WordCounts({"x": 4})
    total = CorpusCounts.of([a, b, {"y": 1}])
    assert total.counts == Counter({"y": 301, "x": 5, "z": 2})
    assert list(WordCounts().items()) == [] and len(WordCounts()) == 0


def test_the_summary_survives_pickling_unchanged() -> None:
    got = _summary()
    back = pickle.loads(pickle.dumps(got))
    assert back.counts == got.counts and back.hangul == got.hangul
    assert list(back.occurrences) == list(got.occurrences)
    assert dict(back.hangul.rare()) == dict(got.hangul.rare())
    assert back.allowed == got.allowed and back.repeats == got.repeats


def test_occurrences_round_trip_every_flag() -> None:
    items = [Occurrence("Teh", 5, 8, "Teh-word", 0, False, False, True, True),
             Occurrence("wrod", 70000, 70004, "a_wrod", 2, True, True, False, False),
             Occurrence("Teh", 90, 93, "Teh-word", 0, False, True, False, False)]
    occ = Occurrences(items)
    assert list(occ) == items and len(occ) == 3
    assert occ.kinds == "Teh\tTeh-word\nwrod\ta_wrod"


def test_hangul_places_round_trip_through_pickle() -> None:
    spans = [("가", 0, 1), ("나", 2, 5), ("가", 4, 5), ("다", 6, 7), ("다", 8, 9), ("다", 10, 11)]
    hw = HangulWords(spans)
    assert dict(hw.rare()) == {"가": [(0, 1), (4, 5)], "나": [(2, 5)]}
    assert hw.ends == {2: 5}                         # only the end that is not start + length
    assert dict(pickle.loads(pickle.dumps(hw)).rare()) == dict(hw.rare())


def test_places_past_the_4_gb_mark_of_offsets_are_kept() -> None:
    """Offsets of a huge note fit: each array takes the width its largest number needs."""
    spans = [("공부", 0, 2), ("내용", 3, 5), ("공부", 10_000_000, 10_000_002),
             ("끝", 5_000_000_000, 5_000_000_001)]
    hw = pickle.loads(pickle.dumps(HangulWords(spans)))
    assert dict(hw.rare()) == {"공부": [(0, 2), (10_000_000, 10_000_002)], "내용": [(3, 5)],
                               "끝": [(5_000_000_000, 5_000_000_001)]}
    assert hw.starts.typecode == "Q" and hw.as_dict() == {"공부": 2, "내용": 1, "끝": 1}


def _spans_of_runs(text: str) -> list[tuple[str, int, int]]:
    """Each Hangul word of the note's prose with its source span, read one match at a time."""
    out = []
    for run in prose_of(Document.from_text(text)).runs:
        for m in re.finditer("[\uac00-\ud7a3]+", run.text):
            a, b = m.span()
            out.append((m.group(), run.source(a), run.source(b - 1) + 1))
    return out


@pytest.mark.parametrize("path", REAL_NOTES, ids=lambda p: str(p.relative_to(SHARED)))
def test_hangul_words_of_runs_equal_those_built_from_spans(path: Path) -> None:
    """The two-pass construction from the prose runs (what a check uses) gives the summary
    that the constructor gives from every word's span: same table, places and ends."""
    text = path.read_text(encoding="utf-8")
    fast = HangulWords.from_runs(prose_of(Document.from_text(text)).runs)
    assert fast == HangulWords(_spans_of_runs(text))
    assert fast.__getstate__() == HangulWords(_spans_of_runs(text)).__getstate__()


def test_hangul_words_of_runs_with_markup_inside_keep_odd_ends() -> None:
    text = "**빠**릅니다 그리고 빠릅니다 학\\*습\n"
    fast = HangulWords.from_runs(prose_of(Document.from_text(text)).runs)
    assert fast.__getstate__() == HangulWords(_spans_of_runs(text)).__getstate__()
    assert dict(fast.rare()) == {"빠릅니다": [(2, 8), (13, 17)], "그리고": [(9, 12)],
                                 "학": [(18, 19)], "습": [(21, 22)]}
    assert fast.ends == {0: 8}     # the first use has markup inside: its end is kept
