"""Lines changed since a git revision, for ``--diff-base REF``.

On a pull request over a large note collection, the findings worth showing
are those on lines the pull request touched.  :func:`changed_lines` asks git
which lines of the working tree differ from ``REF``::

    git diff --unified=0 --no-color --relative REF -- PATHS

and reads the ``@@ -a,b +c,d @@`` hunk headers: lines ``c .. c+d-1`` of the
new file are changed.  Files git does not track yet (and does not ignore) are
changed as a whole.

Shapes and units:

* keys are POSIX paths relative to ``cwd`` (git's ``--relative`` output);
  :func:`normalise_path` turns a path as the user gave it into such a key;
* values are sets of 1-based line numbers of the working-tree file, counted
  at ``\\n`` as git counts them (a CRLF file has the same numbers as in
  notelint's diagnostics).

Limitation: a deletion changes no line of the new file, so a finding caused
only by removing text elsewhere (a footnote definition deleted, leaving its
reference dangling) is not on a changed line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from notelint.diagnostics import Diagnostic
from notelint.lazy import lazy_compile

if TYPE_CHECKING:  # git is run only with --diff-base
    import subprocess

#: ``@@ -a[,b] +c[,d] @@`` (the counts default to 1 when omitted).
_HUNK_RE = lazy_compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_C_ESCAPES = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f",
              "r": "\r", '"': '"', "\\": "\\"}


class DiffBaseError(Exception):
    """git is missing, the folder is not in a repository, or the revision is unknown."""


def _git(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    import subprocess

    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", errors="surrogateescape")


def _unquote(name: str) -> str:
    """Undo git's C-style quoting of a path (``"caf\\303\\251.md"``)."""
    if not (len(name) >= 2 and name[0] == '"' and name[-1] == '"'):
        return name
    body = name[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            octal = body[i + 1:i + 4]
            if len(octal) == 3 and all(c in "01234567" for c in octal):
                out.append(int(octal, 8))
                i += 4
                continue
            out.extend(_C_ESCAPES.get(nxt, nxt).encode("utf-8", "surrogateescape"))
            i += 2
            continue
        out.extend(ch.encode("utf-8", "surrogateescape"))
        i += 1
    return _decode(bytes(out))


def parse_unified_diff(text: str) -> dict[str, set[int]]:
    """Changed new-file lines per path from ``git diff --unified=0`` output.

    Paths are taken from the ``+++ b/PATH`` headers (``/dev/null``, a deleted
    file, contributes nothing).  A file whose only change is a deletion or a
    mode change is present with an empty set.
    """
    changed: dict[str, set[int]] = {}
    current: str | None = None
    for line in text.split("\n"):
        if line.startswith("+++ "):
            name = line[4:].rstrip("\t")
            if name == "/dev/null":
                current = None
                continue
            name = _unquote(name)
            current = name.removeprefix("b/")
            changed.setdefault(current, set())
            continue
        if current is None or not line.startswith("@@ "):
            continue
        m = _HUNK_RE.match(line)
        if m is None:
            continue
        start = int(m.group(1))
        count = 1 if m.group(2) is None else int(m.group(2))
        changed[current].update(range(start, start + count))
    return changed


def _line_count(path: Path) -> int:
    """Lines of a file as git counts them (``\\n``-terminated; a last line without one counts)."""
    try:
        data = path.read_bytes()
    except OSError:
        return 0
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def changed_lines(base: str, paths: Iterable[str | os.PathLike[str]] = (),
                  cwd: str | os.PathLike[str] | None = None) -> dict[str, set[int]]:
    """Lines of the working tree under ``paths`` that differ from revision ``base``.

    Args:
        base: any git revision (``origin/main``, a commit id, ``HEAD~3``).
        paths: files or folders, relative to ``cwd`` (default: all of ``cwd``).
        cwd: where to run git (default: the current folder).

    Returns:
        ``{path relative to cwd (POSIX): {1-based changed line numbers}}``;
        untracked, non-ignored files map to all their lines.

    Raises:
        DiffBaseError: git is not installed, ``cwd`` is not inside a git
            work tree, or ``base`` does not name a commit.
    """
    import shutil

    folder = Path(cwd) if cwd is not None else Path.cwd()
    if shutil.which("git") is None:
        raise DiffBaseError("--diff-base needs git, which was not found on PATH")
    inside = _git(["rev-parse", "--is-inside-work-tree"], folder)
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise DiffBaseError(f"--diff-base needs a git work tree; {folder} is not in one")
    verify = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}"],
                  folder)
    if verify.returncode != 0:
        raise DiffBaseError(
            f"--diff-base: git knows no commit `{base}`; fetch it first (for example "
            "`git fetch origin main`, or `fetch-depth: 0` in actions/checkout)")
    specs = [os.fspath(p) for p in paths]
    diff = _git(["-c", "core.quotePath=false", "diff", "--unified=0", "--no-color",
                 "--no-ext-diff", "--no-textconv", "--relative", "--find-renames",
                 "--src-prefix=a/", "--dst-prefix=b/", base, "--", *specs], folder)
    if diff.returncode != 0:
        raise DiffBaseError(f"git diff {base} failed: {_decode(diff.stderr).strip()}")
    changed = parse_unified_diff(_decode(diff.stdout))
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--", *specs], folder)
    if untracked.returncode != 0:
        raise DiffBaseError(f"git ls-files failed: {_decode(untracked.stderr).strip()}")
    for name in _decode(untracked.stdout).split("\0"):
        if name:
            changed[name] = set(range(1, _line_count(folder / name) + 1))
    return changed


