"""Benchmark `notelint server`: how soon after a change the diagnostics arrive.

Usage::

    python benchmarks/bench_server.py                       # the real 505-line note
    python benchmarks/bench_server.py --edits 60 --json server.json
    python benchmarks/bench_server.py --notes 200 --seed 1  # a generated workspace

The script starts ``notelint server`` in a subprocess, speaks LSP to it over
stdio as an editor does (pygls's language client), opens a note of about
500 lines and plays a scripted sequence of edits: typing a word at the end
of a line, adding a footnote reference after Korean text and an emoji, each
at another line.  Each edit is one incremental ``didChange``; the
latency is the wall time from sending it to receiving the
``publishDiagnostics`` for that document version, so it includes the
server's debounce, the lint and both transports.  The edits start once the
server's first workspace scan has ended (its progress notification), so
they do not share the CPU with it.  Between edits the script
pauses (``--pause``), as a writer does between words, so that no edit is
coalesced with the next.

Both the server and the baseline keep the persistent note cache in a new
temporary folder (``NOTELINT_CACHE_DIR``), so nothing is reused from an
earlier run; every edit makes a text not seen before.

Side by side, in the same run, the baseline: the same texts linted
in-process by the server's own linting core
(:class:`notelint.server.linting.NoteLinter`, no LSP, no debounce), the
floor of what the server can do.

The note is ``til-ai-ml.md`` of ``../shared/corpus/content`` (505 lines),
or with ``--notes N`` the generated note nearest to 500 lines in a
generated workspace of N notes (``notegen.py``), which shows how the
workspace's size weighs on each lint (duplicate checks read the other
notes).

Target (:data:`TARGET_MS`): median latency at most 150 ms.  The script
reports, it asserts nothing: exit status 0 when the benchmark ran, 1 when
the server failed, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

#: Median change-to-diagnostics latency the server must stay under, in milliseconds.
TARGET_MS = 150.0
#: The real note used by default (relative to the repository root).
DEFAULT_NOTE = Path("..") / "shared" / "corpus" / "content" / "til-ai-ml.md"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notegen import generate_corpus  # noqa: E402  (a sibling script, not a package)


@dataclass
class Edit:
    """One scripted change: replace ``[start, end)`` (UTF-16 positions) by ``text``."""

    what: str
    start: tuple[int, int]
    end: tuple[int, int]
    text: str


@dataclass
class Run:
    """What one benchmark run measured (milliseconds)."""

    open_ms: float = 0.0
    scan_ms: float = 0.0
    latencies: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    baseline_cpu: list[float] = field(default_factory=list)
    findings: list[int] = field(default_factory=list)


def _u16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def script(text: str, n: int, seed: int) -> list[tuple[Edit, str]]:
    """``n`` edits of ``text`` and the text after each, deterministic from ``seed``.

    Every text is new (each edit adds a numbered word or footnote reference),
    so no lint is answered from the cache of an earlier identical text.
    """
    rng = random.Random(seed)
    lines = text.split("\n")
    prose = [i for i, ln in enumerate(lines)
             if ln.strip() and not ln.lstrip().startswith(("#", "|", "```", "$$", "[^", "-", "*"))]
    out: list[tuple[Edit, str]] = []
    current = lines[:]
    for k in range(n):
        i = rng.choice(prose)
        end = (i, _u16(current[i]))
        added = f" notelint{k}" if k % 2 == 0 else f" 한국어 😀[^zz{k}]"
        current[i] += added
        what = "type a word" if k % 2 == 0 else "add a footnote reference"
        out.append((Edit(f"{what} on line {i + 1}", end, end, added), "\n".join(current)))
    return out


async def measure(root: Path, note: Path, edits: int, pause: float, seed: int,
                  debounce: int) -> Run:
    """Play the script against a server started in ``root``; return the latencies."""
    client = LanguageClient("bench", "0")
    arrived: dict[int, float] = {}
    counts: dict[int, int] = {}
    event = asyncio.Event()
    uri = from_fs_path(str(note))

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: lsp.PublishDiagnosticsParams) -> None:
        if params.uri == uri and params.version is not None:
            arrived.setdefault(params.version, time.perf_counter())
            counts[params.version] = len(params.diagnostics)
            event.set()

    scanned = asyncio.Event()

    @client.feature(lsp.WINDOW_WORK_DONE_PROGRESS_CREATE)
    def create(params: Any) -> None:
        return None

    @client.feature(lsp.PROGRESS)
    def progress(params: Any) -> None:
        if isinstance(params.value, dict) and params.value.get("kind") == "end":
            scanned.set()

    async def wait(version: int) -> float:
        while version not in arrived:
            event.clear()
            await asyncio.wait_for(event.wait(), 120)
        return arrived[version]

    await client.start_io(sys.executable, "-m", "notelint", "server", cwd=str(root))
    folder = from_fs_path(str(root))
    await client.initialize_async(lsp.InitializeParams(
        capabilities=lsp.ClientCapabilities(
            window=lsp.WindowClientCapabilities(work_done_progress=True)), root_uri=folder,
        workspace_folders=[lsp.WorkspaceFolder(uri=folder, name="bench")],
        initialization_options={"debounce": debounce, "offline": True}))
    client.initialized(lsp.InitializedParams())
    text = note.read_text(encoding="utf-8")
    run = Run()
    t0 = time.perf_counter()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        lsp.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    run.open_ms = (await wait(1) - t0) * 1000
    await asyncio.wait_for(scanned.wait(), 1800)  # the first workspace scan, with progress
    run.scan_ms = (time.perf_counter() - t0) * 1000
    await asyncio.sleep(pause)
    version = 1
    for edit, _after in script(text, edits, seed):
        version += 1
        await asyncio.sleep(pause)
        sent = time.perf_counter()
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [lsp.TextDocumentContentChangePartial(
                range=lsp.Range(lsp.Position(*edit.start), lsp.Position(*edit.end)),
                text=edit.text)]))
        run.latencies.append((await wait(version) - sent) * 1000)
        run.findings.append(counts[version])
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return run


def baseline(root: Path, note: Path, edits: int, seed: int) -> tuple[list[float], list[float]]:
    """The same texts linted in-process by the server's linting core.

    Returns:
        ``(wall, cpu)``: milliseconds of wall time and of this process's CPU
        time for each lint (CPU time does not grow when other programs share
        the CPUs, wall time does).
    """
    from notelint.server.linting import NoteLinter, shown

    os.chdir(root)
    linter = NoteLinter(root)
    text = note.read_text(encoding="utf-8")
    linter.lint_text(note, shown(note), text, root)  # warm-up, as the server's first lint
    wall, cpu = [], []
    for _edit, after in script(text, edits, seed):
        t, c = time.perf_counter(), time.process_time()
        linter.lint_text(note, shown(note), after, root)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return wall, cpu


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--note", type=Path, help="the note to edit (default: the real 505-line note)")
    ap.add_argument("--notes", type=int, default=0,
                    help="generate a workspace of N notes and edit its note nearest 500 lines")
    ap.add_argument("--seed", type=int, default=1, help="generator and edit-script seed")
    ap.add_argument("--edits", type=int, default=40, help="number of scripted edits (default 40)")
    ap.add_argument("--pause", type=float, default=0.2,
                    help="seconds between edits (default 0.2)")
    ap.add_argument("--debounce", type=int, default=50,
                    help="the server's debounce in milliseconds (default 50, its default)")
    ap.add_argument("--json", type=Path, help="also write every figure as JSON")
    args = ap.parse_args(argv)
    if args.edits < 1 or args.notes < 0:
        ap.error("--edits must be at least 1 and --notes at least 0")
    tmp = None
    cache = Path(tempfile.mkdtemp(prefix="notelint-bench-server-cache-"))
    os.environ["NOTELINT_CACHE_DIR"] = str(cache)
    try:
        if args.notes:
            tmp = Path(tempfile.mkdtemp(prefix="notelint-bench-server-"))
            generate_corpus(tmp, args.notes, args.seed)
            note = min(tmp.rglob("*.md"),
                       key=lambda p: abs(p.read_text(encoding="utf-8").count("\n") - 500))
            root = tmp
        else:
            note = (args.note or Path(__file__).resolve().parents[1] / DEFAULT_NOTE).resolve()
            root = note.parent
        if not note.is_file():
            print(f"bench_server: no such note: {note}", file=sys.stderr)
            return 2
        lines = note.read_text(encoding="utf-8").count("\n")
        print(f"note: {note} ({lines} lines), workspace: {root} "
              f"({sum(1 for _ in root.rglob('*.md'))} notes)", file=sys.stderr)
        try:
            run = asyncio.run(measure(root, note, args.edits, args.pause, args.seed,
                                      args.debounce))
        except Exception as exc:
            print(f"bench_server: the server failed: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            return 1
        run.baseline, run.baseline_cpu = baseline(root, note, args.edits, args.seed)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    med, base = statistics.median(run.latencies), statistics.median(run.baseline)
    print(f"{'measure':<38} {'median':>8} {'p90':>8} {'max':>8}")
    print(f"{'server: change -> diagnostics (ms)':<38} {med:8.1f} "
          f"{_pct(run.latencies, 0.9):8.1f} {max(run.latencies):8.1f}")
    print(f"{'baseline: lint in-process (ms)':<38} {base:8.1f} "
          f"{_pct(run.baseline, 0.9):8.1f} {max(run.baseline):8.1f}")
    print(f"{'baseline: its CPU time (ms)':<38} {statistics.median(run.baseline_cpu):8.1f} "
          f"{_pct(run.baseline_cpu, 0.9):8.1f} {max(run.baseline_cpu):8.1f}")
    print(f"server / baseline: {med / base:.2f}x; server - baseline: {med - base:.1f} ms "
          f"(debounce {args.debounce} ms + transport)")
    print(f"first open -> diagnostics: {run.open_ms:.0f} ms (cold: imports, dictionaries, "
          "the project's notes)")
    print(f"first workspace scan done after: {run.scan_ms:.0f} ms (edits start after it)")
    if hasattr(os, "getloadavg"):
        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"target: median <= {TARGET_MS:.0f} ms: {'met' if med <= TARGET_MS else 'NOT met'} "
          f"({len(run.latencies)} edits, findings {min(run.findings)}-{max(run.findings)})")
    if args.json:
        args.json.write_text(json.dumps({
            "note": str(note), "lines": lines, "edits": args.edits, "pause_s": args.pause,
            "debounce_ms": args.debounce, "open_ms": run.open_ms, "scan_ms": run.scan_ms,
            "latency_ms": run.latencies, "baseline_ms": run.baseline,
            "baseline_cpu_ms": run.baseline_cpu,
            "median_ms": med, "baseline_median_ms": base, "target_ms": TARGET_MS,
            "python": platform.python_version(), "machine": platform.machine(),
        }, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
