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
import json as _json  # not `json`: the package's `json` is its json formatter module
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, NamedTuple, TextIO

from notelint.diagnostics import Diagnostic, Severity
from notelint.document import Document


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

    __slots__ = ("changed_lines", "diagnostics", "documents", "files_checked", "fixed", "rules",
                 "suppressed")

    def __init__(self, diagnostics: list[Diagnostic], documents: dict[str, Document] | None = None,
                 files_checked: int = 0, fixed: int = 0, suppressed: int = 0,
                 rules: dict[str, tuple[str, str]] | None = None,
                 changed_lines: dict[str, set[int]] | None = None) -> None:
        self.diagnostics = diagnostics
        self.documents: dict[str, Document] = {} if documents is None else documents
        self.files_checked = files_checked
        self.fixed = fixed
        self.suppressed = suppressed
        self.rules: dict[str, tuple[str, str]] = {} if rules is None else rules
        self.changed_lines = changed_lines

    def counts(self) -> Counter[Severity]:
        """Number of diagnostics per severity."""
        return Counter(d.severity for d in self.diagnostics)

    @property
    def fixable(self) -> int:
        """Diagnostics that carry a safe fix."""
        return sum(1 for d in self.diagnostics if d.fix is not None and d.fix.safe)


class FormatterOptions(NamedTuple):
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


class JsonItems:
    """A JSON array whose items are made one at a time, as :func:`write_json` writes them.

    ``items`` is iterated once.  A report of a huge note has tens of thousands of
    findings: written this way, only one of their JSON objects exists at a time,
    instead of all of them and the whole document as one string.
    """

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def _streams(value: Any) -> bool:
    """Whether ``value`` is or holds a :class:`JsonItems`."""
    if isinstance(value, JsonItems):
        return True
    if isinstance(value, dict):
        return any(_streams(v) for v in value.values())
    if isinstance(value, list):
        return any(_streams(v) for v in value)
    return False


def write_json(write: Callable[[str], Any], value: Any, *, indent: int = 2,
               level: int = 0, escape: Callable[[str], str] = lambda text: text) -> None:
    """Write ``value`` as ``json.dumps(value, ensure_ascii=False, indent=indent)`` would,
    piece by piece, with each :class:`JsonItems` written as the array of its items.

    The text is the same, character for character, as that of ``json.dumps`` on
    ``value`` with every :class:`JsonItems` replaced by the list of its items (a
    string in JSON holds no raw line break, so a nested value's lines are indented
    by adding the indentation after each ``\\n``).  ``escape`` is applied to each
    piece (e.g. :func:`notelint.safetext.json_escape_unsafe`, which replaces single
    characters); ``level`` is the nesting depth ``value`` is written at.
    """
    if not _streams(value):
        text = _json.dumps(value, ensure_ascii=False, indent=indent)
        if level:
            text = text.replace("\n", "\n" + " " * (indent * level))
        write(escape(text))
        return
    inner = "\n" + " " * (indent * (level + 1))
    if isinstance(value, dict):
        pairs: Iterable[tuple[str | None, Any]] = value.items()
        opening, closing = "{", "}"
    else:
        pairs = ((None, v) for v in (value.items if isinstance(value, JsonItems) else value))
        opening, closing = "[", "]"
    first = True
    for key, item in pairs:
        write((opening if first else ",") + inner)
        if key is not None:
            write(escape(_json.dumps(key, ensure_ascii=False)) + ": ")
        write_json(write, item, indent=indent, level=level + 1, escape=escape)
        first = False
    write(opening + closing if first else "\n" + " " * (indent * level) + closing)


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
