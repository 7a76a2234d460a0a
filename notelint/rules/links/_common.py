"""What every LK rule does: report its own findings from the shared link analysis.

:class:`LinkRule` is the base of every LK rule: a project-scope rule that
takes each note's links while its tree exists and, after all notes were
read, reports the findings that the shared analysis filed under its id.
"""

from __future__ import annotations

from notelint.links.analysis import findings_for, prepare
from notelint.rule import DocumentContext, ProjectContext, Rule, Scope


def report_findings(project: ProjectContext, rule: Rule) -> None:
    """Report ``rule``'s findings in each note of ``project`` (see :mod:`notelint.links.analysis`)."""
    for ctx, finding in findings_for(project, rule.code):
        ctx.report((finding.start, finding.end), finding.message, fix=finding.fix, rule=rule)


def prepare_links(ctx: DocumentContext) -> None:
    """Take the note's links and anchors while its token tree exists."""
    prepare(ctx)


class LinkRule(Rule):
    """Base of the LK rules: one analysis of every link per run, findings by rule id."""

    scope = Scope.PROJECT

    def prepare_document(self, ctx: DocumentContext) -> None:
        """Take the note's links and anchors (see :func:`prepare_links`)."""
        prepare_links(ctx)

    def check_project(self, ctx: ProjectContext) -> None:
        """Report this rule's findings from the shared analysis."""
        report_findings(ctx, self)
