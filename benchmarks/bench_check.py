"""Benchmark notelint against parsing the same notes with markdown-it-py alone.

Usage::

    python benchmarks/bench_check.py --notes 1000 --seed 1
    python benchmarks/bench_check.py --notes 200 --repeat 5 --per-family --json bench.json
    python benchmarks/bench_check.py --dir ../shared/corpus/content --repeat 10

The script generates ``--notes`` realistic notes into a temporary folder (see
``notegen.py``; deterministic from ``--seed``), then times, each in its own
subprocess pinned to one CPU so that memory and caches are not shared (see
``bench_worker.py``):

* ``parse-only``: discover the ``*.md`` files, read them as UTF-8 and parse
  each with markdown-it-py configured with the same plugins as notelint
  (``bench_worker.build_reference_parser``), without notelint;
* ``notelint``: :func:`notelint.api.lint_paths` over the folder with the
  default rules (discovery, reading, parsing with source positions, rules,
  suppressions, sorting);
* with ``--per-family``: notelint with no rules, then with each rule family
  selected alone, so that the cost of each family can be read off.

Each measurement is repeated ``--repeat`` times (interleaved across modes);
the best and median wall times are reported, with files/s, MB/s and peak RSS,
and the ratio of notelint's time to the parse-only time against the target
(:data:`TARGET_RATIO`).  Times exclude interpreter start-up and imports, which
are reported separately in the JSON output.

Exit status: 0 when every measurement ran (whatever the figures), 1 when a
measurement failed, 2 on bad arguments, 130 when interrupted.  The temporary
folder is always removed unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: notelint's total time may be at most this multiple of the parse-only time.
TARGET_RATIO = 1.5

#: The script each measurement runs in (a fresh interpreter per run).
WORKER = Path(__file__).resolve().parent / "bench_worker.py"

_MiB = 1024 * 1024

sys.path.insert(0, str(WORKER.parent))
from bench_worker import note_files  # noqa: E402  (a sibling script, not a package)
from notegen import generate_corpus  # noqa: E402


class BenchError(Exception):
    """A measurement could not be made; the message says why."""


@dataclass
class Mode:
    """One thing to time: ``kind`` is ``parse`` or ``notelint``; ``select`` as for ``--select``."""

    label: str
    kind: str
    select: list[str] | None = None
    runs: list[dict[str, Any]] = field(default_factory=list)

    def worker_args(self) -> list[str]:
        """The worker's arguments for this mode (without root and CPU)."""
        args = ["--mode", self.kind]
        if self.select is not None:
            args += ["--select", ",".join(self.select)]
        return args

    @property
    def times(self) -> list[float]:
        """Wall times of the runs so far, in seconds."""
        return [r["seconds"] for r in self.runs]

    @property
    def best(self) -> float:
        """Shortest wall time, in seconds."""
        return min(self.times)

    @property
    def median(self) -> float:
        """Median wall time, in seconds."""
        return statistics.median(self.times)

    @property
    def peak_rss(self) -> int:
        """Largest peak RSS over the runs, in bytes."""
        return max(int(r["peak_rss_bytes"]) for r in self.runs)


def _run_worker(args: list[str], timeout: float) -> dict[str, Any]:
    """Run this script as a worker with ``args``; return the JSON it printed.

    Raises:
        BenchError: the worker failed, timed out or printed no JSON.
    """
    cmd = [sys.executable, str(WORKER), *args]
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"worker {' '.join(args)} took longer than {timeout:g} s") from exc
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-8:]) or "(no output)"
        raise BenchError(f"worker {' '.join(args)} exited with status {proc.returncode}:\n{tail}")
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    try:
        out: dict[str, Any] = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError) as exc:
        raise BenchError(f"worker {' '.join(args)} printed no result: {proc.stdout[-500:]!r}") \
            from exc
    out["process_seconds"] = time.perf_counter() - started
    return out


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _corpus_stats(root: Path) -> dict[str, Any]:
    files = note_files(root)
    size = sum(p.stat().st_size for p in files)
    return {"files": len(files), "bytes": size}


