"""Korean near misses: a rare word one jamo away from a word the notes use often.

A Hangul syllable (U+AC00..U+D7A3) is an initial consonant (19 choices), a
vowel (21) and an optional final consonant (27 + none), composed as
``0xAC00 + (initial * 21 + vowel) * 28 + final`` (Unicode, chapter 3.12).  Two
words are *one jamo apart* when they have the same number of syllables and
differ in exactly one of the three parts of exactly one syllable (``함수힙니다``
/ ``함수입니다``: initial ㅎ/ㅇ; ``학슴`` / ``학습``: final ㅁ/ㅂ).

A word (a run of Hangul, particles included) used once or twice is a
candidate when a word one jamo away is used more often in the notes; the
Korean morphological analyser Kiwi (:mod:`notelint.spelling.kiwi`) decides
whether the candidate is a typo (see :class:`KoreanChecker`).  So slips of
the keyboard are found in words the notes use elsewhere; a typo of a word the
notes never write correctly is not, and a correct word Kiwi does not know
(a rare technical term) can still be reported (add it to the word list).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from notelint.spelling.prose import ProseRun
from notelint.spelling.tokenize import hangul_words

_BASE = 0xAC00
_LAST = 0xD7A3
_VOWELS = 21
_FINALS = 28

#: A word used more often than this in the notes is not a candidate (the checker's
#: ``max_count``): a slip is rarely made the same way three times.
MAX_COUNT = 2
#: With at most this many distinct words in the notes, a word's one-jamo variants are found
#: through an index of the notes' words (see ``KoreanChecker._variant_index``).
INDEX_MAX_WORDS = 20_000
#: Words of this many syllables or more, used once and unknown to the analyser, are
#: compared with the beginnings of the notes' words (a particle may follow there).
LONG_WORD = 5
#: The best suggestion must read this much likelier than the next one to be given.
CLEAR_MARGIN = 2.0
#: The intended form must read at least this much likelier (log-probability) than the word.
MIN_MARGIN = 2.0
#: A word that reads well is still a typo when the intended form reads this much likelier
#: (``함수힙니다`` -15 against ``함수입니다``; correct word forms such as ``다름`` / ``다른``
#: differ by up to about 12 on the notes of ``../shared``).
STRONG_MARGIN = 13.0


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
        others = _neighbours(ch)
        if not others:
            continue
        head, tail = word[:i], word[i + 1:]
        for syllable in others:
            yield i, head + syllable + tail


@functools.cache
def _neighbours(ch: str) -> tuple[str, ...]:
    """The syllables one jamo away from ``ch`` (initial, then vowel, then final changed);
    empty for a character that is not a Hangul syllable.  At most 11,172 entries."""
    parts = decompose(ch)
    if parts is None:
        return ()
    ini, vow, fin = parts
    out = [compose(x, vow, fin) for x in range(19) if x != ini]
    out += [compose(ini, x, fin) for x in range(_VOWELS) if x != vow]
    out += [compose(ini, vow, x) for x in range(_FINALS) if x != fin]
    return tuple(out)


def _one_jamo_apart(a: str, b: str) -> bool:
    """Whether Hangul syllable ``b`` is one of :func:`_neighbours` of ``a``: the two differ
    in exactly one of initial, vowel and final (``False`` when ``a`` is no syllable)."""
    x, y = ord(a) - _BASE, ord(b) - _BASE
    if not 0 <= x <= _LAST - _BASE:
        return False
    same = ((x // (_VOWELS * _FINALS) == y // (_VOWELS * _FINALS))
            + ((x // _FINALS) % _VOWELS == (y // _FINALS) % _VOWELS)
            + (x % _FINALS == y % _FINALS))
    return same == 2


class KoreanWord(NamedTuple):
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


class KoreanSuggestion(NamedTuple):
    """``word`` looks like a slip for ``suggestion``, which the notes use ``uses`` times.

    ``suggestion`` is empty when several words fit about as well; ``reading`` is how
    the analyser reads ``word`` (``form/TAG`` per morpheme).
    """

    word: str
    suggestion: str
    uses: int
    count: int
    reading: tuple[str, ...] = ()


#: The candidates of most words: none (one shared list, never changed).
_NONE: list[tuple[str, int]] = []

#: Final consonants that grammar adds to an open last syllable: ㄴ (보진: 보지는), ㄹ, ㅁ, ㅂ.
_ADDED_FINALS = frozenset({4, 8, 16, 17})


def _contraction(word: str, variant: str) -> bool:
    """Whether ``word`` is ``variant`` with a final consonant added to its open last syllable
    (a contracted particle or ending: ``보진`` for ``보지는``), which is grammar, not a slip."""
    if len(word) != len(variant) or word[:-1] != variant[:-1]:
        return False
    w, v = decompose(word[-1]), decompose(variant[-1])
    return (w is not None and v is not None and w[:2] == v[:2] and v[2] == 0
            and w[2] in _ADDED_FINALS)


class KoreanChecker:
    """Finds Korean typos: a rare word that a Korean analyser cannot read well, one jamo away
    from a word of the notes that it reads well.

    Candidates come from the notes: a Hangul word used at most ``max_count``
    times with a one-jamo variant the notes use more often; and a long word
    (:data:`LONG_WORD` syllables or more) used once that the analyser does not
    know, with a one-jamo variant that begins a word of the notes
    (``하이퍼파리미터`` / ``하이퍼파라미터를``).  The analyser
    (:class:`~notelint.spelling.kiwi.KiwiAnalyser`) judges both forms
    (:class:`~notelint.spelling.kiwi.Reading`): the word is a typo when its
    reading is ill-formed (a morpheme outside the dictionary, a particle read
    as a noun, an ending followed by more word) or far less likely
    (:data:`STRONG_MARGIN`), and the variant reads well and more likely
    (:data:`MIN_MARGIN`).  A word the analyser knows needs a variant used at
    least ``min_count`` times.  Not typos: a contracted ending (``보진`` for
    ``보지는``), an unknown noun whose variant is no noun (``모수`` / ``모두``).

    The suggestion is the variant that reads best; when another one reads
    about as well (within :data:`CLEAR_MARGIN`), there is no suggestion.
    """

    def __init__(self, counts: Counter[str], analyser: Any, min_count: int = 2,
                 max_count: int = MAX_COUNT, min_syllables: int = 2) -> None:
        self.counts = counts
        self.analyser = analyser
        self.min_count = min_count
        self.max_count = max_count
        self.min_syllables = min_syllables
        self._cache: dict[str, KoreanSuggestion | None] = {}
        self._prefixes: Counter[str] | None = None
        self._candidates: dict[str, list[tuple[str, int]]] = {}
        self._index: dict[tuple[str, str], list[tuple[str, str]]] | None = None

    def candidates(self, word: str) -> list[tuple[str, int]]:
        """One-jamo variants of ``word`` the notes use more often, most used first.

        Computed once per word and checker (:meth:`prepare` and :meth:`check`
        both ask; generating a word's variants is most of SP003's cost).
        """
        known = self._candidates.get(word)
        if known is not None:
            return known
        count = self.counts.get(word, 0)
        if len(word) < self.min_syllables or count > self.max_count:
            self._candidates[word] = _NONE
            return _NONE
        found = {}
        get = self.counts.get
        index = self._variant_index()
        if index is not None:   # the words of the notes that differ from `word` in one place
            for i, ch in enumerate(word):
                near = index.get((word[:i], word[i + 1:]))
                if near and (len(near) > 1 or near[0][1] != word):  # not `word` alone
                    for syllable, variant in near:
                        if _one_jamo_apart(ch, syllable) and (uses := get(variant, 0)) > count:
                            found[variant] = uses
        else:
            for _, variant in one_jamo_variants(word):
                uses = get(variant, 0)
                if uses > count:
                    found[variant] = uses
        result = sorted(found.items(), key=lambda vu: (-vu[1], vu[0])) if found else _NONE
        self._candidates[word] = result
        return result

    def _variant_index(self) -> dict[tuple[str, str], list[tuple[str, str]]] | None:
        """The notes' words by place: ``(head, tail) -> [(syllable, word), ...]`` for every
        word ``head + syllable + tail`` (``syllable`` a Hangul syllable), built on first use
        when the notes have at most :data:`INDEX_MAX_WORDS` distinct words, else ``None``.

        Looking a word's places up here finds the same variants as generating all its
        one-jamo variants (about 64 a syllable) and looking each up, much faster for the
        few thousand words of one note; a large collection keeps the generation (the
        index would hold an entry per syllable of every word).
        """
        if self._index is None and len(self.counts) <= INDEX_MAX_WORDS:
            index: dict[tuple[str, str], list[tuple[str, str]]] = {}
            for w in self.counts:
                for i, ch in enumerate(w):
                    if _BASE <= ord(ch) <= _LAST:
                        index.setdefault((w[:i], w[i + 1:]), []).append((ch, w))
            self._index = index
        return self._index

    def _long_candidates(self, word: str) -> list[tuple[str, int]]:
        """For a long word used once: variants that begin words of the notes."""
        if self._prefixes is None:
            self._prefixes = Counter()
            for w, n in self.counts.items():
                for end in range(LONG_WORD, len(w)):
                    self._prefixes[w[:end]] += n
        found = {}
        for _, variant in one_jamo_variants(word):
            uses = self._prefixes.get(variant, 0) + self.counts.get(variant, 0)
            if uses:
                found[variant] = uses
        return sorted(found.items(), key=lambda vu: (-vu[1], vu[0]))

    def _is_long(self, word: str) -> bool:
        return len(word) >= LONG_WORD and self.counts.get(word, 0) <= 1

    def prepare(self, words: Iterable[str]) -> None:
        """Read every candidate word and its variants in one batch (faster than one by one)."""
        todo: set[str] = set()
        long_words = []
        for w in set(words):
            cands = self.candidates(w)
            if cands:
                todo.add(w)
                todo.update(v for v, _ in cands)
            elif self._is_long(w):
                long_words.append(w)
        self.analyser.read_many(sorted(todo | set(long_words)))
        more = set()
        for w in long_words:
            if self.analyser.read(w).oov:
                more.update(v for v, _ in self._long_candidates(w))
        self.analyser.read_many(sorted(more))

    def check(self, word: str) -> KoreanSuggestion | None:
        """A finding when ``word`` looks like a typo of a word of the notes, else ``None``."""
        if word in self._cache:
            return self._cache[word]
        found = None
        cands = self.candidates(word)
        if cands:
            found = self._judge(word, cands)
        elif self._is_long(word) and self.analyser.read(word).oov:
            found = self._judge(word, self._long_candidates(word))
        self._cache[word] = found
        return found

    def _judge(self, word: str, cands: list[tuple[str, int]]) -> KoreanSuggestion | None:
        reading = self.analyser.read(word)
        count = self.counts.get(word, 0)
        passing: list[tuple[float, str, int]] = []
        for variant, uses in cands:
            if not reading.oov and uses < max(self.min_count, count + 1):
                continue
            if _contraction(word, variant):
                continue
            other = self.analyser.read(variant)
            if other.ill_formed:
                continue
            if reading.oov and len(reading.morphemes) == 1 \
                    and not other.morphemes[0].split("/")[1].startswith("NN"):
                continue  # an unknown noun (모수) is a term, not a slip for 모두 (an adverb)
            margin = other.score - reading.score
            if margin < MIN_MARGIN:
                continue
            if reading.ill_formed or margin >= STRONG_MARGIN:
                passing.append((other.score, variant, uses))
        if not passing:
            return None
        passing.sort(key=lambda t: (-t[0], -t[2], t[1]))
        best_score, best, uses = passing[0]
        if len(passing) > 1 and best_score - passing[1][0] < CLEAR_MARGIN:
            return KoreanSuggestion(word, "", 0, count, reading.morphemes)
        return KoreanSuggestion(word, best, uses, count, reading.morphemes)
