"""The ``json`` formatter: one JSON document, shape version 1.

Shape (documented in the README)::

    {"version": 1,
     "diagnostics": [{"code", "name", "severity", "path", "line", "column",
                      "end_line", "end_column", "message", "fix", "related"}],
     "summary": {"files", "diagnostics", "errors", "warnings", "infos",
                 "fixable", "fixed", "suppressed"}}

With ``--statistics`` the findings are counted instead of listed:
``"diagnostics"`` is replaced by ``"statistics": [{"code", "name", "severity",
"count", "fixable"}]``, most frequent first (ties by rule id), the same
order as the text format's statistics.

Lines and columns are 1-based; columns count Unicode code points.  ``fix`` is
``null`` or ``{"description", "safe", "edits": [{"line", "column",
"end_line", "end_column", "replacement"}]}``; ``related`` is a list of
``{"path", "line", "column", "message"}``.  Paths are as given on the
command line.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from notelint.diagnostics import Diagnostic, Severity
from notelint.document import Document
from notelint.formatters import Formatter, JsonItems, Report, write_json
from notelint.safetext import json_escape_unsafe

VERSION = 1


def diagnostic_to_dict(d: Diagnostic, doc: Document | None) -> dict[str, Any]:
    """The JSON object of one diagnostic (``doc`` converts fix offsets to positions)."""
    fix = None
    if d.fix is not None:
        edits = []
        for e in d.fix.edits:
            if doc is not None:
                a, b = doc.position(e.start_offset), doc.position(e.end_offset)
                edits.append({"line": a.line, "column": a.column, "end_line": b.line,
                              "end_column": b.column, "replacement": e.replacement})
        fix = {"description": d.fix.description, "safe": d.fix.safe, "edits": edits}
    return {
        "code": d.code,
        "name": d.name,
        "severity": str(d.severity),
        "path": d.path,
        "line": d.span.start.line,
        "column": d.span.start.column,
        "end_line": d.span.end.line,
        "end_column": d.span.end.column,
        "message": d.message,
        "fix": fix,
        "related": [{"path": r.path if r.path is not None else d.path, "line": r.line,
                     "column": r.column, "message": r.message} for r in d.related],
    }


def statistics(report: Report) -> list[dict[str, Any]]:
    """Findings per rule: ``{"code", "name", "severity", "count", "fixable"}``, most first.

    ``severity`` is that of the rule's first finding (severities are per rule);
    ``fixable`` counts findings with a safe fix.
    """
    counts: Counter[str] = Counter(d.code for d in report.diagnostics)
    fixable: Counter[str] = Counter(d.code for d in report.diagnostics
                                    if d.fix is not None and d.fix.safe)
    first: dict[str, Diagnostic] = {}
    for d in report.diagnostics:
        first.setdefault(d.code, d)
    return [{"code": code, "name": first[code].name, "severity": str(first[code].severity),
             "count": n, "fixable": fixable[code]}
            for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


class JsonFormatter(Formatter):
    """Machine-readable output for scripts and editor integrations."""

    name = "json"

    def emit(self, report: Report) -> None:
        """Write the report as one JSON document followed by a newline.

        The findings are written one by one (:func:`notelint.formatters.write_json`):
        the output is that of ``json.dumps(..., indent=2)`` on the whole document,
        without the whole document in memory.
        """
        counts = report.counts()
        payload: dict[str, Any] = {"version": VERSION}
        if self.options.statistics:
            payload["statistics"] = statistics(report)
        else:
            documents = report.documents
            payload["diagnostics"] = JsonItems(diagnostic_to_dict(d, documents.get(d.path))
                                               for d in report.diagnostics)
        payload.update({
            "summary": {
                "files": report.files_checked,
                "diagnostics": len(report.diagnostics),
                "errors": counts[Severity.ERROR],
                "warnings": counts[Severity.WARNING],
                "infos": counts[Severity.INFO],
                "fixable": report.fixable,
                "fixed": report.fixed,
                "suppressed": report.suppressed,
            },
        })
        # C1 and bidirectional controls as \\u escapes: same JSON values, nothing raw on a terminal
        write_json(self.stream.write, payload, escape=json_escape_unsafe)
        self.stream.write("\n")
