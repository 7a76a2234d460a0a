"""Spelling building blocks: prose extraction, tokenizer, checker, Korean jamo, word lists."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from notelint.api import fix_text, lint_text
from notelint.config import ConfigError, config_from_mapping
from notelint.document import Document
from notelint.registry import default_registry
from notelint.spelling.checker import OfflineChecker
from notelint.spelling.corpus import CorpusCounts
from notelint.spelling.edits import distance, match_case, near1
from notelint.spelling.korean import KoreanChecker, compose, decompose
from notelint.spelling.lexicon import Lexicon
from notelint.spelling.prose import extract_prose
from notelint.spelling.settings import SpellingSettings
from notelint.spelling.tokenize import chunks, hangul_words, identifier_chunks
from notelint.spelling.vocabulary import builtin
from notelint.spelling.wordlist import add_words, read_words


def _parts(text: str) -> list[tuple[str, bool]]:
    return [(p.text, p.checkable) for ch in chunks(text) for p in ch.parts]


# -- tokenizer -----------------------------------------------------------------

def test_latin_hangul_boundary_splits_particles() -> None:
    assert _parts("score fucntion을 학습") == [("score", True), ("fucntion", True)]
    assert [w for w, _, _ in hangul_words("fucntion을 학습시킨다")] == ["을", "학습시킨다"]


def test_snake_kebab_and_camel_case() -> None:
    assert _parts("Fully-Conneted") == [("Fully", True), ("Conneted", True)]
    assert _parts("GroupNorm MLPMixer") == [("Group", True), ("Norm", True), ("MLP", False),
                                            ("Mixer", True)]
    assert [p.text for ch in identifier_chunks("is_traning=True") for p in ch.parts] == [
        "is", "traning", "True"]


def test_abbreviations_digits_and_possessives() -> None:
    assert _parts("MAML NCSN ResNet152 Sim2Real model's") == [
        ("MAML", False), ("NCSN", False), ("ResNet152", False), ("Sim2Real", False),
        ("model", True)]


def test_tex_paths_and_dotted_names_are_skipped() -> None:
    assert _parts(r"\sigma np.dot a/b e.g. end.") == [("end", True)]
    assert _parts("Aurélia nway*kshot") == []


# -- prose ---------------------------------------------------------------------

def test_prose_positions_are_exact_through_escapes_and_links() -> None:
    text = ("---\ntitle: \"Teh title\"\n---\n\n# Head \\*fucntion\\*\n\n"
            "[link fucntion](http://x.org/fucntion) https://y.org/fucntion ![alt fucntion](i.png)\n"
            "$fucntion$ `code` <b>fucntion</b> \\\\(fucntion\\\\) done\n")
    doc = Document.from_text(text)
    prose = extract_prose(doc)
    seen = []
    for run in prose.runs:
        for i, ch in enumerate(run.text):
            assert doc.text[run.source(i)] == ch
        seen.append((run.kind, run.text))
    assert ("title", "Teh title") in seen
    assert ("text", "Head *fucntion*") in seen
    assert ("link", "link fucntion") in seen
    assert ("alt", "alt fucntion") in seen
    joined = " ".join(t for _, t in seen)
    assert "y.org" not in joined and "x.org" not in joined
    assert joined.count("fucntion") == 4
    assert [c.text for c in prose.code] == ["code"]


def test_misspelling_positions_through_escapes() -> None:
    found = lint_text("The \\*fucntion\\* and the function and a function.\n", select=["SP001"])
    assert [(str(d.span), d.code) for d in found] == [("1:7-1:15", "SP001")]


# -- checker -------------------------------------------------------------------

def _checker(text_counts: dict[str, int], user: tuple[str, ...] = ()) -> OfflineChecker:
    lex = Lexicon(builtin(), frozenset(w.lower() for w in user))
    return OfflineChecker(lex, CorpusCounts(Counter(text_counts)))


def test_typo_of_a_common_word_is_found_even_when_repeated() -> None:
    chk = _checker({"fucntion": 9, "function": 26})
    verdict = chk.check("fucntion")
    assert verdict is not None and verdict.suggestions == ("function",) and verdict.fixable


def test_frequent_unknown_word_is_a_term() -> None:
    assert _checker({"elems": 4}).check("elems") is None
    # A repeated unknown word next to a word used more often is still a typo.
    assert _checker({"traning": 4, "training": 9}).check("traning") is not None


def test_names_and_words_without_neighbours_are_left_alone() -> None:
    chk = _checker({})
    assert chk.check("moindrot", True) is None
    assert chk.check("bonin", True) is None
    assert chk.check("torchmetrics") is None


def test_user_words_are_accepted() -> None:
    assert _checker({}, user=("Fucntion",)).check("fucntion") is None


def test_distance_and_edits() -> None:
    assert distance("envrionment", "environment") == 1
    assert distance("mocailities", "modalities") == 2
    assert distance("abc", "xyz", limit=2) == 2
    assert "function" in near1("fucntion", {"function"}.__contains__)
    assert match_case("connected", "Conneted") == "Connected"
    assert match_case("nasa", "NAZA") == "NASA"


def test_unsafe_fix_is_applied_only_with_unsafe_fixes() -> None:
    text = "The loss fucntion is a function of the weights and a function.\n"
    assert fix_text(text, select=["SP001"]) == (text, 0)
    fixed, n = fix_text(text, select=["SP001"], unsafe=True)
    assert n == 1 and fixed == text.replace("fucntion", "function")


# -- Korean ----------------------------------------------------------------------

def test_jamo_compose_decompose() -> None:
    assert decompose("학") == (18, 0, 1)
    assert compose(*decompose("습")) == "습"  # type: ignore[misc]
    assert decompose("a") is None


def test_korean_candidates_are_variants_the_notes_use_more() -> None:
    counts = Counter({"학습": 16, "학슴": 1, "모델": 11, "모듈": 2, "만든": 3, "만듦": 2})
    chk = KoreanChecker(counts, analyser=None)
    assert chk.candidates("학슴") == [("학습", 16)]
    assert chk.candidates("학습") == []  # used more than max-count times
    assert chk.candidates("모델") == []


# -- configuration and word lists ------------------------------------------------

def test_settings_are_validated() -> None:
    reg = default_registry()
    with pytest.raises(ConfigError, match="did you mean `words`"):
        config_from_mapping({"spelling": {"wordz": []}}, Path.cwd(), reg)
    with pytest.raises(ConfigError, match="languagetool-url"):
        config_from_mapping({"spelling": {"languagetool-url": "ftp://x"}}, Path.cwd(), reg)
    with pytest.raises(ConfigError, match="positive number of seconds"):
        config_from_mapping({"spelling": {"languagetool-timeout": 0}}, Path.cwd(), reg)
    assert SpellingSettings().languagetool_url == ""  # offline by default


def test_words_file_and_config_words(tmp_path: Path) -> None:
    text = "A fucntion and a function and a Conneted function.\n"
    (tmp_path / ".notelint-words.txt").write_text("# project words\nfucntion\n", encoding="utf-8")
    cfg = config_from_mapping({"spelling": {"words": ["conneted"]}}, tmp_path, default_registry())
    assert lint_text(text, select=["SP001"], config=cfg) == []
    assert len(lint_text(text, select=["SP001"])) == 2


def test_add_words_keeps_the_file_sorted_and_unique(tmp_path: Path) -> None:
    path = tmp_path / ".notelint-words.txt"
    assert add_words(path, ["wandb", "GroupNorm"]) == ["wandb", "GroupNorm"]
    assert add_words(path, ["groupnorm", "Elems"]) == ["Elems"]
    path.write_text("# mine\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert add_words(path, ["apex"]) == ["apex"]
    assert path.read_text(encoding="utf-8") == "# mine\napex\nElems\nGroupNorm\nwandb\n"
    assert read_words(path.read_text(encoding="utf-8").splitlines()) == {
        "apex", "elems", "groupnorm", "wandb"}
    with pytest.raises(ValueError):
        add_words(path, ["two words"])


def test_a_word_used_dozens_of_times_is_a_term_whatever_it_looks_like() -> None:
    from notelint.api import lint_text

    lines = [f"Call `napi_create_object` number {i} through the api wrapper of the api."
             for i in range(30)]
    assert lint_text("\n\n".join(lines) + "\n", select=["SP"]) == []
