"""``--diff-base``: changed lines from real git repositories, and the filtering built on them."""

from __future__ import annotations

import inspect
import os
import subprocess
from pathlib import Path

import pytest

from notelint.diagnostics import Diagnostic, Position, Related, Severity, Span
from notelint.diffbase import (
    DiffBaseError,
    changed_lines,
    for_display_paths,
    normalise_path,
    on_changed_line,
    parse_unified_diff,
    restrict,
    touches,
)


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return proc.stdout


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with one commit of notes; user configuration that changes diff output."""
    for key, value in {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
                       "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}.items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for key, value in {"diff.noprefix": "true", "color.ui": "always", "diff.context": "5",
                       "core.quotePath": "true"}.items():
        git(root, "config", key, value)
    notes = root / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("".join(f"line {n}\n" for n in range(1, 11)), encoding="utf-8")
    (notes / "crlf.md").write_bytes(b"one\r\ntwo\r\nthree\r\n")
    (notes / "old name.md").write_text("".join(f"keep {n}\n" for n in range(1, 8)),
                                       encoding="utf-8")
    (notes / "gone.md").write_text("bye\n", encoding="utf-8")
    (root / ".gitignore").write_text("ignored.md\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def edit(repo: Path) -> None:
    """Changes of every kind since ``main``."""
    notes = repo / "notes"
    lines = (notes / "a.md").read_text(encoding="utf-8").splitlines()
    lines[2] = "line 3 edited"          # modified: 3
    lines[5:5] = ["new A", "new B"]     # added after old line 5: new lines 6, 7
    del lines[10]                       # old line 9 (now at index 10) deleted: no new line
    (notes / "a.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (notes / "crlf.md").write_bytes(b"one\r\n2\r\nthree\r\n")           # modified: 2
    git(repo, "mv", "notes/old name.md", "notes/새 이름.md")
    renamed = (notes / "새 이름.md").read_text(encoding="utf-8").replace("keep 4", "kept 4")
    (notes / "새 이름.md").write_text(renamed, encoding="utf-8")         # renamed, modified: 4
    (notes / "gone.md").unlink()                                          # deleted
    (notes / "staged.md").write_text("s1\ns2\n", encoding="utf-8")
    git(repo, "add", "notes/staged.md")                                    # added: 1-2
    (notes / "untracked.md").write_text("u1\nu2\nu3", encoding="utf-8")   # untracked: 1-3
    (notes / "ignored.md").write_text("x\n", encoding="utf-8")            # ignored: absent


def test_changed_lines_of_every_kind(repo: Path) -> None:
    edit(repo)
    assert changed_lines("main", cwd=repo) == {
        "notes/a.md": {3, 6, 7},
        "notes/crlf.md": {2},
        "notes/새 이름.md": {4},
        "notes/staged.md": {1, 2},
        "notes/untracked.md": {1, 2, 3},
    }


def test_paths_and_a_subfolder_as_cwd(repo: Path) -> None:
    edit(repo)
    assert changed_lines("main", ["notes/crlf.md", "notes/untracked.md"], cwd=repo) == {
        "notes/crlf.md": {2}, "notes/untracked.md": {1, 2, 3}}
    sub = changed_lines("HEAD", ["a.md"], cwd=repo / "notes")
    assert sub == {"a.md": {3, 6, 7}}  # keys relative to cwd, like the display paths


def test_a_commit_range_base(repo: Path) -> None:
    edit(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "edit")
    (repo / "notes" / "a.md").write_text("rewritten\n", encoding="utf-8")
    assert changed_lines("HEAD", ["notes/a.md"], cwd=repo) == {"notes/a.md": {1}}
    assert changed_lines("HEAD~1", ["notes/staged.md"], cwd=repo) == {"notes/staged.md": {1, 2}}


def test_clear_errors(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DiffBaseError, match="git knows no commit `origin/nope`; fetch it first"):
        changed_lines("origin/nope", cwd=repo)
    with pytest.raises(DiffBaseError, match="git knows no commit `--output=x`"):
        changed_lines("--output=x", cwd=repo)  # not taken as an option
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(DiffBaseError, match="needs a git work tree"):
        changed_lines("main", cwd=outside)
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    with pytest.raises(DiffBaseError, match="needs git, which was not found on PATH"):
        changed_lines("main", cwd=repo)


def test_parse_hunk_headers_and_names() -> None:
    diff = "\n".join([
        "diff --git a/x.md b/x.md",
        "--- a/x.md",
        "+++ b/x.md",
        "@@ -3 +3 @@",
        "@@ -10,0 +11,2 @@ heading text",
        "@@ -20,3 +22,0 @@",
        "diff --git a/y.md b/y.md",
        "--- a/y.md",
        "+++ /dev/null",
        "@@ -1,2 +0,0 @@",
        '+++ "b/caf\\303\\251 \\"q\\".md"',
        "@@ -0,0 +1 @@",
        "+++ b/with space.md\t",
        "@@ -1 +1,3 @@",
    ])
    assert parse_unified_diff(diff) == {"x.md": {3, 11, 12}, 'café "q".md': {1},
                                        "with space.md": {1, 2, 3}}


def _diag(line: int, end_line: int | None = None, end_col: int = 5, path: str = "a.md",
          related: tuple[Related, ...] = ()) -> Diagnostic:
    span = Span(Position(line, 1), Position(end_line or line, end_col), 0, 0)
    return Diagnostic("XX009", "demo", Severity.ERROR, path, span, "m", related=related)


def test_touches_and_related_places() -> None:
    assert touches(_diag(3), {3}) and not touches(_diag(3), {4})
    assert touches(_diag(3, 5), {4})
    assert not touches(_diag(3, 5, end_col=1), {5})  # ends with line 4's newline
    paired = _diag(9, related=(Related(None, 2, 1, "def"), Related("b.md", 7, 1, "copy")))
    assert on_changed_line(paired, {"a.md": {2}})
    assert on_changed_line(paired, {"b.md": {7}})
    assert not on_changed_line(paired, {"a.md": {7}, "b.md": {2}})


def test_restrict_by_lines_or_files(tmp_path: Path) -> None:
    changed = {"notes/a.md": {3}, "notes/b.md": set()}
    by_display = for_display_paths(changed, ["./notes/a.md", "notes/b.md", "notes/c.md",
                                             str(tmp_path / "notes/a.md")], cwd=tmp_path)
    assert by_display == {"./notes/a.md": {3}, "notes/b.md": set(),
                          str(tmp_path / "notes/a.md"): {3}}
    diags = [_diag(3, path="./notes/a.md"), _diag(4, path="./notes/a.md"),
             _diag(1, path="notes/b.md"), _diag(1, path="notes/c.md")]
    assert restrict(diags, by_display, "lines") == [diags[0]]
    assert restrict(diags, by_display, "files") == diags[:3]
    with pytest.raises(ValueError, match="unknown diff scope 'hunks'"):
        restrict(diags, by_display, "hunks")
    assert normalise_path("x/../notes/./a.md", tmp_path) == "notes/a.md"


def _cli_has_diff_base() -> bool:
    from notelint.cli import check
    return "diff_base" in inspect.signature(check).parameters


def test_cli_reports_only_changed_lines(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    if not _cli_has_diff_base():
        pytest.skip("notelint check has no --diff-base option in this build")
    from notelint.cli import main
    monkeypatch.chdir(repo)
    note = repo / "notes" / "fn.md"
    note.write_text("Old[^0] text.\n\nMore[^2] text.\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "notes")
    note.write_text("Old[^0] text.\n\nMore[^2] text, new[^3].\n", encoding="utf-8")
    code = main(["check", "notes/fn.md", "--select", "FN001", "--no-color", "--diff-base", "HEAD"])
    out = capsys.readouterr().out
    assert code == 1
    assert main(["check", "notes/fn.md", "--select", "FN001", "--no-color"]) == 1
    assert capsys.readouterr().out.startswith("notes/fn.md:1:4: FN001 ")  # unchanged: not above
    assert out.splitlines() == [
        ("notes/fn.md:3:5: FN001 Footnote reference `[^2]` has no definition; expected a line "
         "starting `[^2]:`"),
        ("notes/fn.md:3:19: FN001 Footnote reference `[^3]` has no definition; expected a line "
         "starting `[^3]:`"),
        "Found 2 problems (2 errors) in 1 of 1 file."]
    git(repo, "commit", "-q", "-am", "more")
    assert main(["check", "notes/fn.md", "--select", "FN001", "--diff-base", "HEAD"]) == 0
    assert main(["check", "notes/fn.md", "--diff-base", "no-such-ref"]) == 2
    assert "git knows no commit `no-such-ref`" in capsys.readouterr().err
