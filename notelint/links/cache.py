"""Remote results kept on disk between runs.

One JSON file, ``<cache dir>/links/results-v1.json``, where the cache dir is
``RunOptions.cache_dir`` or the platform's user cache folder for notelint
(``platformdirs.user_cache_dir("notelint")``)::

    {"version": 1, "entries": {"<url>": {"checked": <unix time>, "result": {...}}}}

Entries older than ``cache-max-age`` seconds are ignored.  Transient results
(429, 5xx, time-outs, failed look-ups) are never stored.  A file that cannot
be read or does not have this shape (not a regular file, such as a FIFO;
over :data:`MAX_CACHE_SIZE`; not JSON, or JSON nested too deeply; entries of
another shape) is discarded, never trusted: the run goes on with an empty
cache and :attr:`LinkCache.note` says why (it is logged once on the
``notelint.links`` logger), and the next save rebuilds it.  Loading checks the
file's shape down to each entry's table; an entry's result is decoded (and
checked) only when a run asks for its URL, so a run that needs a few URLs does
not decode a cache of thousands.  A result found malformed then is discarded
the same way (a miss, with a note), and the next save leaves it out.  Saving merges
this run's results into the file as it is then, under a lock, and replaces it
atomically, so concurrent runs keep each other's results.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from notelint.links.results import RemoteResult
from notelint.safeio import NotRegularFile, TooLarge, read_regular, write_atomic

FILE_NAME = "results-v1.json"
#: A cache file larger than this is discarded, not read.
MAX_CACHE_SIZE = 256 * 1024 * 1024
log = logging.getLogger("notelint.links")


def default_cache_dir() -> Path:
    """The platform's user cache folder for notelint (see :mod:`notelint.userdirs`)."""
    from notelint.userdirs import user_cache_dir

    return user_cache_dir()


class LinkCache:
    """Remote results by URL, loaded from and saved to one file.

    Args:
        folder: the cache dir (the file goes in its ``links`` subfolder), or
            ``None`` for no cache at all.
        max_age: seconds an entry stays valid.
        clock: returns the current unix time (tests pass their own).
    """

    def __init__(self, folder: Path | None, max_age: float,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = folder / "links" / FILE_NAME if folder is not None else None
        self.max_age = max_age
        self.clock = clock
        self.note: str | None = None
        self._entries: dict[str, dict[str, object]] = {}
        self._mine: dict[str, dict[str, object]] = {}  # results stored by this run
        self._dirty = False
        self._load()

    def _read(self) -> dict[str, dict[str, object]]:
        """The entries of the cache file (``{}`` when there is none).

        Each entry's shape is checked down to its result's table; the result
        itself is decoded by :meth:`get`, for the URLs a run asks for.

        Raises:
            ValueError: the file is not a regular file, too large, or not this shape.
        """
        assert self.path is not None
        try:
            raw = read_regular(self.path, MAX_CACHE_SIZE)
        except FileNotFoundError:
            return {}
        except NotRegularFile as exc:
            raise ValueError(exc.strerror) from None
        except TooLarge:
            raise ValueError(f"larger than {MAX_CACHE_SIZE:,} bytes") from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except RecursionError:
            raise ValueError("nested too deeply") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not JSON ({type(exc).__name__})") from None
        if not isinstance(data, dict) or data.get("version") != 1:
            raise ValueError("unknown format")
        entries = data.get("entries")
        if not isinstance(entries, dict):
            raise ValueError("`entries` is not a table")
        for entry in entries.values():
            if (not isinstance(entry, dict) or not isinstance(entry.get("checked"), (int, float))
                    or not isinstance(entry.get("result"), dict)):
                raise ValueError("an entry is malformed")
        return entries

    def _load(self) -> None:
        if self.path is None:
            return
        try:
            self._entries = self._read()
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.note = (f"the link cache {self.path} could not be read ({reason}); "
                         "it was discarded and will be rebuilt")
            log.warning("notelint: %s", self.note)
            self._entries = {}
            self._dirty = True

    def get(self, url: str, fragments: frozenset[str] = frozenset()) -> RemoteResult | None:
        """The fresh cached result for ``url`` that covers ``fragments``, else ``None``."""
        entry = self._entries.get(url)
        if entry is None:
            return None
        checked = entry["checked"]
        assert isinstance(checked, (int, float))
        if self.clock() - checked > self.max_age:
            return None
        try:
            result = RemoteResult.from_json(entry["result"])
        except Exception:
            self._discard(url)
            return None
        ok = result.error is None and result.status is not None and 200 <= result.status < 300
        if fragments and ok and not fragments <= result.fragments.keys():
            return None
        return result

    def _discard(self, url: str) -> None:
        """Drop ``url``'s malformed entry, say so once, and have the next save leave it out."""
        del self._entries[url]
        self._mine.pop(url, None)
        self._dirty = True
        if self.note is None:
            self.note = (f"the link cache {self.path} held a malformed result; it was "
                         "discarded and will be checked again")
            log.warning("notelint: %s", self.note)

    def split(self, wanted: dict[str, frozenset[str]], check_fragments: bool
              ) -> tuple[dict[str, RemoteResult], dict[str, frozenset[str]]]:
        """Split ``wanted`` (URL -> fragments) into fresh cached results and the URLs to request."""
        found: dict[str, RemoteResult] = {}
        missing: dict[str, frozenset[str]] = {}
        for url, fragments in wanted.items():
            hit = self.get(url, fragments if check_fragments else frozenset())
            if hit is None:
                missing[url] = fragments
            else:
                found[url] = hit
        return found, missing

    def put(self, result: RemoteResult) -> None:
        """Store ``result`` (transient results are skipped)."""
        if self.path is None or result.transient:
            return
        entry = {"checked": self.clock(), "result": result.to_json()}
        self._entries[result.url] = entry
        self._mine[result.url] = entry
        self._dirty = True

    def save(self) -> None:
        """Write the cache (expired entries dropped) if anything changed; errors are logged.

        Under an exclusive lock on ``links/.lock``, the file is read again and
        this run's results are merged into what is there, so runs that end at
        the same time keep each other's results.  The temporary file is
        removed when writing fails.
        """
        if self.path is None or not self._dirty:
            return
        self._dirty = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with _locked(self.path.parent / ".lock"):
                try:
                    merged = {u: e for u, e in self._read().items() if _decodes(e["result"])}
                except ValueError:
                    merged = {}
                merged.update(self._mine)
                now = self.clock()
                live = {u: e for u, e in merged.items()
                        if now - float(e["checked"]) <= self.max_age}  # type: ignore[arg-type]
                text = json.dumps({"version": 1, "entries": live}, ensure_ascii=False)
                write_atomic(self.path, text, prefix=".results-", suffix=".tmp")
        except (OSError, ValueError, TypeError) as exc:
            log.warning("notelint: could not write the link cache %s: %s", self.path,
                        getattr(exc, "strerror", None) or type(exc).__name__)


def _decodes(result: object) -> bool:
    """Whether a stored result decodes (:meth:`RemoteResult.from_json`)."""
    try:
        RemoteResult.from_json(result)
    except Exception:
        return False
    return True


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``lock_path`` (no lock where ``fcntl`` is missing)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
