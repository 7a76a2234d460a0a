"""Korean near misses: a rare word one jamo away from a word the notes use often.

A Hangul syllable (U+AC00..U+D7A3) is an initial consonant (19 choices), a
vowel (21) and an optional final consonant (27 + none), composed as
``0xAC00 + (initial * 21 + vowel) * 28 + final`` (Unicode, chapter 3.12).  Two
words are *one jamo apart* when they have the same number of syllables and
differ in exactly one of the three parts of exactly one syllable (``함수힙니다``
/ ``함수입니다``: initial ㅎ/ㅇ; ``학슴`` / ``학습``: final ㅁ/ㅂ).

There is no Korean dictionary that installs with pip, so the words the notes
use often stand for the accepted words: a word (a run of Hangul, particles
included) used once or twice is reported when a word one jamo away is used
at least ``korean-min-count`` times and more often than it.  The syllable
that differs must be odd (see :class:`KoreanChecker`).  This finds slips of
the keyboard in words the author writes repeatedly; it cannot judge words the
notes use once, and a correct but rare word form can still be reported (add it
to the word list).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from notelint.spelling.prose import ProseRun
from notelint.spelling.tokenize import hangul_words

_BASE = 0xAC00
_LAST = 0xD7A3
_VOWELS = 21
_FINALS = 28

#: A syllable used at least this many times in the notes is common.
COMMON_SYLLABLE = 5

# Final consonant indexes: clusters (ㄳ ㄵ ㄶ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅄ) mostly come from
# grammar (만들다 -> 만듦), and ㄴ/ㄹ/ㅁ alternate between word forms.
_CLUSTER_FINALS = frozenset({3, 5, 6, 9, 10, 11, 12, 13, 14, 15, 18})
_M = 16
_NOUN_ADNOMINAL = frozenset({4, 8, _M})


def decompose(syllable: str) -> tuple[int, int, int] | None:
    """``(initial, vowel, final)`` indexes of a Hangul syllable; ``None`` for other characters."""
    code = ord(syllable)
    if not _BASE <= code <= _LAST:
        return None
    index = code - _BASE
    return index // (_VOWELS * _FINALS), (index // _FINALS) % _VOWELS, index % _FINALS


def compose(initial: int, vowel: int, final: int) -> str:
    """The syllable of the given indexes."""
    return chr(_BASE + (initial * _VOWELS + vowel) * _FINALS + final)


def one_jamo_variants(word: str) -> Iterator[tuple[int, str]]:
    """``(index, variant)`` for every word that differs from Hangul ``word`` in one jamo of
    the syllable at ``index``."""
    for i, ch in enumerate(word):
        parts = decompose(ch)
        if parts is None:
            continue
        ini, vow, fin = parts
        head, tail = word[:i], word[i + 1:]
        for x in range(19):
            if x != ini:
                yield i, head + compose(x, vow, fin) + tail
        for x in range(_VOWELS):
            if x != vow:
                yield i, head + compose(ini, x, fin) + tail
        for x in range(_FINALS):
            if x != fin:
                yield i, head + compose(ini, vow, x) + tail


@dataclass(frozen=True)
class KoreanWord:
    """A Hangul word at source offsets ``[start, end)``."""

    word: str
    start: int
    end: int


def korean_words(runs: Iterable[ProseRun]) -> list[KoreanWord]:
    """The Hangul words of prose runs, with source offsets."""
    out = []
    for run in runs:
        for word, a, b in hangul_words(run.text):
            s, e = run.source_span(a, b)
            out.append(KoreanWord(word, s, e))
    return out


@dataclass(frozen=True)
class KoreanSuggestion:
    """``word`` looks like a slip for ``suggestion``, which the notes use ``uses`` times."""

    word: str
    suggestion: str
    uses: int
    count: int


class KoreanChecker:
    """Finds rare Hangul words one jamo away from frequent ones, over counts of the notes.

    Korean particles and endings make many correct words one jamo apart
    (``문에`` / ``문제``, ``모듈`` / ``모델``), so a word is reported only when the
    syllable that differs is *odd*: used nowhere in the notes but in this word
    (``힙`` in ``함수힙니다``, ``슴`` in ``학슴``), while the syllable it replaces is
    common (used at least :data:`COMMON_SYLLABLE` times).
    """

    def __init__(self, counts: Counter[str], min_count: int = 2, max_count: int = 2,
                 min_syllables: int = 2) -> None:
        self.counts = counts
        self.syllables: Counter[str] = Counter()
        for word, n in counts.items():
            for ch in word:
                self.syllables[ch] += n
        self.min_count = min_count
        self.max_count = max_count
        self.min_syllables = min_syllables
        self._cache: dict[str, KoreanSuggestion | None] = {}

    def check(self, word: str) -> KoreanSuggestion | None:
        """A suggestion when ``word`` is rare and one jamo from a frequent word, else ``None``."""
        if word in self._cache:
            return self._cache[word]
        found = None
        count = self.counts.get(word, 0)
        if len(word) >= self.min_syllables and count <= self.max_count:
            best, best_uses = "", 0
            for i, variant in one_jamo_variants(word):
                uses = self.counts.get(variant, 0)
                if uses > best_uses and self._odd(word[i], variant[i], count):
                    best, best_uses = variant, uses
            if best and best_uses >= max(self.min_count, count + 1):
                found = KoreanSuggestion(word, best, best_uses, count)
        self._cache[word] = found
        return found

    def _odd(self, written: str, intended: str, count: int) -> bool:
        if self.syllables[written] > count or self.syllables[intended] < COMMON_SYLLABLE:
            return False
        w, i = decompose(written), decompose(intended)
        if w is None or i is None or w[2] in _CLUSTER_FINALS:
            return False
        # -ㅁ (noun form) against -ㄴ/-ㄹ (adnominal) is grammar, not a slip: 만듬 / 만든.
        return not ({w[2], i[2]} <= _NOUN_ADNOMINAL and w[2] != i[2] and _M in (w[2], i[2]))
