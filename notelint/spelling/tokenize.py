"""Words of mixed Latin/Hangul text, and the word parts of identifiers.

A *chunk* is a maximal run of Latin letters and digits joined by single
hyphens, underscores or apostrophes (``Fully-Conneted``, ``is_traning``,
``model's``).  Hangul is never part of a chunk, so a Korean particle glued to
an English word (``fucntion을``) is split off.  A chunk is split into *parts*
at ``-``, ``_`` and camelCase boundaries (``GroupNorm`` -> ``Group`` +
``Norm``, ``MLPMixer`` -> ``MLP`` + ``Mixer``); a trailing possessive
``'s`` is dropped.

Chunks are skipped entirely when they are TeX commands (``\\sigma``), parts of
dotted names, paths, e-mail addresses, URLs or products (``np.dot``, ``a/b``,
``nway*kshot``), or touch an accented letter (``Aurélia``: names and foreign
words).  Parts with a digit (``ResNet152``, ``Sim2Real``) are names and are
never checked.
Parts that are short all-capital abbreviations (``MAML``, ``NCSN``) are
marked so checkers skip them.

Hangul words (*eojeol*) are maximal runs of Hangul syllables.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from notelint.lazy import lazy_compile

#: A chunk of prose (see the module docstring).
CHUNK = lazy_compile(r"[A-Za-z0-9]+(?:[-_'\u2019][A-Za-z0-9]+)*")
_CAMEL = lazy_compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
#: A Hangul word: a run of Hangul syllables (U+AC00..U+D7A3).
HANGUL = lazy_compile(r"[\uac00-\ud7a3]+")
#: An identifier in inline code.
IDENT = lazy_compile(r"[A-Za-z_][A-Za-z0-9_]*")

#: All-capital parts up to this many letters are abbreviations, never checked.
ABBREVIATION_MAX = 6


class Part(NamedTuple):
    """One word part: ``text`` at ``[start, end)`` of the tokenized string.

    ``checkable`` is false for abbreviations, parts with digits and single letters.
    """

    text: str
    start: int
    end: int
    checkable: bool


class Chunk(NamedTuple):
    """A Latin chunk at ``[start, end)`` and its parts."""

    text: str
    start: int
    end: int
    parts: tuple[Part, ...]


def _accented(ch: str) -> bool:
    return "\u00c0" <= ch <= "\u024f" and ch not in "\u00d7\u00f7"


_ACCENTED = frozenset(c for c in map(chr, range(0xC0, 0x250)) if _accented(c))
#: :func:`skip_context` is false unless the character before a chunk is one of these...
MAY_SKIP_BEFORE = frozenset("\\/@#$%^~=<>|`*.") | _ACCENTED
#: ... or the character after it is one of these (so most chunks need no call).
MAY_SKIP_AFTER = frozenset("/@\\=`*.:") | _ACCENTED


def skip_context(text: str, start: int, end: int) -> bool:
    """Whether the chunk at ``[start, end)`` is part of a TeX command, path, URL or dotted name."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before in "\\/@#$%^~=<>|`" or after in "/@\\=`":
        return True
    if before == "*" and start > 1 and text[start - 2].isalnum():
        return True  # a*b: a product or a glob, not prose
    if after == "*" and end + 1 < len(text) and text[end + 1].isalnum():
        return True
    if _accented(before) or _accented(after):
        return True  # part of a word with accents (Aurélia): a name or a foreign word
    if before == "." and start > 1 and text[start - 2].isalnum():
        return True
    if after == "." and end + 1 < len(text) and (text[end + 1].isalnum() or text[end + 1] == "_"):
        return True
    return after == ":" and text.startswith("//", end + 1)


def split_parts(chunk: str, offset: int = 0) -> list[Part]:
    """Split ``chunk`` at ``-``/``_``/apostrophes and camelCase; offsets shifted by ``offset``."""
    parts: list[Part] = []
    for m in re.finditer(r"[A-Za-z0-9]+", chunk):
        piece = m.group()
        if m.start() > 0 and chunk[m.start() - 1] in "'\u2019" and piece.lower() in ("s", "t"):
            continue  # possessive 's, n't
        if any(ch.isdigit() for ch in piece):
            parts.append(Part(piece, offset + m.start(), offset + m.end(), False))
            continue
        for cm in _CAMEL.finditer(piece):
            word = cm.group()
            a = offset + m.start() + cm.start()
            abbrev = word.isupper() and len(word) <= ABBREVIATION_MAX
            parts.append(Part(word, a, a + len(word), len(word) > 1 and not abbrev))
    return parts


def chunk_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """``(chunk, start, end)`` for the Latin chunks of prose ``text`` worth checking."""
    for m in CHUNK.finditer(text):
        start, end = m.span()
        if not skip_context(text, start, end):
            yield m.group(), start, end


@functools.lru_cache(maxsize=65536)
def cached_parts(chunk: str) -> tuple[Part, ...]:
    """:func:`split_parts` of ``chunk`` at offset 0, memoized (chunks repeat a lot)."""
    return tuple(split_parts(chunk))


def chunks(text: str) -> Iterator[Chunk]:
    """The Latin chunks of prose ``text`` worth checking, with their parts."""
    for word, start, end in chunk_spans(text):
        yield Chunk(word, start, end, tuple(split_parts(word, start)))


def identifier_chunks(code: str) -> Iterator[Chunk]:
    """Identifiers in inline code (``is_traning``), split into word parts.

    Attribute paths (``tf.map_fn``) give one chunk per name; string and
    number literals are not looked into.
    """
    for m in IDENT.finditer(code):
        start, end = m.span()
        before = code[start - 1] if start > 0 else " "
        if before.isdigit() or before in "\"'\\":
            continue
        word = m.group()
        yield Chunk(word, start, end, tuple(split_parts(word, start)))


def hangul_words(text: str) -> Iterator[tuple[str, int, int]]:
    """``(word, start, end)`` for each run of Hangul syllables in ``text``."""
    for m in HANGUL.finditer(text):
        yield m.group(), m.start(), m.end()
