"""The built-in vocabulary, compiled once into a file that loads in about a millisecond.

Decoding the word lists (pyspellchecker's JSON, the vendored lists) takes
about half a second; a one-note check cannot pay that on every run.  The
first run compiles them into one file in the user cache folder, and every
later run maps that file:

* a `MARISA trie <https://github.com/pytries/marisa-trie>`_ of every word
  (lower case), which gives each word an id;
* a ``uint32`` English count per id (0 when the word is not English);
* one byte of flags per id (:data:`ENGLISH`, :data:`COMMON`, :data:`TECHNICAL`,
  :data:`NAME`).

File layout (little-endian): the 8-byte magic ``NLVOCAB\\0``, then
``<IIIII``: format version, number of words, the English list's floor
count, trie length in bytes, CRC-32 of everything after the header; four
zero bytes (so the trie starts at byte 32); then the trie, zero bytes up to
the next multiple of 8, the counts and the flags.

A run maps the file into memory (:mod:`mmap`) instead of reading it: the trie
(MARISA's ``map``) and the counts are used where they lie, so loading costs a
CRC pass and no copies.  On a big-endian machine the counts are copied and
swapped.

The file name holds a key made of the format version, notelint's version
and a fingerprint (name, size, modification time) of every source file, so
an upgrade of notelint or of pyspellchecker compiles a new file.  A file
that fails any check (magic, version, lengths, CRC) is rebuilt, never
trusted.  Files are written to a temporary name and renamed into place, so
two runs compiling at once both end with a whole file.  A run marks the file
it uses (its modification time, at most once a day); a file of another key
is removed once no run has used it for 30 days, so two installs of notelint
with different sources keep one file each instead of compiling in turn.  When the cache
folder cannot be written the vocabulary is compiled in memory for the run.

The folder is ``$NOTELINT_CACHE_DIR/vocabulary`` when that variable is set,
else ``vocabulary`` in the platform's user cache folder for notelint
(``platformdirs.user_cache_dir("notelint")``, e.g. ``~/.cache/notelint`` on
Linux).

Sources (see :mod:`notelint.spelling.lexicon` for what each one holds): the
English word-frequency list of ``pyspellchecker`` (``resources/en.json.gz``,
MIT) and the vendored lists in ``notelint/data`` (cspell dictionaries, MIT,
and ``spelling-terms-ml.txt``, written for notelint).
"""

from __future__ import annotations

import array
import contextlib
import functools
import importlib.util
import json
import os
import struct
import sys
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import marisa_trie

from notelint import __version__
from notelint.digests import blake2b
from notelint.safeio import create_temporary
from notelint.spelling.wordlist import read_words

if TYPE_CHECKING:
    import mmap

#: Bumped when the file layout or the meaning of a flag changes.
FORMAT_VERSION = 2

MAGIC = b"NLVOCAB\x00"
_HEADER = struct.Struct("<IIIII4x")
#: Where the trie starts: MARISA's sections are 8-byte aligned relative to the trie's start.
_HEAD = len(MAGIC) + _HEADER.size


def _pad(length: int) -> int:
    """The zero bytes that bring ``length`` to a multiple of 8."""
    return -length % 8

#: The word is in pyspellchecker's English list.
ENGLISH = 1
#: The word is English and counted above the list's floor (seen in real text, not only
#: added from an include list): a word no setting can make misspelled.
COMMON = 2
#: The word is in the vendored technical or English-supplement vocabulary.
TECHNICAL = 4
#: The word is a name of a person, company or place (not a known word by itself).
NAME = 8

#: Vocabulary files shipped in ``notelint/data`` whose words are known.
VOCABULARY_FILES = ("spelling-tech-en.txt", "spelling-terms-ml.txt", "spelling-en-extra.txt.gz",
                    "spelling-tech-web.txt.gz")
#: Names of people, companies and places (flag :data:`NAME`).
NAMES_FILE = "spelling-names.txt.gz"


class VocabularyError(Exception):
    """The sources of the vocabulary cannot be read (``pyspellchecker`` missing or broken)."""


class _BadFile(Exception):
    """A compiled vocabulary file fails a check."""


