"""Dated-entry rules (DT): order, impossible dates, missing dates, mixed formats, post dates.

They share one segmentation of each document into entries
(:func:`notelint.entries.segment`, memoised per document).
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    # ``RULES`` is built on first use: importing the package imports no rule module
    # (see notelint.rules.TABLE).
    if name != "RULES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from notelint.rules.dates.entry_order import EntryOutOfOrder
    from notelint.rules.dates.impossible_date import ImpossibleDate
    from notelint.rules.dates.mixed_formats import MixedDateFormats
    from notelint.rules.dates.post_date import PostDateMismatch
    from notelint.rules.dates.undated_entry import UndatedEntry

    rules = (
        EntryOutOfOrder,
        ImpossibleDate,
        UndatedEntry,
        MixedDateFormats,
        PostDateMismatch,
    )
    globals()["RULES"] = rules
    return rules
