"""The ``sarif`` formatter: SARIF 2.1.0 for GitHub code scanning and SARIF viewers.

One run, whose ``tool.driver.rules`` lists every known rule (id, name, the
summary as ``shortDescription``, the first paragraph of the catalogue's
``## Why`` as ``fullDescription``, the whole catalogue entry as ``help``,
a ``helpUri`` to that entry, and the default level; rules without a
catalogue entry, such as plugin rules, get their summary as help, which
code scanning requires).  Each finding is a
result with ``ruleId``/``ruleIndex``, ``level``, ``message.text``, one
location, ``relatedLocations`` for :class:`~notelint.diagnostics.Related`
places, ``fixes`` when a fix is known, and ``partialFingerprints``.

Units: lines are 1-based; columns are 1-based Unicode code points, declared
with ``run.columnKind = "unicodeCodePoints"``; ``endColumn`` is exclusive
(SARIF's "column following the end").  Artifact URIs are the paths relative
to the current folder (run notelint from the repository root for code
scanning), percent-encoded as URI references.

Fingerprint ``notelint/v1``: SHA-256 of rule id, artifact URI, the first line of the
finding with runs of blanks collapsed, and the finding's index among equal
(rule, path, line text) triples -- not the line number, so an alert keeps its
identity when lines are added above it, and is not duplicated across runs.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from functools import lru_cache
from pathlib import PureWindowsPath
from typing import Any
from urllib.parse import quote

from notelint import __version__
from notelint.catalogue import load_catalogue
from notelint.diagnostics import Diagnostic, Severity
from notelint.document import Document
from notelint.formatters import Formatter, JsonItems, Report, write_json
from notelint.lazy import lazy_compile
from notelint.safetext import json_escape_unsafe

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/notelint/notelint"
#: Where ``helpUri`` points: the rule's catalogue entry, ``rules/ID-name.md``.
RULE_DOC_URI = INFORMATION_URI + "/blob/main/rules/{code}-{name}.md"
FINGERPRINT_KEY = "notelint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

_LINK_LIKE = lazy_compile(r"\[[^\]]*\]\(")
_BLANKS = lazy_compile(r"\s+")


def plain_message(text: str) -> str:
    """``text`` as a SARIF plain-text message.

    SARIF reads ``[text](target)`` as an embedded link; when a message quotes
    something of that shape (a markdown link), its brackets and backslashes
    are escaped so viewers show it literally.
    """
    if not _LINK_LIKE.search(text):
        return text
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def artifact_uri(path: str) -> str:
    """A display path as a relative URI reference (POSIX separators, percent-encoded)."""
    if os.path.isabs(path):
        try:
            path = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return PureWindowsPath(path).as_uri()
    posix = path.replace(os.sep, "/")
    posix = posix.removeprefix("./")
    return quote(posix, safe="/-._~!$&'()*+,;=@")


def fingerprint(code: str, path: str, line_text: str, occurrence: int) -> str:
    """The ``notelint/v1`` partial fingerprint (hex SHA-256, first 32 digits)."""
    norm = _BLANKS.sub(" ", line_text).strip()
    raw = "\0".join((code, path, norm, str(occurrence)))
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def first_paragraph(markdown: str, heading: str) -> str:
    """The first paragraph under ``## heading`` in ``markdown``, on one line ('' if none)."""
    m = re.search(rf"^## {re.escape(heading)}[ \t]*\n(.*?)(?=^## |\Z)", markdown, re.MULTILINE | re.DOTALL)
    if m is None:
        return ""
    for block in re.split(r"\n[ \t]*\n", m.group(1).strip()):
        if block.strip() and not block.lstrip().startswith(("```", "~~~")):
            return " ".join(line.strip() for line in block.splitlines())
    return ""


def rule_help_uris() -> dict[str, str]:
    """Rule id -> URL of its catalogue entry, for every rule the catalogue documents."""
    return {code: RULE_DOC_URI.format(code=e.code, name=e.name)
            for code, e in load_catalogue().items()}


@lru_cache(maxsize=1)
def _builtin_default_levels() -> dict[str, str]:
    """Default severity of every rule in the default registry, as SARIF levels."""
    from notelint.registry import default_registry

    try:
        return {r.code: LEVELS[r.default_severity] for r in default_registry()}
    except Exception:
        return {}


def _region(line: int, column: int, end_line: int | None = None,
            end_column: int | None = None) -> dict[str, int]:
    region = {"startLine": max(1, line), "startColumn": max(1, column)}
    if end_line is not None and end_column is not None:
        region["endLine"] = max(region["startLine"], end_line)
        region["endColumn"] = max(1, end_column)
        if region["endLine"] == region["startLine"]:
            region["endColumn"] = max(region["endColumn"], region["startColumn"])
    return region


def _line_text(doc: Document | None, line: int) -> str:
    if doc is None or not 1 <= line <= doc.line_count:
        return ""
    return doc.line_text(line)


