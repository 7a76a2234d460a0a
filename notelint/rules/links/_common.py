"""What every LK rule does: report its own findings from the shared link analysis."""

from __future__ import annotations

from notelint.links.analysis import findings_for, prepare
from notelint.rule import DocumentContext, ProjectContext, Rule


def report_findings(project: ProjectContext, rule: Rule) -> None:
    """Report ``rule``'s findings in each note of ``project`` (see :mod:`notelint.links.analysis`)."""
    for ctx, finding in findings_for(project, rule.code):
        ctx.report((finding.start, finding.end), finding.message, fix=finding.fix, rule=rule)


def prepare_links(ctx: DocumentContext) -> None:
    """Take the note's links and anchors while its token tree exists."""
    prepare(ctx)
