"""Parsing the command line: usage errors, help, --version, options and paths in any order,
``--``, colours, a closed pipe, and the installed ``notelint`` entry point."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

import notelint.cli
from notelint import __version__
from notelint.cli import main

DANGLING = "# 노트\n\n문장[^9].\n"
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
    (folder / "a.md").write_text(DANGLING, encoding="utf-8")
    (folder / "b.md").write_text(UNKNOWN_DIRECTIVE, encoding="utf-8")
    return folder


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI")}
    return env


@pytest.mark.parametrize(("argv", "line"), [
    (["check", "notes", "--jobs", "-1"],
     "argument -j/--jobs: -1 is below 0 (0: one process per core) (see 'notelint check --help')"),
    (["check", "notes", "-jx"],
     "argument -j/--jobs: 'x' is not a whole number (see 'notelint check --help')"),
    (["check", "notes", "--diff-scope", "hunks"],
     "argument --diff-scope: invalid choice: 'hunks' (choose from 'lines', 'files') "
     "(see 'notelint check --help')"),
    (["check", "notes", "--no-colr"],
     "unrecognized arguments: --no-colr; did you mean '--no-color'? "
     "(see 'notelint check --help')"),
    (["check", "notes", "--format"],
     "argument --format: expected one argument (see 'notelint check --help')"),
    (["check", "notes", "--fix=yes"],
     "argument --fix: ignored explicit argument 'yes' (see 'notelint check --help')"),
    (["check", "notes", "--config", "notes"],
     "argument --config: 'notes' is a folder, not a file (see 'notelint check --help')"),
    (["check", "notes", "-o", "notes"],
     "argument -o/--output-file: 'notes' is a folder, not a file (see 'notelint check --help')"),
    (["check", "notes", "--baseline", "notes"],
     "argument --baseline: 'notes' is a folder, not a file (see 'notelint check --help')"),
    (["check", "notes", "--cache-dir", "notes/a.md"],
     "argument --cache-dir: 'notes/a.md' is a file, not a folder (see 'notelint check --help')"),
    (["check", "notes", "--project-root", "nowhere"],
     "argument --project-root: folder 'nowhere' does not exist (see 'notelint check --help')"),
    (["check", "--version"], "unrecognized arguments: --version (see 'notelint check --help')"),
    (["init", "notes/a.md"],
     "argument FOLDER: 'notes/a.md' is a file, not a folder (see 'notelint init --help')"),
    (["init", "nowhere"],
     "argument FOLDER: folder 'nowhere' does not exist (see 'notelint init --help')"),
    (["rule"], "the following arguments are required: RULE_ID (see 'notelint rule --help')"),
    (["rule", "FN001", "FN002"], "unrecognized arguments: FN002 (see 'notelint rule --help')"),
    (["rules", "x"], "unrecognized arguments: x (see 'notelint rules --help')"),
    (["words", "add"],
     "the following arguments are required: WORDS (see 'notelint words add --help')"),
    (["words", "remove", "x"], "no such command 'remove' (see 'notelint words --help')"),
    (["chek", "notes"], "no such command 'chek'; did you mean 'check'? (see 'notelint --help')"),
    (["--verbose", "check"],
     "unrecognized arguments: --verbose; did you mean '--version'? (see 'notelint --help')"),
    (["-v", "check"], "unrecognized arguments: -v (see 'notelint --help')"),
    (["check", "notes", "--select", "FN\x1b[2J"], "`FN\\x1b[2J` selects no rule"),
    (["check", "notes", "--bad\x07"], "unrecognized arguments: --bad\\x07 (see 'notelint check --help')"),
])
def test_usage_errors_are_one_line_and_exit_2(notes: Path, capsys: pytest.CaptureFixture[str],
                                              argv: list[str], line: str) -> None:
    assert run(argv, capsys) == (2, "", f"notelint: error: {line}\n")


@pytest.mark.parametrize("argv", [[], ["words"]])
def test_a_group_without_a_command_shows_its_help_on_stderr(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(argv, capsys)
    prog = " ".join(["notelint", *argv])
    assert (code, out) == (2, "")
    assert err.startswith(f"Usage: {prog} [OPTIONS] COMMAND [ARGS]...\n\n")
    assert err.endswith("\nOptions:\n  -h, --help  Show this message and exit.\n\nCommands:\n"
                        "  add  Accept WORDS as spelled: add them to the project's word list.\n"
                        if argv else
                        "  words   Manage the project's word list for the spelling rules (SP).\n")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--version"], capsys) == (0, f"notelint, version {__version__}\n", "")
    assert run(["--version", "check", "--bogus"], capsys)[:2] == (0, f"notelint, version {__version__}\n")


def test_help_pages_list_options_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "-h"], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:3] == ["Usage: notelint check [OPTIONS] [PATHS]...", "",
                         "  Check the notes in PATHS (files or folders; default: the current folder)."]
    options = [ln.split("  ")[1] for ln in lines if ln.startswith("  -")]
    assert options == [
        "--format NAME", "--select IDS", "--ignore IDS", "--fix", "--unsafe-fixes", "--strict",
        "-q, --quiet", "--statistics", "--color / --no-color", "--show-source / --no-show-source",
        "--config FILE", "--offline", "--cache-dir DIRECTORY", "--project-root DIRECTORY",
        "--diff-base REF", "--diff-scope [lines|files]", "--no-cache", "-j, --jobs INTEGER RANGE",
        "--stdin-filename PATH", "--diff", "-o, --output-file FILE", "--exit-zero",
        "--baseline FILE", "--write-baseline FILE", "--extend-select IDS", "-h, --help"]
    assert "[default: text]" in out and "[default: 0; x>=0]" in out
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    assert [ln.split()[0] for ln in out.split("Commands:\n")[1].splitlines()] == [
        "check", "init", "rule", "rules", "server", "site", "words"]
    assert "  rule    Print the catalogue entry of RULE_ID (an id like FN001 or a name).\n" in out
    code, out, _ = run(["words", "add", "--help"], capsys)
    assert (code, out.splitlines()[0]) == (0, "Usage: notelint words add [OPTIONS] WORDS...")
    assert "  --config FILE  Use this configuration file instead of the nearest one.\n" in out
    assert run(["init", "--help"], capsys)[1].splitlines()[0] == "Usage: notelint init [OPTIONS] [FOLDER]"
    assert "--all" not in run(["rules", "--help"], capsys)[1]  # accepted but hidden


def test_options_and_paths_in_any_order(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = (1, "notes/a.md:3:3: FN001 Footnote reference `[^9]` has no definition; expected "
                   "a line starting `[^9]:`\nnotes/b.md:1:6: NL007 Unknown directive "
                   "`notelint-disabel`; did you mean `notelint-disable`?\n", "")
    for argv in (["check", "-q", "--no-color", "--select", "FN", "--select=NL007", "notes/a.md",
                  "notes/b.md"],
                 ["check", "notes/a.md", "--select", "FN,NL007", "notes/b.md", "-q", "--no-color"],
                 ["check", "--no-color", "-qj1", "--select", "FN", "--select", "NL", "--",
                  "notes/a.md", "notes/b.md"]):
        assert run(argv, capsys) == expected, argv
    # the last of --color/--no-color wins
    assert run(["check", "notes", "-q", "--color", "--no-color", "--select", "FN"],
               capsys)[1] == expected[1].splitlines(keepends=True)[0]


def test_after_double_dash_everything_is_a_path(notes: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "-x.md").write_text(DANGLING, encoding="utf-8")
    os.chdir(notes)
    assert run(["check", "--no-color", "-q", "--", "-x.md"], capsys) == (
        1, "-x.md:3:3: FN001 Footnote reference `[^9]` has no definition; expected a line "
           "starting `[^9]:`\n", "")
    assert run(["check", "-x.md"], capsys) == (
        2, "", "notelint: error: unrecognized arguments: -x.md (see 'notelint check --help')\n")
    assert run(["check", "--", "--select"], capsys) == (
        2, "", "notelint: error: --select: no such file or folder\n")


def test_colours_are_ansi_sgr_sequences(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "notes/a.md", "--color", "--show-source", "-q"], capsys)
    assert code == 1
    assert out == ("\x1b[1mnotes/a.md:3:3:\x1b[0m \x1b[31m\x1b[1mFN001\x1b[0m Footnote reference "
                   "`[^9]` has no definition; expected a line starting `[^9]:`\n"
                   "    3 | 문장[^9].\n"
                   "\x1b[31m      |     ^^^^\x1b[0m\n")
    Path(".notelint.toml").write_text('[rules.FN001]\nseverity = "warning"\n'
                                      '[rules.NL007]\nseverity = "info"\n', encoding="utf-8")
    _, out, _ = run(["check", "notes", "--color", "--no-show-source", "-q"], capsys)
    assert [ln.split(" ")[1] for ln in out.splitlines()] == [
        "\x1b[33m\x1b[1mFN001\x1b[0m", "\x1b[34m\x1b[1mNL007\x1b[0m"]
    _, out, _ = run(["check", "notes", "--no-color", "--show-source", "-q"], capsys)
    assert "\x1b" not in out


def test_interrupt_and_internal_error(notes: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import notelint.api

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(notelint.api, "lint_paths", interrupted)
    assert run(["check", "notes"], capsys) == (2, "", "\nnotelint: aborted\n")

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("bad\x1b[2J")

    monkeypatch.setattr(notelint.api, "lint_paths", broken)
    monkeypatch.delenv("NOTELINT_DEBUG", raising=False)
    assert run(["check", "notes"], capsys) == (
        2, "", "notelint: internal error: ValueError: bad\\x1b[2J "
               "(set NOTELINT_DEBUG=1 for a traceback)\n")
    monkeypatch.setenv("NOTELINT_DEBUG", "1")
    code, _, err = run(["check", "notes"], capsys)
    assert code == 2 and "Traceback (most recent call last)" in err


def test_a_closed_pipe_ends_the_run_quietly_with_1(notes: Path) -> None:
    many = notes / "many.md"
    many.write_text("".join(f"문장[^{i}].\n\n" for i in range(3000)), encoding="utf-8")
    for argv in (["check", "--no-cache", "--no-color", str(many)], ["rules"]):
        proc = subprocess.Popen([sys.executable, "-m", "notelint", *argv], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=_env())
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # before the first line is written
        err = proc.stderr.read()
        assert (proc.wait(), err) == (1, b""), argv


def test_the_console_script_imports_the_command_line_with_gc_off(tmp_path: Path) -> None:
    (entry,) = importlib.metadata.entry_points(group="console_scripts", name="notelint")
    assert entry.value == "notelint.__main__:main"
    probe = ("import gc, importlib.metadata, sys\n"
             "(entry,) = importlib.metadata.entry_points(group='console_scripts', name='notelint')\n"
             "assert 'notelint.cli' not in sys.modules\n"
             "main = entry.load()\n"
             "print(gc.isenabled(), main is sys.modules['notelint.__main__'].main)\n"
             "code = main(['rules'])\n"
             "print(code, gc.get_freeze_count() > 0, gc.isenabled())\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=tmp_path, env=_env())
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    # The command ran, and left what it allocated to the permanent generation: the
    # interpreter's final collection does not walk it.
    assert (lines[0], lines[-1]) == ("False True", "0 True False")


def test_python_dash_m_turns_gc_off_first_and_click_is_never_imported(notes: Path) -> None:
    probe = ("import gc, runpy, sys\n"
             "sys.argv = ['notelint', 'check', '--no-cache', '-q', 'notes']\n"
             "try:\n"
             "    runpy.run_module('notelint', run_name='__main__')\n"
             "except SystemExit as exc:\n"
             "    print(exc.code, gc.isenabled(), 'click' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**_env(), "NO_COLOR": "1"})
    assert proc.stdout.splitlines()[-1] == "1 False False"
