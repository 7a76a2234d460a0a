"""`notelint server` driven over stdio as an editor drives it (pygls's language client).

Each test starts the real command in a subprocess, speaks LSP to it, and
compares what arrives with what `notelint check` prints for the same note:
rule, message and range, converted here to UTF-16 independently of the
server's own conversion.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import pytest
from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

TIMEOUT = 60.0


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    return len(text.encode("utf-16-le")) // 2


def check_json(cwd: Path, *args: str) -> list[dict[str, Any]]:
    """What `notelint check --format json ARGS` reports, run in ``cwd``."""
    out = subprocess.run([sys.executable, "-m", "notelint", "check", "--format", "json",
                          "--no-color", *args], cwd=cwd, capture_output=True, text=True,
                         env=_env(), check=False)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)["diagnostics"]  # type: ignore[no-any-return]


def expected(check: list[dict[str, Any]], text: str, encoding: str = "utf-16") -> list[tuple]:
    """`notelint check` findings as (code, message, start, end) in client units."""
    lines = text.replace("\r\n", "\n").split("\n")

    def pos(line: int, col: int) -> tuple[int, int]:
        return line - 1, _units(lines[line - 1][:col - 1], encoding)

    return [(d["code"], d["message"], pos(d["line"], d["column"]),
             pos(d["end_line"], d["end_column"])) for d in check]


def got(diags: list[lsp.Diagnostic]) -> list[tuple]:
    """Published diagnostics in the shape of :func:`expected`."""
    return [(d.code, d.message, (d.range.start.line, d.range.start.character),
             (d.range.end.line, d.range.end.character)) for d in diags]


def _env() -> dict[str, str]:
    """The environment of a notelint process: the test's own user cache folder (set by
    conftest, a temporary folder; never the workspace, which may be the shared notes)."""
    env = dict(os.environ)
    env.pop("NOTELINT_DEBUG", None)
    return env


@dataclass
class Editor:
    """A language client that records what the server sends."""

    client: LanguageClient
    published: dict[str, list[lsp.PublishDiagnosticsParams]] = field(default_factory=dict)
    messages: list[lsp.ShowMessageParams] = field(default_factory=list)
    logs: list[lsp.LogMessageParams] = field(default_factory=list)
    progress: list[Any] = field(default_factory=list)
    registrations: list[lsp.Registration] = field(default_factory=list)
    event: asyncio.Event = field(default_factory=asyncio.Event)
    result: lsp.InitializeResult | None = None

    async def until(self, predicate: Callable[[], Any], what: str) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked on every message); return it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TIMEOUT
        while True:
            value = predicate()
            if value:
                return value
            self.event.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {what}")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.event.wait(), remaining)

    def latest(self, uri: str, version: int | None = -1) -> lsp.PublishDiagnosticsParams | None:
        """The last diagnostics published for ``uri`` (for ``version`` unless -1)."""
        for p in reversed(self.published.get(uri, [])):
            if version == -1 or p.version == version:
                return p
        return None

    async def diagnostics(self, uri: str, version: int | None) -> list[lsp.Diagnostic]:
        """Wait for the diagnostics of ``uri`` at ``version``."""
        p = await self.until(lambda: self.latest(uri, version), f"diagnostics of {uri} v{version}")
        return list(p.diagnostics)

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            lsp.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)))

    def replace(self, uri: str, text: str, version: int) -> None:
        self.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [lsp.TextDocumentContentChangeWholeDocument(text=text)]))


async def start(root: Path, *, encodings: list[str] | None = None, watch: bool = False,
                env: dict[str, str] | None = None) -> Editor:
    """Start `notelint server` in ``root`` and initialize it as a workspace folder."""
    client = LanguageClient("notelint-tests", "0")
    ed = Editor(client)
    # lsprotocol reads any code action that has a `command` as a bare Command, losing its
    # title's action and turning the command object into a string; read it by its type.
    converter = client.protocol._converter

    def code_action(obj: Any, _: Any) -> lsp.Command | lsp.CodeAction:
        is_command = isinstance(obj.get("command"), str)
        return converter.structure(obj, lsp.Command if is_command else lsp.CodeAction)

    converter.register_structure_hook(Union[lsp.Command, lsp.CodeAction], code_action)  # noqa: UP007 (a runtime type)

    def note(kind: list[Any]) -> Callable[[Any], None]:
        def record(params: Any) -> None:
            kind.append(params)
            ed.event.set()
        return record

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: lsp.PublishDiagnosticsParams) -> None:
        ed.published.setdefault(params.uri, []).append(params)
        ed.event.set()

    client.feature(lsp.WINDOW_SHOW_MESSAGE)(note(ed.messages))
    client.feature(lsp.WINDOW_LOG_MESSAGE)(note(ed.logs))
    client.feature(lsp.PROGRESS)(note(ed.progress))

    @client.feature(lsp.WINDOW_WORK_DONE_PROGRESS_CREATE)
    def create(params: lsp.WorkDoneProgressCreateParams) -> None:
        return None

    @client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(params: lsp.RegistrationParams) -> None:
        ed.registrations.extend(params.registrations)
        ed.event.set()

    await client.start_io(sys.executable, "-m", "notelint", "server", cwd=str(root),
                          env=env or _env())
    caps = lsp.ClientCapabilities(
        window=lsp.WindowClientCapabilities(work_done_progress=True),
        general=lsp.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        workspace=lsp.WorkspaceClientCapabilities(
            did_change_watched_files=lsp.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=watch)))
    folder = from_fs_path(str(root))
    ed.result = await client.initialize_async(lsp.InitializeParams(
        capabilities=caps, root_uri=folder, initialization_options={"offline": True},
        workspace_folders=[lsp.WorkspaceFolder(uri=folder, name=root.name)]))
    client.initialized(lsp.InitializedParams())
    return ed


async def stop(ed: Editor) -> None:
    await ed.client.shutdown_async(None)
    ed.client.exit(None)
    server = ed.client._server
    assert server is not None
    assert await asyncio.wait_for(server.wait(), TIMEOUT) == 0
    await ed.client.stop()


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(scenario())


def apply(text: str, edits: list[lsp.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) to ``text``, as an editor does."""
    lines = text.split("\n")

    def offset(p: lsp.Position) -> int:
        before = sum(len(line) + 1 for line in lines[:p.line])
        line, units, i = lines[p.line], 0, 0
        while units < p.character:
            units += _units(line[i], "utf-16")
            i += 1
        return before + i

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                    reverse=True):
        a, b = offset(e.range.start), offset(e.range.end)
        text = text[:a] + e.new_text + text[b:]
    return text


