"""The duplicate machinery: normalisation, sketch index, verification, recency."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from notelint.document import Document
from notelint.duplicates import index
from notelint.duplicates.analysis import find
from notelint.duplicates.collect import records
from notelint.duplicates.normalise import Normalised, normalise, placeholder
from notelint.duplicates.recency import newer
from notelint.duplicates.verify import compare, differences, floor2, ratio, summary, upper_bound

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
    recs = records(doc, 2)
    # The empty 2021-05-02 entry is left out; `### Sub` is at a dated level (3) too.
    assert [r.entry.line for r in recs] == [3, 13, 17, 21, 23]
    first, notes, sub, day, hour = recs
    assert first.normalised.code and first.normalised.labels == {placeholder("The citation"): "[^1]"}
    assert "compared" in notes.normalised.tokens and "citation" not in hour.normalised.tokens
    assert notes.contains(sub) and day.contains(hour) and not hour.contains(day)
    assert not first.contains(hour)


# -- the sketch index -------------------------------------------------------------------


def test_sketch_is_the_same_in_every_process() -> None:
    code = ("from notelint.duplicates.index import sketch;"
            "print(sketch('the quick brown fox jumps over the lazy dog 합니다'.split()))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outputs) == 1
    words = ["the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", "합니다"]
    assert str(index.sketch(words)) + "\n" in outputs


def test_sketch_and_estimate() -> None:
    words = [f"w{i}" for i in range(100)]
    a = index.sketch(words)
    assert len(a) == index.SKETCH_SIZE and list(a) == sorted(a)
    assert index.estimate(a, a) == 1.0
    assert index.estimate(a, index.sketch([f"v{i}" for i in range(100)])) == 0.0
    near = index.estimate(a, index.sketch([*words[:90], "x", *words[91:]]))
    assert 0.7 < near < 1.0
    assert index.sketch(["single"]) == tuple(index.word_ids(["single"]))
    assert index.sketch([]) == ()


def test_posting_lists_are_capped() -> None:
    idx = index.SketchIndex()
    for _ in range(index.MAX_POSTING + 5):
        idx.add((1, 2, 3))
    assert idx.postings == {1: None, 2: None, 3: None}
    assert list(idx.candidates()) == []
    other = index.SketchIndex()
    other.add((1, 2, 3, 4))
    other.add((9, 10, 11, 12))
    other.add((1, 2, 3, 5))
    assert [(i, j) for i, j, _ in other.candidates()] == [(0, 2)]


def test_exact_groups() -> None:
    assert index.exact_groups([("a",), ("b",), ("a",), ("c",), ("b",), ("a",)]) == [[0, 2, 5], [1, 4]]


# -- verification -------------------------------------------------------------------------


def _n(text: str) -> Normalised:
    return normalise(text)


def test_ratio_and_bounds() -> None:
    rng = random.Random(4)
    for _ in range(200):
        a = [rng.choice("abcdef") for _ in range(rng.randint(0, 30))]
        b = [rng.choice("abcdef") for _ in range(rng.randint(0, 30))]
        assert upper_bound(a, b) >= ratio(a, b) - 1e-12
    assert ratio([], []) == 1.0
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


def _entries(text: str) -> list:
    doc = Document.from_text(text)
    return records(doc, 2)


def test_newer_by_date_position_and_live_log() -> None:
    body = "\n\nSome body text that is long enough to be an entry of its own here.\n\n"
    log = "".join(f"## 2021-05-{d:02d}{body}" for d in (1, 2, 3, 4)) + f"## 2021-05-02{body}"
    recs = _entries(log)
    verdict = newer(recs[1].entry, recs[1].shape, recs[4].entry, recs[4].shape,
                    same_note=True, there_name="x")
    assert verdict is not None and not verdict.here
    assert verdict.reason == "it comes after `2021-05-04` in a log kept oldest first"
    newest_first = "".join(f"## 2021-05-{d:02d}{body}" for d in (4, 3, 2, 1))
    moved = _entries(f"## 2021-05-02{body}" + newest_first)
    verdict = newer(moved[0].entry, moved[0].shape, moved[3].entry, moved[3].shape,
                    same_note=True, there_name="x")
    assert verdict is not None and verdict.here
    assert verdict.reason == "it comes before `2021-05-04` in a log kept newest first"
    old, live = _entries(log.rsplit("## 2021-05-02", 1)[0]), _entries(log.replace("05-04", "06-30"))
    verdict = newer(old[1].entry, old[1].shape, live[1].entry, live[1].shape,
                    same_note=False, there_name="live.md")
    assert verdict is not None and not verdict.here
    assert verdict.reason == "`live.md` goes on to `2021-06-30`, this note ends at `2021-05-04`"
    assert newer(old[1].entry, old[1].shape, old[1].entry, old[1].shape,
                 same_note=False, there_name="x") is None


# -- the whole search -------------------------------------------------------------------


def test_find_respects_min_words_and_allowed() -> None:
    long = "one two three four five six seven eight nine ten eleven twelve thirteen"
    entries = [_n(long), _n("short text"), _n(long), _n("short text"), _n(long + " fourteen")]
    found = find(entries, threshold=0.8, min_words=5, allowed=lambda i, j: True)
    assert found.exact == ((0, 2),)
    assert [(p.first, p.second) for p in found.near] == [((0, 2), (4,))]
    nothing = find(entries, threshold=0.8, min_words=5, allowed=lambda i, j: False)
    assert nothing.near == () and nothing.candidates == 0


def test_find_scales_and_recalls_planted_copies() -> None:
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(5000)]
    texts = [" ".join(rng.choices(vocab, k=rng.randint(20, 120))) for _ in range(3000)]
    planted = []
    for k in range(0, 3000, 100):
        words = texts[k].split()
        words[len(words) // 2] = "changed"
        planted.append((k, len(texts)))
        texts.append(" ".join(words))
    found = find([_n(t) for t in texts], threshold=0.8, min_words=12, allowed=lambda i, j: True)
    pairs = {(p.first[0], p.second[0]) for p in found.near}
    assert pairs == set(planted)
    assert found.candidates < 2 * len(planted)


@pytest.mark.parametrize("threshold", [0.5, 0.95])
def test_threshold_decides(threshold: float) -> None:
    a = _n("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu")
    b = _n("alpha beta gamma delta epsilon zeta eta theta iota kappa other words")
    found = find([a, b], threshold=threshold, min_words=5, allowed=lambda i, j: True)
    assert bool(found.near) is (ratio(a.tokens, b.tokens) >= threshold)
