"""Generate :data:`notelint.rules.TABLE` (``notelint/rules/_table.py``) from the rule classes.

Run ``python -m notelint.rules.table`` after adding, removing or changing a
built-in rule (its id, name, summary, scope, severity, default, module or
collector): it imports every family and rewrites the table; with ``--check``
it only reports whether the table is up to date (exit status 1 when not).
"""

from __future__ import annotations

import sys
from pathlib import Path

from notelint.registry import RuleInfo

TABLE_FILE = Path(__file__).with_name("_table.py")

_HEAD = '''"""The built-in rules, known without importing them (generated: do not edit).

Regenerate with ``python -m notelint.rules.table``; a test fails when this
file does not match the rule classes.
"""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.registry import RuleInfo
from notelint.rule import Scope

TABLE: tuple[RuleInfo, ...] = (
'''


def render() -> str:
    """The text of ``_table.py`` for the rule classes of :data:`notelint.rules.FAMILIES`."""
    import importlib

    from notelint.rules import FAMILIES

    lines = [_HEAD]
    for family in FAMILIES:
        for rule in importlib.import_module(f"notelint.rules.{family}").RULES:
            i = RuleInfo.of(rule)
            lines.append(
                f"    RuleInfo({i.code!r}, {i.name!r},\n"
                f"             {i.summary!r},\n"
                f"             Scope.{i.scope.name}, Severity.{i.default_severity.name}, "
                f"{i.enabled_by_default!r},\n"
                f"             {i.module!r}, {i.qualname!r}"
                + (f",\n             {i.collector!r}, {i.collector_version!r}, {i.cacheable!r}"
                   if i.collector else "")
                + "),\n")
    lines.append(")\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write the table (or, with ``--check``, compare it); exit status 0, or 1 if stale."""
    args = sys.argv[1:] if argv is None else argv
    text = render()
    current = TABLE_FILE.read_text(encoding="utf-8") if TABLE_FILE.exists() else ""
    if "--check" in args:
        if current != text:
            print(f"{TABLE_FILE} is stale: run python -m notelint.rules.table", file=sys.stderr)
            return 1
        return 0
    if current != text:
        TABLE_FILE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
