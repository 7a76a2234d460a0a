"""Math rules (MA): what MathJax receives after the publishing pipeline.

The pipeline model lives in :mod:`notelint.math`; each rule is one module here.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    # ``RULES`` is built on first use: importing the package imports no rule module
    # (see notelint.rules.TABLE).
    if name != "RULES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from notelint.rules.math.ma001_markdown_escape_in_math import MarkdownEscapeInMath
    from notelint.rules.math.ma002_unknown_mathjax_macro import UnknownMathjaxMacro
    from notelint.rules.math.ma003_math_split_by_markdown import MathSplitByMarkdown
    from notelint.rules.math.ma004_escape_artifact_in_math import EscapeArtifactInMath
    from notelint.rules.math.ma005_unbalanced_tex import UnbalancedTex
    from notelint.rules.math.ma006_dollar_not_math import DollarNotMath
    from notelint.rules.math.ma007_markdown_pre_escape_in_math import MarkdownPreEscapeInMath
    from notelint.rules.math.ma008_typography_in_math import TypographyInMath

    rules = (
        MarkdownEscapeInMath,
        UnknownMathjaxMacro,
        MathSplitByMarkdown,
        EscapeArtifactInMath,
        UnbalancedTex,
        DollarNotMath,
        MarkdownPreEscapeInMath,
        TypographyInMath,
    )
    globals()["RULES"] = rules
    return rules
