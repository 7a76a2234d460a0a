"""FN002 unused-footnote-definition."""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rule import DocumentContext, Rule, Scope
from notelint.rules.footnotes.index import footnote_index


class UnusedFootnoteDefinition(Rule):
    """A footnote definition ``[^label]:`` that no ``[^label]`` refers to.

    Footnote syntax per markdown-it-footnote / GFM: only referenced footnotes
    are rendered.  markdown-it (with its default ``move_to_end``), GitHub and
    remark drop an unreferenced definition from the page, so the citation it
    holds silently disappears; kramdown prints nothing for it either.

    A definition that a malformed reference means to use (``[^ 7]`` for
    ``[^7]:``) is not reported here when FN004 is enabled: FN004 reports the
    reference instead.  Nor is one referred to in the text of a malformed
    definition that markdown reads as a link reference definition (``[^2]``
    in ``[^ 1]: [^2]``), which FN004's fix makes a reference.
    Of several definitions of one label, only the first is reported (FN003
    reports the others).
    """

    code = "FN002"
    name = "unused-footnote-definition"
    summary = "Footnote definition is never referenced"
    scope = Scope.DOCUMENT
    default_severity = Severity.WARNING

    def check_document(self, ctx: DocumentContext) -> None:
        doc = ctx.document
        index = footnote_index(doc)
        # A malformed reference counts as a use when FN004 reports it.
        used = index.used_labels(include_malformed=ctx.is_enabled("FN004"))
        for label, definition in index.defined.items():
            if label in used:
                continue
            marker = doc.text[definition.start:definition.end]
            ctx.report((definition.start, definition.end),
                       f"Footnote definition `{marker}` is never referenced "
                       f"(no `[^{label}]` in the text); it will not be shown")
