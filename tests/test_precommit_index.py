"""The sketch index of a pre-commit run: only the hashes of the looked-up entries are posted.

A run that checks a few notes of a large project looks up the candidates of
the first few classes only (:func:`notelint.duplicates.analysis.analyse`), so
the index posts only their hashes (``keep``) and skips an entry sharing none
of them outright.  Its candidates must be exactly those of an index of every
hash.
"""

from __future__ import annotations

import random

from notelint.duplicates.index import SketchIndex


def _sketches(seed: int, n: int) -> list[tuple[int, ...]]:
    """``n`` sketches over a small alphabet, so that many share hashes (with copies and
    near copies, tiny ones and empty ones among them)."""
    rng = random.Random(seed)
    out: list[tuple[int, ...]] = []
    for _ in range(n):
        roll = rng.random()
        if out and roll < 0.2:
            out.append(out[rng.randrange(len(out))])                 # an exact copy
        elif out and roll < 0.4:
            base = list(out[rng.randrange(len(out))])
            for _ in range(rng.randint(1, 6)):                      # a near copy
                if base:
                    base[rng.randrange(len(base))] = rng.randrange(400)
            out.append(tuple(sorted(set(base))))
        elif roll < 0.45:
            out.append(())
        else:
            size = rng.choice((1, 2, 3, 24, 24, 24))
            out.append(tuple(sorted(rng.sample(range(400), size))))
    return out


def test_an_index_of_the_looked_up_hashes_finds_the_same_candidates() -> None:
    for seed in range(40):
        sketches = _sketches(seed, 300)
        for looked_up in (1, 3, 17, 150):
            full, kept = SketchIndex(), SketchIndex()
            keep = set().union(*sketches[:looked_up])
            for s in sketches:
                full.add(s)
                kept.add(s, keep)
            assert kept.sketches == full.sketches
            assert set(kept.postings) == {h for h in full.postings if h in keep}
            assert list(kept.candidates(range(looked_up))) == \
                list(full.candidates(range(looked_up))), (seed, looked_up)


def test_an_entry_sharing_no_looked_up_hash_is_numbered_but_not_posted() -> None:
    index = SketchIndex()
    assert index.add((1, 2, 3), {1, 2}) == 0
    assert index.add((7, 8, 9), {1, 2}) == 1
    assert index.add((2,), {1, 2}) == 2
    assert index.sketches == [(1, 2, 3), (7, 8, 9), (2,)]
    assert index.postings == {1: 0, 2: [0, 2]}
    assert list(index.candidates([0])) == [(0, 2, 1)]
