"""Linting for the language server: one note's text, or a whole workspace, never raising.

The server lints the text of an editor buffer as ``notelint check
--project-root FOLDER PATH`` lints the saved file: the same engine
(:mod:`notelint.engine`), rules, nearest configuration and persistent note
cache, with the project's other notes read for the cross-note rules (their
unsaved text when they are open too).  After the first lint of a note, a
change re-checks only that note's text and runs the cross-note rules again
over the summaries already in memory (:meth:`notelint.engine.Engine.relint`).

What differs from the command line is what happens when something goes
wrong: a broken configuration, a note notelint cannot take or a rule that
raises is not an error exit but a :class:`Problem` for the client to show,
and the findings of everything else still arrive.

* A broken configuration: the last configuration that loaded for that
  folder stands in (the defaults when there never was one), also for the
  project's other notes, and the error is a problem.
* A rule (or a cross-note family's collector) that raises: its findings for
  that call are missing, the other rules run as usual, and the exception
  (with its traceback) is a problem.  Such a result is not cached.
* Anything else that raises while linting a note: no findings for that
  note this time, and a problem.

Configuration files are watched by their modification times on every lint,
so an edited ``.notelint.toml`` or ``pyproject.toml`` applies on the next
lint even when the editor does not report file changes.

Nothing here is thread-safe: a :class:`NoteLinter` belongs to one worker
thread at a time.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notelint.api import default_cache
from notelint.config import CONFIG_FILES, Config, ConfigError, ConfigResolver
from notelint.diagnostics import Diagnostic, Position, Severity, Span
from notelint.document import Document
from notelint.engine import Engine, LintResult, Note
from notelint.registry import Registry, default_registry
from notelint.rule import Rule, RunOptions, replace
from notelint.rules.core import BinaryFile, FileTooLarge
from notelint.runner import DiscoveryError, Source, discover
from notelint.workspace import Collector

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
    options whose engine hooks (:data:`RULE_HOOKS`) catch ``Exception``; a
    cross-note family's collector likewise (a failed ``collect`` gives no
    summary).  The subclasses' qualified names differ from the rules', so
    the persistent cache keeps their results apart from ``notelint check``'s
    (a result missing a crashed rule's findings never reaches the command line).
    """
    guarded: list[type[Rule]] = []
    collectors: dict[type[Collector], type[Collector]] = {}
    for cls in registry:
        namespace: dict[str, Any] = {"__doc__": cls.__doc__, "__module__": cls.__module__,
                                     "__qualname__": f"{cls.__qualname__}.InServer"}
        for hook in RULE_HOOKS:
            method = getattr(cls, hook, None)
            if method is not None and method is not getattr(Rule, hook, None):
                namespace[hook] = _guard(cls, hook, method, crashes)
        collector = getattr(cls, "collector", None)
        if collector is not None:
            if collector not in collectors:
                collectors[collector] = type(collector.__name__, (collector,), {
                    "__module__": collector.__module__,
                    "__qualname__": f"{collector.__qualname__}.InServer",
                    "collect": _guard(cls, "collect", collector.collect, crashes)})
            namespace["collector"] = collectors[collector]
        guarded.append(type(cls.__name__, (cls,), namespace))
    return Registry(guarded)


def _guard(rule: type[Rule], hook: str, method: Callable[..., Any],
           crashes: list[Problem]) -> Callable[..., Any]:
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            crashes.append(Problem(
                key=f"crash:{rule.code}:{type(exc).__name__}:{exc}",
                message=f"notelint: rule {rule.code} ({rule.name}) failed with "
                        f"{type(exc).__name__}: {exc}; its findings are missing, "
                        "the other rules' are shown",
                detail="".join(traceback.format_exception(exc))))
            return None

    call.__name__ = hook
    call.__qualname__ = f"{rule.__name__}.{hook}"
    return call


