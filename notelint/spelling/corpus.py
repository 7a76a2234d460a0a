"""What the spelling family takes from one note, and word counts over many notes.

:func:`note_words` turns a parsed note into a :class:`NoteWords` summary
(plain, picklable data, no tokens): its Latin word counts, the word parts
that the built-in lists do not know (with what their neighbours say about
them), its Hangul words with the places of the rarely used ones, doubled
words and inline allow-lists.  The cross-note analysis
(:mod:`notelint.spelling.analysis`) works from these summaries only.  A run
holds the summaries of all its notes at once, so they are compact: strings
and machine arrays, no object per word or per use (:class:`WordCounts`).

Words in inline code count too (``is_training`` in code makes ``training`` a
word of the notes), and so do hyphenated compounds as a whole
(``fully-connected``), so that a compound typo can be compared with the
compound the author usually writes.
"""

from __future__ import annotations

import functools
import re
from array import array
from collections import Counter
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from notelint.document import Document
from notelint.lazy import lazy_compile
from notelint.spelling.korean import MAX_COUNT
from notelint.spelling.names import looks_like_name
from notelint.spelling.prose import CodeSpan, Prose, ProseRun, prose_of
from notelint.spelling.tokenize import (
    CHUNK,
    HANGUL,
    IDENT,
    MAY_SKIP_AFTER,
    MAY_SKIP_BEFORE,
    Part,
    cached_parts,
    skip_context,
)
from notelint.spelling.vocabulary import COMMON, TECHNICAL, Vocabulary, builtin

#: ``<!-- notelint-words: Bengio Karpathy -->``: words accepted in this note.
ALLOW_LIST = lazy_compile(r"<!--\s*notelint-words\s*:?(?P<words>(?:[^-]|-(?!->))*?)-->")

_REPEAT = lazy_compile(r"\b([A-Za-z]+)([ \t]+)\1\b", re.I)
#: Doubled words that are often right ("he had had", "so that that").
_DOUBLES_OK = frozenset({"had", "that"})
#: Characters before a word that start a sentence or an item (its capital says nothing).
_SENTENCE_START = ".!?:;#>*-+|([{\"'\u201c\u2018\u2022"


#: A Hangul word used at most this many times in a note keeps its places in the summary:
#: only such words can be SP003 candidates (:data:`notelint.spelling.korean.MAX_COUNT`).
RARE_USES = MAX_COUNT

_IN_CODE, _EXACT, _NAMED, _INITIAL = 1, 2, 4, 8


class Occurrence(NamedTuple):
    """A word part to check: its place in the source and its chunk.

    Attributes:
        word: the part as written (``Conneted``).
        start, end: source offsets of the part.
        chunk: the whole chunk as written (``Fully-Conneted``).
        part_start: offset of the part inside ``chunk``.
        in_code: from inline code (SP002) rather than prose (SP001).
        exact: the source at ``[start, end)`` is ``word`` itself (no markup inside,
            as in ``**B**ootstrapping``), so a fix may replace it.
        named: the neighbours read as a name (``Cormen et al.``, ``Yoshua Bengio``).
        initial: the word starts its sentence, heading or item (a capital there
            says nothing about names).
    """

    word: str
    start: int
    end: int
    chunk: str
    part_start: int
    in_code: bool
    exact: bool = True
    named: bool = False
    initial: bool = False


class Repeat(NamedTuple):
    """A word written twice in a row (``the the``) at ``[start, end)``; the fix removes
    ``[cut, end)``."""

    text: str
    word: str
    start: int
    end: int
    cut: int


def _uints(values: Sequence[int]) -> array[int]:
    """``values`` (non-negative) in the narrowest machine array that holds them."""
    top = max(values, default=0)
    code = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I" if top < 1 << 32 else "Q"
    return array(code, values)


