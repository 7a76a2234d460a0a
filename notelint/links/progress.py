"""A one-line progress bar on standard error while remote links are checked.

Shown only when the run allows it (``RunOptions.progress``: a terminal, not
``--quiet``, not CI) and standard error is a terminal; redrawn at most ten
times a second and erased when done, so it never mixes with the report.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts finished URLs out of ``total`` and draws ``Checking links  12/40 [####----]``."""

    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.total = total
        self.done = 0
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = enabled and total > 0 and bool(isatty and isatty())
        self._last = 0.0

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more URLs as finished."""
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last >= 0.1 or self.done >= self.total:
            self._last = now
            self._draw()

    def _draw(self) -> None:
        width = 30
        filled = width * self.done // max(1, self.total)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\rChecking links {self.done:>6}/{self.total} [{bar}]")
        self.stream.flush()

    def close(self) -> None:
        """Erase the bar."""
        if self.enabled:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.enabled = False
