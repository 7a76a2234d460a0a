"""What the DU rules share: their collector, the analysis of one workspace, message parts.

:class:`DuplicateCollector` summarises each note while its token tree exists
(:func:`notelint.duplicates.collect.collect`).  Once per configuration group
the first DU rule to run builds the :class:`Workspace` analysis
(:func:`workspace`, kept by ``ws.shared``); every DU rule then words its own
findings from it.  With ``scope = "project"`` the collector asks the engine
for the project's notes that were not checked, so that a copy in an
unchanged note is found when only changed notes are checked (pre-commit).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from notelint.diagnostics import Related, Span
from notelint.duplicates.analysis import Analysis, Note, analyse, digest
from notelint.duplicates.collect import NoteEntries, collect
from notelint.duplicates.settings import Groups, settings_of
from notelint.rule import DocumentContext
from notelint.workspace import Collector, NoteSummary, WorkspaceContext

#: At most this many other copies are listed in ``related`` (the message counts the rest).
MAX_RELATED = 10


class DuplicateCollector(Collector):
    """The DU family's per-note step: the note's compared entries (:class:`NoteEntries`)."""

    key = "duplicates"
    version = 3  # 3: summaries pickled as digests and a blob of plain tuples
    project_on_demand = True  # other notes through their entries' digests, read when named

    def wants_project(self, config: Any) -> bool:
        """``scope = "project"`` (the default): compare with the project's other notes too."""
        return settings_of(config).scope == "project"

    def collect(self, ctx: DocumentContext) -> NoteEntries:
        """The compared entries of ``ctx``'s note."""
        return collect(ctx.document, settings_of(ctx.settings).section_level)


class Finding(NamedTuple):
    """One finding of a DU rule, before it is reported.

    Attributes:
        entry: the entry number (in :attr:`Analysis.records`) it is reported at.
        span: where: the entry's heading.
        message: the message.
        related: the other places it names.
    """

    entry: int
    span: Span
    message: str
    related: tuple[Related, ...]


class Workspace:
    """The analysis of one configuration group and the workspace note of each compared note.

    Attributes:
        analysis: the :class:`Analysis`.
        notes: analysis note number -> the workspace's note (to report in).
    """

    __slots__ = ("analysis", "notes")

    def __init__(self, analysis: Analysis, notes: list[NoteSummary]) -> None:
        self.analysis = analysis
        self.notes = notes

    def report(self, ws: WorkspaceContext, found: Iterable[Finding]) -> None:
        """Report ``found`` through ``ws`` as its current rule."""
        for f in found:
            ws.report(self.notes[self.analysis.owner[f.entry]], f.span, f.message, related=f.related)


def _build(ws: WorkspaceContext) -> Workspace:
    settings = settings_of(ws.config)
    root = getattr(ws.config, "root", None)
    groups = Groups(settings.groups, root)
    notes: list[Note] = []
    shown: list[NoteSummary] = []
    key = DuplicateCollector.key
    # Every note's entries as digests (kept between runs by the engine); a note's whole
    # summary is read only when a finding in a checked note names one of its entries.
    for note, digests in zip(ws.notes, ws.digests(key, "entries", digest), strict=True):
        if digests is None:
            continue
        member = groups.of(note.path)
        if member is not None and not member:
            continue  # in no group: compared with nothing
        notes.append(Note(note.display, note.checked, member, digests=digests,
                          load=functools.partial(ws.summary_of, note, key)))
        shown.append(note)
    analysis = analyse(notes, threshold=settings.threshold, min_words=settings.min_entry_size,
                       jobs=ws.jobs)
    return Workspace(analysis, shown)


def workspace(ws: WorkspaceContext) -> Workspace:
    """The DU analysis of ``ws``'s notes, computed once per group for all DU rules."""
    return ws.shared(DuplicateCollector.key, lambda: _build(ws))


# -- message parts ----------------------------------------------------------------------


def related(analysis: Analysis, here: int, there: int, what: str) -> Related:
    """A :class:`Related` pointing at entry ``there``'s heading, seen from ``here``."""
    start = analysis.records[there].heading.start
    path = None if analysis.same_note(here, there) else analysis.notes[analysis.owner[there]].display
    return Related(path, start.line, start.column, what)


def newer_clause(analysis: Analysis, here: int, others: Sequence[int],
                 newest_copy: int | None = None) -> str:
    """``"; the copy there looks newer: reason"`` for one other copy; for several,
    ``"; this copy looks the newest"`` or ``"; the copy at X looks the newest"`` when
    ``newest_copy`` (see :meth:`Analysis.newest`) is known; otherwise ``""``.
    """
    if len(others) == 1:
        verdict = analysis.newer(here, others[0])
        if verdict is None:
            return ""
        side = "this copy" if verdict.here else "the copy there"
        return f"; {side} looks newer: {verdict.reason}"
    if newest_copy is None:
        return ""
    if newest_copy == here:
        return "; this copy looks the newest"
    return f"; the copy at {analysis.where(here, newest_copy)} looks the newest"


def list_places(analysis: Analysis, here: int, others: Sequence[int], total: int) -> str:
    """The other copies' places, ``"A"``, ``"A and B"`` or ``"A, B and 3 more"``
    (``total`` counts every other copy, listed or not).
    """
    shown = others if total <= 3 else others[:2]
    places = [analysis.where(here, o) for o in shown]
    if total == 1:
        return places[0]
    if total <= 3:
        return ", ".join(places[:-1]) + " and " + places[-1]
    return ", ".join(places) + f" and {total - 2} more"


def copies(n: int) -> str:
    """``"1 more copy"``, ``"3 more copies"``."""
    return f"{n} more cop{'y' if n == 1 else 'ies'}"
