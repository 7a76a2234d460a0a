"""The persistent per-note cache: each unchanged note is checked once.

Like ruff's cache, an entry is valid only for the same note content, the
same effective configuration and the same notelint version, so a hit gives
exactly what a fresh check would.  Layout, under the cache folder::

    <folder>/notes-v1/<aa>/<key>             a note: its findings and directives, then
                                             the families' summaries (signed apart)
    <folder>/notes-v1/workspace/<key>        cross-note findings of a group; totals and
                                             digests of a group's notes kept between runs
    <folder>/notes-v1/index                  the stat index (see below)
    <folder>/notes-v1/packs/<key>            the first parts of the notes a large run
                                             checked, in one file (see below)
    <folder>/.gitignore                      "*": the folder ignores itself for git

``<key>`` is a 256-bit BLAKE2b digest over the note's bytes, its path, the configuration
fingerprint and the notelint version.  Findings and summaries are stored
separately: an unchanged run whose cross-note findings are also cached reads
and unpickles only the first part of each note's file.

Safety:

* Every file is signed with keyed BLAKE2b (a MAC, see :mod:`notelint.digests`)
  under a key that lives in the user's cache folder (never in the project).
  A cache file that a pull request planted in the repository, a truncated
  file or a file from another version fails the check and is rebuilt, never
  unpickled.
* Files are written to a temporary file in the same folder and renamed
  into place, so two runs at once never see a half-written entry (the last
  writer wins; both entries are valid).
* Reading is bounded: a file larger than :data:`MAX_ENTRY_BYTES`, or one that
  is not a regular file (a FIFO), is treated as a miss.
* Entries that no run used for :data:`PRUNE_AFTER_DAYS` days are deleted (checked
  at most once a day), so the folder follows the collection as it changes.

The stat index spares an unchanged note its hashing, like git's index: it
maps a note's absolute path to the BLAKE2b digest of its bytes together with what
``os.stat`` said of the file (size, ``st_mtime_ns``, ``st_ctime_ns``, inode
and device).  The content hash stays the cache key; the index only says which
hash a file has.  The exact rule (:class:`StatIndex`):

* a file is looked up with a ``stat`` taken *after* its text was read, and
  the stored hash is used only when all five values are equal;
* a hash is recorded only when the file's ``st_mtime_ns`` and ``st_ctime_ns``
  are both at least :data:`RACY_NS` (2 s) older than that ``stat``
  ("racily clean" files, changed within the timestamp granularity of the
  file system, are hashed on every run until they are older).

A note that is only compared (a project note of a pre-commit run) is looked
up with an ``lstat`` taken *instead* of reading it: when the index knows the
file as it is and its entry exists (:meth:`NoteCache.serve`), it is not read
at all, like git's ``git status`` on a clean file; its entry's parts are
verified when read later, and a damaged one makes the engine read and check
the note then.

Any write changes the change time (``st_ctime``), which no tool can set
back, so new content under the old size and restored modification time is
still hashed again; so is a file replaced by another (a new inode).  On
Windows ``st_ctime`` is the creation time: there only size, modification time
and file id protect the index.

Packs spare an unchanged rerun of a large collection its thousand small reads:
a run that checks at least :data:`PACK_MIN_NOTES` notes reads the first part of
each (its findings) from one file per set of checked notes
(:meth:`NoteCache.use_pack`), written again at the end of a run that found a
note missing from it.  A pack holds copies of those parts as the notes' own
files hold them, each with its own signature, in a plain framing read
without unpickling anything: an entry that fails its check, or a damaged
pack, sends the reader to the note's own file, which stays the reference.
Two runs that write a pack at once each write a valid one (the last rename
wins).

The cache is off with ``--no-cache`` or ``NOTELINT_NO_CACHE=1``.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import io
import operator
import os
import pickle
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from notelint import __version__, userdirs
from notelint.diagnostics import Diagnostic, Edit, Fix, Position, Related, Span
from notelint.digests import blake2b, compare_digest
from notelint.safeio import write_atomic

FORMAT = "notes-v1"
#: Entries no run has used for this many days are deleted (see :meth:`NoteCache.close`).
PRUNE_AFTER_DAYS = 14
#: Entries over this size are never read (a planted or runaway file).
MAX_ENTRY_BYTES = 256 * 1024 * 1024
#: A file changed less than this many nanoseconds before it was looked at is not indexed.
RACY_NS = 2_000_000_000
#: The stat index keeps at most this many files (the ones of the last runs).
MAX_INDEX_ENTRIES = 200_000
#: A run that checks at least this many notes reads their findings from a pack.
PACK_MIN_NOTES = 64
#: A pack is written again when more than this share of its entries went unused.
PACK_MAX_STALE = 0.25
_KEY_LEN = 64  # a hex SHA-256
_VERSION = __version__.encode()
_TAG = 32
_MISSING = object()


def user_cache_dir() -> Path:
    """The platform's user cache folder for notelint (see :mod:`notelint.userdirs`)."""
    return userdirs.user_cache_dir()


