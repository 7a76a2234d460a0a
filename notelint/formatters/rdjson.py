"""The ``rdjson`` formatter: Reviewdog Diagnostic Format (``DiagnosticResult`` as JSON).

For ``reviewdog -f=rdjson``.  Shape (reviewdog's ``proto/rdf/reviewdog.proto``)::

    {"source": {"name": "notelint", "url": ...},
     "diagnostics": [{"message", "location": {"path", "range": {"start": {"line", "column"},
                                                               "end": {"line", "column"}}},
                      "severity": "ERROR" | "WARNING" | "INFO",
                      "code": {"value": "FN001", "url": ...},
                      "suggestions": [{"range", "text"}],
                      "original_output": "path:line:col: CODE message"}]}

Units: lines are 1-based; columns are 1-based **UTF-8 byte** offsets into the
line as stored in the file (reviewdog's unit), converted from notelint's
code-point columns with the document text -- ``한`` takes 3 bytes, an emoji 4,
a tab 1, and a byte-order mark adds 3 on line 1.  Ends are exclusive, as in
reviewdog.  Suggestions carry the file's own newline style.

Related places are not written: reviewdog parses rdjson strictly and older
releases reject fields they do not know.
"""

from __future__ import annotations

import json
from typing import Any

from notelint.diagnostics import Diagnostic, Position, Severity
from notelint.document import Document
from notelint.formatters import Formatter, Report
from notelint.formatters.sarif import INFORMATION_URI, rule_help_uris
from notelint.safetext import json_escape_unsafe

SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def byte_column(doc: Document | None, line: int, column: int) -> int:
    """Code-point ``column`` (1-based) of ``line`` as a 1-based UTF-8 byte column."""
    if doc is None or not 1 <= line <= doc.line_count:
        return column
    prefix = doc.line_text(line)[:column - 1]
    extra = column - 1 - len(prefix)  # past the end of the line: one byte each
    bom = 3 if doc.bom and line == 1 else 0
    return 1 + bom + len(prefix.encode("utf-8", "surrogatepass")) + max(0, extra)


def _position(doc: Document | None, p: Position) -> dict[str, int]:
    return {"line": p.line, "column": byte_column(doc, p.line, p.column)}


class RdjsonFormatter(Formatter):
    """Reviewdog Diagnostic Format, one JSON document."""

    name = "rdjson"

    def diagnostic(self, d: Diagnostic, doc: Document | None,
                   help_uris: dict[str, str]) -> dict[str, Any]:
        """The rdjson ``Diagnostic`` of ``d`` (``help_uris``: rule id -> documentation URL)."""
        code: dict[str, str] = {"value": d.code}
        if d.code in help_uris:
            code["url"] = help_uris[d.code]
        out: dict[str, Any] = {
            "message": d.message,
            "location": {"path": d.path, "range": {"start": _position(doc, d.span.start),
                                                   "end": _position(doc, d.span.end)}},
            "severity": SEVERITIES[d.severity],
            "code": code,
            "original_output": f"{d.path}:{d.span.start.line}:{d.span.start.column}: "
                               f"{d.code} {d.message}",
        }
        if d.fix is not None and doc is not None and d.fix.edits:
            out["suggestions"] = [
                {"range": {"start": _position(doc, doc.position(e.start_offset)),
                           "end": _position(doc, doc.position(e.end_offset))},
                 "text": e.replacement.replace("\n", doc.newline)}
                for e in d.fix.edits]
        return out

    def emit(self, report: Report) -> None:
        """Write the ``DiagnosticResult`` followed by a newline."""
        uris = rule_help_uris()
        payload = {
            "source": {"name": "notelint", "url": INFORMATION_URI},
            "diagnostics": [self.diagnostic(d, report.documents.get(d.path), uris)
                            for d in report.diagnostics],
        }
        # C1 and bidirectional controls as \\u escapes: same JSON values, nothing raw on a terminal
        self.stream.write(json_escape_unsafe(json.dumps(payload, ensure_ascii=False, indent=2)))
        self.stream.write("\n")
