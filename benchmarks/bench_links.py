"""Benchmark remote link checking: notelint vs linkchecker vs markdown-link-check.

A corpus of notes links ``--urls`` unique URLs (default 2,000; some notes
repeat URLs of others) on an HTTP server that this script runs on 127.0.0.1.
The server answers every request after a latency of ``--min-ms`` to
``--max-ms`` milliseconds (the same for a given path in every run, spread
uniformly), with 200 for most paths, 404 for 3% and a 301 to a 200 page for
2%.  It counts requests, so the report can tell whether a tool checked every
URL.

Each tool runs as its own process on the same corpus and server, one after
the other, with the same limit of concurrent requests to the host
(``--per-host``) where the tool lets it be set:

* ``notelint check --select LK001,LK004,LK005`` with
  ``[links] max-concurrency-per-host``, first with an empty cache and then
  again with the cache of the first run;
* ``linkchecker`` (PyPI) with its MarkdownCheck plugin, ``threads`` and
  ``maxrequestspersecond`` set so that only the thread count limits it (the
  server sends the ``LinkChecker`` response header, without which linkchecker
  waits 0.1 to 0.6 s between two requests to a host whatever its settings);
* ``markdown-link-check`` (npm), whose concurrency is fixed at two requests
  per file and files one after another.

Tools that are not installed are skipped (``--linkchecker`` and ``--mlc``
name their executables).  The script is bounded: the server answers at most
``--max-requests`` requests, each tool run is killed after ``--timeout``
seconds, and the server stops when the script ends.  Exit status 0 when every
run that started finished, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


class Server:
    """An asyncio HTTP/1.1 server with keep-alive, on 127.0.0.1, in a thread of its own."""

    def __init__(self, min_ms: int, max_ms: int, max_requests: int) -> None:
        self.min_ms, self.max_ms, self.max_requests = min_ms, max_ms, max_requests
        self.requests = 0
        self.paths: set[str] = set()
        self.in_flight = 0
        self.max_in_flight = 0
        self.loop = asyncio.new_event_loop()
        self.port = 0
        started = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(started,), daemon=True)
        self.thread.start()
        started.wait(10)

    def _run(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self._client, "127.0.0.1", 0, backlog=1024))
        self.port = server.sockets[0].getsockname()[1]
        self._server = server
        started.set()
        self.loop.run_forever()
        server.close()
        self.loop.run_until_complete(server.wait_closed())

    def reset(self) -> None:
        self.requests, self.max_in_flight = 0, 0
        self.paths = set()

    def latency(self, path: str) -> float:
        h = int(hashlib.sha1(path.encode()).hexdigest()[:8], 16)
        return (self.min_ms + h % (self.max_ms - self.min_ms + 1)) / 1000

    @staticmethod
    def status(path: str) -> tuple[int, str | None]:
        if path.startswith("/moved/"):
            return 301, "/page/" + path.split("/")[-1]
        if not path.startswith("/p/"):
            return 200, None
        h = int(hashlib.sha1(path.encode()).hexdigest()[8:12], 16) % 100
        return (404, None) if h < 3 else (200, None)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while self.requests < self.max_requests:
                line = await reader.readline()
                if not line:
                    break
                method, path = line.decode("latin-1").split(" ")[:2]
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                self.requests += 1
                self.paths.add(path)
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
                await asyncio.sleep(self.latency(path))
                self.in_flight -= 1
                status, location = self.status(path)
                body = b"" if method == "HEAD" else b"<html><body>ok</body></html>"
                head = [f"HTTP/1.1 {status} {'OK' if status == 200 else 'X'}",
                        "Content-Type: text/html", "LinkChecker: allow", f"Content-Length: {len(body) if method != 'HEAD' else 28}"]
                if location:
                    head.append(f"Location: {location}")
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
                await writer.drain()
        except (ConnectionError, ValueError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def make_corpus(root: Path, base: str, n_urls: int, n_notes: int) -> list[str]:
    """Write ``n_notes`` notes linking ``n_urls`` unique URLs; return the URLs."""
    urls = []
    for i in range(n_urls):
        kind = "moved" if i % 50 == 7 else "p"
        urls.append(f"{base}/{kind}/{i}")
    per = (n_urls + n_notes - 1) // n_notes
    for k in range(n_notes):
        mine = urls[k * per:(k + 1) * per]
        shared = urls[(k * 7) % n_urls:(k * 7) % n_urls + 3]  # URLs other notes use too
        lines = [f"# Note {k}", ""]
        for j, u in enumerate(mine + shared):
            lines.append(f"- [reference {j}]({u}) explains this." if j % 2 else f"- See <{u}>.")
        (root / f"note-{k:03d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return urls


def timed(cmd: list[str], timeout: float, env: dict[str, str] | None = None,
          cwd: Path | None = None) -> tuple[float, int | None, str]:
    """Run ``cmd``; return ``(seconds, exit code or None on time-out, last stderr line)``."""
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env,
                              cwd=cwd)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - t0, None, "timed out"
    tail = (proc.stderr.strip().splitlines() or [""])[-1][:200]
    return time.perf_counter() - t0, proc.returncode, tail


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--urls", type=int, default=2000)
    ap.add_argument("--notes", type=int, default=100)
    ap.add_argument("--min-ms", type=int, default=20)
    ap.add_argument("--max-ms", type=int, default=200)
    ap.add_argument("--per-host", type=int, default=32, help="concurrent requests to the host")
    ap.add_argument("--max-requests", type=int, default=50000)
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--linkchecker", default=shutil.which("linkchecker"))
    ap.add_argument("--mlc", default=shutil.which("markdown-link-check"))
    ap.add_argument("--skip", default="", help="comma-separated tools not to run")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))

    server = Server(args.min_ms, args.max_ms, args.max_requests)
    base = f"http://127.0.0.1:{server.port}"
    rows: list[dict[str, object]] = []
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-links-") as tmp:
        root = Path(tmp)
        notes = root / "notes"
        notes.mkdir()
        urls = make_corpus(notes, base, args.urls, args.notes)
        os.chmod(tmp, 0o755)
        expected_latency = sum(server.latency(u[len(base):]) for u in urls)
        print(f"corpus: {args.notes} notes, {len(urls)} unique URLs on {base}; mean latency "
              f"{1000 * expected_latency / len(urls):.0f} ms; {args.per_host} requests at once "
              f"per host -> at best {expected_latency / args.per_host:.1f} s", file=sys.stderr)

        def record(tool: str, seconds: float, code: int | None, tail: str) -> None:
            nonlocal failed
            done = code is not None and code in (0, 1)
            failed |= not done
            rows.append({"tool": tool, "seconds": round(seconds, 3), "exit": code,
                         "requests": server.requests, "paths": len(server.paths),
                         "max_in_flight": server.max_in_flight,
                         "urls_per_s": round(len(urls) / seconds, 1), "note": "" if done else tail})
            print(f"  {tool}: {seconds:.2f} s, exit {code}, {server.requests} requests", file=sys.stderr)

        if "notelint" not in skip:
            (notes / ".notelint.toml").write_text(
                f"[links]\nallow-networks = [\"127.0.0.1\"]\nmax-concurrency-per-host = {args.per_host}\n"
                f"max-concurrency = {max(64, args.per_host)}\ntimeout = 10\n", encoding="utf-8")
            env = dict(os.environ, XDG_CACHE_HOME=str(root / "cache"), CI="1")
            cmd = [sys.executable, "-m", "notelint", "check", "--select", "LK001,LK004,LK005",
                   "--format", "json", "--no-color", str(notes)]
            for label in ("notelint (first run)", "notelint (cached run)"):
                server.reset()
                record(label, *timed(cmd, args.timeout, env))
            (notes / ".notelint.toml").unlink()
        if "linkchecker" not in skip and args.linkchecker:
            cfg = root / "linkcheckerrc"
            cfg.write_text(f"[checking]\nthreads={args.per_host}\nmaxrequestspersecond=100000\n"
                           "timeout=10\n[filtering]\ncheckextern=1\n[MarkdownCheck]\n"
                           "filename_re=.*\\.md$\n[output]\nlog=none\n", encoding="utf-8")
            server.reset()
            record("linkchecker", *timed([args.linkchecker, "--config", str(cfg), "--no-status",
                                          "--check-extern", str(notes)], args.timeout))
        if "mlc" not in skip and args.mlc:
            server.reset()
            files = sorted(str(p) for p in notes.glob("*.md"))
            record("markdown-link-check", *timed([args.mlc, "-q", *files], args.timeout))
    server.stop()

    first = next((r for r in rows if r["tool"] == "notelint (first run)"), None)
    print("\n| tool | wall s | URLs/s | requests | unique paths | max in flight | vs notelint |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        ratio = f"{float(r['seconds']) / float(first['seconds']):.1f}x" if first else ""
        print(f"| {r['tool']} | {r['seconds']:.2f} | {r['urls_per_s']} | {r['requests']} | "
              f"{r['paths']} | {r['max_in_flight']} | {ratio} |"
              + (f" {r['note']}" if r["note"] else ""))
    if args.json:
        args.json.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()},
                                         "rows": rows}, indent=2), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
