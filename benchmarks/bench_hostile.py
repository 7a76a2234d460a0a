"""Time and peak memory of `notelint check` on hostile notes, at growing sizes.

For each bad input of docs/security.md (a word of N letters, a line of N characters without a
space, N unclosed `\\\\(` and N unclosed `\\(`, N directive comments, front matter nested N
levels deep, in flow and in block style, a realistic note of N MB made of the shared corpus),
the note is built at sizes x, 2x and 4x, checked in a child process (`--offline`, no cache,
started in an empty folder so that the interpreter's own installation of notelint is the one
measured, with a private cache folder and one unmeasured warm-up run of the same note first),
and the wall time and peak resident memory (``wait4``) are measured, median of ``--repeat``
runs.

Targets: for each bad input, peak memory <= 4 x note size + 200 MB and time linear in size
(the `t/size` column: CPU time growth over size growth from the previous size, at most
1.25, i.e. 2.5 x the time for 2 x the size); a realistic 10 MB note in at most 60 s of CPU
time (one core: the check of one note runs in one process).  Wall time is shown too; on a
busy machine it is longer than the CPU time.

With ``--baseline PYTHON`` every run is made with that interpreter too (another checkout's
virtual environment, e.g. the main branch), interleaved with the measured one, and the table
shows its CPU time and peak and the ratios (measured / baseline).

The findings are written in the ``text`` format (to ``/dev/null``) unless ``--format`` names
others (repeatable: ``--format text --format json --format sarif --format github``); each
format is then a row of its own, and every output format must keep within the same bound:
a huge note has tens of thousands of findings.

    python benchmarks/bench_hostile.py                 # the sizes of the issue (minutes)
    python benchmarks/bench_hostile.py --quick         # small sizes
    python benchmarks/bench_hostile.py --baseline ../main/.venv/bin/python --only realistic
    python benchmarks/bench_hostile.py --only realistic --format json --format sarif --repeat 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

MB = 1024 * 1024
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def long_word(n: int) -> str:
    return "# T\n\n" + "a" * n + "\n" + "text here. " * 900 + "\n"


def no_space(n: int) -> str:
    return "# T\n\n" + "x" * n + "\n"


def openers(n: int) -> str:
    return "# T\n\n" + "\\\\( " * n + "\n"


def single_openers(n: int) -> str:
    return "# T\n\n" + "\\( " * n + "\n"


def directives(n: int) -> str:
    return "# T\n\n" + "<!-- notelint-disable FN001 -->\n" * n


def deep_flow(n: int) -> str:
    return "---\nx: " + "[" * n + "]" * n + "\n---\n# T\n"


def deep_block(n: int) -> str:
    return "---\n" + "".join("  " * i + f"k{i}:\n" for i in range(n)) + "---\n# T\n"


def realistic(n: int) -> str:
    """At most ``n`` bytes of real notes: the shared corpus, note after note, repeated, cut
    after a whole line (so that it holds no word the corpus does not have)."""
    notes = sorted(CORPUS.rglob("*.md"))
    parts: list[str] = []
    size = 0
    i = 0
    while size < n:
        text = notes[i % len(notes)].read_text(encoding="utf-8")
        parts.append(text + "\n\n")
        size += len(parts[-1].encode("utf-8"))
        i += 1
    cut = "".join(parts).encode("utf-8")[:n]
    return cut[:cut.rfind(b"\n") + 1].decode("utf-8")


CASES: dict[str, tuple[Callable[[int], str], list[int], list[int]]] = {
    # name: (builder, full sizes, quick sizes); the first full size is the issue's
    "10,000-letter word": (long_word, [10_000, 20_000, 40_000], [2_000, 4_000, 8_000]),
    "line without spaces": (no_space, [2_500_000, 5_000_000, 10_000_000],
                            [250_000, 500_000, 1_000_000]),
    "unclosed \\\\(": (openers, [50_000, 100_000, 200_000], [5_000, 10_000, 20_000]),
    "unclosed \\(": (single_openers, [50_000, 100_000, 200_000], [5_000, 10_000, 20_000]),
    "directive comments": (directives, [50_000, 100_000, 200_000], [5_000, 10_000, 20_000]),
    "deep flow front matter": (deep_flow, [1_000, 2_000, 4_000], [250, 500, 1_000]),
    "deep block front matter": (deep_block, [1_000, 2_000, 4_000], [250, 500, 1_000]),
    "realistic note": (realistic, [2_500_000, 5_000_000, 10_000_000],
                       [250_000, 500_000, 1_000_000]),
}


def measure(python: str, path: Path, cache: Path,
            fmt: str = "text") -> tuple[float, int, float]:
    """Seconds, peak resident bytes and CPU seconds (user + system) of one `notelint check`
    of ``path`` by ``python``, its findings written in format ``fmt``.

    ``cache`` is the run's private cache folder (compiled word list, Kiwi's readings).
    """
    start = time.monotonic()
    proc = subprocess.Popen([python, "-m", "notelint", "check", "--offline", "-q",
                             "--no-color", "--no-cache", "--format", fmt, str(path)],
                            cwd=cache.parent, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                            env={**os.environ, "NOTELINT_CACHE_DIR": str(cache)})
    _, _, usage = os.wait4(proc.pid, 0)
    return time.monotonic() - start, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (median)")
    parser.add_argument("--baseline", metavar="PYTHON",
                        help="also run every size with this interpreter, interleaved")
    parser.add_argument("--only", action="append", default=[], metavar="TEXT",
                        help="only the inputs whose name contains TEXT (repeatable)")
    parser.add_argument("--format", action="append", default=[], metavar="NAME",
                        dest="formats", help="output format of the checks (repeatable; "
                        "default: text)")
    args = parser.parse_args()
    formats = args.formats or ["text"]
    pythons = [sys.executable] + ([args.baseline] if args.baseline else [])
    ok = True
    head = (f"{'input':<24} {'format':<7} {'size':>11} {'seconds':>8} {'cpu s':>7} {'peak MB':>8} "
            f"{'bound MB':>9} {'t/size':>8}")
    if args.baseline:
        head += f" {'base cpu':>8} {'base MB':>8} {'cpu/base':>8} {'MB/base':>8}"
    print(head, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        caches = {p: Path(tmp) / f"run{i}" / "cache" for i, p in enumerate(pythons)}
        for cache in caches.values():
            cache.mkdir(parents=True)
        for name, (build, full, quick) in CASES.items():
            if args.only and not any(o in name for o in args.only):
                continue
            previous: dict[str, tuple[float, int]] = {}
            for n in (quick if args.quick else full):
                note = Path(tmp) / "note.md"
                note.write_text(build(n), encoding="utf-8")
                size = note.stat().st_size
                for python in pythons:
                    # Warm-up: the word list is compiled and Kiwi reads the note's Korean
                    # words once (its model takes a few hundred MB whatever the note's size,
                    # and loads only for words no run has read): what is measured next is
                    # the note's own cost.
                    measure(python, note, caches[python])
                for fmt in formats:
                    runs: dict[str, list[tuple[float, int, float]]] = {p: [] for p in pythons}
                    for _ in range(args.repeat):
                        for python in pythons:  # interleaved: the load hits both alike
                            runs[python].append(measure(python, note, caches[python], fmt))
                    seconds = statistics.median(r[0] for r in runs[sys.executable])
                    peak = statistics.median(r[1] for r in runs[sys.executable])
                    cpu = statistics.median(r[2] for r in runs[sys.executable])
                    bound = 4 * size + 200 * MB
                    # growth of CPU time over growth of size (1 for linear time)
                    before = previous.get(fmt)
                    ratio = ((cpu / before[0]) / (size / before[1]) if before
                             else float("nan"))
                    previous[fmt] = (cpu, size)
                    good = (ratio != ratio or ratio <= 1.25) and peak <= bound
                    if name == "realistic note" and size >= 9 * MB:
                        good = good and cpu <= 60
                    ok &= good
                    line = (f"{name:<24} {fmt:<7} {size:>11,} {seconds:>8.2f} {cpu:>7.2f} "
                            f"{peak / MB:>8.0f} {bound / MB:>9.0f} {ratio:>8.2f}")
                    if args.baseline:
                        b_s = statistics.median(r[2] for r in runs[args.baseline])
                        b_m = statistics.median(r[1] for r in runs[args.baseline])
                        line += (f" {b_s:>8.2f} {b_m / MB:>8.0f} {cpu / b_s:>8.2f} "
                                 f"{peak / b_m:>8.2f}")
                    print(line + ("" if good else "  FAIL"), flush=True)
    print("all within the targets" if ok else "some targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
