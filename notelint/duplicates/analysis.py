"""Duplicate, near-duplicate and template entries among the notes of one configuration.

:func:`analyse` takes the per-note summaries (:class:`~notelint.duplicates.collect.NoteEntries`)
of every compared note and works in time linear in the number of entries:

1. **Kinds.**  Navigation sections (a table of contents) are never compared.
   Bodies that are unfilled templates (:attr:`BodyKind.SKELETON`) shared by
   at least :data:`TEMPLATE_MIN_COPIES` entries are *template entries* (DU003),
   not copies.
2. **Exact classes.**  Entries whose normalised bodies are equal are grouped
   through a hash table; within a class, entries whose bodies are equal *as
   written* (footnote labels included) form a subclass (DU001), and the other
   subclasses are copies with renumbered footnotes (DU002).  A class of
   undated sections with one title spread over at least
   :data:`BOILERPLATE_MIN_NOTES` notes is boilerplate (a template header that
   every note starts with) and is not reported.
3. **Near classes.**  One representative per class goes into the sketch index
   (:mod:`notelint.duplicates.index`), which proposes a bounded number of
   candidates per entry; each is verified exactly (:mod:`notelint.duplicates.verify`).

Entries below the ``min-entry-size`` are left out, except copies among which
an entry's dated heading stands twice in its note: a day pasted twice whole,
or a day whose heading was copied with another day's body.

Which pairs may be reported (:meth:`Analysis.allowed`): entries of notes that
share a ``groups`` group, and never a section with a section inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple, overload

from notelint.duplicates.boilerplate import BodyKind
from notelint.duplicates.collect import EntryDigest, EntryRecord, NoteEntries
from notelint.duplicates.index import SketchIndex
from notelint.duplicates.parallel import in_child
from notelint.duplicates.recency import Newer, newer_copy
from notelint.duplicates.verify import Verdict, compare

#: A skeleton body (labels, no content) shared by at least this many entries is a template.
TEMPLATE_MIN_COPIES = 2
#: Identical undated sections with one title in at least this many notes are boilerplate.
BOILERPLATE_MIN_NOTES = 3
#: Candidates are verified in two processes from this many classes with a checked entry
#: (fewer take less time than the fork: about 0.15 ms each, against tens of ms for a fork).
FORK_MIN_CLASSES = 1000


def digest(entries: NoteEntries) -> tuple[EntryDigest, ...]:
    """The :class:`EntryDigest` of each entry of a note's summary, in order
    (:attr:`NoteEntries.digests`)."""
    return entries.digests


class Note:
    """One compared note.

    Args:
        display: its path as shown in messages and ``related``.
        checked: whether findings are reported in it (notes read only for comparison are not).
        groups: the ``groups`` it belongs to (indexes), or ``None`` when no groups are
            configured (every note is compared with every other).
        entries: its summary, or ``None`` to read it with ``load`` when a finding needs it.
        digests: its entries' digests (:func:`digest`; computed from ``entries`` when not given).
        load: returns the summary (with ``entries=None``).

    Raises:
        ValueError: neither ``entries`` nor both ``digests`` and ``load``.
    """

    def __init__(self, display: str, checked: bool, groups: frozenset[int] | None,
                 entries: NoteEntries | None = None, *,
                 digests: tuple[EntryDigest, ...] | None = None,
                 load: Callable[[], NoteEntries] | None = None) -> None:
        if entries is None and (digests is None or load is None):
            raise ValueError("a note needs its entries, or their digests and a way to load them")
        self.display = display
        self.checked = checked
        self.groups = groups
        self._entries = entries
        self._digests = digests
        self._load = load

    @property
    def entries(self) -> NoteEntries:
        """Its summary (read on first use when it was not given)."""
        if self._entries is None:
            assert self._load is not None
            self._entries = self._load()
        return self._entries

    @property
    def digests(self) -> tuple[EntryDigest, ...]:
        """Its entries' digests."""
        if self._digests is None:
            self._digests = digest(self.entries)
        return self._digests

    @property
    def loaded(self) -> bool:
        """Whether its summary is in memory (given, or read since)."""
        return self._entries is not None

    def shares_group(self, other: Note) -> bool:
        """Whether the two notes may be compared."""
        if self.groups is None or other.groups is None:
            return self.groups is None and other.groups is None
        return bool(self.groups & other.groups)


