"""Which notes a folder on the command line yields, next to real git repositories.

git decides what it ignores from ``.gitignore`` files inside the repository and
``.git/info/exclude``; outside a repository it ignores nothing.  These tests
build real repositories with the ``git`` command and compare notelint's
choice with ``git ls-files --others --exclude-standard`` where it applies.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from notelint.cli import main

NOTE = "# 노트\n\n문장[^1].\n"  # one FN001 per note: the output lists the notes checked


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def checked(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The notes ``notelint check`` reported on (each test note has one finding)."""
    code = main(["check", *argv, "-q", "--no-color", "--select", "FN001"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return sorted(ln.split(":", 1)[0] for ln in out.splitlines())


def write(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(NOTE, encoding="utf-8")


def test_named_folder_is_checked_outside_git_despite_a_gitignore_above(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # `corpora/` is ignored by a .gitignore that no git repository uses
    (tmp_path / ".gitignore").write_text("corpora/\n", encoding="utf-8")
    write(tmp_path, "corpora/c1000/a.md", "corpora/c1000/b.md")
    monkeypatch.chdir(tmp_path)
    assert checked(["corpora/c1000"], capsys) == ["corpora/c1000/a.md", "corpora/c1000/b.md"]
    # a .gitignore inside the named folder still applies
    (tmp_path / "corpora" / "c1000" / ".gitignore").write_text("b.md\n", encoding="utf-8")
    assert checked(["corpora/c1000"], capsys) == ["corpora/c1000/a.md"]


def test_git_info_exclude_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    git(tmp_path, "init", "-q")
    write(tmp_path, "content/a.md", "content/scratch/b.md", "content/c.md", "drafts/d.md")
    (tmp_path / ".git" / "info" / "exclude").write_text("scratch/\n/drafts/\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("content/c.md\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    untracked = git(tmp_path, "ls-files", "--others", "--exclude-standard").split()
    notes = sorted(p for p in untracked if p.endswith(".md"))
    assert notes == ["content/a.md"]
    assert checked(["."], capsys) == notes
    assert checked(["content"], capsys) == notes
    # a folder the user names is checked even though git ignores it
    assert checked(["drafts"], capsys) == ["drafts/d.md"]
    assert checked(["content/scratch"], capsys) == ["content/scratch/b.md"]


def test_info_exclude_of_a_linked_worktree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    main_repo = tmp_path / "repo"
    main_repo.mkdir()
    git(main_repo, "init", "-q")
    write(main_repo, "keep.md")
    git(main_repo, "add", "keep.md")
    git(main_repo, "commit", "-q", "-m", "first")
    git(main_repo, "worktree", "add", "-q", str(tmp_path / "wt"))
    (main_repo / ".git" / "info" / "exclude").write_text("private/\n", encoding="utf-8")
    wt = tmp_path / "wt"
    write(wt, "private/p.md", "public/q.md")
    monkeypatch.chdir(wt)
    assert git(wt, "ls-files", "--others", "--exclude-standard").split() == ["public/q.md"]
    assert checked(["."], capsys) == ["keep.md", "public/q.md"]
