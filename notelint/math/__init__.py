"""The math publishing-pipeline model used by the MA rules.

* :mod:`notelint.math.pipeline` — presets and how a note's pipeline is chosen;
* :mod:`notelint.math.render` — the note rendered as the pipeline's renderer would;
* :mod:`notelint.math.findtex` — MathJax 3's delimiter search;
* :mod:`notelint.math.model` — intended vs typeset formulas (:func:`math_view`);
* :mod:`notelint.math.tex`, :mod:`notelint.math.macros`, :mod:`notelint.math.escapes` —
  reading TeX the way MathJax does.
"""

from __future__ import annotations

from notelint.math.model import MathView, math_view
from notelint.math.pipeline import PRESETS, Pipeline, preset, resolve

__all__ = ["PRESETS", "MathView", "Pipeline", "math_view", "preset", "resolve"]
