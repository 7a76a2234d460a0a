"""Linting for the language server: one note's text, or a whole workspace, never raising.

The server lints the text of an editor buffer exactly as ``notelint check
PATH`` lints the saved file: the same rules, the nearest configuration
(:class:`notelint.config.ConfigResolver`), the same project-wide reading of
other notes (duplicates).  What differs is what happens when something goes
wrong: a broken configuration, a note notelint cannot take or a rule that
raises is not an error exit but a :class:`Problem` for the client to show,
and the findings of everything else still arrive.

* A broken configuration: the last configuration that loaded for that note is
  kept (the defaults when there never was one), and the error is a problem.
* A rule that raises: its findings for that call are lost, the other rules
  run as usual, and the exception (with its traceback) is a problem.
* Anything else that raises while linting a note: no findings for that
  note this time, and a problem.

Configuration files are watched by their modification times on every lint,
so an edited ``.notelint.toml`` or ``pyproject.toml`` applies on the next
lint even when the editor does not report file changes.

Nothing here is thread-safe: a :class:`NoteLinter` belongs to one worker
thread at a time.
"""

from __future__ import annotations

import dataclasses
import os
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notelint.api import Linter
from notelint.config import CONFIG_FILES, Config, ConfigError, ConfigResolver
from notelint.diagnostics import Diagnostic, Position, Severity, Span
from notelint.document import Document
from notelint.registry import Registry, default_registry
from notelint.rule import Rule, RunOptions
from notelint.rules.core import BinaryFile, FileTooLarge
from notelint.runner import DiscoveryError, discover, read_document

#: Rule methods the engine calls; each is guarded so that one rule's exception stays its own.
RULE_HOOKS = ("check_node", "check_document", "prepare_document", "check_project",
              "check_workspace")


@dataclass(frozen=True)
class Problem:
    """Something the user must hear about that is not a finding.

    Attributes:
        key: identifies the problem, so that it is announced once and not on every keystroke.
        message: one line for the editor's message area.
        detail: more for the server log (a traceback), or ``""``.
        error: an error (``True``) or a warning.
    """

    key: str
    message: str
    detail: str = ""
    error: bool = True


@dataclass
class NoteResult:
    """The outcome of linting one note.

    Attributes:
        path: the note's file, or ``None`` for a buffer that is not a file.
        document: the note as linted (its text is what positions refer to),
            or ``None`` when the note could not be linted at all.
        config: the configuration used.
        diagnostics: the findings, sorted by position.
        problems: what went wrong meanwhile.
    """

    path: Path | None
    document: Document | None
    config: Config | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def shown(path: Path) -> str:
    """``path`` as ``notelint check`` run in the current folder shows it: relative inside it."""
    try:
        rel = os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else Path(rel).as_posix()


def guarded_registry(registry: Registry, crashes: list[Problem]) -> Registry:
    """A copy of ``registry`` whose rules record their exceptions in ``crashes`` instead of raising.

    Each rule class is replaced by a subclass with the same id, name and
    options whose engine hooks (:data:`RULE_HOOKS`) catch ``Exception``.
    """
    guarded: list[type[Rule]] = []
    for cls in registry:
        namespace: dict[str, Any] = {"__doc__": cls.__doc__, "__module__": cls.__module__}
        for hook in RULE_HOOKS:
            method = getattr(cls, hook, None)
            if method is not None and method is not getattr(Rule, hook, None):
                namespace[hook] = _guard(cls, hook, method, crashes)
        guarded.append(type(cls.__name__, (cls,), namespace))
    return Registry(guarded)


