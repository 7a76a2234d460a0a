"""SP003 with the Korean analyser (Kiwi): exact findings on sentences written for the test."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pytest

from notelint.api import fix_text, lint_text
from notelint.spelling.kiwi import KiwiAnalyser, reading_of
from notelint.spelling.korean import KoreanChecker

#: A short study note: `학습`, `함수입니다` and `파라미터를` are used correctly elsewhere.
NOTE = """\
# 모델 학습

모델을 학습합니다. 학습 데이터가 많습니다. 학습 속도도 빠릅니다.
이 값은 손실 함수입니다. 저 값도 활성화 함수입니다.
하이퍼파라미터를 정합니다.

마지막 단계에서 학슴 과정이 끝납니다.
이것은 출력 함수힙니다.
다음은 하이퍼파리미터 튜닝입니다.
"""


def _found(text: str) -> list[str]:
    return [f"{d.span} {d.code} {d.message}" for d in lint_text(text, select=["SP003"])]


def test_typos_of_words_the_note_uses_are_found() -> None:
    assert _found(NOTE) == [
        "7:10-7:12 SP003 `학슴` looks like a slip for `학습` (used 3× in your notes)",
        "8:8-8:13 SP003 `함수힙니다` looks like a slip for `함수입니다` (used 2× in your notes)",
        "9:5-9:12 SP003 `하이퍼파리미터` looks like a slip for `하이퍼파라미터` "
        "(used 1× in your notes)",
    ]


def test_the_fix_replaces_the_typo_by_the_notes_word() -> None:
    fixed, n = fix_text(NOTE, select=["SP003"], unsafe=True)
    assert n == 3
    assert "학습 과정이" in fixed and "출력 함수입니다" in fixed and "하이퍼파라미터 튜닝" in fixed


@pytest.mark.parametrize("text", [
    # Correct words one jamo from words used more often: particles, endings, real nouns.
    "특정 값을 봅니다. 특정 조건에서 특정 결과가 나옵니다. 특징을 뽑습니다.\n",
    "회고를 씁니다. 오늘의 회고와 어제의 회고가 다릅니다. 회귀 모델을 배웁니다.\n",
    "같은 값입니다. 같은 모델과 같은 결과입니다. 일을 맡은 사람이 있습니다.\n",
    "점과 점을 잇는 선이 있는 그림입니다. 값이 있는 곳과 있는 자리입니다.\n",
    # A contraction (보진: 보지는) and an unknown noun beside an adverb (모수 / 모두).
    "보지 않았다. 그 책은 보지 않았고, 끝까지 보진 못했다.\n",
    "모두 모였다. 모두가 모두를 본다. 모수를 추정하고 모수 분포를 본다.\n",
])
def test_correct_words_are_left_alone(text: str) -> None:
    assert _found(text) == []


def test_a_typo_without_one_clear_word_gets_no_suggestion() -> None:
    text = ("이 부분은 중요합니다. 이 부분에 주의합니다. 이 부분이 핵심입니다. 이 부분의 값을 봅니다.\n"
            "부분에 대해 다시 봅니다. 부분이 길어집니다. 부분의 구조입니다.\n"
            "위의 부분와 같이 씁니다.\n")
    found = lint_text(text, select=["SP003"])
    assert [(str(d.span), d.fix) for d in found] == [("3:4-3:7", None)]
    assert found[0].message.startswith("`부분와` looks like a typo: the Korean analyser reads it")


def test_words_accepted_by_the_note_or_the_word_list_are_not_reported() -> None:
    text = "<!-- notelint-words: 학슴 -->\n\n" + NOTE
    assert [m for m in _found(text) if "학슴" in m] == []


def test_readings_mark_unknown_and_ill_formed_words() -> None:
    kiwi = KiwiAnalyser()
    assert kiwi.read("학슴").oov and kiwi.read("학슴").ill_formed
    assert not kiwi.read("학습").ill_formed
    assert kiwi.read("강의을").ill_formed and not kiwi.read("강의를").ill_formed
    assert kiwi.read("있어다").ill_formed and not kiwi.read("있었다").ill_formed
    assert kiwi.read("함수입니다").score > kiwi.read("함수힙니다").score + 13


def test_reading_rules_on_given_morphemes() -> None:
    def tok(form: str, tag: str, score: float = -1.0, oov: bool = False) -> SimpleNamespace:
        return SimpleNamespace(form=form, tag=tag, score=score, oov=oov)

    assert reading_of([tok("합", "NNG"), tok("다", "MAG")]).ill_formed
    assert not reading_of([tok("다", "MAG"), tok("를", "JKO")]).ill_formed
    assert reading_of([tok("잇", "VV-I"), tok("는", "ETM")]).morphemes == ("잇/VV-I", "는/ETM")
    assert reading_of([tok("a", "NNG", -2.0), tok("b", "JX", -3.0)]).score == -5.0


def test_the_analyser_is_read_once_per_word() -> None:
    class Counting:
        def __init__(self) -> None:
            self.inner = KiwiAnalyser()
            self.calls = 0

        def read(self, word: str):  # type: ignore[no-untyped-def]
            self.calls += 1
            return self.inner.read(word)

        def read_many(self, words):  # type: ignore[no-untyped-def]
            self.inner.read_many(words)

    analyser = Counting()
    chk = KoreanChecker(Counter({"학습": 5, "학슴": 1}), analyser)
    chk.prepare(["학슴", "학슴"])
    first = chk.check("학슴")
    calls = analyser.calls
    assert chk.check("학슴") is first and analyser.calls == calls


def test_readings_are_kept_between_runs_and_the_model_is_not_loaded_again(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A second run with the same Korean candidates never loads Kiwi's model."""
    from notelint.spelling import kiwi

    first = kiwi.KiwiAnalyser(tmp_path)
    first.read_many(["학슴", "학습"])
    first.save()
    stored = list(tmp_path.glob("korean-readings-v*.json"))
    assert len(stored) == 1

    def no_model():  # type: ignore[no-untyped-def]
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(kiwi, "_kiwi", no_model)
    second = kiwi.KiwiAnalyser(tmp_path)
    second.read_many(["학슴", "학습"])
    assert second.read("학슴") == first.read("학슴")
    stored[0].write_text("{not json", encoding="utf-8")      # damaged: judged afresh
    third = kiwi.KiwiAnalyser(tmp_path)
    with pytest.raises(AssertionError, match="the model was loaded"):
        third.read("학슴")


