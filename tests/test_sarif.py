"""The ``sarif`` formatter: valid against the SARIF 2.1.0 schema, stable fingerprints, rule help.

The schema is the vendored ``notelint/data/sarif-schema-2.1.0.json`` (its
provenance is in ``notelint/data/README.md``), checked with ``jsonschema``.
GitHub code scanning's own upload rules are checked with Microsoft's SARIF
Multitool by ``scripts/check_sarif_code_scanning.py``, outside the test suite
because it fetches the Multitool from the npm registry.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

try:
    import jsonschema  # type: ignore[import-untyped]
except ImportError:
    pytest.fail("jsonschema is not installed; it is a test dependency: pip install -e '.[test]'",
                pytrace=False)
from test_formatters_ci import NOTE, PATH, build_report

from notelint.catalogue import load_catalogue
from notelint.diagnostics import Diagnostic, Position, Severity, Span
from notelint.formatters import Report
from notelint.formatters.sarif import SarifFormatter, artifact_uri, plain_message
from notelint.registry import Registry

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "notelint" / "data" / "sarif-schema-2.1.0.json"
#: SHA-256 recorded in notelint/data/README.md.
SCHEMA_SHA256 = "2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8"


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def assert_valid(validator: jsonschema.protocols.Validator, log: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def sarif(report: Report) -> dict[str, Any]:
    out = io.StringIO()
    SarifFormatter(out).emit(report)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


@pytest.fixture()
def ci_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_registry: Registry) -> Report:
    from test_formatters_ci import EchoRule
    monkeypatch.chdir(tmp_path)
    return build_report(tmp_path, Registry([*demo_registry, EchoRule]))


def test_vendored_schema_is_the_recorded_file() -> None:
    assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == SCHEMA_SHA256


def test_schema_rejects_what_it_should(validator: jsonschema.protocols.Validator) -> None:
    """Guard against a schema that accepts anything."""
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "columnKind": "bytes"}]}
    messages = {e.message for e in validator.iter_errors(bad)}
    assert "'name' is a required property" in messages
    assert any("'bytes' is not one of" in m for m in messages)


def test_golden_results(ci_report: Report, validator: jsonschema.protocols.Validator) -> None:
    log = sarif(ci_report)
    assert_valid(validator, log)
    (run,) = log["runs"]
    assert log["version"] == "2.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["informationUri"]) == (
        "notelint", "https://github.com/notelint/notelint")
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids) and {"XX001", "XX002", "XX003", "NL001"} <= set(ids)
    assert all(r["help"]["text"] and r["fullDescription"]["text"] for r in driver["rules"])
    xx001 = driver["rules"][ids.index("XX001")]
    assert xx001["help"] == {"text": "XX001 todo-word: Demonstration: a word in prose"}
    assert "helpUri" not in xx001
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert (levels["XX001"], levels["XX002"], levels["XX003"], levels["NL001"]) == (
        "error", "warning", "note", "error")
    uri = "notes/%EB%85%B8%ED%8A%B8,a%3Ab.md"
    for res in run["results"]:
        del res["partialFingerprints"]  # checked in their own tests
    assert run["results"] == [
        {"ruleId": "XX001", "ruleIndex": ids.index("XX001"), "level": "error",
         "message": {"text": "`TODO` left in the note"},
         "locations": [{"physicalLocation": {
             "artifactLocation": {"uri": uri},
             "region": {"startLine": 3, "startColumn": 7, "endLine": 3, "endColumn": 11}}}],
         "fixes": [{"description": {"text": "Replace by DONE"},
                    "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [{
                        "deletedRegion": {"startLine": 3, "startColumn": 7, "endLine": 3,
                                          "endColumn": 11},
                        "insertedContent": {"text": "DONE"}}]}],
                    "properties": {"safe": True}}]},
        {"ruleId": "XX002", "ruleIndex": ids.index("XX002"), "level": "warning",
         "message": {"text": "Line is longer than 80 characters"},
         "locations": [{"physicalLocation": {
             "artifactLocation": {"uri": uri},
             "region": {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 121}}}]},
        {"ruleId": "XX003", "ruleIndex": ids.index("XX003"), "level": "note",
         "message": {"text": "`ECHO` repeats the title: 100%, sure:\nsee line 1"},
         "locations": [{"physicalLocation": {
             "artifactLocation": {"uri": uri},
             "region": {"startLine": 6, "startColumn": 7, "endLine": 6, "endColumn": 11}}}],
         "relatedLocations": [{"id": 1, "message": {"text": "the title"}, "physicalLocation": {
             "artifactLocation": {"uri": uri},
             "region": {"startLine": 1, "startColumn": 1}}}]},
    ]
    assert unquote(uri) == PATH and urlsplit(uri).scheme == ""


def test_code_point_columns_select_the_flagged_text(ci_report: Report) -> None:
    lines = NOTE.split("\r\n")
    got = []
    for res in sarif(ci_report)["runs"][0]["results"]:
        region = res["locations"][0]["physicalLocation"]["region"]
        got.append(lines[region["startLine"] - 1][region["startColumn"] - 1:
                                                   region["endColumn"] - 1])
    assert got == ["TODO", "긴 줄 " * 30, "ECHO"]


def _fingerprints(report: Report) -> list[str]:
    return [r["partialFingerprints"]["notelint/v1"] for r in sarif(report)["runs"][0]["results"]]


def test_fingerprints_survive_edits_above_and_tell_twins_apart(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_registry: Registry) -> None:
    monkeypatch.chdir(tmp_path)
    note = "# 노트\n\nTODO 하나\n\nTODO 하나\n"
    before = _fingerprints(build_report(tmp_path, demo_registry, note=note, path="n/a.md"))
    assert len(before) == len(set(before)) == 2  # same rule, same line text: told apart
    moved = "# 노트\n\n새 문단.\n\n" + note.split("\n", 2)[2]
    after = _fingerprints(build_report(tmp_path, demo_registry, note=moved, path="n/a.md"))
    assert after == before  # lines moved down by two: same alerts
    edited = note.replace("TODO 하나\n\n", "TODO 둘\n\n", 1)
    changed = _fingerprints(build_report(tmp_path, demo_registry, note=edited, path="n/a.md"))
    assert changed[0] not in before and changed[1] == before[0]


def test_rules_carry_the_catalogue_entry(validator: jsonschema.protocols.Validator) -> None:
    entry = load_catalogue()["FN001"]
    d = Diagnostic("FN001", "undefined-footnote-reference", Severity.ERROR, "a.md",
                   Span(Position(1, 1), Position(1, 5), 0, 4), "Footnote reference `[^7]` ...")
    log = sarif(Report([d], rules={"FN001": ("undefined-footnote-reference",
                                             "Footnote reference has no definition")}))
    assert_valid(validator, log)
    (rule,) = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["shortDescription"] == {"text": "Footnote reference has no definition"}
    assert rule["fullDescription"]["text"].startswith("A reference `[^7]` becomes a superscript")
    assert "\n" not in rule["fullDescription"]["text"]
    assert rule["help"] == {"text": entry.text, "markdown": entry.text}
    assert rule["helpUri"] == ("https://github.com/notelint/notelint/blob/main/rules/"
                               "FN001-undefined-footnote-reference.md")
    assert rule["defaultConfiguration"] == {"level": "error"}


def test_link_like_messages_are_escaped() -> None:
    assert plain_message("Footnote `[^7]` dangles") == "Footnote `[^7]` dangles"
    assert plain_message("See [링크](https://x.org) \\ here") == (
        "See \\[링크\\](https://x.org) \\\\ here")


def test_artifact_uris() -> None:
    assert artifact_uri("./notes/my note.md") == "notes/my%20note.md"
    assert artifact_uri("a:b.md") == "a%3Ab.md"
    assert artifact_uri("노트.md") == "%EB%85%B8%ED%8A%B8.md"


def test_cli_output_on_the_example_notes_is_valid(validator: jsonschema.protocols.Validator) -> None:
    proc = subprocess.run([sys.executable, "-m", "notelint", "check", "examples/notes",
                           "--format", "sarif"], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", check=False)
    assert proc.returncode == 1, proc.stderr
    log = json.loads(proc.stdout)
    assert_valid(validator, log)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["results"], "the example notes have planted defects"
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("examples/notes/") and (ROOT / unquote(uri)).is_file()
    fingerprints = [r["partialFingerprints"]["notelint/v1"] for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)
    assert any("relatedLocations" in r for r in run["results"])