class WordCounts:
    """Distinct words and how often each is used, in two compact fields.

    A note's summary holds a few hundred distinct words; as a dictionary they
    take about 90 bytes each (the key, its hash slot, an object per note), here
    the length of the word plus one or two bytes.

    Attributes:
        text: the words joined by newlines (no word holds one), most used first
            (equal counts in the order first seen).
        counts: each word's count (a machine array of 1, 2 or 4-byte numbers).
    """

    __slots__ = ("counts", "text")

    def __init__(self, counts: Mapping[str, int] | None = None) -> None:
        counts = counts or {}
        # Most used first; a stable sort keeps equal counts in the order first seen, reversed
        # or not.
        ordered = sorted(counts, key=counts.__getitem__, reverse=True)
        self.text = "\n".join(ordered)
        self.counts = _uints(list(map(counts.__getitem__, ordered)))

    def __len__(self) -> int:
        return len(self.counts)

    def words(self) -> list[str]:
        """The words, most used first."""
        return self.text.split("\n") if self.counts else []

    def items(self) -> Iterator[tuple[str, int]]:
        """``(word, count)`` pairs, most used first."""
        return zip(self.words(), self.counts, strict=True)

    def as_dict(self) -> dict[str, int]:
        """``word -> count``."""
        return dict(self.items())

    def add_to(self, total: Counter[str]) -> None:
        """Add these counts to ``total`` (one pass in C for the words used once)."""
        words = self.words()
        total.update(words)
        for word, n in zip(words, self.counts, strict=True):
            if n <= 1:
                break   # most used first: the rest are used once
            total[word] += n - 1

    def __getstate__(self) -> tuple[str, array[int]]:
        return self.text, self.counts

    def __setstate__(self, state: tuple[str, array[int]]) -> None:
        self.text, self.counts = state

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, WordCounts) and type(other) is type(self)
                and self.__getstate__() == other.__getstate__())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.as_dict()!r})"


class HangulWords(WordCounts):
    """A note's Hangul words (:class:`WordCounts`) and the places of the rarely used ones.

    Only a word used at most :data:`RARE_USES` times in the note can be a
    Korean typo (SP003), so only those words keep where they are: the source
    offset where each use starts (``starts``, in table order, each word's uses
    in source order; they are the last words of the table, from index
    ``rare_from``), and the end offsets that are not ``start + len(word)`` (a
    word with markup inside: ``ends``, ``index in starts -> end``).
    """

    __slots__ = ("ends", "rare_from", "starts")

    def __init__(self, spans: Iterable[tuple[str, int, int]] = ()) -> None:
        """From the note's Hangul words in source order: ``(word, start, end)``.

        While it is built, each use takes 20 bytes (its word's index and its two
        offsets, in machine arrays; a 10 MB Korean note has some 400,000 Hangul
        words), and each distinct word one string.
        """
        ids: dict[str, int] = {}
        index = array("I")
        starts = array("Q")
        ends = array("Q")
        for word, start, end in spans:
            i = ids.get(word)
            if i is None:
                i = ids[word] = len(ids)
            index.append(i)
            starts.append(start)
            ends.append(end)
        uses = [0] * len(ids)
        for i in index:
            uses[i] += 1
        super().__init__(dict(zip(ids, uses, strict=True)))
        table = self.words()
        self.rare_from = len(table) - sum(1 for n in uses if n <= RARE_USES)
        rare = table[self.rare_from:]
        slot = {ids[w]: k for k, w in enumerate(rare)}
        nexts = []              # where each rare word's next use goes in ``flat``
        total = 0
        for w in rare:
            nexts.append(total)
            total += uses[ids[w]]
        flat = array("Q", bytes(8 * total))
        odd: dict[int, int] = {}
        for i, start, end in zip(index, starts, ends, strict=True):
            k = slot.get(i)
            if k is None:
                continue
            j = nexts[k]
            nexts[k] = j + 1
            flat[j] = start
            if end != start + len(rare[k]):
                odd[j] = end
        self.starts = _uints(flat)
        self.ends = odd or None

    @classmethod
    def from_runs(cls, runs: Iterable[ProseRun]) -> HangulWords:
        """The Hangul words of prose runs: the same summary as ``HangulWords(spans)`` of
        each run's words, made in two passes over the text.

        The first pass counts the words (the regular expression engine finds them, a
        :class:`~collections.Counter` adds them up); the second looks only for the
        places of the rarely used words.  Besides the summary, only one run's words
        are held at a time.
        """
        texts = [run for run in runs if not run.text.isascii()]
        counts: Counter[str] = Counter()
        for run in texts:
            counts.update(HANGUL.findall(run.text))
        self = cls.__new__(cls)
        WordCounts.__init__(self, counts)
        table = self.words()
        self.rare_from = len(table) - sum(1 for n in counts.values() if n <= RARE_USES)
        nexts: dict[str, int] = {}      # where each rare word's next use goes in ``flat``
        total = 0
        for word in table[self.rare_from:]:
            nexts[word] = total
            total += counts[word]
        flat = array("Q", bytes(8 * total))
        odd: dict[int, int] = {}
        for run in texts if nexts else ():
            offsets = run.offsets
            base = run.base
            for m in HANGUL.finditer(run.text):
                word = m.group()
                j = nexts.get(word)
                if j is None:
                    continue
                nexts[word] = j + 1
                if offsets is None:
                    flat[j] = base + m.start()
                else:
                    a, b = m.span()
                    start = flat[j] = offsets[a]
                    end = offsets[b - 1] + 1
                    if end != start + len(word):
                        odd[j] = end
        self.starts = _uints(flat)
        self.ends = odd or None
        return self

    def rare_words(self) -> list[str]:
        """The words used at most :data:`RARE_USES` times."""
        return self.words()[self.rare_from:] if self.counts else []

    def rare(self, wanted: Container[str] | None = None
             ) -> Iterator[tuple[str, list[tuple[int, int]]]]:
        """``(word, [(start, end), ...])`` for each word used at most :data:`RARE_USES` times
        (only those in ``wanted``, when given), in table order."""
        k = 0
        ends = self.ends or {}
        first = self.rare_from
        for word, n in zip(self.rare_words(), self.counts[first:], strict=True):
            if wanted is None or word in wanted:
                places = []
                for j in range(k, k + n):
                    start = self.starts[j]
                    places.append((start, ends.get(j, start + len(word))))
                yield word, places
            k += n

    def __getstate__(self) -> tuple[str, array[int], int, array[int], dict[int, int] | None]:  # type: ignore[override]
        return self.text, self.counts, self.rare_from, self.starts, self.ends

    def __setstate__(self, state: tuple[str, array[int], int, array[int],  # type: ignore[override]
                                        dict[int, int] | None]) -> None:
        self.text, self.counts, self.rare_from, self.starts, self.ends = state


