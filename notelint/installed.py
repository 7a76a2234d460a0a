"""What is installed, found without importing :mod:`importlib.metadata` when possible.

:mod:`importlib.metadata` imports the email, zip and CSV modules (about as
long as a one-note check takes to parse its note); most runs need one fact
that a directory listing gives: whether any distribution declares a plugin
entry point, or the version of one distribution.  Both functions fall back
to :mod:`importlib.metadata` whenever the quick answer could be wrong.
"""

from __future__ import annotations

import functools
import os
import re
import sys


def may_declare(group: str) -> bool:
    """Whether an installed distribution may declare entry points in ``group``.

    A quick scan that spares a run importing :mod:`importlib.metadata` (and
    the email, zip and CSV modules it loads) when no plugin is installed:
    ``False`` only when the ``entry_points.txt`` of every ``*.dist-info`` and
    ``*.egg-info`` folder in every folder of ``sys.path`` was read and none
    has a ``[group]`` section.  ``True`` when one has, or when the scan cannot
    tell: a zip file on ``sys.path``, an unreadable file, or an import finder
    other than Python's own that lists distributions.
    """
    for finder in sys.meta_path:
        if getattr(finder, "find_distributions", None) is not None and not (
                getattr(finder, "__module__", "") == "_frozen_importlib_external"
                and getattr(finder, "__name__", "") == "PathFinder"):
            return True
    wanted = group.encode()
    header = rb"^[ \t]*\[[ \t]*" + re.escape(wanted) + rb"[ \t]*\]"
    for entry in sys.path:
        folder = entry or "."
        try:
            with os.scandir(folder) as found:
                names = [e.name for e in found]
        except NotADirectoryError:
            return True  # a zip file
        except OSError:
            continue  # a folder that does not exist: importlib.metadata skips it too
        for name in names:
            if not name.lower().endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), "rb") as fh:
                    declared = fh.read()
                # The group's name is in a file that declares it: most files need no pattern.
                if wanted in declared and re.search(header, declared, re.M):
                    return True
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError:
                return True
    return False


def version(name: str) -> str:
    """The version of the installed distribution ``name``.

    Read from the name of its ``<name>-<version>.dist-info`` folder on
    ``sys.path`` (how wheels install); otherwise from :mod:`importlib.metadata`.

    Raises:
        importlib.metadata.PackageNotFoundError: it is not installed.
    """
    known = _dist_info_versions(tuple(sys.path)).get(_normalised(name))
    if known is not None:
        return known
    from importlib.metadata import version as metadata_version

    return metadata_version(name)


def _normalised(name: str) -> str:
    """``name`` lower-cased with each run of ``-``, ``_`` and ``.`` made one ``_`` (the
    normalised project name of PEP 503, spelled as in ``*.dist-info`` folder names)."""
    name = name.replace("-", "_").replace(".", "_")
    while "__" in name:
        name = name.replace("__", "_")
    return name.lower()


@functools.lru_cache(maxsize=4)
def _dist_info_versions(path: tuple[str, ...]) -> dict[str, str]:
    """``normalised project name -> version`` from the ``*.dist-info`` folders of ``path``
    (the first one of a name, folders in ``path`` order, names sorted in a folder).

    Read once per process and ``sys.path``: a distribution installed or upgraded while
    the process runs is not seen, like the modules it has already imported.
    """
    versions: dict[str, str] = {}
    for entry in path:
        try:
            with os.scandir(entry or ".") as found:
                names = [e.name for e in found if e.name.endswith(".dist-info")]
        except OSError:
            continue
        for folder in sorted(names):
            project, _, rest = folder[:-len(".dist-info")].partition("-")
            if rest:
                versions.setdefault(_normalised(project), rest)
    return versions
