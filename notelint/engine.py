"""The engine: notes in, findings out, each unchanged note checked once.

A run has two phases, like flake8's per-file checks followed by ruff's and
rumdl's cross-file pass:

1. **Per note** (:func:`check_note`): read, parse, run the token- and
   document-scope rules, parse the inline directives, and run the
   collectors of the cross-note families (:mod:`notelint.workspace`).  The
   result (:class:`NoteResult`) is picklable: it is computed in a process
   pool when the run is large and kept in the persistent cache
   (:mod:`notelint.cache`) under the note's content, path, configuration
   and notelint's version.
2. **Per workspace** (one per configuration group): the cross-note rules
   report from the summaries, then each checked note's directives suppress
   what they name, per-file ignores and severities apply.

The engine is the one place that reads notes that were not named on the
command line (the project's other notes, when a collector asks for them).
Findings are in a deterministic order whatever the number of processes and
whether the cache was used.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import stat
import sys
import weakref
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from notelint.cache import PACK_MIN_NOTES, CacheEntry, NoteCache, Pickled, dumps
from notelint.config import Config, ConfigResolver
from notelint.diagnostics import Diagnostic, Severity
from notelint.digests import blake2b, content_digest
from notelint.document import Document
from notelint.registry import Registry, RuleInfo, default_registry
from notelint.rule import DocumentContext, Rule, RunOptions, Scope
from notelint.runner import Source, decode_note, discover, discover_with_config, read_note_bytes
from notelint.suppressions import Directive, apply_suppressions, parse_directives
from notelint.workspace import Collector, NoteSummary, WorkspaceContext

T = TypeVar("T")

#: Below this many notes to parse, a run stays in one process (a pool costs ~0.1 s).
POOL_MIN_NOTES = 64
#: Notes handed to a worker at a time.
POOL_CHUNK = 16


class RuleSet:
    """The rules to run on a note, with their severities.

    Args:
        rules: rule instances (one per rule id) in registry order, or a
            function that makes them (called on first use of :attr:`rules`,
            so that a note served from the cache never imports a rule).
        severities: ``code -> severity`` after configuration.
        infos: the rules' :class:`RuleInfo` (default: from ``rules``).

    Attributes:
        codes: ids of the rules in this set.
        severities: as given.
        infos: as given.
    """

    def __init__(self, rules: Sequence[Rule] | Callable[[], Sequence[Rule]] = (),
                 severities: dict[str, Severity] | None = None,
                 infos: Sequence[RuleInfo] | None = None) -> None:
        self._make = rules if callable(rules) else None
        self._rules: list[Rule] | None = None if callable(rules) else list(rules)
        self.severities = severities if severities is not None else {}
        if infos is None:
            infos = [RuleInfo.of(type(r)) for r in self.rules]
        self.infos: list[RuleInfo] = list(infos)
        self.codes: frozenset[str] = frozenset(i.code for i in self.infos)

    @property
    def rules(self) -> list[Rule]:
        """The rule instances (made on first use)."""
        if self._rules is None:
            assert self._make is not None
            self._rules = list(self._make())
        return self._rules

    def _partition(self) -> None:
        node: dict[str, list[Rule]] = defaultdict(list)
        document: list[Rule] = []
        project: list[Rule] = []
        for rule in self.rules:
            if rule.scope is Scope.NODE:
                for t in rule.node_types:
                    node[t].append(rule)
            elif rule.scope is Scope.DOCUMENT:
                document.append(rule)
            else:
                project.append(rule)
        seen: dict[str, Collector] = {}
        for rule in project:
            cls = rule.collector
            if cls is not None and cls.key not in seen:
                seen[cls.key] = cls()
        self._parts = (node, document, project, list(seen.values()))

    @property
    def node(self) -> dict[str, list[Rule]]:
        """``token type -> NODE rules`` subscribed to it."""
        if not hasattr(self, "_parts"):
            self._partition()
        return self._parts[0]

    @property
    def document(self) -> list[Rule]:
        """The DOCUMENT rules."""
        if not hasattr(self, "_parts"):
            self._partition()
        return self._parts[1]

    @property
    def project(self) -> list[Rule]:
        """The PROJECT (cross-note) rules."""
        if not hasattr(self, "_parts"):
            self._partition()
        return self._parts[2]

    @property
    def collectors(self) -> list[Collector]:
        """One collector per family of the PROJECT rules."""
        if not hasattr(self, "_parts"):
            self._partition()
        return self._parts[3]


class NoteResult:
    """What the per-note phase found in one note (picklable, cached).

    Attributes:
        diagnostics: the note's own findings, before suppressions.
        directives: its inline directives.
        summaries: ``collector key -> summary``.
        line_starts: offset of each line's first character.
        length: the note's length in code points.
        failed: a rule or collector raised (NL008); such a result is not cached.

    A result made in a worker process keeps its findings and summaries
    pickled (:func:`_packed`) until they are used: a run of thousands of notes
    holds them in a fraction of the memory their objects take.
    """

    __slots__ = ("_diagnostics", "directives", "summaries", "line_starts", "length", "failed")

    def __init__(self, diagnostics: list[Diagnostic] | bytes, directives: list[Directive],
                 summaries: dict[str, Any], line_starts: Sequence[int], length: int,
                 failed: bool = False) -> None:
        self._diagnostics = diagnostics
        self.directives = directives
        self.summaries = summaries
        self.line_starts = line_starts
        self.length = length
        self.failed = failed

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """The note's own findings (unpickled on each access when kept pickled)."""
        got = self._diagnostics
        return pickle.loads(got) if isinstance(got, bytes) else got

    @diagnostics.setter
    def diagnostics(self, value: list[Diagnostic]) -> None:
        self._diagnostics = value

    def __repr__(self) -> str:
        return (f"NoteResult({len(self.diagnostics)} findings, {len(self.directives)} "
                f"directives, summaries of {sorted(self.summaries)}, length={self.length}, "
                f"failed={self.failed})")


class _Packed(dict):  # type: ignore[type-arg]
    """A worker's summaries as the parent keeps them: each pickled, unpickled on each access.

    Behaves as a ``dict[str, Any]`` of the summaries themselves.
    """

    def get(self, key: Any, default: Any = None) -> Any:
        got = super().get(key, _LOST)
        return default if got is _LOST else pickle.loads(got)

    def __getitem__(self, key: Any) -> Any:
        return pickle.loads(super().__getitem__(key))

    def values(self) -> list[Any]:  # type: ignore[override]
        return [pickle.loads(v) for v in super().values()]

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        return [(k, pickle.loads(v)) for k, v in super().items()]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Packed, (dict(super().items()),))


def _packed(result: NoteResult) -> NoteResult:
    """``result`` with its findings and summaries pickled, as a worker sends it (see
    :class:`NoteResult`)."""
    summaries = _Packed({k: dumps(v) for k, v in result.summaries.items()})
    return NoteResult(dumps(result.diagnostics), result.directives, summaries,
                      result.line_starts, result.length, result.failed)


