"""DU001/DU002 on the real notes (exact findings) and on hand-made notes."""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from notelint.api import lint_paths, lint_text
from notelint.diagnostics import Diagnostic, Severity
from notelint.document import Document
from notelint.duplicates.collect import collect, compared_sections
from notelint.duplicates.settings import DEFAULT_THRESHOLD
from notelint.duplicates.verify import ratio
from notelint.registry import default_registry
from notelint.rules.duplicates import RULES

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "content"
NOTES = ("til.md", "til-ai-ml.md", "boostcamp-week4.md")

#: The entries copied between the two logs: (til.md line, til-ai-ml.md line, rule), read off
#: both files by hand.  Seven copies are byte-identical (DU001); three were edited after
#: copying (DU002): 183/111 differ only in footnote numbers (`[^14]`/`[^6]`, same
#: citation), 67/55 by one identifier, 157/85 in a formula (and its footnote numbers).
COPIES = [
    (25, 13, "DU001"), (45, 33, "DU001"), (53, 41, "DU001"), (61, 49, "DU001"),
    (67, 55, "DU002"), (79, 67, "DU001"), (139, 75, "DU001"), (157, 85, "DU002"),
    (183, 111, "DU002"), (193, 121, "DU001"),
]
NEWER_THERE = ("the copy there looks newer: `til-ai-ml.md` goes on to `2023.08.12`, "
               "this note ends at `2021.12.08`")
NEWER_HERE = ("this copy looks newer: this note goes on to `2023.08.12`, "
              "`til.md` ends at `2021.12.08`")


def _fmt(d: Diagnostic) -> str:
    return f"{d.span.start}-{d.span.end} {d.code} {d.message}"


def _du(text: str, config: dict[str, Any] | None = None) -> list[str]:
    return [_fmt(d) for d in lint_text(text, select=["DU"], config=config)]


# -- the real notes ------------------------------------------------------------


@pytest.fixture(scope="module")
def real_notes() -> Path:
    """The shared corpus; its absence is a failure, not a skip."""
    for name in NOTES:
        if not (CORPUS / name).is_file():
            pytest.fail(f"the real notes are missing: expected {CORPUS / name} "
                        "(the shared corpus lives beside the repository, in ../shared/corpus/content)")
    return CORPUS


@pytest.fixture(scope="module")
def real_findings(real_notes: Path) -> list[Diagnostic]:
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(CORPUS)
        return lint_paths(list(NOTES), select=["DU"]).diagnostics


def test_real_notes_exactly_the_ten_copies(real_findings: list[Diagnostic]) -> None:
    got = sorted((d.path, d.line, d.code, d.related[0].path, d.related[0].line) for d in real_findings)
    expected = sorted(
        [("til.md", a, code, "til-ai-ml.md", b) for a, b, code in COPIES]
        + [("til-ai-ml.md", b, code, "til.md", a) for a, b, code in COPIES])
    assert got == expected
    assert all(len(d.related) == 1 and d.severity is Severity.WARNING for d in real_findings)


def test_real_notes_seven_copies_are_byte_identical(real_notes: Path) -> None:
    docs = {n: Document.from_text((real_notes / n).read_text(encoding="utf-8"), n) for n in NOTES[:2]}
    bodies = {n: {e.line: d.text[e.content_start:e.body_end] for e in compared_sections(d, 2)}
              for n, d in docs.items()}
    identical = [(a, b) for a, b, _ in COPIES if bodies["til.md"][a] == bodies["til-ai-ml.md"][b]]
    assert identical == [(25, 13), (45, 33), (53, 41), (61, 49), (79, 67), (139, 75), (193, 121)]


def test_real_notes_messages(real_findings: list[Diagnostic]) -> None:
    by_place = {(d.path, d.line): d for d in real_findings}
    assert _fmt(by_place["til.md", 67]) == (
        "67:1-67:20 DU002 Entry is a near copy (similarity 0.99) of the entry at `til-ai-ml.md` "
        f"line 55: `is_tranable` here, `is_trainable` there; {NEWER_THERE}")
    assert _fmt(by_place["til-ai-ml.md", 55]) == (
        "55:1-55:20 DU002 Entry is a near copy (similarity 0.99) of the entry at `til.md` "
        f"line 67: `is_trainable` here, `is_tranable` there; {NEWER_HERE}")
    assert _fmt(by_place["til.md", 157]) == (
        "157:1-157:16 DU002 Entry is a near copy (similarity 0.98) of the entry at `til-ai-ml.md` "
        "line 85: `\\ohm` here, `\\Omega` there (4 times); `\\mbox` here, `\\text` there (2 times); "
        f"{NEWER_THERE}")
    assert _fmt(by_place["til.md", 183]) == (
        "183:1-183:16 DU002 Entry is a copy of the entry at `til-ai-ml.md` line 111 with "
        "renumbered footnotes (similarity 1.00 after normalisation): footnote `[^14]` here, "
        f"`[^6]` there; {NEWER_THERE}")
    assert _fmt(by_place["til-ai-ml.md", 13]) == (
        "13:1-13:19 DU001 Entry is also at `til.md` line 25 (identical); "
        f"{NEWER_HERE}")
    related = by_place["til.md", 25].related[0]
    assert (related.path, related.line, related.column, related.message) == (
        "til-ai-ml.md", 13, 1, "the other copy, dated `2021.04.25`")


