"""Regenerate the rules table in README.md from the registry.

Usage: ``python scripts/update_readme_rules.py`` (``--check`` exits 1 when the
table is out of date, without writing).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from notelint.registry import build_registry

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- rules-table:start -->", "<!-- rules-table:end -->"


def rules_table() -> str:
    """The markdown table of every built-in and installed rule."""
    lines = ["| id | name | default | summary |", "| --- | --- | --- | --- |"]
    for r in build_registry():
        default = str(r.default_severity) if r.enabled_by_default else f"{r.default_severity}, opt-in"
        lines.append(f"| {r.code} | {r.name} | {default} | {r.summary} |")
    return "\n".join(lines)


def updated(text: str) -> str:
    """``text`` (the README) with the table between the markers replaced."""
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{rules_table()}\n{END}{tail}"


def main() -> int:
    """Rewrite README.md, or with ``--check`` report whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if args.check:
        return 0 if new == text else 1
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
