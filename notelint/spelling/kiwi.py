"""Readings of Korean words by Kiwi, the Korean morphological analyser (kiwipiepy).

Kiwi (``kiwipiepy`` on PyPI, Apache-2.0; its model ships in the
``kiwipiepy_model`` package, so nothing is downloaded at run time) splits an
eojeol into morphemes with part-of-speech tags and a log-probability score.
notelint reads one word at a time and calls the reading *ill-formed* when

* a morpheme is outside Kiwi's dictionary (``학슴`` read as one unknown noun);
* a particle or ending syllable is read as a noun or adverb after another
  morpheme (``강의을``: ``을`` as a noun, where ``강의를`` is a noun and its
  object particle);
* a final or connective ending is followed by a noun, verb or adverb inside
  the word (``있어다``: ``있`` + ``어`` + adverb ``다``);
* an adverb follows a noun inside the word (``합다``: noun ``합`` + ``다``).

Loading the model takes about a second, so it is loaded only when a Korean
word needs judging, once per process.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

#: Particle and ending syllables that are never nouns or adverbs after another morpheme.
_PARTICLES = frozenset("을를이가은는의에와과도로만께서")
_NOUNS = frozenset({"NNG", "NNP", "NNB", "NR", "NP"})
_ENDINGS = frozenset({"EF", "EC"})
_CONTENT = frozenset({"NNG", "NNP", "NNB", "NP", "VV", "VA", "MAG", "MM", "IC"})


class KoreanAnalyserError(Exception):
    """kiwipiepy or its model is not installed, or the model cannot be loaded."""


@dataclass(frozen=True)
class Reading:
    """How Kiwi reads one word.

    Attributes:
        score: the log-probability of the best analysis (higher is likelier).
        oov: a morpheme is outside Kiwi's dictionary.
        ill_formed: ``oov``, or a morpheme sequence no correct word has (module docstring).
        morphemes: ``form/TAG`` of each morpheme, for messages and tests.
    """

    score: float
    oov: bool
    ill_formed: bool
    morphemes: tuple[str, ...]


def reading_of(tokens: Sequence[Any]) -> Reading:
    """The :class:`Reading` of Kiwi's tokens (objects with ``form``, ``tag``, ``score``,
    ``oov``) for one word."""
    oov = any(t.oov for t in tokens)
    bad = oov
    for prev, tok in zip(tokens, tokens[1:]):
        tag, ptag = tok.tag.split("-")[0], prev.tag.split("-")[0]
        if tok.form in _PARTICLES and tag in ("NNG", "NNB", "MAG"):
            bad = True
        elif ptag in _ENDINGS and tag in _CONTENT:
            bad = True
        elif ptag in _NOUNS and tag == "MAG":
            bad = True
    return Reading(sum(t.score for t in tokens), oov, bad,
                   tuple(f"{t.form}/{t.tag}" for t in tokens))


class KiwiAnalyser:
    """Reads Korean words with Kiwi, memoized per word.

    Raises:
        KoreanAnalyserError: (on first use) kiwipiepy or its model is missing.
    """

    def __init__(self) -> None:
        self._memo: dict[str, Reading] = {}

    def read(self, word: str) -> Reading:
        """The reading of one Hangul word."""
        found = self._memo.get(word)
        if found is None:
            found = reading_of(_kiwi().tokenize(word))
            self._memo[word] = found
        return found

    def read_many(self, words: Iterable[str]) -> None:
        """Read ``words`` in one batch (Kiwi analyses them on its worker threads)."""
        todo = [w for w in dict.fromkeys(words) if w not in self._memo]
        if not todo:
            return
        for word, tokens in zip(todo, _kiwi().tokenize(todo), strict=True):
            self._memo[word] = reading_of(tokens)


@functools.lru_cache(maxsize=1)
def _kiwi() -> Any:
    try:
        from kiwipiepy import Kiwi
    except ImportError as exc:
        raise KoreanAnalyserError(f"the Korean analyser is not installed ({exc}); "
                                  "pip install kiwipiepy") from None
    try:
        return Kiwi()
    except Exception as exc:  # kiwipiepy raises plain exceptions for a missing model
        raise KoreanAnalyserError(f"cannot load the Korean analyser's model: {exc}") from None
