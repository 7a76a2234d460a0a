"""The ``[duplicates]`` configuration section (DU rules).

Example (``.notelint.toml``)::

    [duplicates]
    groups = [["content/til.md", "content/til-ai-ml.md"]]
    threshold = 0.8
    min-entry-size = 12
    section-level = 2
    scope = "project"
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple

from notelint.rule import CheckedRecord

#: Default similarity from which two entries are near duplicates.  Measured on real
#: notes: unrelated entries score at most 0.34, copies edited after copying 0.98 and
#: 0.99 (see ``rules/DU002-near-duplicate-entry.md``).
DEFAULT_THRESHOLD = 0.8

#: Default minimum entry size, in words (see :attr:`notelint.duplicates.normalise.Normalised.words`).
DEFAULT_MIN_ENTRY_SIZE = 12


class _DuplicateFields(NamedTuple):
    """The fields of :class:`DuplicateSettings`, which checks their values when made."""

    groups: tuple[tuple[str, ...], ...] = ()
    threshold: float = DEFAULT_THRESHOLD
    min_entry_size: int = DEFAULT_MIN_ENTRY_SIZE
    section_level: int = 2
    scope: Literal["project", "checked"] = "project"


class DuplicateSettings(CheckedRecord, _DuplicateFields):
    """Settings shared by DU001 and DU002.

    A named tuple: immutable, compared and hashed by value;
    :func:`notelint.rule.replace` makes a copy with other values (checked again).

    Attributes:
        groups: lists of gitignore-style patterns (relative to the configuration's
            folder); when set, only entries of notes that share a group are
            compared, and notes in no group are not compared at all.  Empty: every
            note is compared with every other.
        threshold: similarity (0 < threshold < 1) from which two entries that are
            not identical after normalisation are near duplicates (DU002).
            Similarity is ``2 * matched / (len(a) + len(b))`` over the entries'
            normalised tokens.
        min_entry_size: entries with fewer words (after normalisation) are never
            reported: short boilerplate such as "휴가" or "No notes today." may
            legitimately repeat.
        section_level: heading level (1-6) of the sections compared in notes that
            have no dated entries.
        scope: ``"project"``: the notes checked are compared with every note of
            the project too (the engine reads them from the project root: the
            run's ``RunOptions.project_root``, else the configuration file's
            folder; nothing is read without either), as when pre-commit passes
            only changed notes; findings are still reported only in the notes
            checked.  ``"checked"``: only the notes checked are compared.

    Raises:
        ValueError: a value out of range (reported as a configuration error).
    """

    __slots__ = ()

    def _check(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be between 0 and 1 (exclusive), not {self.threshold}")
        if self.min_entry_size < 1:
            raise ValueError(f"min-entry-size must be at least 1, not {self.min_entry_size}")
        if not 1 <= self.section_level <= 6:
            raise ValueError(f"section-level must be 1 to 6, not {self.section_level}")
        for i, group in enumerate(self.groups):
            if not group:
                raise ValueError(f"groups[{i}] is empty")


def settings_of(config: Any) -> DuplicateSettings:
    """The ``[duplicates]`` settings of a configuration (defaults without one)."""
    if config is None:
        return DuplicateSettings()
    section: DuplicateSettings = config.section("duplicates")
    return section


class Groups:
    """Matches note paths against the configured ``groups`` (patterns relative to ``base``)."""

    def __init__(self, groups: Sequence[Sequence[str]], base: Path | None) -> None:
        self.base = base.resolve() if base is not None else None
        self.specs: list[Any] = []
        if groups:
            import pathspec  # only when groups are configured

            self.specs = [pathspec.GitIgnoreSpec.from_lines(list(g)) for g in groups]

    def of(self, path: Path | None) -> frozenset[int] | None:
        """The groups ``path`` belongs to (indexes); ``None`` when no groups are configured,
        empty for a note in no group (or text that is not a file).
        """
        if not self.specs:
            return None
        if path is None or self.base is None:
            return frozenset()
        try:
            rel = path.resolve().relative_to(self.base).as_posix()
        except (ValueError, OSError):
            return frozenset()
        return frozenset(i for i, spec in enumerate(self.specs) if spec.match_file(rel))