def test_real_notes_threshold_measurement(real_notes: Path) -> None:
    """The figures behind the default threshold (rules/DU002-near-duplicate-entry.md)."""
    recs = []
    for name in NOTES:
        doc = Document.from_text((real_notes / name).read_text(encoding="utf-8"), name)
        recs += [(name, r) for r in collect(doc, 2).entries]
    copies = {("til.md", a, "til-ai-ml.md", b) for a, b, _ in COPIES}
    copied, unrelated = [], []
    for (xn, x), (yn, y) in itertools.combinations(recs, 2):
        similarity = ratio(x.normalised.tokens, y.normalised.tokens)
        key = (xn, x.line, yn, y.line)
        (copied if key in copies else unrelated).append(similarity)
    # boostcamp-week4.md has one empty section (a heading and nothing below it).
    assert len(recs) == 16 + 38 + 11 and len(copied) == 10
    assert min(copied) > 0.98
    assert max(unrelated) < 0.3 < DEFAULT_THRESHOLD


def test_rules_are_registered_and_documented() -> None:
    registry = default_registry()
    assert [(r.code, r.name) for r in RULES] == [("DU001", "duplicate-entry"),
                                                 ("DU002", "near-duplicate-entry"),
                                                 ("DU003", "unfilled-template-entry")]
    assert all(registry.get(r.code) is r for r in RULES)


# -- hand-made notes -------------------------------------------------------------

ENTRY = ("`tf.contrib.layers.batch_norm` needs `is_training` set right: training uses the "
         "statistics of the mini-batch, inference the moving averages collected during training.")
OTHER = "Skewness and kurtosis are the third and fourth standardized moments of a distribution."


def _log(*bodies: str, heading: str = "## 2021-05-{:02d}") -> str:
    return "\n\n".join(f"{heading.format(i + 1)}\n\n{b}" for i, b in enumerate(bodies)) + "\n"


def test_whitespace_emoji_and_end_punctuation_are_normalised() -> None:
    wrapped = ENTRY.replace(" the statistics", "\nthe  statistics").rstrip(".") + " 🙂"
    text = _log(ENTRY, OTHER, wrapped, heading="##### 🧩 ML library\n\n*2021.05.{:02d}*")
    assert _du(text) == [
        "1:1-1:19 DU001 Entry is also at line 13 (identical); the copy there "
        "looks newer: dated `2021.05.01` here, `2021.05.03` there",
        "13:1-13:19 DU001 Entry is also at line 1 (identical); this copy "
        "looks newer: dated `2021.05.03` here, `2021.05.01` there",
    ]


def test_three_copies_one_finding_each_with_the_others_related() -> None:
    found = lint_text(_log(ENTRY, OTHER, ENTRY, ENTRY), select=["DU"])
    assert [(d.line, [r.line for r in d.related]) for d in found] == [
        (1, [9, 13]), (9, [1, 13]), (13, [1, 9])]
    assert found[0].message == ("Entry is also at line 9 and line 13 (identical); "
                                "the copy at line 13 looks the newest")
    assert found[2].message.endswith("; this copy looks the newest")


def test_a_short_entry_repeated_legitimately_is_not_reported() -> None:
    text = _log("휴가", "No notes today, see tomorrow.", "휴가", "No notes today, see tomorrow.")
    assert _du(text) == []
    assert len(_du(text, {"duplicates": {"min-entry-size": 1}})) == 4


