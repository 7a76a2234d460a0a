"""A pre-commit run (a few changed notes checked, the rest of the project read for
comparison) does only the cross-note work those notes need, with the same findings."""

from __future__ import annotations

import random

from notelint.document import Document
from notelint.duplicates import index
from notelint.duplicates.analysis import Note, analyse
from notelint.duplicates.collect import collect


def _sketches(rng: random.Random, n: int) -> list[tuple[int, ...]]:
    """Sketches over a small hash space, so that postings are long and windows bind."""
    return [tuple(sorted(rng.sample(range(60), rng.randint(1, 12)))) for _ in range(n)]


def test_candidates_of_some_entries_are_those_of_a_full_pass() -> None:
    rng = random.Random(3)
    idx = index.SketchIndex()
    for s in _sketches(rng, 400):
        idx.add(s)
    full = list(idx.candidates())
    assert len(full) > 400  # enough pairs for the windows and the per-entry bound to matter
    for chosen in ([0], [5, 17, 399], list(range(0, 400, 7)), []):
        assert list(idx.candidates(chosen)) == [p for p in full if p[0] in chosen]


def _note(name: str, bodies: list[str], checked: bool) -> Note:
    text = "\n\n".join(f"## 2021-05-{i + 1:02d}\n\n{b}" for i, b in enumerate(bodies)) + "\n"
    return Note(name, checked, None, collect(Document.from_text(text, name), 2))


def _project(rng: random.Random, notes: int) -> list[list[str]]:
    vocab = [f"w{i}" for i in range(300)]
    texts = [" ".join(rng.choices(vocab, k=rng.randint(14, 40))) for _ in range(notes * 3)]
    bodies = []
    for i in range(notes):
        own = texts[3 * i:3 * i + 3]
        if i % 4 == 0:  # a copy of an earlier entry, edited in one word
            words = texts[rng.randrange(len(texts))].split()
            words[len(words) // 2] = "edited"
            own.append(" ".join(words))
        bodies.append(own)
    return bodies


def test_one_checked_note_looks_up_only_its_own_candidates() -> None:
    """With the checked note first (as the engine orders a workspace), only the classes up to
    its last one are looked up in the sketch index, and its near copies are the same as
    when every note is checked."""
    rng = random.Random(11)
    bodies = _project(rng, 120)
    for k in (0, 8, 100):
        order = [k] + [i for i in range(len(bodies)) if i != k]
        one = analyse([_note(f"n{i}.md", bodies[i], i == k) for i in order],
                      threshold=0.8, min_words=5)
        own = {c for c, members in enumerate(one.classes) if any(one.owner[m] == 0 for m in members)}
        assert one.looked_up == max(own) + 1 <= len(bodies[k]) + 1
        every = analyse([_note(f"n{i}.md", bodies[i], True) for i in order],
                        threshold=0.8, min_words=5)
        assert every.looked_up == len(every.classes)
        assert {c: one.near.get(c) for c in own} == {c: every.near.get(c) for c in own}
