"""Benchmark of the duplicate-entry search (DU001/DU002) on a large synthetic collection.

Generates ``--entries`` entry bodies (default 100,000) of Korean-like and
English-like prose with inline code, footnote references and code fences,
with words drawn from a Zipf distribution over a large vocabulary (as word
frequencies in real notes are), then plants copies:

* ``--exact`` share of the entries get an identical copy, re-wrapped and with
  other whitespace and end punctuation (identical after normalisation);
* ``--near`` share get a copy with edits: a few words replaced, inserted or
  deleted, either in one place or scattered (similarity 0.80 to 0.995).

A fresh process then normalises every body (one entry per note) and runs
:func:`notelint.duplicates.analysis.analyse` over them, which is what the DU
rules do with the notes' summaries.  The report gives the time of each step, the
peak resident memory of that process (``ru_maxrss``, which includes the
interpreter and the entry texts), and the recall: planted exact copies found,
planted near copies whose similarity reaches the threshold found, and pairs
found that were not planted.

Usage::

    .venv/bin/python benchmarks/bench_duplicates.py                # 100,000 entries
    .venv/bin/python benchmarks/bench_duplicates.py --entries 20000 --seed 2 --json out.json

Exit status: 0 when the run completed (whatever the figures), 1 when the
measuring process failed, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import pickle
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_HANGUL = [chr(c) for c in range(0xAC00, 0xD7A4, 7)]
_PARTICLES = ("은", "는", "이", "가", "을", "를", "에", "에서", "의", "로", "와", "도", "입니다", "합니다")
_LETTERS = "etaoinshrdlcumwfgypbvkjxqz"


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        if rng.random() < 0.5:
            stem = "".join(rng.choice(_HANGUL) for _ in range(rng.randint(1, 4)))
            words.add(stem + (rng.choice(_PARTICLES) if rng.random() < 0.6 else ""))
        else:
            words.add("".join(rng.choice(_LETTERS) for _ in range(rng.randint(2, 10))))
    out = sorted(words)
    rng.shuffle(out)
    return out


class _Writer:
    """Draws entry bodies from a Zipf(1.05) distribution over the vocabulary."""

    def __init__(self, rng: random.Random, vocabulary_size: int) -> None:
        self.rng = rng
        self.vocab = _vocabulary(rng, vocabulary_size)
        self.cum = list(itertools.accumulate(1.0 / (r + 1) ** 1.05 for r in range(len(self.vocab))))

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=n)

    def body(self) -> str:
        rng = self.rng
        n = max(15, min(600, int(rng.lognormvariate(4.3, 0.6))))
        words = self.words(n)
        out: list[str] = []
        line: list[str] = []
        for i, w in enumerate(words):
            r = rng.random()
            if r < 0.03:
                word = f"`{w}_{self.words(1)[0]}`"
            elif r < 0.04:
                word = f"{w}[^{rng.randint(1, 30)}]"
            else:
                word = w
            line.append(word)
            if rng.random() < 0.08:
                line[-1] += "."
                if rng.random() < 0.3:
                    out.append(" ".join(line))
                    out.append("")
                    line = []
            elif len(line) >= 12:
                out.append(" ".join(line))
                line = []
            if i == n // 2 and rng.random() < 0.2:
                if line:
                    out.append(" ".join(line))
                    line = []
                ws = self.words(16)
                code = [f"{ws[k]}.{ws[k + 1]}({ws[k + 2]}, {ws[k + 3]})" for k in range(0, 16, 4)]
                out += ["", "```python", *code, "```", ""]
        if line:
            out.append(" ".join(line))
        return "\n".join(out).strip() + "."


def _rewrap(body: str, rng: random.Random) -> str:
    """The same body with other line breaks, spacing and no final period."""
    lines = body.split("\n")
    out = []
    for ln in lines:
        if ln and not ln.startswith("```") and rng.random() < 0.3:
            ln = "  ".join(ln.split(" "))
        out.append(ln + (" " if rng.random() < 0.2 else ""))
    return "\n".join(out).rstrip(".")


def _edit(body: str, writer: _Writer, rng: random.Random) -> str:
    """``body`` with a few words replaced, inserted or deleted, together or scattered."""
    words = body.split(" ")
    n_edits = max(1, int(len(words) * rng.uniform(0.002, 0.06)))
    scattered = rng.random() < 0.5
    start = rng.randrange(len(words))
    for k in range(n_edits):
        i = rng.randrange(len(words)) if scattered else min(len(words) - 1, start + k)
        op = rng.random()
        if op < 0.6:
            words[i] = writer.words(1)[0]
        elif op < 0.8:
            words.insert(i, writer.words(1)[0])
        elif len(words) > 20:
            del words[i]
    return " ".join(words)


def generate(n: int, seed: int, exact: float, near: float,
             vocabulary: int) -> tuple[list[str], list[tuple[int, int]], list[tuple[int, int]]]:
    """``(bodies, exact pairs, near pairs)``: ``n`` bodies in all, copies included."""
    rng = random.Random(seed)
    writer = _Writer(rng, vocabulary)
    n_exact, n_near = int(n * exact), int(n * near)
    originals = n - n_exact - n_near
    bodies = [writer.body() for _ in range(originals)]
    exact_pairs, near_pairs = [], []
    for _ in range(n_exact):
        src = rng.randrange(originals)
        exact_pairs.append((src, len(bodies)))
        bodies.append(_rewrap(bodies[src], rng))
    for _ in range(n_near):
        src = rng.randrange(originals)
        near_pairs.append((src, len(bodies)))
        bodies.append(_edit(bodies[src], writer, rng))
    return bodies, exact_pairs, near_pairs


def _notes(bodies: list[str]) -> list[Any]:
    """One :class:`notelint.duplicates.analysis.Note` per body, with one entry each."""
    from notelint.diagnostics import Position, Span
    from notelint.duplicates.analysis import Note
    from notelint.duplicates.boilerplate import body_kind
    from notelint.duplicates.collect import EntryRecord, NoteEntries
    from notelint.duplicates.normalise import normalise
    from notelint.duplicates.recency import LogShape

    heading = Span(Position(1, 1), Position(1, 6), 0, 5)
    shape = LogShape(0, None, "", {})
    notes = []
    for i, body in enumerate(bodies):
        fences = []
        start = body.find("```")
        while start != -1:
            end = body.find("```", start + 3)
            end = len(body) if end == -1 else end + 3
            fences.append((start, end))
            start = body.find("```", end)
        kind, label = body_kind(body, fences)
        record = EntryRecord(heading, 2, f"entry {i}", None, 0, len(body) + 6,
                             normalise(body, fences), kind, label)
        notes.append(Note(f"n{i}.md", True, None, NoteEntries((record,), shape)))
    return notes


def measure(path: Path, threshold: float, min_words: int, collect_garbage: bool) -> dict[str, object]:
    """Run in a fresh process: normalise and search; times in seconds, memory in MiB."""
    from notelint.duplicates.analysis import analyse
    from notelint.duplicates.verify import compare

    data = pickle.loads(path.read_bytes())
    bodies: list[str] = data["bodies"]
    if not collect_garbage:
        gc.disable()  # as notelint.api does while linting (see --gc)
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    notes = _notes(bodies)
    t1 = time.perf_counter()
    found = analyse(notes, threshold=threshold, min_words=min_words)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the checks below
    entries = [n.entries.entries[0].normalised for n in notes]  # entry number == body number
    found_exact: set[tuple[int, int]] = set()
    for members in found.classes:
        found_exact.update(itertools.combinations(sorted(members), 2))
    found_near: set[tuple[int, int]] = set()
    for number, near in found.near.items():
        for n in near:
            found_near.update((min(i, j), max(i, j)) for i in found.classes[number]
                              for j in found.classes[n.other])
    # The planted near copies that DU002's definition accepts (whole body and prose
    # similar enough): what the candidate search must not miss.
    expected_near: list[tuple[int, int]] = []
    for a, b in data["near"]:
        verdict = compare(entries[a], entries[b], threshold)
        if entries[a].tokens != entries[b].tokens and verdict is not None and verdict.near(threshold):
            expected_near.append((a, b))
    # Planted copies of one original form a family: any pair in it is expected.
    family: dict[int, int] = {}
    for a, b in itertools.chain(data["exact"], data["near"]):
        family[b] = family.get(a, a)
    unplanted = sum(1 for i, j in found_exact | found_near if family.get(i, i) != family.get(j, j))
    return {
        "entries": len(bodies),
        "tokens": sum(e.text.count(" ") + 1 for e in entries if e.text),
        "normalise_s": t1 - t0,
        "search_s": t2 - t1,
        "total_s": t2 - t0,
        "candidates_verified": found.candidates,
        "rss_after_load_mib": rss_loaded,
        "peak_rss_mib": peak,
        "exact_planted": len(data["exact"]),
        "exact_found": sum(1 for p in data["exact"] if p in found_exact),
        "near_planted": len(data["near"]),
        "near_accepted": len(expected_near),
        "near_found": sum(1 for p in expected_near if p in found_near),
        "unplanted_pairs_found": unplanted,
    }


_WORKER = Path(__file__).with_name("bench_worker.py")


def _run_worker(args: list[str], src: Path | None) -> dict[str, Any]:
    """One timed run of ``bench_worker.py`` (or of this script's stage worker) in a fresh process."""
    env = dict(os.environ)
    if src is not None:  # measure the notelint found there instead of the installed one
        env["PYTHONPATH"] = str(src) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def measure_stages(root: Path) -> dict[str, Any]:
    """Run in a fresh process: notelint's own parse, then the DU collect step and the
    cross-note analysis and wording, each timed on its own (seconds and CPU seconds)."""
    from notelint.api import lint_paths  # noqa: F401  (imports every rule, as a run does)
    from notelint.document import Document
    from notelint.duplicates.analysis import Note, analyse
    from notelint.duplicates.collect import collect
    from notelint.rules.duplicates import (
        duplicate_entry,
        near_duplicate_entry,
        unfilled_template_entry,
    )

    files = sorted(p for p in root.rglob("*.md") if p.is_file())
    docs = [Document.from_text(p.read_text(encoding="utf-8"), str(p)) for p in files]
    gc.disable()
    t0, c0 = time.perf_counter(), time.process_time()
    summaries = [collect(d, 2) for d in docs]
    t1, c1 = time.perf_counter(), time.process_time()
    pickled = sum(len(pickle.dumps(s, protocol=pickle.HIGHEST_PROTOCOL)) for s in summaries)
    t2, c2 = time.perf_counter(), time.process_time()
    notes = [Note(d.path, True, None, s) for d, s in zip(docs, summaries, strict=True)]
    found = analyse(notes, threshold=0.8, min_words=12)
    t3, c3 = time.perf_counter(), time.process_time()
    counts = {m.__name__.rsplit(".", 1)[-1]: sum(1 for _ in m.findings(found))
              for m in (duplicate_entry, near_duplicate_entry, unfilled_template_entry)}
    t4, c4 = time.perf_counter(), time.process_time()
    return {"files": len(files), "entries": len(found.records),
            "collect_s": t1 - t0, "collect_cpu_s": c1 - c0,
            "analyse_s": t3 - t2, "analyse_cpu_s": c3 - c2,
            "report_s": t4 - t3, "report_cpu_s": c4 - c3,
            "summary_bytes": pickled, "candidates_verified": found.candidates,
            "findings": counts}


def measure_default_run(root: Path, without_du: bool) -> dict[str, Any]:
    """Run in a fresh process pinned to one CPU: ``notelint check`` with the default rules
    (offline, no cache, one process), with or without the DU rules; imports excluded."""
    sys.path.insert(0, str(_WORKER.parent))
    from bench_worker import _pin_to_one_cpu  # type: ignore[import-not-found]

    from notelint.api import lint_paths
    from notelint.rule import RunOptions

    _pin_to_one_cpu(None)
    start, cpu_start = time.perf_counter(), time.process_time()
    result = lint_paths([str(root)], ignore=["DU"] if without_du else [], run=RunOptions(offline=True))
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu_start,
            "diagnostics": len(result.diagnostics)}


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def corpus(roots: list[Path], repeat: int, src: Path | None, stages: bool,
           default_run: bool) -> dict[str, Any]:
    """Time markdown-it-py's parse, notelint without rules and notelint with the DU rules on
    each folder (and, with ``default_run``, the default rules with and without DU),
    interleaved ``repeat`` times, each run in a fresh process pinned to one CPU."""
    report: dict[str, Any] = {}
    for root in roots:
        runs: dict[str, list[dict[str, Any]]] = {"parse": [], "none": [], "du": []}
        if default_run:
            runs.update(default=[], default_without_du=[])
        for k in range(repeat):
            print(f"{root}: round {k + 1}/{repeat}", file=sys.stderr)
            runs["parse"].append(_run_worker([str(_WORKER), "--mode", "parse", "--root", str(root)], src))
            runs["none"].append(_run_worker([str(_WORKER), "--mode", "notelint", "--root", str(root),
                                             "--select", ""], src))
            runs["du"].append(_run_worker([str(_WORKER), "--mode", "notelint", "--root", str(root),
                                           "--select", "DU"], src))
            if default_run:
                runs["default"].append(_run_worker([__file__, "--default-worker", str(root)], src))
                runs["default_without_du"].append(
                    _run_worker([__file__, "--default-worker", str(root), "--without-du"], src))
        med = {mode: {key: _median([r[key] for r in rs]) for key in ("seconds", "cpu_seconds")}
               for mode, rs in runs.items()}
        du_cost = {key: med["du"][key] - med["none"][key] for key in ("seconds", "cpu_seconds")}
        entry: dict[str, Any] = {
            "files": runs["parse"][0]["files"], "bytes": runs["parse"][0]["bytes"],
            "medians": med, "du_cost": du_cost,
            "du_cost_over_parse": {key: du_cost[key] / med["parse"][key] for key in du_cost},
            "findings": runs["du"][0]["codes"], "peak_rss_du_mib": _median(
                [r["peak_rss_bytes"] / 2**20 for r in runs["du"]]),
        }
        if default_run:
            marginal = {key: med["default"][key] - med["default_without_du"][key]
                        for key in ("seconds", "cpu_seconds")}
            entry["du_in_default_run"] = marginal
            entry["du_in_default_run_over_parse"] = {key: marginal[key] / med["parse"][key]
                                                     for key in marginal}
        if stages:
            st = [_run_worker([__file__, "--stages-worker", str(root)], src) for _ in range(repeat)]
            entry["stages"] = {key: _median([r[key] for r in st]) for key in st[0]
                               if isinstance(st[0][key], float)}
            entry["stages"].update({key: st[0][key] for key in st[0] if not isinstance(st[0][key], float)})
            du = entry["stages"]["collect_cpu_s"] + entry["stages"]["analyse_cpu_s"] + entry["stages"]["report_cpu_s"]
            entry["stages"]["du_cpu_over_parse"] = du / med["parse"]["cpu_seconds"]
        report[str(root)] = entry
    return report


