"""Finding the pairs of entries worth comparing, without comparing every pair.

Two steps, both linear in the number of entries (plus the size of the
candidate lists, which real notes keep small):

1. **Exact groups.**  Entries whose normalised token sequences are equal are
   grouped through a hash table.  Only one representative of each group
   takes part in step 2.
2. **Near-duplicate candidates** from a min-wise sketch index (Broder's
   bottom-*k* sketches).  An entry's *elements* are the pairs of consecutive
   words in it (word bigrams; words are identifier-like tokens, so numbers
   and punctuation are left out).  Each element is hashed deterministically
   (a BLAKE2b id per word, then Python's tuple hash of the two ids, which,
   unlike string hashing, is not randomised between runs); the sketch is the
   :data:`SKETCH_SIZE` smallest hashes.  Entries whose sketches share at least
   :data:`MIN_SHARED` hashes are candidates.  Verification (a bit-parallel
   LCS, about as cheap as estimating the Jaccard index from the sketches)
   then decides.

What this misses: of the *k* smallest hashes of the union of two bigram sets
whose Jaccard index is ``J``, the number that are in both sketches follows
a binomial law ``B(k, J)``; fewer than :data:`MIN_SHARED` of them happens with
probability 0.4% for ``J = 0.4``, 1e-4 for ``J = 0.5`` and 2e-6 for ``J = 0.6``.
Unrelated entries share a few hashes of common phrases ("of the", "in the"),
which is why two or three shared hashes are not enough.  Copies
edited in one place, or in a few, keep far more than that (a copy with 6%
of its words changed in scattered places keeps about 80% of its bigrams);
only a copy whose every fifth word was changed (similarity still about 0.8)
falls to ``J`` near 0.4.  The benchmark (``benchmarks/bench_duplicates.py``)
measures the recall on planted copies.

A hash shared by many entries (a phrase in every entry, or a text copied
into hundreds of notes) would pair every two of them, which is quadratic:
through one hash, an entry is paired only with the next :data:`MAX_POSTING`
entries that hold it.  Copies share most of their hashes, so they still
meet through the rarer ones.  The pairs are counted entry by entry, so memory
stays proportional to the index, and each entry keeps at most
:data:`MAX_CANDIDATES` of them (the ones sharing the most hashes): however
often one text was copied, the work is at most ``SKETCH_SIZE * MAX_POSTING``
per entry, and the number of pairs verified at most ``MAX_CANDIDATES`` times
the number of entries.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Sequence, Set
from heapq import nlargest
from operator import itemgetter

from notelint.digests import blake2b

#: Number of smallest element hashes kept per entry.
SKETCH_SIZE = 24
#: Minimum number of shared sketch hashes for a pair to be verified (a pair at
#: ``J = 0.4`` shares about ``2 * SKETCH_SIZE * J / (1 + J)``, i.e. fourteen).
MIN_SHARED = 4
#: Through one shared hash, an entry is paired with at most this many of the entries
#: after it that hold the hash too (the next ones in order).
MAX_POSTING = 32
#: At most this many candidates are kept for each entry (the later entries sharing the most
#: sketch hashes with it), so the work stays linear in the number of entries however many
#: copies of one text a collection holds.
MAX_CANDIDATES = 4
#: The word-id memo is emptied when it holds more words than this (it is a pure cache).
MAX_MEMO = 2_000_000

_IDS: dict[str, int] = {}
_COUNT = itemgetter(1)


def word_ids(words: Sequence[str]) -> list[int]:
    """A stable 63-bit id per word (BLAKE2b of its UTF-8), memoised across calls."""
    ids = _IDS
    try:
        return list(map(ids.__getitem__, words))  # every word seen before: one pass
    except KeyError:
        pass
    missing = set(words).difference(ids)
    if len(ids) + len(missing) > MAX_MEMO:
        ids.clear()
        missing = set(words)
    for word in missing:
        ids[word] = int.from_bytes(blake2b(word.encode("utf-8", "surrogatepass"),
                                                   digest_size=8).digest(), "little") >> 1
    return list(map(ids.__getitem__, words))


def sketch(words: Sequence[str], size: int = SKETCH_SIZE) -> tuple[int, ...]:
    """The ``size`` smallest hashes of the word bigrams of ``words``, ascending.

    Args:
        words: the entry's words, in order (a single word is its own element).
        size: sketch size.
    """
    ids = word_ids(words)
    elements = set(map(hash, itertools.pairwise(ids))) if len(ids) > 1 else set(ids)
    return tuple(sorted(elements)[:size])


def exact_groups(keys: Iterable[Hashable]) -> list[list[int]]:
    """Positions of equal keys, for every key that occurs more than once (in first-seen order)."""
    groups: dict[Hashable, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    return [g for g in groups.values() if len(g) > 1]


class SketchIndex:
    """An inverted index from sketch hashes to the entries whose sketch holds them.

    Attributes:
        sketches: the sketch of every entry added, by entry number.
        postings: hash -> the entry number holding it, or the entry numbers
            (ascending) when several do.
    """

    __slots__ = ("postings", "sketches")

    def __init__(self) -> None:
        self.sketches: list[tuple[int, ...]] = []
        self.postings: dict[int, int | list[int]] = {}

    def add(self, entry_sketch: tuple[int, ...], keep: Set[int] | None = None) -> int:
        """Index one sketch; returns its entry number (0, 1, 2, ...).

        ``keep``: post only these hashes (the hashes of the entries whose
        :meth:`candidates` will be asked for; no other hash is looked up).
        """
        n = len(self.sketches)
        self.sketches.append(entry_sketch)
        if keep is not None and keep.isdisjoint(entry_sketch):
            return n  # nothing to post (most entries of a run that looks up a few)
        postings = self.postings
        for h in entry_sketch if keep is None else [h for h in entry_sketch if h in keep]:
            cur = postings.get(h, -1)
            if cur == -1:
                postings[h] = n  # most hashes belong to one entry: no list for them
            elif isinstance(cur, int):
                postings[h] = [cur, n]
            else:
                cur.append(n)
        return n

    def candidates(self, entries: Iterable[int] | None = None) -> Iterator[tuple[int, int, int]]:
        """Pairs ``(i, j, shared)`` with ``i < j`` whose sketches share ``shared`` indexed
        hashes, at least :data:`MIN_SHARED` (or all of the smaller sketch, for tiny
        entries); for each ``i`` at most :data:`MAX_CANDIDATES` entries ``j``, those
        sharing the most hashes (ties in a fixed order); ordered by ``i`` then ``j``.

        Args:
            entries: only the pairs whose first entry ``i`` is one of these (ascending
                entry numbers); ``None``: every entry.  Each ``i``'s pairs are the same
                as in a run over every entry, so a caller that needs the pairs of a few
                entries pays only for those.
        """
        sketches = self.sketches
        get = self.postings.get
        after = bisect.bisect_right
        for i in range(len(sketches)) if entries is None else entries:
            own = sketches[i]
            later: list[int] = []  # entries after i sharing a hash with it, once per hash
            for h in own:
                members = get(h)
                # Only hashes shared by several entries can pair anything; postings are ascending.
                if type(members) is list and members[-1] > i:
                    if members[0] > i:
                        later += members[:MAX_POSTING]
                    else:
                        start = after(members, i)
                        later += members[start:start + MAX_POSTING]
            if not later:
                continue
            enough = min(MIN_SHARED, len(own))
            counted = Counter(later)
            if len(counted) > MAX_CANDIDATES:
                # The most shared first, ties in first-seen order: heapq.nlargest is
                # sorted(..., reverse=True)[:n], stable (as Counter.most_common(n)).
                best = nlargest(MAX_CANDIDATES, counted.items(), key=_COUNT)
                best.sort()
            else:
                best = sorted(counted.items())
            for j, count in best:
                if count >= enough or count >= len(sketches[j]):  # count >= min(MIN_SHARED, sizes)
                    yield i, j, count
