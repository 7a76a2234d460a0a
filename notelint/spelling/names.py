"""Is an unknown capitalized word in prose a name?  Its neighbours tell.

Technical notes cite people and algorithms named after them.  An unknown
capitalized word is taken for a name when

* it is joined by a space, hyphen or dash to a capitalized known name
  (``Floyd–Warshall``, ``Thomas Cormen``, ``Cormen and Leiserson``
  is not enough: ``and`` is no name), or
* it is followed the way references write authors: ``Cormen, T.``,
  ``Cormen, Thomas``, ``Cormen et al.``.

The names are the built-in vocabulary's names (:data:`~notelint.spelling.vocabulary.NAME`) (people, companies,
places), which leaves out words the dictionaries also write in lower case, so
``Fully-Conneted`` or ``Vision Transfomer`` are still checked.
"""

from __future__ import annotations

import re

from notelint.spelling.vocabulary import builtin

#: The word before: a capitalized word, then one separator (space, hyphen, dash).
_BEFORE = re.compile(r"([A-Z][a-z]+)(?: |-|\u2010|\u2013|\u2014)$")
#: The word after: one separator, then a capitalized word.
_AFTER = re.compile(r"(?: |-|\u2010|\u2013|\u2014)([A-Z][a-z]+)")
#: How references continue after a surname: an initial, a known first name, ``et al.``
_CITATION = re.compile(r",\s+(?:[A-Z]\.|([A-Z][a-z]+)\b)|\s+et\s+al\b")


def looks_like_name(text: str, start: int, end: int) -> bool:
    """Whether the capitalized word at ``text[start:end]`` reads as a name from its neighbours."""
    if not text[start:start + 1].isupper():
        return False
    is_name = builtin().is_name
    before = _BEFORE.search(text, max(0, start - 40), start)
    if before and is_name(before.group(1).lower()):
        return True
    after = _AFTER.match(text, end)
    if after and is_name(after.group(1).lower()):
        return True
    cite = _CITATION.match(text, end)
    if cite:
        first = cite.group(1)
        return first is None or is_name(first.lower())
    return False
