"""Spelling rules (SP): English typos in prose and identifiers, Korean near misses, grammar.

The rules are project-scope: whether an unknown word is a typo or a term
depends on how often the notes use it and its neighbours.  They share one
analysis per run (:mod:`notelint.spelling.analysis`).
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    # ``RULES`` is built on first use: importing the package imports no rule module
    # (see notelint.rules.TABLE).
    if name != "RULES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from notelint.rules.spelling.grammar import Grammar
    from notelint.rules.spelling.korean_typo import KoreanTypo
    from notelint.rules.spelling.misspelled_identifier_part import MisspelledIdentifierPart
    from notelint.rules.spelling.misspelled_word import MisspelledWord

    rules = (
        MisspelledWord,
        MisspelledIdentifierPart,
        KoreanTypo,
        Grammar,
    )
    globals()["RULES"] = rules
    return rules
