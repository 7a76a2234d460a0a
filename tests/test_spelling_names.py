"""Names read from their neighbours: the separator tests in Python give the answers the
patterns with the separators in them gave, on the real notes and on made-up text."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from notelint.spelling import names
from notelint.spelling.names import looks_like_name
from notelint.spelling.vocabulary import Vocabulary, builtin

SHARED = Path(__file__).resolve().parents[2] / "shared"

_BEFORE = re.compile(r"([A-Z][a-z]+)(?: |-|\u2010|\u2013|\u2014)$")
_AFTER = re.compile(r"(?: |-|\u2010|\u2013|\u2014)([A-Z][a-z]+)")


def _reference(text: str, start: int, end: int, vocabulary: Vocabulary) -> bool:
    """``looks_like_name`` with the word before and after found by one pattern each."""
    if not text[start:start + 1].isupper():
        return False
    before = _BEFORE.search(text, max(0, start - 40), start)
    if before and vocabulary.is_name(before.group(1).lower()):
        return True
    after = _AFTER.match(text, end)
    if after and vocabulary.is_name(after.group(1).lower()):
        return True
    # The rest, as in looks_like_name.
    cite = names._CITATION.match(text, end)
    if cite:
        first = cite.group(1)
        return first is None or vocabulary.is_name(first.lower())
    run = []
    lead = names._RUN_BEFORE.search(text, max(0, start - 80), start)
    if lead:
        run += [w for w in lead.group().split() if w[:1].isupper()]
    tail = names._RUN_AFTER.match(text, end)
    if tail:
        run += [w for w in tail.group().split() if w[:1].isupper()]
    return any(not vocabulary.knows(w.lower()) and not w.isupper() for w in run)


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return builtin()


def _cases() -> list[str]:
    notes = [*(SHARED / "corpus").rglob("*.md"), *(SHARED / "notes-dev").rglob("*.md"),
             *(SHARED / "math-dev" / "notes").rglob("*.md")]
    texts = [p.read_text(encoding="utf-8") for p in sorted(notes)]
    words = ["Floyd", "Warshall", "Thomas", "Cormen", "Karpathy", "Andrej", "Bengio", "Xq",
             "Transfomer", "Vision", "and", "of", "et al", "(2013)", "T.", "X", "ab"]
    seps = [" ", "-", "\u2010", "\u2013", "\u2014", "\n", "-\n", " \n", "\u00a0", ", ", "", "\u2011"]
    rnd = random.Random(2)
    texts += ["".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(1, 6)))
              for _ in range(5000)]
    return texts


def test_names_read_as_with_the_separator_patterns(vocabulary: Vocabulary) -> None:
    checked = named = 0
    for text in _cases():
        for m in re.finditer(r"[A-Z][A-Za-z]+", text):
            ours = looks_like_name(text, m.start(), m.end(), vocabulary)
            assert ours == _reference(text, m.start(), m.end(), vocabulary), (text, m.group())
            checked += 1
            named += ours
    assert checked > 15000 and named > 1000


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("the Floyd–Warshall algorithm", "Warshall", True),
    ("the Floyd-\nWarshall algorithm", "Warshall", True),
    ("Thomas Cormen wrote", "Cormen", True),
    ("Cormen and Leiserson", "Leiserson", False),
    ("Floyd\n-Warshall", "Warshall", False),
    ("a Vision Transfomer", "Transfomer", False),
])
def test_examples(vocabulary: Vocabulary, text: str, word: str, expected: bool) -> None:
    start = text.index(word)
    assert looks_like_name(text, start, start + len(word), vocabulary) is expected