def _read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        data = _read_exactly(fd, st.st_size + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _read_exactly(fd: int, n: int) -> bytes:
    """Up to ``n`` bytes from ``fd`` (fewer only at the end of the file)."""
    chunks = []
    while n > 0:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


#: ``class -> reducer`` for :func:`dumps`: copyreg's table and the compact classes.
_DISPATCH: dict[type, Callable[[Any], Any]] = dict(copyreg.dispatch_table)
C = TypeVar("C", bound=type)


def compact_pickle(cls: C) -> C:
    """Have :func:`dumps` pickle instances of the dataclass ``cls`` as a call of ``cls`` on
    its field values, in declaration order.

    The default pickling of a frozen or slotted dataclass rebuilds each instance
    through ``__setstate__`` (a Python loop over ``dataclasses.fields``); a call of
    the class loads about three times faster (an unchanged rerun of 1,000 notes
    loads tens of thousands of findings and their positions).  Usable as a class
    decorator; returns ``cls``.

    Raises:
        TypeError: ``cls`` is not a dataclass, has a field that ``__init__`` does not
            take, or has a ``__post_init__`` (a call would not rebuild it as it was).
    """
    if not dataclasses.is_dataclass(cls) or not isinstance(cls, type):
        raise TypeError(f"{cls!r} is not a dataclass")
    fields = dataclasses.fields(cls)
    if any(not f.init for f in fields) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__qualname__}: a call of the class would not rebuild it")
    names = [f.name for f in fields]
    if len(names) == 1:
        name = names[0]

        def reduce(obj: Any) -> tuple[Any, tuple[Any, ...]]:
            return cls, (getattr(obj, name),)
    else:
        values = operator.attrgetter(*names)

        def reduce(obj: Any) -> tuple[Any, tuple[Any, ...]]:
            return cls, values(obj)
    _DISPATCH[cls] = reduce
    return cls


for _cls in (Diagnostic, Span, Position, Related, Fix, Edit):
    compact_pickle(_cls)

#: Small immutable values that :func:`dumps` stores once per pickle however many equal
#: copies it holds: the other copies of a duplicate are named by every finding about it
#: (23,187 related places, 7,111 of them different, in the findings of 1,000 notes).
_SHARED_VALUES = (Related, Span, Position)


def _same(value: Any) -> Any:
    """``value`` itself: how a pickle made by :func:`dumps` names a value stored before."""
    return value


class _Pickler(pickle.Pickler):
    """:func:`dumps`'s pickler: each value of :data:`_SHARED_VALUES` stored once."""

    def __init__(self, out: io.BytesIO) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self.dispatch_table = _DISPATCH
        self._first: dict[Any, Any] = {}

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) in _SHARED_VALUES:
            first = self._first.setdefault(obj, obj)
            if first is not obj:  # pickled already: loaded as that same object
                return _same, (first,)
        return NotImplemented


def dumps(value: Any) -> bytes:
    """``value`` pickled (highest protocol), the classes of :func:`compact_pickle` compactly.

    Equal values of :data:`_SHARED_VALUES` (immutable) are stored once and load as one
    object.  The bytes load with plain :func:`pickle.loads`.
    """
    out = io.BytesIO()
    _Pickler(out).dump(value)
    return out.getvalue()


def _secret(folder: Path) -> bytes:
    """The signing key, created on first use (mode 0600) in the user cache folder.

    ``folder`` is used when the user cache folder cannot be written.
    """
    for base in (user_cache_dir(), folder):
        key_path = base / "cache-key"
        data = _read_regular(key_path, 4096)
        if data is not None and len(data) >= 32:
            return data
        try:
            base.mkdir(parents=True, exist_ok=True)
            fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            data = _read_regular(key_path, 4096)
            if data is not None and len(data) >= 32:
                return data
            continue
        except OSError:
            continue
        secret = os.urandom(32)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secret)
        return secret
    return os.urandom(32)  # nothing writable: a cache valid for this run only


