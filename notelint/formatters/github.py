"""The ``github`` formatter: GitHub Actions workflow commands (annotations).

Each finding becomes one line the Actions runner turns into an annotation::

    ::error file=notes/a.md,line=3,endLine=3,col=7,endColumn=11,title=FN001 undefined-footnote-reference::Footnote …

* Severities: ``error`` -> ``::error``, ``warning`` -> ``::warning``,
  ``info`` -> ``::notice``.
* Escaping is the runner's (``ActionCommand`` in actions/runner): in the
  message (the command's data) ``%``, ``\\r`` and ``\\n`` become ``%25``,
  ``%0D`` and ``%0A``; property values additionally escape ``:`` as ``%3A``
  and ``,`` as ``%2C``.  Before that, control characters, line breaks and
  bidirectional controls from notes and file names are shown as escapes
  (:func:`notelint.safetext.neutral`), and the plain lines below start with a
  path made safe by :func:`notelint.safetext.neutral_path`, so no note can
  start a workflow command (``::add-mask::``, ``::error``) of its own.
* Columns: the runner is a .NET program and GitHub's pages are JavaScript,
  both of which index strings in UTF-16 code units, and neither documents
  another unit; columns here therefore count UTF-16 code units (1-based,
  ``endColumn`` exclusive like every notelint end).  They equal the code-point
  columns of the other formats except after characters outside the Basic
  Multilingual Plane, such as most emoji, which count 2.  Korean text is in
  the BMP and counts 1 per syllable.  The runner drops ``col``/``endColumn``
  when ``line`` and ``endLine`` differ, so they are only written for
  single-line spans.
* Paths: relative to ``$GITHUB_WORKSPACE`` when the note is inside it (the
  runner resolves relative paths against the repository root), else as given.

GitHub shows at most 10 annotations of each kind (error, warning, notice) per
step.  Findings are ranked by importance -- first those on lines changed
since the diff base (when the report carries ``changed_lines``), then by
severity, then one finding of each rule before a second of any (see
:func:`rank`), then in file order -- and the first 10 of each kind become
annotations.  The others
are printed as plain ``path:line:col: CODE message`` lines after them, with a
line saying how many were not annotated, and appended as a markdown table to
the file named by ``$GITHUB_STEP_SUMMARY`` (if set).  Nothing is dropped.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from typing import TextIO

from notelint.diagnostics import Diagnostic, Severity
from notelint.diffbase import on_changed_line
from notelint.document import Document
from notelint.formatters import Formatter, FormatterOptions, Report
from notelint.formatters.text import TextFormatter
from notelint.safetext import neutral

#: Annotations of one kind GitHub shows per step (also 50 per job in total).
ANNOTATIONS_PER_KIND = 10
#: Bytes of markdown appended to the step summary at most (GitHub allows 1 MiB per step).
SUMMARY_BUDGET = 900_000

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's data (the message after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (``file=``, ``title=``...)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def utf16_column(line_text: str, column: int) -> int:
    """Code-point ``column`` (1-based) of ``line_text`` as a 1-based UTF-16 code-unit column."""
    prefix = line_text[:column - 1]
    return column + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def changed_lines_of(report: Report) -> Mapping[str, set[int]] | None:
    """``report.changed_lines`` (display path -> changed lines) if the report has one."""
    changed = getattr(report, "changed_lines", None)
    return changed if isinstance(changed, Mapping) else None


def rank(diagnostics: list[Diagnostic], changed: Mapping[str, set[int]] | None) -> list[Diagnostic]:
    """Order for annotation, most important first.

    1. findings on changed lines (when ``changed`` is known) before the others;
    2. then by severity, errors first;
    3. then round by round over the rules: the first finding of each rule (in
       file order), then the second of each, and so on, so that one frequent
       rule (seven spelling warnings) cannot take the whole budget from the
       others (an undated entry, a copied entry, broken math);
    4. then in file order.
    """
    seen: Counter[tuple[int, int, str]] = Counter()
    keys: list[tuple[int, int, int, int]] = []
    for i, d in enumerate(diagnostics):
        unchanged = 0 if changed is None or on_changed_line(d, changed) else 1
        group = (unchanged, -int(d.severity), d.code)
        keys.append((unchanged, -int(d.severity), seen[group], i))
        seen[group] += 1
    return [diagnostics[k[3]] for k in sorted(keys)]


def choose_annotations(diagnostics: list[Diagnostic], changed: Mapping[str, set[int]] | None,
                       per_kind: int = ANNOTATIONS_PER_KIND) -> tuple[set[int], list[Diagnostic]]:
    """Pick what GitHub will show: ``(ids of annotated diagnostics, the others in rank order)``."""
    taken: dict[Severity, int] = {s: 0 for s in Severity}
    chosen: set[int] = set()
    rest: list[Diagnostic] = []
    for d in rank(diagnostics, changed):
        if taken[d.severity] < per_kind:
            taken[d.severity] += 1
            chosen.add(id(d))
        else:
            rest.append(d)
    return chosen, rest


def _cell(text: str) -> str:
    """Text safe inside a GFM table cell: ``|`` escaped (also inside code spans), one line."""
    text = neutral(text, keep_newlines=True)
    return text.replace("|", "\\|").replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


class GithubFormatter(Formatter):
    """Workflow commands for GitHub Actions, with the overflow in the step summary.

    ``environ`` (default: ``os.environ``) supplies ``GITHUB_WORKSPACE``,
    ``GITHUB_STEP_SUMMARY`` and, for links in the summary,
    ``GITHUB_SERVER_URL``, ``GITHUB_REPOSITORY`` and ``GITHUB_SHA``.
    """

    name = "github"

    def __init__(self, stream: TextIO, options: FormatterOptions | None = None,
                 environ: Mapping[str, str] | None = None) -> None:
        super().__init__(stream, options)
        self.environ = os.environ if environ is None else environ

    # -- one finding ---------------------------------------------------------

    def file_property(self, path: str) -> str:
        """``path`` as the runner wants it: relative to the workspace when inside it."""
        workspace = self.environ.get("GITHUB_WORKSPACE")
        if workspace:
            full = os.path.abspath(path)
            root = os.path.abspath(workspace)
            if os.path.commonpath([full, root]) == root:
                return os.path.relpath(full, root).replace(os.sep, "/")
        return path.replace(os.sep, "/")

    def command(self, d: Diagnostic, doc: Document | None) -> str:
        """The workflow command line of ``d`` (no trailing newline)."""
        start, end = d.span.start, d.span.end
        end_line, end_column = end.line, end.column
        if end_line > start.line and end_column == 1:
            # ends with the previous line's newline: that line is the last one
            end_line -= 1
            end_column = 1 + (len(doc.line_text(end_line))
                              if doc is not None and end_line <= doc.line_count else 0)
        props = [("file", self.file_property(d.path)), ("line", str(start.line)),
                 ("endLine", str(end_line))]
        if start.line == end_line:
            col, end_col = start.column, max(start.column, end_column)
            if doc is not None and start.line <= doc.line_count:
                text = doc.line_text(start.line)
                col, end_col = utf16_column(text, col), utf16_column(text, end_col)
            props += [("col", str(col)), ("endColumn", str(end_col))]
        props.append(("title", f"{d.code} {d.name}"))
        rendered = ",".join(f"{k}={escape_property(neutral(v))}" for k, v in props)
        return f"::{COMMANDS[d.severity]} {rendered}::{escape_data(neutral(d.message, keep_newlines=True))}"

    # -- the whole report ----------------------------------------------------

    def emit(self, report: Report) -> None:
        """Annotations, then the findings GitHub would not show, then the summary line."""
        out = self.stream
        text = TextFormatter(out, self.options)
        changed = changed_lines_of(report)
        chosen, rest = choose_annotations(report.diagnostics, changed)
        for d in report.diagnostics:
            if id(d) in chosen:
                out.write(self.command(d, report.documents.get(d.path)) + "\n")
        summary_file = self.environ.get("GITHUB_STEP_SUMMARY")
        if rest:
            where = " and in the step summary" if summary_file else ""
            out.write(f"notelint: {len(rest)} more finding{'s' if len(rest) != 1 else ''} "
                      f"not shown as annotations (GitHub shows {ANNOTATIONS_PER_KIND} errors, "
                      f"{ANNOTATIONS_PER_KIND} warnings and {ANNOTATIONS_PER_KIND} notices per "
                      f"step); listed below{where}:\n")
            for d in rest:
                out.write(text.line(d) + "\n")
        if not self.options.quiet:
            out.write(text.summary(report) + "\n")
        if summary_file:
            self.write_step_summary(summary_file, report, rest, len(chosen))

    def step_summary(self, report: Report, rest: list[Diagnostic], annotated: int) -> str:
        """The markdown appended to ``$GITHUB_STEP_SUMMARY``."""
        lines = ["## notelint", "", TextFormatter(self.stream).summary(report), ""]
        if not rest:
            if report.diagnostics:
                lines += [f"All {annotated} findings are shown as annotations.", ""]
            return "\n".join(lines) + "\n"
        lines += [(f"{annotated} findings are shown as annotations; GitHub shows at most "
                   f"{ANNOTATIONS_PER_KIND} of each kind per step, so these {len(rest)} are not:"),
                  "", "| severity | location | rule | message |", "| --- | --- | --- | --- |"]
        size = sum(len(s.encode("utf-8")) + 1 for s in lines)
        for i, d in enumerate(rest):
            row = (f"| {d.severity} | {self._location(d)} | {_cell(d.code)} {_cell(d.name)} "
                   f"| {_cell(d.message)} |")
            size += len(row.encode("utf-8")) + 1
            if size > SUMMARY_BUDGET:
                lines += ["", f"... and {len(rest) - i} more, listed in the step's log."]
                break
            lines.append(row)
        return "\n".join(lines) + "\n"

    def _location(self, d: Diagnostic) -> str:
        where = f"{self.file_property(d.path)}:{d.span.start.line}:{d.span.start.column}"
        server = self.environ.get("GITHUB_SERVER_URL")
        repo = self.environ.get("GITHUB_REPOSITORY")
        sha = self.environ.get("GITHUB_SHA")
        if server and repo and sha:
            url = f"{server}/{repo}/blob/{sha}/{self.file_property(d.path)}#L{d.span.start.line}"
            return f"[{_cell(where)}]({url.replace(' ', '%20').replace(')', '%29')})"
        return _cell(where)

    def write_step_summary(self, path: str, report: Report, rest: list[Diagnostic],
                           annotated: int) -> None:
        """Append :meth:`step_summary` to ``path`` (UTF-8)."""
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(self.step_summary(report, rest, annotated))