class Occurrences:
    """The word parts of a note to check (:class:`Occurrence`), in source order, compactly.

    Attributes:
        kinds: ``word\\tchunk`` of each distinct pair, joined by newlines.
        numbers: five numbers per occurrence: the pair's index in ``kinds``, start,
            end, the part's offset in its chunk, and flags (in code 1, exact 2, named 4,
            initial 8).
    """

    __slots__ = ("kinds", "numbers")

    def __init__(self, items: Iterable[Occurrence] = ()) -> None:
        index: dict[tuple[str, str], int] = {}
        numbers: list[int] = []
        for o in items:
            k = index.setdefault((o.word, o.chunk), len(index))
            numbers += (k, o.start, o.end, o.part_start,
                        o.in_code * _IN_CODE | o.exact * _EXACT | o.named * _NAMED
                        | o.initial * _INITIAL)
        self.kinds = "\n".join(f"{w}\t{c}" for w, c in index)
        self.numbers = _uints(numbers)

    def __len__(self) -> int:
        return len(self.numbers) // 5

    def __iter__(self) -> Iterator[Occurrence]:
        if not self.numbers:
            return
        kinds = [tuple(k.split("\t")) for k in self.kinds.split("\n")]
        nums = self.numbers
        for i in range(0, len(nums), 5):
            word, chunk = kinds[nums[i]]
            flags = nums[i + 4]
            yield Occurrence(word, nums[i + 1], nums[i + 2], chunk, nums[i + 3],
                             bool(flags & _IN_CODE), bool(flags & _EXACT),
                             bool(flags & _NAMED), bool(flags & _INITIAL))

    def __getstate__(self) -> tuple[str, array[int]]:
        return self.kinds, self.numbers

    def __setstate__(self, state: tuple[str, array[int]]) -> None:
        self.kinds, self.numbers = state

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Occurrences) and self.__getstate__() == other.__getstate__()

    def __repr__(self) -> str:
        return f"Occurrences({list(self)!r})"


