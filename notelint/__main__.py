"""``python -m notelint``, and the ``notelint`` command: :func:`main` is the console script's
entry point (``notelint.__main__:main``), so both import the command line with the cyclic
garbage collector already off."""

from __future__ import annotations

import gc
import sys

# A command-line run is short, and what it allocates lives until its end: the cyclic garbage
# collector would only scan it again and again (about a tenth of a rerun's time, imports
# included).  notelint.cli.main keeps it off for a run; `notelint server` turns it back on.
gc.disable()

from notelint.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
