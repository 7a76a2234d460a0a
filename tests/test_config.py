"""Configuration: discovery, selection, per-rule tables, strict validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelint.api import lint_paths, lint_text
from notelint.config import ConfigError, ConfigResolver, config_from_mapping
from notelint.diagnostics import Severity
from notelint.registry import Registry


def codes(diags) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    return [(d.code, d.line, d.column) for d in diags]


def test_rule_options_and_severity_are_applied(demo_registry: Registry) -> None:
    cfg = {"rules": {"XX001": {"word": "FIXME", "severity": "warning"}}}
    diags = lint_text("a FIXME b TODO\n", config=cfg, registry=demo_registry, select=["XX001"])
    assert codes(diags) == [("XX001", 1, 3)]
    assert diags[0].severity is Severity.WARNING


def test_rule_tables_accept_names_and_kebab_or_snake_keys(demo_registry: Registry) -> None:
    cfg = config_from_mapping({"rules": {"todo-word": {"word": "X"}}, "max_file_size": 10},
                              Path("."), demo_registry)
    assert cfg.rules["XX001"].options.word == "X"
    assert cfg.max_file_size == 10


@pytest.mark.parametrize(("data", "message"), [
    ({"selct": ["FN"]}, "unknown key `selct`; did you mean `select`?"),
    ({"select": ["XX01"]}, "`XX01` selects no rule; did you mean `XX001`?"),
    ({"rules": {"XX001": {"wrod": "a"}}}, "unknown option `wrod`; did you mean `word`?"),
    ({"rules": {"XX001": {"word": 3}}}, "notelint: [rules.XX001] word must be str, not 3"),
    ({"rules": {"XX001": {"severity": "fatal"}}}, "unknown severity 'fatal'"),
    ({"rules": {"XX009": {}}}, "unknown rule `XX009`"),
    ({"max-file-size": True}, "must be an integer"),
    ({"math": {"pipline": "gfm"}}, "unknown key `pipline`; did you mean `pipeline`?"),
    ({"math": {"pipeline": "jekyll"}}, "unknown math pipeline `jekyll`"),
    ({"math": {"per-file": {"a/*.md": "kramdwn"}}}, "unknown math pipeline `kramdwn`"),
])
def test_invalid_configuration_is_an_error_with_a_hint(demo_registry: Registry, data, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as err:
        config_from_mapping(data, Path("."), demo_registry)
    assert message in str(err.value)


def test_select_ignore_and_per_file_ignores(tmp_path: Path, demo_registry: Registry) -> None:
    (tmp_path / ".notelint.toml").write_text(
        'select = ["XX"]\nignore = ["XX002"]\n[per-file-ignores]\n"drafts/*.md" = ["XX001"]\n')
    (tmp_path / "drafts").mkdir()
    (tmp_path / "a.md").write_text("TODO " + "x" * 90 + "\n")
    (tmp_path / "drafts" / "b.md").write_text("TODO\n")
    result = lint_paths([str(tmp_path)], registry=demo_registry)
    assert [(Path(d.path).name, d.code) for d in result.diagnostics] == [("a.md", "XX001")]


def test_nearest_configuration_wins(tmp_path: Path, demo_registry: Registry) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.notelint]\nselect = ["XX001"]\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / ".notelint.toml").write_text('select = ["XX002"]\n')
    (tmp_path / "a.md").write_text("TODO " + "x" * 90 + "\n")
    (sub / "b.md").write_text("TODO " + "x" * 90 + "\n")
    result = lint_paths([str(tmp_path)], registry=demo_registry)
    assert sorted((Path(d.path).name, d.code) for d in result.diagnostics) == [
        ("a.md", "XX001"), ("b.md", "XX002")]


def test_pyproject_without_notelint_table_is_skipped(tmp_path: Path, demo_registry: Registry) -> None:
    (tmp_path / ".notelint.toml").write_text('select = ["XX002"]\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n')
    resolver = ConfigResolver(demo_registry)
    assert resolver.for_path(sub / "n.md").source == tmp_path / ".notelint.toml"


def test_exclude_patterns_and_gitignore(tmp_path: Path, demo_registry: Registry) -> None:
    (tmp_path / ".notelint.toml").write_text('exclude = ["archive/"]\n')
    (tmp_path / ".gitignore").write_text("build/\n*.tmp.md\n")
    for rel in ("a.md", "archive/b.md", "build/c.md", "d.tmp.md", "e.markdown", "f.txt"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("TODO\n")
    result = lint_paths([str(tmp_path)], registry=demo_registry, select=["XX001"])
    assert sorted(Path(s.display).name for s in result.sources) == ["a.md", "e.markdown"]


def test_invalid_toml_is_reported_with_the_file(tmp_path: Path, demo_registry: Registry) -> None:
    (tmp_path / ".notelint.toml").write_text("select = [\n")
    (tmp_path / "a.md").write_text("x\n")
    with pytest.raises(ConfigError, match=r"\.notelint\.toml: not valid TOML"):
        lint_paths([str(tmp_path)], registry=demo_registry)
