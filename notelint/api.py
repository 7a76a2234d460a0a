"""notelint as a library: lint text or paths, get diagnostics.  No printing, no exiting.

Example::

    from notelint.api import lint_text
    for d in lint_text("Text[^1].\\n", select=["FN"]):
        print(d.line, d.column, d.code, d.message)
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notelint.config import Config, ConfigResolver, config_from_mapping
from notelint.diagnostics import Diagnostic
from notelint.document import Document
from notelint.engine import RuleSet, check_document, check_project
from notelint.fixes import FixError, fix_document
from notelint.registry import Registry, default_registry
from notelint.rule import DocumentContext, Rule, RunOptions
from notelint.runner import Source, discover, read_document
from notelint.suppressions import Directive, apply_suppressions, parse_directives


@dataclass
class LintResult:
    """What a lint run found.

    Attributes:
        diagnostics: kept diagnostics, sorted by path and position.
        documents: the parsed documents by display path (for excerpts and fixes).
        sources: every note that was checked, in order.
        suppressed: how many diagnostics directives suppressed.
    """

    diagnostics: list[Diagnostic] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    suppressed: int = 0

    @property
    def files_checked(self) -> int:
        """Number of notes checked (including unreadable ones)."""
        return len(self.sources)


class Linter:
    """Runs the configured rules over documents.

    Rule instances are built once per (configuration, enabled rules) pair.
    """

    def __init__(self, registry: Registry | None = None,
                 select: Sequence[str] | None = None, ignore: Sequence[str] = (),
                 run: RunOptions | None = None) -> None:
        self.registry = registry or default_registry()
        self.run = run or RunOptions()
        self.cli_select = tuple(select) if select is not None else None
        self.cli_ignore = tuple(ignore)
        self._rulesets: dict[tuple[int, frozenset[str]], RuleSet] = {}
        self._rule_cache: dict[tuple[int, str], Rule] = {}

    def ruleset(self, config: Config, path: Path | None) -> RuleSet:
        """The :class:`RuleSet` for ``path`` under ``config``."""
        codes = config.enabled_codes(self.registry, path, self.cli_select, self.cli_ignore)
        key = (id(config), codes)
        rs = self._rulesets.get(key)
        if rs is None:
            rules: list[Rule] = []
            for cls in self.registry:
                if cls.code in codes:
                    rk = (id(config), cls.code)
                    inst = self._rule_cache.get(rk)
                    if inst is None:
                        inst = cls(config.options(cls.code, cls.Options))
                        self._rule_cache[rk] = inst
                    rules.append(inst)
            severities = {r.code: config.severity(r.code, r.default_severity) for r in rules}
            rs = RuleSet(rules, severities)
            self._rulesets[key] = rs
        return rs

    def lint_documents(self, items: Iterable[tuple[Document, Config, Path | None]]) -> LintResult:
        """Lint already-parsed documents, then run project-scope rules over them all.

        Each document's token tree is released once its own rules have run
        (and project rules have taken what they need in ``prepare_document``),
        unless a project rule asks to keep trees; only the text stays, for
        excerpts and fixes.
        """
        result = LintResult()
        contexts: list[tuple[DocumentContext, RuleSet, list[Directive]]] = []
        with _collector_paused():
            for doc, config, path in items:
                rs = self.ruleset(config, path)
                ctx = DocumentContext(doc, config, self.run)
                check_document(ctx, rs)
                directives = parse_directives(ctx, self.registry)
                if not any(r.keeps_trees for r in rs.project_rules):
                    doc.release_tree()
                contexts.append((ctx, rs, directives))
                result.documents[doc.path] = doc
            self._project_phase(contexts)
            self._finish(contexts, result)
        return result

    def _project_phase(self, contexts: list[tuple[DocumentContext, RuleSet, list[Directive]]]) -> None:
        by_code: dict[str, tuple[Rule, list[DocumentContext]]] = {}
        for ctx, rs, _ in contexts:
            for rule in rs.project_rules:
                entry = by_code.setdefault(rule.code, (rule, []))
                entry[1].append(ctx)
        for rule, ctxs in by_code.values():
            check_project(ctxs, [rule])

    def _finish(self, contexts: list[tuple[DocumentContext, RuleSet, list[Directive]]],
                result: LintResult) -> None:
        for ctx, rs, directives in contexts:
            total = len(ctx.diagnostics)
            kept = apply_suppressions(ctx, directives, rs.codes)
            kept_ids = {id(d) for d in kept}
            result.suppressed += sum(1 for d in ctx.diagnostics[:total] if id(d) not in kept_ids)
            result.diagnostics.extend(d for d in kept if d.code in rs.codes)
        result.diagnostics.sort(key=Diagnostic.sort_key)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while linting.

    Token trees hold no reference cycles, so reference counting frees them;
    the collector would only scan every live tree again and again (measured:
    more than the rules themselves cost on a thousand notes).  Cyclic garbage
    made meanwhile is collected when the collector resumes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def lint_text(text: str, *, path: str = "<text>", select: Sequence[str] | None = None,
              ignore: Sequence[str] = (), config: Config | dict[str, Any] | None = None,
              registry: Registry | None = None) -> list[Diagnostic]:
    """Lint one note given as text.

    Args:
        text: the markdown source (any newline style).
        path: label used as the diagnostics' ``path``.
        select, ignore: rule selectors, as on the command line.
        config: a :class:`Config`, or a mapping with the keys of
            ``[tool.notelint]`` (validated).
        registry: rules to use (default: built-in plus plugins).

    Returns:
        Diagnostics sorted by position.

    Raises:
        notelint.config.ConfigError: ``config`` is an invalid mapping.
    """
    linter = Linter(registry, select, ignore)
    cfg = _resolve_config(config, linter.registry)
    doc = Document.from_text(text, path)
    return linter.lint_documents([(doc, cfg, None)]).diagnostics


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
    linter = Linter(registry, select, ignore)
    cfg = _resolve_config(config, linter.registry)

    def lint(d: Document) -> list[Diagnostic]:
        return linter.lint_documents([(d, cfg, None)]).diagnostics

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


def lint_paths(paths: Sequence[str], *, select: Sequence[str] | None = None,
               ignore: Sequence[str] = (), config_file: Path | None = None,
               registry: Registry | None = None, run: RunOptions | None = None) -> LintResult:
    """Lint the notes in ``paths`` (files or folders), with their nearest configuration.

    Args:
        paths: files or folders, as the user gave them (diagnostics keep them).
        select, ignore: rule selectors, as on the command line.
        config_file: use this configuration for every note instead of the nearest one.
        registry: rules to use (default: built-in plus plugins).
        run: run-wide options (offline, progress, cache folder).

    Raises:
        notelint.config.ConfigError: a configuration file is invalid.
        notelint.runner.DiscoveryError: a path does not exist.
    """
    linter = Linter(registry, select, ignore, run)
    resolver = ConfigResolver(linter.registry, config_file)
    sources = list(discover(paths, resolver.for_path))
    failed: list[Diagnostic] = []

    def documents() -> Iterable[tuple[Document, Config, Path | None]]:
        for src in sources:
            cfg = resolver.for_path(src.path)
            got = read_document(src, cfg.max_file_size)
            if isinstance(got, Document):
                yield got, cfg, src.path
                continue
            if got.code in cfg.enabled_codes(linter.registry, src.path, linter.cli_select,
                                             linter.cli_ignore):
                sev = cfg.severity(got.code, got.severity)
                failed.append(Diagnostic(got.code, got.name, sev, got.path, got.span, got.message))

    result = linter.lint_documents(documents())
    result.sources = sources
    result.diagnostics.extend(failed)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result