class NoteWords:
    """The spelling summary of one note: plain, compact, picklable data.

    Summaries of every note of a run are held at once (and read from the
    cache), so they keep no object per word or per use: a few strings and
    machine arrays.  On the notes of ``../shared/bench`` a summary takes
    about 5 KB in memory, where a dictionary per note and a tuple per Hangul
    word took 80 KB.

    Attributes:
        counts: lower-cased Latin word parts and compounds with their uses.
        occurrences: parts that the built-in lists do not know, in source order.
        hangul: the Hangul words of the prose with their uses, and the places of
            those used at most :data:`RARE_USES` times.
        repeats: doubled words.
        allowed: lower-cased words of the note's ``notelint-words`` comments
            (and their parts).
        prose: the prose runs, kept only when a LanguageTool server is configured.
    """

    __slots__ = ("allowed", "counts", "hangul", "occurrences", "prose", "repeats")

    def __init__(self, counts: WordCounts | None = None, occurrences: Occurrences | None = None,
                 hangul: HangulWords | None = None, repeats: list[Repeat] | None = None,
                 allowed: frozenset[str] = frozenset(), prose: Prose | None = None) -> None:
        self.counts = WordCounts() if counts is None else counts
        self.occurrences = Occurrences() if occurrences is None else occurrences
        self.hangul = HangulWords() if hangul is None else hangul
        self.repeats: list[Repeat] = [] if repeats is None else repeats
        self.allowed = allowed
        self.prose = prose

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NoteWords):
            return NotImplemented
        return (self.counts == other.counts and self.occurrences == other.occurrences
                and self.hangul == other.hangul and self.repeats == other.repeats
                and self.allowed == other.allowed and self.prose == other.prose)

    __hash__ = None  # type: ignore[assignment]  # mutable: not a dictionary key


class KnownWords:
    """Lower-case words no setting can make misspelled: common English and technical words.

    Rare English words (the list's floor count) are left out: they may be
    real-word typos, decided with the notes' counts.  Answers are memoized
    (up to :data:`MEMO_LIMIT` words), since prose repeats its words.
    """

    MEMO_LIMIT = 1 << 18

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._flags = vocabulary.flags
        self.vocabulary = vocabulary
        self.memo: dict[str, bool] = {}
        self.chunks: dict[str, tuple[tuple[str, ...], tuple[Part, ...]]] = {}

    def __contains__(self, word: str) -> bool:
        found = self.memo.get(word)
        if found is None:
            found = bool(self._flags(word) & (COMMON | TECHNICAL))
            if len(self.memo) < self.MEMO_LIMIT:
                self.memo[word] = found
        return found

    def chunk(self, word: str) -> tuple[tuple[str, ...], tuple[Part, ...]]:
        """What a chunk as written (``Fully-Conneted``) gives a note, memoized: the words it
        counts as (the lower-cased whole, when it has several parts, then each part), and
        the parts to check (none when every checkable part, or the whole chunk, is known)."""
        got = self.chunks.get(word)
        if got is not None:
            return got
        parts = cached_parts(word)
        lows = [word.lower()] if len(parts) > 1 else []
        suspects = []
        for part in parts:
            low = part.text.lower()
            lows.append(low)
            if part.checkable and low not in self:
                suspects.append(part)
        if suspects and len(parts) > 1 and word.lower() in self:
            suspects = []
        got = (tuple(lows), tuple(suspects))
        if len(self.chunks) < self.MEMO_LIMIT:
            self.chunks[word] = got
        return got


@functools.lru_cache(maxsize=1)
def builtin_known() -> KnownWords:
    """The process-wide :class:`KnownWords` over the built-in vocabulary."""
    return KnownWords(builtin())


