"""Footnote rules (FN): undefined references, unused and duplicate definitions, malformed labels.

All four rules read one shared index (:mod:`notelint.rules.footnotes.index`),
built once per document through ``Document.memo``.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    # ``RULES`` is built on first use: importing the package imports no rule module
    # (see notelint.rules.TABLE).
    if name != "RULES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from notelint.rules.footnotes.duplicate_definition import DuplicateFootnoteDefinition
    from notelint.rules.footnotes.malformed_label import MalformedFootnoteLabel
    from notelint.rules.footnotes.undefined_reference import UndefinedFootnoteReference
    from notelint.rules.footnotes.unused_definition import UnusedFootnoteDefinition

    rules = (
        UndefinedFootnoteReference,
        UnusedFootnoteDefinition,
        DuplicateFootnoteDefinition,
        MalformedFootnoteLabel,
    )
    globals()["RULES"] = rules
    return rules
