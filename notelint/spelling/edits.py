"""Edit distances between words and candidate corrections.

Distances are Damerau-Levenshtein in its optimal-string-alignment form: an
insertion, deletion, substitution or swap of two neighbouring characters
costs one.  Candidates at distance one are generated (Norvig's ``edits1``:
about ``54 n + 25`` strings for a word of ``n`` letters) and looked up in a
set; distance two is computed only against a small list of words (those used
in the notes), with a cheap length and letter-bag filter first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def edits1(word: str, letters: str = LETTERS) -> Iterator[str]:
    """Every string one edit away from ``word`` (with repeats), over ``letters``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for a, b in splits:
        if b:
            yield a + b[1:]
            if len(b) > 1:
                yield a + b[1] + b[0] + b[2:]
            for c in letters:
                if c != b[0]:
                    yield a + c + b[1:]
        for c in letters:
            yield a + c + b


def near1(word: str, accept: Callable[[str], bool]) -> list[str]:
    """Accepted words one edit away from ``word``, without repeats, in generation order."""
    seen: set[str] = set()
    out = []
    for cand in edits1(word):
        if cand not in seen:
            seen.add(cand)
            if accept(cand):
                out.append(cand)
    return out


def distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment distance of ``a`` and ``b`` (``limit`` when at least that)."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        ai = a[i - 1]
        for j in range(1, len(b) + 1):
            cost = 0 if ai == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            best = min(best, v)
        if best >= limit:
            return limit
        prev2, prev = prev, cur
    return min(prev[-1], limit)


def near2(word: str, words: Iterable[str]) -> list[str]:
    """Words of ``words`` exactly two edits from ``word`` with the same first letter."""
    bag = Counter(word)
    out = []
    for w in words:
        if w[:1] != word[:1] or abs(len(w) - len(word)) > 2:
            continue
        diff = bag.copy()
        diff.subtract(Counter(w))
        if sum(abs(v) for v in diff.values()) > 4:
            continue
        if distance(word, w, 3) == 2:
            out.append(w)
    return out


def match_case(suggestion: str, original: str) -> str:
    """``suggestion`` written in the case pattern of ``original`` (lower, Capitalized, UPPER)."""
    if original.isupper() and len(original) > 1:
        return suggestion.upper()
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion
