"""FN004 malformed-footnote-label."""

from __future__ import annotations

from notelint.diagnostics import Related, Severity
from notelint.rule import DocumentContext, Rule, Scope
from notelint.rules.footnotes.index import Malformed, footnote_index


class MalformedFootnoteLabel(Rule):
    """Text clearly meant as a footnote that markdown does not recognise as one.

    Footnote syntax per markdown-it-footnote / GFM: a definition is
    ``[^label]:`` at the start of a line, with no blank inside the brackets
    or before the colon, and ASCII ``[``, ``^``, ``]``, ``:``; a reference is
    ``[^label]``.  Flagged: ``[^ 7]:``, ``[^7 ]:``, ``[^7] :``, full-width
    ``［^7］:`` / ``[＾7]:`` / ``[^7]：``, a definition line missing its colon
    (``[^7] Citation`` starting a paragraph or following another definition,
    when ``7`` has no definition), and references such as ``[^ 7]`` or
    ``［^7］`` when their label is defined.  Only prose is scanned, never
    code, math or HTML.

    A malformed definition that a dangling reference pairs with is reported
    by FN001 instead, as one finding carrying the fix (when FN001 is
    enabled).  One that cannot be fixed (the text of a setext heading) is
    reported here all the same, so that fixing the reference (``[^ 7]`` to
    ``[^7]``) never makes its finding disappear.
    """

    code = "FN004"
    name = "malformed-footnote-label"
    summary = "Footnote definition or reference is malformed and not recognised"
    scope = Scope.DOCUMENT
    default_severity = Severity.ERROR

    def check_document(self, ctx: DocumentContext) -> None:
        index = footnote_index(ctx.document)
        # Leave paired definitions to FN001 (which carries their fix), unless FN001 is not run
        # on this note or the definition cannot be fixed.
        paired = ({m for m in index.paired_malformed if m.fixable}
                  if ctx.is_enabled("FN001") else set())
        for found in index.malformed:
            if found in paired:
                continue
            if found.kind == "definition":
                self._definition(ctx, found)
            else:
                self._reference(ctx, found)

    def _definition(self, ctx: DocumentContext, found: Malformed) -> None:
        index = footnote_index(ctx.document)
        existing = index.defined.get(found.label)
        if "missing-colon" in found.problems:
            what = "without a colon it is a reference, not a definition"
        else:
            what = "markdown does not recognise it as a footnote"
        message = (f"Malformed footnote definition `{found.source}`: {what}; "
                   f"expected `{found.canonical}` ({found.advice()})")
        if existing is not None:
            # Fixing would define the label twice: say so instead of fixing.
            at = ctx.document.position(existing.start)
            ctx.report((found.start, found.end),
                       f"{message}, but `[^{found.label}]:` is already defined on line {at.line}",
                       related=(Related(None, at.line, at.column,
                                        f"definition `[^{found.label}]:`"),))
            return
        ctx.report((found.start, found.end), message, fix=found.fix())

    def _reference(self, ctx: DocumentContext, found: Malformed) -> None:
        index = footnote_index(ctx.document)
        message = (f"Malformed footnote reference `{found.source}`: markdown does not recognise "
                   f"it as a footnote; expected `{found.canonical}` ({found.advice()})")
        related: tuple[Related, ...] = ()
        definition = index.paired_reference.get(found)
        if definition is not None:
            at = ctx.document.position(definition.start)
            related = (Related(None, at.line, at.column, f"definition `[^{found.label}]:`"),)
        ctx.report((found.start, found.end), message, fix=found.fix(), related=related)

