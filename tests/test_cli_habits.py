"""Options that people who use other linters expect: --diff, --output-file, --exit-zero,
globs in paths, baselines, --format gitlab, --statistics with json, and the small things a
user trips on (--select "", configuration error places, comma-separated select strings).

Each test drives ``notelint check`` as a user would, in a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from notelint.cli import main

#: A dangling reference whose definition has a space in its label: FN001 with a safe fix.
SPACED = "# 노트\n\n본문[^1] 문장.\n\n[^ 1]: 출처 x\n"
SPACED_FIXED = "# 노트\n\n본문[^1] 문장.\n\n[^1]: 출처 x\n"
CLEAN = "# 좋은 노트\n\n참고[^1].\n\n[^1]: 출처.\n"
DANGLING = "# 노트\n\n문장[^9].\n"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([*argv, "--no-color"] if argv and argv[0] == "check" else argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "spaced.md").write_text(SPACED, encoding="utf-8")
    (notes / "clean.md").write_text(CLEAN, encoding="utf-8")
    return tmp_path


# -- --diff ----------------------------------------------------------------------------------

def test_diff_prints_what_fix_would_change_and_writes_nothing(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "notes", "--diff"], capsys)
    assert code == 1
    assert out == ("--- notes/spaced.md\n+++ notes/spaced.md\n@@ -2,4 +2,4 @@\n \n"
                   " 본문[^1] 문장.\n \n-[^ 1]: 출처 x\n+[^1]: 출처 x\n")
    assert err == "notelint: --fix would apply 1 fix in 1 file\n"
    assert (folder / "notes" / "spaced.md").read_text(encoding="utf-8") == SPACED
    # the diff is a real patch: applying it gives what --fix writes
    proc = subprocess.run(["git", "apply", "-p0", "-"], input=out.encode("utf-8"), cwd=folder,
                          capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (folder / "notes" / "spaced.md").read_text(encoding="utf-8") == SPACED_FIXED
    code, out, err = run(["check", "notes", "--diff"], capsys)
    assert (code, out, err) == (0, "", "")


def test_diff_keeps_crlf_files_untouched_and_refuses_fix(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crlf = folder / "notes" / "spaced.md"
    crlf.write_bytes(SPACED.replace("\n", "\r\n").encode("utf-8"))
    code, out, _ = run(["check", "notes/spaced.md", "--diff"], capsys)
    assert code == 1 and "-[^ 1]: 출처 x\n+[^1]: 출처 x\n" in out
    assert crlf.read_bytes() == SPACED.replace("\n", "\r\n").encode("utf-8")
    code, _, err = run(["check", "notes", "--diff", "--fix"], capsys)
    assert code == 2 and err.startswith("notelint: error: --diff shows what --fix would change")


# -- --output-file and --exit-zero -----------------------------------------------------------

def test_output_file_and_exit_zero(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "notes", "--format", "json", "--output-file",
                        "reports/notelint.json"], capsys)
    assert (code, out) == (1, "")
    report = json.loads((folder / "reports" / "notelint.json").read_text(encoding="utf-8"))
    assert [(d["code"], d["path"], d["line"], d["column"]) for d in report["diagnostics"]] == [
        ("FN001", "notes/spaced.md", 3, 3)]
    code, out, _ = run(["check", "notes", "--exit-zero", "-o", "out.txt"], capsys)
    assert (code, out) == (0, "")
    assert (folder / "out.txt").read_text(encoding="utf-8").startswith(
        "notes/spaced.md:3:3: FN001 [*] Footnote reference `[^1]` has no definition")
    # usage errors still exit 2 with --exit-zero
    code, _, err = run(["check", "missing", "--exit-zero"], capsys)
    assert code == 2 and "missing: no such file or folder" in err


# -- globs -----------------------------------------------------------------------------------

def test_glob_patterns_in_paths(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = folder / "notes" / "2024" / "week1"
    deep.mkdir(parents=True)
    (deep / "log.md").write_text(DANGLING, encoding="utf-8")
    code, out, _ = run(["check", "notes/*.md", "-q"], capsys)
    assert (code, out.splitlines()[0].split(": FN001")[0]) == (1, "notes/spaced.md:3:3")
    assert len(out.splitlines()) == 1
    code, out, _ = run(["check", "notes/**/*.md", "-q", "--select", "FN001"], capsys)
    assert [ln.split(": ")[0] for ln in out.splitlines()] == [
        "notes/2024/week1/log.md:3:3", "notes/spaced.md:3:3"]
    code, _, err = run(["check", "notes/*.markdown"], capsys)
    assert (code, err) == (2, "notelint: error: notes/*.markdown: no file or folder matches "
                              "this pattern\n")
    # a file whose name looks like a pattern is taken as it is
    (folder / "notes" / "[draft].md").write_text(CLEAN, encoding="utf-8")
    code, out, _ = run(["check", "notes/[draft].md"], capsys)
    assert (code, out) == (0, "No problems in 1 file.\n")


# -- --select "" and configuration messages -------------------------------------------------

def test_empty_select_is_an_error(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", "notes", "--select", ""], capsys)
    assert (code, err) == (2, "notelint: error: --select needs at least one rule id, prefix or "
                              "name (leave it out to run the default rules)\n")
    code, _, err = run(["check", "notes", "--select", " , "], capsys)
    assert code == 2


def test_select_string_with_commas_and_error_places(folder: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    config = folder / ".notelint.toml"
    config.write_text('select = "FN,DT"\n', encoding="utf-8")
    (folder / "notes" / "dates.md").write_text(
        "".join(f"## 항목\n\n*2021.05.{day}*\n\n내용.\n\n" for day in ("01", "24", "02", "10")),
        encoding="utf-8")
    code, out, _ = run(["check", "notes", "-q"], capsys)
    assert code == 1
    assert sorted({ln.split()[1] for ln in out.splitlines()}) == ["DT001", "FN001"]
    config.write_text('select = "FN, DTX"\n', encoding="utf-8")
    code, _, err = run(["check", "notes"], capsys)
    assert (code, err) == (2, f"notelint: error: {config}: select: `DTX` selects no rule\n")
    config.write_text('[rules.FN001]\nseverity = "fatal"\n', encoding="utf-8")
    code, _, err = run(["check", "notes"], capsys)
    assert err == (f"notelint: error: {config}: [rules.FN001] severity: unknown severity "
                   "'fatal'; expected one of: error, warning, info\n")
    config.write_text('[per-file-ignores]\n"archive/*.md" = "FN,XX"\n', encoding="utf-8")
    code, _, err = run(["check", "notes"], capsys)
    assert err == (f'notelint: error: {config}: [per-file-ignores] "archive/*.md": '
                   "`XX` selects no rule\n")
    config.unlink()
    (folder / "pyproject.toml").write_text('[tool.notelint.links]\ntimeout = "soon"\n',
                                           encoding="utf-8")
    code, _, err = run(["check", "notes"], capsys)
    assert err == (f"notelint: error: {folder / 'pyproject.toml'}: [tool.notelint.links] "
                   "timeout must be float, not 'soon'\n")


def test_space_in_footnote_label_is_not_a_link(folder: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    # `[^ 1]: 출처 x` is a link reference definition to `출처` for markdown: not an LK002
    code, out, _ = run(["check", "notes/spaced.md", "-q", "--select", "FN,LK002"], capsys)
    assert [ln.split(" [*]")[0] for ln in out.splitlines()] == ["notes/spaced.md:3:3: FN001"]


def test_front_matter_error_keeps_the_yaml_pointer(folder: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "notes" / "fm.md").write_text(
        '---\ntitle: "주간 정리\ndate: 2024-01-05\n---\n\n본문.\n', encoding="utf-8")
    code, out, _ = run(["check", "notes/fm.md", "-q"], capsys)
    assert out == ("notes/fm.md:3:17: NL005 Front matter is not valid YAML: found unexpected end "
                   "of stream (while scanning a quoted scalar that starts at line 2, column 8)\n")


# -- statistics with json ---------------------------------------------------------------------

def test_statistics_with_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "notes" / "two.md").write_text(DANGLING + "또[^8].\n", encoding="utf-8")
    code, out, _ = run(["check", "notes", "--format", "json", "--statistics"], capsys)
    payload = json.loads(out)
    assert code == 1 and "diagnostics" not in payload
    assert payload["statistics"] == [
        {"code": "FN001", "name": "undefined-footnote-reference", "severity": "error",
         "count": 3, "fixable": 1}]
    assert payload["summary"]["diagnostics"] == 3


# -- baselines --------------------------------------------------------------------------------

def test_baseline_reports_only_new_findings_when_lines_move(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = folder / "notes" / "spaced.md"
    code, out, err = run(["check", "notes", "--write-baseline", "notelint-baseline.json"], capsys)
    assert (code, out, err) == (0, "", "notelint: recorded 1 finding in notelint-baseline.json\n")
    recorded = json.loads((folder / "notelint-baseline.json").read_text(encoding="utf-8"))
    assert [(f["code"], f["path"], f["line"]) for f in recorded["findings"]] == [
        ("FN001", "notes/spaced.md", 3)]
    code, out, err = run(["check", "notes", "--baseline", "notelint-baseline.json"], capsys)
    assert (code, out) == (0, "No problems in 2 files.\n")
    assert err == "notelint: 1 finding in the baseline notelint-baseline.json\n"
    # lines added above the known finding, and a new finding below it
    note.write_text("# 노트\n\n서문.\n\n더 긴 서문.\n" + SPACED[len("# 노트\n"):] + "\n새[^2].\n",
                    encoding="utf-8")
    code, out, _ = run(["check", "notes", "--baseline", "notelint-baseline.json", "-q"], capsys)
    assert code == 1
    assert [ln.split(" Footnote")[0] for ln in out.splitlines()] == [
        "notes/spaced.md:11:2: FN001"]
    # the known finding fixed: the baseline entry is reported as gone
    note.write_text(CLEAN, encoding="utf-8")
    code, out, err = run(["check", "notes", "--baseline", "notelint-baseline.json"], capsys)
    assert code == 0
    assert err == ("notelint: 0 findings in the baseline notelint-baseline.json; 1 baseline "
                   "entry no longer found (run --write-baseline to drop them)\n")


def test_baseline_errors(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", "notes", "--baseline", "none.json"], capsys)
    assert code == 2 and err.startswith("notelint: error: none.json: cannot read the baseline")
    (folder / "bad.json").write_text('{"findings": 3}', encoding="utf-8")
    code, _, err = run(["check", "notes", "--baseline", "bad.json"], capsys)
    assert (code, err) == (2, "notelint: error: bad.json: not a notelint baseline of version 1 "
                              "(write one with --write-baseline)\n")
    code, _, err = run(["check", "notes", "--baseline", "a.json", "--write-baseline", "b.json"],
                       capsys)
    assert code == 2


# -- --format gitlab --------------------------------------------------------------------------

def test_gitlab_code_quality_report(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "notes" / "warn.md").write_text("# 노트\n\n본문.\n\n[^9]: 안 쓰는 각주.\n",
                                              encoding="utf-8")
    code, out, _ = run(["check", "notes", "--format", "gitlab"], capsys)
    issues = json.loads(out)
    assert code == 1
    assert [{k: v for k, v in i.items() if k != "fingerprint"} for i in issues] == [
        {"description": "FN001 Footnote reference `[^1]` has no definition; `[^ 1]:` on line 5 "
                        "looks like it (remove the space)",
         "check_name": "FN001", "severity": "major",
         "location": {"path": "notes/spaced.md", "lines": {"begin": 3}}},
        {"description": "FN002 Footnote definition `[^9]:` is never referenced (no `[^9]` in "
                        "the text); it will not be shown",
         "check_name": "FN002", "severity": "minor",
         "location": {"path": "notes/warn.md", "lines": {"begin": 5}}},
    ]
    # the fingerprints are the SARIF ones
    code, out, _ = run(["check", "notes", "--format", "sarif"], capsys)
    sarif = json.loads(out)["runs"][0]["results"]
    assert [i["fingerprint"] for i in issues] == [
        r["partialFingerprints"]["notelint/v1"] for r in sarif]
    assert all(len(i["fingerprint"]) == 32 for i in issues)


def test_gitlab_format_is_an_entry_point() -> None:
    from importlib.metadata import entry_points

    (ep,) = [e for e in entry_points(group="notelint.formatters") if e.name == "gitlab"]
    assert ep.value == "notelint.formatters.gitlab:GitlabFormatter"


# -- as an installed command ------------------------------------------------------------------

def test_installed_command_with_new_options(folder: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "notelint", "check", "notes/*.md", "--diff"],
                          cwd=folder, capture_output=True, text=True, encoding="utf-8", env=env,
                          check=False)
    assert proc.returncode == 1 and proc.stdout.startswith("--- notes/spaced.md\n")
    proc = subprocess.run([sys.executable, "-m", "notelint", "check", "notes", "--exit-zero",
                           "--format", "gitlab", "-o", "gl-code-quality-report.json"],
                          cwd=folder, capture_output=True, text=True, env=env, check=False)
    assert (proc.returncode, proc.stdout) == (0, "")
    report = json.loads((folder / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert [i["check_name"] for i in report] == ["FN001"]


def test_diff_shows_control_characters_escaped_for_people_and_exact_for_patch(
        folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    note = folder / "notes" / "spaced.md"
    note.write_text(SPACED.replace("본문[^1] 문장.", "::error 본문[^1]\x1b[2J"), encoding="utf-8")
    monkeypatch.setenv("CI", "true")
    code, out, _ = run(["check", "notes/spaced.md", "--diff"], capsys)
    assert code == 1 and "\x1b" not in out
    assert "\n\\ ::error 본문[^1]\\x1b[2J\n" in out  # not a workflow command, no raw ESC
    monkeypatch.delenv("CI")
    code, out, _ = run(["check", "notes/spaced.md", "--diff", "-o", "fix.patch"], capsys)
    patch = (folder / "fix.patch").read_text(encoding="utf-8")
    assert code == 1 and "\n ::error 본문[^1]\x1b[2J\n" in patch
