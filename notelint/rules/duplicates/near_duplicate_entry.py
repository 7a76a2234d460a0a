"""DU002 near-duplicate-entry: an entry that stands elsewhere with small edits."""

from __future__ import annotations

from collections.abc import Iterator

from notelint.diagnostics import Severity
from notelint.duplicates.analysis import Analysis
from notelint.duplicates.verify import differences, floor2, summary
from notelint.rule import Rule, Scope
from notelint.rules.duplicates._shared import (
    MAX_RELATED,
    DuplicateCollector,
    Finding,
    copies,
    newer_clause,
    related,
    workspace,
)
from notelint.workspace import WorkspaceContext


class NearDuplicateEntry(Rule):
    """An entry whose body is similar to another entry's (similarity at or above the
    ``[duplicates]`` threshold) without being identical as written.

    This includes copies that are identical after normalisation but whose
    footnotes were renumbered (``[^14]`` here, ``[^6]`` there, both citing the
    same text): similarity 1.00 after normalisation, reported as edited.

    One diagnostic per entry of a checked note: it names the most similar
    other copy, the similarity and how the two differ, and lists the other
    near copies in ``related`` (at most
    :data:`~notelint.rules.duplicates._shared.MAX_RELATED`, most similar first;
    the message counts them all).  Prose counts on its own: two entries that
    share a code block under different explanations are not near duplicates.
    """

    code = "DU002"
    name = "near-duplicate-entry"
    summary = "Entry nearly duplicates another entry (copied, then edited)"
    scope = Scope.PROJECT
    default_severity = Severity.WARNING

    collector = DuplicateCollector

    def check_workspace(self, ws: WorkspaceContext) -> None:
        shared = workspace(ws)
        shared.report(ws, findings(shared.analysis))


def findings(analysis: Analysis) -> Iterator[Finding]:
    """DU002's findings: one per entry of a checked note that has near copies."""
    told: dict[tuple[int, ...], list[str]] = {}
    for here in analysis.reported():
        found = _finding(analysis, here, told)
        if found is not None:
            yield found


def _finding(analysis: Analysis, here: int, told: dict[tuple[int, ...], list[str]]) -> Finding | None:
    """DU002's finding at entry ``here``, if it has near copies.

    ``told``: how two entries differ, by the pair of (exact class, subclass) they are in
    and whether footnote labels are compared: entries of one subclass have the same
    tokens as normalised and as written, so the same differences with the same entry.
    """
    number = analysis.class_of.get(here)
    if number is None:
        return None
    members = analysis.classes[number]
    # (entry, similarity or None for a copy with renumbered footnotes), best first.
    shown: list[tuple[int, float | None]] = []
    total = 0
    if len(members) > 1:
        sub = analysis.subclass[here]
        for written in analysis.written(number):
            if analysis.subclass[written[0]] == sub:
                continue  # identical as written: DU001
            listed, count = analysis.others(here, written, MAX_RELATED - len(shown))
            shown += [(o, None) for o in listed]
            total += count
    for near in analysis.near.get(number, ()):
        listed, count = analysis.others(here, analysis.classes[near.other], MAX_RELATED - len(shown))
        shown += [(o, near.verdict.similarity) for o in listed]
        total += count
    if not shown:
        return None
    rec = analysis.records[here]
    main, similarity = shown[0]
    other = analysis.records[main]
    also = f" (and {copies(total - 1)})" if total > 1 else ""
    newer = newer_clause(analysis, here, [main])
    key = (number, analysis.subclass.get(here, 0), analysis.class_of[main],
           analysis.subclass.get(main, 0), similarity is None)
    phrases = told.get(key)
    if phrases is None:
        phrases = told[key] = differences(rec.normalised, other.normalised,
                                          shown=similarity is None)
    if similarity is None:
        message = (f"Entry is a copy of the entry at {analysis.where(here, main)}{also} "
                   f"with renumbered footnotes (similarity 1.00 after normalisation): "
                   f"footnote {summary(phrases)}{newer}")
    else:
        diff = summary(phrases)
        message = (f"Entry is a near copy (similarity {floor2(similarity)}) of the entry at "
                   f"{analysis.where(here, main)}{also}: {diff}{newer}")
    places = tuple(related(analysis, here, o, _label(s, total)) for o, s in shown)
    return Finding(here, rec.heading, message, places)


def _label(similarity: float | None, total: int) -> str:
    if total == 1:
        return "the other copy"
    if similarity is None:
        return "a copy with renumbered footnotes"
    return f"a near copy (similarity {floor2(similarity)})"
