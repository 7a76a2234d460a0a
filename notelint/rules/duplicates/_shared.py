"""What the DU rules share: the analysis of one configuration's notes, and message parts.

While each checked note still has its token tree, ``prepare_document``
takes its summary (:func:`prepare`, kept on the note's context and shared by
the rules).  In the project phase the first rule to run gathers the notes
(:mod:`notelint.duplicates.project`) and analyses them
(:func:`notelint.duplicates.analysis.analyse`); the result is kept in the
first checked document's memo under a key naming every checked context, so
the other rules reuse it.  Notes under different configurations are
compared only with notes of their own configuration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from notelint.diagnostics import Related, Span
from notelint.document import Document
from notelint.duplicates.analysis import Analysis, analyse
from notelint.duplicates.collect import NoteEntries, collect
from notelint.duplicates.project import gather, settings_of
from notelint.rule import DocumentContext, ProjectContext

#: At most this many other copies are listed in ``related`` (the message counts the rest).
MAX_RELATED = 10


@dataclass(frozen=True)
class Finding:
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


@dataclass
class Group:
    """The analysis of one configuration's notes and the context of each checked note.

    Attributes:
        analysis: the :class:`Analysis`.
        contexts: note number -> its context (checked notes only).
    """

    analysis: Analysis
    contexts: dict[int, DocumentContext]


#: Key of the DU state in a checked note's context.
_STATE = "duplicates"


def prepare(ctx: DocumentContext) -> NoteEntries:
    """The summary of a checked note, taken once while its token tree exists."""
    state: dict[str, Any] = ctx.data.setdefault(_STATE, {})
    found: NoteEntries | None = state.get("summary")
    if found is None:
        found = collect(ctx.document, settings_of(ctx).section_level)
        state["summary"] = found
    return found


def _new_store(_doc: Document) -> dict[Any, Any]:
    return {}


def _analyse(contexts: Sequence[DocumentContext]) -> Group:
    settings = settings_of(contexts[0])
    notes, reported = gather(contexts, settings, prepare)
    analysis = analyse(notes, threshold=settings.threshold, min_words=settings.min_entry_size)
    return Group(analysis, dict(enumerate(reported)))


def groups(ctx: ProjectContext) -> list[Group]:
    """The analyses of a project rule's checked notes, one per configuration (cached)."""
    contexts = ctx.contexts
    if not contexts:
        return []
    store = contexts[0].document.memo(_new_store)
    key = ("duplicates", tuple(id(c) for c in contexts))
    cached = store.get(key)
    if cached is None:
        by_config: dict[int, list[DocumentContext]] = {}
        for c in contexts:
            by_config.setdefault(id(c.settings), []).append(c)
        cached = [_analyse(group) for group in by_config.values()]
        store[key] = cached
    result: list[Group] = cached
    return result


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