def test_korean_only_entries() -> None:
    korean = ("파이썬의 객체는 mutable과 immutable로 구분됩니다. 숫자, 문자열, 튜플은 immutable이고 "
              "리스트, 딕셔너리, 넘파이 배열은 mutable입니다.")
    unrelated = ("오늘은 그룹 정규화가 배치 크기와 상관없이 동작하는 이유를 정리했습니다. 채널을 묶어 "
                 "샘플마다 평균과 분산을 계산합니다.")
    edited = korean.replace("구분됩니다", "나뉩니다")
    assert [d.split(" (")[0] for d in _du(_log(korean, unrelated, edited))] == [
        "1:1-1:14 DU002 Entry is a near copy", "9:1-9:14 DU002 Entry is a near copy"]
    # Hangul typed on macOS is stored decomposed (NFD): the same text after NFC.
    decomposed = unicodedata.normalize("NFD", korean)
    assert decomposed != korean
    assert [d[:20] for d in _du(_log(korean, unrelated, decomposed))] == [
        "1:1-1:14 DU001 Entry", "9:1-9:14 DU001 Entry"]


def test_a_paraphrase_sharing_a_code_block_is_not_a_near_copy() -> None:
    code = "\n".join(f"loss_{i} = tf.reduce_mean(tf.map_fn(step_{i}, elems=(xs, ys), dtype=tf.float32))"
                     for i in range(8))
    first = f"`tf.map_fn` maps a function over the tasks of a meta-batch:\n\n```python\n{code}\n```"
    second = f"Training got faster once the graph was built a single time:\n\n```python\n{code}\n```"
    assert _du(_log(first, OTHER, second)) == []
    # The same prose with the same code is a copy.
    assert len(_du(_log(first, OTHER, first.replace("meta-batch", "meta batch")))) == 2


def test_footnotes_compare_by_their_definitions() -> None:
    body = "Moment{} in physics is a product of a quantity and a distance; the first moment is the mean."
    same = _log(body.format("[^1]"), OTHER, body.format("[^2]")) + (
        "\n[^1]: Wikipedia contributors. Moment (mathematics).\n"
        "[^2]: Wikipedia contributors. Moment (mathematics).\n")
    assert ("with renumbered footnotes (similarity 1.00 after normalisation): "
            "footnote `[^1]` here, `[^2]` there") in _du(same)[0]
    different = same.replace("[^2]: Wikipedia contributors.", "[^2]: Britannica.")
    messages = _du(different)
    assert [m.split(" ")[1] for m in messages] == ["DU002", "DU002"]
    assert "`[^1]` here, `[^2]` there" in messages[0]


def test_sections_of_an_undated_note_and_section_level() -> None:
    text = f"# Week 3\n\n## Monday\n\n{ENTRY}\n\n## Tuesday\n\n{OTHER}\n\n## Friday\n\n{ENTRY}\n"
    assert [d[:17] for d in _du(text)] == ["3:1-3:10 DU001 En", "11:1-11:10 DU001 "]
    assert _du(text, {"duplicates": {"section-level": 3}}) == []


def test_a_section_is_never_compared_with_the_sections_inside_it() -> None:
    text = f"## 2021-05-01\n\n### 2021-05-01 10:00\n\n{ENTRY}\n\n## 2021-05-02\n\n{OTHER}\n"
    assert _du(text) == []


def test_the_undated_sibling_of_dated_entries_is_compared() -> None:
    text = _log(ENTRY, OTHER) + f"\n## Untitled\n\n{ENTRY}\n"
    assert [d.split(" ")[0] for d in _du(text)] == ["1:1-1:14", "9:1-9:12"]


def test_suppression_directive() -> None:
    text = _log(ENTRY, OTHER).replace("## 2021-05-01", "<!-- notelint-disable-next-line DU001 -->\n## 2021-05-01")
    text += f"\n## 2021-05-03\n\n{ENTRY}\n"
    assert [d.split(" ")[0] for d in _du(text)] == ["10:1-10:14"]


def test_the_rules_share_one_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    import notelint.rules.duplicates._shared as shared

    calls = []
    original = shared._build
    monkeypatch.setattr(shared, "_build", lambda ws: calls.append(1) or original(ws))
    lint_text(_log(ENTRY, OTHER, ENTRY), select=["DU"])
    assert calls == [1]


# -- one finding per copy, however many copies --------------------------------------------


def test_many_copies_one_finding_each_related_capped_and_counted(tmp_path: Path) -> None:
    for i in range(13):
        own = " ".join(f"word{i}x{k}" for k in range(15))  # unlike every other note's
        (tmp_path / f"n{i:02d}.md").write_text(_log(own, ENTRY), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path)
        found = lint_paths(["."], select=["DU"]).diagnostics
    assert [(d.path, d.line, d.code) for d in found] == [(f"n{i:02d}.md", 5, "DU001") for i in range(13)]
    first = found[0]
    assert first.message == "Entry is also at `n01.md` line 5, `n02.md` line 5 and 10 more (identical)"
    assert [(r.path, r.line) for r in first.related] == [(f"n{i:02d}.md", 5) for i in range(1, 11)]


