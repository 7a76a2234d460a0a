"""Duplicate-entry rules (DU): entries copied between notes (or within one), and
entries that are still an unfilled template.

The rules share one analysis per run (:mod:`notelint.rules.duplicates._shared`)
built on :mod:`notelint.duplicates`: entries from the entry model, normalised,
grouped when identical, and compared through a sketch index when similar.
"""

from __future__ import annotations

from notelint.rule import Rule
from notelint.rules.duplicates.duplicate_entry import DuplicateEntry
from notelint.rules.duplicates.near_duplicate_entry import NearDuplicateEntry
from notelint.rules.duplicates.unfilled_template_entry import UnfilledTemplateEntry

RULES: tuple[type[Rule], ...] = (DuplicateEntry, NearDuplicateEntry, UnfilledTemplateEntry)
