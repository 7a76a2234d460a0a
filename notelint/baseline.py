"""Baselines: accept today's findings, report only new ones.

``notelint check --write-baseline FILE`` records every current finding;
``notelint check --baseline FILE`` then leaves out the findings recorded
there.  A finding is recognised by the ``notelint/v1`` fingerprint of the
SARIF formatter (:func:`notelint.formatters.sarif.fingerprints`): the rule,
the note's path, the flagged line's text with blanks collapsed, and the
finding's index among equal (rule, path, line text) triples.  The line
*number* is not part of it, so adding or removing lines elsewhere in a note
keeps its findings recognised; editing the flagged line makes the finding
new.  Paths are as displayed, relative to the folder notelint runs in: write
and use a baseline from the same folder (the repository root).

File shape (JSON, UTF-8)::

    {"version": 1, "tool": "notelint",
     "findings": [{"fingerprint": "<32 hex>", "code": "FN001", "path": "content/a.md",
                   "line": 12, "message": "…"}]}

Only ``fingerprint`` is used to match; ``code``, ``path``, ``line`` and
``message`` are there for people reading the file and its diffs.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from notelint.diagnostics import Diagnostic
from notelint.formatters import Report
from notelint.formatters.sarif import fingerprints

VERSION = 1


class BaselineError(Exception):
    """A baseline file cannot be read or written, or does not have the baseline shape."""


@dataclass(frozen=True)
class Filtered:
    """The outcome of :func:`apply_baseline`.

    Attributes:
        diagnostics: the findings not in the baseline (new ones), in order.
        known: how many findings the baseline accounted for.
        gone: baseline entries that matched no finding (fixed since).
    """

    diagnostics: list[Diagnostic]
    known: int
    gone: int


def load_baseline(path: Path) -> Counter[str]:
    """The fingerprints recorded in ``path``, with how often each was recorded.

    Raises:
        BaselineError: the file is missing, unreadable, not JSON or not a baseline.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a notelint baseline (not JSON: {exc})") from None
    findings = data.get("findings") if isinstance(data, dict) else None
    if (not isinstance(data, dict) or data.get("version") != VERSION
            or not isinstance(findings, list)
            or not all(isinstance(f, dict) and isinstance(f.get("fingerprint"), str)
                       for f in findings)):
        raise BaselineError(f"{path}: not a notelint baseline of version {VERSION} "
                            "(write one with --write-baseline)")
    return Counter(f["fingerprint"] for f in findings)


def apply_baseline(report: Report, known: Counter[str]) -> Filtered:
    """Leave out of ``report.diagnostics`` the findings whose fingerprint is in ``known``.

    ``report`` must hold the run's documents (fingerprints read the flagged
    lines).  Each recorded fingerprint accounts for one finding.
    """
    left = Counter(known)
    kept: list[Diagnostic] = []
    matched = 0
    for d, fp in zip(report.diagnostics, fingerprints(report), strict=True):
        if left[fp] > 0:
            left[fp] -= 1
            matched += 1
        else:
            kept.append(d)
    return Filtered(kept, matched, sum(left.values()))


def write_baseline(path: Path, report: Report) -> int:
    """Record every finding of ``report`` in ``path`` (replaced atomically); return how many.

    Raises:
        BaselineError: the file cannot be written.
    """
    entries = [{"fingerprint": fp, "code": d.code, "path": d.path.replace(os.sep, "/"),
                "line": d.span.start.line, "message": d.message}
               for d, fp in zip(report.diagnostics, fingerprints(report), strict=True)]
    text = json.dumps({"version": VERSION, "tool": "notelint", "findings": entries},
                      ensure_ascii=False, indent=2) + "\n"
    folder = path.resolve().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None
    return len(entries)