class StatIndex:
    """Absolute path -> (size, mtime_ns, ctime_ns, inode, device, content hash).

    See the module docstring for the rule.  ``changed`` is set when an entry
    was added or replaced, so that the owner knows to write it back.
    """

    def __init__(self, entries: dict[str, tuple[int, int, int, int, int, str]] | None = None
                 ) -> None:
        self.entries = entries if entries is not None else {}
        self.changed = False

    @staticmethod
    def _stamp(st: os.stat_result) -> tuple[int, int, int, int, int]:
        return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)

    def lookup(self, path: str, st: os.stat_result) -> str | None:
        """The recorded hash of ``path`` if ``st`` (taken after reading it) equals the record."""
        got = self.entries.get(path)
        if got is None or got[:5] != self._stamp(st):
            return None
        return got[5]

    def record(self, path: str, st: os.stat_result, digest: str, now_ns: int | None = None) -> bool:
        """Remember that ``path`` with ``st`` (taken after reading it) has hash ``digest``.

        Returns ``False`` (nothing recorded) for a file changed within
        :data:`RACY_NS` of ``now_ns`` (default: now).
        """
        now = time.time_ns() if now_ns is None else now_ns
        if max(st.st_mtime_ns, st.st_ctime_ns) > now - RACY_NS:
            return False
        entry = (*self._stamp(st), digest)
        if self.entries.get(path) != entry:
            self.entries.pop(path, None)  # last recorded last: the oldest go first past the cap
            self.entries[path] = entry
            self.changed = True
        return True


class Pickled(bytes):
    """A value already pickled: :meth:`NoteCache.put` stores these bytes as they are."""


