"""SP002 misspelled-identifier-part."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rules.spelling._shared import SpellingRule, word_fix, word_message
from notelint.workspace import WorkspaceContext


class MisspelledIdentifierPart(SpellingRule):
    """A word part of an identifier in inline code that looks misspelled.

    Identifiers such as ``is_traning`` are split at ``_``, ``-`` and camelCase
    boundaries, and each part is judged like a prose word (SP001), but only a
    word the notes use is suggested.  Code spans that name paths (with ``/``)
    are not looked into.  Code may legitimately use abbreviations and names,
    so this rule is informational.
    """

    code = "SP002"
    name = "misspelled-identifier-part"
    summary = "Word part of an identifier in inline code looks misspelled"
    default_severity = Severity.INFO

    def check_workspace(self, ws: WorkspaceContext) -> None:
        from notelint.spelling.analysis import english_findings

        analysis = english_findings(ws)
        for index, found in analysis.findings.items():
            note = ws.notes[index]
            for f in found:
                if f.occurrence.in_code:
                    occ = f.occurrence
                    ws.report(note, (occ.start, occ.end),
                              word_message(f, analysis.checker.corpus, "identifier"),
                              fix=word_fix(f))
