"""Built-in rules, one package per family (``core``, ``footnotes``, ``dates``, ``math``, ``links``,
``duplicates``, ``spelling``).

:data:`BUILTIN_RULES` is the explicit, ordered list of every built-in rule.
"""

from __future__ import annotations

from notelint.rule import Rule
from notelint.rules.core import RULES as CORE_RULES
from notelint.rules.dates import RULES as DATE_RULES
from notelint.rules.duplicates import RULES as DUPLICATE_RULES
from notelint.rules.footnotes import RULES as FOOTNOTE_RULES
from notelint.rules.links import RULES as LINK_RULES
from notelint.rules.math import RULES as MATH_RULES
from notelint.rules.spelling import RULES as SPELLING_RULES

BUILTIN_RULES: tuple[type[Rule], ...] = (
    *CORE_RULES,
    *FOOTNOTE_RULES,
    *DATE_RULES,
    *MATH_RULES,
    *LINK_RULES,
    *DUPLICATE_RULES,
    *SPELLING_RULES,
)
