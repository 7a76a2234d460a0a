"""Built-in rules, one package per family (``core``, ``footnotes``, ``dates``, ``math``, ``links``,
``duplicates``, ``spelling``).

:data:`TABLE` describes every built-in rule in order (id, name, summary,
scope, severity, collector, and the module that defines it) without
importing any rule module; the registry (:mod:`notelint.registry`) imports a
rule's module only when the rule is needed.  The table is generated from the
families' ``RULES`` tuples by ``python -m notelint.rules.table`` (a test fails
when it is stale).

:data:`BUILTIN_RULES`, the explicit ordered tuple of every built-in rule
class, is still available: reading it imports every family.
"""

from __future__ import annotations

from typing import Any

from notelint.rules._table import TABLE

#: The rule families, in registry order: ``notelint.rules.<family>.RULES`` lists each one's rules.
FAMILIES: tuple[str, ...] = ("core", "footnotes", "dates", "math", "links", "duplicates",
                             "spelling")

__all__ = ["BUILTIN_RULES", "FAMILIES", "TABLE"]


def __getattr__(name: str) -> Any:
    if name == "BUILTIN_RULES":
        import importlib

        rules = tuple(rule for family in FAMILIES
                      for rule in importlib.import_module(f"notelint.rules.{family}").RULES)
        globals()["BUILTIN_RULES"] = rules
        return rules
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
