"""The command line: exit codes, options, output shapes, subcommands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from notelint.cli import main

BROKEN_FM = "---\ntitle: [unclosed\n---\n\n본문\n"
UNKNOWN_DIRECTIVE = "text <!-- notelint-disabel -->\n"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "bad.md").write_text(BROKEN_FM, encoding="utf-8")
    (folder / "directive.md").write_text(UNKNOWN_DIRECTIVE, encoding="utf-8")
    (folder / "good.md").write_text("# 좋은 노트\n\n내용.\n", encoding="utf-8")
    return folder


def test_text_output_and_exit_code_1(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "notes", "--no-color"], capsys)
    assert code == 1
    assert err == ""
    assert out.splitlines() == [
        "notes/bad.md:2:17: NL005 Front matter is not valid YAML: expected ',' or ']', but got '<stream end>'",
        "notes/directive.md:1:6: NL007 Unknown directive `notelint-disabel`; did you mean `notelint-disable`?",
        "Found 2 problems (2 errors) in 2 of 3 files.",
    ]


def test_json_shape_and_relative_paths(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "notes/bad.md", "--format", "json"], capsys)
    assert code == 1
    data = json.loads(out)
    assert data["version"] == 1
    assert data["diagnostics"] == [{
        "code": "NL005", "name": "invalid-front-matter", "severity": "error",
        "path": "notes/bad.md", "line": 2, "column": 17, "end_line": 2, "end_column": 17,
        "message": "Front matter is not valid YAML: expected ',' or ']', but got '<stream end>'",
        "fix": None, "related": [],
    }]
    assert data["summary"] == {"files": 1, "diagnostics": 1, "errors": 1, "warnings": 0,
                               "infos": 0, "fixable": 0, "fixed": 0, "suppressed": 0}


def test_clean_run_exits_0(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "notes/good.md"], capsys)
    assert (code, out) == (0, "No problems in 1 file.\n")


def test_ignore_select_quiet_and_statistics(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "notes", "--ignore", "NL005", "--quiet", "--no-color"], capsys)
    assert code == 1
    assert out.splitlines() == [
        "notes/directive.md:1:6: NL007 Unknown directive `notelint-disabel`; did you mean `notelint-disable`?"]
    code, out, _ = run(["check", "notes", "--select", "NL005,NL007", "--statistics", "-q"], capsys)
    assert out.splitlines() == ["     1  NL005      invalid-front-matter",
                                "     1  NL007      invalid-directive"]


def test_severity_downgrade_and_strict(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path(".notelint.toml").write_text('[rules.NL005]\nseverity = "warning"\n')
    code, _, _ = run(["check", "notes/bad.md"], capsys)
    assert code == 0
    code, _, _ = run(["check", "notes/bad.md", "--strict"], capsys)
    assert code == 1


def test_show_source_puts_a_caret_under_the_span(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "k.md").write_text("한국어 <!-- notelint-disabel -->\n", encoding="utf-8")
    _code, out, _ = run(["check", "notes/k.md", "--show-source", "--no-color", "-q"], capsys)
    assert out.splitlines() == [
        "notes/k.md:1:5: NL007 Unknown directive `notelint-disabel`; did you mean `notelint-disable`?",
        "    1 | 한국어 <!-- notelint-disabel -->",
        "      |        " + "^" * 25,
    ]


@pytest.mark.parametrize(("argv", "message"), [
    (["check", "missing"], "notelint: error: missing: no such file or folder"),
    (["check", "notes", "--select", "FNX"], "notelint: error: `FNX` selects no rule"),
    (["check", "notes", "--format", "xml"], "notelint: error: unknown format 'xml'; available:"),
    (["rule", "NL999"], "notelint: error: unknown rule `NL999`"),
])
def test_usage_errors_exit_2_with_one_line(notes: Path, capsys: pytest.CaptureFixture[str],
                                           argv: list[str], message: str) -> None:
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(message)
    assert len(err.strip().splitlines()) == 1


def test_folder_without_notes_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "readme.txt").write_text("x")
    code, _, err = run(["check", str(tmp_path)], capsys)
    assert code == 2
    assert "no markdown notes" in err


def test_bad_config_exits_2(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path(".notelint.toml").write_text("selectt = ['FN']\n")
    code, _, err = run(["check", "notes"], capsys)
    assert code == 2
    assert "unknown key `selectt`; did you mean `select`?" in err


def test_rule_and_rules_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rule", "NL005"], capsys)
    assert code == 0
    assert out.startswith("# NL005 invalid-front-matter")
    code, out, _ = run(["rule", "invalid-front-matter"], capsys)
    assert out.startswith("# NL005 invalid-front-matter")
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    assert any(line.startswith("NL005  invalid-front-matter") for line in out.splitlines())


def test_python_dash_m_works(notes: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "notelint", "check", "notes/good.md"],
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert (proc.returncode, proc.stdout) == (0, "No problems in 1 file.\n")


def test_fix_repairs_the_real_malformed_definitions(corpus: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    copy = tmp_path / "content"
    shutil.copytree(corpus, copy)
    for note in copy.rglob("*.md"):
        note.chmod(0o644)  # the shared corpus is read-only, and --fix leaves read-only notes alone
    code, out, _ = run(["check", str(copy), "--select", "FN", "--fix", "--no-color", "-q"], capsys)
    assert code == 0  # only unused definitions (warnings) are left
    fixed = (copy / "til-ai-ml.md").read_text(encoding="utf-8").splitlines()
    assert fixed[500].startswith("[^7]: Olivier Moindrot.")
    til = (copy / "til.md").read_text(encoding="utf-8").splitlines()
    assert til[209].startswith("[^5]: ") and til[210].startswith("[^6]: ")
    original = (corpus / "til.md").read_text(encoding="utf-8").splitlines()
    assert [i for i, (a, b) in enumerate(zip(original, til, strict=False)) if a != b] == [209, 210]
    assert (copy / "boostcamp-week4.md").read_bytes() == (corpus / "boostcamp-week4.md").read_bytes()
    assert "FN001" not in out and "FN004" not in out
