"""Duplicate and near-duplicate entries among a set of normalised entries.

:func:`find` takes every compared entry (of the notes checked and of the
rest of the project), groups the identical ones (exact classes), looks for
near-duplicate candidates among one representative per class with the
sketch index (:mod:`notelint.duplicates.index`), and verifies each candidate
exactly (:mod:`notelint.duplicates.verify`).  A predicate says which pairs
of entries may be reported at all (same group, not nested, at least one in
a checked note), so that no time goes into pairs nobody will see.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from notelint.duplicates.index import SketchIndex, exact_groups
from notelint.duplicates.normalise import Normalised
from notelint.duplicates.verify import Verdict, compare

#: ``allowed(i, j)``: whether entries ``i`` and ``j`` may be reported as copies of each other.
Allowed = Callable[[int, int], bool]


@dataclass(frozen=True)
class NearPair:
    """Two exact classes whose entries are near duplicates of each other.

    Attributes:
        first, second: entry numbers of the two classes' members (each class
            in input order; ``first[0] < second[0]``).
        verdict: the comparison of the two classes' representatives.
    """

    first: tuple[int, ...]
    second: tuple[int, ...]
    verdict: Verdict


@dataclass(frozen=True)
class Findings:
    """What :func:`find` found.

    Attributes:
        exact: classes of two or more entries identical after normalisation
            (entry numbers in input order), whether or not any pair in them is allowed.
        near: near-duplicate class pairs with at least one allowed pair of members.
        candidates: number of class pairs verified (for benchmarks).
    """

    exact: tuple[tuple[int, ...], ...]
    near: tuple[NearPair, ...]
    candidates: int


def find(entries: Sequence[Normalised], *, threshold: float, min_words: int,
         allowed: Allowed) -> Findings:
    """Find exact and near duplicates among ``entries``.

    Args:
        entries: the normalised entries, numbered by position.
        threshold: similarity from which two different entries are near duplicates.
        min_words: entries with fewer words are ignored altogether.
        allowed: which pairs of entry numbers may be reported.

    Returns:
        :class:`Findings`; every pair in them involves entries of at least
        ``min_words`` words.
    """
    eligible = [i for i, e in enumerate(entries) if e.words >= min_words]
    classes: dict[int, list[int]] = {i: [i] for i in eligible}
    for group in exact_groups(entries[i].text for i in eligible):
        members = [eligible[k] for k in group]
        for m in members[1:]:
            del classes[m]
        classes[members[0]] = members
    exact = tuple(tuple(m) for m in classes.values() if len(m) > 1)

    index = SketchIndex()
    reps = list(classes)
    for rep in reps:
        index.add(entries[rep].sketch)
    near: list[NearPair] = []
    verified = 0
    for x, y, _ in index.candidates():
        a, b = classes[reps[x]], classes[reps[y]]
        if not any(allowed(i, j) for i in a for j in b):
            continue
        verified += 1
        verdict = compare(entries[a[0]], entries[b[0]], threshold)
        if verdict is not None and verdict.near(threshold):
            first, second = (a, b) if a[0] < b[0] else (b, a)
            near.append(NearPair(tuple(first), tuple(second), verdict))
    near.sort(key=lambda p: (p.first[0], p.second[0]))
    return Findings(exact, tuple(near), verified)
