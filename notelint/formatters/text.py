"""The ``text`` formatter (default): ``path:line:col: CODE message``.

With ``show_source`` (the default on a terminal) each finding is followed by
its source line and a caret line under the span; carets are aligned by
terminal cell width, so Korean and emoji text lines up.  Columns in the
``path:line:col`` prefix count Unicode code points, like every other output.
A summary line ends the output unless ``quiet``.

Paths, messages and source lines pass through :func:`notelint.safetext.neutral`
(control characters, line breaks and bidirectional controls are shown as
escapes), so nothing from a note reaches the terminal raw.  Colours (``color``) are ANSI
SGR escape sequences: bold for the place, red/yellow/blue for an error/warning/info code
and its caret line.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import TextIO

from notelint.diagnostics import Diagnostic, Severity
from notelint.document import Document
from notelint.formatters import Formatter, FormatterOptions, Report
from notelint.safetext import neutral, neutral_path

#: ANSI SGR foreground colour codes: red, yellow, blue.
_SEVERITY_COLOURS = {Severity.ERROR: 31, Severity.WARNING: 33, Severity.INFO: 34}


def sgr(text: str, fg: int | None = None, bold: bool = False) -> str:
    """``text`` between ANSI SGR escape sequences: foreground colour ``fg`` (an SGR code such
    as 31 for red), then bold, then a reset (``ESC[0m``) after it."""
    start = (f"\x1b[{fg}m" if fg is not None else "") + ("\x1b[1m" if bold else "")
    return f"{start}{text}\x1b[0m"


def cell_width(text: str) -> int:
    """Terminal cells taken by ``text`` (East Asian wide/full-width = 2, combining = 0)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\u200b\u200d\ufe0f":
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class TextFormatter(Formatter):
    """Human-readable output for terminals and logs."""

    name = "text"

    def __init__(self, stream: TextIO, options: FormatterOptions | None = None) -> None:
        super().__init__(stream, options)
        self._paths: dict[str, str] = {}  # path -> neutral_path(path)

    def _style(self, text: str, fg: int | None = None, bold: bool = False) -> str:
        return sgr(text, fg, bold) if self.options.color else text

    def emit(self, report: Report) -> None:
        """Write findings (or statistics) and the summary line."""
        out = self.stream
        if self.options.statistics:
            self._statistics(report)
        else:
            for d in report.diagnostics:
                out.write(self.line(d) + "\n")
                if self.options.show_source:
                    doc = report.documents.get(d.path)
                    if doc is not None:
                        out.write(self.excerpt(doc, d))
        if not self.options.quiet:
            out.write(self.summary(report) + "\n")

    def line(self, d: Diagnostic) -> str:
        """``path:line:col: CODE message`` (with ``[*]`` when a safe fix exists)."""
        path = self._paths.get(d.path)  # a note's findings share its path: made safe once
        if path is None:
            path = self._paths[d.path] = neutral_path(d.path)
        where = self._style(f"{path}:{d.span.start.line}:{d.span.start.column}:", bold=True)
        code = self._style(neutral(d.code), fg=_SEVERITY_COLOURS[d.severity], bold=True)
        mark = " [*]" if d.fix is not None and d.fix.safe else ""
        return f"{where} {code}{mark} {neutral(d.message)}"

    def excerpt(self, doc: Document, d: Diagnostic) -> str:
        """The first line of the span with a caret line under it."""
        line_no = d.span.start.line
        if line_no > doc.line_count:
            return ""
        text = doc.line_text(line_no).replace("\t", " ")
        start = d.span.start.column - 1
        end = d.span.end.column - 1 if d.span.end.line == line_no else len(text)
        end = max(end, start + 1)
        pad = cell_width(neutral(text[:start]))
        width = max(1, cell_width(neutral(text[start:end])))
        gutter = f"{line_no:>5} | "
        caret = " " * (len(gutter) - 2) + "| " + " " * pad + "^" * width
        return f"{gutter}{neutral(text)}\n{self._style(caret, fg=_SEVERITY_COLOURS[d.severity])}\n"

    def summary(self, report: Report) -> str:
        """One line: how many findings of which severity in how many files."""
        n = len(report.diagnostics)
        files = _plural(report.files_checked, "file")
        parts = []
        if report.fixed:
            parts.append(f"fixed {_plural(report.fixed, 'problem')}")
        if n == 0:
            parts.append(f"no problems in {files}")
            return "; ".join(parts).capitalize() + "."
        counts = report.counts()
        by_sev = ", ".join(_plural(counts[s], str(s)) for s in (Severity.ERROR, Severity.WARNING,
                                                               Severity.INFO) if counts[s])
        affected = len({d.path for d in report.diagnostics})
        parts.append(f"found {_plural(n, 'problem')} ({by_sev}) in {affected} of {files}")
        if report.fixable:
            parts.append(f"{report.fixable} fixable with --fix")
        return "; ".join(parts).capitalize() + "."

    def _statistics(self, report: Report) -> None:
        counts = Counter((d.code, d.name) for d in report.diagnostics)
        fixable = Counter(d.code for d in report.diagnostics if d.fix is not None and d.fix.safe)
        for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            mark = "[*]" if fixable[code] else "   "
            self.stream.write(f"{n:>6}  {neutral(code)}  {mark} {neutral(name)}\n")
