"""The language server: LSP requests and notifications, on pygls.

Linting runs on two worker threads, never on the event loop: one for the
open notes (on open, on save, and on change after a short debounce), one
for the workspace scan (every note of the workspace folders, published for
the notes that are not open, so that the editor's problem list shows the
whole collection).  A result is published only if its note has not changed
meanwhile (the document version), so a slow run never overwrites a newer one.

Positions are converted to the encoding negotiated at ``initialize``
(:mod:`notelint.server.positions`); code actions come from
:mod:`notelint.server.actions`.  Initialization options (all optional)::

    {"debounce": 50,               # milliseconds between the last change and a lint
     "workspaceDiagnostics": true, # scan the workspace folders and publish every note's findings
     "offline": false}             # no network requests (remote link rules are opt-in anyway)
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from notelint import __version__
from notelint.catalogue import Entry, load_catalogue
from notelint.config import CONFIG_FILES
from notelint.diagnostics import Diagnostic, Edit, Severity
from notelint.document import Document, normalise_newlines
from notelint.formatters.sarif import RULE_DOC_URI
from notelint.rule import RunOptions
from notelint.runner import NOTE_SUFFIXES
from notelint.server.actions import Action, disable_action, fix_action, word_action
from notelint.server.linting import NoteLinter, NoteResult, Problem, shown
from notelint.server.positions import UTF16, LineIndex
from notelint.spelling.wordlist import DEFAULT_WORDS_FILE, add_words

#: The command behind "add this word to the notes' words": arguments ``[uri, word]``.
ADD_WORD_COMMAND = "notelint.addWord"
#: Files whose change reloads the configuration and lints everything again.
_SETTINGS_FILES = frozenset((*CONFIG_FILES, DEFAULT_WORDS_FILE))
_SEVERITY = {Severity.ERROR: lsp.DiagnosticSeverity.Error,
             Severity.WARNING: lsp.DiagnosticSeverity.Warning,
             Severity.INFO: lsp.DiagnosticSeverity.Information}
#: Pause after the last change of a note on disk before the workspace is scanned again.
RESCAN_DELAY = 0.5


@dataclass
class Linted:
    """The last published lint of an open note: its version, text and result."""

    version: int | None
    result: NoteResult
    fresh: Document | None = None  # a parse with its token tree, for code actions

    def parsed(self) -> Document | None:
        """The note parsed again with its token tree (made on first use)."""
        if self.fresh is None and self.result.document is not None:
            self.fresh = Document.from_text(self.result.document.text)
        return self.fresh


@dataclass
class State:
    """What the server keeps between messages (touched on the event loop only)."""

    roots: list[Path] = field(default_factory=list)
    encoding: str = UTF16
    debounce: float = 0.05
    scan: bool = True
    offline: bool = False
    linted: dict[str, Linted] = field(default_factory=dict)
    pending: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    scanned: set[str] = field(default_factory=set)
    announced: set[str] = field(default_factory=set)
    scan_generation: int = 0
    rescan: asyncio.Task[None] | None = None
    catalogue: dict[str, Entry] = field(default_factory=dict)


class NotelintServer(LanguageServer):
    """The notelint language server (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__("notelint", __version__,
                         text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.state = State()
        self.notes_pool = ThreadPoolExecutor(1, thread_name_prefix="notelint-notes")
        self.scan_pool = ThreadPoolExecutor(1, thread_name_prefix="notelint-scan")
        self.notes: NoteLinter | None = None
        self.scanner: NoteLinter | None = None
        self._indexes: dict[str, tuple[tuple[Any, ...], LineIndex]] = {}

    # -- setup ---------------------------------------------------------------

    def setup(self, params: lsp.InitializeParams) -> None:
        """Take the client's folders, encoding and options; build the linters."""
        st = self.state
        opts = params.initialization_options if isinstance(params.initialization_options,
                                                           dict) else {}
        if isinstance(opts.get("debounce"), (int, float)) and opts["debounce"] >= 0:
            st.debounce = opts["debounce"] / 1000
        st.scan = bool(opts.get("workspaceDiagnostics", True))
        st.offline = bool(opts.get("offline", False))
        folders = [f.uri for f in params.workspace_folders or ()]
        if not folders and params.root_uri:
            folders = [params.root_uri]
        for uri in folders:
            p = to_fs_path(uri)
            if p and Path(p).is_dir():
                st.roots.append(Path(p).resolve())
        if st.roots:
            # Paths in messages read as `notelint check` run in the (first) workspace folder.
            os.chdir(st.roots[0])
        st.encoding = str(self.workspace.position_encoding or UTF16)
        st.catalogue = load_catalogue()
        root = st.roots[0] if st.roots else Path.cwd()
        run = RunOptions(offline=st.offline)
        self.notes = NoteLinter(root, run=run)
        self.scanner = NoteLinter(root, run=run)

    # -- paths ---------------------------------------------------------------

    @staticmethod
    def path_of(uri: str) -> Path | None:
        """The file of a ``file:`` URI, or ``None``."""
        p = to_fs_path(uri) if uri.startswith("file:") else None
        return Path(p) if p else None

    def project_root(self, path: Path | None) -> Path | None:
        """The workspace folder that holds ``path`` (the innermost one)."""
        if path is None:
            return None
        rp = path.resolve()
        inside = [r for r in self.state.roots if rp.is_relative_to(r)]
        return max(inside, key=lambda r: len(r.parts)) if inside else None

    def is_note(self, uri: str) -> bool:
        """Whether the open document ``uri`` is a note notelint checks."""
        doc = self.workspace.text_documents.get(uri)
        if doc is not None and doc.language_id == "markdown":
            return True
        path = self.path_of(uri)
        return path is not None and path.suffix.lower() in NOTE_SUFFIXES

    def open_paths(self) -> dict[Path, str]:
        """Resolved file -> URI of every open note."""
        out = {}
        for uri in self.workspace.text_documents:
            path = self.path_of(uri)
            if path is not None and self.is_note(uri):
                out[path.resolve()] = uri
        return out

    # -- linting -------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Lint the open note ``uri`` after ``delay`` seconds (a newer call replaces it)."""
        if not self.is_note(uri):
            return
        old = self.state.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self.state.pending[uri] = asyncio.ensure_future(self._lint_open(uri, delay))

    async def _lint_open(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        doc = self.workspace.text_documents.get(uri)
        if doc is None or self.notes is None:
            return
        version, text = doc.version, doc.source
        path = self.path_of(uri)
        display = shown(path.resolve()) if path is not None else uri
        others = {p: self.workspace.text_documents[u].source
                  for p, u in self.open_paths().items() if u != uri}
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(
            self.notes_pool, self.notes.lint_text, path, display, text, self.project_root(path),
            others)
        now = self.workspace.text_documents.get(uri)
        if now is None or now.version != version:
            return  # closed or changed meanwhile: a newer lint follows
        if self.state.pending.get(uri) is asyncio.current_task():
            del self.state.pending[uri]
        self.state.linted[uri] = Linted(version, result)
        self.publish(uri, version, result.document, result.diagnostics)
        self.announce(result.problems)

    def lint_all_open(self, delay: float = 0.0, *, notes_changed: bool = False) -> None:
        """Lint every open note again (the configuration or, with ``notes_changed``, notes did)."""
        if notes_changed and self.notes is not None:
            self.notes_pool.submit(self.notes.forget)
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, delay)

    def schedule_scan(self, delay: float, *, first: bool = False) -> None:
        """Scan the workspace folders after ``delay`` seconds (a newer call replaces it)."""
        st = self.state
        if not st.scan or not st.roots:
            return
        if st.rescan is not None:
            st.rescan.cancel()
        st.rescan = asyncio.ensure_future(self._scan(delay, first))

    async def _scan(self, delay: float, first: bool) -> None:
        if delay:
            await asyncio.sleep(delay)
        st = self.state
        st.scan_generation += 1
        generation = st.scan_generation
        if self.scanner is None:
            return
        loop = asyncio.get_running_loop()
        token = None
        if first and self._client_has("window.work_done_progress"):
            token = f"notelint-scan-{generation}"
            try:
                await self.work_done_progress.create_async(token)
                self.work_done_progress.begin(token, lsp.WorkDoneProgressBegin(
                    title="notelint", message="reading the workspace's notes", percentage=0,
                    cancellable=False))
            except Exception:
                token = None

        def progress(done: int, total: int) -> None:
            if token is not None and total:
                report = lsp.WorkDoneProgressReport(message=f"{done}/{total} notes",
                                                    percentage=done * 100 // total)
                loop.call_soon_threadsafe(self.work_done_progress.report, token, report)

        texts = {p: self.workspace.text_documents[u].source for p, u in self.open_paths().items()}
        try:
            result = await loop.run_in_executor(self.scan_pool, self.scanner.lint_folders,
                                                st.roots, texts, progress)
        finally:
            if token is not None:
                self.work_done_progress.end(token, lsp.WorkDoneProgressEnd(message="done"))
        if generation != st.scan_generation:
            return
        self.announce(result.problems)
        open_now = self.open_paths()
        published = set()
        for path, doc, diags in result.by_path():
            if path in open_now:
                continue
            uri = from_fs_path(str(path)) or str(path)
            published.add(uri)
            self.publish(uri, None, doc, diags)
        for uri in st.scanned - published:
            gone = self.path_of(uri)
            if gone is None or gone.resolve() not in open_now:
                self.publish(uri, None, None, [])  # deleted or no longer a note
        st.scanned = published

    def settings_changed(self) -> None:
        """A configuration or word list changed: forget configurations, lint everything."""
        for linter, pool in ((self.notes, self.notes_pool), (self.scanner, self.scan_pool)):
            if linter is not None:
                pool.submit(linter.reset)
        self.state.announced = {k for k in self.state.announced if not k.startswith("config:")}
        self.lint_all_open()
        self.schedule_scan(0)

    # -- output --------------------------------------------------------------

    def publish(self, uri: str, version: int | None, doc: Document | None,
                diags: list[Diagnostic]) -> None:
        """Send ``diags`` (found in ``doc``) for ``uri``."""
        index = LineIndex(doc.text, self.state.encoding, doc.bom) if doc is not None else None
        out = [self.to_lsp(d, index, doc, uri) for d in diags] if index is not None else []
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=out, version=version))

    def to_lsp(self, d: Diagnostic, index: LineIndex, doc: Document | None,
               uri: str) -> lsp.Diagnostic:
        """One notelint finding in the note ``uri`` as an LSP diagnostic."""
        sl, sc = index.to_client(d.span.start.line, d.span.start.column)
        el, ec = index.to_client(d.span.end.line, d.span.end.column)
        entry = self.state.catalogue.get(d.code)
        related = []
        for r in d.related:
            loc = self.related_location(r.path, r.line, r.column, index, doc, uri)
            if loc is not None:
                related.append(lsp.DiagnosticRelatedInformation(location=loc, message=r.message))
        return lsp.Diagnostic(
            range=lsp.Range(lsp.Position(sl, sc), lsp.Position(el, ec)),
            severity=_SEVERITY[d.severity],
            code=d.code,
            code_description=(lsp.CodeDescription(href=RULE_DOC_URI.format(code=d.code,
                                                                           name=entry.name))
                              if entry is not None else None),
            source="notelint",
            message=d.message,
            related_information=related or None,
            tags=[lsp.DiagnosticTag.Unnecessary] if d.code == "NL006" else None,
            data={"name": d.name, "fixable": d.fix is not None},
        )

    def related_location(self, display: str | None, line: int, column: int, index: LineIndex,
                         doc: Document | None, uri: str) -> lsp.Location | None:
        """Where a ``related`` place is, in client units (reading the other note if needed)."""
        if display is None or (doc is not None and display == doc.path):
            target_uri = uri
            other = index
        else:
            path = Path(display)
            path = path if path.is_absolute() else Path.cwd() / path
            target_uri = from_fs_path(str(path))
            if not target_uri:
                return None
            other = self.index_of(target_uri, path)
        ln, ch = other.to_client(line, column)
        pos = lsp.Position(ln, ch)
        return lsp.Location(uri=target_uri, range=lsp.Range(pos, pos))

    def index_of(self, uri: str, path: Path) -> LineIndex:
        """The line index of another note: its open buffer, else the file (cached by mtime)."""
        opened = self.workspace.text_documents.get(uri)
        if opened is not None:
            key: tuple[Any, ...] = ("open", opened.version)
            raw = None
        else:
            try:
                st = path.stat()
            except OSError:
                return LineIndex("", self.state.encoding)
            key = ("file", st.st_mtime_ns, st.st_size)
        cached = self._indexes.get(uri)
        if cached is not None and cached[0] == key:
            return cached[1]
        try:
            raw = opened.source if opened is not None else path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            raw = ""
        bom = raw.startswith("\ufeff")
        index = LineIndex(normalise_newlines(raw[1:] if bom else raw)[0], self.state.encoding,
                          bom)
        self._indexes[uri] = (key, index)
        return index

    def announce(self, problems: list[Problem]) -> None:
        """Show each new problem once (window/showMessage) and log its details."""
        for p in problems:
            if p.key in self.state.announced:
                continue
            self.state.announced.add(p.key)
            kind = lsp.MessageType.Error if p.error else lsp.MessageType.Warning
            self.window_show_message(lsp.ShowMessageParams(type=kind, message=p.message))
            self.window_log_message(lsp.LogMessageParams(
                type=kind, message=p.message + ("\n" + p.detail if p.detail else "")))

    def _client_has(self, dotted: str) -> bool:
        obj: Any = self.client_capabilities
        for part in dotted.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                return False
        return bool(obj)

    # -- requests ------------------------------------------------------------

    def findings_at(self, uri: str, rng: lsp.Range) -> tuple[Linted, list[Diagnostic]] | None:
        """The last lint of ``uri`` and its findings that touch ``rng``."""
        linted = self.state.linted.get(uri)
        if linted is None or linted.result.document is None:
            return None
        doc = linted.result.document
        index = LineIndex(doc.text, self.state.encoding, doc.bom)
        lo = index.to_offset(rng.start.line, rng.start.character)
        hi = index.to_offset(rng.end.line, rng.end.character)
        hits = [d for d in linted.result.diagnostics
                if d.span.start_offset <= hi and lo <= d.span.end_offset]
        return linted, hits

    def code_actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        """Quick fixes, "disable" directives and "add the word" for the findings in a range."""
        uri = params.text_document.uri
        found = self.findings_at(uri, params.range)
        current = self.workspace.text_documents.get(uri)
        if found is None or current is None or current.version != found[0].version:
            return []
        linted, hits = found
        doc = linted.result.document
        assert doc is not None
        index = LineIndex(doc.text, self.state.encoding, doc.bom)
        words_file = DEFAULT_WORDS_FILE
        cfg = linted.result.config
        if cfg is not None:
            words_file = cfg.section("spelling").words_file or DEFAULT_WORDS_FILE
        out: list[lsp.CodeAction] = []
        disables: list[lsp.CodeAction] = []
        for d in hits:
            diag = self.to_lsp(d, index, doc, uri)
            fix = fix_action(d)
            if fix is not None:
                out.append(self.lsp_action(fix, uri, linted, index, doc, diag))
            word = word_action(d, doc.text, words_file)
            if word is not None:
                out.append(lsp.CodeAction(
                    title=word.title, kind=lsp.CodeActionKind.QuickFix, diagnostics=[diag],
                    command=lsp.Command(title=word.title, command=ADD_WORD_COMMAND,
                                        arguments=[uri, word.word])))
            fresh = linted.parsed()
            if d.code != "NL006" and fresh is not None:
                disables.append(self.lsp_action(disable_action(fresh, d), uri, linted, index,
                                                doc, diag))
        return out + disables

    def lsp_action(self, action: Action, uri: str, linted: Linted, index: LineIndex,
                   doc: Document, diag: lsp.Diagnostic) -> lsp.CodeAction:
        """An :class:`Action` with edits as an LSP quick fix on the document version linted."""
        edits = [self.text_edit(e, index, doc) for e in action.edits]
        change = lsp.TextDocumentEdit(
            text_document=lsp.OptionalVersionedTextDocumentIdentifier(uri=uri,
                                                                      version=linted.version),
            edits=edits)
        return lsp.CodeAction(title=action.title, kind=lsp.CodeActionKind.QuickFix,
                              diagnostics=[diag], is_preferred=action.preferred or None,
                              edit=lsp.WorkspaceEdit(document_changes=[change]))

    @staticmethod
    def text_edit(e: Edit, index: LineIndex, doc: Document) -> lsp.TextEdit:
        """An edit in notelint offsets as an LSP text edit (newlines in the note's style)."""
        a, b = doc.position(e.start_offset), doc.position(e.end_offset)
        sl, sc = index.to_client(a.line, a.column)
        el, ec = index.to_client(b.line, b.column)
        return lsp.TextEdit(range=lsp.Range(lsp.Position(sl, sc), lsp.Position(el, ec)),
                            new_text=e.replacement.replace("\n", doc.newline))

    def hover(self, params: lsp.HoverParams) -> lsp.Hover | None:
        """The catalogue entry of each finding under the cursor."""
        pos = params.position
        found = self.findings_at(params.text_document.uri, lsp.Range(pos, pos))
        if found is None or not found[1]:
            return None
        parts = []
        seen = set()
        for d in found[1]:
            if d.code in seen:
                continue
            seen.add(d.code)
            entry = self.state.catalogue.get(d.code)
            head = f"**{d.code}** `{d.name}`: {d.message}"
            parts.append(head + ("\n\n" + entry.text.strip() if entry is not None else ""))
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown,
                                                    value="\n\n---\n\n".join(parts)))

    async def add_word(self, uri: str, word: str) -> None:
        """Add ``word`` to the word list of the note ``uri``'s configuration; lint again."""
        linted = self.state.linted.get(uri)
        cfg = linted.result.config if linted is not None else None
        if cfg is None:
            return
        path = cfg.root / (cfg.section("spelling").words_file or DEFAULT_WORDS_FILE)
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self.notes_pool, add_words, path, [word])
        except (OSError, ValueError) as exc:
            self.announce([Problem(f"words:{path}:{exc}",
                                   f"notelint: cannot add `{word}` to {path}: {exc}")])
            return
        self.settings_changed()  # the word list is part of the configuration's cache key


