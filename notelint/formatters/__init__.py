"""Output formatters, pluggable through the ``notelint.formatters`` entry-point group.

A formatter is a class with a ``name`` and a method ``emit(report)`` that
writes the whole report to the stream it was built with.  It decides nothing:
the application chooses the exit code.  A third-party formatter registers
itself with::

    [project.entry-points."notelint.formatters"]
    mine = "mypkg.fmt:MyFormatter"

and is then used with ``notelint check --format mine``.
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from typing import ClassVar, TextIO

from notelint.diagnostics import Diagnostic, Severity
from notelint.document import Document


@dataclass
class Report:
    """Everything a formatter may show.

    Attributes:
        diagnostics: sorted by path and position.
        documents: parsed documents by display path (for source excerpts and
            converting fix offsets to positions).
        files_checked: number of notes checked.
        fixed: number of edits applied by ``--fix``.
        suppressed: diagnostics silenced by inline directives.
        rules: ``code -> (name, summary)`` of every known rule.
        changed_lines: with ``--diff-base``: display path -> 1-based lines
            changed since the base revision, for every changed note (``None``
            without a diff base).  Formatters may rank findings by it.
    """

    diagnostics: list[Diagnostic]
    documents: dict[str, Document] = field(default_factory=dict)
    files_checked: int = 0
    fixed: int = 0
    suppressed: int = 0
    rules: dict[str, tuple[str, str]] = field(default_factory=dict)
    changed_lines: dict[str, set[int]] | None = None

    def counts(self) -> Counter[Severity]:
        """Number of diagnostics per severity."""
        return Counter(d.severity for d in self.diagnostics)

    @property
    def fixable(self) -> int:
        """Diagnostics that carry a safe fix."""
        return sum(1 for d in self.diagnostics if d.fix is not None and d.fix.safe)


@dataclass(frozen=True)
class FormatterOptions:
    """Presentation choices made on the command line.

    Attributes:
        color: use ANSI colours.
        show_source: print the source line with a caret under each finding.
        statistics: print a count per rule instead of each finding.
        quiet: print findings only, no summary line.
    """

    color: bool = False
    show_source: bool = False
    statistics: bool = False
    quiet: bool = False


class Formatter:
    """Base class of formatters: ``Formatter(stream, options).emit(report)``."""

    name: ClassVar[str]

    def __init__(self, stream: TextIO, options: FormatterOptions | None = None) -> None:
        self.stream = stream
        self.options = options or FormatterOptions()

    def emit(self, report: Report) -> None:
        """Write ``report`` to the stream."""
        raise NotImplementedError


class UnknownFormatError(Exception):
    """No formatter has the requested name."""


#: Built-in formatters: name -> ``module:class`` (imported only when used).
BUILTIN_FORMATTERS: dict[str, str] = {
    "text": "notelint.formatters.text:TextFormatter",
    "json": "notelint.formatters.json:JsonFormatter",
    "github": "notelint.formatters.github:GithubFormatter",
    "sarif": "notelint.formatters.sarif:SarifFormatter",
    "rdjson": "notelint.formatters.rdjson:RdjsonFormatter",
    "junit": "notelint.formatters.junit:JunitFormatter",
    "gitlab": "notelint.formatters.gitlab:GitlabFormatter",
}


def _load(target: str) -> type[Formatter] | None:
    module, _, attr = target.partition(":")
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise
    return getattr(mod, attr)  # type: ignore[no-any-return]


def available_formatters() -> dict[str, type[Formatter]]:
    """Built-in formatters and those registered through entry points, by name."""
    found: dict[str, type[Formatter]] = {}
    for name, target in BUILTIN_FORMATTERS.items():
        cls = _load(target)
        if cls is not None:
            found[name] = cls
    from importlib.metadata import entry_points

    for ep in entry_points(group="notelint.formatters"):
        if ep.name not in found:
            found[ep.name] = ep.load()
    return found


def get_formatter(name: str) -> type[Formatter]:
    """The formatter class called ``name``.

    Raises:
        UnknownFormatError: there is none; the message lists the available ones.
    """
    if name in BUILTIN_FORMATTERS:  # a built-in name is never a plugin's: import it alone
        cls = _load(BUILTIN_FORMATTERS[name])
        if cls is not None:
            return cls
    found = available_formatters()
    try:
        return found[name]
    except KeyError:
        raise UnknownFormatError(
            f"unknown format {name!r}; available: {', '.join(sorted(found))}") from None
