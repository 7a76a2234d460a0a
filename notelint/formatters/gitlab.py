"""The ``gitlab`` formatter: a GitLab Code Quality report.

GitLab reads a JSON array of issues from the job artifact declared under
``artifacts: reports: codequality`` and shows them in merge requests.  Each
finding becomes one issue with the fields GitLab documents as required
(GitLab docs, "Code Quality", "Code Quality report format")::

    {"description": "FN001 Footnote reference `[^7]` has no definition; …",
     "check_name": "FN001",
     "fingerprint": "<32 hex digits>",
     "severity": "major",
     "location": {"path": "content/til.md", "lines": {"begin": 136}}}

* ``severity``: GitLab's scale is info, minor, major, critical, blocker;
  notelint's ``error``, ``warning`` and ``info`` become ``major``, ``minor``
  and ``info``.
* ``fingerprint``: the ``notelint/v1`` fingerprint of the SARIF formatter
  (rule, path, the flagged line's text and its occurrence index; not the
  line number), so GitLab matches a finding across commits when lines move.
* ``location.path``: relative to the current folder with ``/`` separators,
  not percent-encoded (run notelint from the repository root, as GitLab
  expects).
"""

from __future__ import annotations

import json
import os
from typing import Any

from notelint.diagnostics import Severity
from notelint.formatters import Formatter, Report
from notelint.formatters.sarif import fingerprints
from notelint.safetext import json_escape_unsafe

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def relative_path(path: str) -> str:
    """``path`` relative to the current folder, with ``/`` separators and no ``./``."""
    if os.path.isabs(path):
        try:
            path = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            pass
    return path.replace(os.sep, "/").removeprefix("./")


class GitlabFormatter(Formatter):
    """GitLab Code Quality report: one JSON array, one issue per finding."""

    name = "gitlab"

    def issues(self, report: Report) -> list[dict[str, Any]]:
        """The report's findings as Code Quality issues, in report order."""
        out = []
        for d, fp in zip(report.diagnostics, fingerprints(report), strict=True):
            out.append({
                "description": f"{d.code} {d.message}",
                "check_name": d.code,
                "fingerprint": fp,
                "severity": SEVERITIES[d.severity],
                "location": {"path": relative_path(d.path), "lines": {"begin": d.span.start.line}},
            })
        return out

    def emit(self, report: Report) -> None:
        """Write the issues as one indented JSON array followed by a newline."""
        # C1 and bidirectional controls as \\u escapes: same values, nothing raw on a terminal
        self.stream.write(json_escape_unsafe(json.dumps(self.issues(report), ensure_ascii=False,
                                                        indent=2)))
        self.stream.write("\n")
