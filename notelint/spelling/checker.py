"""The offline decision: is an unknown word a typo, or a term of the notes?

Precision comes first.  A word part is reported only when it is unknown (not
English, not technical vocabulary, not the user's) *and* a likely intended
word is close to it:

1. one edit away (insertion, deletion, substitution, swap) from a known word
   or a term of the notes — unless the part is itself a term of the notes
   (used at least ``term-min-count`` times) and used more often than every
   such neighbour (``elems`` next to ``elms``);
2. for parts of seven letters or more, two edits away from a word the notes
   use, with the same first letter (``mocailities`` -> ``modalities``).

A regular inflection of a common known word of four letters or more
(``elems``: ``elem`` + ``s``; ``parsed``: ``parse`` + ``d``; ``issuer``) is
never reported, even when the English list counts it as rare: word lists
hold few inflections of technical terms.

Short parts (up to four letters, or five when capitalized: likely a name) are
reported only when the intended word is used in the notes, as are rare
English words (real-word typos such as ``labe`` next to ``label`` used often).
An unknown word with no close neighbour is taken for a name or a term and
never reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from notelint.spelling.corpus import CorpusCounts
from notelint.spelling.edits import near1, near2
from notelint.spelling.lexicon import Lexicon
from notelint.spelling.vocabulary import COMMON, ENGLISH, TECHNICAL

#: Rare English words are reported only when the near word is used this many times more.
RARE_RATIO = 3

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


@dataclass(frozen=True)
class Verdict:
    """Why a word part looks misspelled.

    Attributes:
        word: the lower-cased part.
        suggestions: lower-cased corrections, best first (at most three).
        uses: how often the notes use each suggestion (same order).
        count: how often the notes use ``word`` itself.
        rare: ``word`` is a (rare) English word; the notes use the suggestion far more.
        kinds: the edit kind of each suggestion (see :func:`_edit_kind`).
    """

    word: str
    suggestions: tuple[str, ...]
    uses: tuple[int, ...]
    count: int
    rare: bool = False
    kinds: tuple[int, ...] = ()

    @property
    def fixable(self) -> bool:
        """Whether the first suggestion stands out: the only one, used more in the notes,
        or equally used and reached by a likelier edit (a dropped letter before a wrong one)."""
        if len(self.suggestions) == 1 or self.uses[0] > self.uses[1]:
            return True
        return len(self.kinds) > 1 and self.kinds[0] < self.kinds[1]


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
        self._cache: dict[tuple[str, bool], Verdict | None] = {}
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

    def check(self, word: str, capitalized: bool = False) -> Verdict | None:
        """A :class:`Verdict` when lower-cased ``word`` looks misspelled, else ``None``.

        ``capitalized``: the word was written with a capital first letter.  A
        short capitalized word is likely a name (``Bonin``): it is reported only
        when the notes use the suggested word.
        """
        key = (word, capitalized)
        try:
            return self._cache[key]
        except KeyError:
            pass
        verdict = self._decide(word, capitalized)
        self._cache[key] = verdict
        return verdict

    def _decide(self, word: str, capitalized: bool) -> Verdict | None:
        lex = self.lexicon
        if not self.min_length <= len(word) <= MAX_WORD_LENGTH or not word.isalpha():
            return None
        count = self.corpus.count(word)
        if count >= FREQUENT_TERM:
            return None  # nobody mistypes a word the same way dozens of times
        rare = False
        if lex.knows(word) and not lex.is_rare(word):
            return None
        if self._inflection_of_known(word):
            return None
        if lex.knows(word):
            rare = True
        cands = [c for c in near1(word, self._good) if c != word]
        if rare:
            # A real-word typo: the notes use a neighbour far more often.
            cands = [c for c in cands
                     if self.corpus.count(c) >= max(self.term_min_count, RARE_RATIO * count)]
        elif len(word) <= 4:
            cands = [c for c in cands if self.corpus.count(c) > count]
        elif capitalized and len(word) <= NAME_LENGTH:
            cands = [c for c in cands if self.corpus.count(c) >= max(1, count)]
        if cands:
            best_use = max(self.corpus.count(c) for c in cands)
            if self.is_term(word) and count > best_use:
                return None  # the author's own term, written the same way many times
        elif not rare and len(word) >= 7 and count <= 1:
            cands = near2(word, self._noted_words())
        if not cands:
            return None
        ranked = sorted(cands, key=lambda c: (-self.corpus.count(c), _edit_kind(word, c),
                                              -lex.frequency(c), c))[:3]
        return Verdict(word, tuple(ranked), tuple(self.corpus.count(c) for c in ranked), count,
                       rare, tuple(_edit_kind(word, c) for c in ranked))
