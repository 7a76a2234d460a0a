"""What the spelling family takes from one note, and word counts over many notes.

:func:`note_words` turns a parsed note into a :class:`NoteWords` summary
(plain, picklable data, no tokens): its Latin word counts, the word parts
that the built-in lists do not know (with what their neighbours say about
them), its Hangul words, doubled words and inline allow-lists.  The
cross-note analysis (:mod:`notelint.spelling.analysis`) works from these
summaries only.

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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from notelint.document import Document
from notelint.spelling.names import looks_like_name
from notelint.spelling.prose import CodeSpan, Prose, ProseRun, prose_of
from notelint.spelling.tokenize import cached_parts, chunk_spans, hangul_words, identifier_chunks
from notelint.spelling.vocabulary import COMMON, TECHNICAL, Vocabulary, builtin

#: ``<!-- notelint-words: Bengio Karpathy -->``: words accepted in this note.
ALLOW_LIST = re.compile(r"<!--\s*notelint-words\s*:?(?P<words>(?:[^-]|-(?!->))*?)-->")

_REPEAT = re.compile(r"\b([A-Za-z]+)([ \t]+)\1\b", re.I)
#: Doubled words that are often right ("he had had", "so that that").
_DOUBLES_OK = frozenset({"had", "that"})
#: Characters before a word that start a sentence or an item (its capital says nothing).
_SENTENCE_START = ".!?:;#>*-+|([{\"'\u201c\u2018\u2022"


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


@dataclass(frozen=True)
class Repeat:
    """A word written twice in a row (``the the``) at ``[start, end)``; the fix removes
    ``[cut, end)``."""

    text: str
    word: str
    start: int
    end: int
    cut: int


class WordSpans:
    """``(word, start, end)`` triples (source offsets), stored compactly.

    A note repeats its words, so each distinct word is kept once and each occurrence as
    three machine integers (its word's index and its offsets): about 12 bytes an
    occurrence instead of the 200 of a tuple, a string and two integers (a 10 MB Korean
    note has some 400,000 Hangul words).  Iterating gives the triples in the order they
    were appended; equal when the triples are.
    """

    __slots__ = ("_ends", "_ids", "_index", "_starts", "_words")

    def __init__(self, triples: Iterable[tuple[str, int, int]] = ()) -> None:
        self._words: list[str] = []
        self._ids: dict[str, int] = {}
        self._index = array("I")
        self._starts = array("Q")
        self._ends = array("Q")
        for word, start, end in triples:
            self.append(word, start, end)

    def append(self, word: str, start: int, end: int) -> None:
        """Add one occurrence of ``word`` at source offsets ``[start, end)``."""
        i = self._ids.get(word)
        if i is None:
            i = self._ids[word] = len(self._words)
            self._words.append(word)
        self._index.append(i)
        self._starts.append(start)
        self._ends.append(end)

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self) -> Iterator[tuple[str, int, int]]:
        words = self._words
        for i, start, end in zip(self._index, self._starts, self._ends, strict=True):
            yield words[i], start, end

    def __eq__(self, other: object) -> bool:
        if isinstance(other, WordSpans):
            other = list(other)
        return isinstance(other, list) and list(self) == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"WordSpans({list(self)!r})"

    def __getstate__(self) -> tuple[list[str], array[int], array[int], array[int]]:
        return self._words, self._index, self._starts, self._ends

    def __setstate__(self, state: tuple[list[str], array[int], array[int], array[int]]) -> None:
        self._words, self._index, self._starts, self._ends = state
        self._ids = {w: i for i, w in enumerate(self._words)}


@dataclass
class NoteWords:
    """The spelling summary of one note.

    Attributes:
        counts: lower-cased Latin word parts and compounds -> uses.
        occurrences: parts that the built-in lists do not know, in source order.
        hangul: ``(word, start, end)`` of each Hangul word of the prose, in order.
        repeats: doubled words.
        allowed: lower-cased words of the note's ``notelint-words`` comments
            (and their parts).
        prose_words: whitespace-separated words of the prose.
        prose: the prose runs, kept only when a LanguageTool server is configured.
    """

    counts: dict[str, int] = field(default_factory=dict)
    occurrences: list[Occurrence] = field(default_factory=list)
    hangul: WordSpans = field(default_factory=WordSpans)
    repeats: list[Repeat] = field(default_factory=list)
    allowed: frozenset[str] = frozenset()
    prose_words: int = 0
    prose: Prose | None = None


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

    def __contains__(self, word: str) -> bool:
        found = self.memo.get(word)
        if found is None:
            found = bool(self._flags(word) & (COMMON | TECHNICAL))
            if len(self.memo) < self.MEMO_LIMIT:
                self.memo[word] = found
        return found


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


def _add_chunk(out: NoteWords, counts: dict[str, int], known: KnownWords, word: str,
               start: int, source: ProseRun | CodeSpan, in_code: bool, text: str) -> None:
    parts = cached_parts(word)
    # Counted as they come (not listed, then counted): a huge note's word list alone
    # would take tens of megabytes.
    if len(parts) > 1:
        low = word.lower()
        counts[low] = counts.get(low, 0) + 1
    memo = known.memo
    suspects = []
    for part in parts:
        low = part.text.lower()
        counts[low] = counts.get(low, 0) + 1
        if part.checkable:
            hit = memo.get(low)
            if hit is None:
                hit = low in known
            if not hit:
                suspects.append(part)
    if not suspects or (len(parts) > 1 and word.lower() in known):
        return
    for part in suspects:
        if isinstance(source, ProseRun):
            a, b = source.source_span(start + part.start, start + part.end)
            initial = part.start == 0 and _initial(text, a)
        else:
            a, b = source.base + start + part.start, source.base + start + part.end
            initial = False
        exact = text[a:b] == part.text
        named = (not in_code and part.text[:1].isupper() and exact
                 and looks_like_name(text, a, b, known.vocabulary))
        out.occurrences.append(Occurrence(part.text, a, b, word, part.start, in_code, exact,
                                          named, initial))


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
    out = NoteWords()
    counts: dict[str, int] = {}
    known = builtin_known()
    hangul = WordSpans()
    for run in prose.runs:
        out.prose_words += len(run.text.split())
        for word, start, _ in chunk_spans(run.text):
            _add_chunk(out, counts, known, word, start, run, False, text)
        if korean:
            for word, a, b in hangul_words(run.text):
                s, e = run.source_span(a, b)
                hangul.append(word, s, e)
    for span in prose.code:
        if _code_is_path(span):
            continue
        for ch in identifier_chunks(span.text):
            _add_chunk(out, counts, known, ch.text, ch.start, span, True, text)
    out.counts = counts
    out.hangul = hangul
    out.repeats = _repeats(prose, text) if repeats else []
    out.allowed = allowed_words(_html_comments(doc))
    out.prose = prose if keep_prose else None
    return out


def word_counts(words: NoteWords) -> Mapping[str, int]:
    """A note's Latin word counts, as summed over a workspace
    (:meth:`notelint.workspace.WorkspaceContext.total`, total ``"words"``)."""
    return words.counts


def hangul_counts(words: NoteWords) -> Counter[str]:
    """How often each Hangul word stands in a note's prose, as summed over a workspace
    (:meth:`notelint.workspace.WorkspaceContext.total`, total ``"hangul"``)."""
    return Counter(w for w, _, _ in words.hangul)


@dataclass
class CorpusCounts:
    """Lower-cased word counts over a set of notes."""

    counts: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, notes: Iterable[Mapping[str, int]]) -> CorpusCounts:
        """The sum of several notes' counts."""
        total: Counter[str] = Counter()
        for counts in notes:
            total.update(counts)
        return cls(total)

    def count(self, word: str) -> int:
        """How often lower-case ``word`` occurs in the notes."""
        return self.counts.get(word, 0)

