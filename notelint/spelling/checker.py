"""The offline decision: is an unknown word a typo, or a term of the notes?

Precision comes first.  A word part is reported only when it is unknown (not
English, not technical vocabulary, not the user's) *and* a likely intended
word is close to it:

1. one edit away (insertion, deletion, substitution, swap) from a known word
   or a term of the notes, by a *plausible* slip (:func:`~notelint.spelling.
   edits.plausibility`): a swap, a dropped, doubled or neighbouring letter, a
   sound-alike letter; a less likely edit (another wrong letter) only when the
   notes use the intended word; never an edit of the first letter;
2. for parts of seven letters or more, two edits away from a word the notes
   use, with the same first letter (``mocailities`` -> ``modalities``).

A word the notes use often (``term-min-count`` times) is still a typo when
the intended word is used far more (:data:`FAR_MORE` times as often: ``fucntion`` nine times
next to ``function`` 26 times), but not when the two are used about as often
(``Boostcamp`` next to ``bootcamp``: a name and a word).  A word used
:data:`FREQUENT_TERM` times or more is the notes' own term.

A regular inflection of a common known word of four letters or more
(``elems``: ``elem`` + ``s``; ``parsed``: ``parse`` + ``d``; ``issuer``) is
never reported, even when the English list counts it as rare: word lists
hold few inflections of technical terms.

Short parts (up to four letters, or five when capitalized: likely a name),
and capitalized words inside a sentence (names and products: ``Typora``)
are reported only when the intended word is used in the notes (or, for
longer capitalized words, the slip is a likely one), as are rare English words (real-word typos such as
``labe`` next to ``label`` used often; not ``permuted`` next to ``permute``).
An unknown word with no close neighbour is taken for a name or a term and
never reported.
"""

from __future__ import annotations

from typing import NamedTuple

from notelint.spelling.corpus import CorpusCounts
from notelint.spelling.edits import edits1, near2, plausibility
from notelint.spelling.lexicon import Lexicon
from notelint.spelling.vocabulary import COMMON, ENGLISH, TECHNICAL

#: Rare English words are reported only when the near word is used this many times more.
RARE_RATIO = 3

#: A suggestion stands out when English uses it this many times as often as the next one
#: (both counted, not floor words): ``recall`` before ``rectal``.
ENGLISH_RATIO = 10

#: A word used ``term-min-count`` times or more is a typo only when the intended word is used this many
#: times as often (``fucntion`` 9 times next to ``function`` 26 times in the shared
#: corpus; ``Boostcamp`` 7 times next to ``bootcamp`` 11 times is a name).
FAR_MORE = 2

#: Regular endings of inflected words (see :meth:`OfflineChecker._inflection_of_known`).
_ENDINGS = ("s", "es", "d", "ed", "r", "er", "ers", "ing", "ly")

#: Capitalized unknown words up to this length are likely names.
NAME_LENGTH = 5


def _edit_kind(word: str, cand: str) -> int:
    """Rank of the edit from ``cand`` to ``word``: a dropped letter (the commonest typo)
    first, then a swap, a wrong letter, an extra letter."""
    if len(cand) > len(word):
        return 0
    if len(cand) < len(word):
        return 3
    return 1 if sorted(cand) == sorted(word) else 2


#: Uses in the notes from which an unknown word is the notes' own term whatever
#: it looks like (``napi`` in ``napi_create_object`` used hundreds of times next to
#: ``api``); the real typos of the shared corpus are repeated at most nine times.
FREQUENT_TERM = 25


#: Longer "words" are not checked: the longest word of English dictionaries has 45
#: letters (pneumonoultramicroscopicsilicovolcanoconiosis), and the edits of a run of
#: thousands of letters (a pasted hash, a line of one character) take memory
#: proportional to its length squared.
MAX_WORD_LENGTH = 45


