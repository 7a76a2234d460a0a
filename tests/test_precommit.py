"""The real pre-commit (PyPI) runs this repository's hooks on a temporary repository of notes.

The hook source is a snapshot of this work tree as ``git add -A`` would commit
it (tracked and untracked files, minus ignored ones), committed to a
temporary repository.  ``pre-commit try-repo`` on the work tree itself would
take tracked files only, so a module not yet added to git would break the
hook in a way the next commit would not.  pre-commit builds the hook's own
virtual environment from that snapshot, installing notelint's dependencies
with pip exactly as it does for users, from a local wheelhouse instead of the
package index (``wheelhouse`` in ``conftest.py``), so the test needs no network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BAD = "# 나쁜 노트\n\n참고 문헌[^1]을 보세요.\n"
GOOD = "# 좋은 노트\n\n참고 문헌[^1]을 보세요.\n\n[^1]: 출처.\n"
FINDING = ("bad.md:3:6: FN001 Footnote reference `[^1]` has no definition; "
           "expected a line starting `[^1]:`")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, wheelhouse: dict[str, str]) -> dict[str, str]:
    """Environment for git and pre-commit: fixed identity, private cache, no colours."""
    try:
        import pre_commit  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        pytest.fail("pre-commit is not installed; it is a test dependency: "
                    "pip install -e '.[test]'", pytrace=False)
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never",
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1",
            **wheelhouse}  # hook environments install from local wheels: no network in tests


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=540, check=False)


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    proc = run(["git", *args], cwd, env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "pre_commit", *args], cwd, env)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """This work tree as it would be committed, in a repository of its own."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                 ROOT, env)
    if listed.returncode != 0:
        pytest.fail(f"{ROOT} is not a git work tree: {listed.stderr.strip()}", pytrace=False)
    dest = tmp_path_factory.mktemp("hook-src")
    for name in filter(None, listed.stdout.split("\0")):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    git(dest, env, "init", "-q")
    git(dest, env, "add", "-A")
    git(dest, env, "commit", "-q", "-m", "snapshot")
    return dest


@pytest.fixture()
def notes_repo(tmp_path: Path, env: dict[str, str]) -> Path:
    repo = tmp_path / "notes"
    repo.mkdir()
    git(repo, env, "init", "-q")
    (repo / "bad.md").write_text(BAD, encoding="utf-8")
    (repo / "good.md").write_text(GOOD, encoding="utf-8")
    git(repo, env, "add", "-A")
    return repo


def test_try_repo_fails_on_a_bad_note_and_passes_a_good_one(
        hook_repo: Path, notes_repo: Path, env: dict[str, str]) -> None:
    bad = pre_commit(notes_repo, env, "try-repo", str(hook_repo), "notelint", "--all-files")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "notelint" in bad.stdout and "Failed" in bad.stdout
    assert FINDING in bad.stdout.splitlines()
    assert "good.md" not in bad.stdout
    good = pre_commit(notes_repo, env, "try-repo", str(hook_repo), "notelint-offline",
                      "--files", "good.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def test_the_installed_hook_blocks_a_commit(hook_repo: Path, notes_repo: Path,
                                            env: dict[str, str]) -> None:
    rev = git(hook_repo, env, "rev-parse", "HEAD").strip()
    (notes_repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hook_repo.as_posix()}\n  rev: {rev}\n  hooks:\n  - id: notelint\n",
        encoding="utf-8")
    installed = pre_commit(notes_repo, env, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git(notes_repo, env, "add", "-A")
    blocked = run(["git", "commit", "-m", "add notes"], notes_repo, env)
    assert blocked.returncode != 0
    assert FINDING in (blocked.stdout + blocked.stderr).splitlines()
    assert run(["git", "rev-parse", "--verify", "-q", "HEAD"], notes_repo, env).returncode != 0
    (notes_repo / "bad.md").write_text(GOOD, encoding="utf-8")
    git(notes_repo, env, "add", "-A")
    done = run(["git", "commit", "-m", "add notes"], notes_repo, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "notelint" in done.stdout + done.stderr and "Passed" in done.stdout + done.stderr