def test_a_malformed_stored_reading_is_judged_afresh_and_the_others_are_kept(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Stored readings are decoded when a word is asked for; one of another shape costs only
    that word (read again by Kiwi), and the save keeps every well-formed one."""
    import json

    from notelint.spelling import kiwi

    first = kiwi.KiwiAnalyser(tmp_path)
    first.read_many(["학슴", "학습", "공부"])
    first.save()
    [stored] = tmp_path.glob("korean-readings-v*.json")
    data = json.loads(stored.read_text(encoding="utf-8"))
    data["학슴"] = "not a reading"
    stored.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    read: list[object] = []
    model = kiwi._kiwi

    class Counting:
        def tokenize(self, text):  # type: ignore[no-untyped-def]
            read.append(text)
            return model().tokenize(text)

    monkeypatch.setattr(kiwi, "_kiwi", Counting)
    second = kiwi.KiwiAnalyser(tmp_path)
    assert second.read("학습") == first.read("학습")
    assert read == []                                  # served from the store
    assert second.read("학슴") == first.read("학슴")     # judged afresh, same reading
    assert read == ["학슴"]
    second.save()
    again = json.loads(stored.read_text(encoding="utf-8"))
    assert sorted(again) == sorted(["학슴", "학습", "공부"])
    assert again["학슴"] == [first.read("학슴").score, first.read("학슴").oov,
                           first.read("학슴").ill_formed, list(first.read("학슴").morphemes)]


def test_the_model_is_loaded_without_the_multi_word_dictionary(monkeypatch):  # type: ignore[no-untyped-def]
    """Kiwi's multi-word dictionary costs most of the model's load time and memory and
    changes no reading of a single word SP003 judges (see ``KIWI_OPTIONS``)."""
    import kiwipiepy

    from notelint.spelling import kiwi

    seen: list[dict[str, object]] = []

    class Recording:
        def __init__(self, **kwargs: object) -> None:
            seen.append(kwargs)

    monkeypatch.setattr(kiwipiepy, "Kiwi", Recording)
    kiwi._kiwi.cache_clear()
    try:
        kiwi._kiwi()
    finally:
        kiwi._kiwi.cache_clear()
    assert seen == [{"load_multi_dict": False}]


def test_stored_readings_are_keyed_by_the_reading_version(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Readings made with other options (an older version) are not reused."""
    from notelint.spelling import kiwi

    analyser = kiwi.KiwiAnalyser(tmp_path)
    analyser.read_many(["학습"])
    analyser.save()
    assert [p.name.split("-")[2] for p in tmp_path.glob("korean-readings-*.json")] == ["v2"]


def test_kiwi_reads_bounded_batches_and_only_candidates(monkeypatch):  # type: ignore[no-untyped-def]
    """Words go to the analyser a batch at a time; words the notes use three times or more
    are never read (they cannot be typos)."""
    from notelint.spelling import kiwi

    real = kiwi._kiwi()
    batches: list[list[str]] = []

    class Recording:
        def tokenize(self, words):  # type: ignore[no-untyped-def]
            batches.append(list(words))
            return real.tokenize(words)

    monkeypatch.setattr(kiwi, "_kiwi", Recording)
    monkeypatch.setattr(kiwi, "READ_BATCH", 2)
    assert _found(NOTE + "데이터 정리. 데이터 분석. 데이터 시각화.\n") == [
        "7:10-7:12 SP003 `학슴` looks like a slip for `학습` (used 3× in your notes)",
        "8:8-8:13 SP003 `함수힙니다` looks like a slip for `함수입니다` (used 2× in your notes)",
        "9:5-9:12 SP003 `하이퍼파리미터` looks like a slip for `하이퍼파라미터` "
        "(used 1× in your notes)",
    ]
    read = [w for batch in batches for w in batch]
    assert batches and all(1 <= len(b) <= 2 for b in batches)
    assert "학슴" in read and "함수힙니다" in read and "하이퍼파리미터" in read
    assert "데이터" not in read                  # used three times: never a candidate
    assert len(read) == len(set(read))


def test_the_index_of_the_notes_words_finds_the_same_variants_as_generating_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Real notes (../shared): every Hangul word's candidates, found through the index of the
    # notes' words and by generating every one-jamo variant, are the same lists.
    from pathlib import Path

    import notelint.spelling.korean as korean
    from notelint.spelling.tokenize import hangul_words

    shared = Path(__file__).resolve().parents[2] / "shared"
    notes = sorted((shared / "corpus" / "content").glob("*.md"))
    notes += sorted((shared / "notes-dev").rglob("*.md"))[:40]
    counts: Counter[str] = Counter(w for p in notes
                                   for w, _, _ in hangul_words(p.read_text(encoding="utf-8")))
    assert len(counts) > 2000
    words = [*counts, "학슴", "함수힙니다", "x학습", "학a", "가"]
    indexed = KoreanChecker(counts, analyser=None)
    assert indexed._variant_index() is not None
    monkeypatch.setattr(korean, "INDEX_MAX_WORDS", 0)
    generated = KoreanChecker(counts, analyser=None)
    assert generated._variant_index() is None
    found = [indexed.candidates(w) for w in words]
    assert found == [generated.candidates(w) for w in words]
    assert sum(1 for f in found if f) > 100   # many words have a more used variant
    assert indexed.candidates("학슴")[0][0] == "학습"
