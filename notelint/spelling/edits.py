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


# QWERTY rows with their horizontal offsets (in key widths) on a standard keyboard.
_ROWS = (("qwertyuiop", 0.0), ("asdfghjkl", 0.25), ("zxcvbnm", 0.75))
_KEY = {ch: (r, i + off) for r, (row, off) in enumerate(_ROWS) for i, ch in enumerate(row)}
#: Letters that sound alike or stand for one another in English spelling.
_SOUND = ("aeiou", "ckqsx", "sz", "fv", "gj", "mn", "bp", "dt", "iy", "lr")


def keyboard_adjacent(a: str, b: str) -> bool:
    """Whether lower-case letters ``a`` and ``b`` are neighbouring keys on a QWERTY keyboard."""
    ka, kb = _KEY.get(a), _KEY.get(b)
    if ka is None or kb is None or a == b:
        return False
    return abs(ka[0] - kb[0]) <= 1 and abs(ka[1] - kb[1]) <= 1.0


def sound_alike(a: str, b: str) -> bool:
    """Whether letters ``a`` and ``b`` often stand for each other (vowels, ``c``/``k``/``s``...)."""
    return a != b and any(a in group and b in group for group in _SOUND)


def plausibility(word: str, cand: str) -> int:
    """How likely a slip of the hand or ear turns ``cand`` into ``word`` (one edit apart).

    3: a swap of neighbours, a dropped letter, a doubled or neighbouring extra
    letter, a neighbouring key or a sound-alike letter; 2: another extra or
    wrong letter; 1: an edit of the first letter (people rarely mistype it);
    0: not one edit apart.  Typing-error studies (Damerau 1964; Kukich 1992)
    find most slips are of these single kinds, and few at the first letter.
    """
    n, m = len(word), len(cand)
    i = 0
    while i < min(n, m) and word[i] == cand[i]:
        i += 1
    if n == m:
        if i == n:
            return 0
        if i + 1 < n and word[i] == cand[i + 1] and word[i + 1] == cand[i] \
                and word[i + 2:] == cand[i + 2:]:
            return 3
        if word[i + 1:] != cand[i + 1:]:
            return 0
        good = keyboard_adjacent(word[i], cand[i]) or sound_alike(word[i], cand[i])
        if i == 0:
            return 2 if good else 1
        return 3 if good else 2
    if m == n + 1:  # the word lacks cand[i]
        if word[i:] != cand[i + 1:]:
            return 0
        return 1 if i == 0 and cand[1:2] != cand[:1] else 3
    if n == m + 1:  # the word has an extra word[i]
        if word[i + 1:] != cand[i:]:
            return 0
        extra = word[i]
        around = word[i - 1:i] + word[i + 1:i + 2]
        if i == 0 and extra != word[1:2]:
            return 1
        return 3 if extra in around or any(keyboard_adjacent(extra, c) for c in around) else 2
    return 0
