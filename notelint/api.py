"""notelint as a library: lint text or paths, get diagnostics.  No printing, no exiting.

Example::

    from notelint.api import lint_text
    for d in lint_text("Text[^1].\\n", select=["FN"]):
        print(d.line, d.column, d.code, d.message)

Every function here is a thin layer over :class:`notelint.engine.Engine`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from notelint.cache import NoteCache, user_cache_dir
from notelint.config import Config, ConfigResolver, config_from_mapping
from notelint.diagnostics import Diagnostic
from notelint.document import Document
from notelint.engine import Engine, LintResult, Note
from notelint.registry import Registry
from notelint.rule import RunOptions
from notelint.runner import DiscoveryError, Source, discover_with_config

__all__ = ["Engine", "LintResult", "default_cache", "fix_text", "lint_paths", "lint_text"]


def lint_text(text: str, *, path: str = "<text>", select: Sequence[str] | None = None,
              ignore: Sequence[str] = (), config: Config | dict[str, Any] | None = None,
              registry: Registry | None = None, run: RunOptions | None = None) -> list[Diagnostic]:
    """Lint one note given as text.

    Args:
        text: the markdown source (any newline style).
        path: label used as the diagnostics' ``path``.
        select, ignore: rule selectors, as on the command line.
        config: a :class:`Config`, or a mapping with the keys of
            ``[tool.notelint]`` (validated).
        registry: rules to use (default: built-in plus plugins).
        run: run-wide options.

    Returns:
        Diagnostics sorted by position.

    Raises:
        notelint.config.ConfigError: ``config`` is an invalid mapping.
    """
    engine = Engine(registry, select, ignore, run)
    cfg = _resolve_config(config, engine.registry)
    return _lint_one(engine, text, path, cfg).diagnostics


def _lint_one(engine: Engine, text: str, display: str, cfg: Config) -> LintResult:
    note = Note(Source(Path(display), display), cfg, True, text=text)
    return engine.lint_notes([note])


def fix_text(text: str, *, select: Sequence[str] | None = None, ignore: Sequence[str] = (),
             config: Config | dict[str, Any] | None = None, unsafe: bool = False,
             registry: Registry | None = None) -> tuple[str, int]:
    """Apply fixes to a note given as text, as ``notelint check --fix`` would.

    Returns:
        ``(fixed_text, edits_applied)``; newlines of the result are ``\\n``.

    Raises:
        notelint.config.ConfigError: ``config`` is an invalid mapping.
        notelint.fixes.FixError: a fix would change the note beyond what it repairs.
    """
    from notelint.fixes import FixError, fix_document  # a check without --fix never needs it

    engine = Engine(registry, select, ignore)
    cfg = _resolve_config(config, engine.registry)

    def lint(d: Document) -> list[Diagnostic]:
        return _lint_one(engine, d.text, d.path, cfg).diagnostics

    outcome = fix_document(Document.from_text(text), lint, unsafe=unsafe)
    if outcome.error:
        raise FixError(outcome.error)
    return outcome.text, outcome.applied


def _resolve_config(config: Config | dict[str, Any] | None, registry: Registry) -> Config:
    if config is None:
        return Config(root=Path.cwd())
    if isinstance(config, Config):
        return config
    return config_from_mapping(config, Path.cwd(), registry)


def default_cache(resolver: ConfigResolver, paths: Sequence[str],
                  run: RunOptions) -> NoteCache | None:
    """The persistent cache of a run, or ``None`` when it is off.

    Off with ``NOTELINT_NO_CACHE`` set to anything but ``0``/empty.  The
    folder is ``<cache dir>/notes`` when ``--cache-dir`` (``run.cache_dir``)
    or ``NOTELINT_CACHE_DIR`` is given; else ``.notelint_cache`` in the folder
    of the configuration file of the first path, when there is one (like
    ruff's ``.ruff_cache``; it ignores itself for git); else the user cache
    folder (``platformdirs``).
    """
    if os.environ.get("NOTELINT_NO_CACHE", "") not in ("", "0"):
        return None
    if run.cache_dir is not None:
        return NoteCache(run.cache_dir)
    env = os.environ.get("NOTELINT_CACHE_DIR")
    if env:
        return NoteCache(Path(env))
    first = Path(paths[0]) if paths else Path.cwd()
    try:
        cfg = resolver.for_path(first)
    except Exception:
        cfg = None
    if cfg is not None and cfg.source is not None:
        return NoteCache(cfg.root / ".notelint_cache")
    return NoteCache(user_cache_dir() / "projects")


def lint_paths(paths: Sequence[str], *, select: Sequence[str] | None = None,
               ignore: Sequence[str] = (), config_file: Path | None = None,
               registry: Registry | None = None, run: RunOptions | None = None,
               overrides: Mapping[Path, str] | None = None, cache: bool = False,
               jobs: int = 1, progress: Any = None,
               extend_select: Sequence[str] = ()) -> LintResult:
    """Lint the notes in ``paths`` (files or folders), with their nearest configuration.

    Args:
        paths: files or folders, as the user gave them (diagnostics keep them).
        select, ignore: rule selectors, as on the command line.
        config_file: use this configuration for every note instead of the nearest one.
        registry: rules to use (default: built-in plus plugins).
        run: run-wide options (offline, progress, cache folder).
        overrides: ``path -> text`` to check instead of the file's content
            (unsaved text from an editor or standard input); such a path
            need not exist.
        cache: use the persistent cache (:func:`default_cache`).
        jobs: processes for the per-note phase (``0``: one per core).
        progress: see :meth:`Engine.lint`.
        extend_select: rule selectors added to every configuration's selection.

    Raises:
        notelint.config.ConfigError: a configuration file is invalid.
        notelint.runner.DiscoveryError: a path does not exist.
    """
    if not paths:
        raise DiscoveryError("no paths given")
    run = run or RunOptions()
    engine = Engine(registry, select, ignore, run, jobs=jobs, extend_select=extend_select)
    engine.resolver = ConfigResolver(engine.registry, config_file)
    if cache:
        engine.cache = default_cache(engine.resolver, paths, run)
    overridden = {os.path.abspath(p) for p in (overrides or {})}
    on_disk = [p for p in paths if os.path.abspath(p) not in overridden]
    # Each note with the configuration discovery found for it (looked up once per folder).
    found = list(discover_with_config(on_disk, engine.resolver.for_path)) if on_disk else []
    notes = [Note(source, config, True) for source, config in found]
    for given in paths:
        if os.path.abspath(given) in overridden:
            source = Source(Path(given), given)
            notes.append(Note(source, engine.resolver.for_path(source.path), True))
    return engine.lint_notes(notes, overrides, progress)
