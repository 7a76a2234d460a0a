"""Which notes DU001/DU002 compare: checked notes, the rest of the project, groups, settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelint.api import lint_paths, lint_text
from notelint.config import ConfigError
from notelint.diagnostics import Diagnostic
from notelint.rule import RunOptions

ENTRY = ("`tf.contrib.layers.batch_norm` needs `is_training` set right: training uses the "
         "statistics of the mini-batch, inference the moving averages collected during training.")
OTHER = "Skewness and kurtosis are the third and fourth standardized moments of a distribution."
THIRD = "An API is the interface a program offers to others, used without knowing its inside."


def _note(path: Path, *bodies: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(f"## 2021-05-{i + 1:02d}\n\n{b}" for i, b in enumerate(bodies)) + "\n",
                    encoding="utf-8")


def _places(diags: list[Diagnostic]) -> list[tuple[str, int, str, str | None, int]]:
    return [(d.path, d.line, d.code, d.related[0].path, d.related[0].line) for d in diags]


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with a configuration file: a.md and b.md share an entry, c.md another."""
    _note(tmp_path / "notes" / "a.md", ENTRY, OTHER)
    _note(tmp_path / "notes" / "b.md", THIRD, ENTRY)
    _note(tmp_path / "archive" / "c.md", OTHER)
    (tmp_path / ".notelint.toml").write_text('select = ["DU"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_checking_one_note_compares_it_with_the_rest_of_the_project(project: Path) -> None:
    found = lint_paths(["notes/a.md"]).diagnostics
    assert _places(found) == [("notes/a.md", 1, "DU001", "notes/b.md", 5),
                              ("notes/a.md", 5, "DU001", "archive/c.md", 1)]
    assert found[0].message == ("Entry is also at `notes/b.md` line 5 (identical); "
                                "the copy there looks newer: dated `2021-05-01` here, `2021-05-02` there")


def test_checking_everything_reports_in_every_note(project: Path) -> None:
    found = lint_paths(["."]).diagnostics
    assert sorted(_places(found)) == [
        ("archive/c.md", 1, "DU001", "notes/a.md", 5),
        ("notes/a.md", 1, "DU001", "notes/b.md", 5),
        ("notes/a.md", 5, "DU001", "archive/c.md", 1),
        ("notes/b.md", 5, "DU001", "notes/a.md", 1),
    ]


def test_scope_checked_compares_only_the_notes_checked(project: Path) -> None:
    (project / ".notelint.toml").write_text('select = ["DU"]\n[duplicates]\nscope = "checked"\n',
                                            encoding="utf-8")
    assert lint_paths(["notes/a.md"]).diagnostics == []
    assert len(lint_paths(["notes/a.md", "notes/b.md"]).diagnostics) == 2


def test_excluded_and_unreadable_notes_are_not_compared(project: Path) -> None:
    (project / ".notelint.toml").write_text('select = ["DU"]\nexclude = ["archive/"]\n',
                                            encoding="utf-8")
    (project / "notes" / "broken.md").write_bytes(b"\xff\xfe not utf-8 " + ENTRY.encode())
    assert _places(lint_paths(["notes/a.md"]).diagnostics) == [
        ("notes/a.md", 1, "DU001", "notes/b.md", 5)]


def test_groups_restrict_the_comparison(project: Path) -> None:
    (project / ".notelint.toml").write_text(
        'select = ["DU"]\n[duplicates]\ngroups = [["notes/a.md", "archive/*.md"]]\n', encoding="utf-8")
    assert _places(lint_paths(["."]).diagnostics) == [
        ("archive/c.md", 1, "DU001", "notes/a.md", 5), ("notes/a.md", 5, "DU001", "archive/c.md", 1)]
    assert _places(lint_paths(["notes/b.md"]).diagnostics) == []  # in no group


def test_without_a_configuration_file_nothing_else_is_read(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _note(tmp_path / "a.md", ENTRY, OTHER)
    _note(tmp_path / "b.md", ENTRY)
    monkeypatch.chdir(tmp_path)
    assert lint_paths(["a.md"], select=["DU"]).diagnostics == []
    found = lint_paths(["a.md"], select=["DU"], run=RunOptions(project_root=tmp_path)).diagnostics
    assert _places(found) == [("a.md", 1, "DU001", "b.md", 1)]


def test_notes_under_another_configuration_are_not_compared(project: Path) -> None:
    (project / "archive" / ".notelint.toml").write_text('select = ["DU"]\n', encoding="utf-8")
    found = lint_paths(["."]).diagnostics
    assert sorted(_places(found)) == [("notes/a.md", 1, "DU001", "notes/b.md", 5),
                                      ("notes/b.md", 5, "DU001", "notes/a.md", 1)]


@pytest.mark.parametrize(("section", "error"), [
    ({"threshold": 1.5}, "threshold must be between 0 and 1 (exclusive), not 1.5"),
    ({"min-entry-size": 0}, "min-entry-size must be at least 1, not 0"),
    ({"section-level": 7}, "section-level must be 1 to 6, not 7"),
    ({"groups": [[]]}, "groups[0] is empty"),
    ({"groups": ["a.md"]}, "must be a list"),
    ({"scope": "all"}, "must be one of 'project', 'checked'"),
    ({"treshold": 0.5}, "unknown option `treshold`; did you mean `threshold`?"),
])
def test_settings_are_validated(section: dict[str, object], error: str) -> None:
    with pytest.raises(ConfigError, match=error.replace("(", r"\(").replace(")", r"\)")
                       .replace("[", r"\[").replace("]", r"\]").replace("?", r"\?")):
        lint_text("text", select=["DU"], config={"duplicates": section})


def test_threshold_setting() -> None:
    text = (f"## 2021-05-01\n\n{ENTRY}\n\n## 2021-05-02\n\n{OTHER}\n\n"
            f"## 2021-05-03\n\n{ENTRY.replace('moving averages', 'running means')}\n")
    assert [d.code for d in lint_text(text, select=["DU"])] == ["DU002", "DU002"]
    assert lint_text(text, select=["DU"], config={"duplicates": {"threshold": 0.99}}) == []