class NoteCache:
    """Signed, versioned cache entries in one folder.

    Args:
        folder: the cache folder (created on first write, with a ``.gitignore``
            of ``*`` so that it never ends up in a commit).

    Every method returns ``None`` or does nothing on any problem with the
    disk: a cache can only make a run faster, never fail it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.base = folder / FORMAT
        self._key: bytes | None = None
        #: Entries served (first parts only), missing, and refused (bad or foreign).
        self._used: list[tuple[str, float]] = []
        self._base = os.fspath(self.base)
        self.hits = 0
        self.misses = 0
        self.rejected = 0
        self._index: StatIndex | None = None
        #: The pack in use (:meth:`use_pack`): its name, its entries, its file's mtime.
        self._pack_name: str | None = None
        self._pack: dict[str, tuple[bytes, bytes]] = {}
        self._pack_mtime = 0.0
        #: The signed first parts of the notes read or written while a pack is in use.
        self._heads: dict[str, tuple[bytes, bytes]] = {}

    @property
    def secret(self) -> bytes:
        """The signing key (read or created on first use)."""
        if self._key is None:
            self._key = _secret(self.folder)
        return self._key

    @staticmethod
    def key(*parts: str | bytes) -> str:
        """A hex 256-bit BLAKE2b digest over ``parts`` and notelint's version.

        The digest of the version's UTF-8, then of each part's length (8 bytes,
        little-endian) and UTF-8 (lone surrogates kept), hashed as one string (a
        pre-commit run makes a key per note of the project).
        """
        chunks = [_VERSION]
        for p in parts:
            b = p if isinstance(p, bytes) else p.encode("utf-8", "surrogatepass")
            chunks += (len(b).to_bytes(8, "little"), b)
        return blake2b(b"".join(chunks), digest_size=32).hexdigest()

    def _path(self, key: str, kind: str) -> Path:
        if kind in ("workspace", "pack"):
            return self.base / _FOLDERS[kind] / key
        return self.base / key[:2] / key

    def _spath(self, key: str, kind: str) -> str:
        """:meth:`_path` as a string (cheaper: a read makes one per note)."""
        if kind in ("workspace", "pack"):
            return os.path.join(self._base, _FOLDERS[kind], key)
        return os.path.join(self._base, key[:2], key)

    def _sign(self, key: str, part: str, body: bytes | memoryview) -> bytes:
        # Keyed BLAKE2b (a MAC; keys of up to 64 bytes: the key file holds 32 random bytes).
        mac = blake2b(f"{key}\0{part}\0".encode(), key=self.secret[:64], digest_size=_TAG)
        mac.update(body)
        return mac.digest()

    def _part(self, key: str, kind: str, part: int) -> tuple[bytes, bytes, float] | bool | None:
        """``(tag, body, file's mtime)`` of part ``part`` of an entry file, reading no further.

        Returns ``None`` when the file is missing (or not a regular file, or
        too large), ``False`` when it is malformed before the end of that part,
        and ``True`` when it ends before that part (it has fewer parts).
        """
        try:
            fd = os.open(self._spath(key, kind),
                         os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES:
                return None
            left = st.st_size
            for _ in range(part):  # skip the parts before
                head = _read_exactly(fd, _TAG + 8)
                if not head:
                    return True
                size = int.from_bytes(head[_TAG:], "little") if len(head) == _TAG + 8 else -1
                left -= _TAG + 8 + size
                if size < 0 or left < 0:
                    return False
                os.lseek(fd, size, os.SEEK_CUR)
            head = _read_exactly(fd, _TAG + 8)
            if not head:
                return True
            if len(head) < _TAG + 8:
                return False
            size = int.from_bytes(head[_TAG:], "little")
            if size > left - _TAG - 8:
                return False
            body = _read_exactly(fd, size)
            return (head[:_TAG], body, st.st_mtime) if len(body) == size else False
        except OSError:
            return None
        finally:
            os.close(fd)

    def serve(self, key: str, kind: str) -> bool:
        """Whether the entry ``key`` of ``kind`` exists (a regular file), counted as a hit
        and marked used, without reading it.

        For an entry whose parts are read later, if at all: a reader that
        finds it damaged then must rebuild it (:meth:`get` says so).
        """
        path = self._spath(key, kind)
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            self.misses += 1
            return False
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES:
            self.misses += 1
            return False
        self.hits += 1
        self._used.append((path, st.st_mtime))
        return True

    def get(self, key: str, kind: str, part: int = 0, default: Any = None,
            counted: bool = True) -> Any:
        """Part ``part`` of the entry ``key`` of ``kind`` (``"note"`` or ``"workspace"``).

        Returns ``default`` when the entry is missing, was not written by
        this user's notelint (bad signature), or cannot be loaded.  Only the
        part asked for is read, verified and loaded (the file is read up to
        its end, never further).  ``counted=False``: a read of an entry
        already counted by :meth:`serve` (not counted again in :attr:`hits`).
        """
        if part == 0 and kind == "note" and self._pack_name is not None:
            value = self._from_pack(key)
            if value is not _MISSING:
                if counted:
                    self.hits += 1
                return value
        got = self._part(key, kind, part)
        if got is None:
            self.misses += 1
            return default
        if got is False:
            self.rejected += 1
            return default
        if got is True:
            return default
        tag, body, mtime = got
        if not compare_digest(tag, self._sign(key, f"{kind}{part}", body)):
            self.rejected += 1
            return default
        try:
            value = pickle.loads(body)
        except Exception:  # a signed file from an incompatible build: rebuild it
            self.rejected += 1
            return default
        if part == 0 and counted:
            self.hits += 1
            self._used.append((self._spath(key, kind), mtime))
            if kind == "note" and self._pack_name is not None:
                self._heads[key] = (tag, body)
        return value

    # -- packs -----------------------------------------------------------------------------

    def use_pack(self, name: str) -> None:
        """Serve the first parts of notes from the pack ``name`` until :meth:`close`.

        ``name``: a hex key naming the set of notes of the run (the engine makes it
        from their paths).  A missing or damaged pack serves what it can (nothing);
        :meth:`close` writes it again when the run found notes missing from it.
        """
        self._pack_name = name
        self._pack = {}
        self._heads = {}
        self._pack_mtime = 0.0
        path = self._spath(name, "pack")
        data = _read_regular(Path(path), MAX_ENTRY_BYTES)
        if data is None:
            return
        with contextlib.suppress(OSError):
            self._pack_mtime = os.stat(path).st_mtime
        self._pack = _unframe(data)

    def _from_pack(self, key: str) -> Any:
        """The first part of note ``key`` from the pack, or ``_MISSING`` (absent, or failing
        its check: the note's own file is read instead)."""
        got = self._pack.get(key)
        if got is None:
            return _MISSING
        tag, body = got
        value = _MISSING
        if compare_digest(tag, self._sign(key, "note0", body)):
            with contextlib.suppress(Exception):  # a signed part of an incompatible build
                value = pickle.loads(body)
        if value is _MISSING:
            del self._pack[key]  # so that the pack is written again, without it
            self.rejected += 1
            return _MISSING
        self._heads[key] = got
        return value

    def _close_pack(self, now: float) -> None:
        """Write the pack again if the run read notes it lacks, or many of its entries went
        unused; once a day, mark its notes' own files used (a pack serves them unread)."""
        name, pack, heads = self._pack_name, self._pack, self._heads
        self._pack_name, self._pack, self._heads = None, {}, {}
        if name is None or not heads:
            return
        served = [k for k in heads if k in pack]
        aged = bool(pack) and now - self._pack_mtime >= 86400
        if len(served) < len(heads) or len(pack) - len(served) > PACK_MAX_STALE * len(pack):
            with contextlib.suppress(OSError):
                self._ensure_folder()
                write_atomic(self._path(name, "pack"), _frame(heads))
        elif aged:
            with contextlib.suppress(OSError):
                os.utime(self._spath(name, "pack"), (now, now))
        if aged:  # the notes' own files, served unread, must not be pruned meanwhile
            for key in served:
                with contextlib.suppress(OSError):
                    os.utime(self._spath(key, "note"), (now, now))

    def entry(self, key: str, kind: str) -> CacheEntry | None:
        """The entry ``key`` of ``kind``, read once, its parts verified and loaded on demand.

        For a reader that needs several parts of one entry (a note's summaries):
        :meth:`get` reads the whole file for each part.  ``None`` when the entry
        is missing or malformed.
        """
        got = self._whole(key, kind)
        return None if got is None else CacheEntry(self, key, kind, *got)

    def _whole(self, key: str, kind: str) -> tuple[list[tuple[bytes, memoryview]], float] | None:
        """Every ``(tag, body)`` part of an entry file and the file's mtime, or ``None``
        (missing, not a regular file, too large, or malformed)."""
        path = self._spath(key, kind)
        try:
            mtime = os.stat(path).st_mtime
        except OSError:
            self.misses += 1
            return None
        data = _read_regular(Path(path), MAX_ENTRY_BYTES)
        if data is None:
            self.misses += 1
            return None
        parts: list[tuple[bytes, memoryview]] = []
        pos = 0
        view = memoryview(data)
        while pos < len(data):
            head = data[pos:pos + _TAG + 8]
            size = int.from_bytes(head[_TAG:], "little") if len(head) == _TAG + 8 else -1
            body = view[pos + _TAG + 8:pos + _TAG + 8 + size] if size >= 0 else view[:0]
            if size < 0 or len(body) != size:
                self.rejected += 1
                return None
            parts.append((head[:_TAG], body))
            pos += _TAG + 8 + size
        return parts, mtime

    def kept(self, key: str) -> Any:
        """A workspace entry that the engine keeps between runs (totals, digests), or ``None``.

        Unlike :meth:`get`, not counted in :attr:`hits` (which counts notes
        and workspaces served); marked used all the same, so it is not pruned.
        """
        entry = self.entry(key, "workspace")
        value = entry.part(0, _MISSING) if entry is not None else _MISSING
        if value is _MISSING or entry is None:
            return None
        self._used.append((self._spath(key, "workspace"), entry.mtime))
        return value

    def put(self, key: str, kind: str, *values: Any) -> None:
        """Store ``values`` (picklable, or :class:`Pickled`) as the parts of entry ``key`` of
        ``kind``."""
        out = bytearray()
        try:
            for i, value in enumerate(values):
                body = bytes(value) if isinstance(value, Pickled) else dumps(value)
                out += self._sign(key, f"{kind}{i}", body) + len(body).to_bytes(8, "little") + body
        except Exception:
            return
        try:
            self._ensure_folder()
            write_atomic(self._path(key, kind), bytes(out))
        except OSError:
            pass
        if kind == "note" and self._pack_name is not None:
            size = int.from_bytes(out[_TAG:_TAG + 8], "little")
            self._heads[key] = (bytes(out[:_TAG]), bytes(out[_TAG + 8:_TAG + 8 + size]))

    @property
    def index(self) -> StatIndex:
        """The stat index (read on first use; see the module docstring)."""
        if self._index is None:
            got = self._read_index()
            self._index = StatIndex(got)
        return self._index

    def _index_path(self) -> Path:
        return self.base / "index"

    def _read_index(self) -> dict[str, tuple[int, int, int, int, int, str]] | None:
        data = _read_regular(self._index_path(), MAX_ENTRY_BYTES)
        if data is None or len(data) < _TAG:
            return None
        tag, body = data[:_TAG], data[_TAG:]
        if not compare_digest(tag, self._sign("stat-index", "index", body)):
            return None
        try:
            entries = pickle.loads(body)
        except Exception:
            return None
        return entries if isinstance(entries, dict) else None

    def _write_index(self) -> None:
        index = self._index
        if index is None or not index.changed:
            return
        entries = index.entries
        if len(entries) > MAX_INDEX_ENTRIES:  # keep the last recorded ones
            entries = dict(list(entries.items())[-MAX_INDEX_ENTRIES:])
        body = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):
            self._ensure_folder()
            write_atomic(self._index_path(), self._sign("stat-index", "index", body) + body)
        index.changed = False

    def close(self, max_age_days: float = PRUNE_AFTER_DAYS) -> None:
        """End of a run: write the stat index, mark the entries it used, prune now and then.

        Entries used by the run get a fresh modification time (unless theirs
        is less than a day old); once a day at most, entries not used for
        ``max_age_days`` are deleted, so that a cache of a collection that
        keeps changing does not grow without bound.
        """
        self._write_index()
        now = time.time()
        self._close_pack(now)
        fresh = min(86400.0, max_age_days * 86400 / 2)
        for path, mtime in self._used:
            if now - mtime < fresh:
                continue
            with contextlib.suppress(OSError):
                os.utime(path, (now, now))
        self._used.clear()
        stamp = self.base / "last-prune"
        try:
            if now - stamp.stat().st_mtime < 86400:
                return
        except FileNotFoundError:
            if not self.base.is_dir():
                return
        except OSError:
            return
        with contextlib.suppress(OSError):
            stamp.touch()
        limit = now - max_age_days * 86400
        for folder in self.base.iterdir() if self.base.is_dir() else ():
            if not folder.is_dir():
                continue
            for entry in folder.iterdir():
                with contextlib.suppress(OSError):
                    if entry.stat().st_mtime < limit:
                        entry.unlink()

    def _ensure_folder(self) -> None:
        if self.base.is_dir():
            return
        self.base.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            with contextlib.suppress(OSError):
                ignore.write_text("# Created by notelint: this folder is a cache.\n*\n",
                                  encoding="utf-8")
        tag = self.folder / "CACHEDIR.TAG"
        if not tag.exists():
            with contextlib.suppress(OSError):
                tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                               "# This file is a cache directory tag created by notelint.\n",
                               encoding="utf-8")


