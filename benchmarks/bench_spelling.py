"""Benchmark the offline spelling checks (SP001 + SP002) in prose words per second.

Usage::

    python benchmarks/bench_spelling.py                 # 200 generated notes, seed 1
    python benchmarks/bench_spelling.py --notes 500 --repeat 5
    python benchmarks/bench_spelling.py --dir ../shared/corpus/content
    python benchmarks/bench_spelling.py --dir /tmp/bench/c1000 --summaries
    python benchmarks/bench_spelling.py --kiwi --repeat 3

``--summaries`` also reports the size of the spelling summaries a run holds
(one per note, :class:`notelint.spelling.corpus.NoteWords`, with Hangul
words): pickled bytes, and the memory of the unpickled summaries (as the
parent process of a run holds them, measured with ``tracemalloc``).

``--kiwi`` times loading Kiwi's model (SP003's Korean analyser) in fresh
processes, with the options notelint uses
(:data:`notelint.spelling.kiwi.KIWI_OPTIONS`) and with kiwipiepy's defaults,
interleaved: seconds to load and read one word, and the process's peak
resident memory before and after (the model's own cost is the difference).

Notes are generated with ``notegen.py`` (or read from ``--dir``) and parsed
once, untimed.  Each measurement then starts from freshly parsed documents
(nothing cached) and times what the spelling rules add to a run: prose
extraction from the token tree, tokenization, word counts over all notes,
and the offline decision for every word part (the SP001/SP002 analysis
without reporting).  Loading the word lists happens once per process and is
reported separately.

*Words* are the whitespace-separated words of the prose (Korean and English),
as :attr:`notelint.spelling.prose.Prose.word_estimate` counts them.  Target:
at least :data:`TARGET_WORDS_PER_S`.  The script prints a report and exits 0
whatever the figures (1 when the notes cannot be read).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from notelint.document import Document
from notelint.rule import RunOptions
from notelint.spelling.analysis import KEY, english_findings
from notelint.spelling.corpus import builtin_known, note_words
from notelint.spelling.prose import prose_of
from notelint.spelling.vocabulary import builtin
from notelint.workspace import NoteSummary, WorkspaceContext

#: Offline spelling must check at least this many prose words per second.
TARGET_WORDS_PER_S = 200_000

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notegen import generate_corpus  # noqa: E402  (a sibling script, not a package)


def _texts(folder: Path) -> list[tuple[str, str]]:
    return [(str(p), p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.md"))]


def _measure(texts: list[tuple[str, str]]) -> tuple[float, int, int]:
    """One timed pass: ``(seconds, prose words, findings)`` on freshly parsed notes.

    Timed: each note's spelling summary (prose, words, counts, as the collector
    makes it), then the workspace analysis over all summaries.
    """
    docs = [Document.from_text(text, path) for path, text in texts]
    for d in docs:
        _ = d.tokens  # parse now, untimed
    gc.collect()
    started = time.perf_counter()
    notes = [NoteSummary(d.path, None, True, {KEY: note_words(d, korean=False, repeats=False)},
                         d.line_starts, frozenset({"SP001", "SP002"}), {}, len(d.text))
             for d in docs]
    found = english_findings(WorkspaceContext(notes, None, RunOptions(offline=True)))
    elapsed = time.perf_counter() - started
    words = sum(prose_of(d).word_estimate for d in docs)
    return elapsed, words, sum(len(f) for f in found.findings.values())


def _summaries(texts: list[tuple[str, str]]) -> None:
    """Print the size of the notes' spelling summaries (see the module docstring)."""
    import tracemalloc

    docs = [Document.from_text(text, path) for path, text in texts]
    blobs = [pickle.dumps(note_words(d, repeats=False)) for d in docs]
    del docs
    gc.collect()
    tracemalloc.start()
    held = [pickle.loads(b) for b in blobs]
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    n = len(held)
    print(f"summaries: {sum(map(len, blobs)) / n / 1024:.1f} KB pickled, "
          f"{size / n / 1024:.1f} KB in memory per note ({size / 2**20:.1f} MB for {n} notes)")


_KIWI = r"""
import json, resource, sys, time
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
from kiwipiepy import Kiwi
from notelint.spelling.kiwi import KIWI_OPTIONS
options = KIWI_OPTIONS if sys.argv[1] == "notelint" else {}
before = peak()
started = time.perf_counter()
Kiwi(**options).tokenize("학습")
print(json.dumps({"seconds": time.perf_counter() - started, "before": before, "after": peak()}))
"""


def _kiwi(repeat: int) -> None:
    """Print Kiwi's load time and memory with notelint's options and with the defaults."""
    got: dict[str, list[dict[str, float]]] = {"notelint": [], "defaults": []}
    for _ in range(max(1, repeat)):
        for name in got:
            out = subprocess.run([sys.executable, "-c", _KIWI, name], check=True,
                                 capture_output=True, text=True, env=dict(os.environ)).stdout
            got[name].append(json.loads(out))
    for name, runs in got.items():
        secs = statistics.median(r["seconds"] for r in runs)
        model = statistics.median((r["after"] - r["before"]) / 2**20 for r in runs)
        peak = statistics.median(r["after"] / 2**20 for r in runs)
        label = "notelint's options:" if name == "notelint" else "kiwipiepy's defaults:"
        print(f"Kiwi with {label:<22} load {secs:.2f} s, model {model:.0f} MB, "
              f"process peak {peak:.0f} MB (median of {len(runs)})")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=200, help="notes to generate (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, help="use the notes in this folder instead")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (default 3)")
    parser.add_argument("--summaries", action="store_true",
                        help="also report the size of the spelling summaries")
    parser.add_argument("--kiwi", action="store_true",
                        help="only time loading Kiwi's model (SP003), with and without "
                             "notelint's options")
    args = parser.parse_args(argv)
    if args.kiwi:
        _kiwi(args.repeat)
        return 0

    started = time.perf_counter()
    builtin()
    builtin_known()
    load_s = time.perf_counter() - started

    with tempfile.TemporaryDirectory(prefix="notelint-bench-spelling-") as tmp:
        if args.dir is not None:
            folder = args.dir
        else:
            folder = Path(tmp)
            generate_corpus(folder, args.notes, args.seed)
        try:
            texts = _texts(folder)
        except (OSError, UnicodeDecodeError) as exc:
            print(f"cannot read the notes: {exc}", file=sys.stderr)
            return 1
    if not texts:
        print("no notes found", file=sys.stderr)
        return 1

    runs = [_measure(texts) for _ in range(max(1, args.repeat))]
    times = [r[0] for r in runs]
    words, found = runs[0][1], runs[0][2]
    best = min(times)
    rate = words / best if best > 0 else float("inf")
    size = sum(len(t) for _, t in texts)
    print(f"notes: {len(texts)} ({size / 1e6:.1f} M characters), prose words: {words:,}")
    print(f"word lists loaded once in {load_s:.2f} s")
    print(f"offline spelling (SP001+SP002 analysis): best {best:.3f} s, "
          f"median {statistics.median(times):.3f} s over {len(times)} runs")
    print(f"speed: {rate:,.0f} prose words/s (target {TARGET_WORDS_PER_S:,}): "
          f"{'met' if rate >= TARGET_WORDS_PER_S else 'NOT met'}")
    print(f"findings: {found}")
    if args.summaries:
        _summaries(texts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