class _Records(Sequence[EntryRecord]):
    """Every compared entry by number, each read from its note's summary when asked for."""

    def __init__(self, notes: Sequence[Note], owner: Sequence[int], local: Sequence[int]) -> None:
        self._notes = notes
        self._owner = owner
        self._local = local
        self._got: list[EntryRecord | None] = [None] * len(owner)

    def __len__(self) -> int:
        return len(self._owner)

    @overload
    def __getitem__(self, i: int) -> EntryRecord: ...

    @overload
    def __getitem__(self, i: slice) -> list[EntryRecord]: ...

    def __getitem__(self, i: int | slice) -> EntryRecord | list[EntryRecord]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        got = self._got[i]
        if got is None:
            got = self._got[i] = self._notes[self._owner[i]].entries.entries[self._local[i]]
        return got


class Near(NamedTuple):
    """A near-duplicate class of another class: its number and the verdict of the comparison."""

    other: int
    verdict: Verdict


class Analysis:
    """The findings among the notes of one configuration.

    Entries are numbered in the order of the notes, then of each note's entries.

    Attributes:
        notes: the compared notes.
        records: every compared entry (read from its note's summary on first use);
            ``owner[i]`` is the note number of ``records[i]``.
        digests: every compared entry's :class:`EntryDigest`, by entry number.
        owner: note number of each entry.
        classes: the compared entries as exact classes (entry numbers, ascending; most
            classes have one member); ``class_of`` maps an entry to its class number.
        subclass: entry -> number of its subclass (bodies equal as written) within its class.
        near: class number -> its near classes, most similar first.
        templates: template entries (DU003) -> number of entries sharing the template.
        repeated_heading: entry whose dated heading stands twice in its note -> the
            first other entry of that note with the same heading.
        candidates: number of class pairs verified (for benchmarks).
        looked_up: number of classes whose candidates were looked up in the sketch index
            (every class when every note is checked; for a few checked notes that come
            first, only their classes and the ones before them).
        grouped: whether ``groups`` are configured (some note has them).
    """

    __slots__ = ("_by_note", "_written", "candidates", "class_of", "classes", "digests",
                 "grouped", "looked_up", "near", "notes", "owner", "records", "repeated_heading",
                 "subclass", "templates")

    def __init__(self, notes: list[Note], *, grouped: bool = False) -> None:
        self.notes = notes
        self.records: Sequence[EntryRecord] = []
        self.owner: list[int] = []
        self.classes: list[tuple[int, ...]] = []
        self.class_of: dict[int, int] = {}
        self.subclass: dict[int, int] = {}
        self.near: dict[int, list[Near]] = {}
        self.templates: dict[int, int] = {}
        self.repeated_heading: dict[int, int] = {}
        self.digests: list[EntryDigest] = []
        self.candidates = 0
        self.looked_up = 0
        self.grouped = grouped
        self._written: dict[int, list[list[int]]] = {}
        self._by_note: dict[int, tuple[Sequence[int], dict[int, list[int]]]] = {}

    # -- pairs ----------------------------------------------------------------------------

    def allowed(self, i: int, j: int) -> bool:
        """Whether entries ``i`` and ``j`` may be reported as copies of each other."""
        a, b = self.owner[i], self.owner[j]
        if a == b:
            ri, rj = self.records[i], self.records[j]
            return i != j and not (ri.contains(rj) or rj.contains(ri))
        return self.notes[a].shares_group(self.notes[b])

    def others(self, here: int, members: Sequence[int], limit: int) -> tuple[list[int], int]:
        """The first ``limit`` entries of ``members`` that may be reported with ``here``
        (``here`` itself, if among them, never is), and how many there are in all.

        Linear in ``len(members)`` only when ``groups`` are configured; otherwise only
        the members in ``here``'s own note are looked at one by one (``members`` is
        indexed by note once, on first use).
        """
        shown: list[int] = []
        for o in members:
            if len(shown) >= limit:
                break
            if self.allowed(here, o):
                shown.append(o)
        if len(shown) < limit:
            return shown, len(shown)
        if self.grouped:
            return shown, sum(1 for o in members if self.allowed(here, o))
        cached = self._by_note.get(id(members))
        if cached is None or cached[0] is not members:
            by_note: dict[int, list[int]] = {}
            for o in members:
                by_note.setdefault(self.owner[o], []).append(o)
            cached = self._by_note[id(members)] = (members, by_note)
        same = cached[1].get(self.owner[here], ())
        refused = sum(1 for o in same if not self.allowed(here, o))
        return shown, len(members) - refused

    # -- words for messages ---------------------------------------------------------------

    def same_note(self, i: int, j: int) -> bool:
        """Whether entries ``i`` and ``j`` are in one note."""
        return self.owner[i] == self.owner[j]

    def where(self, here: int, there: int) -> str:
        """``line 40`` (same note) or ``` `til-ai-ml.md` line 13 ```."""
        line = self.records[there].line
        if self.same_note(here, there):
            return f"line {line}"
        return f"`{self.notes[self.owner[there]].display}` line {line}"

    def newer(self, here: int, there: int) -> Newer | None:
        """Which of two copies looks newer (see :mod:`notelint.duplicates.recency`)."""
        return newer_copy(self.digests[here].copy, self.digests[there].copy,
                          same_note=self.same_note(here, there),
                          there_name=self.notes[self.owner[there]].display)

    def newest(self, copies: Sequence[int]) -> int | None:
        """The copy that looks newer than every other one, or ``None`` (linear: the best
        candidate of one pass is checked against all the others).
        """
        best = copies[0]
        for c in copies[1:]:
            verdict = self.newer(c, best)
            if verdict is not None and verdict.here:
                best = c
        for o in copies:
            if o != best:
                verdict = self.newer(best, o)
                if verdict is None or not verdict.here:
                    return None
        return best

    def reported(self) -> Iterator[int]:
        """The entries of checked notes, in order."""
        for i, note in enumerate(self.owner):
            if self.notes[note].checked:
                yield i

    def written(self, number: int) -> list[list[int]]:
        """The subclasses of class ``number`` (bodies equal as written), each in entry order."""
        found = self._written.get(number)
        if found is None:
            by_sub: dict[int, list[int]] = {}
            for i in self.classes[number]:
                by_sub.setdefault(self.subclass.get(i, 0), []).append(i)
            found = self._written[number] = list(by_sub.values())
        return found


