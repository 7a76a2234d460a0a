"""Word counts over every checked note: what the author writes often is vocabulary.

One :class:`DocumentWords` per document (computed once, through
``Document.memo``) lists its Latin words with their places; a
:class:`CorpusCounts` adds up the lower-cased counts of all documents of a
run.  Words in inline code count too (``is_training`` in code makes
``training`` a word of the notes), and so do hyphenated compounds as a whole
(``fully-connected``), so that a compound typo can be compared with the
compound the author usually writes.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from notelint.document import Document
from notelint.spelling.vocabulary import COMMON, TECHNICAL, Vocabulary, builtin
from notelint.spelling.prose import CodeSpan, ProseRun, prose_of
from notelint.spelling.tokenize import cached_parts, chunk_spans, identifier_chunks


@dataclass(frozen=True)
class Occurrence:
    """A word part to check: its place in the source and its chunk.

    Attributes:
        word: the part as written (``Conneted``).
        start, end: source offsets of the part.
        chunk: the whole chunk as written (``Fully-Conneted``).
        part_start: offset of the part inside ``chunk``.
        in_code: from inline code (SP002) rather than prose (SP001).
    """

    word: str
    start: int
    end: int
    chunk: str
    part_start: int
    in_code: bool


@dataclass
class DocumentWords:
    """The checkable word parts of one document and its lower-cased counts."""

    occurrences: list[Occurrence] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    prose_words: int = 0


class KnownWords:
    """Lower-case words no setting can make misspelled: common English and technical words.

    Rare English words (the list's floor count) are left out: they may be
    real-word typos, decided with the notes' counts.  Answers are memoized
    (up to :data:`MEMO_LIMIT` words), since prose repeats its words.
    """

    MEMO_LIMIT = 1 << 18

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._flags = vocabulary.flags
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


def _add_chunk(out: DocumentWords, lows: list[str], known: KnownWords, word: str,
               start: int, source: ProseRun | CodeSpan, in_code: bool) -> None:
    parts = cached_parts(word)
    if len(parts) > 1:
        lows.append(word.lower())
    memo = known.memo
    suspects = []
    for part in parts:
        low = part.text.lower()
        lows.append(low)
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
        else:
            a, b = source.base + start + part.start, source.base + start + part.end
        out.occurrences.append(Occurrence(part.text, a, b, word, part.start, in_code))


def document_words(doc: Document) -> DocumentWords:
    """The word parts of ``doc``'s prose and inline code (use :func:`words_of`).

    Only parts that the built-in word lists do not know become occurrences;
    every part counts.
    """
    prose = prose_of(doc)
    out = DocumentWords()
    lows: list[str] = []
    known = builtin_known()
    for run in prose.runs:
        out.prose_words += len(run.text.split())
        for word, start, _ in chunk_spans(run.text):
            _add_chunk(out, lows, known, word, start, run, False)
    for span in prose.code:
        for ch in identifier_chunks(span.text):
            _add_chunk(out, lows, known, ch.text, ch.start, span, True)
    out.counts = Counter(lows)
    return out


def words_of(doc: Document) -> DocumentWords:
    """:func:`document_words`, computed once per document."""
    return doc.memo(document_words)


@dataclass
class CorpusCounts:
    """Lower-cased word counts over a set of documents."""

    counts: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, documents: Iterable[DocumentWords]) -> CorpusCounts:
        """The counts over the word parts of several documents."""
        total: Counter[str] = Counter()
        for words in documents:
            total.update(words.counts)
        return cls(total)

    def count(self, word: str) -> int:
        """How often lower-case ``word`` occurs in the notes."""
        return self.counts.get(word, 0)
