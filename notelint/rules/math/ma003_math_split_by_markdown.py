"""MA003 math-split-by-markdown: a formula MathJax never receives whole.

Naive pipelines only.  A formula the author wrote (``$...$``, ``$$...$$``,
``\\\\(...\\\\)``) that no MathJax item matches exactly was split by an element
the renderer made inside it (emphasis from ``_``/``*``, a link, code, an HTML
tag), had its delimiters eaten (``\\(`` → ``(``), or had its dollars paired with
other dollars.  A MathJax item that runs from the closing delimiter of one
formula to the opening delimiter of the next (typesetting the prose between)
is reported too.
"""

from __future__ import annotations

from notelint.document import Document
from notelint.lazy import lazy_compile
from notelint.math.model import Intended, MathView
from notelint.rule import DocumentContext, Rule
from notelint.rules.math._common import PipelineOptions, snippet, view_of, where


class Options(PipelineOptions):
    """Options of MA003 (``pipeline``: see ``[math]``)."""

    __slots__ = ()


def _why(doc: Document, view: MathView, it: Intended) -> str:
    inside = [b for b in view.boundaries if it.start < b.start and b.end <= it.end]
    if inside:
        first = inside[0]
        what = f"{first.what} from `{first.markup}` at {where(doc, first.start)}"
        if len(inside) > 1:
            what += f" (and {len(inside) - 1} more element boundar{'y' if len(inside) == 2 else 'ies'})"
        return f"markdown makes {what} inside it, so MathJax never sees it whole"
    around = [b for b in view.boundaries if b.what == "code block" and b.start < it.start
              and it.end <= b.end]
    if around:
        return (f"it lies in a code block opened by the fence at {where(doc, around[0].start)} "
                "(kramdown takes no fence whose info string has a space, such as "
                "`{.python .input}`, so the closing fence after one opens a block)")
    if it.origin == "backslash":
        return (f"markdown turns `{it.open}` into `{it.open[1:]}`, so MathJax never sees a "
                f"delimiter; write `\\{it.open}`…`\\{it.close}` for this pipeline or use `$`")
    for s in view.seen:
        if s.end == it.start + len(it.open) and s.start < it.start:
            return (f"its opening `{it.open}` closes the `{s.open}` at {where(doc, s.start)} "
                    "instead")
        if s.start == it.start and s.end != it.end:
            return (f"MathJax pairs its opening `{s.open}` with the `{s.close}` at "
                    f"{where(doc, s.end - len(s.close))}")
    return "MathJax does not find it in the rendered text"


class MathSplitByMarkdown(Rule):
    """Report formulas that the markdown renderer splits or mis-pairs before MathJax runs."""

    code = "MA003"
    name = "math-split-by-markdown"
    summary = "A formula that the markdown renderer splits or whose delimiters get mis-paired"
    Options = Options

    def check_document(self, ctx: DocumentContext) -> None:
        view = view_of(ctx, self.options.pipeline)
        if not view.pipeline.searches:
            if view.pipeline.name == "math-aware":
                self._opening_fence_text(ctx, view)
            return
        doc = ctx.document
        for k, it in enumerate(view.intended):
            if k in view.match or it.origin == "fence":
                continue
            tex = doc.text[it.tex_start:it.tex_end]
            if not tex.strip():
                continue
            text = doc.text[it.start:it.end]
            ctx.report((it.start, it.end),
                       f"`{snippet(text)}` is not typeset as one formula: {_why(doc, view, it)}")
        ends = {i.end - len(i.close): i for i in view.intended}
        starts = {i.start: i for i in view.intended}
        for s in view.unmatched_seen():
            before = ends.get(s.start)
            after = starts.get(s.end - len(s.close))
            if before is None and after is None:
                continue
            between = doc.text[s.start + len(s.open):s.end - len(s.close)]
            ctx.report((s.start, s.end),
                       f"MathJax pairs the `{s.open}` at {where(doc, s.start)} with the "
                       f"`{s.close}` at {where(doc, s.end - len(s.close))} and typesets the "
                       f"text between (`{snippet(between)}`) as math")

    def _opening_fence_text(self, ctx: DocumentContext, view: MathView) -> None:
        """Lines that remark-math reads as the opening fence of a math block, wrongly.

        remark-math (micromark's math extension: Gatsby, Docusaurus, Astro) reads a
        line whose content starts with ``$$`` and has no other ``$`` as the opening
        fence of a math block, even in mid-paragraph; the rest of that line is
        dropped, and the block ends only at a line that is ``$$`` alone (else at
        the end of its list item or of the note).  Reported: such a fence with TeX
        after it (``$$\\begin{aligned}`` ... ``\\end{aligned}$$``), and one that
        no formula of the note closes (``- $$ is the delimiter I use``).
        """
        doc = ctx.document
        starts = {it.start: it for it in view.intended if it.origin == "dollar"}
        inside = sorted((it.start, it.end) for it in view.intended)
        text = doc.text
        pos = text.find("$$")
        k = 0
        while pos != -1:
            line_start = text.rfind("\n", 0, pos) + 1
            line_end = text.find("\n", pos)
            line_end = len(text) if line_end == -1 else line_end
            nxt = text.find("$$", line_end)
            head, rest = text[line_start:pos], text[pos + 2:line_end]
            if not _CONTAINER.fullmatch(head) or "$" in rest:
                pos = nxt
                continue
            while k < len(inside) and inside[k][1] <= pos:
                k += 1
            it = starts.get(pos)
            enclosed = k < len(inside) and inside[k][0] < pos
            if it is not None and it.open == "$$" and rest.strip():
                ctx.report((pos, line_end),
                           f"`$${snippet(rest)}` opens a math block in remark-math, which drops "
                           "the text after `$$` on this line and closes the block only at a line "
                           "that is `$$` alone; put `$$` on lines of their own")
            elif it is None and not enclosed and doc.is_prose(pos):
                ctx.report((pos, line_end),
                           f"`{snippet('$$' + rest)}` opens a math block in remark-math that no line "
                           "of `$$` alone closes: the rest of its list item or note becomes math; "
                           "write `\\$$` or put it in backticks")
            pos = nxt


#: List markers and quote markers before a line's content.
_CONTAINER = lazy_compile(r"(?:[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+|[ \t]*>[ \t]?)*[ \t]{0,3}")
