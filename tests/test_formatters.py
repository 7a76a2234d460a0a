"""Golden output of the built-in formatters on Korean, emoji, CRLF and tab text."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from notelint.api import lint_paths
from notelint.formatters import FormatterOptions, Report, get_formatter
from notelint.registry import Registry

NOTE = "# 노트 😀\r\n\r\n한국어\t😀 TODO 끝\r\n\r\n" + "긴 줄 " * 30 + "\r\n"


@pytest.fixture()
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_registry: Registry) -> Report:
    monkeypatch.chdir(tmp_path)
    Path("notes").mkdir()
    Path("notes/k.md").write_bytes(NOTE.encode())
    result = lint_paths(["notes"], registry=demo_registry, select=["XX"])
    return Report(result.diagnostics, result.documents, result.files_checked,
                  rules={r.code: (r.name, r.summary) for r in demo_registry})


def render(name: str, report: Report, **options: bool) -> str:
    out = io.StringIO()
    get_formatter(name)(out, FormatterOptions(**options)).emit(report)
    return out.getvalue()


def test_text_golden(report: Report) -> None:
    assert render("text", report, show_source=True) == (
        "notes/k.md:3:7: XX001 [*] `TODO` left in the note\n"
        "    3 | 한국어 😀 TODO 끝\n"
        "      |           ^^^^\n"
        "notes/k.md:5:1: XX002 Line is longer than 80 characters\n"
        "    5 | " + "긴 줄 " * 30 + "\n"
        "      | " + "^" * 180 + "\n"
        "Found 2 problems (1 error, 1 warning) in 1 of 1 file; 1 fixable with --fix.\n"
    )


def test_text_colour_codes_only_when_asked(report: Report) -> None:
    assert "\x1b[" not in render("text", report)
    assert "\x1b[" in render("text", report, color=True)


def test_json_golden(report: Report) -> None:
    data = json.loads(render("json", report))
    assert data == {
        "version": 1,
        "diagnostics": [
            {"code": "XX001", "name": "todo-word", "severity": "error", "path": "notes/k.md",
             "line": 3, "column": 7, "end_line": 3, "end_column": 11,
             "message": "`TODO` left in the note",
             "fix": {"description": "Replace by DONE", "safe": True,
                     "edits": [{"line": 3, "column": 7, "end_line": 3, "end_column": 11,
                                "replacement": "DONE"}]},
             "related": []},
            {"code": "XX002", "name": "long-line", "severity": "warning", "path": "notes/k.md",
             "line": 5, "column": 1, "end_line": 5, "end_column": 121,
             "message": "Line is longer than 80 characters", "fix": None, "related": []},
        ],
        "summary": {"files": 1, "diagnostics": 2, "errors": 1, "warnings": 1, "infos": 0,
                    "fixable": 1, "fixed": 0, "suppressed": 0},
    }
    assert "\\u" not in render("json", report)  # non-ASCII text is written as is


def test_statistics(report: Report) -> None:
    assert render("text", report, statistics=True, quiet=True) == (
        "     1  XX001  [*] todo-word\n"
        "     1  XX002      long-line\n")