class Note:
    """A note of the run: where it is, its text, and what the per-note phase found.

    Args and attributes:
        source: where it came from.
        config: its configuration.
        checked: findings are reported in it (``False``: read for comparison).
        text: its text as read (``None`` when it could not be read).  Held as
            UTF-8 when that is smaller (a note with Hangul is stored two bytes a
            character as a ``str``), so that a run of thousands of notes keeps
            about half as much text in memory; decoded on each access.
        failure: the NL001-NL004 finding when it could not be read.
        key: its cache key.
        result: the per-note result (``None`` until computed).
        absolute: its absolute path as a string, when the engine found it by walking the
            project (``None``: worked out from ``source.path`` when needed).

    A plain class with slots (a run makes one per note of the project).
    """

    __slots__ = ("source", "config", "checked", "_held", "failure", "key", "result", "absolute",
                 "__weakref__")

    def __init__(self, source: Source, config: Config, checked: bool, text: str | None = None,
                 failure: Diagnostic | None = None, key: str = "",
                 result: NoteResult | None = None, *, absolute: str | None = None) -> None:
        self.source = source
        self.config = config
        self.checked = checked
        self._held: str | bytes | None = None
        if text is not None:
            self._set_text(text)
        self.failure = failure
        self.key = key
        self.result = result
        self.absolute = absolute

    def __repr__(self) -> str:
        return (f"Note(source={self.source!r}, checked={self.checked!r}, key={self.key!r}, "
                f"readable={self.readable}, failure={self.failure!r}, result={self.result!r})")

    def __eq__(self, other: object) -> bool:
        """By value: the same source, configuration, role, text, failure, key and result
        (``absolute`` is derived from the source and left out)."""
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Note)
        return ((self.source, self.config, self.checked, self.text, self.failure, self.key,
                 self.result) == (other.source, other.config, other.checked, other.text,
                                  other.failure, other.key, other.result))

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    @property
    def readable(self) -> bool:
        """Whether the note has a text (without decoding it)."""
        return self._held is not None

    def encoded(self) -> bytes | None:
        """The text as UTF-8 (lone surrogates of a text given by a caller kept as such)."""
        raw = self._held
        return raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw

    def _get_text(self) -> str | None:
        raw = self._held
        return raw.decode("utf-8", "surrogatepass") if isinstance(raw, bytes) else raw

    def _set_text(self, value: str | None) -> None:
        if isinstance(value, str) and not value.isascii():
            packed = value.encode("utf-8", "surrogatepass")
            if sys.getsizeof(packed) < sys.getsizeof(value):
                self._held = packed
                return
        self._held = value

    #: The text, stored compactly (see the class docstring).
    text = property(_get_text, _set_text)

    def _hold(self, text: str, data: bytes) -> None:
        """Set the text to ``text``, read as ``data`` (its UTF-8): as ``text = ...`` does,
        without encoding it again."""
        self._held = data if (not text.isascii()
                              and sys.getsizeof(data) < sys.getsizeof(text)) else text


def check_note(document: Document, config: Config | None, ruleset: RuleSet,
               registry: Registry, run: RunOptions) -> NoteResult:
    """Run the per-note phase on a parsed note.

    Token rules, then document rules, then the directives (NL007 for
    malformed ones), then the collectors.  A rule or collector that raises
    loses only its own findings in this note: the exception becomes an
    NL008 finding and the result is marked ``failed`` (never cached).
    """
    ctx = DocumentContext(document, config, run)
    ctx.severities.update(ruleset.severities)
    failed = False
    if ruleset.node:
        broken: set[str] = set()
        for token, parent in document.walk():
            subscribed = ruleset.node.get(token.type)
            if subscribed:
                for rule in subscribed:
                    if rule.code in broken:
                        continue
                    ctx.rule = rule
                    try:
                        rule.check_node(ctx, token, parent)
                    except Exception as exc:
                        broken.add(rule.code)
                        failed = _report_failure(ctx, f"Rule {rule.code} ({rule.name})", exc)
    for rule in ruleset.document:
        ctx.rule = rule
        try:
            rule.check_document(ctx)
        except Exception as exc:
            failed = _report_failure(ctx, f"Rule {rule.code} ({rule.name})", exc)
    ctx.rule = None
    try:
        directives = parse_directives(ctx, registry)
    except Exception as exc:
        directives = []
        failed = _report_failure(ctx, "Reading the inline directives", exc)
    if len(document.text) >= HUGE_NOTE:
        # The rules' analyses are not kept while the collectors build theirs; some are held
        # in reference cycles (a library's exception keeps the frames that raised it) and
        # the cyclic garbage collector is paused during a run: collected here, once.
        document.release_analyses()
        gc.collect()
    summaries = {}
    for collector in ruleset.collectors:
        try:
            summaries[collector.key] = collector.collect(ctx)
        except Exception as exc:
            failed = _report_failure(ctx, f"The {collector.key} family", exc)
    return NoteResult(ctx.diagnostics, directives, summaries, _compact(document.line_starts),
                      len(document.text), failed)


def _failure_message(what: str, exc: BaseException, where: str = "on this note") -> str:
    """One sentence naming what failed and how (the exception text cut to 200 characters)."""
    detail = str(exc)
    detail = detail if len(detail) <= 200 else detail[:199] + "…"
    return (f"{what} failed {where} ({type(exc).__name__}: {detail}); its findings here are "
            "missing. This is a bug in notelint or a plugin: please report it "
            "(NOTELINT_DEBUG=1 prints the traceback)")


