"""FN001 undefined-footnote-reference."""

from __future__ import annotations

from notelint.diagnostics import Related, Severity
from notelint.rule import DocumentContext, Rule, Scope
from notelint.rules.footnotes.index import footnote_index, looks_like_regex_class


class UndefinedFootnoteReference(Rule):
    """A footnote reference ``[^label]`` whose label has no definition.

    Footnote syntax per markdown-it-footnote (``mdit_py_plugins.footnote``),
    which follows pandoc and GFM: a reference needs a ``[^label]:`` definition
    with exactly the same label.  Without one, markdown-it, GitHub, kramdown
    and remark all print the reference as the literal text ``[^label]``.

    When a malformed definition (see FN004) carries the same label, the two
    are reported as one finding here, with the definition as ``related`` and
    a safe fix that rewrites the definition's marker; FN004 then stays quiet
    about that definition.  Every reference to the label carries that fix (one
    edit resolves them all, so none of them disappears without its fix).

    Labels that read as regular-expression classes (``[^0-9]``, ``[^\\s]``) are
    not reported: that is what such text nearly always is.
    """

    code = "FN001"
    name = "undefined-footnote-reference"
    summary = "Footnote reference has no definition"
    scope = Scope.DOCUMENT
    default_severity = Severity.ERROR

    def check_document(self, ctx: DocumentContext) -> None:
        doc = ctx.document
        index = footnote_index(doc)
        for ref in index.references:
            if ref.label in index.defined or not ref.located:
                continue
            source = doc.text[ref.start:ref.end]
            target = index.paired_definition.get(ref)
            if target is None:
                if looks_like_regex_class(ref.label):
                    continue
                ctx.report((ref.start, ref.end),
                           f"Footnote reference `{source}` has no definition; "
                           f"expected a line starting `[^{ref.label}]:`")
                continue
            at = doc.position(target.start)
            fix = target.fix()
            ctx.report(
                (ref.start, ref.end),
                f"Footnote reference `{source}` has no definition; `{target.source}` on line "
                f"{at.line} looks like it ({target.advice()})",
                fix=fix,
                related=(Related(None, at.line, at.column,
                                 f"malformed definition `{target.source}`"),),
            )
