"""FN003 duplicate-footnote-definition."""

from __future__ import annotations

from notelint.diagnostics import Related, Severity
from notelint.rule import DocumentContext, Rule, Scope
from notelint.rules.footnotes.index import footnote_index


class DuplicateFootnoteDefinition(Rule):
    """The same footnote label defined more than once in one note.

    Footnote syntax per markdown-it-footnote / GFM.  Renderers disagree on
    which definition wins: markdown-it-footnote (and its Python port
    ``mdit_py_plugins.footnote``) and kramdown (Jekyll; it warns "Duplicate
    footnote name ... - overwriting") show the *last* one, while remark's
    ``mdast-util-to-hast`` (Gatsby) keeps the *first*, as CommonMark does for
    link reference definitions.  Either way one citation is lost, and which
    one depends on the site generator.
    """

    code = "FN003"
    name = "duplicate-footnote-definition"
    summary = "Footnote label is defined more than once"
    scope = Scope.DOCUMENT
    default_severity = Severity.ERROR

    def check_document(self, ctx: DocumentContext) -> None:
        doc = ctx.document
        index = footnote_index(doc)
        for definition in index.definitions:
            first = index.defined[definition.label]
            if first is definition:
                continue
            marker = doc.text[definition.start:definition.end]
            at = doc.position(first.start)
            ctx.report(
                (definition.start, definition.end),
                f"Footnote `{marker}` is already defined on line {at.line}; renderers disagree "
                "on which one they show (markdown-it and kramdown: the last, remark: the first)",
                related=(Related(None, at.line, at.column, f"first definition `{marker}`"),),
            )