def _print_corpus(report: dict[str, Any]) -> None:
    print(f"{'folder':28} {'files':>6} {'parse':>7} {'no rules':>9} {'DU':>8} {'DU cost':>8} "
          f"{'cost/parse':>10} {'findings'}")
    for root, e in report.items():
        m = e["medians"]
        print(f"{root:28} {e['files']:>6} {m['parse']['cpu_seconds']:>7.2f} {m['none']['cpu_seconds']:>9.2f} "
              f"{m['du']['cpu_seconds']:>8.2f} {e['du_cost']['cpu_seconds']:>8.2f} "
              f"{e['du_cost_over_parse']['cpu_seconds']:>10.2f} {e['findings']}")
        if "du_in_default_run" in e:
            print(f"{'':28} default rules {m['default']['cpu_seconds']:.2f}, without DU "
                  f"{m['default_without_du']['cpu_seconds']:.2f}: DU adds "
                  f"{e['du_in_default_run']['cpu_seconds']:.2f} "
                  f"({e['du_in_default_run_over_parse']['cpu_seconds']:.2f}x parse)")
        if "stages" in e:
            st = e["stages"]
            print(f"{'':28} stages (CPU s): collect {st['collect_cpu_s']:.2f}, analyse {st['analyse_cpu_s']:.2f}, "
                  f"findings {st['report_cpu_s']:.2f}; {st['du_cpu_over_parse']:.2f}x parse; "
                  f"{st['entries']:,} entries, {st['candidates_verified']:,} pairs verified, "
                  f"summaries {st['summary_bytes'] / 2**20:.1f} MiB")
    print("(medians of CPU seconds, each run in a fresh process pinned to one CPU; "
          "DU cost = notelint --select DU minus notelint with no rules)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--exact", type=float, default=0.01, help="share of entries copied as is")
    parser.add_argument("--near", type=float, default=0.01, help="share of entries copied with edits")
    parser.add_argument("--vocabulary", type=int, default=200_000, help="word types")
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--min-words", type=int, default=12)
    parser.add_argument("--gc", action="store_true",
                        help="keep Python's cyclic garbage collector on while measuring")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--corpus", type=Path, action="append", default=[],
                        help="time DU on this folder of notes against markdown-it-py's parse "
                             "(repeatable, e.g. collections made by ../shared/bench/make_corpus.py)")
    parser.add_argument("--repeat", type=int, default=3, help="--corpus: runs per measurement")
    parser.add_argument("--notelint-src", type=Path,
                        help="--corpus: measure the notelint package in this source folder "
                             "(e.g. an older checkout), not the installed one")
    parser.add_argument("--no-stages", action="store_true",
                        help="--corpus: skip the per-stage timing (older notelint versions lack it)")
    parser.add_argument("--default-run", action="store_true",
                        help="--corpus: also time the default rules with and without DU "
                             "(what DU adds to a plain `notelint check`)")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stages-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--default-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--without-du", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        print(json.dumps(measure(args.worker, args.threshold, args.min_words, args.gc)))
        return 0
    if args.stages_worker is not None:
        print(json.dumps(measure_stages(args.stages_worker)))
        return 0
    if args.default_worker is not None:
        print(json.dumps(measure_default_run(args.default_worker, args.without_du)))
        return 0
    if args.corpus:
        try:
            report = corpus(args.corpus, args.repeat, args.notelint_src, not args.no_stages,
                            args.default_run)
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 1
        _print_corpus(report)
        if args.json:
            args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        return 0
    if args.entries < 100 or not 0 <= args.exact + args.near < 0.5:
        parser.error("--entries must be at least 100 and --exact + --near below 0.5")
    t0 = time.perf_counter()
    bodies, exact, near = generate(args.entries, args.seed, args.exact, args.near, args.vocabulary)
    print(f"generated {len(bodies):,} entries in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "entries.pickle"
        path.write_bytes(pickle.dumps({"bodies": bodies, "exact": exact, "near": near}))
        del bodies
        command = [sys.executable, __file__, "--worker", str(path), "--threshold",
                   str(args.threshold), "--min-words", str(args.min_words)]
        proc = subprocess.run(command + (["--gc"] if args.gc else []), capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return 1
    result = json.loads(proc.stdout)
    result.update(python=platform.python_version(), machine=platform.machine(), seed=args.seed,
                  garbage_collector="on" if args.gc else "paused")
    for key, value in result.items():
        shown = f"{value:,.2f}" if isinstance(value, float) else (f"{value:,}" if isinstance(value, int) else value)
        print(f"{key:26} {shown}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