class Verdict(NamedTuple):
    """Why a word part looks misspelled.

    Attributes:
        word: the lower-cased part.
        suggestions: lower-cased corrections, best first (at most three).
        uses: how often the notes use each suggestion (same order).
        count: how often the notes use ``word`` itself.
        rare: ``word`` is a (rare) English word; the notes use the suggestion far more.
        kinds: the edit kind of each suggestion (see :func:`_edit_kind`).
        scores: the plausibility of each suggestion (see
            :func:`~notelint.spelling.edits.plausibility`; 2 for two edits).
        frequencies: each suggestion's English count, 0 for words of the list's
            floor (added from include lists, never counted) and unlisted words.
    """

    word: str
    suggestions: tuple[str, ...]
    uses: tuple[int, ...]
    count: int
    rare: bool = False
    kinds: tuple[int, ...] = ()
    scores: tuple[int, ...] = ()
    frequencies: tuple[int, ...] = ()

    @property
    def clear(self) -> bool:
        """Whether the first suggestion stands out: the only one, likelier, used more in the
        notes, or equally used and reached by a likelier edit (a dropped letter before a
        wrong one)."""
        if len(self.suggestions) == 1:
            return True
        if self.scores and self.scores[0] != self.scores[1]:
            return self.scores[0] > self.scores[1]
        if self.uses[0] != self.uses[1]:
            return self.uses[0] > self.uses[1]
        if len(self.frequencies) > 1 and self.frequencies[1] > 0 \
                and self.frequencies[0] >= ENGLISH_RATIO * self.frequencies[1]:
            return True
        return len(self.kinds) > 1 and self.kinds[0] < self.kinds[1]

    @property
    def fixable(self) -> bool:
        """Whether replacing the word by the first suggestion is safe enough to offer (unsafe):
        it stands out and the notes use it."""
        return self.clear and self.uses[0] > 0


