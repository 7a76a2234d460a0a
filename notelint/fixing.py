"""``notelint check --fix``: fix the notes of a run and report what is left.

Each note with a fix is fixed on its own (:func:`notelint.fixes.fix_document`)
but re-linted within its run (:meth:`notelint.engine.Engine.relint`), so the
fixes of cross-note findings are applied and checked like the others, and
the final report is exactly what a plain check right after would print:
cross-note findings included, only the fixed notes parsed again, no file
read twice.  A note that another note's fix gives a new fix is fixed again
in the same run, so that a second ``--fix`` finds nothing to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from notelint.diagnostics import Diagnostic
from notelint.document import Document
from notelint.engine import LintResult
from notelint.fixes import MAX_PASSES, FixError, FixOutcome, fix_document, fix_key, write_fixed


class FixRun:
    """What ``--fix`` did.

    Attributes:
        applied: edits written.
        result: the findings after fixing.
        messages: one line per note that could not be (fully) fixed.
        texts: the fixed text of each changed note, by display path.
        outcomes: what fixing did to each note that had a fix to apply, by display
            path (:class:`notelint.fixes.FixOutcome`: the edits of each pass, refusals),
            whether or not it was then written.
    """

    __slots__ = ("applied", "messages", "outcomes", "result", "texts")

    def __init__(self, applied: int, result: LintResult, messages: list[str] | None = None,
                 texts: dict[str, str] | None = None,
                 outcomes: dict[str, FixOutcome] | None = None) -> None:
        self.applied = applied
        self.result = result
        self.messages: list[str] = [] if messages is None else messages
        self.texts: dict[str, str] = {} if texts is None else texts
        self.outcomes: dict[str, FixOutcome] = {} if outcomes is None else outcomes


def fix_run(result: LintResult, *, unsafe: bool = False, write: bool = True) -> FixRun:
    """Apply the fixes of ``result``'s findings; write the notes unless ``write`` is false.

    Notes are fixed in the order they were checked.  A fix in one note can give
    another note a new finding with a fix (removing a repeated word makes it rarer
    than a term of the notes, so that another note's use of it becomes a typo):
    after every note has been fixed, the notes that have fixes they did not have
    when they were fixed are fixed again, in rounds, until none has (at most
    :data:`notelint.fixes.MAX_PASSES` rounds), so that one ``--fix`` leaves
    nothing for the next.  Notes are written at the end, each once, and only if
    it still holds what was linted (see :func:`notelint.fixes.write_fixed`).

    Raises:
        ValueError: ``result`` does not come from :class:`notelint.engine.Engine`.
    """
    engine = result.engine
    if engine is None:
        raise ValueError("fix_run needs the result of an engine run")
    run = FixRun(0, result)
    texts: dict[str, str] = {}
    originals: dict[str, Document] = {}
    #: The fixes each note still had when it was last fixed (refused or not applicable).
    left: dict[str, set[tuple[Any, ...]]] = {}
    current = result
    known = _by_path(result.diagnostics)
    todo = list(result.sources)
    for round_ in range(MAX_PASSES):
        for src in todo:
            display = src.display
            diags = known.get(display, [])
            if not any(_applicable(d, unsafe) for d in diags):
                continue
            doc = current.documents.get(display)
            if doc is None:
                continue
            originals.setdefault(display, doc)
            first = [True]

            def lint(d: Document, display: str = display, known: list[Diagnostic] = diags,
                     first: list[bool] = first, before: str = doc.text) -> list[Diagnostic]:
                nonlocal current
                if first[0] and d.text == before:
                    first[0] = False
                    return known
                first[0] = False
                current = engine.relint(current, {**texts, display: d.text})
                return [x for x in current.diagnostics if x.path == display]

            outcome = fix_document(doc, lint, unsafe=unsafe)
            outcome.late = round_ > 0
            if display in run.outcomes:
                outcome = _merged(run.outcomes[display], outcome)
            run.outcomes[display] = outcome
            if outcome.text != originals[display].text:
                texts[display] = outcome.text
            left[display] = {fix_key(outcome.text, d) for d in outcome.remaining
                             if _applicable(d, unsafe)}
        # The notes that other notes' fixes gave new fixes.
        known = _by_path(current.diagnostics)
        todo = [src for src in result.sources
                if any(_applicable(d, unsafe)
                       and fix_key(texts.get(src.display) or _text(current, src.display), d)
                       not in left.get(src.display, ()) for d in known.get(src.display, []))]
        if not todo:
            break
    for src in result.sources:
        display = src.display
        outcome = run.outcomes.get(display)
        if outcome is not None and outcome.error:
            run.messages.append(f"{display}: some fixes not applied: {outcome.error}")
        if display not in texts:
            continue
        if write:
            try:
                write_fixed(Path(src.path), originals[display], texts[display])
            except FixError as exc:
                run.messages.append(f"{display}: not fixed: {exc}")
                del texts[display]
                continue
        run.applied += run.outcomes[display].applied
    # The report: every note as it now stands (restores the notes that were not written).
    run.result = engine.relint(current, {**{d: doc.text for d, doc in originals.items()},
                                         **texts})
    run.texts = texts
    return run


def _applicable(d: Diagnostic, unsafe: bool) -> bool:
    return d.fix is not None and bool(d.fix.edits) and (d.fix.safe or unsafe)


def _by_path(diagnostics: list[Diagnostic]) -> dict[str, list[Diagnostic]]:
    out: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        out.setdefault(d.path, []).append(d)
    return out


def _text(result: LintResult, display: str) -> str:
    doc = result.documents.get(display)
    return "" if doc is None else doc.text


def _merged(before: FixOutcome, after: FixOutcome) -> FixOutcome:
    """One outcome for a note fixed in two rounds: ``after`` continued ``before``'s text."""
    errors = [e for e in (before.error, after.error) if e]
    return FixOutcome(after.text, before.applied + after.applied,
                      "; ".join(dict.fromkeys(errors)) or None, before.passes + after.passes,
                      after.remaining, [*before.steps, *after.steps], late=True)
