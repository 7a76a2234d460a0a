"""Benchmark the offline spelling checks (SP001 + SP002) in prose words per second.

Usage::

    python benchmarks/bench_spelling.py                 # 200 generated notes, seed 1
    python benchmarks/bench_spelling.py --notes 500 --repeat 5
    python benchmarks/bench_spelling.py --dir ../shared/corpus/content

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
import statistics
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


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=200, help="notes to generate (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, help="use the notes in this folder instead")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (default 3)")
    args = parser.parse_args(argv)

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