def _repeated_whole(digests: Sequence[EntryDigest], owner: Sequence[int],
                    members: Sequence[int]) -> set[int]:
    """Members of an exact class repeated whole in one note: the same heading with its date."""
    seen: dict[tuple[int, str], int] = {}
    out: set[int] = set()
    for i in members:
        d = digests[i]
        if not d.in_heading:
            continue
        key = (owner[i], d.title)
        if key in seen:
            out.update((seen[key], i))
        else:
            seen[key] = i
    return out


def _repeated_headings(digests: Sequence[EntryDigest], owner: Sequence[int]) -> dict[int, int]:
    """Entries whose heading, with its date in it, stands twice in one note -> the first other."""
    seen: dict[tuple[int, str], list[int]] = {}
    for i, d in enumerate(digests):
        if d.in_heading:
            seen.setdefault((owner[i], d.title), []).append(i)
    out: dict[int, int] = {}
    for same in seen.values():
        for i in same[1:] if len(same) > 1 else ():
            out[i] = same[0]
        if len(same) > 1:
            out[same[0]] = same[1]
    return out


def _boilerplate(digests: Sequence[EntryDigest], owner: Sequence[int], members: Sequence[int]) -> bool:
    """Whether a class is a template header: undated sections with one title in many notes."""
    titles = {digests[i].title for i in members}
    if len(titles) != 1 or any(digests[i].dated for i in members):
        return False
    return len({owner[i] for i in members}) >= BOILERPLATE_MIN_NOTES