def normalise_path(path: str, cwd: str | os.PathLike[str] | None = None) -> str:
    """``path`` (as the user gave it) as a key of :func:`changed_lines`: POSIX, relative to ``cwd``."""
    folder = os.path.abspath(cwd if cwd is not None else os.getcwd())
    full = path if os.path.isabs(path) else os.path.join(folder, path)
    return Path(os.path.relpath(os.path.normpath(full), folder)).as_posix()


def for_display_paths(changed: Mapping[str, set[int]], display_paths: Iterable[str],
                      cwd: str | os.PathLike[str] | None = None) -> dict[str, set[int]]:
    """Re-key ``changed`` by display paths (paths as diagnostics carry them).

    Only paths of changed files are keys; a file whose only change removed
    lines maps to an empty set.
    """
    out: dict[str, set[int]] = {}
    for p in display_paths:
        key = normalise_path(p, cwd)
        if key in changed:
            out[p] = set(changed[key])
    return out


def touches(d: Diagnostic, lines: set[int]) -> bool:
    """Whether ``d``'s span covers one of ``lines``.

    A span that ends at column 1 of a line does not cover that line (it ends
    with the previous line's newline).
    """
    last = d.span.end.line
    if last > d.span.start.line and d.span.end.column == 1:
        last -= 1
    return any(n in lines for n in range(d.span.start.line, last + 1))


def on_changed_line(d: Diagnostic, changed: Mapping[str, set[int]]) -> bool:
    """Whether ``d`` or one of its related places is on a changed line.

    ``changed`` is keyed by display path.  Related places count because a
    finding is often caused by the other end of a pair: a reference left
    dangling by an edited footnote definition, the older copy of a duplicate.
    """
    if touches(d, changed.get(d.path, set())):
        return True
    return any(r.line in changed.get(r.path or d.path, set()) for r in d.related)


#: What ``--diff-scope`` accepts: findings on changed lines, or in changed files.
SCOPES = ("lines", "files")


def restrict(diagnostics: Iterable[Diagnostic], changed: Mapping[str, set[int]],
             scope: str = "lines") -> list[Diagnostic]:
    """The diagnostics to report under ``--diff-base``.

    Args:
        changed: changed lines keyed by display path (:func:`for_display_paths`).
        scope: ``"lines"``: findings on changed lines (see :func:`on_changed_line`);
            ``"files"``: every finding in a changed file.

    Raises:
        ValueError: ``scope`` is not one of :data:`SCOPES`.
    """
    if scope == "lines":
        return [d for d in diagnostics if on_changed_line(d, changed)]
    if scope == "files":
        return [d for d in diagnostics if d.path in changed]
    raise ValueError(f"unknown diff scope {scope!r}; expected one of: {', '.join(SCOPES)}")