def _report_failure(ctx: DocumentContext, what: str, exc: BaseException) -> bool:
    """Report ``exc`` as NL008 in ``ctx``; returns ``True`` (the note failed)."""
    from notelint.rules.core import RuleFailed

    if os.environ.get("NOTELINT_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    ctx.report((0, 0), _failure_message(what, exc), rule=RuleFailed())
    return True


def _compact(offsets: Sequence[int]) -> Sequence[int]:
    """``offsets`` as a machine array: 4 bytes an entry instead of a Python int's 36."""
    return array("I" if not offsets or offsets[-1] < 2**32 else "Q", offsets)


#: Characters from which a note's own garbage is collected as soon as it is checked.
HUGE_NOTE = 1_000_000


def _utf8(text: str) -> bytes:
    """``text`` as UTF-8, lone surrogates kept (as :meth:`Note.encoded` gives it).

    Encoded a slice at a time: ``str.encode`` first takes room for the longest encoding
    (4 bytes a character when one is outside the BMP: 26 MB for a 10 MB note of Hangul
    with a few emoji, which is 10 MB encoded).
    """
    import io  # here: only a huge note needs it

    out = io.BytesIO()
    step = 1 << 18
    for i in range(0, len(text), step):
        out.write(text[i:i + step].encode("utf-8", "surrogatepass"))
    return out.getvalue()


class Engine:
    """Runs the configured rules over notes.

    Args:
        registry: the rules (default: built-in plus plugins).
        select, ignore: rule selectors from the command line.
        run: run-wide options.
        extend_select: rule selectors added to every configuration's selection
            (``--extend-select``).
        resolver: finds each note's configuration.
        cache: the persistent cache, or ``None`` for none.
        jobs: processes for the per-note phase (``0``: one per core).

    Rule instances are built once per (configuration, rule) pair.
    """

    def __init__(self, registry: Registry | None = None, select: Sequence[str] | None = None,
                 ignore: Sequence[str] = (), run: RunOptions | None = None,
                 resolver: ConfigResolver | None = None, cache: NoteCache | None = None,
                 jobs: int = 1, extend_select: Sequence[str] = ()) -> None:
        self.registry = registry or default_registry()
        self.run = run or RunOptions()
        self.cli_select = tuple(select) if select is not None else None
        self.cli_ignore = tuple(ignore)
        self.cli_extend = tuple(extend_select)
        self.resolver = resolver or ConfigResolver(self.registry)
        self.cache = cache
        self.jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
        self._rulesets: dict[tuple[int, frozenset[str]], RuleSet] = {}
        self._rule_cache: dict[tuple[int, str], Rule] = {}
        self._fingerprints: dict[int, str] = {}
        self._by_path: dict[tuple[int, Path | None], RuleSet] = {}
        self._sites: dict[str, str] = {}
        self._progress: Any = None

    # -- rules and configuration -------------------------------------------------

    def ruleset(self, config: Config, path: Path | None) -> RuleSet:
        """The :class:`RuleSet` for ``path`` under ``config`` (memoised per note)."""
        pk = (id(config), path)
        known = self._by_path.get(pk)
        if known is not None:
            return known
        codes = config.enabled_codes(self.registry, path, self.cli_select, self.cli_ignore,
                                     self.cli_extend)
        key = (id(config), codes)
        rs = self._rulesets.get(key)
        if rs is None:
            infos = [i for i in self.registry.infos() if i.code in codes]
            severities = {i.code: config.severity(i.code, i.default_severity) for i in infos}
            rs = RuleSet(lambda: [self._rule(config, i.code) for i in infos], severities, infos)
            self._rulesets[key] = rs
        self._by_path[pk] = rs
        return rs

    def _rule(self, config: Config, code: str) -> Rule:
        """The instance of rule ``code`` under ``config`` (its class imported on first use)."""
        rk = (id(config), code)
        inst = self._rule_cache.get(rk)
        if inst is None:
            cls = self.registry.load(code)
            inst = cls(config.options(cls.code, cls.Options))
            self._rule_cache[rk] = inst
        return inst

    def fingerprint(self, config: Config) -> str:
        """A digest of everything besides a note that its per-note result depends on.

        The configuration (every key, resolved), the command line's rule
        selection, the run options that change findings, the registered
        rules with their collectors' versions, and the files a
        configuration refers to (see :meth:`Config.inputs`).
        """
        fp = self._fingerprints.get(id(config))
        if fp is None:
            rules = ";".join(
                f"{r.code}:{r.module}.{r.qualname}"
                + (f":{r.collector}/{r.collector_version}" if r.collector else "")
                for r in self.registry.infos())
            parts = [repr(config), repr(self.cli_select), repr(self.cli_ignore),
                     repr(self.cli_extend),
                     repr(self.run.offline), rules, _code_stamp(self.registry)]
            for p in config.inputs():
                try:
                    parts.append(f"{p}:{p.read_bytes().hex()}" if p.is_file() else f"{p}:-")
                except OSError:
                    parts.append(f"{p}:?")
            fp = NoteCache.key(*parts)
            self._fingerprints[id(config)] = fp
        return fp

    # -- the per-note phase --------------------------------------------------------

    def _parse_and_check(self, note: Note, text: str | None = None) -> NoteResult:
        """The per-note phase of ``note`` (of ``text``, when given, instead of its own)."""
        if text is None and isinstance(note.result, _Unread):
            return self._read_unread(note)
        own = text is None
        text = note.text if text is None else text
        assert text is not None
        # A huge note's UTF-8 copy is not kept while its decoded text is checked: it is
        # made again from the text (the same bytes) once the check is done.
        unheld = own and isinstance(note._held, bytes) and len(note._held) >= HUGE_NOTE
        if unheld:
            note._held = None
        try:
            return self._check_text(note, text)
        finally:
            if unheld:
                note._held = _utf8(text)

    def _check_text(self, note: Note, text: str) -> NoteResult:
        """Parse ``text`` as ``note``'s and run its per-note phase."""
        rs = self.ruleset(note.config, note.source.path)
        try:
            doc = Document.from_text(text, note.source.display)
        except Exception as exc:  # the parser itself gave up on this note
            doc = Document.text_only(text, note.source.display)
            ctx = DocumentContext(doc, note.config, self.run)
            ctx.severities.update(rs.severities)
            _report_failure(ctx, "Parsing the note", exc)
            return NoteResult(ctx.diagnostics, [], {}, _compact(doc.line_starts),
                              len(doc.text), True)
        try:
            result = check_note(doc, note.config, rs, self.registry, self.run)
        finally:
            # The cyclic garbage collector is paused during a run (see _collector_paused),
            # but a library may leave a reference cycle through the check's frames (an
            # exception kept with its traceback): the tree is dropped here, and after a
            # huge note the rest of it (its text) is collected at once.
            doc.release_tree()
            if len(text) >= HUGE_NOTE:
                del doc
                gc.collect()
        return result

    def _prepare(self, note: Note, override: str | None) -> None:
        """Read the note (or take ``override``) and look it up in the cache."""
        st = None
        digest = None
        if override is not None:
            note.text = override
        elif not note.readable and note.failure is None:
            if not note.checked and self.cache is not None and self._serve_unread(note):
                return
            data = read_note_bytes(note.source, note.config.max_file_size)
            if isinstance(data, Diagnostic):
                note.failure = data
                return
            if self.cache is not None:
                with contextlib.suppress(OSError):  # after reading: see notelint.cache
                    st = os.stat(note.source.path)
            if st is not None and self.cache is not None:
                path = os.path.abspath(note.source.path)
                digest = self.cache.index.lookup(path, st)
            if digest is not None:
                # These bytes were a note's text when the index recorded them: decoded
                # only when the text is asked for (most unchanged notes: never).
                note._held = data
            else:
                got = decode_note(note.source, data)
                if isinstance(got, Diagnostic):
                    note.failure = got
                    return
                note._hold(*got)
        if not note.readable:
            return
        if digest is None:
            digest = content_digest(note.encoded() or b"")
            if st is not None and self.cache is not None:
                self.cache.index.record(path, st, digest)
        note.key = NoteCache.key(digest, str(note.source.path), note.source.display,
                                 self.fingerprint(note.config), self._site_inputs(note))
        if self.cache is not None:
            cached = self.cache.get(note.key, "note")
            if isinstance(cached, tuple) and len(cached) == 5:
                diagnostics, directives, line_starts, length, eager = cached
                lazy = _LazySummaries(self.cache, note.key, eager)
                note.result = NoteResult(diagnostics, directives, lazy, line_starts, length)
                return
        # To be checked: its rules are imported here, before a process pool forks.
        self.ruleset(note.config, note.source.path).collectors  # noqa: B018

    def _serve_unread(self, note: Note) -> bool:
        """Serve a note read for comparison only from the cache without reading it.

        Possible when the stat index knows the file as it is now (a regular
        file, not a link, no larger than ``max-file-size``) and the cache holds
        the entry of that content: the note gets an :class:`_Unread` result,
        whose parts are read from the entry only when something asks for
        them (usually nothing does: the families read such notes through the
        totals and digests the engine keeps).  ``False``: read it as usual.
        """
        cache = self.cache
        assert cache is not None
        path = os.fspath(note.source.path)
        try:
            st = os.lstat(path)
        except (OSError, ValueError):
            return False
        if not stat.S_ISREG(st.st_mode) or st.st_size > note.config.max_file_size:
            return False
        absolute = note.absolute or os.path.abspath(path)
        digest = cache.index.lookup(absolute, st)
        if digest is None:
            return False
        key = NoteCache.key(digest, path, note.source.display,
                            self.fingerprint(note.config), self._site_inputs(note, path))
        if not cache.serve(key, "note"):
            return False
        note.key = key
        note.result = _Unread(self, note)
        return True

    def _read_unread(self, note: Note) -> NoteResult:
        """Read and check a note served unread whose cache entry turned out to be lost.

        Its key is made again from the content read now.  A note that can no
        longer be read contributes nothing (an empty, uncached result).
        """
        data = read_note_bytes(note.source, note.config.max_file_size)
        got = data if isinstance(data, Diagnostic) else decode_note(note.source, data)
        if isinstance(got, Diagnostic):
            note.failure = got
            return NoteResult([], [], {}, _compact([0]), 0, failed=True)
        text, data = got
        note._hold(text, data)
        digest = content_digest(data)
        note.key = NoteCache.key(digest, str(note.source.path), note.source.display,
                                 self.fingerprint(note.config), self._site_inputs(note))
        return self._parse_and_check(note, text)

    def _site_inputs(self, note: Note, path: str | None = None) -> str:
        """A digest of the site configuration that publishes the note (pipeline, engine, macros).

        The math rules read it (:mod:`notelint.site`), so an edited
        ``_config.yml`` or MathJax loader must not serve stale findings.
        ``path``: the note's path as a string, when the caller has it.
        """
        # As given: a run's notes share few folders.
        given = os.path.dirname(path if path is not None else note.source.path)
        got = self._sites.get(given)
        if got is not None:
            return got
        folder = os.path.dirname(os.path.abspath(note.source.path))
        got = self._sites.get(folder)
        if got is None:
            got = ""
            try:
                from notelint.site import site_of
            except ImportError:  # pragma: no cover - a build without site detection
                site_of = None  # type: ignore[assignment]
            site = site_of(Path(note.source.path)) if site_of is not None else None
            if site is not None:
                parts = [repr(site)]
                for f in {getattr(site, "source", None), getattr(site, "engine_source", None)}:
                    if isinstance(f, Path) and f.is_file():
                        try:
                            parts.append(content_digest(f.read_bytes()))
                        except OSError:
                            parts.append("?")
                got = NoteCache.key(*sorted(parts))
            self._sites[folder] = got
        self._sites[given] = got
        return got

    def _store(self, note: Note) -> None:
        if note.result is not None:
            self._store_as(note, note.result)

    def _store_as(self, note: Note, r: NoteResult) -> None:
        """Keep ``r``, ``note``'s result, in the cache under ``note.key`` (unless it failed)."""
        if self.cache is None or r.failed or isinstance(r, _Unread):
            return
        rs = self.ruleset(note.config, note.source.path)
        eager_keys = {c.key for c in rs.collectors if not c.cacheable}
        summaries = r.summaries
        eager = {k: summaries[k] for k in summaries if k in eager_keys}
        keys = sorted(k for k in summaries if k not in eager_keys)
        # Summaries a worker sent pickled are stored as they are, not unpickled to be pickled.
        parts = ([Pickled(dict.__getitem__(summaries, k)) for k in keys]
                 if isinstance(summaries, _Packed) else [summaries[k] for k in keys])
        # So are its findings: the entry keeps them pickled, as NoteResult can hold them.
        found = r._diagnostics if isinstance(r, NoteResult) else r.diagnostics
        self.cache.put(note.key, "note",
                       (found if isinstance(found, bytes) else dumps(found), r.directives,
                        r.line_starts, r.length, eager),
                       keys, *parts)

    def _per_note(self, notes: list[Note],
                  overrides: Mapping[Path, str] | None = None, prepare: bool = False) -> None:
        """Run the per-note phase on the ``notes`` that have no result yet.

        With ``prepare``, each note is first read (or given its text from
        ``overrides``, keyed by absolute path) and looked up in the cache.  A
        large run checks the notes in a forked pool (largest first, so that
        the cores finish together), started as soon as
        :data:`POOL_MIN_NOTES` notes need checking: reading and hashing the
        rest overlaps with the workers' parsing.  Results are the same,
        note by note, whatever the number of processes.

        The notes read for comparison only that the cache serves unread
        (:meth:`_serve_unread`) are served first: a pre-commit run of one
        note in a large project neither sorts nor counts them.
        """
        todo: Sequence[int] = range(len(notes))
        if prepare and self.cache is not None:
            todo = [i for i, note in enumerate(notes)
                    if note.checked or not self._served_first(note, overrides)]
        pooled = self.jobs > 1 and len(todo) >= POOL_MIN_NOTES
        if pooled:
            index = self.cache.index.entries if self.cache is not None else {}
            todo = sorted(todo, key=lambda i: -_size_hint(notes[i], overrides, index))
        pool: _Pool | None = None
        waiting: list[int] = []
        try:
            for i in todo:
                note = notes[i]
                if prepare:
                    self._prepare(note, overrides.get(Path(os.path.abspath(note.source.path)))
                                  if overrides else None)
                if note.result is not None or not note.readable:
                    continue
                waiting.append(i)
                if (pool is None and pooled and len(waiting) >= POOL_MIN_NOTES
                        and _can_fork()):
                    pool = _Pool(self, notes, min(self.jobs, len(notes) // POOL_CHUNK))
                if pool is not None and len(waiting) >= POOL_CHUNK:
                    pool.submit(waiting)
                    waiting = []
                    self._take(pool, wait=False)
            if pool is None:
                for i in waiting:
                    notes[i].result = self._parse_and_check(notes[i])
                    self._store(notes[i])
                    self._advance()
                return
            if waiting:
                pool.submit(waiting)
            self._take(pool, wait=True)
        finally:
            if pool is not None:
                pool.close()

    def _served_first(self, note: Note, overrides: Mapping[Path, str] | None) -> bool:
        """Whether ``note``, read for comparison only, was served unread from the cache now
        (see :meth:`_serve_unread`); ``False``: it goes through :meth:`_prepare` as usual."""
        if note.result is not None or note.readable or note.failure is not None:
            return False
        if overrides and Path(os.path.abspath(note.source.path)) in overrides:
            return False
        return self._serve_unread(note)

    def _take(self, pool: _Pool, wait: bool) -> None:
        """Keep the pool's finished results (all of them with ``wait``) and cache them."""
        for note, result in pool.results(wait):
            note.result = result
            self._store(note)
            self._advance()

    def _advance(self, n: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(n)

    # -- the run ---------------------------------------------------------------------

    def lint(self, sources: Sequence[Source], overrides: Mapping[Path, str] | None = None,
             progress: Any = None) -> LintResult:
        """Check ``sources``; ``overrides`` gives text to use instead of a file's content.

        Args:
            sources: the notes to check, in the order to report them.
            overrides: ``path -> text`` for unsaved text (stdin, an editor).
            progress: an object with ``start(total)``, ``advance(n)`` and
                ``close()``, or ``None``.

        Raises:
            notelint.config.ConfigError: a configuration file is invalid.
        """
        checked = [Note(s, self.resolver.for_path(s.path), True) for s in sources]
        return self.lint_notes(checked, overrides, progress)

    def lint_notes(self, checked: list[Note], overrides: Mapping[Path, str] | None = None,
                   progress: Any = None) -> LintResult:
        """Check ``checked`` (notes with their configuration; ``text`` preset or read).

        See :meth:`lint`.
        """
        overrides = {Path(os.path.abspath(p)): t for p, t in (overrides or {}).items()}
        self._progress = progress
        result = LintResult(sources=[n.source for n in checked])
        with _collector_paused():
            others = self._project_notes(checked)
            notes = checked + others
            if self.cache is not None and len(checked) >= PACK_MIN_NOTES:
                self.cache.use_pack(NoteCache.key(
                    "pack", os.getcwd(), *(os.fspath(n.source.path) for n in checked)))
            if progress is not None:
                progress.start(len(notes))
            self._per_note(notes, overrides, prepare=True)
            if progress is not None:
                progress.close()
            self._workspaces(notes, result)
        self._progress = None
        if self.cache is not None:
            self.cache.close()
        result.diagnostics.sort(key=Diagnostic.sort_key)
        result.notes = notes
        result.engine = self
        return result

    def relint(self, previous: LintResult, texts: Mapping[str, str]) -> LintResult:
        """The findings of ``previous``'s run after some notes changed to ``texts``.

        ``texts`` maps a checked note's display path to its new text; only
        those notes are parsed again, the others keep their results, and the
        cross-note rules run again over all of them.  Nothing is read from
        disk.
        """
        result = LintResult(sources=list(previous.sources))
        with _collector_paused():
            changed = []
            for note in previous.notes:
                new = texts.get(note.source.display) if note.checked else None
                if new is not None and new != note.text:
                    note.text, note.result, note.failure = new, None, None
                    self._prepare(note, new)
                    changed.append(note)
            self._per_note(changed)
            self._workspaces(previous.notes, result)
        result.diagnostics.sort(key=Diagnostic.sort_key)
        result.notes = previous.notes
        result.engine = self
        return result

    def _project_notes(self, checked: list[Note]) -> list[Note]:
        """The notes of the project that were not checked, for collectors that want them."""
        roots: dict[Path, Config] = {}
        for note in checked:
            root = self.run.project_root
            if root is None and note.config.source is not None:
                root = note.config.root
            if root is None:
                continue
            rs = self.ruleset(note.config, note.source.path)
            if any(c.wants_project(note.config) for c in rs.collectors):
                roots.setdefault(Path(root).resolve(), note.config)
        if not roots:
            return []
        seen = {os.path.abspath(n.source.path) for n in checked}
        out: list[Note] = []
        for root, _config in sorted(roots.items()):
            # Walked as a check of the project from this folder names it (``notelint check
            # .``), so that each note's path and display are those of the last full run and
            # its cache entry serves it: the path is part of a note's cache key.
            cwd = os.getcwd()
            for src, config in discover_with_config([_shown(root)], self.resolver.for_path):
                absolute = os.path.normpath(os.path.join(cwd, src.path))  # os.path.abspath
                if absolute in seen:
                    continue
                seen.add(absolute)
                out.append(Note(Source(src.path, src.display), config, False,
                                absolute=absolute))
        return out

    def _workspaces(self, notes: list[Note], result: LintResult) -> None:
        groups: dict[int, list[Note]] = {}
        for note in notes:
            groups.setdefault(id(note.config), []).append(note)
        for group in groups.values():
            self._workspace(group, result)

    def _workspace(self, group: list[Note], result: LintResult) -> None:
        config = group[0].config
        summaries: list[NoteSummary] = []
        project: set[str] = set()
        # Families that read the project's unchecked notes; the others never see them.
        wanting = set() if all(note.checked for note in group) else {
            c.key for note in group if note.checked
            for c in self.ruleset(note.config, note.source.path).collectors
            if c.wants_project(note.config)}
        # Of those, the ones whose rules see them: the others read them on demand.
        visible = wanting - {c.key for note in group if note.checked
                             for c in self.ruleset(note.config, note.source.path).collectors
                             if c.project_on_demand} if wanting else wanting
        for note in group:
            if note.result is None:
                continue
            path = note.source.path
            if not note.checked:  # nothing is reported in it: its rules are not looked up
                summaries.append(_UncheckedSummary(note, _Only(note.result.summaries, visible)))
                continue
            rs = self.ruleset(note.config, path)
            summaries.append(NoteSummary(note.source.display, path, True, note.result.summaries,
                                         note.result.line_starts, rs.codes, rs.severities,
                                         note.result.length))
            project.update(i.code for i in rs.infos if i.scope is Scope.PROJECT)
        # Rules are known by their table entries: one whose findings are cached is not imported.
        ordered = [i for i in self.registry.infos() if i.code in project]
        cached = self._cached_workspace(group, ordered)
        failed = False
        needed = {r.collector for r in ordered
                  if r.collector and not (r.cacheable and cached is not None)}
        if needed:
            self._ensure_summaries(group, summaries, needed, visible)
        ws = WorkspaceContext(summaries, config, self.run)
        ws.project = _Project(self, group, summaries, wanting, visible)
        ws.jobs = self.jobs
        for info in ordered:
            if not info.collector:
                continue
            if info.cacheable and cached is not None:
                continue
            rule = self._rule(config, info.code)
            ws.rule = rule
            try:
                rule.check_workspace(ws)
            except Exception as exc:
                failed = True
                self._workspace_failure(ws, rule, exc)
        ws.rule = None
        cross = ws.diagnostics
        ws.release()
        if cached is not None:
            cross = cached + cross
        elif not failed:
            self._store_workspace(group, ordered, cross)
        by_path: dict[str, list[Diagnostic]] = defaultdict(list)
        for d in cross:
            by_path[d.path].append(d)
        for note in group:
            if not note.checked:
                continue
            if note.failure is not None:
                self._file_failure(note, result)
                continue
            assert note.result is not None and note.readable
            rs = self.ruleset(note.config, note.source.path)
            result.documents.add(note)
            own = note.result.diagnostics
            directives = note.result.directives
            if not directives:  # nothing to suppress, no directive to report unused
                result.diagnostics.extend(d for d in own if d.code in rs.codes)
                result.diagnostics.extend(
                    d for d in by_path.get(note.source.display, ()) if d.code in rs.codes)
                continue
            text = note.text
            assert text is not None
            doc = Document.text_only(text, note.source.display, note.result.line_starts)
            ctx = DocumentContext(doc, note.config, self.run)
            ctx.severities.update(rs.severities)
            ctx.diagnostics = own + by_path.get(note.source.display, [])
            total = len(ctx.diagnostics)
            kept = apply_suppressions(ctx, directives, rs.codes)
            kept_ids = {id(d) for d in kept}
            result.suppressed += sum(1 for d in ctx.diagnostics[:total] if id(d) not in kept_ids)
            result.diagnostics.extend(d for d in kept if d.code in rs.codes)

    def _workspace_failure(self, ws: WorkspaceContext, rule: Rule, exc: Exception) -> None:
        """Report a cross-note rule that raised: NL008 in the first checked note it runs on."""
        from notelint.rules.core import RuleFailed

        if os.environ.get("NOTELINT_DEBUG"):
            import traceback

            traceback.print_exception(exc)
        for note in ws.notes:
            if note.checked and rule.code in note.codes:
                message = _failure_message(f"Rule {rule.code} ({rule.name})", exc,
                                           f"across the {len(ws.notes)} notes of this group")
                ws.report(note, (0, 0), message, rule=RuleFailed())
                return

    def _ensure_summaries(self, group: list[Note], summaries: list[NoteSummary],
                          needed: set[str], visible: set[str]) -> None:
        """Load the cached summaries of ``group`` the rules see; check again a note whose
        summary is lost.

        A summary part that is damaged or missing must not silently drop a
        note from the cross-note analysis.  ``visible``: the families whose
        rules see the unchecked notes' summaries.
        """
        by_display = {s.display: s for s in summaries}
        redo = []
        for note in group:
            r = note.result
            if r is None or not isinstance(r.summaries, _LazySummaries):
                continue
            families = needed if note.checked else needed & visible
            if not all(r.summaries.load(k) for k in families):
                redo.append(note)
        for note in redo:
            self._recheck(note, by_display, visible)

    def _recheck(self, note: Note, by_display: dict[str, NoteSummary], visible: set[str]) -> None:
        """Check ``note`` again (its cached summaries are lost) and show the new ones."""
        note.result = self._parse_and_check(note)
        self._store(note)
        shown = by_display.get(note.source.display)
        if shown is not None:
            shown.summaries = (note.result.summaries if note.checked
                               else _Only(note.result.summaries, visible))

    def _workspace_key(self, group: list[Note], rules: list[RuleInfo]) -> str | None:
        cacheable = [r for r in rules if r.collector and r.cacheable]
        if self.cache is None or not cacheable:
            return None
        parts = [self.fingerprint(group[0].config), ",".join(r.code for r in cacheable)]
        for note in group:
            parts.append(f"{note.key}:{int(note.checked)}")
        return NoteCache.key(*parts)

    def _cached_workspace(self, group: list[Note],
                          rules: list[RuleInfo]) -> list[Diagnostic] | None:
        key = self._workspace_key(group, rules)
        if key is None or self.cache is None:
            return None
        got = self.cache.get(key, "workspace")
        return got if isinstance(got, list) else None

    def _store_workspace(self, group: list[Note], rules: list[RuleInfo],
                         found: list[Diagnostic]) -> None:
        key = self._workspace_key(group, rules)
        if key is None or self.cache is None:
            return
        codes = {r.code for r in rules if r.collector and r.cacheable}
        self.cache.put(key, "workspace", [d for d in found if d.code in codes])

    def _file_failure(self, note: Note, result: LintResult) -> None:
        got = note.failure
        assert got is not None
        if got.code in note.config.enabled_codes(self.registry, note.source.path,
                                                 self.cli_select, self.cli_ignore,
                                                 self.cli_extend):
            sev = note.config.severity(got.code, got.severity)
            result.diagnostics.append(Diagnostic(got.code, got.name, sev, got.path, got.span,
                                                 got.message))

_LOST = object()

#: A total kept between runs is brought up to date from the summaries of the notes that
#: changed (removed ones from their old cache entries) when there are at most this many;
#: beyond, it is summed again over every note.
TOTAL_MAX_DELTA = 64
#: A total brought up to date from more changed notes than this is stored again.
TOTAL_STORE_DELTA = 8


class _Project:
    """The project's notes as on-demand families see them (:class:`notelint.workspace.ProjectSource`).

    Totals (:meth:`WorkspaceContext.total`) are stored (a workspace entry of
    the cache, under the group's fingerprint, the family and the total's
    name) with the cache keys of the notes they cover.  The next run that
    asks for one subtracts the notes that are gone or changed (their
    summaries read from their old cache entries) and adds the new ones; a
    pre-commit run that checks one changed note of a thousand reads two
    summaries instead of a thousand.  When an old entry is missing, or many
    notes changed, the total is summed again over every note.

    Digests (:meth:`WorkspaceContext.digests`) are stored together, one
    entry per group, family and name, mapping each note's cache key to its
    digest; a note missing from it (new or changed) has its summary read.

    Notes whose check failed (never cached) are taken afresh each run.
    """

    def __init__(self, engine: Engine, group: list[Note], summaries: list[NoteSummary],
                 wanting: set[str], visible: set[str]) -> None:
        self.engine = engine
        self.group = group
        self.summaries = summaries
        self.by_display = {s.display: s for s in summaries}
        self.notes = {n.source.display: n for n in group if n.result is not None}
        self.wanting = wanting
        self.visible = visible
        self._old: dict[str, _LazySummaries] = {}
        #: Summaries read (for tests and benchmarks): notes of the run, and gone notes.
        self.loaded = 0
        self.loaded_old = 0

    def total(self, family: str, name: str,
              part: Callable[[Any], Mapping[str, int]]) -> Counter[str]:
        """See :meth:`WorkspaceContext.total`."""
        cache = self.engine.cache
        notes = [n for n in self.group
                 if n.result is not None and (n.checked or family in self.wanting)]
        kept = {n.key: n for n in notes if cache is not None and not n.result.failed}
        total = self._kept(family, name, part, kept) if kept else Counter()
        for note in notes:
            if note.key not in kept:
                self._add(total, note, family, part)
        return total

    def digests(self, family: str, name: str, digest: Callable[[Any], T]) -> list[T | None]:
        """See :meth:`WorkspaceContext.digests`."""
        engine = self.engine
        cache = engine.cache
        key = NoteCache.key("digests", engine.fingerprint(self.group[0].config), family, name)
        got = cache.kept(key) if cache is not None else None
        pack: dict[str, Any] = got if isinstance(got, dict) else {}
        out: list[T | None] = []
        fresh: dict[str, Any] = {}
        missing = 0
        for shown in self.summaries:
            note = self.notes[shown.display]
            assert note.result is not None
            if not note.checked and family not in self.wanting:
                out.append(None)
                continue
            stable = cache is not None and not note.result.failed
            if stable and note.key in pack:
                value = pack[note.key]
            else:
                summary = self._summary(note, family)
                value = None if summary is None else digest(summary)
                missing += stable and not note.checked
            if stable:
                fresh[note.key] = value
            out.append(value)
        # Checked notes are new in every pre-commit run: only a new unchecked note, or a pack
        # that lacks many notes, is worth writing the pack again.
        if cache is not None and (missing or len(fresh) - len(pack.keys() & fresh.keys()) > 8):
            cache.put(key, "workspace", fresh)
        return out

    def summary_of(self, note: NoteSummary, family: str) -> Any:
        """See :meth:`WorkspaceContext.summary_of`."""
        return self._summary(self.notes[note.display], family)

    def _summary(self, note: Note, family: str) -> Any:
        r = note.result
        assert r is not None
        if isinstance(r.summaries, _LazySummaries) and not r.summaries.load(family):
            self.engine._recheck(note, self.by_display, self.visible)
            r = note.result
            assert r is not None
        self.loaded += 1
        return r.summaries.get(family)

    def _add(self, total: Counter[str], note: Note, family: str,
             part: Callable[[Any], Mapping[str, int]]) -> None:
        summary = self._summary(note, family)
        if summary is not None:
            total.update(part(summary))

    def _kept(self, family: str, name: str, part: Callable[[Any], Mapping[str, int]],
              kept: dict[str, Note]) -> Counter[str]:
        engine = self.engine
        cache = engine.cache
        assert cache is not None
        key = NoteCache.key("total", engine.fingerprint(self.group[0].config), family, name)
        got = cache.kept(key)
        if (isinstance(got, tuple) and len(got) == 2 and isinstance(got[0], list)
                and isinstance(got[1], dict)):
            before, stored = got
            removed = [k for k in before if k not in kept]
            known = set(before)
            added = [n for k, n in kept.items() if k not in known]
            if len(removed) + len(added) <= TOTAL_MAX_DELTA:
                total = self._update(Counter(stored), family, part, removed, added)
                if total is not None:
                    if len(removed) + len(added) > TOTAL_STORE_DELTA:
                        cache.put(key, "workspace", (list(kept), dict(total)))
                    return total
        total = Counter()
        for note in kept.values():
            self._add(total, note, family, part)
        cache.put(key, "workspace", (list(kept), dict(total)))
        return total

    def _update(self, total: Counter[str], family: str, part: Callable[[Any], Mapping[str, int]],
                removed: list[str], added: list[Note]) -> Counter[str] | None:
        """``total`` without the notes ``removed`` (cache keys) and with ``added``; ``None``
        when a removed note's summary is no longer in the cache."""
        cache = self.engine.cache
        assert cache is not None
        touched: set[str] = set()
        for key in removed:
            old = self._old.get(key)
            if old is None:
                old = self._old[key] = _LazySummaries(cache, key)
            if not old.load(family):
                return None
            self.loaded_old += 1
            summary = old.get(family)
            if summary is not None:
                counts = part(summary)
                total.subtract(counts)
                touched.update(counts)
        for note in added:
            self._add(total, note, family, part)
        for word in touched:
            count = total[word]
            if count < 0:
                return None  # not the total of these notes: sum again
            if count == 0:
                del total[word]
        return total


class _Only(dict):  # type: ignore[type-arg]
    """An unchecked note's summaries as the workspace shows them: only the families that
    read the project's notes (:meth:`Collector.wants_project`) see it."""

    def __init__(self, summaries: dict[str, Any], families: set[str]) -> None:
        super().__init__()
        self._summaries = summaries
        self._families = families

    def get(self, key: Any, default: Any = None) -> Any:
        return self._summaries.get(key, default) if key in self._families else default

    def __getitem__(self, key: Any) -> Any:
        if key not in self._families:
            raise KeyError(key)
        return self._summaries[key]

    def __contains__(self, key: object) -> bool:
        return key in self._families and key in self._summaries


class _Unread:
    """The per-note result of a note served unread (:meth:`Engine._serve_unread`).

    Quacks like :class:`NoteResult`: ``summaries`` loads each family's
    summary from the note's cache entry when a family asks; the findings,
    directives, line offsets and length are read from the entry's first part
    on first access.  When that part is lost (damaged, pruned meanwhile), the
    note is read and checked now and its fresh result replaces this one.
    """

    failed = False

    def __init__(self, engine: Engine, note: Note) -> None:
        assert engine.cache is not None
        self._engine = engine
        # The note holds this result: a strong reference back would make each of a
        # project's notes a reference cycle, left to the cyclic garbage collector (paused
        # during a run, so run at the interpreter's exit over a thousand notes).
        self._note = weakref.ref(note)
        self._key = note.key
        self.summaries: dict[str, Any] = _LazySummaries(engine.cache, note.key, pending=True)
        self._head: NoteResult | None = None

    def _load(self) -> NoteResult:
        head = self._head
        if head is None:
            engine = self._engine
            assert engine.cache is not None
            got = engine.cache.get(self._key, "note", counted=False)
            if isinstance(got, tuple) and len(got) == 5:
                head = NoteResult(got[0], got[1], self.summaries, got[2], got[3])
            else:
                note = self._note()
                if note is None:  # only a note's own result is ever asked for: never here
                    raise RuntimeError("the note of this cached result is gone")
                head = engine._parse_and_check(note)
                engine._store_as(note, head)
                self.summaries = head.summaries
                note.result = head
            self._head = head
        return head

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self._load().diagnostics

    @property
    def directives(self) -> list[Directive]:
        return self._load().directives

    @property
    def line_starts(self) -> Sequence[int]:
        return self._load().line_starts

    @property
    def length(self) -> int:
        return self._load().length


class _UncheckedSummary(NoteSummary):
    """A note read for comparison only, as the workspace shows it: its line offsets and
    length are taken from its result when first asked (a served-unread note's are read
    from its cache entry then)."""

    def __init__(self, note: Note, summaries: dict[str, Any]) -> None:
        super().__init__(note.source.display, note.source.path, False, summaries, ())
        self._note = note

    @property  # type: ignore[override]
    def line_starts(self) -> Sequence[int]:
        r = self._note.result
        return r.line_starts if r is not None else self._starts

    @line_starts.setter
    def line_starts(self, value: Sequence[int]) -> None:
        self._starts = value

    @property  # type: ignore[override]
    def length(self) -> int:
        r = self._note.result
        return r.length if r is not None else self._length

    @length.setter
    def length(self, value: int) -> None:
        self._length = value


class _LazySummaries(dict):  # type: ignore[type-arg]
    """A note's summaries, each family's read from the cache only when that family asks.

    The note's cache entry holds its findings with the summaries that every
    run needs (families whose analysis is never cached, such as links) in
    part 0, the other families' keys in part 1, then one part per family, so
    an unchanged run reads one part per note and a run that needs only one
    family's summaries never unpickles another's.
    """

    def __init__(self, cache: NoteCache, key: str, eager: dict[str, Any] | None = None,
                 pending: bool = False) -> None:
        super().__init__(eager or {})
        self._cache = cache
        self._key = key
        self._families: list[str] | None = None
        self._entry: CacheEntry | None = None
        self._tried: dict[str, bool] = {k: True for k in (eager or {})}
        #: With ``pending``, the families of part 0 are read from it when asked.
        self._pending = pending

    def load(self, family: str) -> bool:
        """Read ``family``'s summary now; ``False`` when the cache no longer has it intact.

        A family the note has no summary for (its rules are off there) counts as intact.
        """
        done = self._tried.get(family)
        if done is not None:
            return done
        if self._families is None:
            self._entry = self._cache.entry(self._key, "note")  # the file is read once
            got = self._entry.part(1) if self._entry is not None else None
            self._families = list(got) if isinstance(got, list) else []
            if not isinstance(got, list):
                self._tried[family] = False
                return False
        ok = True
        if family in self._families:
            assert self._entry is not None
            value = self._entry.part(2 + self._families.index(family), default=_LOST)
            ok = value is not _LOST
            if ok:
                super().__setitem__(family, value)
        elif self._pending:
            self._pending = False
            assert self._entry is not None
            head = self._entry.part(0)
            if not (isinstance(head, tuple) and len(head) == 5 and isinstance(head[4], dict)):
                self._tried[family] = False
                return False
            for k, v in head[4].items():
                super().__setitem__(k, v)
                self._tried[k] = True
            return self._tried.setdefault(family, True)
        self._tried[family] = ok
        return ok

    def get(self, key: Any, default: Any = None) -> Any:
        self.load(key)
        return super().get(key, default)

    def __getitem__(self, key: Any) -> Any:
        self.load(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.load(key) and super().__contains__(key)


_STAMPS: dict[int, str] = {}


def _code_stamp(registry: Registry) -> str:
    """Size and modification time of notelint's own modules and of every rule's module.

    A released version is in every cache key already; this keeps a cache
    honest while the code changes without a version change (an editable
    install, a plugin under development).
    """
    got = _STAMPS.get(id(registry))
    if got is not None:
        return got
    files: set[str] = set()
    package = Path(__file__).resolve().parent
    for folder, _dirs, names in os.walk(package):
        files.update(os.path.join(folder, n) for n in names if n.endswith((".py", ".json", ".txt")))
    for info in registry.infos():  # a table rule not imported yet lies in the package anyway
        module = sys.modules.get(info.module)
        f = getattr(module, "__file__", None)
        if f:
            files.add(f)
    h = blake2b(digest_size=32)
    for f in sorted(files):
        try:
            st = os.stat(f)
        except OSError:
            continue
        h.update(f"{f}:{st.st_size}:{st.st_mtime_ns};".encode())
    stamp = h.hexdigest()
    _STAMPS[id(registry)] = stamp
    return stamp


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when inside it, else absolute."""
    try:
        rel = os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else Path(rel).as_posix()


# -- the process pool ----------------------------------------------------------------------

_WORKER: tuple[Engine, list[Note]] | None = None


def _can_fork() -> bool:
    """Whether a forked pool is safe: a platform with ``fork`` and no other thread running.

    Forking a process with threads (a language server, an embedding
    application) can copy a held lock into the child; such runs stay in one
    process.
    """
    import multiprocessing
    import threading

    return ("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            and threading.active_count() == 1)


def _work(batch: list[tuple[int, bytes]]) -> list[NoteResult]:
    """In a worker: the per-note results of ``(index, UTF-8 text)`` pairs of the run's notes."""
    assert _WORKER is not None
    engine, notes = _WORKER
    out = []
    for i, data in batch:
        out.append(_packed(engine._parse_and_check(notes[i],
                                                   data.decode("utf-8", "surrogatepass"))))
    return out


def _size_hint(note: Note, overrides: Mapping[Path, str] | None,
               index: Mapping[str, tuple[int, ...]] | None = None) -> int:
    """The note's length if known, else its file's size in bytes as the stat index last saw
    it (``index``: :attr:`StatIndex.entries`) or as it is (0 when unknown)."""
    held = getattr(note, "_held", None)
    if held is not None:
        return len(held)
    if overrides or index:
        path = os.path.abspath(note.source.path)
        got = overrides.get(Path(path)) if overrides else None
        if got is not None:
            return len(got)
        known = index.get(path) if index else None
        if known is not None:
            return known[0]
    try:
        return os.stat(note.source.path).st_size
    except (OSError, ValueError):
        return 0


class _Pool:
    """Forked workers running the per-note phase of one run's notes, results in order.

    Workers inherit the engine (rules, configurations) and the run's
    :class:`Note` list by ``fork``; a chunk sends note indexes with their
    texts (read by the parent, possibly after the fork) and only the
    results come back.
    """

    def __init__(self, engine: Engine, notes: list[Note], jobs: int) -> None:
        import multiprocessing

        global _WORKER
        self._notes = notes
        self._sent: list[tuple[list[int], Any]] = []
        self._done = 0
        _WORKER = (engine, notes)   # until close(): a worker that dies is forked again
        try:
            self._pool = multiprocessing.get_context("fork").Pool(jobs)
        except BaseException:
            _WORKER = None
            raise

    def submit(self, indexes: list[int]) -> None:
        """Queue the notes ``indexes`` (their texts are set) as one chunk."""
        batch = [(i, self._notes[i].encoded() or b"") for i in indexes]
        self._sent.append((indexes, self._pool.apply_async(_work, (batch,))))

    def results(self, wait: bool) -> Iterator[tuple[Note, NoteResult]]:
        """``(note, result)`` of the chunks finished so far, in submission order.

        With ``wait``, every chunk's; a worker's exception is raised here.
        """
        while self._done < len(self._sent):
            indexes, pending = self._sent[self._done]
            if not wait and not pending.ready():
                return
            got = pending.get()
            self._sent[self._done] = ([], None)
            self._done += 1
            for i, result in zip(indexes, got, strict=True):
                yield self._notes[i], result

    def close(self) -> None:
        """Stop the workers (after :meth:`results` with ``wait``, they are idle)."""
        global _WORKER
        try:
            self._pool.terminate()
            self._pool.join()
        finally:
            _WORKER = None


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while linting.

    Token trees hold no reference cycles, so reference counting frees them;
    the collector would only scan every live tree again and again (measured:
    more than the rules themselves cost on a thousand notes).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Held:
    """A checked note's text as it was when its findings were made (see :class:`_Documents`)."""

    __slots__ = ("held", "line_starts")

    def __init__(self, held: str | bytes | None, line_starts: Sequence[int] | None) -> None:
        self.held = held
        self.line_starts = line_starts


class _Documents(dict):  # type: ignore[type-arg]
    """The checked notes' documents by display path, each made when asked.

    Only each note's compact text (as :class:`Note` holds it, shared, not
    copied) and line offsets are kept, as they were when the findings were
    made (a later :meth:`Engine.relint` does not change them): a
    :class:`Document` is made on access (the last one is remembered, as
    formatters ask for the same note finding after finding), so that a run
    of thousands of notes does not hold every text a second time, decoded.
    Behaves as a ``dict[str, Document]``; a value set directly is kept as is.
    """

    def __init__(self) -> None:
        super().__init__()
        self._last: tuple[str, Document] | None = None

    def add(self, note: Note) -> None:
        """Make ``note``'s document, as it is now, available under its display path."""
        result = note.result
        super().__setitem__(note.source.display,
                            _Held(note._held, result.line_starts if result is not None else None))
        self._last = None

    def __getitem__(self, path: str) -> Document:
        value = super().__getitem__(path)
        if not isinstance(value, _Held):
            return value  # type: ignore[no-any-return]
        last = self._last
        if last is not None and last[0] == path:
            return last[1]
        raw = value.held
        text = raw.decode("utf-8", "surrogatepass") if isinstance(raw, bytes) else raw or ""
        doc = Document.text_only(text, path, value.line_starts)
        self._last = (path, doc)
        return doc

    def get(self, path: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[path] if path in self else default

    def __iter__(self) -> Iterator[str]:
        return iter(list(super().keys()))

    def values(self) -> list[Document]:  # type: ignore[override]
        return [self[k] for k in list(super().keys())]

    def items(self) -> list[tuple[str, Document]]:  # type: ignore[override]
        return [(k, self[k]) for k in list(super().keys())]

    def copy(self) -> dict[str, Document]:
        return dict(self.items())

    def __repr__(self) -> str:
        return f"<documents of {len(self)} notes>"


class LintResult:
    """What a lint run found.

    Args and attributes:
        diagnostics: kept diagnostics, sorted by path and position.
        documents: the checked notes' text by display path (for excerpts and
            fixes; not parsed).
        sources: every note that was checked, in order.
        suppressed: how many diagnostics directives suppressed.
        notes: the run's notes (checked ones first), for :meth:`Engine.relint`.
        engine: the engine that made it.

    A plain class (imported by every run; a dataclass costs its generated methods' compilation
    at import).
    """

    def __init__(self, diagnostics: list[Diagnostic] | None = None,
                 documents: dict[str, Document] | None = None,
                 sources: list[Source] | None = None, suppressed: int = 0,
                 notes: list[Note] | None = None, engine: Engine | None = None) -> None:
        self.diagnostics: list[Diagnostic] = diagnostics if diagnostics is not None else []
        self.documents: dict[str, Document] = (documents if documents is not None
                                               else _Documents())
        self.sources: list[Source] = sources if sources is not None else []
        self.suppressed = suppressed
        self.notes: list[Note] = notes if notes is not None else []
        self.engine = engine

    def __repr__(self) -> str:
        return (f"LintResult(diagnostics={self.diagnostics!r}, documents={self.documents!r}, "
                f"sources={self.sources!r}, suppressed={self.suppressed!r})")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, LintResult)
        return ((self.diagnostics, self.documents, self.sources, self.suppressed, self.notes,
                 self.engine) == (other.diagnostics, other.documents, other.sources,
                                  other.suppressed, other.notes, other.engine))

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    @property
    def files_checked(self) -> int:
        """Number of notes checked (including unreadable ones)."""
        return len(self.sources)


def iter_sources(paths: Iterable[str], resolver: ConfigResolver) -> list[Source]:
    """The notes under ``paths``, discovered with each folder's configuration."""
    return list(discover(paths, resolver.for_path))
