"""Local link targets: files and images next to the note, and heading fragments.

A destination without a scheme is local.  Its path is percent-decoded and
resolved from the note's folder (``img/a.png``, ``../notes/b.md``) or, for
an absolute path (``/img/a.png``), from the configured ``site-root``; with no
site root, absolute paths are left unchecked (only the site knows them).

A missing ``x.html`` is accepted when ``x.md`` or ``x.markdown`` exists, and
an extension-less ``x`` when ``x.md`` or ``x/index.md`` exists, as static
site generators publish notes under those names.

Fragments (``#section``, ``other.md#section``) are checked against the
anchors of the note they point into (:func:`notelint.links.slugs.anchors`),
with that note's slug style; fragments into ``.html`` files against their
``id``/``name`` attributes.  Other files' fragments are not checked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from notelint.document import Document
from notelint.lazy import lazy_compile
from notelint.links.extract import Link
from notelint.links.slugs import anchors, detect_style

NOTE_SUFFIXES = (".md", ".markdown")
_HTML_ID_RE = lazy_compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_MAX_READ = 10 * 1024 * 1024

Finding = tuple[str, str]  # (rule code, message)


class NoteAnchors(NamedTuple):
    """The anchors of one note under the slug style used for it."""

    style: str
    anchors: frozenset[str]

    @classmethod
    def of(cls, doc: Document, configured: str) -> NoteAnchors:
        """The anchors of ``doc`` (whose token tree must still exist) for slug setting ``configured``."""
        style = detect_style(doc, configured)
        return cls(style, anchors(doc, style))


def is_local(url: str) -> bool:
    """Whether ``url`` has neither a scheme nor a host (a path and/or a fragment)."""
    if url.startswith("//"):
        return False
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


class LocalTargets:
    """Checks local destinations; caches file lookups and other notes for one run.

    Args:
        notes: the anchors of the notes being checked, by real path (a string, as
            :func:`os.path.realpath` gives it; reused instead of reading the notes again).
    """

    def __init__(self, notes: Mapping[str, NoteAnchors]) -> None:
        self._notes: dict[str, NoteAnchors | None] = dict(notes)
        self._exists: dict[Path, bool] = {}
        self._html_ids: dict[Path, frozenset[str]] = {}

    def exists(self, path: Path) -> bool:
        """Whether ``path`` exists (cached)."""
        found = self._exists.get(path)
        if found is None:
            found = self._exists[path] = os.path.exists(path)
        return found

    def check(self, link: Link, own: NoteAnchors, written: str, base: Path,
              site_root: Path | None, style: str) -> Finding | None:
        """The finding for local ``link``, or ``None`` when it lands (or is unchecked).

        ``own`` holds the anchors of the note the link is in; ``written`` is the
        destination as written; ``base`` the note's folder; ``style`` the
        configured slug style (for notes read from disk).
        """
        parts = urlsplit(link.url)
        path = unquote(parts.path)
        fragment = unquote(parts.fragment)
        if not path:
            if not parts.fragment:
                return None
            return self._fragment(own, fragment, written, None)
        if path.startswith("/"):
            if site_root is None:
                return None
            target, where = site_root / path.lstrip("/"), "the site root"
        else:
            target, where = base / path, "the note's folder"
        resolved = self._resolve(target)
        if resolved is None:
            noun = "Image" if link.kind in ("image", "html-image") else "Link target"
            return ("LK002", f"{noun} `{written}` does not exist (looked up from {where})")
        if not parts.fragment:
            return None
        if resolved.suffix.lower() in NOTE_SUFFIXES and resolved.is_file():
            other = self._note(resolved, style)
            if other is None:
                return None
            return self._fragment(other, fragment, written, path)
        if resolved.suffix.lower() in (".html", ".htm") and resolved.is_file():
            ids = self._ids_of_html(resolved)
            if fragment not in ids and fragment not in ("", "top"):
                return ("LK003", f"Fragment `#{fragment}` in `{written}` matches no `id` or "
                                 f"`name` in `{path}`")
        return None

    def _resolve(self, target: Path) -> Path | None:
        if self.exists(target):
            return target
        suffix = target.suffix.lower()
        candidates: list[Path] = []
        if suffix in (".html", ".htm"):
            candidates = [target.with_suffix(s) for s in NOTE_SUFFIXES]
        elif not suffix:
            candidates = [target.with_name(target.name + s) for s in NOTE_SUFFIXES]
            candidates += [target / "index.md", target / "README.md"]
        for c in candidates:
            if self.exists(c):
                return c
        return None

    def _note(self, path: Path, style: str) -> NoteAnchors | None:
        key = os.path.realpath(path)
        if key in self._notes:
            return self._notes[key]
        found: NoteAnchors | None
        try:
            if os.stat(key).st_size > _MAX_READ:
                found = None
            else:
                doc = Document.from_text(Path(key).read_text(encoding="utf-8"), str(path))
                found = NoteAnchors.of(doc, style)
        except (OSError, UnicodeDecodeError):
            found = None
        self._notes[key] = found
        return found

    def _ids_of_html(self, path: Path) -> frozenset[str]:
        ids = self._html_ids.get(path)
        if ids is None:
            try:
                with path.open("r", encoding="utf-8", errors="replace") as fh:
                    text = fh.read(_MAX_READ)
            except OSError:
                text = ""
            ids = frozenset(next(g for g in m.groups() if g is not None)
                            for m in _HTML_ID_RE.finditer(text))
            self._html_ids[path] = ids
        return ids

    def _fragment(self, note: NoteAnchors, fragment: str, written: str,
                  other: str | None) -> Finding | None:
        found = note.anchors
        if fragment in found or fragment.startswith(":~:"):
            return None
        where = f"`{other}`" if other is not None else "this note"
        import difflib  # only for a missing anchor

        close = difflib.get_close_matches(fragment, [a for a in found if a not in ("", "top")], n=1,
                                          cutoff=0.6)
        hint = f"; did you mean `#{close[0]}`?" if close else ""
        quoted = "" if written.startswith("#") else f" in `{written}`"
        return ("LK003", f"Fragment `#{fragment}`{quoted} matches no heading or anchor in "
                         f"{where} ({note.style} heading ids){hint}")
