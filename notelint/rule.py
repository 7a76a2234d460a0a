"""The rule base class and the contexts rules report through.

A rule is a class with an explicit id (``FN001``), a kebab-case name
(``undefined-footnote-reference``), a one-line summary, a scope, a default
severity and an ``Options`` class (a :class:`typing.NamedTuple`, or a frozen
dataclass).  There is no metaclass: the registry (:mod:`notelint.registry`)
lists built-in rules explicitly.

The configuration and the JSON Schema read an ``Options`` class, and the
settings classes of the ``[links]``, ``[duplicates]`` and ``[spelling]``
sections, through :func:`option_fields` and :func:`replace`, which accept
both kinds.  The built-in ones are named tuples: defining one costs a
fraction of what ``@dataclass`` costs, which compiles several generated
methods per class when the module is imported (and a check imports every
default rule).

Scopes:

* ``NODE``: ``check_node`` is called for each token whose type is in
  ``node_types`` during the engine's single walk of the document.
* ``DOCUMENT``: ``check_document`` is called once per document.
* ``PROJECT``: a cross-note rule.  Its family's :class:`~notelint.workspace.Collector`
  (``collector``) summarises each note while its tokens exist;
  ``check_workspace`` is called once per configuration group with every
  note's summary (:mod:`notelint.workspace`).
"""

from __future__ import annotations

import dataclasses
import enum
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar

from notelint.diagnostics import Diagnostic, Fix, Related, Severity, Span

if TYPE_CHECKING:  # annotations only: importing the parser is left to the runs that parse
    from markdown_it.token import Token

    from notelint.document import Document
    from notelint.workspace import Collector, WorkspaceContext


class Scope(enum.Enum):
    """When a rule runs: per token, per document, or once per project."""

    NODE = "node"
    DOCUMENT = "document"
    PROJECT = "project"


class NoOptions(NamedTuple):
    """Options of a rule that has none (an empty named tuple)."""


class OptionField(NamedTuple):
    """One field of an options class, as :func:`option_fields` gives it.

    Attributes:
        name: the attribute name (snake_case; the configuration key is its
            kebab-case form, and both spellings are accepted).
        type: the resolved type hint (``typing.get_type_hints``), which
            :mod:`notelint.config` checks values against.
        default: the default value, or :data:`dataclasses.MISSING` for a
            field without one (a dataclass field's ``default_factory`` is
            called: a new value on each call of :func:`option_fields`).
    """

    name: str
    type: Any
    default: Any


def _is_named_tuple(cls: Any) -> bool:
    return (isinstance(cls, type) and issubclass(cls, tuple)
            and isinstance(getattr(cls, "_fields", None), tuple))


def option_fields(cls: type[Any]) -> tuple[OptionField, ...]:
    """The fields of options class ``cls``, in the order they are declared.

    ``cls`` is a :class:`typing.NamedTuple` class (or a subclass of one that
    adds no fields, such as one that checks its values with :class:`CheckedRecord`)
    or a dataclass: a rule's ``Options`` or a settings class of
    :data:`notelint.config.SECTION_TYPES`.
    Type hints are resolved in the module of the class that declares them.

    Raises:
        TypeError: ``cls`` is neither a named tuple class nor a dataclass.
        NameError: a type hint names something its module does not define.
    """
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        hints = typing.get_type_hints(cls)
        out = []
        for f in dataclasses.fields(cls):
            default = f.default
            if default is dataclasses.MISSING and f.default_factory is not dataclasses.MISSING:
                default = f.default_factory()
            out.append(OptionField(f.name, hints[f.name], default))
        return tuple(out)
    if _is_named_tuple(cls):
        hints = typing.get_type_hints(cls)
        defaults = cls._field_defaults
        return tuple(OptionField(name, hints[name], defaults.get(name, dataclasses.MISSING))
                     for name in cls._fields)
    raise TypeError(f"{cls!r} is not a named tuple class or a dataclass")


_R = TypeVar("_R")


def replace(obj: _R, /, **changes: Any) -> _R:
    """A copy of options record ``obj`` with the fields in ``changes`` (name -> value).

    The copy is made by calling ``obj``'s class with every field as a keyword,
    as :func:`dataclasses.replace` does for a dataclass (which it is used
    for), so a class that checks its values checks the new ones
    (``typing.NamedTuple._replace`` would skip such a check).

    Raises:
        TypeError: ``obj`` is not a named tuple or a dataclass instance, or a
            key of ``changes`` is not one of its fields.
        ValueError: the class rejects a new value.
    """
    cls = type(obj)
    if dataclasses.is_dataclass(cls):
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    if not _is_named_tuple(cls):
        raise TypeError(f"{obj!r} is not a named tuple or a dataclass instance")
    fields: tuple[str, ...] = cls._fields  # type: ignore[attr-defined]
    for name in changes:
        if name not in fields:
            raise TypeError(f"{cls.__name__} has no field {name!r}")
    return cls(**{**dict(zip(fields, obj)), **changes})  # type: ignore[arg-type]


