"""The rule base class and the contexts rules report through.

A rule is a class with an explicit id (``FN001``), a kebab-case name
(``undefined-footnote-reference``), a one-line summary, a scope, a default
severity and a frozen ``Options`` dataclass.  There is no metaclass: the
registry (:mod:`notelint.registry`) lists built-in rules explicitly.

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

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

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


@dataclass(frozen=True)
class NoOptions:
    """Options of a rule that has none."""


class Rule:
    """Base class of every rule.

    Subclasses set the class attributes and override the ``check_*`` method
    that matches their scope.  An instance is made per distinct configuration,
    with ``options`` an instance of the subclass's ``Options`` dataclass.

    Class attributes:
        code: stable id, two capital letters and three digits (``"FN001"``).
        name: kebab-case name of the pattern flagged.
        summary: one line, shown by ``notelint rules``.
        scope: :class:`Scope`.
        default_severity: used unless configuration overrides it.
        enabled_by_default: rules that are noisy on some notes are opt-in.
        Options: frozen dataclass type; field defaults are the rule's defaults.
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


@dataclass(frozen=True)
class RunOptions:
    """Choices that hold for a whole run, made on the command line or by the caller.

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