def _fmt_table(rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, row in enumerate(rows):
        cells = [cell.rjust(width) if i in right else cell.ljust(width)
                 for i, (cell, width) in enumerate(zip(row, widths, strict=True))]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _summarise(modes: list[Mode], corpus: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The report table and the JSON results for measured ``modes``."""
    parse = next(m for m in modes if m.kind == "parse")
    none = next((m for m in modes if m.kind == "notelint" and m.select == []), None)
    mb = corpus["bytes"] / 1e6
    header = ["mode", "best s", "median s", "files/s", "MB/s", "peak RSS MiB", "x parse"]
    if none is not None:
        header.append("rules s")
    rows = [header]
    results = []
    for m in modes:
        ratio_best, ratio_median = m.best / parse.best, m.median / parse.median
        files = m.runs[0]["files"]
        row = [m.label, f"{m.best:.3f}", f"{m.median:.3f}", f"{files / m.best:,.0f}",
               f"{mb / m.best:.2f}", f"{m.peak_rss / _MiB:.1f}",
               "" if m is parse else f"{ratio_best:.2f}"]
        if none is not None:
            row.append("" if m.kind == "parse" or m is none else f"{m.best - none.best:+.3f}")
        rows.append(row)
        entry: dict[str, Any] = {
            "label": m.label, "kind": m.kind, "select": m.select, "times_s": m.times,
            "best_s": m.best, "median_s": m.median, "files": files,
            "files_per_s": files / m.best, "mb_per_s": mb / m.best,
            "peak_rss_mib": m.peak_rss / _MiB,
            "rss_after_import_mib": max(r["rss_after_import_bytes"] for r in m.runs) / _MiB,
            "import_s": min(r["import_seconds"] for r in m.runs),
            "process_s": min(r["process_seconds"] for r in m.runs),
            "cpu_s": min(r["cpu_seconds"] for r in m.runs),
        }
        if m.kind == "notelint":
            entry.update(ratio_best=ratio_best, ratio_median=ratio_median,
                         diagnostics=m.runs[0]["diagnostics"], codes=m.runs[0]["codes"])
        results.append(entry)
    return _fmt_table(rows, right=set(range(1, len(header)))), {"results": results}


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench_check.py",
        description="Time notelint against markdown-it-py parsing of the same notes, "
                    "each in its own process on one CPU.")
    src = parser.add_mutually_exclusive_group()
    src.add_argument("--notes", type=int, default=1000, metavar="N",
                     help="number of notes to generate (default: %(default)s)")
    src.add_argument("--dir", type=Path, metavar="PATH",
                     help="benchmark an existing folder of notes instead of generating notes")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default: %(default)s)")
    parser.add_argument("--min-entries", type=int, default=10,
                        help="fewest dated entries per generated note (default: %(default)s)")
    parser.add_argument("--max-entries", type=int, default=60,
                        help="most dated entries per generated note (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per measurement (default: %(default)s)")
    parser.add_argument("--per-family", action="store_true",
                        help="also time notelint with no rules and with each rule family alone")
    parser.add_argument("--cpu", type=int, default=None,
                        help="CPU to pin workers to (default: the first available)")
    parser.add_argument("--no-gc", action="store_true",
                        help="disable Python's cyclic garbage collector in every measured run "
                             "(to see how much of the time it takes)")
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="seconds before a single run is abandoned (default: %(default)s)")
    parser.add_argument("--select", action="append", default=[], metavar="IDS",
                        help="also time notelint with these rules (comma-separated; repeatable), "
                             "e.g. NL,FN,DT")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the results here")
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated notes and print where they are")
    args = parser.parse_args(argv)
    if args.dir is None and args.notes < 1:
        parser.error("--notes must be at least 1")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if not 1 <= args.min_entries <= args.max_entries:
        parser.error("need 1 <= --min-entries <= --max-entries")
    if args.dir is not None and not args.dir.is_dir():
        parser.error(f"--dir {args.dir}: not a folder")
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    return args


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _benchmark(args: argparse.Namespace, root: Path, generated: dict[str, Any] | None) -> int:
    corpus = _corpus_stats(root)
    if corpus["files"] == 0:
        raise BenchError(f"{root}: no notes (*.md, *.markdown) found")
    if generated is not None:
        corpus.update(generated)
    # Also a warm-up: compiles and caches notelint's modules before anything is timed.
    env = _run_worker(["--mode", "environment"], args.timeout)
    modes = [Mode("parse-only (markdown-it-py)", "parse"),
             Mode("notelint (default rules)", "notelint")]
    if args.per_family:
        modes.append(Mode("notelint (no rules)", "notelint", []))
        modes += [Mode(f"notelint --select {fam}", "notelint", [fam]) for fam in env["families"]]
    for sel in args.select:
        modes.append(Mode(f"notelint --select {sel}", "notelint", sel.split(",")))
    extra_args = [] if args.cpu is None else ["--cpu", str(args.cpu)]
    if args.no_gc:
        extra_args.append("--no-gc")
    for rep in range(1, args.repeat + 1):
        for mode in modes:
            out = _run_worker([*mode.worker_args(), "--root", str(root), *extra_args], args.timeout)
            mode.runs.append(out)
            _log(f"[{rep}/{args.repeat}] {mode.label}: {out['seconds']:.3f} s")
    counts = {m.label: m.runs[0]["files"] for m in modes}
    if len(set(counts.values())) != 1:
        _log(f"warning: modes saw different numbers of notes: {counts}")

    table, results = _summarise(modes, corpus)
    _print_report(args, env, modes, corpus, generated, table)
    if args.json is not None:
        _write_json(args, env, modes, corpus, results)
        print(f"results written to {args.json}")
    return 0


def _ratios(modes: list[Mode]) -> tuple[float, float]:
    """notelint (default rules) over parse-only: ``(best / best, median / median)``."""
    parse, default = modes[0], modes[1]
    return default.best / parse.best, default.median / parse.median


def _print_report(args: argparse.Namespace, env: dict[str, Any], modes: list[Mode],
                  corpus: dict[str, Any], generated: dict[str, Any] | None, table: str) -> None:
    """Print the report (header, table, verdict, findings) on standard output."""
    ratio_best, ratio_median = _ratios(modes)
    verdict = "within target" if ratio_best <= TARGET_RATIO else "OVER target"
    cpu = modes[0].runs[0]["cpu"]
    source = (f"{corpus['files']:,} generated notes (seed {args.seed}, "
              f"{corpus['entries']:,} dated entries)" if generated is not None
              else f"{corpus['files']:,} notes in {args.dir}")
    print(f"notelint {env['versions']['notelint']} benchmark: {source}, "
          f"{corpus['bytes'] / 1e6:.2f} MB")
    print(f"Python {platform.python_version()} on {_cpu_model()}, "
          f"pinned to CPU {cpu if cpu is not None else '(not pinned)'}; "
          f"best and median of {args.repeat} run(s)"
          + ("; garbage collector disabled" if args.no_gc else ""))
    if generated is not None:
        planted = ", ".join(f"{k} {v}" for k, v in sorted(generated["defects"].items())) or "none"
        print(f"planted defects: {planted}")
    print()
    print(table)
    print()
    print(f"notelint / parse-only: {ratio_best:.2f}x (best), {ratio_median:.2f}x (median); "
          f"target <= {TARGET_RATIO}x: {verdict}")
    default = modes[1].runs[0]
    codes = ", ".join(f"{code} {n}" for code, n in default["codes"].items())
    print(f"findings (default rules): {default['diagnostics']:,}" + (f" ({codes})" if codes else ""))


def _write_json(args: argparse.Namespace, env: dict[str, Any], modes: list[Mode],
                corpus: dict[str, Any], results: dict[str, Any]) -> None:
    """Write every run, the parameters, the environment and the ratios to ``args.json``."""
    ratio_best, ratio_median = _ratios(modes)
    doc = {
        "version": 1,
        "target_ratio": TARGET_RATIO,
        "ratio_best": ratio_best,
        "ratio_median": ratio_median,
        "within_target": ratio_best <= TARGET_RATIO,
        "params": {"notes": None if args.dir else args.notes,
                   "dir": str(args.dir) if args.dir else None,
                   "seed": args.seed, "repeat": args.repeat, "no_gc": args.no_gc,
                   "min_entries": args.min_entries, "max_entries": args.max_entries},
        "corpus": corpus,
        "environment": {"python": platform.python_version(), "platform": platform.platform(),
                        "cpu_model": _cpu_model(), "cpu": modes[0].runs[0]["cpu"], **env},
        **results,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; see the module docstring for arguments and exit status."""
    args = _parse_args(argv)
    tmp: Path | None = None
    try:
        if args.dir is not None:
            return _benchmark(args, args.dir, None)
        tmp = Path(tempfile.mkdtemp(prefix="notelint-bench-"))
        started = time.perf_counter()
        gen = generate_corpus(tmp / "notes", args.notes, args.seed, min_entries=args.min_entries,
                              max_entries=args.max_entries)
        _log(f"generated {gen.files:,} notes ({gen.bytes / 1e6:.2f} MB, {gen.lines:,} lines) "
             f"in {time.perf_counter() - started:.1f} s")
        generated = {"entries": gen.entries, "lines": gen.lines, "defects": dict(gen.defects)}
        return _benchmark(args, tmp / "notes", generated)
    except BenchError as exc:
        print(f"bench_check: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"bench_check: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench_check: interrupted", file=sys.stderr)
        return 130
    finally:
        if tmp is not None:
            if args.keep:
                _log(f"generated notes kept in {tmp / 'notes'}")
            else:
                shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
