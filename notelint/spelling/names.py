"""Is an unknown capitalized word in prose a name?  Its neighbours tell.

Technical notes cite people and algorithms named after them.  An unknown
capitalized word is taken for a name when

* it is joined by a space, hyphen or dash to a capitalized known name
  (``Floyd–Warshall``, ``Thomas Cormen``; ``Cormen and Leiserson``
  is not enough: ``and`` is no name);
* it is followed the way references write authors: ``Cormen, T.``,
  ``Cormen, Thomas``, ``Cormen et al.``, ``Bengio (2013)``, ``Bengio, 2013``;
* it belongs to a run of capitalized words in which another word is not an
  English word either (``Andrej Karpathy``, ``Kode With Klossy``): two unknown
  capitalized words side by side are a name, not two typos (small words of
  names may come between: ``Kode with Klossy``).

The names are the built-in vocabulary's names
(:data:`~notelint.spelling.vocabulary.NAME`: people, companies, places),
which leave out words the dictionaries also write in lower case, so
``Fully-Conneted`` or ``Vision Transfomer`` are still checked.
"""

from __future__ import annotations

from notelint.lazy import lazy_compile
from notelint.spelling.vocabulary import Vocabulary

#: What joins two words of a name: a space, a hyphen or a dash.  Tested with ``in`` around
#: the patterns below: a class of them all, reaching beyond U+00FF in more than two runs,
#: costs more to compile than all the rest of these patterns.
_SEPARATORS = " -\u2010\u2013\u2014"
#: A capitalized word (after a separator), and one that ends where the search ends (before one).
_WORD = lazy_compile(r"[A-Z][a-z]+")
_WORD_BEFORE = lazy_compile(r"[A-Z][a-z]+\Z")
#: How references continue after a surname: an initial, a known first name, ``et al.``,
#: a year.
_CITATION = lazy_compile(r",\s+(?:[A-Z]\.|([A-Z][a-z]+)\b)|\s+et\s+al\b"
                       r"|,?\s+\(?(?:19|20)\d\d[a-z]?\b")
#: Capitalized words around a word, joined by single spaces and the small words of names
#: (``Kode with Klossy``, ``Bank of America``, ``Ludwig van Beethoven``).
_JOIN = r"(?:[ \u00a0](?:of|with|the|for|de|von|van|der|den|la|le|du|da|di|del))?[ \u00a0]"
#: The spaces of ``_JOIN``: one of them is next to a word in a run of capitalized words.
_NAME_SPACES = " \u00a0"
_RUN_BEFORE = lazy_compile(rf"(?:[A-Z][A-Za-z]*{_JOIN})+$")
_RUN_AFTER = lazy_compile(rf"(?:{_JOIN}[A-Z][A-Za-z]*)+")


def looks_like_name(text: str, start: int, end: int, vocabulary: Vocabulary) -> bool:
    """Whether the capitalized word at ``text[start:end]`` reads as a name from its neighbours."""
    if not text[start:start + 1].isupper():
        return False
    is_name = vocabulary.is_name
    # Each pattern is tried only where the character before or after the word lets it
    # match (a word glued to Hangul or punctuation needs none of them).
    # The character before (the one before a line break: `$` also matches before one).
    sep = start - 2 if text[start - 1:start] == "\n" else start - 1
    before_char = text[sep] if sep >= 0 else ""
    after_char = text[end:end + 1]
    # The word before: a capitalized word, one separator, then this word (or a line break
    # and this word), within the 40 characters before it.
    if before_char and before_char in _SEPARATORS:
        before = _WORD_BEFORE.search(text, max(0, start - 40), sep)
        if before and is_name(before.group().lower()):
            return True
    # The word after: one separator, then a capitalized word.
    if after_char and after_char in _SEPARATORS:
        after = _WORD.match(text, end + 1)
        if after and is_name(after.group().lower()):
            return True
    cite = _CITATION.match(text, end) if after_char == "," or after_char.isspace() else None
    if cite:
        first = cite.group(1)
        return first is None or is_name(first.lower())
    run = []
    lead = (_RUN_BEFORE.search(text, max(0, start - 80), start)
            if before_char and before_char in _NAME_SPACES else None)
    if lead:
        run += [w for w in lead.group().split() if w[:1].isupper()]
    tail = _RUN_AFTER.match(text, end) if after_char and after_char in _NAME_SPACES else None
    if tail:
        run += [w for w in tail.group().split() if w[:1].isupper()]
    return any(not vocabulary.knows(w.lower()) and not w.isupper() for w in run)
