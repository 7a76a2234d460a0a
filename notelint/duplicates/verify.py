"""Exact comparison of two normalised entries, and a short account of how they differ.

Similarity is the longest-common-subsequence ratio over the normalised
tokens: ``2 * L / (|a| + |b|)``, where ``L`` is the length of the longest
common subsequence of the two token sequences (one minus the normalised
insert/delete distance).  1.0 means identical token sequences, 0.0 nothing
in common.  It is computed by RapidFuzz's ``Indel`` metric (bit-parallel
LCS, in C++), which also gives the edit script the messages are made from.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from notelint.duplicates.normalise import Normalised
from notelint.lazy import lazy_attribute, lazy_compile

#: Entries with fewer prose words than this are compared as a whole only.
MIN_PROSE_WORDS = 5
#: At most this many distinct differences are spelled out in a message.
MAX_SHOWN = 3
#: Longest excerpt shown for one side of a difference, in characters.
MAX_EXCERPT = 40
_WORDY = lazy_compile(r"\w")
#: RapidFuzz's LCS metric, imported when two entries are first compared.
Indel = lazy_attribute("rapidfuzz.distance", "Indel")


def ratio(a: Sequence[str], b: Sequence[str], cutoff: float = 0.0) -> float:
    """The LCS similarity ``2 * L / (|a| + |b|)`` of two token sequences (1.0 for two
    empty ones); ``0.0`` when it is below ``cutoff`` (which lets the computation stop early).
    """
    if not a and not b:
        return 1.0
    return float(Indel.normalized_similarity(a, b, score_cutoff=cutoff))


class Verdict(NamedTuple):
    """The result of comparing two entries.

    Attributes:
        similarity: :func:`ratio` of the whole bodies.
        prose_similarity: :func:`ratio` of the prose outside code blocks, or
            ``None`` when either entry has fewer than :data:`MIN_PROSE_WORDS`
            prose words.
    """

    similarity: float
    prose_similarity: float | None

    def near(self, threshold: float) -> bool:
        """Whether the entries are near duplicates at ``threshold``: the whole bodies are
        similar enough, and so is their prose when both have some (sharing a code block
        under a new explanation is not duplication).
        """
        if self.similarity < threshold:
            return False
        return self.prose_similarity is None or self.prose_similarity >= threshold


def compare(a: Normalised, b: Normalised, threshold: float) -> Verdict | None:
    """Compare two entries; ``None`` when their similarity is below ``threshold``."""
    ta, tb = a.tokens, b.tokens
    total = len(ta) + len(tb)
    if not total or 2 * min(len(ta), len(tb)) / total < threshold:
        return None
    similarity = ratio(ta, tb, threshold)
    if similarity < threshold:
        return None
    prose = None
    if a.code or b.code:
        pa, pb = a.prose_tokens(), b.prose_tokens()
        if _words(pa) >= MIN_PROSE_WORDS and _words(pb) >= MIN_PROSE_WORDS:
            prose = ratio(pa, pb)
    return Verdict(similarity, prose)


def _words(tokens: Sequence[str]) -> int:
    """Words as :attr:`Normalised.words` counts them (identifier-like tokens)."""
    return sum(map(str.isidentifier, tokens))


def render(tokens: Sequence[str]) -> str:
    """Tokens as text: a space between two word-like tokens, none elsewhere; shortened."""
    out: list[str] = []
    prev = ""
    for tok in tokens:
        if prev and _WORDY.search(prev[-1]) and _WORDY.match(tok):
            out.append(" ")
        out.append(tok)
        prev = tok
    text = "".join(out)
    return text if len(text) <= MAX_EXCERPT else text[:MAX_EXCERPT - 1] + "…"


def differences(a: Normalised, b: Normalised, *, shown: bool = False) -> list[str]:
    """How ``a`` (here) differs from ``b`` (there), most frequent first.

    Args:
        a, b: the two entries.  Differences are shown as written (footnote labels,
            not their placeholders).
        shown: compare the tokens as written (footnote placeholders replaced by the
            labels of each entry), to tell how two entries that are identical after
            normalisation differ in their footnote labels.

    Returns:
        Phrases such as ``"`is_tranable` here, `is_trainable` there"``,
        ``"`foo` only here"`` or ``"`\\\\Omega` only there"``, with ``" (3 times)"``
        appended to a difference seen more than once; empty for identical entries.
    """
    # Equal texts are equal token sequences (tokens hold no spaces): nothing to tell.  This
    # is the common case (every pair of a class of identical copies), so it is decided
    # without splitting the texts into tokens.
    if (a.shown_text == b.shown_text) if shown else (a.text == b.text):
        return []
    sa, sb = a.shown_tokens, b.shown_tokens
    ta, tb = (sa, sb) if shown else (a.tokens, b.tokens)
    seen: Counter[str] = Counter()
    order: list[str] = []
    for op, i1, i2, j1, j2 in _opcodes(ta, tb):
        if op == "equal":
            continue
        # One token of context on each side of a change of one or two characters.
        if len("".join(sa[i1:i2])) < 3 and len("".join(sb[j1:j2])) < 3:
            i1, j1 = max(0, i1 - 1), max(0, j1 - 1)
            i2, j2 = min(len(ta), i2 + 1), min(len(tb), j2 + 1)
        here, there = render(sa[i1:i2]), render(sb[j1:j2])
        if here and there:
            phrase = f"`{here}` here, `{there}` there"
        elif here:
            phrase = f"`{here}` only here"
        else:
            phrase = f"`{there}` only there"
        if phrase not in seen:
            order.append(phrase)
        seen[phrase] += 1
    ranked = sorted(order, key=lambda p: -seen[p])
    return [p + (f" ({seen[p]} times)" if seen[p] > 1 else "") for p in ranked]


@functools.lru_cache(maxsize=64)
def _opcodes(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[tuple[str, int, int, int, int], ...]:
    """The edit script from ``a`` to ``b`` along a longest common subsequence, as
    ``(tag, i1, i2, j1, j2)`` with tags ``equal`` and ``replace`` (also for a pure
    insertion or deletion): adjacent insertions and deletions are one change.

    Cached: every member of a class of identical copies is reported against
    the same other entry, one after the other, so the same pair comes again.
    """
    out: list[tuple[str, int, int, int, int]] = []
    for op in Indel.opcodes(a, b):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag != "equal" and out and out[-1][0] == "replace":
            _, p1, _, q1, _ = out.pop()
            i1, j1 = p1, q1
        out.append(("equal" if tag == "equal" else "replace", i1, i2, j1, j2))
    return tuple(out)


def summary(phrases: Sequence[str]) -> str:
    """At most :data:`MAX_SHOWN` phrases joined with ``"; "``, and how many more there are."""
    head = "; ".join(phrases[:MAX_SHOWN])
    rest = len(phrases) - MAX_SHOWN
    if rest > 0:
        head += f"; and {rest} more difference" + ("s" if rest > 1 else "")
    return head


def floor2(value: float) -> str:
    """``value`` rounded down to two decimals (a near duplicate never reads ``1.00``)."""
    return f"{int(value * 100) / 100:.2f}"
