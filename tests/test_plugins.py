"""Third-party rules and formatters, found through real entry points."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from notelint.formatters import available_formatters
from notelint.registry import RegistryError, build_registry

PLUGIN = textwrap.dedent('''
    from notelint.formatters import Formatter
    from notelint.rule import Rule, Scope


    class ShoutRule(Rule):
        code = "ZZ001"
        name = "shouting"
        summary = "A line in capitals"

        def check_document(self, ctx):
            for n in range(1, ctx.document.line_count + 1):
                text = ctx.document.line_text(n)
                if len(text) > 3 and text.isupper():
                    ctx.report(ctx.document.line_span(n), "Line is all capitals")


    class CountFormatter(Formatter):
        name = "count"

        def emit(self, report):
            self.stream.write(f"{len(report.diagnostics)} finding(s)\\n")


    RULES = [ShoutRule]
''')


def install_plugin(folder: Path, module: str, source: str = PLUGIN) -> Path:
    """Make ``folder`` hold an installed distribution whose entry points name ``module``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{module}.py").write_text(source)
    info = folder / f"{module}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        f"[notelint.rules]\ndemo = {module}:RULES\n\n"
        f"[notelint.formatters]\ncount = {module}:CountFormatter\n")
    return folder


def test_plugin_rule_and_formatter_are_discovered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(install_plugin(tmp_path, "demo_plugin_a")))
    assert build_registry().get("ZZ001") is not None
    assert "count" in available_formatters()


def test_plugin_clashing_with_a_builtin_id_is_an_error(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    install_plugin(tmp_path, "demo_plugin_b", PLUGIN.replace('"ZZ001"', '"NL001"'))
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RegistryError, match="two rules use the id NL001"):
        build_registry()


def test_plugins_work_from_the_command_line(tmp_path: Path) -> None:
    install_plugin(tmp_path / "site", "demo_plugin_c")
    note = tmp_path / "n.md"
    note.write_text("# Title\n\nTHIS IS LOUD\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    run = [sys.executable, "-m", "notelint", "check", str(note)]
    proc = subprocess.run([*run, "--format", "json"], capture_output=True, text=True, env=env)
    found = [(d["code"], d["line"], d["column"]) for d in json.loads(proc.stdout)["diagnostics"]]
    assert (proc.returncode, found) == (0, [("ZZ001", 3, 1)])
    proc = subprocess.run([*run, "--format", "count"], capture_output=True, text=True, env=env)
    assert proc.stdout == "1 finding(s)\n"
