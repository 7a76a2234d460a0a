"""Part of the analysis in a forked process, when that is safe and pays.

The cross-note analysis runs after the per-note phase, in the parent
process, one core busy and the others idle.  :func:`in_child` forks the
parent: the child inherits every summary already read (no copying, no
pickling of the inputs), computes one share of the work, and sends its
result back through a pipe, pickled, while the parent computes the other
share.  The result is the same as computing both shares in one process:
the callers split the work into parts whose results do not depend on each
other, and merge them in a fixed order.

Forking is refused where it is unsafe: a platform without ``fork``, macOS
(system libraries that must not be forked), or a process with other threads
running (a language server, an embedding application), which could leave a
lock held in the child.  If the child fails in any way (it is killed, it
raises, its result does not arrive), the parent computes the share itself.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether this process may fork a child to share the work (see the module docstring)."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def in_child(work: Callable[..., T], *args: Any) -> Callable[[], T] | None:
    """Start ``work(*args)`` in a forked child; ``None`` when forking is not possible.

    Returns:
        A function that waits for the child and returns ``work(*args)``'s
        result (computed here instead if the child failed).  Call it exactly
        once; until then the child may be waiting for the parent to read
        its result.
    """
    if not can_fork():
        return None
    try:
        read, write = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: compute, send, and leave without running the parent's exit code
        code = 1
        try:
            os.close(read)
            data = pickle.dumps(work(*args), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            code = 0
        except BaseException:  # noqa: BLE001 -- whatever happens, the parent computes it
            pass
        finally:
            os._exit(code)
    os.close(write)

    def result() -> T:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status == 0 and data:
            try:
                got: T = pickle.loads(data)
                return got
            except Exception:  # noqa: BLE001 -- a truncated result: compute it here
                pass
        return work(*args)

    return result