def _initial(text: str, start: int) -> bool:
    """Whether the word at source offset ``start`` begins a sentence, line or item."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0*_~`[":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_START or text[i] == "\n"


def _suspects(out: list[Occurrence], known: KnownWords, word: str, start: int,
              parts: tuple[Part, ...], source: ProseRun | CodeSpan, text: str) -> None:
    """Add an occurrence for each suspect part of the chunk ``word`` at ``start`` of
    ``source``."""
    in_code = isinstance(source, CodeSpan)
    for part in parts:
        if in_code:
            a = source.base + start + part.start
            b = a + part.end - part.start
            initial = False
        else:
            a, b = source.source_span(start + part.start, start + part.end)  # type: ignore[union-attr]
            initial = part.start == 0 and _initial(text, a)
        exact = text[a:b] == part.text
        named = (not in_code and part.text[:1].isupper() and exact
                 and looks_like_name(text, a, b, known.vocabulary))
        out.append(Occurrence(part.text, a, b, word, part.start, in_code, exact, named,
                              initial))


def _repeats(prose: Prose, text: str) -> list[Repeat]:
    out = []
    for run in prose.runs:
        for m in _REPEAT.finditer(run.text):
            word = m.group(1)
            if word.lower() in _DOUBLES_OK or not word.isascii():
                continue
            a, b = run.source_span(m.start(), m.end())
            if text[a:b] != m.group():
                continue  # markup between the words: leave it alone
            out.append(Repeat(m.group(), word, a, b, run.source(m.end(1))))
    return out


def _html_comments(doc: Document) -> Iterable[str]:
    for tok in doc.tokens:
        if tok.type == "html_block":
            yield tok.content
        elif tok.type == "inline" and tok.children:
            yield from (c.content for c in tok.children if c.type == "html_inline")


def allowed_words(comments: Iterable[str]) -> frozenset[str]:
    """Lower-cased words of ``notelint-words`` comments, with their camelCase/hyphen parts."""
    words: set[str] = set()
    for text in comments:
        if "notelint-words" not in text:
            continue
        for m in ALLOW_LIST.finditer(text):
            for w in re.split(r"[\s,]+", m.group("words")):
                if w:
                    words.add(w.lower())
                    words.update(p.text.lower() for p in cached_parts(w))
    return frozenset(words)


def _code_is_path(span: CodeSpan) -> bool:
    """A code span naming a path, URL or file (``src/a.py``, ``user-name/repo``)."""
    return "/" in span.text or "\\" in span.text


def note_words(doc: Document, *, keep_prose: bool = False, korean: bool = True,
               repeats: bool = True) -> NoteWords:
    """The spelling summary of ``doc`` (see :class:`NoteWords`).

    Only parts that the built-in word lists do not know become occurrences;
    every part counts.  ``korean``: collect the Hangul words (SP003);
    ``repeats``: collect doubled words (SP004); ``keep_prose``: keep the prose
    runs (LanguageTool).
    """
    prose = prose_of(doc)
    text = doc.text
    known = builtin_known()
    chunk_of = known.chunk
    memo = known.chunks       # what ``chunk_of`` answers, looked up without a call
    uses: dict[str, int] = {}
    found: list[Occurrence] = []
    for run in prose.runs:
        t = run.text
        n = len(t)
        for m in CHUNK.finditer(t):
            a, b = m.span()
            if ((a and t[a - 1] in MAY_SKIP_BEFORE) or (b < n and t[b] in MAY_SKIP_AFTER)) \
                    and skip_context(t, a, b):
                continue
            word = m.group()
            uses[word] = uses.get(word, 0) + 1
            got = memo.get(word)
            suspects = (got if got is not None else chunk_of(word))[1]
            if suspects:
                _suspects(found, known, word, a, suspects, run, text)
    for span in prose.code:
        if _code_is_path(span):
            continue
        code = span.text
        for m in IDENT.finditer(code):
            a = m.start()
            if a and (code[a - 1].isdigit() or code[a - 1] in "\"'\\"):
                continue
            word = m.group()
            uses[word] = uses.get(word, 0) + 1
            suspects = chunk_of(word)[1]
            if suspects:
                _suspects(found, known, word, a, suspects, span, text)
    counts: dict[str, int] = {}
    for word, n in uses.items():
        got = memo.get(word)
        for low in (got if got is not None else chunk_of(word))[0]:
            counts[low] = counts.get(low, 0) + n
    return NoteWords(WordCounts(counts), Occurrences(found),
                     HangulWords.from_runs(prose.runs) if korean else HangulWords(),
                     _repeats(prose, text) if repeats else [],
                     allowed_words(_html_comments(doc)), prose if keep_prose else None)


def word_counts(words: NoteWords) -> Mapping[str, int]:
    """A note's Latin word counts, as summed over a workspace
    (:meth:`notelint.workspace.WorkspaceContext.total`, total ``"words"``)."""
    return words.counts.as_dict()


def hangul_counts(words: NoteWords) -> Counter[str]:
    """How often each Hangul word stands in a note's prose, as summed over a workspace
    (:meth:`notelint.workspace.WorkspaceContext.total`, total ``"hangul"``)."""
    return Counter(words.hangul.as_dict())


class CorpusCounts:
    """Lower-cased word counts over a set of notes (``counts``: word -> uses)."""

    __slots__ = ("counts",)

    def __init__(self, counts: Counter[str] | None = None) -> None:
        self.counts: Counter[str] = Counter() if counts is None else counts

    @classmethod
    def of(cls, notes: Iterable[WordCounts | Mapping[str, int]]) -> CorpusCounts:
        """The sum of several notes' counts (:class:`WordCounts` or mappings)."""
        total: Counter[str] = Counter()
        for counts in notes:
            if isinstance(counts, WordCounts):
                counts.add_to(total)
            else:
                total.update(counts)
        return cls(total)

    def count(self, word: str) -> int:
        """How often lower-case ``word`` occurs in the notes."""
        return self.counts.get(word, 0)
