"""``python -m notelint``: the same as the ``notelint`` command."""

from __future__ import annotations

import sys

from notelint.cli import main

if __name__ == "__main__":
    sys.exit(main())