def test_real_note_open_edit_fix_hover(corpus: Path) -> None:
    root = corpus.resolve()
    note = root / "til-ai-ml.md"
    text = note.read_text(encoding="utf-8")
    uri = from_fs_path(str(note))
    want = expected(check_json(root, "--project-root", ".", "til-ai-ml.md"), text)
    want_closed = expected([d for d in check_json(root, ".") if d["path"] == "til.md"],
                           (root / "til.md").read_text(encoding="utf-8"))

    async def scenario() -> None:
        ed = await start(root)
        assert ed.result is not None
        assert ed.result.capabilities.position_encoding == "utf-16"
        # The first scan: progress from begin to end, every note's findings.
        til = from_fs_path(str(root / "til.md"))
        closed = await ed.until(lambda: ed.latest(til), "the workspace scan")
        assert closed.version is None
        assert got(closed.diagnostics) == want_closed
        kinds = [p.value["kind"] for p in ed.progress]
        assert kinds[0] == "begin" and kinds[-1] == "end"

        ed.open(uri, text)
        first = await ed.diagnostics(uri, 1)
        assert got(first) == want
        assert {d.code for d in first} >= {"DU001", "DU002", "FN001", "SP001", "DT003"}
        fn = next(d for d in first if d.code == "FN001")
        assert fn.code_description is not None
        assert fn.code_description.href == ("https://github.com/notelint/notelint/blob/main/"
                                            "rules/FN001-undefined-footnote-reference.md")
        du = next(d for d in first if d.code == "DU001")
        assert du.related_information is not None
        assert du.related_information[0].location.uri == til

        # Edit: a reference after an emoji and Korean text, at the end of the note.
        lines = text.split("\n")
        end = lsp.Position(len(lines) - 1, _units(lines[-1], "utf-16"))
        added = "\n😀 한국어 문장[^zz]\n"
        ed.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [lsp.TextDocumentContentChangePartial(range=lsp.Range(end, end), text=added)]))
        second = await ed.diagnostics(uri, 2)
        new_line = len(lines)  # 0-based: the line after the old last line
        new = [d for d in got(second) if d not in got(first)]
        assert [(c, s, e) for c, _m, s, e in new] == [
            ("FN001", (new_line, 9), (new_line, 14))]  # 8 code points, the emoji is 2 units
        assert [d for d in got(first) if d not in got(second)] == []
        text2 = text + added

        # Quick fix: the preferred action repairs the malformed definition.
        fn = next(d for d in second if d.code == "FN001" and d.range.start.line == 135)
        actions = await ed.client.text_document_code_action_async(lsp.CodeActionParams(
            lsp.TextDocumentIdentifier(uri), fn.range, lsp.CodeActionContext(diagnostics=[fn])))
        assert actions is not None
        titles = [a.title for a in actions if isinstance(a, lsp.CodeAction)]
        assert titles == ["Rewrite `[^ 7]:` as `[^7]:` (FN001)", "Disable FN001 on this line"]
        fix = actions[0]
        assert isinstance(fix, lsp.CodeAction) and fix.is_preferred
        assert fix.kind == lsp.CodeActionKind.QuickFix
        assert fix.edit is not None and fix.edit.document_changes is not None
        change = fix.edit.document_changes[0]
        assert isinstance(change, lsp.TextDocumentEdit) and change.text_document.version == 2
        text3 = apply(text2, list(change.edits))
        assert text3.split("\n")[500].startswith("[^7]:")
        ed.replace(uri, text3, 3)
        third = await ed.diagnostics(uri, 3)
        gone = [d for d in got(second) if d not in got(third)]
        assert [(c, s) for c, _m, s, _e in gone] == [("FN001", (135, 46))]
        assert [d for d in got(third) if d not in got(second)] == []

        # Hover: the rule's catalogue entry.
        hover = await ed.client.text_document_hover_async(lsp.HoverParams(
            lsp.TextDocumentIdentifier(uri), new_position(second, "FN001", new_line)))
        assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
        assert hover.contents.value.startswith(
            "**FN001** `undefined-footnote-reference`: Footnote reference `[^zz]` has no definition")
        assert "# FN001 undefined-footnote-reference: Footnote reference has no definition" \
            in hover.contents.value
        assert "## Examples" in hover.contents.value
        nothing = await ed.client.text_document_hover_async(lsp.HoverParams(
            lsp.TextDocumentIdentifier(uri), lsp.Position(0, 0)))
        assert nothing is None
        assert ed.messages == []
        await stop(ed)

    run(scenario)


