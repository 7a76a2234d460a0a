"""From paths to documents: discovery, safe reading, and the two lint phases.

Discovery expands glob patterns, then walks folders for ``*.md`` and
``*.markdown`` files, skipping hidden folders, files ignored by git
(``.gitignore`` files between the repository root and each file, and
``.git/info/exclude``, with git's semantics via ``pathspec``) and the
configuration's ``exclude`` patterns.  Files and folders named explicitly are
always checked unless excluded by the configuration.

Reading never raises: a file that cannot be read, is binary, is not UTF-8 or
is too large becomes an NL diagnostic instead of a document.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from notelint.diagnostics import Diagnostic, Position, Severity, Span
from notelint.rules.core import BinaryFile, FileTooLarge, InvalidEncoding, UnreadableFile
from notelint.safeio import NotRegularFile, TooLarge, read_regular

if TYPE_CHECKING:  # pathspec is imported when a .gitignore is read; the parser when a note is
    import pathspec

    from notelint.config import Config
    from notelint.document import Document
    from notelint.rule import Rule

NOTE_SUFFIXES = (".md", ".markdown")

#: ``lookup(path) -> Config``: the configuration that applies to a note or folder.
ConfigLookup = Callable[[Path], "Config"]


class DiscoveryError(Exception):
    """A path given by the user does not exist."""


class Source:
    """A note to check: ``path`` on disk and ``display``, the path as the user gave it.

    ``root`` is the folder that was walked to find it (``None`` for a file named
    by the user): a symbolic link found there that leads outside it is not read.

    Immutable, compared and hashed by value (like a frozen dataclass, without the
    code generation at import: every run imports it).

    Raises:
        AttributeError: on an attempt to set or delete an attribute.
    """

    __slots__ = ("path", "display", "root")

    path: Path
    display: str
    root: Path | None

    def __init__(self, path: Path, display: str, root: Path | None = None) -> None:
        _set(self, "path", path)
        _set(self, "display", display)
        _set(self, "root", root)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of a Source")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of a Source")

    def __repr__(self) -> str:
        return f"Source(path={self.path!r}, display={self.display!r}, root={self.root!r})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Source)
        return (self.path, self.display, self.root) == (other.path, other.display, other.root)

    def __hash__(self) -> int:
        return hash((self.path, self.display, self.root))

    def __reduce__(self) -> tuple[type[Source], tuple[Path, str, Path | None]]:
        return Source, (self.path, self.display, self.root)


_set = object.__setattr__


def _gitignore_spec(folder: Path) -> pathspec.GitIgnoreSpec | None:
    gi = folder / ".gitignore"
    try:
        lines = gi.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return _spec(lines)


def _spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(specs: list[tuple[Path, pathspec.GitIgnoreSpec]], path: Path, is_dir: bool) -> bool:
    ignored = False
    for base, spec in specs:
        try:
            rel = path.relative_to(base).as_posix()
        except ValueError:
            continue
        # Later (deeper) .gitignore files override earlier ones, as in git.
        res = spec.check_file(rel + ("/" if is_dir else ""))
        if res.include is not None:
            ignored = bool(res.include)
    return ignored


def _display(path: Path, given: str, given_path: Path) -> str:
    if path == given_path:
        return given
    rel = path.relative_to(given_path).as_posix()
    if given in (".", "./"):
        return rel
    return given.rstrip("/\\") + "/" + rel


_GLOB_CHARS = frozenset("*?[")


def expand_globs(paths: Iterable[str]) -> list[str]:
    """``paths`` with glob patterns (``content/*.md``, ``notes/**/*.md``) expanded.

    A path that exists is kept as it is, even if it contains ``*``, ``?`` or
    ``[``; a pattern is replaced by its matches in sorted order (``**``
    matches any number of folders; names starting with ``.`` are not matched,
    as in the shell).  Shells expand globs themselves; this is for CI inputs
    and Windows, where they reach notelint unexpanded.

    Raises:
        DiscoveryError: a pattern matches nothing.
    """
    out: list[str] = []
    for given in paths:
        if _GLOB_CHARS.isdisjoint(given) or os.path.lexists(given):
            out.append(given)
            continue
        matches = sorted(glob.glob(given, recursive=True))
        if not matches:
            raise DiscoveryError(f"{given}: no file or folder matches this pattern")
        out.extend(matches)
    return out


def _git_dir(top: Path) -> Path | None:
    """The git directory of the repository whose root is ``top`` (a ``.git`` folder or file)."""
    dot_git = top / ".git"
    if dot_git.is_dir():
        return dot_git
    try:
        first = dot_git.read_text(encoding="utf-8", errors="replace").splitlines()[0]
    except (OSError, IndexError):
        return None
    if not first.startswith("gitdir:"):
        return None
    git_dir = (top / first[len("gitdir:"):].strip()).resolve()
    try:  # a linked worktree: info/exclude lives in the common git directory
        common = (git_dir / "commondir").read_text(encoding="utf-8").strip()
        return (git_dir / common).resolve()
    except OSError:
        return git_dir


def _exclude_spec(repo_root: Path) -> pathspec.GitIgnoreSpec | None:
    """The repository's ``.git/info/exclude`` patterns (they apply like a root ``.gitignore``)."""
    git_dir = _git_dir(repo_root)
    if git_dir is None:
        return None
    try:
        lines = (git_dir / "info" / "exclude").read_text(encoding="utf-8",
                                                           errors="replace").splitlines()
    except OSError:
        return None
    return _spec(lines)


def _ancestor_specs(top: Path) -> list[tuple[Path, pathspec.GitIgnoreSpec]]:
    """Ignore rules that reach the folder ``top`` (resolved) from above it.

    Inside a git repository: ``.git/info/exclude`` and the ``.gitignore``
    files from the repository root down to ``top``'s parent -- unless they
    ignore ``top`` itself (or a folder between the root and it), since a
    folder named on the command line is checked.  Outside any repository:
    none (git applies no ``.gitignore`` there; the walked folder's own
    ``.gitignore`` files still apply).  ``top``'s own ``.gitignore`` is read
    by the walk.
    """
    root: Path | None = None
    cur = top
    while True:
        if (cur / ".git").exists():
            root = cur
            break
        if cur.parent == cur:
            break
        cur = cur.parent
    if root is None:
        return []
    specs: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
    exclude = _exclude_spec(root)
    if exclude is not None:
        specs.append((root, exclude))
    if root != top:
        chain = [top.parent, *top.parent.parents]
        for folder in reversed(chain[:chain.index(root) + 1]):
            spec = _gitignore_spec(folder)
            if spec is not None:
                specs.append((folder, spec))
        named = [top, *top.parents]
        if any(_ignored(specs, folder, True) for folder in named[:named.index(root)]):
            return []
    return specs


def discover(paths: Iterable[str], config_for: ConfigLookup) -> Iterator[Source]:
    """Yield the notes under ``paths`` in a stable (sorted) order, each once.

    ``paths`` may hold glob patterns (see :func:`expand_globs`).

    Raises:
        DiscoveryError: a path does not exist, or a pattern matches nothing.
    """
    for source, _config in discover_with_config(paths, config_for):
        yield source


def discover_with_config(paths: Iterable[str], config_for: ConfigLookup
                         ) -> Iterator[tuple[Source, Config]]:
    """:func:`discover`, each note with its configuration (``config_for`` of the note).

    A folder's configuration is looked up once for all the notes in it (a
    note that is a symbolic link gets its own lookup, as ``config_for``
    resolves it).

    Raises:
        DiscoveryError: a path does not exist, or a pattern matches nothing.
    """
    seen: set[str] = set()
    for given in expand_globs(paths):
        p = Path(given)
        if not p.exists():
            raise DiscoveryError(f"{given}: no such file or folder")
        if p.is_file() or not p.is_dir():
            rp = os.fspath(p.resolve())
            cfg = config_for(p)
            if rp not in seen and not cfg.is_excluded(p):
                seen.add(rp)
                yield Source(p, given), cfg
            continue
        specs = _ancestor_specs(p.resolve()) if config_for(p).respect_gitignore else []
        yield from _walk(p, p, given, specs, config_for, seen)


def _walk(folder: Path, top: Path, given: str, specs: list[tuple[Path, pathspec.GitIgnoreSpec]],
          config_for: ConfigLookup, seen: set[str], rfolder: Path | None = None
          ) -> Iterator[tuple[Source, Config]]:
    """The notes under ``folder`` (found by walking ``top``, named ``given``), in name order.

    ``rfolder``: ``folder`` resolved, when the caller knows it (a subfolder that is not a
    symbolic link is its resolved parent and its name: no system call per path component).
    """
    cfg = config_for(folder)
    local = list(specs)
    try:
        if rfolder is None:
            rfolder = folder.resolve()
        if cfg.respect_gitignore:
            spec = _gitignore_spec(folder)
            if spec is not None:
                local.append((rfolder, spec))
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    # The display of a note here is this prefix and its name (see _display).
    if folder == top:
        prefix = "" if given in (".", "./") else given.rstrip("/\\") + "/"
    else:
        prefix = _display(folder, given, top) + "/"
    rbase = os.fspath(rfolder)
    ignoring = cfg.respect_gitignore and local
    # Each ignore file's patterns see an entry here as this folder's path relative to the
    # ignore file's folder, then the entry's name (``None``: the folder is not under it).
    relative = [(_relative_prefix(rfolder, base), spec) for base, spec in local] if ignoring else []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            link = entry.is_symlink()
            is_dir = entry.is_dir()
        except OSError:
            continue
        if not is_dir and not name.lower().endswith(NOTE_SUFFIXES):
            continue  # never a note, whether ignored or not
        child = Path(entry.path)
        if link:
            # Resolving costs a system call per path component; only links need it.
            try:
                rchild: Path | None = child.resolve()
            except OSError:
                continue
            if ignoring and _ignored(local, rchild, is_dir):  # type: ignore[arg-type]
                continue
        else:
            rchild = None
            if ignoring and _ignored_here(relative, name, is_dir):
                continue
        if cfg.is_excluded(child, is_dir):
            continue
        if is_dir:
            yield from _walk(child, top, given, local, config_for, seen,
                             None if link or _RESOLVE_EACH_FOLDER else rfolder / name)
        else:
            real = os.fspath(rchild) if rchild is not None else os.path.join(rbase, name)
            if real not in seen:
                seen.add(real)
                yield (Source(child, prefix + name, top),
                       config_for(child) if link else cfg)


#: Resolve every folder the walk enters, not only links: on Windows a junction is a folder
#: link that ``DirEntry.is_symlink()`` does not report (before Python 3.12's ``is_junction``).
_RESOLVE_EACH_FOLDER = os.name == "nt"


def _relative_prefix(folder: Path, base: Path) -> str | None:
    """``folder`` relative to ``base`` as a POSIX path prefix (``""`` or ending in ``/``), or
    ``None`` when ``folder`` is not ``base`` or inside it (both resolved)."""
    if folder == base:
        return ""
    try:
        return folder.relative_to(base).as_posix() + "/"
    except ValueError:
        return None


def _ignored_here(relative: list[tuple[str | None, pathspec.GitIgnoreSpec]], name: str,
                  is_dir: bool) -> bool:
    """:func:`_ignored` for the entry ``name`` of a folder whose path relative to each ignore
    file's folder is known (:func:`_relative_prefix`): the same answer, without a path
    object per entry."""
    ignored = False
    for prefix, spec in relative:
        if prefix is None:
            continue
        # Later (deeper) .gitignore files override earlier ones, as in git.
        res = spec.check_file(prefix + name + ("/" if is_dir else ""))
        if res.include is not None:
            ignored = bool(res.include)
    return ignored


def _file_diag(rule: type[Rule], display: str, message: str, line: int = 1, column: int = 1) -> Diagnostic:
    pos = Position(line, column)
    return Diagnostic(code=rule.code, name=rule.name, severity=Severity.ERROR, path=display,
                      span=Span(pos, pos, 0, 0), message=message)


def read_document(source: Source, max_size: int) -> Document | Diagnostic:
    """Read and parse one note, or say why it cannot be (NL001-NL004).

    See :func:`read_note`; returns a :class:`Document` or the diagnostic.
    """
    from notelint.document import Document

    got = read_note(source, max_size)
    return got if isinstance(got, Diagnostic) else Document.from_text(got, source.display)


def read_note(source: Source, max_size: int) -> str | Diagnostic:
    """Read one note's text, or say why it cannot be (NL001-NL004).

    See :func:`read_note_data`; returns the text or the diagnostic.
    """
    got = read_note_data(source, max_size)
    return got if isinstance(got, Diagnostic) else got[0]


def read_note_data(source: Source, max_size: int) -> tuple[str, bytes] | Diagnostic:
    """Read one note: ``(text, its bytes)``, or say why it cannot be read (NL001-NL004).

    The file is only read, never written, and only if it is a regular file
    (a FIFO, a device such as ``/dev/zero`` behind a symbolic link, or a folder
    gets NL001 without a read), at most ``max_size`` bytes, and, when found by
    walking a folder, only if it lies inside that folder.  Returns the decoded
    text (a BOM, if any, kept) with the bytes it was decoded from (its UTF-8,
    for a caller that hashes or keeps it so), or a file-level
    :class:`Diagnostic` (with severity ``error``; the caller applies configured
    severities).
    """
    data = read_note_bytes(source, max_size)
    return data if isinstance(data, Diagnostic) else decode_note(source, data)


def read_note_bytes(source: Source, max_size: int) -> bytes | Diagnostic:
    """The bytes of one note as :func:`read_note_data` reads them, not yet checked to be
    text (see :func:`decode_note`), or why it cannot be read (NL001, NL004)."""
    if source.root is not None and os.path.islink(source.path):
        target = source.path.resolve()
        root = source.root.resolve()
        if target != root and root not in target.parents:
            return _file_diag(UnreadableFile, source.display,
                              "Not read: a symbolic link to a file outside the checked folder "
                              f"`{source.root}` (name the file itself to check it)")
    try:
        data = read_regular(source.path, max_size)
    except TooLarge as exc:
        return _file_diag(FileTooLarge, source.display,
                          f"File is {exc.size:,} bytes, over max-file-size ({max_size:,} bytes); "
                          "not checked (raise `max-file-size` to check it)")
    except NotRegularFile as exc:
        return _file_diag(UnreadableFile, source.display, f"Cannot read file: {exc.strerror}")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _file_diag(UnreadableFile, source.display, f"Cannot read file: {reason}")
    return data


def decode_note(source: Source, data: bytes) -> tuple[str, bytes] | Diagnostic:
    """``(text, data)`` for the bytes ``data`` of a note, or why they are not a note's text
    (NL003 for a NUL byte, NL002 for bytes that are not UTF-8)."""
    nul = data.find(b"\x00")
    if nul != -1:
        return _file_diag(BinaryFile, source.display,
                          f"File contains NUL bytes (first at byte {nul:,}); "
                          "it looks binary, not a markdown note")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        bad = data[exc.start:exc.start + 1].hex()
        return _file_diag(InvalidEncoding, source.display,
                          f"File is not valid UTF-8: byte 0x{bad} at offset {exc.start:,} "
                          "(re-save the note as UTF-8)", line, column)
    return text, data
