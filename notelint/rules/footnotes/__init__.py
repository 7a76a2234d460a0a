"""Footnote rules (FN): undefined references, unused and duplicate definitions, malformed labels.

All four rules read one shared index (:mod:`notelint.rules.footnotes.index`),
built once per document through ``Document.memo``.
"""

from __future__ import annotations

from notelint.rule import Rule
from notelint.rules.footnotes.duplicate_definition import DuplicateFootnoteDefinition
from notelint.rules.footnotes.malformed_label import MalformedFootnoteLabel
from notelint.rules.footnotes.undefined_reference import UndefinedFootnoteReference
from notelint.rules.footnotes.unused_definition import UnusedFootnoteDefinition

RULES: tuple[type[Rule], ...] = (
    UndefinedFootnoteReference,
    UnusedFootnoteDefinition,
    DuplicateFootnoteDefinition,
    MalformedFootnoteLabel,
)
