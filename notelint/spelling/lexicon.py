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
  (:func:`names`); not known words by themselves.
* The user's words: ``[spelling] words`` and the ``words-file``
  (``.notelint-words.txt`` by default) in the configuration's folder.

All comparisons are on lower-cased words.  The built-in part is loaded once
per process (about 0.5 s); a :class:`Lexicon` adds the user's words to it.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from notelint.spelling.settings import SpellingSettings
from notelint.spelling.wordlist import read_words

#: Vocabulary files shipped in ``notelint/data``.
VOCABULARY_FILES = ("spelling-tech-en.txt", "spelling-terms-ml.txt", "spelling-en-extra.txt.gz",
                    "spelling-tech-web.txt.gz")

#: Names of people, companies and places (see :func:`names`).
NAMES_FILE = "spelling-names.txt.gz"


class LexiconError(Exception):
    """The English word list cannot be loaded (``pyspellchecker`` is missing or broken)."""


@functools.lru_cache(maxsize=1)
def english_frequencies() -> Mapping[str, int]:
    """``word -> count`` from pyspellchecker's English list (loaded once).

    Raises:
        LexiconError: ``pyspellchecker`` is not installed or its list is unreadable.
    """
    try:
        path = resources.files("spellchecker") / "resources" / "en.json.gz"
        with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except (ModuleNotFoundError, OSError, ValueError) as exc:
        raise LexiconError(f"cannot load the English word list from pyspellchecker: {exc}"
                           " (pip install pyspellchecker)") from None
    return {str(k): int(v) for k, v in data.items()}


def _data_words(name: str) -> set[str]:
    """The lower-cased words of a vendored list (``.gz`` files are decompressed)."""
    path = resources.files("notelint") / "data" / name
    if name.endswith(".gz"):
        with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            return read_words(fh)
    with path.open("r", encoding="utf-8") as fh:
        return read_words(fh)


@functools.lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """The vendored vocabulary (lower-case): technical words and the English supplement.

    None of its words is in pyspellchecker's list, so rare English words stay rare.
    Loaded once.
    """
    words: set[str] = set()
    for name in VOCABULARY_FILES:
        words.update(_data_words(name))
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def names() -> frozenset[str]:
    """Lower-cased names of people, companies and places (``floyd``, ``thomas``), loaded once.

    Words the dictionaries also write in lower case (``will``, ``fully``) are not in it.
    """
    return frozenset(_data_words(NAMES_FILE))


@functools.lru_cache(maxsize=1)
def _floor() -> int:
    freqs = english_frequencies()
    return min(freqs.values()) if freqs else 0


@dataclass(frozen=True)
class Lexicon:
    """Known words for one configuration.

    Attributes:
        english: lower-case English word -> count (shared, built in).
        technical: the vendored vocabulary (shared, built in).
        user: the user's words, lower-cased.
    """

    english: Mapping[str, int]
    technical: frozenset[str]
    user: frozenset[str]

    def knows(self, word: str) -> bool:
        """Whether lower-case ``word`` is English, technical or the user's."""
        return word in self.english or word in self.technical or word in self.user

    def is_rare(self, word: str) -> bool:
        """Whether ``word`` is known only as a rarely seen English word (the list's floor count).

        Such a word in the notes may be a real-word typo (``labe`` for ``label``).
        """
        return (self.english.get(word, 0) == _floor() and word not in self.technical
                and word not in self.user)

    def frequency(self, word: str) -> int:
        """The English count of ``word`` (0 when not in the English list)."""
        return self.english.get(word, 0)

    def with_words(self, words: Iterable[str]) -> Lexicon:
        """A copy that also accepts ``words``."""
        return Lexicon(self.english, self.technical, self.user | {w.lower() for w in words})


def build_lexicon(settings: SpellingSettings, root: Path | None) -> Lexicon:
    """The lexicon for ``settings``; ``root`` is the folder the words file is relative to.

    Raises:
        LexiconError: the English list cannot be loaded.
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
    return Lexicon(english_frequencies(), vocabulary(), frozenset(_expand(user)))


def _expand(words: Iterable[str]) -> set[str]:
    """Words plus their camelCase/hyphen parts, so ``GroupNorm`` also accepts ``group`` ``norm``."""
    from notelint.spelling.tokenize import split_parts

    out: set[str] = set()
    for w in words:
        out.add(w.lower())
        for part in split_parts(w):
            out.add(part.text.lower())
    return out