def test_near_copies_one_finding_most_similar_first() -> None:
    one = ENTRY.replace("inference", "evaluation")
    two = ENTRY.replace("inference the moving averages", "evaluation the running averages")
    found = lint_text(_log(ENTRY, OTHER, one, two), select=["DU"])
    assert [(d.line, d.code, [(r.line, r.message) for r in d.related]) for d in found] == [
        (1, "DU002", [(9, "a near copy (similarity 0.96)"), (13, "a near copy (similarity 0.93)")]),
        (9, "DU002", [(1, "a near copy (similarity 0.96)"), (13, "a near copy (similarity 0.96)")]),
        (13, "DU002", [(9, "a near copy (similarity 0.96)"), (1, "a near copy (similarity 0.93)")]),
    ]
    assert found[0].message == (
        "Entry is a near copy (similarity 0.96) of the entry at line 9 (and 1 more copy): "
        "`inference` here, `evaluation` there; the copy there looks newer: "
        "dated `2021-05-01` here, `2021-05-03` there")


def test_tables_of_contents_and_template_headers_are_not_copies(tmp_path: Path) -> None:
    toc = "1. [강의 내용 정리](#1-강의-내용-정리)\n\n2. [과제 정리](#2-과제-정리)\n\n3. [피어세션 정리](#3-피어세션-정리)"
    header = ("이 노트는 부스트캠프 AI Tech 강의를 듣고 정리한 내용입니다. "
              "틀린 내용이 있으면 이슈로 알려 주시면 감사하겠습니다.")
    for day in (27, 30, 31):
        (tmp_path / f"day{day}.md").write_text(
            f"# Day{day}\n\n## 목차\n\n{toc}\n\n## 소개\n\n{header}\n\n## 1. 강의 내용 정리\n\n"
            + " ".join(f"lecture{day}word{k}" for k in range(15)) + "\n",
            encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path)
        assert lint_paths(["."], select=["DU"]).diagnostics == []
        # The same introduction in two notes only is a copied entry.
        (tmp_path / "day31.md").unlink()
        two = lint_paths(["."], select=["DU"]).diagnostics
    assert [(d.path, d.line, d.code) for d in two] == [("day27.md", 11, "DU001"), ("day30.md", 11, "DU001")]


def test_unfilled_template_days_are_one_quiet_finding() -> None:
    filled = "**Today's Progress**: Wrote the date parser and its tests.\n\n**Thoughts:** It went well."
    empty = "**Today's Progress**:\n\n**Thoughts:**\n\n**Link(s) to work**\n[Example](http://www.example.com)"
    other = "**Today's Progress**: Read about link checkers.\n\n**Thoughts:** Retries matter."
    found = lint_text(_log(filled, empty, empty, other, empty), select=["DU"])
    assert [(d.line, d.code, d.severity, [r.line for r in d.related]) for d in found] == [
        (7, "DU003", Severity.INFO, [16]), (31, "DU003", Severity.INFO, [])]
    assert found[0].message == (
        "Entries from line 7 to line 16 (2 in a row; 1 more elsewhere) are still an unfilled "
        "template: only labels such as `**Today's Progress**:`; write them or delete them")
    assert found[1].message == (
        "Entry is still an unfilled template: only labels such as `**Today's Progress**:`, "
        "the same as in 2 other entries; write it or delete it")


def test_a_repeated_dated_heading_with_another_days_body_is_reported() -> None:
    text = ("### Day 12: January 15, 2020\n\nRead chapter 3.\n\n"
            "### Day 13: January 16, 2020\n\nWrote the parser.\n\n"
            "### Day 13: January 16, 2020\n\nRead chapter 3.\n")
    assert _du(text) == [
        "1:1-1:29 DU001 Entry is also at line 9 (identical); the copy there looks newer: "
        "dated `January 15, 2020` here, `January 16, 2020` there",
        "9:1-9:29 DU001 Entry is also at line 1 (identical); its heading "
        "`### Day 13: January 16, 2020` also stands at line 5; this copy looks newer: "
        "dated `January 16, 2020` here, `January 15, 2020` there",
    ]
    # The same short bodies under headings that do not repeat are left alone.
    assert _du(text.replace("### Day 13: January 16, 2020\n\nRead", "### Day 14: January 17, 2020\n\nRead")) == []
