"""Bad input: a clear NL diagnostic or exit 2, never a traceback, never a changed file."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from notelint.api import lint_paths
from notelint.cli import main


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


@pytest.fixture()
def bad(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "latin1.md").write_bytes("# Caf\u00e9\n\nna\u00efve\n".encode("latin-1"))
    (folder / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "empty.md").write_bytes(b"")
    (folder / "frontmatter.md").write_text("---\ntitle: x: y\n---\n\nbody\n", encoding="utf-8")
    (folder / "list-fm.md").write_text("---\n- a\n- b\n---\n\nbody\n", encoding="utf-8")
    os.symlink(folder / "does-not-exist.md", folder / "dangling.md")
    with (folder / "huge.md").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB, sparse: never read
    return folder


def test_each_bad_file_gets_one_clear_diagnostic(bad: Path) -> None:
    before = digest(bad)
    result = lint_paths([str(bad)])
    got = [(Path(d.path).name, d.code, d.line, d.column, d.message) for d in result.diagnostics]
    assert got == [
        ("binary.md", "NL003", 1, 1,
         "File contains NUL bytes (first at byte 8); it looks binary, not a markdown note"),
        ("dangling.md", "NL001", 1, 1, "Cannot read file: No such file or directory"),
        ("frontmatter.md", "NL005", 2, 9, "Front matter is not valid YAML: mapping values are not allowed here"),
        ("huge.md", "NL004", 1, 1,
         "File is 52,428,800 bytes, over max-file-size (10,485,760 bytes); not checked "
         "(raise `max-file-size` to check it)"),
        ("latin1.md", "NL002", 1, 6,
         "File is not valid UTF-8: byte 0xe9 at offset 5 (re-save the note as UTF-8)"),
        ("list-fm.md", "NL005", 2, 1, "Front matter is a YAML list, not a mapping of keys to values"),
    ]
    assert result.files_checked == 7
    assert digest(bad) == before


def test_fix_never_touches_bad_files(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(bad)
    code = main(["check", str(bad), "--fix", "--format", "json"])
    capsys.readouterr()
    assert code == 1
    assert digest(bad) == before


def test_max_file_size_is_configurable(tmp_path: Path) -> None:
    (tmp_path / ".notelint.toml").write_text("max-file-size = 10\n")
    (tmp_path / "a.md").write_text("0123456789ABC\n")
    result = lint_paths([str(tmp_path)])
    assert [d.code for d in result.diagnostics] == ["NL004"]