class CheckedRecord:
    """A named tuple whose values are checked when it is made.

    Put it first among the bases of a subclass of a ``typing.NamedTuple``
    (``class LinkSettings(CheckedRecord, _LinkFields)``, as the family settings
    are) and define :meth:`_check`.  A call of the class, :func:`replace` and
    unpickling all run the check; the named tuple's own ``_make`` and
    ``_replace`` do not (they skip ``__new__``), so use :func:`replace`.
    """

    __slots__ = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        self = super().__new__(cls, *args, **kwargs)  # type: ignore[call-arg]
        self._check()
        return self

    def _check(self) -> None:
        """Accept the values, or raise ``ValueError`` naming the one that is out of range or
        malformed (reported as a configuration error)."""


class Rule:
    """Base class of every rule.

    Subclasses set the class attributes and override the ``check_*`` method
    that matches their scope.  An instance is made per distinct configuration,
    with ``options`` an instance of the subclass's ``Options`` class.

    Class attributes:
        code: stable id, two capital letters and three digits (``"FN001"``).
        name: kebab-case name of the pattern flagged.
        summary: one line, shown by ``notelint rules``.
        scope: :class:`Scope`.
        default_severity: used unless configuration overrides it.
        enabled_by_default: rules that are noisy on some notes are opt-in.
        Options: a :class:`typing.NamedTuple` class (what the built-in rules
            use) or a frozen dataclass; one configuration key per field
            (kebab-case or snake_case), checked against the field's type hint
            (``bool``, ``int``, ``float``, ``str``, ``Literal``, tuples, lists,
            tables and unions of them); field defaults are the rule's defaults;
            an ``Attributes:`` section of its docstring describes the fields in
            the JSON Schema.  To check values, raise ``ValueError`` from
            ``__post_init__`` (dataclass) or from ``_check`` of a subclass of
            the named tuple and :class:`CheckedRecord` (see
            :class:`notelint.links.settings.LinkSettings`).
        node_types: token types that ``check_node`` subscribes to (``NODE`` scope).
        collector: ``PROJECT`` rules: their family's per-note step; rules
            of one family name the same collector class and share its
            summaries.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    scope: ClassVar[Scope] = Scope.DOCUMENT
    default_severity: ClassVar[Severity] = Severity.WARNING
    enabled_by_default: ClassVar[bool] = True
    Options: ClassVar[type[Any]] = NoOptions
    node_types: ClassVar[tuple[str, ...]] = ()
    collector: ClassVar[type[Collector] | None] = None

    def __init__(self, options: Any | None = None) -> None:
        self.options = options if options is not None else self.Options()

    def check_node(self, ctx: DocumentContext, token: Token, parent: Token | None) -> None:
        """Check one token; ``parent`` is the ``inline`` token of an inline child."""

    def check_document(self, ctx: DocumentContext) -> None:
        """Check a whole document."""

    def check_workspace(self, ws: WorkspaceContext) -> None:
        """``PROJECT`` rules: report from the summaries of every note of a group."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.code} {self.name}>"


class RunOptions(NamedTuple):
    """Choices that hold for a whole run, made on the command line or by the caller.

    Immutable; a copy with other values: :func:`replace`.

    Attributes:
        offline: make no network requests (rules that need the network check
            only what can be decided locally).
        progress: a progress bar may be shown (a terminal, not ``--quiet``).
        cache_dir: where rules may keep caches between runs; ``None`` for the
            user cache folder of the platform (``platformdirs``).
        project_root: the folder that project-scope rules read other notes
            from (pre-commit passes only the changed notes); ``None`` for the
            folder of the configuration file.
    """

    offline: bool = False
    progress: bool = False
    cache_dir: Path | None = None
    project_root: Path | None = None


class DocumentContext:
    """What a rule sees of one document, and where it reports.

    Attributes:
        document: the parsed note.
        settings: the note's :class:`notelint.config.Config`.
        run: the run's :class:`RunOptions`.
        rule: the rule being run (set by the engine before each call).
        severities: ``code -> severity`` of every rule that runs on this note.
        diagnostics: everything reported so far, in report order.

    Rules of one family share per-note analyses through
    :meth:`Document.memo`; across notes, through their collector's
    summaries (:mod:`notelint.workspace`).
    """

    def __init__(self, document: Document, settings: Any = None,
                 run: RunOptions | None = None) -> None:
        self.document = document
        self.settings = settings
        self.run = run or RunOptions()
        self.rule: Rule | None = None
        self.severities: dict[str, Severity] = {}
        self.diagnostics: list[Diagnostic] = []

    def is_enabled(self, code: str) -> bool:
        """Whether rule ``code`` runs on this document (rules use it to divide work)."""
        return code in self.severities

    def report(
        self,
        span: Span | tuple[int, int],
        message: str,
        *,
        fix: Fix | None = None,
        related: Iterable[Related] = (),
        rule: Rule | None = None,
    ) -> None:
        """Record a diagnostic of the current rule.

        Args:
            span: a :class:`Span` or ``(start, end)`` offsets in the document.
            message: one sentence; quote source text in backticks.
            fix: a fix, if one is known.
            related: other places the message refers to.
            rule: report as this rule instead of the current one (used by
                project rules reporting into another document's context).
        """
        rule = rule or self.rule
        if rule is None:
            raise RuntimeError("report() called outside a rule")
        if not isinstance(span, Span):
            span = self.document.span(*span)
        severity = self.severities.get(rule.code, rule.default_severity)
        self.diagnostics.append(
            Diagnostic(
                code=rule.code,
                name=rule.name,
                severity=severity,
                path=self.document.path,
                span=span,
                message=message,
                fix=fix,
                related=tuple(related),
            )
        )
