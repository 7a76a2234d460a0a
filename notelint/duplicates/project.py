"""The notes a DU run compares: the notes checked, and the rest of the project.

pre-commit (and anyone who names files on the command line) passes only
some notes; a copy of a changed entry may well sit in a note that did not
change.  With ``scope = "project"`` the notes under the project root that
were not checked are read from disk too (discovered like ``notelint check
ROOT`` would: hidden folders, ``.gitignore`` and ``exclude`` are honoured;
with ``groups``, only notes matching a group; notes below another
configuration file belong to that configuration and are left out), compared
with the checked ones, and never reported in.

The project root is the run's ``project_root`` when set, else the folder of
the configuration file.  Without either (text linted directly, or no
configuration file anywhere above the notes) only the checked notes are
compared, so that a stray run in a home folder does not read every note
below it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pathspec

from notelint.document import Document
from notelint.duplicates.analysis import Note
from notelint.duplicates.collect import NoteEntries, collect
from notelint.duplicates.settings import DuplicateSettings
from notelint.rule import DocumentContext, RunOptions


def settings_of(ctx: DocumentContext) -> DuplicateSettings:
    """The ``[duplicates]`` settings of a checked note (defaults without a configuration)."""
    cfg = ctx.settings
    if cfg is None:
        return DuplicateSettings()
    section: DuplicateSettings = cfg.section("duplicates")
    return section


def project_root(config: Any, run: RunOptions) -> Path | None:
    """The folder other notes are read from, or ``None`` (see the module docstring)."""
    if run.project_root is not None:
        return run.project_root
    if config is not None and getattr(config, "source", None) is not None:
        return Path(config.root)
    return None


def _on_disk(display: str) -> Path | None:
    """The resolved file of a checked note, or ``None`` for text that is not a file."""
    path = Path(display)
    try:
        return path.resolve() if path.is_file() else None
    except OSError:
        return None


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it, else absolute."""
    try:
        rel = os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else Path(rel).as_posix()


def _config_file(folder: Path, cache: dict[Path, Path | None], stop: Path) -> Path | None:
    """The configuration file nearest above ``folder`` (up to ``stop``), as discovery finds it."""
    if folder in cache:
        return cache[folder]
    found: Path | None = None
    dotfile, pyproject = folder / ".notelint.toml", folder / "pyproject.toml"
    if dotfile.is_file():
        found = dotfile
    elif pyproject.is_file() and "[tool.notelint" in pyproject.read_text("utf-8", "replace"):
        found = pyproject
    elif folder != stop and folder.parent != folder:
        found = _config_file(folder.parent, cache, stop)
    cache[folder] = found
    return found


class Groups:
    """Matches note paths against the configured ``groups`` (relative to ``base``)."""

    def __init__(self, groups: Sequence[Sequence[str]], base: Path | None) -> None:
        self.base = base.resolve() if base is not None else None
        self.specs = [pathspec.GitIgnoreSpec.from_lines(list(g)) for g in groups]

    def of(self, path: Path | None) -> frozenset[int] | None:
        """The groups ``path`` belongs to; ``None`` when no groups are configured."""
        if not self.specs:
            return None
        if path is None or self.base is None:
            return frozenset()
        try:
            rel = path.resolve().relative_to(self.base).as_posix()
        except (ValueError, OSError):
            return frozenset()
        return frozenset(i for i, spec in enumerate(self.specs) if spec.match_file(rel))


def gather(contexts: Sequence[DocumentContext], settings: DuplicateSettings,
           prepared: Callable[[DocumentContext], NoteEntries]) -> tuple[list[Note], list[DocumentContext]]:
    """The checked notes of one configuration, then the project's other notes.

    Args:
        contexts: the checked notes that share one configuration.
        settings: that configuration's ``[duplicates]`` section.
        prepared: the summary of a checked note (taken while its tree existed);
            notes read from disk are parsed and summarised here.

    Returns:
        ``(notes, contexts)``: notes in a stable order (checked ones as given, then the
        others sorted by path; notes outside every group, when groups are configured,
        are left out) and the context of each checked note, in the same order.
    """
    if not contexts:
        return [], []
    config, run = contexts[0].settings, contexts[0].run
    root = project_root(config, run)
    base = Path(config.root) if config is not None else root
    groups = Groups(settings.groups, base)
    notes: list[Note] = []
    reported: list[DocumentContext] = []
    checked: set[Path] = set()
    for ctx in contexts:
        path = _on_disk(ctx.document.path)
        if path is not None:
            checked.add(path)
        member = groups.of(path)
        if member is None or member:
            notes.append(Note(ctx.document.path, True, member, prepared(ctx)))
            reported.append(ctx)
    if settings.scope != "project" or config is None or root is None or not root.is_dir():
        return notes, reported
    # Imported here: the runner imports the rule packages, which import this module.
    from notelint.runner import Source, discover, read_document

    own = Path(config.source).resolve() if getattr(config, "source", None) is not None else None
    nearest: dict[Path, Path | None] = {}
    stop = root.resolve()
    for source in discover([str(root)], lambda _path: config):
        path = source.path.resolve()
        if path in checked:
            continue
        if own is not None and _config_file(path.parent, nearest, stop) not in (own, None):
            continue  # under another configuration file: compared with its own notes only
        member = groups.of(path)
        if member is not None and not member:
            continue
        doc = read_document(Source(source.path, _shown(path)), config.max_file_size)
        if isinstance(doc, Document):
            summary = collect(doc, settings.section_level)
            release = getattr(doc, "release_tree", None)
            if release is not None:
                release()
            notes.append(Note(doc.path, False, member, summary))
    return notes, reported
