"""Link rules (LK): dead, missing and unverifiable link targets.

All seven rules read one shared analysis per run (:mod:`notelint.links.analysis`),
so each remote URL is requested once however many notes and rules use it.
The rules that need the network (LK001, LK004, LK005) are opt-in.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    # ``RULES`` is built on first use: importing the package imports no rule module
    # (see notelint.rules.TABLE).
    if name != "RULES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from notelint.rules.links.autolinked_code import AutolinkedCode
    from notelint.rules.links.dead_link import DeadLink
    from notelint.rules.links.impossible_host import ImpossibleHost
    from notelint.rules.links.missing_fragment import MissingFragment
    from notelint.rules.links.missing_local_file import MissingLocalFile
    from notelint.rules.links.redirected_link import RedirectedLink
    from notelint.rules.links.unverifiable_link import UnverifiableLink

    rules = (
        DeadLink,
        MissingLocalFile,
        MissingFragment,
        UnverifiableLink,
        RedirectedLink,
        ImpossibleHost,
        AutolinkedCode,
    )
    globals()["RULES"] = rules
    return rules
