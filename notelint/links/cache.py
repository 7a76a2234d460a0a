"""Remote results kept on disk between runs.

One JSON file, ``<cache dir>/links/results-v1.json``, where the cache dir is
``RunOptions.cache_dir`` or the platform's user cache folder for notelint
(``platformdirs.user_cache_dir("notelint")``)::

    {"version": 1, "entries": {"<url>": {"checked": <unix time>, "result": {...}}}}

Entries older than ``cache-max-age`` seconds are ignored.  Transient results
(429, 5xx, time-outs, failed look-ups) are never stored.  A file that cannot
be read or does not have this shape is discarded: the run goes on with an
empty cache and :attr:`LinkCache.note` says why (it is logged once on the
``notelint.links`` logger).  The file is replaced atomically.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from notelint.links.results import RemoteResult

FILE_NAME = "results-v1.json"
log = logging.getLogger("notelint.links")


def default_cache_dir() -> Path:
    """The platform's user cache folder for notelint (``platformdirs``)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("notelint", appauthor=False))


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
        self._dirty = False
        self._load()

    def _load(self) -> None:
        if self.path is None or not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("version") != 1:
                raise ValueError("unknown format")
            entries = data["entries"]
            if not isinstance(entries, dict):
                raise ValueError("`entries` is not a table")
            for url, entry in entries.items():
                if not isinstance(entry, dict) or not isinstance(entry.get("checked"), (int, float)):
                    raise ValueError(f"entry for {url!r} is malformed")
                RemoteResult.from_json(entry.get("result"))
            self._entries = entries
        except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
            self.note = (f"the link cache {self.path} could not be read ({exc}); "
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
        result = RemoteResult.from_json(entry["result"])
        ok = result.error is None and result.status is not None and 200 <= result.status < 300
        if fragments and ok and not fragments <= result.fragments.keys():
            return None
        return result

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
        self._entries[result.url] = {"checked": self.clock(), "result": result.to_json()}
        self._dirty = True

    def save(self) -> None:
        """Write the cache (expired entries dropped) if anything changed; errors are logged."""
        if self.path is None or not self._dirty:
            return
        now = self.clock()
        live = {u: e for u, e in self._entries.items()
                if now - float(e["checked"]) <= self.max_age}  # type: ignore[arg-type]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".results-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"version": 1, "entries": live}, fh, ensure_ascii=False)
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("notelint: could not write the link cache %s: %s", self.path, exc)
        self._dirty = False