_FOLDERS = {"workspace": "workspace", "pack": "packs"}


def _frame(heads: dict[str, tuple[bytes, bytes]]) -> bytes:
    """A pack's bytes: for each entry, its key (64 ASCII hex digits), its signature, the
    body's length (8 bytes, little-endian) and the body."""
    out = bytearray()
    for key, (tag, body) in heads.items():
        out += key.encode("ascii") + tag + len(body).to_bytes(8, "little") + body
    return bytes(out)


def _unframe(data: bytes) -> dict[str, tuple[bytes, bytes]]:
    """The entries of a pack (:func:`_frame`), up to the first malformed one."""
    out: dict[str, tuple[bytes, bytes]] = {}
    pos, end, head = 0, len(data), _KEY_LEN + _TAG + 8
    while pos + head <= end:
        key = data[pos:pos + _KEY_LEN]
        size = int.from_bytes(data[pos + _KEY_LEN + _TAG:pos + head], "little")
        if pos + head + size > end or not key.isalnum() or not key.isascii():
            break
        out[key.decode("ascii")] = (data[pos + _KEY_LEN:pos + _KEY_LEN + _TAG],
                                    data[pos + head:pos + head + size])
        pos += head + size
    return out


class CacheEntry:
    """The parts of one cache entry, read from disk once (see :meth:`NoteCache.entry`).

    Attributes:
        size: how many parts the entry has.
        mtime: the file's modification time when it was read.
    """

    def __init__(self, cache: NoteCache, key: str, kind: str,
                 parts: list[tuple[bytes, memoryview]], mtime: float = 0.0) -> None:
        self._cache = cache
        self._key = key
        self._kind = kind
        self._parts = parts
        self.size = len(parts)
        self.mtime = mtime

    def part(self, index: int, default: Any = None) -> Any:
        """Part ``index``, verified and unpickled; ``default`` when it is missing, its
        signature is wrong or it cannot be loaded (counted as rejected)."""
        if index >= len(self._parts):
            return default
        cache = self._cache
        tag, body = self._parts[index]
        if not compare_digest(tag, cache._sign(self._key, f"{self._kind}{index}", body)):
            cache.rejected += 1
            return default
        try:
            return pickle.loads(body)
        except Exception:  # a signed part from an incompatible build: rebuild it
            cache.rejected += 1
            return default
