"""Benchmark of the duplicate-entry search (DU001/DU002) on a large synthetic collection.

Generates ``--entries`` entry bodies (default 100,000) of Korean-like and
English-like prose with inline code, footnote references and code fences,
with words drawn from a Zipf distribution over a large vocabulary (as word
frequencies in real notes are), then plants copies:

* ``--exact`` share of the entries get an identical copy, re-wrapped and with
  other whitespace and end punctuation (identical after normalisation);
* ``--near`` share get a copy with edits: a few words replaced, inserted or
  deleted, either in one place or scattered (similarity 0.80 to 0.995).

A fresh process then normalises every body and runs
:func:`notelint.duplicates.analysis.find` over them, which is what DU001/DU002
do after the notes are parsed.  The report gives the time of each step, the
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
import pickle
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def measure(path: Path, threshold: float, min_words: int, collect_garbage: bool) -> dict[str, object]:
    """Run in a fresh process: normalise and search; times in seconds, memory in MiB."""
    from notelint.duplicates.analysis import find
    from notelint.duplicates.normalise import normalise
    from notelint.duplicates.verify import compare

    data = pickle.loads(path.read_bytes())
    bodies: list[str] = data["bodies"]
    if not collect_garbage:
        gc.disable()  # as notelint.api does while linting (see --gc)
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    entries = []
    for body in bodies:
        fences = []
        start = body.find("```")
        while start != -1:
            end = body.find("```", start + 3)
            end = len(body) if end == -1 else end + 3
            fences.append((start, end))
            start = body.find("```", end)
        entries.append(normalise(body, fences))
    t1 = time.perf_counter()
    findings = find(entries, threshold=threshold, min_words=min_words, allowed=lambda i, j: True)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the checks below
    found_exact: set[tuple[int, int]] = set()
    for members in findings.exact:
        found_exact.update(itertools.combinations(sorted(members), 2))
    found_near: set[tuple[int, int]] = set()
    for pair in findings.near:
        found_near.update((min(i, j), max(i, j)) for i in pair.first for j in pair.second)
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
        "candidates_verified": findings.candidates,
        "rss_after_load_mib": rss_loaded,
        "peak_rss_mib": peak,
        "exact_planted": len(data["exact"]),
        "exact_found": sum(1 for p in data["exact"] if p in found_exact),
        "near_planted": len(data["near"]),
        "near_accepted": len(expected_near),
        "near_found": sum(1 for p in expected_near if p in found_near),
        "unplanted_pairs_found": unplanted,
    }


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
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        print(json.dumps(measure(args.worker, args.threshold, args.min_words, args.gc)))
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
