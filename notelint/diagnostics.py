"""Frozen records that rules produce and formatters consume.

Positions are 1-based lines and 1-based columns counted in Unicode code points
(what Python's ``str`` indexes), on the document text with its line endings
normalised to ``\\n``.  Offsets are 0-based code-point indexes into that same
normalised text.  Ends are exclusive: a span ``1:1-1:4`` covers three code
points.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """How serious a diagnostic is; ordered so that ``ERROR > WARNING > INFO``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Return the severity named ``value`` (``"error"``, ``"warning"``, ``"info"``).

        Raises:
            ValueError: ``value`` is not one of the three names.
        """
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r}; expected one of: error, warning, info"
            ) from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True, slots=True)
class Position:
    """A place in a document: ``line`` and ``column`` are 1-based, in code points."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of a document, by position and offset.

    ``start_offset`` and ``end_offset`` are 0-based code-point offsets in the
    normalised text; ``start``/``end`` are the same places as line and column.
    """

    start: Position
    end: Position
    start_offset: int
    end_offset: int

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the normalised text in ``[start_offset, end_offset)`` by ``replacement``."""

    start_offset: int
    end_offset: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A set of non-overlapping edits that together resolve one diagnostic.

    ``safe`` fixes keep the author's meaning and are applied by ``--fix``;
    unsafe ones (which may change what a reader sees) are only shown, or
    applied with ``--unsafe-fixes``.
    """

    description: str
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that explains a diagnostic (the other copy, the definition...).

    ``path`` is as the user gave it (or ``None`` for the same document).
    """

    path: str | None
    line: int
    column: int
    message: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding of one rule in one document.

    Attributes:
        code: the rule's stable id, e.g. ``"FN001"``.
        name: the rule's kebab-case name, e.g. ``"undefined-footnote-reference"``.
        severity: after configuration has been applied.
        path: the document's path as given on the command line (``"<stdin>"``
            or a caller's label for text linted directly).
        span: where the finding is.
        message: one sentence; source text is quoted in backticks.
        fix: how to resolve it automatically, if known.
        related: other places the message refers to.
    """

    code: str
    name: str
    severity: Severity
    path: str
    span: Span
    message: str
    fix: Fix | None = None
    related: tuple[Related, ...] = field(default=())

    @property
    def line(self) -> int:
        """1-based line of the start."""
        return self.span.start.line

    @property
    def column(self) -> int:
        """1-based code-point column of the start."""
        return self.span.start.column

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Key that orders diagnostics by path, position, code, then message."""
        return (self.path, self.span.start_offset, self.span.end_offset, self.code, self.message)