def new_position(diags: list[lsp.Diagnostic], code: str, line: int) -> lsp.Position:
    d = next(d for d in diags if d.code == code and d.range.start.line == line)
    return lsp.Position(line, d.range.start.character + 1)


PLUGIN = '''
from notelint.rule import Rule


class CrashingRule(Rule):
    """A plugin rule with a bug."""

    code = "XX009"
    name = "crashing-rule"
    summary = "Raises on every note"

    def check_document(self, ctx):
        raise ZeroDivisionError("a bug in a plugin rule")
'''


def _crashing_plugin(folder: Path) -> Path:
    """A rule plugin (module and its entry point) importable from ``folder``."""
    folder.mkdir()
    (folder / "crashing_rule.py").write_text(PLUGIN, encoding="utf-8")
    info = folder / "crashing_rule-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: crashing-rule\nVersion: 1.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[notelint.rules]\ncrashing = crashing_rule:CrashingRule\n", encoding="utf-8")
    return folder


def test_configuration_words_directives_and_failures(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    config = root / ".notelint.toml"
    config.write_text('ignore = ["FN002"]\n', encoding="utf-8")
    note = root / "note.md"
    text = ("# 노트 📝\n\n한국어 😀 text[^1] and [^2].\n\nThe trasnformer model.\n\n"
            "[^2]: two\n[^3]: three\n")
    note.write_text(text, encoding="utf-8")
    uri = from_fs_path(str(note))
    env = _env()
    env["PYTHONPATH"] = os.pathsep.join([str(_crashing_plugin(tmp_path / "plugin")),
                                         env.get("PYTHONPATH", "")])

    def codes(diags: list[lsp.Diagnostic]) -> list[tuple[str, int, int]]:
        return [(str(d.code), d.range.start.line, d.range.start.character) for d in diags]

    async def scenario() -> None:
        ed = await start(root, watch=True, env=env)
        await ed.until(lambda: ed.registrations, "the file watcher registration")
        reg = ed.registrations[0]
        assert reg.method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES
        globs = {w["globPattern"] for w in reg.register_options["watchers"]}
        assert {"**/*.md", "**/.notelint.toml", "**/pyproject.toml"} <= globs

        ed.open(uri, text)
        first = await ed.diagnostics(uri, 1)
        # FN001 after Korean and an emoji: 10 code points before it, 11 UTF-16 units.
        assert codes(first) == [("FN001", 2, 11), ("SP001", 4, 4)]
        # The crashing plugin rule: one message, the other rules' findings all the same.
        crash = await ed.until(lambda: [m for m in ed.messages if "XX009" in m.message],
                               "the crash message")
        assert crash[0].type == lsp.MessageType.Error
        assert crash[0].message.startswith(
            "notelint: rule XX009 (crashing-rule) failed with ZeroDivisionError: a bug in a "
            "plugin rule")
        # The traceback goes to the log after the message (same stream, later): wait for it.
        await ed.until(lambda: [log for log in ed.logs if "Traceback" in log.message],
                       "the crash's traceback in the log")

        # The configuration changes: FN002 back, FN001 out.
        count = len(ed.published[uri])
        config.write_text('ignore = ["FN001"]\n', encoding="utf-8")
        ed.client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(
            [lsp.FileEvent(uri=from_fs_path(str(config)), type=lsp.FileChangeType.Changed)]))
        changed = await ed.until(
            lambda: len(ed.published[uri]) > count and ed.published[uri][-1], "a re-lint")
        assert codes(changed.diagnostics) == [("SP001", 4, 4), ("FN002", 7, 0)]

        # A broken configuration: a message, and the last good configuration goes on.
        count = len(ed.published[uri])
        config.write_text('ignore = ["FN001"\n', encoding="utf-8")
        ed.client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(
            [lsp.FileEvent(uri=from_fs_path(str(config)), type=lsp.FileChangeType.Changed)]))
        broken = await ed.until(lambda: [m for m in ed.messages
                                         if "configuration error" in m.message], "a message")
        assert "not valid TOML" in broken[0].message
        still = await ed.until(
            lambda: len(ed.published[uri]) > count and ed.published[uri][-1], "a re-lint")
        assert codes(still.diagnostics) == [("SP001", 4, 4), ("FN002", 7, 0)]
        config.write_text('ignore = ["FN001"]\n', encoding="utf-8")

        # "Add this word to the notes' words" for the spelling finding.
        sp = next(d for d in still.diagnostics if d.code == "SP001")
        actions = await ed.client.text_document_code_action_async(lsp.CodeActionParams(
            lsp.TextDocumentIdentifier(uri), sp.range, lsp.CodeActionContext(diagnostics=[sp])))
        assert actions is not None
        titles = [a.title for a in actions]
        assert "Add `trasnformer` to the notes' words (.notelint-words.txt)" in titles
        assert "Disable SP001 on this line" in titles
        add = next(a for a in actions if isinstance(a, lsp.CodeAction) and a.command is not None
                   and a.title.startswith("Add "))
        assert add.command is not None
        count = len(ed.published[uri])
        await ed.client.workspace_execute_command_async(lsp.ExecuteCommandParams(
            command=add.command.command, arguments=add.command.arguments))
        assert (root / ".notelint-words.txt").read_text(encoding="utf-8") == "trasnformer\n"
        after = await ed.until(
            lambda: len(ed.published[uri]) > count and ed.published[uri][-1], "a re-lint")
        assert codes(after.diagnostics) == [("FN002", 7, 0)]

        # "Disable this rule on this line", applied as an editor applies it.
        fn2 = after.diagnostics[0]
        actions = await ed.client.text_document_code_action_async(lsp.CodeActionParams(
            lsp.TextDocumentIdentifier(uri), fn2.range, lsp.CodeActionContext(diagnostics=[fn2])))
        assert actions is not None
        disable = [a for a in actions if isinstance(a, lsp.CodeAction)
                   and a.title == "Disable FN002 on this line"]
        assert len(disable) == 1 and disable[0].edit is not None
        edit = disable[0].edit.document_changes[0]  # type: ignore[index]
        assert isinstance(edit, lsp.TextDocumentEdit)
        edited = apply(text, list(edit.edits))
        assert edited == text.replace("[^3]: three\n",
                                      "[^3]: three <!-- notelint-disable-line FN002 -->\n")
        ed.replace(uri, edited, 2)
        assert codes(await ed.diagnostics(uri, 2)) == []

        # A broken note: NUL bytes are reported, and the server goes on.
        ed.replace(uri, "a\x00b\n", 3)
        nul = await ed.diagnostics(uri, 3)
        assert [(d.code, d.message) for d in nul] == [
            ("NL003", "File contains NUL bytes (first at byte 1); it looks binary, "
                      "not a markdown note")]
        ed.replace(uri, text, 4)
        assert codes(await ed.diagnostics(uri, 4)) == [("FN002", 7, 0)]
        await stop(ed)

    run(scenario)


def test_utf8_positions_when_the_client_prefers_them(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    note = root / "note.md"
    text = "한국어 😀 text[^1].\n"
    note.write_text(text, encoding="utf-8")
    uri = from_fs_path(str(note))

    async def scenario() -> None:
        ed = await start(root, encodings=["utf-8", "utf-16"])
        assert ed.result is not None
        assert ed.result.capabilities.position_encoding == "utf-8"
        ed.open(uri, text)
        diags = await ed.diagnostics(uri, 1)
        want = expected(check_json(root, "note.md"), text, "utf-8")
        assert got(diags) == want
        assert want[0][2] == (0, 19)  # 3 syllables x 3 bytes, a space, 4 (emoji), a space, 4
        await stop(ed)

    run(scenario)


def test_without_pygls_the_command_says_how_to_install(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from notelint.cli import main

    monkeypatch.setitem(sys.modules, "pygls", None)
    for name in [m for m in sys.modules if m.startswith(("pygls.", "notelint.server.app"))]:
        monkeypatch.delitem(sys.modules, name)
    assert main(["server"]) == 2
    err = capsys.readouterr().err
    assert err == ("notelint: error: `notelint server` needs pygls, which is not installed: "
                   "pip install 'notelint[server]'\n")
