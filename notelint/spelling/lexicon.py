"""The words notelint knows: an English word list, technical vocabulary and the user's words.

Data sources:

* English: the word-frequency list bundled with ``pyspellchecker`` (MIT; built
  by its maintainers from OpenSubtitles 2018 counts, cleaned with include and
  exclude lists): about 160,000 lower-case words with counts.  Words whose
  count is the list's floor were added from include lists rather than
  observed often; :meth:`Lexicon.is_rare` tells them apart.
* ``notelint/data/spelling-tech-en.txt``: technical vocabulary from the cspell
  dictionaries (MIT; the file's header names packages, versions and hashes).
* ``notelint/data/spelling-terms-ml.txt``: machine-learning, mathematics and
  computing terms written for notelint.
* ``notelint/data/spelling-en-extra.txt.gz``: US and British English words
  that pyspellchecker's list lacks (inflections, ``-ise``/``-our``/``-re``
  spellings), from cspell's ``en_US`` and MIT ``en_GB`` dictionaries.
* ``notelint/data/spelling-tech-web.txt.gz``: web, publishing and TeX
  vocabulary, npm package names, people's and companies' names (cspell).
* ``notelint/data/spelling-names.txt.gz``: names of people, companies and
  places, used only to recognise an unknown word next to a name as a name
  (:meth:`Lexicon.is_name`); not known words by themselves.
* The user's words: ``[spelling] words`` and the ``words-file``
  (``.notelint-words.txt`` by default) in the configuration's folder.

All comparisons are on lower-cased words.  The built-in part is compiled
once into the user cache folder and mapped by each run in about a
millisecond (:mod:`notelint.spelling.vocabulary`); a :class:`Lexicon` adds
the user's words to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from notelint.spelling.settings import SpellingSettings
from notelint.spelling.vocabulary import (
    COMMON,
    ENGLISH,
    TECHNICAL,
    Vocabulary,
    VocabularyError,
    builtin,
)
from notelint.spelling.wordlist import read_words

#: The vocabulary's sources could not be read (kept under its historical name).
LexiconError = VocabularyError


class Lexicon(NamedTuple):
    """Known words for one configuration.

    Attributes:
        builtin: the compiled built-in vocabulary (shared by every configuration).
        user: the user's words, lower-cased.
    """

    builtin: Vocabulary
    user: frozenset[str]

    def knows(self, word: str) -> bool:
        """Whether lower-case ``word`` is English, technical or the user's."""
        return word in self.user or self.builtin.knows(word)

    def is_technical(self, word: str) -> bool:
        """Whether ``word`` is in the vendored vocabulary or the user's words."""
        return word in self.user or bool(self.builtin.flags(word) & TECHNICAL)

    def is_english(self, word: str) -> bool:
        """Whether ``word`` is in the English word list."""
        return bool(self.builtin.flags(word) & ENGLISH)

    def is_rare(self, word: str) -> bool:
        """Whether ``word`` is known only as a rarely seen English word (the list's floor count).

        Such a word in the notes may be a real-word typo (``labe`` for ``label``).
        """
        return (self.builtin.flags(word) & (ENGLISH | COMMON | TECHNICAL) == ENGLISH
                and word not in self.user)

    def is_name(self, word: str) -> bool:
        """Whether ``word`` is in the list of people's, companies' and places' names."""
        return self.builtin.is_name(word)

    def frequency(self, word: str) -> int:
        """The English count of ``word`` (0 when not in the English list)."""
        return self.builtin.count(word)

    def with_words(self, words: Iterable[str]) -> Lexicon:
        """A copy that also accepts ``words``."""
        return Lexicon(self.builtin, self.user | {w.lower() for w in words})


def build_lexicon(settings: SpellingSettings, root: Path | None) -> Lexicon:
    """The lexicon for ``settings``; ``root`` is the folder the words file is relative to.

    Raises:
        LexiconError: the built-in word lists cannot be loaded.
    """
    user = {w.lower() for w in settings.words}
    if settings.words_file and root is not None:
        path = root / settings.words_file
        try:
            with path.open("r", encoding="utf-8") as fh:
                user.update(read_words(fh))
        except FileNotFoundError:
            pass
        except (OSError, UnicodeDecodeError):
            pass  # an unreadable word list is the same as an empty one
    return Lexicon(builtin(), frozenset(_expand(user)))


def _expand(words: Iterable[str]) -> set[str]:
    """Words plus their camelCase/hyphen parts, so ``GroupNorm`` also accepts ``group`` ``norm``."""
    from notelint.spelling.tokenize import split_parts

    out: set[str] = set()
    for w in words:
        out.add(w.lower())
        for part in split_parts(w):
            out.add(part.text.lower())
    return out
