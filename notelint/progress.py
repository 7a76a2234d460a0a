"""A progress bar on a terminal for long runs, drawn by ``rich``.

:class:`ProgressBar` is used as ``start(total)``, then ``advance(n)`` per note
checked, then ``close()``.  It draws nothing unless its stream is a terminal,
and nothing during the first :data:`DELAY` seconds, so short runs, pipes, CI
logs and ``--quiet`` runs are left untouched.  The bar goes to standard error
and is removed when the run ends, leaving only the report on standard output.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

#: Seconds a run must last before the bar appears.
DELAY = 1.0


class ProgressBar:
    """Notes checked so far out of ``total``, shown once a run lasts over :data:`DELAY`.

    Args:
        stream: where the bar is drawn (default: ``sys.stderr``).
        enabled: ``False`` to draw nothing at all (``--quiet``, a CI log);
            ``None`` to draw only when ``stream`` is a terminal.
        clock: seconds, monotonic (tests pass their own).
    """

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.clock = clock
        self.total = 0
        self.done = 0
        self._started = 0.0
        self._bar: Any = None
        self._task: Any = None

    @property
    def visible(self) -> bool:
        """Whether the bar is being drawn now."""
        return self._bar is not None

    def start(self, total: int) -> None:
        """Begin a run over ``total`` items (notes)."""
        self.total = max(0, total)
        self.done = 0
        self._started = self.clock()

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more items done; draws the bar once the run has lasted :data:`DELAY`."""
        self.done += n
        if not self.enabled:
            return
        if self._bar is None:
            if self.clock() - self._started < DELAY or self.done >= self.total:
                return
            self._show()
        self._bar.update(self._task, completed=self.done)

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        console = Console(file=self.stream, force_terminal=True)
        self._bar = RichProgress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=console, transient=True)
        self._task = self._bar.add_task("notes", total=self.total or None)
        self._bar.start()

    def close(self) -> None:
        """End the run: remove the bar if one was drawn.  Safe to call more than once."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
