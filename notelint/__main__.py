"""``python -m notelint``, and the ``notelint`` command: :func:`main` is the console script's
entry point (``notelint.__main__:main``), so both import the command line with the cyclic
garbage collector already off, and leave the process without a last walk over what the
run allocated."""

from __future__ import annotations

import gc
import sys

# A command-line run is short, and what it allocates lives until its end: the cyclic garbage
# collector would only scan it again and again (about a tenth of a rerun's time, imports
# included).  notelint.cli.main keeps it off for a run; `notelint server` turns it back on.
gc.disable()

from notelint.cli import main as run  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the ``notelint`` command (:func:`notelint.cli.main` on ``argv``, default
    ``sys.argv[1:]``) in a process that exits afterwards; return its exit code.

    Before returning, every object the process holds is moved to the garbage collector's
    permanent generation (:func:`gc.freeze`): the interpreter's final collection at exit
    then has nothing to walk.  That walk is otherwise the largest part of a short run's
    exit (about 15 ms of a one-note check's 0.2 s); the objects are freed with the
    process either way.  For a caller that goes on running, call
    :func:`notelint.cli.main` instead.
    """
    code = run(argv)
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(main())