def _guard(cls: type[Rule], hook: str, method: Callable[..., Any],
           crashes: list[Problem]) -> Callable[..., Any]:
    def call(self: Rule, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            crashes.append(Problem(
                key=f"crash:{cls.code}:{type(exc).__name__}:{exc}",
                message=f"notelint: rule {cls.code} ({cls.name}) failed with "
                        f"{type(exc).__name__}: {exc}; its findings are missing, "
                        "the other rules' are shown",
                detail="".join(traceback.format_exception(exc))))
            return None

    call.__name__ = hook
    call.__qualname__ = f"{cls.__name__}.{hook}"
    return call


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Modification times of every configuration file from ``folder`` up to the root."""
    out = []
    for d in (folder, *folder.parents):
        for name in CONFIG_FILES:
            try:
                st = (d / name).stat()
            except OSError:
                continue
            out.append((str(d / name), st.st_mtime_ns, st.st_size))
    return tuple(out)


def _file_diag(rule: type[Rule], display: str, message: str) -> Diagnostic:
    pos = Position(1, 1)
    return Diagnostic(rule.code, rule.name, Severity.ERROR, display, Span(pos, pos, 0, 0), message)


class NoteLinter:
    """Lints notes for the server with the rules and configuration ``notelint check`` uses.

    Args:
        root: the folder that stands in for the current folder of
            ``notelint check`` (the default configuration's root).
        registry: rules (default: built-in plus plugins).
        run: run options (offline, cache folder).
    """

    def __init__(self, root: Path, registry: Registry | None = None,
                 run: RunOptions | None = None) -> None:
        self.root = root
        self.base_registry = registry or default_registry()
        self.run = run or RunOptions()
        self.crashes: list[Problem] = []
        self._last_good: dict[Path, Config] = {}
        self.reset()

    def reset(self) -> None:
        """Forget every configuration and rule instance (a configuration file changed)."""
        self.registry = guarded_registry(self.base_registry, self.crashes)
        self.linter = Linter(self.registry, run=self.run)
        self.resolver = ConfigResolver(self.registry, default_root=self.root)
        self._prints: dict[Path, tuple[tuple[str, int, int], ...]] = {}

    def config_for(self, path: Path | None, problems: list[Problem]) -> Config:
        """The configuration of the note at ``path`` (``None``: the default one).

        A configuration file that changed since the last call is reloaded; an
        invalid one adds a problem and the last good configuration is used.
        """
        folder = (path.parent if path is not None else self.root).resolve()
        fp = _fingerprint(folder)
        known = self._prints.get(folder)
        if known is not None and known != fp:
            self.reset()
        self._prints[folder] = fp
        try:
            cfg = self.resolver.for_path(folder)
        except ConfigError as exc:
            problems.append(Problem(f"config:{exc}", f"notelint: configuration error: {exc}; "
                                    "using the last valid configuration"))
            return self._last_good.get(folder) or Config(root=self.root)
        self._last_good[folder] = cfg
        return cfg

    def lint_text(self, path: Path | None, display: str, text: str,
                  project_root: Path | None = None) -> NoteResult:
        """Lint ``text``, the content of the note at ``path`` (saved or not); never raises.

        ``project_root`` is where project rules read the other notes from, as
        ``notelint check --project-root`` (``None``: the configuration's folder).
        """
        problems: list[Problem] = []
        self.linter.run = dataclasses.replace(self.run, project_root=project_root)
        cfg = self.config_for(path, problems)
        result = NoteResult(path, None, cfg, problems=problems)
        try:
            if path is not None and cfg.is_excluded(path):
                result.document = Document.from_text(text, display)
                return result  # `notelint check PATH` skips excluded notes too
            failed = self._unreadable(path, display, text, cfg)
            if failed is not None:
                result.document = Document.from_text("", display)
                result.diagnostics = failed
                return result
            doc = Document.from_text(text, display)
            result.document = doc
            result.diagnostics = self.linter.lint_documents([(doc, cfg, path)]).diagnostics
        except Exception as exc:
            problems.append(Problem(f"lint:{display}:{type(exc).__name__}:{exc}",
                                    f"notelint: cannot lint {display}: {type(exc).__name__}: {exc}",
                                    "".join(traceback.format_exception(exc))))
        finally:
            problems.extend(self.crashes)
            self.crashes.clear()
        return result

    def _unreadable(self, path: Path | None, display: str, text: str,
                    cfg: Config) -> list[Diagnostic] | None:
        """NL003/NL004 for text that ``notelint check`` would not parse (as the runner words them)."""
        size = len(text.encode("utf-8", "surrogatepass"))
        diag = None
        if size > cfg.max_file_size:
            diag = _file_diag(FileTooLarge, display,
                              f"File is {size:,} bytes, over max-file-size ({cfg.max_file_size:,} "
                              "bytes); not checked (raise `max-file-size` to check it)")
        elif "\x00" in text:
            nul = len(text[:text.index("\x00")].encode("utf-8", "surrogatepass"))
            diag = _file_diag(BinaryFile, display,
                              f"File contains NUL bytes (first at byte {nul:,}); "
                              "it looks binary, not a markdown note")
        if diag is None:
            return None
        codes = cfg.enabled_codes(self.registry, path)
        if diag.code not in codes:
            return []
        sev = cfg.severity(diag.code, diag.severity)
        return [Diagnostic(diag.code, diag.name, sev, diag.path, diag.span, diag.message)]

    def lint_folders(self, folders: Sequence[Path], texts: dict[Path, str] | None = None,
                     progress: Callable[[int, int], None] | None = None) -> WorkspaceResult:
        """Lint every note under ``folders`` together, as ``notelint check FOLDERS`` does.

        Args:
            folders: the workspace folders.
            texts: unsaved text of open notes (resolved path -> text), linted
                instead of the saved file.
            progress: called with ``(notes done, notes in all)`` as notes are read.

        Never raises; see :class:`WorkspaceResult`.
        """
        out = WorkspaceResult()
        texts = texts or {}
        self.linter.run = self.run
        try:
            sources = list(discover([shown(f.resolve()) for f in folders if f.is_dir()],
                                    self.resolver.for_path))
        except (ConfigError, DiscoveryError) as exc:
            out.problems.append(Problem(f"scan:{exc}", f"notelint: cannot scan the workspace: {exc}"))
            return out
        failed: list[Diagnostic] = []
        total = len(sources)

        def documents() -> Iterator[tuple[Document, Config, Path | None]]:
            for i, src in enumerate(sources):
                if progress is not None:
                    progress(i, total)
                resolved = src.path.resolve()
                out.paths[src.display] = resolved
                cfg = self.config_for(src.path, out.problems)
                text = texts.get(resolved)
                got = (read_document(src, cfg.max_file_size) if text is None
                       else Document.from_text(text, src.display))
                if isinstance(got, Document):
                    yield got, cfg, src.path
                elif got.code in cfg.enabled_codes(self.registry, src.path):
                    sev = cfg.severity(got.code, got.severity)
                    failed.append(Diagnostic(got.code, got.name, sev, got.path, got.span,
                                             got.message))

        try:
            result = self.linter.lint_documents(documents())
        except Exception as exc:
            out.problems.append(Problem(f"scan:{type(exc).__name__}:{exc}",
                                        f"notelint: cannot lint the workspace: "
                                        f"{type(exc).__name__}: {exc}",
                                        "".join(traceback.format_exception(exc))))
            return out
        finally:
            out.problems.extend(self.crashes)
            self.crashes.clear()
        if progress is not None:
            progress(total, total)
        out.documents = result.documents
        for d in (*result.diagnostics, *failed):
            out.diagnostics.setdefault(d.path, []).append(d)
        for display in out.paths:
            out.diagnostics.setdefault(display, [])
        return out


@dataclass
class WorkspaceResult:
    """The outcome of linting a workspace.

    Attributes:
        paths: display path -> resolved file of every note linted.
        documents: display path -> the note as linted.
        diagnostics: display path -> its findings (an empty list for a clean note).
        problems: what went wrong meanwhile.
    """

    paths: dict[str, Path] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    diagnostics: dict[str, list[Diagnostic]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def by_path(self) -> Iterable[tuple[Path, Document | None, list[Diagnostic]]]:
        """``(file, document, findings)`` for every note linted."""
        for display, path in self.paths.items():
            yield path, self.documents.get(display), self.diagnostics.get(display, [])
