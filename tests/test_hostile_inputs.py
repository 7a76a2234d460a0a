"""The bad-input suite: each hostile note or file is checked in a child process that must end
with the documented exit code and a clear message, within a time bound and a memory bound.

The bounds are generous ceilings (they catch a hang, quadratic time or memory that grows with
the square of the input, not a slowdown); the targets themselves (peak memory at most 4x the
note's size + 200 MB, time linear in size) are measured by ``benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

MB = 1024 * 1024
_LAUNCHER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "sys.stdout.flush()\n"
    "print('\\nNOTELINT-PEAK-KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
    " flush=True)\n"
    "sys.exit(code)\n"
)


@dataclass(frozen=True)
class Case:
    """A hostile input: ``make(folder) -> args`` and what the run must show."""

    name: str
    make: Callable[[Path], list[str]]
    exit_code: int
    expect: str            # a substring of the output (stdout + stderr)
    seconds: float         # wall-time ceiling
    size: int = 0          # bytes of the input, for the memory bound 4 x size + 200 MB


def _note(folder: Path, name: str, text: str) -> list[str]:
    (folder / name).write_text(text, encoding="utf-8")
    return [name]


def _fifo(folder: Path) -> list[str]:
    os.mkfifo(folder / "x.md")
    return ["x.md"]


def _fifo_in_folder(folder: Path) -> list[str]:
    (folder / "notes").mkdir()
    os.mkfifo(folder / "notes" / "x.md")
    (folder / "notes" / "ok.md").write_text("# Ok\n\nText.\n", encoding="utf-8")
    return ["notes"]


def _dev_zero(folder: Path) -> list[str]:
    (folder / "zero.md").symlink_to("/dev/zero")
    return ["zero.md"]


def _outside(folder: Path) -> list[str]:
    secret = folder / "secret.txt"
    secret.write_text("TOP-SECRET-LINE\n", encoding="utf-8")
    (folder / "notes").mkdir()
    (folder / "notes" / "leak.md").symlink_to(secret)
    return ["notes"]


def _deep_front_matter(folder: Path) -> list[str]:
    (folder / "ok.md").write_text("# Ok\n\nText[^1].\n", encoding="utf-8")
    return [*_note(folder, "deep.md", "---\nx: " + "[" * 1000 + "]" * 1000 + "\n---\n# T\n"),
            "ok.md"]


def _deep_block_front_matter(folder: Path) -> list[str]:
    body = "".join("  " * i + f"k{i}:\n" for i in range(1000))
    return _note(folder, "deep.md", "---\n" + body + "---\n# T\n")


CASES = [
    Case("long-word", lambda f: _note(f, "w.md", "# T\n\n" + "a" * 10_000 + "\n"
                                      + "text here. " * 900 + "\n"),
         0, "No problems", 60, 20_000),
    Case("no-space-line", lambda f: _note(f, "l.md", "# T\n\n" + "x" * (2 * MB) + "\n"),
         0, "No problems", 60, 2 * MB),
    Case("unclosed-math-openers", lambda f: _note(f, "p.md", "# T\n\n" + "\\\\( " * 50_000 + "\n"),
         0, "No problems", 40, 200_000),
    Case("unclosed-single-openers", lambda f: _note(f, "s.md", "# T\n\n" + "\\( " * 50_000 + "\n"),
         0, "No problems", 40, 150_000),
    Case("directive-comments", lambda f: _note(
        f, "d.md", "# T\n\n" + "<!-- notelint-disable FN001 -->\n" * 50_000),
         0, "d.md:50002:1: NL006", 60, 1_650_000),
    Case("fifo-given", _fifo, 1, "x.md:1:1: NL001 Cannot read file: it is a FIFO", 30),
    Case("fifo-found", _fifo_in_folder, 1, "notes/x.md:1:1: NL001 Cannot read file: it is a FIFO",
         30),
    Case("symlink-to-dev-zero", _dev_zero, 1,
         "zero.md:1:1: NL001 Cannot read file: it is a device", 30),
    Case("symlink-outside-the-tree", _outside, 1,
         "notes/leak.md:1:1: NL001 Not read: a symbolic link to a file outside the checked folder",
         30),
    Case("front-matter-1000-deep", _deep_front_matter, 1,
         "deep.md:1:1: NL005 Front matter is not valid YAML: collections are nested more than "
         "100 levels deep", 30),
    Case("block-front-matter-1000-deep", _deep_block_front_matter, 1,
         "deep.md:1:1: NL005 Front matter is not valid YAML: collections are nested more than "
         "100 levels deep", 30),
    Case("binary", lambda f: _note(f, "b.md", "# T\n\x00\x01"), 1,
         "b.md:1:1: NL003 File contains NUL bytes (first at byte 4)", 30),
    Case("too-large", lambda f: _note(f, "big.md", "a" * (10 * MB + 1)), 1,
         "big.md:1:1: NL004 File is 10,485,761 bytes, over max-file-size", 30),
]


def _run(args: list[str], cwd: Path, timeout: float) -> tuple[int, str, float, int]:
    """Exit code, output, seconds and peak resident memory (bytes) of ``notelint check``."""
    out = cwd / ".out"
    with out.open("wb") as fh:
        start = time.monotonic()
        # A small launcher runs notelint and reports its peak memory: a child forked
        # straight from this (large) test process would report this process's peak as well.
        proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, sys.executable, "-m", "notelint", "check",
             "--offline", "--no-color", "--no-show-source", *args],
            cwd=cwd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={**os.environ, "NOTELINT_CACHE_DIR": str(cwd / ".cache")})
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                pytest.fail(f"still running after {timeout:g} s: {args}")
            time.sleep(0.02)
        elapsed = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = out.read_text(encoding="utf-8", errors="replace")
    head, _, peak = text.rpartition("\nNOTELINT-PEAK-KB ")
    return proc.returncode, head, elapsed, int(peak.strip()) * 1024


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One run first: a fresh machine builds its word-list cache then, which is not the note's
    cost (the memory bound is about the note)."""
    folder = tmp_path_factory.mktemp("warm")
    (folder / "a.md").write_text("# Warm\n\nText.\n", encoding="utf-8")
    _run(["a.md"], folder, 300)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, warm: None) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    args = case.make(folder)
    code, output, seconds, peak = _run(args, folder, case.seconds * 3)
    assert case.expect in output, output[-2000:]
    assert code == case.exit_code, output[-2000:]
    assert "internal error" not in output and "Traceback" not in output
    assert "TOP-SECRET-LINE" not in output
    assert seconds <= case.seconds, f"{seconds:.1f} s"
    assert peak <= 4 * case.size + 200 * MB, f"{peak / MB:.0f} MB"
