"""``notelint check --fix``: fix the notes of a run and report what is left.

Each note with a fix is fixed on its own (:func:`notelint.fixes.fix_document`)
but re-linted within its run (:meth:`notelint.engine.Engine.relint`), so the
fixes of cross-note findings are applied and checked like the others, and
the final report is exactly what a plain check right after would print:
cross-note findings included, only the fixed notes parsed again, no file
read twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from notelint.diagnostics import Diagnostic
from notelint.document import Document
from notelint.engine import LintResult
from notelint.fixes import FixError, FixOutcome, fix_document, write_fixed


@dataclass
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

    applied: int
    result: LintResult
    messages: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    outcomes: dict[str, FixOutcome] = field(default_factory=dict)


def fix_run(result: LintResult, *, unsafe: bool = False, write: bool = True) -> FixRun:
    """Apply the fixes of ``result``'s findings; write the notes unless ``write`` is false.

    Notes are fixed in the order they were checked.  A note is written only
    if it still holds what was linted (see :func:`notelint.fixes.write_fixed`).

    Raises:
        ValueError: ``result`` does not come from :class:`notelint.engine.Engine`.
    """
    engine = result.engine
    if engine is None:
        raise ValueError("fix_run needs the result of an engine run")
    by_path: dict[str, list[Diagnostic]] = {}
    for d in result.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    run = FixRun(0, result)
    texts: dict[str, str] = {}
    attempted: list[str] = []
    current = result
    for src in result.sources:
        diags = by_path.get(src.display, [])
        if not any(d.fix is not None and (d.fix.safe or unsafe) for d in diags):
            continue
        original = current.documents.get(src.display)
        if original is None:
            continue
        first = [True]
        attempted.append(src.display)

        def lint(doc: Document, display: str = src.display, known: list[Diagnostic] = diags,
                 first: list[bool] = first, before: str = original.text) -> list[Diagnostic]:
            nonlocal current
            if first[0] and doc.text == before:
                first[0] = False
                return known
            first[0] = False
            current = engine.relint(current, {**texts, display: doc.text})
            return [d for d in current.diagnostics if d.path == display]

        outcome = fix_document(original, lint, unsafe=unsafe)
        run.outcomes[src.display] = outcome
        if outcome.error:
            run.messages.append(f"{src.display}: some fixes not applied: {outcome.error}")
        if not outcome.applied:
            continue
        if write:
            try:
                write_fixed(Path(src.path), original, outcome.text)
            except FixError as exc:
                run.messages.append(f"{src.display}: not fixed: {exc}")
                continue
        texts[src.display] = outcome.text
        run.applied += outcome.applied
    # The report: every note as it now stands (restores notes whose fix was refused).
    originals = {d: result.documents[d].text for d in attempted}
    run.result = engine.relint(current, {**originals, **texts})
    run.texts = texts
    return run