class OfflineChecker:
    """Decides on lower-cased word parts against a lexicon and the notes' counts.

    Results are cached per word: a run asks about each distinct word once.
    """

    def __init__(self, lexicon: Lexicon, corpus: CorpusCounts, *, term_min_count: int = 3,
                 min_length: int = 4) -> None:
        self.lexicon = lexicon
        self.corpus = corpus
        self.term_min_count = term_min_count
        self.min_length = min_length
        self._cache: dict[tuple[str, bool, bool, bool], Verdict | None] = {}
        self._noted: list[str] | None = None

    def is_term(self, word: str) -> bool:
        """Whether an unknown ``word`` is used often enough in the notes to be vocabulary."""
        return self.corpus.count(word) >= self.term_min_count

    def _good(self, word: str) -> bool:
        lex = self.lexicon
        flags = lex.builtin.flags(word)
        if flags & TECHNICAL or word in lex.user:
            return True
        if flags & ENGLISH:
            return bool(flags & COMMON) or self.corpus.count(word) > 0
        return self.is_term(word)

    def _neighbours(self, word: str) -> tuple[list[str], list[str]]:
        """Words one edit from ``word``: good ones (see :meth:`_good`), and rare English
        words the notes do not use."""
        lex = self.lexicon
        flags_of = lex.builtin.flags
        user = lex.user
        count = self.corpus.counts.get
        good: list[str] = []
        rare: list[str] = []
        seen = {word}
        for cand in edits1(word):
            if cand in seen:
                continue
            seen.add(cand)
            flags = flags_of(cand)
            if flags & TECHNICAL or cand in user:
                good.append(cand)
            elif flags & ENGLISH:
                if flags & COMMON or count(cand, 0) > 0:
                    good.append(cand)
                else:
                    rare.append(cand)
            elif count(cand, 0) >= self.term_min_count:
                good.append(cand)
        return good, rare

    def _inflection_of_known(self, word: str) -> bool:
        """Whether ``word`` is a common known word (four letters or more before ``s``,
        five before other endings) plus a regular ending (``elem`` + ``s``, ``parse`` + ``d``, ``issue`` + ``r``, ``context`` + ``s``)."""
        lex = self.lexicon
        for ending in _ENDINGS:
            stem = word[:-len(ending)]
            if (word.endswith(ending) and len(stem) >= (4 if ending == "s" else 5)
                    and not stem.endswith("s")
                    and lex.knows(stem) and not lex.is_rare(stem)):
                return True
        return False

    def _noted_words(self) -> list[str]:
        if self._noted is None:
            lex = self.lexicon
            self._noted = [w for w in self.corpus.counts
                           if len(w) >= 5 and w.isalpha() and lex.knows(w)]
        return self._noted

    def chunk_known(self, chunk: str) -> bool:
        """Whether a whole lower-cased chunk is known, so that its parts need no check.

        A chunk without separators (``floating`` for ``FLoating``, ``resnet``
        for ``ResNet``) may also be a term of the notes; a chunk with ``-``,
        ``_`` or an apostrophe must be in a word list (``is_traning`` used
        four times is still checked part by part).
        """
        if self.lexicon.knows(chunk):
            return True
        return chunk.isalnum() and self.is_term(chunk)

    def check(self, word: str, capitalized: bool = False, initial: bool = True,
              identifier: bool = False) -> Verdict | None:
        """A :class:`Verdict` when lower-cased ``word`` looks misspelled, else ``None``.

        ``capitalized``: the word was written with a capital first letter.  A
        short capitalized word, or one inside a sentence (not ``initial``), is
        likely a name (``Bonin``, ``Typora``): it is reported only when the
        notes use the suggested word or the slip is a likely one.
        ``identifier``: the word is a part of an identifier (kept apart in the
        memo; judged like a word).
        """
        key = (word, capitalized, initial and capitalized, identifier)
        try:
            return self._cache[key]
        except KeyError:
            pass
        verdict = self._decide(word, capitalized, initial, identifier)
        self._cache[key] = verdict
        return verdict

    def _decide(self, word: str, capitalized: bool, initial: bool = True,
                identifier: bool = False) -> Verdict | None:
        lex = self.lexicon
        corpus = self.corpus
        if not self.min_length <= len(word) <= MAX_WORD_LENGTH or not word.isalpha():
            return None
        count = corpus.count(word)
        if count >= FREQUENT_TERM:
            return None  # nobody mistypes a word the same way dozens of times
        rare = False
        if lex.knows(word) and not lex.is_rare(word):
            return None
        if self._inflection_of_known(word):
            return None
        if lex.knows(word):
            rare = True
        good, rare_only = self._neighbours(word)
        scored = [(c, plausibility(word, c)) for c in good]
        if scored:
            # Rare English words are alternatives too (``Coloization``: ``Colonization``
            # or ``Colorization``), never the only suggestion.
            scored += [(c, plausibility(word, c)) for c in rare_only]
        # A likely slip, or a less likely one towards a word of the notes; never the
        # first letter.
        scored = [(c, p) for c, p in scored if p >= 3 or (p == 2 and corpus.count(c) > 0)]
        if count >= self.term_min_count:
            # A term of the notes unless the intended word is used far more.
            scored = [(c, p) for c, p in scored if corpus.count(c) >= FAR_MORE * count]
        if rare:
            # A real-word typo: the notes use a neighbour far more often, and the word is
            # not a regular inflection of it (``permuted`` next to ``permute``).
            scored = [(c, p) for c, p in scored
                      if corpus.count(c) >= max(self.term_min_count, RARE_RATIO * count)
                      and not _inflects(word, c)]
        elif len(word) <= 4:
            scored = [(c, p) for c, p in scored if corpus.count(c) > count]
        elif capitalized and (len(word) <= NAME_LENGTH or not initial):
            # Likely a name or a product: only a word of the notes, or a likely slip.
            scored = [(c, p) for c, p in scored
                      if corpus.count(c) >= max(1, count) or (p >= 3 and len(word) > NAME_LENGTH)]
        if not scored and not rare and len(word) >= 7 and count <= 1:
            scored = [(c, 2) for c in near2(word, self._noted_words())]
        if not scored:
            return None
        ranked = sorted(scored, key=lambda cp: (-min(cp[1], 3), -corpus.count(cp[0]),
                                                _edit_kind(word, cp[0]),
                                                -lex.frequency(cp[0]), cp[0]))[:3]
        names = tuple(c for c, _ in ranked)
        floor = lex.builtin.floor
        freqs = tuple(f if f > floor else 0 for f in (lex.frequency(c) for c in names))
        return Verdict(word, names, tuple(corpus.count(c) for c in names), count, rare,
                       tuple(_edit_kind(word, c) for c in names), tuple(p for _, p in ranked),
                       freqs)


#: Regular endings that turn a word into its inflection (``permute`` -> ``permuted``).
_INFLECTIONS = ("s", "es", "d", "ed", "r", "er", "ing", "ly", "e")


def _inflects(word: str, stem: str) -> bool:
    """Whether ``word`` is ``stem`` plus a regular ending, or the reverse."""
    short, long_ = sorted((word, stem), key=len)
    return long_.startswith(short) and long_[len(short):] in _INFLECTIONS
