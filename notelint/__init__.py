"""notelint: a content linter for technical markdown notes.

The public entry points are :func:`notelint.api.lint_text` and
:func:`notelint.api.lint_paths`; the command line is :func:`notelint.cli.main`.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
