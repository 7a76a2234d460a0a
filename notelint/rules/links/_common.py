"""What every LK rule does: report its own findings from the shared link analysis.

:class:`LinkRule` is the base of every LK rule: a cross-note rule of the
links family (:class:`notelint.links.analysis.LinkCollector`) that reports
the findings the shared analysis filed under its id.
"""

from __future__ import annotations

from notelint.links.analysis import LinkCollector, findings
from notelint.rule import Rule, Scope
from notelint.workspace import WorkspaceContext


class LinkRule(Rule):
    """Base of the LK rules: one analysis of every link per workspace, findings by rule id."""

    scope = Scope.PROJECT
    collector = LinkCollector

    def check_workspace(self, ws: WorkspaceContext) -> None:
        """Report this rule's findings from the shared analysis."""
        for index, found in findings(ws).items():
            note = ws.notes[index]
            for finding in found:
                if finding.code == self.code:
                    ws.report(note, (finding.start, finding.end), finding.message,
                              fix=finding.fix)
