"""Cross-note work: a family's per-note *collect* step and its *analyse* step.

A family of rules that looks across notes (duplicates, the spelling corpus,
links, the direction of dated entries) splits its work in two, as rumdl's
``contribute_to_index`` / ``cross_file_check`` do:

1. A :class:`Collector` runs once per note while the note's token tree
   exists and returns a small, picklable *summary* (plain dataclasses,
   tuples, strings, :class:`~notelint.diagnostics.Span`).  Summaries are
   computed in worker processes and kept in the persistent cache
   (:mod:`notelint.cache`), so an unchanged note is never parsed again.
2. The family's rules (``scope = Scope.PROJECT``, with ``collector`` set)
   get one :class:`WorkspaceContext` per configuration group and report
   from the summaries in :meth:`notelint.rule.Rule.check_workspace`.

The engine (:mod:`notelint.engine`) owns both steps and the workspace: it
decides which notes are collected (the checked ones, plus the project's
other notes when a collector asks for them), and where findings go.
Unlike rumdl, whose index is one fixed structure, each family here declares
its own summary type and version, so adding a family never changes the
cache format of another.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from notelint.diagnostics import Diagnostic, Fix, Position, Related, Severity, Span

if TYPE_CHECKING:
    from notelint.config import Config
    from notelint.rule import DocumentContext, Rule, RunOptions

T = TypeVar("T")


class Collector:
    """A family's per-note step.

    Subclasses set :attr:`key` (unique among collectors, e.g.
    ``"duplicates"``) and :attr:`version`, and implement :meth:`collect`.
    One instance is used for many notes and configurations: keep no state
    on it.

    Class attributes:
        key: the family's name; summaries are stored under it.
        version: bump it whenever the summary's shape or meaning changes,
            so that cached summaries of the old shape are not used.
        cacheable: whether the family's cross-note findings depend only on
            the summaries and the configuration, so that an unchanged
            workspace may reuse them.  A family that also looks at the disk
            or the network (links) sets it to ``False``.
        project_on_demand: whether the family's rules see the notes read for
            comparison only (``checked`` is ``False``) through
            :meth:`WorkspaceContext.total`, :meth:`WorkspaceContext.digests`
            and :meth:`WorkspaceContext.summary_of` alone.  Their summaries
            are then hidden from ``NoteSummary.summary`` (``None``) and loaded
            only when asked for, and the engine keeps totals and digests
            between runs, so that a run checking a few notes of a large
            project loads the summaries of the notes that changed since and of
            the few others the rules ask for.
    """

    key: ClassVar[str]
    version: ClassVar[int] = 1
    cacheable: ClassVar[bool] = True
    project_on_demand: ClassVar[bool] = False

    def wants_project(self, config: Config | None) -> bool:
        """Whether the notes of the project that were not checked are collected too.

        Such notes are read for comparison only: nothing is reported in them.
        ``config`` is the checked note's configuration (``None`` without one).
        """
        return False

    def collect(self, ctx: DocumentContext) -> Any:
        """The note's summary: small, picklable, no tokens, no :class:`Document`.

        Called once per note while its token tree exists.  Raising is a bug:
        the engine reports it as an internal error of that note only.
        """
        raise NotImplementedError


class NoteSummary:
    """One note of a workspace, as its families summarised it.

    Args and attributes:
        display: the note's path as shown in findings.
        path: the file, or ``None`` for text that is not a file.
        checked: ``True`` for notes the user asked to check; ``False`` for
            notes of the project read for comparison only (never reported in).
        summaries: ``collector key -> summary``.
        line_starts: offset of each line's first character (for spans).
        codes: ids of the rules enabled on this note (empty for a note read for
            comparison only: nothing is reported in it).
        severities: ``code -> severity`` on this note (likewise; a new empty dict when
            not given).
        length: the note's length in code points.

    Compared by value, like a dataclass; a plain class so that importing it compiles
    nothing (every run imports it).
    """

    def __init__(self, display: str, path: Path | None, checked: bool,
                 summaries: dict[str, Any], line_starts: Sequence[int],
                 codes: frozenset[str] = frozenset(),
                 severities: dict[str, Severity] | None = None, length: int = 0) -> None:
        self.display = display
        self.path = path
        self.checked = checked
        self.summaries = summaries
        self.line_starts = line_starts
        self.codes = codes
        self.severities: dict[str, Severity] = severities if severities is not None else {}
        self.length = length

    def _fields(self) -> tuple[Any, ...]:
        return (self.display, self.path, self.checked, self.summaries, self.line_starts,
                self.codes, self.severities, self.length)

    def __repr__(self) -> str:
        return (f"NoteSummary(display={self.display!r}, path={self.path!r}, "
                f"checked={self.checked!r}, summaries={self.summaries!r}, "
                f"line_starts={self.line_starts!r}, codes={self.codes!r}, "
                f"severities={self.severities!r}, length={self.length!r})")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, NoteSummary)
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def summary(self, key: str) -> Any:
        """What the collector ``key`` returned for this note (``None`` if it did not run)."""
        return self.summaries.get(key)

    def position(self, offset: int) -> Position:
        """The 1-based line and code-point column of ``offset`` in this note."""
        offset = max(0, min(offset, self.length)) if self.length else max(0, offset)
        idx = bisect.bisect_right(self.line_starts, offset) - 1
        idx = max(idx, 0)
        return Position(idx + 1, offset - self.line_starts[idx] + 1)

    def span(self, start: int, end: int | None = None) -> Span:
        """The :class:`Span` of offsets ``[start, end)`` in this note."""
        end = start if end is None else end
        return Span(self.position(start), self.position(end), start, end)


class ProjectSource(Protocol):
    """What the engine gives a :class:`WorkspaceContext` to answer :meth:`~WorkspaceContext.total`,
    :meth:`~WorkspaceContext.digests` and :meth:`~WorkspaceContext.summary_of` (same signatures)."""

    def total(self, family: str, name: str,
              part: Callable[[Any], Mapping[str, int]]) -> Counter[str]: ...

    def digests(self, family: str, name: str, digest: Callable[[Any], T]) -> list[T | None]: ...

    def summary_of(self, note: NoteSummary, family: str) -> Any: ...


class WorkspaceContext:
    """What a cross-note rule sees: every note of one configuration group.

    Attributes:
        notes: the checked notes in the order they were given, then the
            project's other notes (``checked`` is ``False``), in path order.
        config: the group's configuration (``None`` for text linted alone).
        run: the run's options.
        rule: the rule being run (set by the engine before each call).
        diagnostics: findings reported so far, in report order.
    """

    def __init__(self, notes: Sequence[NoteSummary], config: Config | None,
                 run: RunOptions) -> None:
        self.notes = list(notes)
        self.config = config
        self.run = run
        self.rule: Rule | None = None
        self.diagnostics: list[Diagnostic] = []
        self._shared: dict[str, Any] = {}
        #: Set by the engine: computes :meth:`total`, :meth:`digests` and
        #: :meth:`summary_of` from what it keeps between runs.
        self.project: ProjectSource | None = None
        #: Processes a family's analysis may use (set by the engine: its ``jobs``).
        self.jobs = 1

    def total(self, family: str, name: str,
              part: Callable[[Any], Mapping[str, int]]) -> Counter[str]:
        """The sum over every note of the workspace of ``part(summary)`` (word -> count).

        Args:
            family: the collector key whose summaries ``part`` reads.
            name: what is counted (``"words"``); with ``family``, it names the
                total kept between runs, so a different ``part`` needs a
                different ``name``.
            part: a note's summary (never ``None``: notes without one are left
                out) -> positive counts.  It must depend on the summary alone.

        Returns:
            A new :class:`~collections.Counter` of positive counts, the same
            whether the engine computed it afresh or from a total kept by an
            earlier run (only the order of its keys may differ).

        Notes read for comparison only count when the family reads the
        project (:meth:`Collector.wants_project`), as in ``notes``.
        """
        if self.project is not None:
            return self.project.total(family, name, part)
        total: Counter[str] = Counter()
        for note in self.notes:
            summary = note.summary(family)
            if summary is not None:
                total.update(part(summary))
        return total

    def digests(self, family: str, name: str, digest: Callable[[Any], T]) -> list[T | None]:
        """``digest(summary)`` of every note, in :attr:`notes` order (``None`` for a note
        without a summary of ``family``).

        Args:
            family: the collector key whose summaries ``digest`` reads.
            name: names the digests kept between runs (with ``family``).
            digest: a note's summary -> a small, picklable value that depends on
                the summary alone (what the family's analysis needs of every
                note; the rest is read with :meth:`summary_of` where needed).

        The engine keeps the digests of a group's notes in one cache entry, so
        that a run over an unchanged project reads one file instead of a
        summary per note.
        """
        if self.project is not None:
            return self.project.digests(family, name, digest)
        out: list[T | None] = []
        for note in self.notes:
            summary = note.summary(family)
            out.append(None if summary is None else digest(summary))
        return out

    def summary_of(self, note: NoteSummary, family: str) -> Any:
        """``note``'s summary of ``family``, also where :meth:`NoteSummary.summary` hides it
        (see :attr:`Collector.project_on_demand`); read now if it was not yet."""
        if self.project is not None:
            return self.project.summary_of(note, family)
        return note.summary(family)

    def release(self) -> None:
        """Drop the shared analyses and the project source once every rule has run.

        A family's analysis often refers back to this context (a note's summary read
        on demand through :meth:`summary_of`), a reference cycle that only the cyclic
        garbage collector frees, and the engine pauses it during a run: released
        here, the analyses are freed as soon as the engine lets go of the context,
        not by the collection at the interpreter's exit (tens of milliseconds after
        a pre-commit run).  :attr:`diagnostics` are kept.
        """
        self._shared.clear()
        self.project = None

    @property
    def checked(self) -> list[NoteSummary]:
        """The notes that findings may be reported in."""
        return [n for n in self.notes if n.checked]

    def shared(self, key: str, build: Callable[[], T]) -> T:
        """``build()`` computed once per group and run, for every rule of a family.

        ``key`` names the analysis (use the family's collector key).
        """
        try:
            return self._shared[key]  # type: ignore[no-any-return]
        except KeyError:
            value = build()
            self._shared[key] = value
            return value

    def report(self, note: NoteSummary, span: Span | tuple[int, int], message: str, *,
               fix: Fix | None = None, related: Iterable[Related] = (),
               rule: Rule | None = None) -> None:
        """Record a finding of the current rule (or ``rule``) in ``note``.

        Findings in notes that are not checked, or where the rule is not
        enabled, are dropped.

        Raises:
            RuntimeError: called outside a rule.
        """
        rule = rule or self.rule
        if rule is None:
            raise RuntimeError("report() called outside a rule")
        if not note.checked or rule.code not in note.codes:
            return
        if not isinstance(span, Span):
            span = note.span(*span)
        severity = note.severities.get(rule.code, rule.default_severity)
        self.diagnostics.append(Diagnostic(
            code=rule.code, name=rule.name, severity=severity, path=note.display, span=span,
            message=message, fix=fix, related=tuple(related)))
