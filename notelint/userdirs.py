"""The user cache folder, found without importing what a check does not need.

:func:`user_cache_dir` is ``platformdirs.user_cache_dir("notelint", appauthor=False)``.
On Linux and the BSDs that folder is the XDG one (``$XDG_CACHE_HOME/notelint``
when the variable holds an absolute path, else ``~/.cache/notelint``), and it is
computed here: importing :mod:`platformdirs` (4.x) imports :mod:`tempfile`,
and with it :mod:`shutil`, :mod:`random`, :mod:`bz2` and :mod:`lzma`, about a
tenth of a one-note check, for a path every spelling run and every cached run
looks up.  Everywhere else (macOS, Windows, Android, no ``HOME`` or one that is
not an absolute path) the answer is platformdirs' own; a test compares the two.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["APP_NAME", "user_cache_dir"]

#: The application name of notelint's folders.
APP_NAME = "notelint"


def _xdg_cache_dir() -> str | None:
    """The XDG user cache folder of notelint, or ``None`` where platformdirs must decide."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    env = os.environ
    if "ANDROID_DATA" in env or "ANDROID_ROOT" in env:
        return None
    xdg = env.get("XDG_CACHE_HOME", "")
    if xdg.startswith("/"):  # platformdirs ignores a relative one
        return os.path.join(xdg, APP_NAME)
    home = env.get("HOME", "")
    if not home.startswith("/"):
        return None
    return f"{home.rstrip('/')}/.cache/{APP_NAME}"  # os.path.expanduser("~/.cache")


def user_cache_dir() -> Path:
    """The platform's user cache folder for notelint (``~/.cache/notelint`` on Linux).

    Returns:
        the folder's path (not created); the same path as
        ``platformdirs.user_cache_dir("notelint", appauthor=False)``.

    Raises:
        RuntimeError: platformdirs cannot tell the home folder (no absolute
            ``HOME`` and no password entry).
    """
    found = _xdg_cache_dir()
    if found is not None:
        return Path(found)
    import platformdirs  # macOS, Windows, Android and the unusual cases

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
