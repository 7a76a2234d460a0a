"""Duplicate-entry rules (DU): entries copied between notes (or within one), and
entries that are still an unfilled template.

The rules share one analysis per run (:mod:`notelint.rules.duplicates._shared`)
built on :mod:`notelint.duplicates`: entries from the entry model, normalised,
grouped when identical, and compared through a sketch index when similar.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    # ``RULES`` is built on first use: importing the package imports no rule module
    # (see notelint.rules.TABLE).
    if name != "RULES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from notelint.rules.duplicates.duplicate_entry import DuplicateEntry
    from notelint.rules.duplicates.near_duplicate_entry import NearDuplicateEntry
    from notelint.rules.duplicates.unfilled_template_entry import UnfilledTemplateEntry

    rules = (
        DuplicateEntry,
        NearDuplicateEntry,
        UnfilledTemplateEntry,
    )
    globals()["RULES"] = rules
    return rules