def build_server() -> NotelintServer:
    """The server with its features registered (``start_io()`` runs it)."""
    server = NotelintServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: NotelintServer, params: lsp.InitializeParams) -> None:
        ls.setup(params)

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: NotelintServer, params: lsp.InitializedParams) -> None:
        if ls._client_has("workspace.did_change_watched_files.dynamic_registration"):
            watchers = [lsp.FileSystemWatcher(glob_pattern=f"**/{name}")
                        for name in ("*.md", "*.markdown", *sorted(_SETTINGS_FILES))]
            try:
                await ls.client_register_capability_async(lsp.RegistrationParams(registrations=[
                    lsp.Registration(id="notelint-watch",
                                     method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                     register_options=lsp.DidChangeWatchedFilesRegistrationOptions(
                                         watchers=watchers))]))
            except Exception as exc:  # the client refused: configuration is still checked on lint
                ls.window_log_message(lsp.LogMessageParams(
                    type=lsp.MessageType.Log, message=f"notelint: no file watching: {exc}"))
        ls.schedule_scan(0, first=True)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: NotelintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NotelintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.state.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: NotelintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = ls.path_of(uri)
        if path is not None and path.name in _SETTINGS_FILES:
            ls.settings_changed()
            return
        # Other open notes compare themselves with this one as saved.
        ls.lint_all_open(RESCAN_DELAY, notes_changed=True)
        ls.schedule(uri, 0)
        ls.schedule_scan(RESCAN_DELAY)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NotelintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.state.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.state.linted.pop(uri, None)
        # What the workspace scan says of the saved note replaces the buffer's findings.
        ls.publish(uri, None, None, [])
        ls.schedule_scan(0)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: NotelintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        names = {Path(to_fs_path(c.uri) or c.uri).name for c in params.changes}
        if names & _SETTINGS_FILES:
            ls.settings_changed()
        else:
            ls.lint_all_open(RESCAN_DELAY, notes_changed=True)  # they compare with other notes
            ls.schedule_scan(RESCAN_DELAY)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def code_action(ls: NotelintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        return ls.code_actions(params)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: NotelintServer, params: lsp.HoverParams) -> lsp.Hover | None:
        return ls.hover(params)

    @server.command(ADD_WORD_COMMAND)
    async def add_word(ls: NotelintServer, *args: Any) -> None:
        if len(args) == 2 and all(isinstance(a, str) for a in args):
            await ls.add_word(args[0], args[1])

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: NotelintServer, params: Any = None) -> None:
        for pool in (ls.notes_pool, ls.scan_pool):
            pool.shutdown(wait=False, cancel_futures=True)

    return server