def analyse(notes: Sequence[Note], *, threshold: float, min_words: int, jobs: int = 1) -> Analysis:
    """Find the duplicate, near-duplicate and template entries among ``notes``.

    Args:
        notes: the compared notes (checked ones and, with ``scope = "project"``, the rest).
        threshold: similarity from which two different entries are near duplicates.
        min_words: entries with fewer words are not compared (except whole repeats).
        jobs: processes the verification may use: with more than one, and at least
            :data:`FORK_MIN_CLASSES` classes with a checked entry, half of the candidates are
            verified in a forked process (:mod:`notelint.duplicates.parallel`).  The
            result is the same.

    Returns:
        The :class:`Analysis`.
    """
    result = Analysis(list(notes), grouped=any(n.groups is not None for n in notes))
    owner, digests = result.owner, result.digests
    local: list[int] = []
    for n, note in enumerate(result.notes):
        found = note.digests
        digests.extend(found)
        owner.extend([n] * len(found))
        local.extend(range(len(found)))
    result.records = records = _Records(result.notes, owner, local)

    result.repeated_heading = repeated = _repeated_headings(digests, owner)
    by_text: dict[bytes, list[int]] = {}
    skeletons: dict[bytes, list[int]] = {}
    navigation, skeleton = BodyKind.NAVIGATION.value, BodyKind.SKELETON.value
    for i, d in enumerate(digests):
        kind = d.kind
        if kind == navigation:
            continue
        (skeletons if kind == skeleton else by_text).setdefault(d.text, []).append(i)

    # Unfilled templates; a skeleton pasted whole (same dated heading) is a repeat instead.
    for members in skeletons.values():
        whole = _repeated_whole(digests, owner, members) if len(members) > 1 else set()
        if whole:
            by_text.setdefault(digests[members[0]].text, []).extend(sorted(whole))
        rest = [i for i in members if i not in whole]
        if len(members) >= TEMPLATE_MIN_COPIES and rest:
            for i in rest:
                result.templates[i] = len(members)

    sketches: list[tuple[int, ...]] = []  # class number -> its representative's sketch
    for members in by_text.values():
        big = digests[members[0]].words >= min_words
        if (not big and (len(members) < 2 or not any(i in repeated for i in members))) or (len(members) > 1 and _boilerplate(digests, owner, members)):
            continue
        number = len(sketches)
        result.classes.append(tuple(members))
        if len(members) > 1:
            _subclasses(result, members)
        for i in members:
            result.class_of[i] = number
        sketches.append(digests[members[0]].sketch if big else ())

    reported = [note.checked for note in result.notes]  # by note number
    checked = [reported[owner[members[0]]] if len(members) == 1
               else any(reported[owner[i]] for i in members) for members in result.classes]
    # A pair is verified only when one side is checked, and each pair comes from its
    # lower class: classes after the last checked one would pair only unchecked classes,
    # and only the hashes of the classes up to it are ever looked up.
    last = max((x for x, c in enumerate(checked) if c), default=-1)
    result.looked_up = last + 1
    index = SketchIndex()
    keep = set().union(*sketches[:last + 1]) if last + 1 < len(sketches) else None
    for sketch in sketches:
        index.add(sketch, keep)

    def verify(lookups: range) -> tuple[list[tuple[int, int, Verdict]], int]:
        """The near pairs among the candidates of the classes ``lookups``, and how many
        pairs were verified."""
        pairs: list[tuple[int, int, Verdict]] = []
        verified = 0
        for x, y, _ in index.candidates(lookups):
            if not (checked[x] or checked[y]):
                continue  # neither side is reported
            verified += 1
            verdict = compare(records[result.classes[x][0]].normalised,
                              records[result.classes[y][0]].normalised, threshold)
            if verdict is not None and verdict.near(threshold):
                pairs.append((x, y, verdict))
        return pairs, verified

    # With several processes and many checked classes (not a pre-commit run, which
    # verifies the pairs of a few), every other class's candidates are verified in a
    # forked child: the results do not depend on who computes them.
    theirs = None
    if jobs > 1 and sum(checked) >= FORK_MIN_CLASSES:
        for note in result.notes:  # read once here, not in both processes (findings need them)
            note.entries  # noqa: B018
        theirs = in_child(verify, range(1, last + 1, 2))
    pairs, verified = verify(range(0, last + 1, 2) if theirs is not None else range(last + 1))
    if theirs is not None:
        more, count = theirs()
        pairs += more
        verified += count
    near: dict[int, list[Near]] = {}
    for x, y, verdict in pairs:
        near.setdefault(x, []).append(Near(y, verdict))
        near.setdefault(y, []).append(Near(x, verdict))
    for found in near.values():
        found.sort(key=lambda n: (-n.verdict.similarity, result.classes[n.other][0]))
    result.near = near
    result.candidates = verified
    return result


def _subclasses(result: Analysis, members: Sequence[int]) -> None:
    """Number the subclasses (bodies equal as written) of one class."""
    seen: dict[bytes, int] = {}
    for i in members:
        shown = result.digests[i].shown
        result.subclass[i] = seen.setdefault(shown, len(seen))