def occurrences(report: Report) -> list[int]:
    """Each diagnostic's index among the report's equal (rule, artifact URI, line text) triples."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for d in report.diagnostics:
        norm = _BLANKS.sub(" ", _line_text(report.documents.get(d.path), d.span.start.line)).strip()
        key = (d.code, artifact_uri(d.path), norm)
        out.append(seen[key])
        seen[key] += 1
    return out


def fingerprints(report: Report) -> list[str]:
    """The ``notelint/v1`` fingerprint of each of ``report.diagnostics``, in order.

    The same values as the SARIF results' ``partialFingerprints``; baselines
    and the GitLab report use them to recognise a finding across runs.
    """
    return [fingerprint(d.code, artifact_uri(d.path),
                        _line_text(report.documents.get(d.path), d.span.start.line), n)
            for d, n in zip(report.diagnostics, occurrences(report), strict=True)]


class SarifFormatter(Formatter):
    """SARIF 2.1.0 log with one run."""

    name = "sarif"

    def rules(self, report: Report) -> list[dict[str, Any]]:
        """``tool.driver.rules``: known rules, then any code only seen in results, by id."""
        known = dict(report.rules)
        for d in report.diagnostics:
            known.setdefault(d.code, (d.name, d.name))
        seen_levels: dict[str, str] = {}
        for d in report.diagnostics:
            seen_levels.setdefault(d.code, LEVELS[d.severity])
        defaults = _builtin_default_levels()
        catalogue = load_catalogue()
        out = []
        for code in sorted(known):
            name, summary = known[code]
            entry = catalogue.get(code)
            why = first_paragraph(entry.text, "Why") if entry is not None else ""
            rule: dict[str, Any] = {
                "id": code,
                "name": name,
                "shortDescription": {"text": summary},
                "fullDescription": {"text": why or summary},
                "defaultConfiguration": {
                    "level": defaults.get(code) or seen_levels.get(code, "warning")},
                "properties": {"tags": ["notelint", code[:2]]},
            }
            if entry is not None:
                rule["help"] = {"text": entry.text, "markdown": entry.text}
                rule["helpUri"] = RULE_DOC_URI.format(code=entry.code, name=entry.name)
            else:  # a plugin rule: code scanning requires help all the same
                rule["help"] = {"text": f"{code} {name}: {summary}"}
            out.append(rule)
        return out

    def result(self, d: Diagnostic, doc: Document | None, rule_index: int,
               occurrence: int) -> dict[str, Any]:
        """The SARIF result of one diagnostic."""
        uri = artifact_uri(d.path)
        sp = d.span
        res: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": rule_index,
            "level": LEVELS[d.severity],
            "message": {"text": plain_message(d.message)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": _region(sp.start.line, sp.start.column, sp.end.line,
                                  sp.end.column)}}],
            "partialFingerprints": {
                FINGERPRINT_KEY: fingerprint(d.code, uri, self._line(doc, sp.start.line),
                                             occurrence)},
        }
        if d.related:
            res["relatedLocations"] = [
                {"id": i, "message": {"text": plain_message(r.message)},
                 "physicalLocation": {
                     "artifactLocation": {"uri": artifact_uri(r.path or d.path)},
                     "region": _region(r.line, r.column)}}
                for i, r in enumerate(d.related, start=1)]
        if d.fix is not None and doc is not None and d.fix.edits:
            replacements = []
            for e in d.fix.edits:
                a, b = doc.position(e.start_offset), doc.position(e.end_offset)
                replacements.append({
                    "deletedRegion": _region(a.line, a.column, b.line, b.column),
                    "insertedContent": {"text": e.replacement.replace("\n", doc.newline)}})
            res["fixes"] = [{
                "description": {"text": d.fix.description},
                "artifactChanges": [{"artifactLocation": {"uri": uri},
                                     "replacements": replacements}],
                "properties": {"safe": d.fix.safe}}]
        return res

    @staticmethod
    def _line(doc: Document | None, line: int) -> str:
        return _line_text(doc, line)

    def log(self, report: Report) -> dict[str, Any]:
        """The whole SARIF log as a JSON-ready dict."""
        log = self._log(report)
        run = log["runs"][0]
        run["results"] = list(run["results"].items)
        return log

    def _log(self, report: Report) -> dict[str, Any]:
        """:meth:`log` with its results as a :class:`~notelint.formatters.JsonItems`: each
        made as it is written."""
        rules = self.rules(report)
        index = {r["id"]: i for i, r in enumerate(rules)}
        documents = report.documents
        results = JsonItems(
            self.result(d, documents.get(d.path), index[d.code], occurrence)
            for d, occurrence in zip(report.diagnostics, occurrences(report), strict=True))
        driver = {"name": "notelint", "version": __version__, "semanticVersion": __version__,
                  "informationUri": INFORMATION_URI, "rules": rules}
        return {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        }

    def emit(self, report: Report) -> None:
        """Write the SARIF log as indented JSON followed by a newline.

        The results are written one by one (:func:`notelint.formatters.write_json`):
        the text is that of ``json.dumps(self.log(report), indent=2)``, without the
        whole log in memory.
        """
        # C1 and bidirectional controls as \\u escapes: same JSON values, nothing raw on a terminal
        write_json(self.stream.write, self._log(report), escape=json_escape_unsafe)
        self.stream.write("\n")
