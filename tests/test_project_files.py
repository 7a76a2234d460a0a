"""The README, CI script and packaging stay true to the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_rules_table_is_current() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "update_readme_rules.py"), "--check"])
    assert proc.returncode == 0, "run `python scripts/update_readme_rules.py` to refresh README.md"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(python3 -m venv .*?)\n```", readme)
    assert len(blocks) == 2, "README has the two set-up commands"
    main_job, tests = blocks
    assert "notelint check examples/notes" in main_job
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci
    assert (ROOT / "examples" / "notes").is_dir()


def test_catalogue_is_shipped_in_the_wheel() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"rules" = "notelint/_catalogue"' in pyproject


def test_readme_configuration_examples_are_valid() -> None:
    import sys as _sys

    if _sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib

    from notelint.config import config_from_mapping
    from notelint.registry import default_registry

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```toml\n(.*?)```", readme, re.S)
              if "entry-points" not in b]
    assert len(blocks) >= 2
    for block in blocks:
        config_from_mapping(tomllib.loads(block), ROOT, default_registry())