class _LastGoodResolver(ConfigResolver):
    """A resolver that never raises: an invalid configuration gives the last one that loaded.

    The errors are kept in :attr:`errors` for the caller to announce; the
    last good configuration of a folder (or of its nearest folder above that
    had one) stands in, else the defaults rooted at ``root``.
    """

    def __init__(self, registry: Registry, last_good: dict[Path, Config], root: Path) -> None:
        super().__init__(registry, default_root=root)
        self.errors: list[ConfigError] = []
        self.last_good = last_good
        self.root = root

    def for_path(self, path: Path) -> Config:
        folder = path.resolve()
        if not folder.is_dir():
            folder = folder.parent
        try:
            cfg = super().for_path(folder)
        except ConfigError as exc:
            if all(str(e) != str(exc) for e in self.errors):
                self.errors.append(exc)
            for d in (folder, *folder.parents):
                if d in self.last_good:
                    return self.last_good[d]
            return Config(root=self.root)
        self.last_good[folder] = cfg
        return cfg


class _ServerEngine(Engine):
    """The engine, except that a note whose lint saw a rule crash is not cached."""

    crashes: list[Problem]

    def _store(self, note: Note) -> None:
        if not self.crashes:
            super()._store(note)


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
    """Lints notes for the server with the engine, rules and configuration of ``notelint check``.

    Args:
        root: the folder that stands in for the current folder of
            ``notelint check`` (the default configuration's root).
        registry: rules (default: built-in plus plugins).
        run: run options (offline, cache folder).
        cache: use the persistent note cache, as ``notelint check`` does
            (:func:`notelint.api.default_cache`).
        jobs: processes for the per-note phase of a workspace lint (``0``:
            one per core).  A rule that crashes in another process is not
            announced (its findings are still missing, the others shown).

    An open note's first lint reads the project's other notes (from the
    cache when they did not change); its following lints re-check only its
    own text (:meth:`notelint.engine.Engine.relint`) until :meth:`forget` is
    called because notes changed on disk.
    """

    def __init__(self, root: Path, registry: Registry | None = None,
                 run: RunOptions | None = None, *, cache: bool = True, jobs: int = 1) -> None:
        self.root = root
        self.base_registry = registry or default_registry()
        self.run = run or RunOptions()
        self.use_cache = cache
        self.jobs = jobs
        self.crashes: list[Problem] = []
        self._last_good: dict[Path, Config] = {}
        self.reset()

    def reset(self) -> None:
        """Forget every configuration, rule instance and result (a configuration file changed)."""
        self.registry = guarded_registry(self.base_registry, self.crashes)
        self.resolver = _LastGoodResolver(self.registry, self._last_good, self.root)
        self.engine = _ServerEngine(self.registry, run=self.run, resolver=self.resolver,
                                    jobs=self.jobs)
        self.engine.crashes = self.crashes
        if self.use_cache:
            self.engine.cache = default_cache(self.resolver, [str(self.root)], self.run)
        self._prints: dict[Path, tuple[tuple[str, int, int], ...]] = {}
        self._previous: dict[str, LintResult] = {}

    def forget(self) -> None:
        """Drop the results kept for re-linting (other notes changed on disk)."""
        self._previous.clear()

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
        cfg = self.resolver.for_path(folder)
        self._drain(problems)
        return cfg

    def _drain(self, problems: list[Problem]) -> None:
        for exc in self.resolver.errors:
            if all(p.key != f"config:{exc}" for p in problems):
                problems.append(Problem(f"config:{exc}", f"notelint: configuration error: "
                                        f"{exc}; using the last valid configuration"))
        self.resolver.errors.clear()

    def lint_text(self, path: Path | None, display: str, text: str,
                  project_root: Path | None = None,
                  others: Mapping[Path, str] | None = None) -> NoteResult:
        """Lint ``text``, the content of the note at ``path`` (saved or not); never raises.

        Args:
            path: the note's file, or ``None`` for a buffer that is not a file.
            display: the note's path as messages show it.
            text: its content.
            project_root: where project rules read the other notes from, as
                ``notelint check --project-root`` (``None``: the configuration's folder).
            others: unsaved text of other open notes (absolute path -> text),
                read instead of their files.
        """
        problems: list[Problem] = []
        cfg = self.config_for(path, problems)
        result = NoteResult(path, Document.text_only(text, display), cfg, problems=problems)
        try:
            if path is not None and cfg.is_excluded(path):
                return result  # `notelint check PATH` skips excluded notes too
            failed = self._unreadable(path, display, text, cfg)
            if failed is not None:
                result.diagnostics = failed
                return result
            run = replace(self.run, project_root=project_root)
            self.engine.run = run
            previous = self._previous.get(display)
            if previous is not None and previous.notes and previous.notes[0].config is cfg:
                linted = self.engine.relint(previous, {display: text})
            else:
                note = Note(Source(path if path is not None else Path(display), display), cfg,
                            True, text=text)
                linted = self.engine.lint_notes([note], others)
            self._previous[display] = linted
            result.diagnostics = [d for d in linted.diagnostics if d.path == display]
            doc = linted.documents.get(display)
            if doc is not None:
                result.document = doc
        except Exception as exc:
            self._previous.pop(display, None)
            problems.append(Problem(f"lint:{display}:{type(exc).__name__}:{exc}",
                                    f"notelint: cannot lint {display}: {type(exc).__name__}: {exc}",
                                    "".join(traceback.format_exception(exc))))
        finally:
            self._drain(problems)
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
        if diag.code not in cfg.enabled_codes(self.registry, path):
            return []
        sev = cfg.severity(diag.code, diag.severity)
        return [Diagnostic(diag.code, diag.name, sev, diag.path, diag.span, diag.message)]

    def lint_folders(self, folders: Sequence[Path], texts: Mapping[Path, str] | None = None,
                     progress: Callable[[int, int], None] | None = None) -> WorkspaceResult:
        """Lint every note under ``folders`` together, as ``notelint check FOLDERS`` does.

        Args:
            folders: the workspace folders.
            texts: unsaved text of open notes (absolute path -> text), linted
                instead of the saved file.
            progress: called with ``(notes done, notes in all)`` as notes are checked.

        Never raises; see :class:`WorkspaceResult`.
        """
        out = WorkspaceResult()
        self.engine.run = self.run
        try:
            for f in folders:
                self.config_for(f / "-", out.problems)  # reload an edited configuration
            sources = list(discover([shown(f.resolve()) for f in folders if f.is_dir()],
                                    self.resolver.for_path))
            result = self.engine.lint(sources, texts, _Progress(progress) if progress else None)
        except (ConfigError, DiscoveryError) as exc:
            out.problems.append(Problem(f"scan:{exc}", f"notelint: cannot scan the workspace: {exc}"))
            return out
        except Exception as exc:
            out.problems.append(Problem(f"scan:{type(exc).__name__}:{exc}",
                                        f"notelint: cannot lint the workspace: "
                                        f"{type(exc).__name__}: {exc}",
                                        "".join(traceback.format_exception(exc))))
            return out
        finally:
            self._drain(out.problems)
            out.problems.extend(self.crashes)
            self.crashes.clear()
        for src in sources:
            out.paths[src.display] = src.path.resolve()
            out.diagnostics[src.display] = []
        out.documents = result.documents
        for d in result.diagnostics:
            out.diagnostics.setdefault(d.path, []).append(d)
        return out


class _Progress:
    """The engine's progress protocol (``start``, ``advance``, ``close``) as ``(done, total)`` calls."""

    def __init__(self, report: Callable[[int, int], None]) -> None:
        self.report = report
        self.done = self.total = 0

    def start(self, total: int) -> None:
        self.total = total
        self.report(0, total)

    def advance(self, n: int = 1) -> None:
        self.done += n
        self.report(self.done, self.total)

    def close(self) -> None:
        if self.done != self.total:
            self.report(self.total, self.total)


@dataclass
class WorkspaceResult:
    """The outcome of linting a workspace.

    Attributes:
        paths: display path -> resolved file of every note linted.
        documents: display path -> the note's text as linted.
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