class Vocabulary:
    """The compiled built-in vocabulary: flags and English counts of lower-case words.

    Lookups cost a trie search (about 0.2 µs); callers that ask about the same
    word many times keep their own memo.
    """

    def __init__(self, trie: marisa_trie.Trie, counts: Sequence[int], flags: Sequence[int],
                 floor: int, buffer: object = None) -> None:
        self._buffer = buffer  # what the trie and counts lie in (a mapped file): kept alive
        self._trie = trie
        self._get = trie.get
        self._counts = counts
        self._flags = flags
        #: The lowest count of the English list (words added from include lists).
        self.floor = floor

    def __len__(self) -> int:
        return len(self._flags)

    def flags(self, word: str) -> int:
        """The flags of lower-case ``word`` (0 when the vocabulary does not have it)."""
        i = self._get(word)
        return 0 if i is None else self._flags[i]

    def count(self, word: str) -> int:
        """The English count of lower-case ``word`` (0 when it is not in the English list)."""
        i = self._get(word)
        return 0 if i is None else self._counts[i]

    def knows(self, word: str) -> bool:
        """Whether ``word`` is English or technical vocabulary (names alone are not)."""
        return bool(self.flags(word) & (ENGLISH | TECHNICAL))

    def is_name(self, word: str) -> bool:
        """Whether ``word`` is in the list of names."""
        return bool(self.flags(word) & NAME)


# -- sources and key -------------------------------------------------------------------------


def _english_source() -> Path:
    spec = importlib.util.find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:
        raise VocabularyError("cannot find the English word list: pyspellchecker is not "
                              "installed (pip install pyspellchecker)")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "en.json.gz"


def _data_folder() -> Path:
    return Path(__file__).resolve().parent.parent / "data"


def sources() -> list[Path]:
    """The source files, English list first, then :data:`VOCABULARY_FILES`, then names.

    Raises:
        VocabularyError: pyspellchecker is not installed.
    """
    data = _data_folder()
    return [_english_source(), *(data / n for n in VOCABULARY_FILES), data / NAMES_FILE]


