"""Built-in rules, one package per family (``core``, ``footnotes``, ``dates``, ``math``).

:data:`BUILTIN_RULES` is the explicit, ordered list of every built-in rule.
"""

from __future__ import annotations

from notelint.rule import Rule
from notelint.rules.core import RULES as CORE_RULES
from notelint.rules.dates import RULES as DATE_RULES
from notelint.rules.footnotes import RULES as FOOTNOTE_RULES
from notelint.rules.math import RULES as MATH_RULES

BUILTIN_RULES: tuple[type[Rule], ...] = (*CORE_RULES, *FOOTNOTE_RULES, *DATE_RULES, *MATH_RULES)
