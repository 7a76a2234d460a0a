"""pylatexenc is imported when the first formula that needs a parse tree is met."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

_RUN = """
import contextlib, io, json, sys
from notelint.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    main(["check", "--no-cache", "--offline", "--select", "MA", sys.argv[1]])
print(json.dumps([out.getvalue(), sorted(m for m in sys.modules if m.split(".")[0] == "pylatexenc")]))
"""


def _check(tmp_path: Path, body: str) -> tuple[str, list[str]]:
    note = tmp_path / "note.md"
    note.write_text(f"# Note\n\n{body}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _RUN, str(note)], capture_output=True,
                          text=True, check=True, cwd=tmp_path)
    report, modules = json.loads(proc.stdout)
    return report, modules


@pytest.mark.parametrize("body", [
    "No math at all.",
    "Simple $x^2 + \\alpha_{i}$ math, $\\frac{a}{b}$ and $$\\sum_i x_i$$.",
    "An unknown macro $\\ohm$.",
])
def test_formulas_without_structure_do_not_import_pylatexenc(tmp_path: Path, body: str) -> None:
    _report, modules = _check(tmp_path, body)
    assert modules == []


@pytest.mark.parametrize(("body", "finding"), [
    ("$$\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}$$", None),
    ("$\\left( x \\right)$", None),
    ("$$\\begin{aligned} a &= b \\end{align}$$", "MA005"),
    ("$\\left( x$", "MA005"),
])
def test_structure_imports_it_and_is_checked(tmp_path: Path, body: str, finding: str | None) -> None:
    report, modules = _check(tmp_path, body)
    assert "pylatexenc.latexwalker" in modules
    assert (finding in report) if finding else "MA005" not in report