def cache_key(paths: Iterable[Path]) -> str:
    """The key of the compiled file for ``paths``: format, notelint version, each file's
    name, size and modification time (nanoseconds), hashed to 16 hex digits.

    Raises:
        VocabularyError: a source file is missing.
    """
    h = blake2b(digest_size=8)
    h.update(f"{FORMAT_VERSION}\0{__version__}\0".encode())
    for p in paths:
        try:
            st = p.stat()
        except OSError as exc:
            raise VocabularyError(f"cannot read the word list {p}: {exc.strerror or exc}") from None
        h.update(f"{p.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def cache_folder() -> Path:
    """Where compiled vocabularies live (see the module docstring)."""
    env = os.environ.get("NOTELINT_CACHE_DIR")
    if env:
        return Path(env) / "vocabulary"
    from notelint.userdirs import user_cache_dir

    return user_cache_dir() / "vocabulary"


# -- compiling -------------------------------------------------------------------------------


def _read_list(path: Path) -> set[str]:
    import gzip  # only when compiling

    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return read_words(fh)
    with path.open("r", encoding="utf-8") as fh:
        return read_words(fh)


def compile_sources(paths: list[Path]) -> bytes:
    """The compiled file's bytes for the sources ``paths`` (as :func:`sources` lists them).

    Raises:
        VocabularyError: a source cannot be read or decoded.
    """
    import gzip  # only when compiling

    english_path, *lists = paths
    try:
        with gzip.open(english_path, "rt", encoding="utf-8") as fh:
            raw = json.load(fh)
        english = {str(k): int(v) for k, v in raw.items()}
        technical: set[str] = set()
        for p in lists[:-1]:
            technical |= _read_list(p)
        names = _read_list(lists[-1])
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        raise VocabularyError(f"cannot load the word lists: {exc} "
                              "(reinstall notelint and pyspellchecker)") from None
    floor = min(english.values()) if english else 0
    trie = marisa_trie.Trie(english.keys() | technical | names)
    n = len(trie)
    counts = array.array("I", bytes(4 * n))
    flags = bytearray(n)
    for word, count in english.items():
        i = trie[word]
        counts[i] = min(count, 0xFFFFFFFF)
        flags[i] |= ENGLISH | (COMMON if count > floor else 0)
    for word in technical:
        flags[trie[word]] |= TECHNICAL
    for word in names:
        flags[trie[word]] |= NAME
    if sys.byteorder != "little":
        counts.byteswap()
    trie_bytes = trie.tobytes()
    payload = (trie_bytes + bytes(_pad(len(trie_bytes))) + counts.tobytes() + bytes(flags))
    header = _HEADER.pack(FORMAT_VERSION, n, floor, len(trie_bytes), zlib.crc32(payload))
    return MAGIC + header + payload


def parse(blob: bytes | mmap.mmap) -> Vocabulary:
    """The :class:`Vocabulary` in compiled bytes (``bytes``, or a mapped file).

    The vocabulary uses ``blob`` where it lies (it keeps a reference): its
    content must not change afterwards (a mapped file is only ever replaced
    by a rename, never written in place).

    Raises:
        _BadFile: wrong magic, version, lengths or checksum.
    """
    if len(blob) < _HEAD or blob[:len(MAGIC)] != MAGIC:
        raise _BadFile("not a compiled vocabulary")
    version, n, floor, trie_len, crc = _HEADER.unpack_from(blob, len(MAGIC))
    if version != FORMAT_VERSION:
        raise _BadFile(f"format {version}, expected {FORMAT_VERSION}")
    payload = memoryview(blob)[_HEAD:]
    start = trie_len + _pad(trie_len)  # the counts
    if len(payload) != start + 5 * n or zlib.crc32(payload) != crc:
        raise _BadFile("truncated or damaged")
    try:
        trie = marisa_trie.Trie().map(payload[:trie_len])
    except Exception as exc:  # marisa raises bare RuntimeErrors on bad input
        raise _BadFile(f"bad trie: {exc}") from None
    if len(trie) != n:
        raise _BadFile("word count does not match")
    counts: Sequence[int]
    if sys.byteorder == "little":
        counts = payload[start:start + 4 * n].cast("I")
    else:
        swapped = array.array("I")
        swapped.frombytes(payload[start:start + 4 * n])
        swapped.byteswap()
        counts = swapped
    return Vocabulary(trie, counts, payload[start + 4 * n:], floor, blob)


def _mapped(fh: BinaryIO) -> bytes | mmap.mmap:
    """The open file ``fh`` mapped read-only (its bytes, where mapping is not possible)."""
    import mmap

    try:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # an empty file cannot be mapped; some file systems refuse
        return fh.read()


def _write_atomically(path: Path, blob: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = create_temporary(path.parent, path.name + ".", ".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


#: A compiled file no run has used for this long is removed (by the next run that compiles).
STALE_SECONDS = 30 * 24 * 3600
#: A run marks its compiled file used (its modification time) when the mark is this old.
_MARK_SECONDS = 24 * 3600


def _remove_stale(folder: Path, keep: Path) -> None:
    """Remove compiled files that no run has used for :data:`STALE_SECONDS` (best effort).

    Files of other keys are kept while they are used: two installs of
    notelint (a project's virtual environment and a global one) each keep
    their own file instead of compiling again after the other has run.
    """
    import time

    now = time.time()
    for old in folder.glob("vocabulary-*.bin"):
        if old == keep:
            continue
        try:
            if now - old.stat().st_mtime > STALE_SECONDS:
                old.unlink()
        except OSError:
            pass


def _mark_used(path: Path, mtime: float) -> None:
    """Set ``path``'s modification time to now when it is older than a day (best effort)."""
    import time

    if time.time() - mtime > _MARK_SECONDS:
        with contextlib.suppress(OSError):
            os.utime(path)


def load(folder: Path | None = None) -> Vocabulary:
    """The built-in vocabulary from its compiled file in ``folder``, compiled first if needed.

    Args:
        folder: where compiled files live (default :func:`cache_folder`).

    Raises:
        VocabularyError: the sources cannot be read (only when a compile is needed).
    """
    paths = sources()
    folder = folder if folder is not None else cache_folder()
    path = folder / f"vocabulary-{cache_key(paths)}.bin"
    try:
        with path.open("rb") as fh:
            mtime = os.fstat(fh.fileno()).st_mtime
            found = parse(_mapped(fh))
        _mark_used(path, mtime)
        return found
    except (OSError, _BadFile):
        pass  # missing, unreadable or damaged: compile it again
    blob = compile_sources(paths)
    try:
        _write_atomically(path, blob)
        _remove_stale(folder, path)
    except OSError:
        pass  # a read-only cache folder: use the compiled vocabulary for this run only
    return parse(blob)


@functools.lru_cache(maxsize=1)
def builtin() -> Vocabulary:
    """:func:`load` from the default folder, once per process.

    Raises:
        VocabularyError: the sources cannot be read.
    """
    return load()
