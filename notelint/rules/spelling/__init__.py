"""Spelling rules (SP): English typos in prose and identifiers, Korean near misses, grammar.

The rules are project-scope: whether an unknown word is a typo or a term
depends on how often the notes use it and its neighbours.  They share one
analysis per run (:mod:`notelint.spelling.analysis`).
"""

from __future__ import annotations

from notelint.rule import Rule
from notelint.rules.spelling.grammar import Grammar
from notelint.rules.spelling.korean_typo import KoreanTypo
from notelint.rules.spelling.misspelled_identifier_part import MisspelledIdentifierPart
from notelint.rules.spelling.misspelled_word import MisspelledWord

RULES: tuple[type[Rule], ...] = (
    MisspelledWord,
    MisspelledIdentifierPart,
    KoreanTypo,
    Grammar,
)
