"""The duplicate machinery: normalisation, sketch index, verification, recency."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest

from notelint.document import Document
from notelint.duplicates import index
from notelint.duplicates.analysis import Analysis, Note, analyse
from notelint.duplicates.boilerplate import BodyKind, body_kind
from notelint.duplicates.collect import EntryRecord, collect
from notelint.duplicates.normalise import Normalised, normalise, placeholder
from notelint.duplicates.recency import newer
from notelint.duplicates.verify import compare, differences, floor2, ratio, summary

# -- normalisation -----------------------------------------------------------------


def test_tokens_words_and_tex() -> None:
    n = normalise("`is_trainable`이 True인 경우 $d(x, \\partial\\ohm)$ 2021년!")
    assert n.tokens == ("`", "is_trainable", "`", "이", "True인", "경우", "$", "d", "(", "x", ",",
                        "\\partial", "\\ohm", ")", "$", "2021년")
    assert n.words == 6  # is_trainable 이 True인 경우 d x; not 2021년, which starts with a digit
    assert n.words == sum(1 for t in n.tokens if t.isidentifier())


def test_end_punctuation_is_dropped_only_where_a_block_ends() -> None:
    text = "First line.\nsecond line, end.\n\n- item one;\n- item two\n1. three!\n> quote.\n\nlast …"
    assert normalise(text).tokens == normalise(
        "First line.\nsecond line, end\n\n- item one\n- item two\n1. three\n> quote\n\nlast").tokens
    assert "." in normalise("a b.\nc d").tokens  # a sentence end inside a paragraph stays


def test_emoji_and_decomposed_hangul() -> None:
    import unicodedata

    assert normalise("🧩  ML library 🥲").tokens == normalise("ML library").tokens
    text = "파이썬의 객체는 구분됩니다"
    assert normalise(unicodedata.normalize("NFD", text)).tokens == normalise(text).tokens


def test_code_ranges_skip_ranges_and_prose_tokens() -> None:
    text = "Explain it.\n\n```python\nx = 1.\n```\n\n[^1]: a note\n\nAfter."
    fence = (text.index("```"), text.index("```\n\n[") + 3)
    note = (text.index("[^1]"), text.index("\n\nAfter"))
    n = normalise(text, [fence], skip=[note])
    assert n.code == ((2, 13),)
    assert n.tokens[2:13] == ("`", "`", "`", "python", "x", "=", "1", ".", "`", "`", "`")
    assert "note" not in n.tokens
    assert n.prose_tokens() == ["Explain", "it", "After"]  # code keeps its end punctuation


def test_a_body_met_again_is_counted_and_sketched_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from notelint.duplicates import normalise as module

    calls: list[int] = []
    monkeypatch.setattr(module, "sketch", lambda words: calls.append(len(words)) or index.sketch(words))
    monkeypatch.setattr(module, "_SKETCHES", {})
    first = normalise("The same text, written once.\n")
    again = normalise("The  same text,\nwritten once 🧩.")  # the same tokens
    other = normalise("Another text.")
    assert calls == [5, 2] and again.text == first.text
    assert (again.words, again.sketch) == (first.words, first.sketch) == (5, index.sketch(
        ["The", "same", "text", "written", "once"]))
    assert (other.words, other.sketch) == (2, index.sketch(["Another", "text"]))
    monkeypatch.setattr(module, "MAX_SKETCHES", 2)
    normalise("A third text.")  # the memo was full: emptied first
    assert module._SKETCHES.keys() == {"A third text"} and calls == [5, 2, 3]


def test_footnote_placeholders() -> None:
    assert placeholder("Moment (mathematics).  Wikipedia") == placeholder("Moment (mathematics). Wikipedia.")
    token = placeholder("Moment")
    n = normalise("Moment[^7] and [^x]", footnotes={"7": token})
    assert n.tokens[1] == token and n.shown(token) == "[^7]"
    assert n.tokens[-4:] == ("[", "^", "x", "]")  # undefined labels stay as written


def test_records_of_a_document() -> None:
    doc = Document.from_text(
        "Intro text is not an entry.\n\n## 2021-05-01\n\nBody one[^1].\n\n```py\ncode()\n```\n\n"
        "## 2021-05-02\n\n## Notes\n\nUndated but a sibling.\n\n### Sub\n\nNot compared.\n\n"
        "## 2021-05-03\n\n### 2021-05-03 10:00\n\nInside.\n\n[^1]: The citation.\n")
    recs = collect(doc, 2).entries
    # The empty 2021-05-02 entry is left out; `### Sub` is at a dated level (3) too.
    assert [r.line for r in recs] == [3, 13, 17, 21, 23]
    assert [r.marker for r in recs][:2] == ["## 2021-05-01", "## Notes"]
    assert recs[0].date is not None and recs[0].date.in_heading and recs[1].date is None
    first, notes, sub, day, hour = recs
    assert first.normalised.code and first.normalised.labels == {placeholder("The citation"): "[^1]"}
    assert "compared" in notes.normalised.tokens and "citation" not in hour.normalised.tokens
    assert notes.contains(sub) and day.contains(hour) and not hour.contains(day)
    assert not first.contains(hour)


def test_summary_pickles_as_digests_and_records_read_on_first_use() -> None:
    import pickle

    from notelint.duplicates.collect import NoteEntries, entry_digest

    doc = Document.from_text(
        "## 2021-05-01\n\nBody one[^1] with `code` and 🧩 emoji.\n\n```py\ncode()\n```\n\n"
        "## Notes\n\n**Thoughts:**\n\n## 2021-02-30\n\nA day that does not exist.\n\n"
        "## 2021-05-03\n\nLast.\n\n[^1]: The citation.\n")
    summary = collect(doc, 2)
    back = pickle.loads(pickle.dumps(summary))
    assert back._entries is None and back._blob is not None  # the records wait in their blob
    assert back.digests == tuple(entry_digest(r, summary.shape) for r in summary.entries)
    assert back._entries is None  # reading the digests left them there
    assert back.entries == summary.entries and back.shape == summary.shape and back == summary
    assert [r.kind for r in back.entries] == [BodyKind.CONTENT, BodyKind.SKELETON,
                                             BodyKind.CONTENT, BodyKind.CONTENT]
    assert back.entries[2].date is not None and back.entries[2].date.start is None
    assert back.entries[0].normalised.labels == {placeholder("The citation"): "[^1]"}
    assert back.entries[0].normalised.sketch == summary.entries[0].normalised.sketch != ()
    again = pickle.loads(pickle.dumps(back))  # pickled again unread: the same blob
    assert again == summary and pickle.loads(pickle.dumps(NoteEntries((), summary.shape))).entries == ()


# -- the sketch index -------------------------------------------------------------------


def test_sketch_is_the_same_in_every_process() -> None:
    code = ("from notelint.duplicates.index import sketch;"
            "print(sketch('the quick brown fox jumps over the lazy dog 합니다'.split()))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outputs) == 1
    words = ["the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", "합니다"]
    assert str(index.sketch(words)) + "\n" in outputs


def test_sketch_of_a_near_copy_shares_most_hashes() -> None:
    words = [f"w{i}" for i in range(100)]
    a = index.sketch(words)
    assert len(a) == index.SKETCH_SIZE and list(a) == sorted(a)
    assert not set(a) & set(index.sketch([f"v{i}" for i in range(100)]))
    near = set(a) & set(index.sketch([*words[:90], "x", *words[91:]]))
    assert 16 < len(near) < index.SKETCH_SIZE
    assert index.sketch(["single"]) == tuple(index.word_ids(["single"]))
    assert index.sketch([]) == ()


def test_popular_hashes_pair_each_entry_with_the_next_ones_only() -> None:
    idx = index.SketchIndex()
    n = index.MAX_POSTING + 5
    for _ in range(n):
        idx.add((1, 2, 3))
    pairs = [(i, j) for i, j, _ in idx.candidates()]
    later = {i: [j for a, j in pairs if a == i] for i in range(n)}
    assert later[0] == list(range(1, index.MAX_CANDIDATES + 1))  # the ones sharing most, bounded
    assert all(len(js) <= index.MAX_CANDIDATES for js in later.values())
    assert later[n - 2] == [n - 1] and later[n - 1] == []
    other = index.SketchIndex()
    other.add((1, 2, 3, 4, 5))
    other.add((9, 10, 11, 12, 13))
    other.add((1, 2, 3, 4, 6))
    other.add((1, 2, 3, 7, 8))  # three shared hashes: common phrases, not a copy
    assert list(other.candidates()) == [(0, 2, 4)]
    ties = index.SketchIndex()
    ties.add(tuple(range(10)))
    for k in range(5):  # five later entries sharing five hashes each, then one sharing all
        ties.add((*range(5), 100 + k))
    ties.add(tuple(range(10)))
    # The most shared, then ties in the order met: entries 1, 2 and 3, not 4 and 5.
    assert [(j, n) for _, j, n in ties.candidates([0])] == [(1, 5), (2, 5), (3, 5), (6, 10)]


def test_exact_groups() -> None:
    assert index.exact_groups([("a",), ("b",), ("a",), ("c",), ("b",), ("a",)]) == [[0, 2, 5], [1, 4]]


# -- verification -------------------------------------------------------------------------


def _n(text: str) -> Normalised:
    return normalise(text)


def _lcs(a: list[str], b: list[str]) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        prev = 0
        for j, y in enumerate(b):
            prev, row[j + 1] = row[j + 1], prev + 1 if x == y else max(row[j + 1], row[j])
    return row[-1]


def test_ratio_is_the_lcs_ratio() -> None:
    rng = random.Random(4)
    for _ in range(200):
        a = [rng.choice("abcdef") for _ in range(rng.randint(0, 30))]
        b = [rng.choice("abcdef") for _ in range(rng.randint(0, 30))]
        if a or b:
            assert ratio(a, b) == pytest.approx(2 * _lcs(a, b) / (len(a) + len(b)))
    assert ratio([], []) == 1.0
    assert ratio(list("abcd"), list("abxy"), cutoff=0.8) == 0.0
    assert compare(_n("a b c d e f g h"), _n("a"), 0.8) is None  # lengths alone rule it out


def test_differences_are_described_as_written() -> None:
    here = _n("uses `is_tranable` and \\ohm here and \\ohm there with 1 item")
    there = _n("uses `is_trainable` and \\Omega here and \\Omega there with 2 items and more")
    phrases = differences(here, there)
    assert phrases == ["`\\ohm` here, `\\Omega` there (2 times)",
                       "`is_tranable` here, `is_trainable` there",
                       "`1 item` here, `2 items and more` there"]
    assert differences(_n("a b c"), _n("a c")) == ["`a b c` here, `a c` there"]
    assert differences(_n("keep this sentence"), _n("keep this sentence plus more words")) == [
        "`plus more words` only there"]
    assert summary(["1", "2", "3", "4", "5"]) == "1; 2; 3; and 2 more differences"
    assert floor2(0.9999) == "0.99" and floor2(0.8) == "0.80"


# -- which copy is newer ----------------------------------------------------------------


def _entries(text: str) -> list[tuple[EntryRecord, object]]:
    summary = collect(Document.from_text(text), 2)
    return [(e, summary.shape) for e in summary.entries]


def test_newer_by_date_position_and_live_log() -> None:
    body = "\n\nSome body text that is long enough to be an entry of its own here.\n\n"
    log = "".join(f"## 2021-05-{d:02d}{body}" for d in (1, 2, 3, 4)) + f"## 2021-05-02{body}"
    recs = _entries(log)
    verdict = newer(*recs[1], *recs[4], same_note=True, there_name="x")
    assert verdict is not None and not verdict.here
    assert verdict.reason == "it comes after `2021-05-04` in a log kept oldest first"
    newest_first = "".join(f"## 2021-05-{d:02d}{body}" for d in (4, 3, 2, 1))
    moved = _entries(f"## 2021-05-02{body}" + newest_first)
    verdict = newer(*moved[0], *moved[3], same_note=True, there_name="x")
    assert verdict is not None and verdict.here
    assert verdict.reason == "it comes before `2021-05-04` in a log kept newest first"
    old, live = _entries(log.rsplit("## 2021-05-02", 1)[0]), _entries(log.replace("05-04", "06-30"))
    verdict = newer(*old[1], *live[1], same_note=False, there_name="live.md")
    assert verdict is not None and not verdict.here
    assert verdict.reason == "`live.md` goes on to `2021-06-30`, this note ends at `2021-05-04`"
    assert newer(*old[1], *old[1], same_note=False, there_name="x") is None


# -- what a body is -----------------------------------------------------------------------


def test_body_kinds() -> None:
    assert body_kind("**Thoughts:**\n\n**Today's Progress**:\n[Example](http://www.example.com)") == (
        BodyKind.SKELETON, "**Thoughts:**")
    assert body_kind("- [ ] 강의:\n- [ ]\n---\n<!-- fill in -->\n[Back Top](#days)") == (
        BodyKind.SKELETON, "- [ ] 강의:")
    assert body_kind("1. [강의 내용 정리](#1-강의-내용-정리)\n\n2. [과제](#2-과제)\n") == (
        BodyKind.NAVIGATION, "")
    assert body_kind("|+|00|\n|--|--|\n|00|[Day 1](#day-1) | [Day 11](#day-11)|") == (
        BodyKind.NAVIGATION, "")
    for content in ("**Thoughts:** parsing is hard", "Notes: see the paper",
                    "[the paper](https://arxiv.org/abs/1706.03762)", "휴가", "**Today's Progress**:\nWrote tests."):
        assert body_kind(content) == (BodyKind.CONTENT, ""), content
    assert body_kind("Labels:", [(0, 3)]) == (BodyKind.CONTENT, "")


# -- the whole search -------------------------------------------------------------------


def _note(name: str, *bodies: str, checked: bool = True, heading: str = "## 2021-05-{:02d}") -> Note:
    text = "\n\n".join(f"{heading.format(i + 1)}\n\n{b}" for i, b in enumerate(bodies)) + "\n"
    return Note(name, checked, None, collect(Document.from_text(text, name), 2))


def _pairs(found: Analysis) -> set[tuple[int, int]]:
    return {(a, b) for x, near in found.near.items() for n in near
            for a in found.classes[x] for b in found.classes[n.other] if a < b}


def test_analyse_exact_near_min_words_and_checked_notes() -> None:
    long = "one two three four five six seven eight nine ten eleven twelve thirteen"
    notes = [_note("a.md", long, "short text", long), _note("b.md", "short text", long + " fourteen")]
    found = analyse(notes, threshold=0.8, min_words=5)
    assert [c for c in found.classes if len(c) > 1] == [(0, 2)]
    assert _pairs(found) == {(0, 4), (2, 4)}
    assert found.owner == [0, 0, 0, 1, 1]
    unchecked = [_note("a.md", long, checked=False), _note("b.md", long + " fourteen", checked=False)]
    nothing = analyse(unchecked, threshold=0.8, min_words=5)
    assert nothing.near == {} and nothing.candidates == 0


def test_analyse_scales_and_recalls_planted_copies() -> None:
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(5000)]
    texts = [" ".join(rng.choices(vocab, k=rng.randint(20, 120))) for _ in range(3000)]
    planted = []
    for k in range(0, 3000, 100):
        words = texts[k].split()
        words[len(words) // 2] = "changed"
        planted.append((k, len(texts)))
        texts.append(" ".join(words))
    notes = [_note(f"n{i}.md", t) for i, t in enumerate(texts)]
    found = analyse(notes, threshold=0.8, min_words=12)
    assert _pairs(found) == set(planted)
    assert found.candidates < 2 * len(planted)


def test_verification_shared_with_a_forked_process_finds_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import notelint.duplicates.analysis as analysis_module

    rng = random.Random(11)
    vocab = [f"w{i}" for i in range(400)]
    texts = [" ".join(rng.choices(vocab, k=rng.randint(20, 80))) for _ in range(300)]
    for k in range(0, 300, 7):  # near copies, some of them of one another
        words = texts[k].split()
        words[rng.randrange(len(words))] = "changed"
        texts.append(" ".join(words))
    notes = [_note(f"n{i}.md", t, checked=i % 5 != 0) for i, t in enumerate(texts)]
    alone = analyse(notes, threshold=0.8, min_words=12)
    forks: list[int] = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    monkeypatch.setattr(analysis_module, "FORK_MIN_CLASSES", 10)
    shared = analyse(notes, threshold=0.8, min_words=12, jobs=2)
    assert forks == [1] and alone.near and _pairs(alone)
    assert shared.near == alone.near and shared.candidates == alone.candidates
    assert analyse(notes, threshold=0.8, min_words=12, jobs=1).near == alone.near and forks == [1]


def test_a_share_the_child_fails_on_is_computed_by_the_parent() -> None:
    from notelint.duplicates.parallel import in_child

    parent = os.getpid()

    def work(n: int) -> list[int]:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return list(range(n))

    result = in_child(work, 3)
    assert result is not None and result() == [0, 1, 2]
    ok = in_child(lambda n: [os.getpid() != parent] * n, 2)
    assert ok is not None and ok() == [True, True]  # computed in the child


def test_no_fork_with_other_threads_running() -> None:
    import threading

    from notelint.duplicates.parallel import in_child

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert in_child(len, "abc") is None
    finally:
        stop.set()
        thread.join()
    result = in_child(len, "abc")
    assert result is not None and result() == 3


def test_near_copies_of_one_text_differ_as_each_is_written() -> None:
    from notelint.rules.duplicates import near_duplicate_entry

    words = "one two three four five six seven eight nine ten eleven twelve"
    cite = "\n\n[^{0}]: The same citation.\n"
    notes = [_note("a.md", f"{words} alpha[^1] beta" + cite.format(1)),
             _note("b.md", f"{words} alpha[^7] beta" + cite.format(7)),
             _note("c.md", f"{words} alpha[^2] beta" + cite.format(2)),
             _note("d.md", f"{words} alpha beta gamma"),
             _note("e.md", f"{words} alpha[^1] beta" + cite.format(1))]
    found = analyse(notes, threshold=0.8, min_words=5)
    assert found.classes[0] == (0, 1, 2, 4) and found.subclass == {0: 0, 1: 1, 2: 2, 4: 0}
    told = [(f.entry, f.message.split(": ", 1)[1]) for f in near_duplicate_entry.findings(found)]
    # Each copy's own labels, though the five entries are one text.
    assert told == [(0, "footnote `[^1]` here, `[^7]` there"),
                    (1, "footnote `[^7]` here, `[^1]` there"),
                    (2, "footnote `[^2]` here, `[^1]` there"),
                    (3, "`[^1]` only there; `gamma` only here"),
                    (4, "footnote `[^1]` here, `[^7]` there")]


def test_templates_tables_of_contents_and_boilerplate_headers() -> None:
    skeleton = "**Today's Progress**:\n\n**Thoughts:**\n\n[Back Top](#days)"
    toc = "1. [강의 내용 정리](#1-강의-내용-정리)\n2. [과제 정리](#2-과제-정리)\n3. [피어세션 정리](#3-피어세션-정리)"
    header = "이 노트는 부스트캠프 AI Tech 강의를 듣고 정리한 내용입니다. 틀린 내용이 있으면 알려 주세요 감사합니다."
    notes = [_note(f"day{i}.md", toc, header, f"Unique content number {i} " + "word " * 20,
                   heading="## Section {}") for i in range(3)]
    notes.append(_note("log.md", "Wrote the parser " + "and more " * 10, skeleton, skeleton))
    found = analyse(notes, threshold=0.8, min_words=12)
    assert [c for c in found.classes if len(c) > 1] == []  # the header is in three notes: boilerplate
    assert found.templates == {10: 2, 11: 2}
    two = analyse(notes[:2], threshold=0.8, min_words=12)
    assert [c for c in two.classes if len(c) > 1] == [(1, 4)]  # in two notes it is a copy


@pytest.mark.parametrize("threshold", [0.5, 0.95])
def test_threshold_decides(threshold: float) -> None:
    a = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"
    b = "alpha beta gamma delta epsilon zeta eta theta iota kappa other words"
    found = analyse([_note("a.md", a, b)], threshold=threshold, min_words=5)
    assert bool(found.near) is (ratio(_n(a).tokens, _n(b).tokens) >= threshold)
