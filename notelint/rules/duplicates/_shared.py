"""The analysis DU001 and DU002 share, computed once per run.

While each checked note still has its token tree, ``prepare_document``
takes its compared entries (:func:`prepare`, kept on the note's context and
shared by both rules).  In the project phase the first rule to run gathers
the notes (:mod:`notelint.duplicates.project`) and finds the duplicates; the
result is kept in the first checked document's memo under a key naming every
checked context, so the second rule reuses it.  Notes under different
configurations are compared only with notes of their own configuration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from notelint.diagnostics import Related
from notelint.document import Document
from notelint.duplicates.analysis import Findings, find
from notelint.duplicates.collect import Record, records
from notelint.duplicates.project import Note, gather, settings_of
from notelint.duplicates.recency import Newer, newer
from notelint.duplicates.settings import DuplicateSettings
from notelint.rule import DocumentContext, ProjectContext


@dataclass
class Analysis:
    """The duplicates among the notes of one configuration.

    Attributes:
        settings: the configuration's ``[duplicates]`` section.
        notes: the compared notes.
        records: every compared entry; ``owner[i]`` is the note of ``records[i]``.
        owner: note of each record.
        findings: what :func:`notelint.duplicates.analysis.find` found.
    """

    settings: DuplicateSettings
    notes: list[Note]
    records: list[Record]
    owner: list[Note]
    findings: Findings

    def allowed(self, i: int, j: int) -> bool:
        """Whether records ``i`` and ``j`` may be reported as copies of each other."""
        a, b = self.owner[i], self.owner[j]
        if a.context is None and b.context is None:
            return False
        if not a.shares_group(b):
            return False
        ra, rb = self.records[i], self.records[j]
        if ra.document is not rb.document:
            return True  # sections of different notes never contain each other
        return not (ra.contains(rb) or rb.contains(ra))

    def related(self, here: int, there: int, what: str) -> Related:
        """A :class:`Related` pointing at record ``there``'s heading, seen from ``here``."""
        rec = self.records[there]
        same = rec.document is self.records[here].document
        start = rec.entry.heading.start
        return Related(None if same else self.owner[there].display, start.line, start.column, what)

    def where(self, here: int, there: int) -> str:
        """``line 40`` (same note) or ``` `til-ai-ml.md` line 13 ```."""
        line = self.records[there].entry.line
        if self.records[there].document is self.records[here].document:
            return f"line {line}"
        return f"`{self.owner[there].display}` line {line}"

    def newer(self, here: int, there: int) -> Newer | None:
        """Which of two copies looks newer (see :mod:`notelint.duplicates.recency`)."""
        a, b = self.records[here], self.records[there]
        return newer(a.entry, a.shape, b.entry, b.shape, same_note=a.document is b.document,
                     there_name=self.owner[there].display)


#: Key of the DU state in a checked note's context.
_STATE = "duplicates"


def prepare(ctx: DocumentContext) -> list[Record]:
    """The compared entries of a checked note, taken once while its token tree exists."""
    state: dict[str, Any] = ctx.data.setdefault(_STATE, {})
    found: list[Record] | None = state.get("records")
    if found is None:
        found = records(ctx.document, settings_of(ctx).section_level)
        state["records"] = found
    return found


def _new_store(_doc: Document) -> dict[Any, Any]:
    return {}


def _analyse(contexts: Sequence[DocumentContext]) -> Analysis:
    settings = settings_of(contexts[0])
    notes = gather(contexts, settings, prepare)
    recs: list[Record] = []
    owner: list[Note] = []
    for note in notes:
        for rec in note.records:
            recs.append(rec)
            owner.append(note)
    analysis = Analysis(settings, notes, recs, owner, Findings((), (), 0))
    analysis.findings = find([r.normalised for r in recs], threshold=settings.threshold,
                             min_words=settings.min_entry_size, allowed=analysis.allowed)
    return analysis


def analyses(ctx: ProjectContext) -> list[Analysis]:
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
    result: list[Analysis] = cached
    return result


#: At most this many other copies are listed in ``related`` (the message counts the rest).
MAX_RELATED = 10


def newest(analysis: Analysis, copies: Sequence[int]) -> int | None:
    """The copy that looks newer than every other one, or ``None``.

    Linear: the best candidate of a single pass is checked against all the others.
    """
    best = copies[0]
    for c in copies[1:]:
        verdict = analysis.newer(c, best)
        if verdict is not None and verdict.here:
            best = c
    for o in copies:
        if o != best:
            verdict = analysis.newer(best, o)
            if verdict is None or not verdict.here:
                return None
    return best


def newer_clause(analysis: Analysis, here: int, others: Sequence[int],
                 newest_copy: int | None = None) -> str:
    """``"; the copy there looks newer: reason"`` for one other copy; for several,
    ``"; this copy looks the newest"`` or ``"; the copy at X looks the newest"`` when
    ``newest_copy`` (see :func:`newest`) is known; otherwise ``""``.
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


def list_places(analysis: Analysis, here: int, others: Sequence[int]) -> str:
    """The other copies' places, ``"A"``, ``"A and B"`` or ``"A, B and 3 more"``."""
    shown = others if len(others) <= 3 else others[:2]
    places = [analysis.where(here, o) for o in shown]
    if len(others) == 1:
        return places[0]
    if len(others) <= 3:
        return ", ".join(places[:-1]) + " and " + places[-1]
    return ", ".join(places) + f" and {len(others) - 2} more"
