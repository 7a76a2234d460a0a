"""Time and peak memory of `notelint check` on hostile notes, at growing sizes.

For each bad input (a word of N letters, a line of N characters without a space, N unclosed
`\\\\(`, N directive comments, a realistic note of N MB made of the shared corpus), the note
is built at sizes x, 2x and 4x, checked in a child process (`--offline`, no cache), and the
wall time and peak resident memory (``wait4``) are measured, median of ``--repeat`` runs.
Targets: for each bad input, peak memory <= 4 x note size + 200 MB and time linear in size
(time ratio for 2x the size at most 2.5); a realistic 10 MB note in at most 60 s.

    python benchmarks/bench_hostile.py            # the sizes of the issue (minutes)
    python benchmarks/bench_hostile.py --quick    # small sizes
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


def directives(n: int) -> str:
    return "# T\n\n" + "<!-- notelint-disable FN001 -->\n" * n


def realistic(n: int) -> str:
    notes = sorted(CORPUS.rglob("*.md"))
    parts: list[str] = []
    size = 0
    i = 0
    while size < n:
        text = notes[i % len(notes)].read_text(encoding="utf-8")
        parts.append(text + "\n\n")
        size += len(parts[-1].encode("utf-8"))
        i += 1
    return "".join(parts).encode("utf-8")[:n].decode("utf-8", "ignore")


CASES: dict[str, tuple[Callable[[int], str], list[int], list[int]]] = {
    # name: (builder, full sizes, quick sizes)
    "10,000-letter word": (long_word, [10_000, 20_000, 40_000], [2_000, 4_000, 8_000]),
    "line without spaces": (no_space, [2_500_000, 5_000_000, 10_000_000],
                            [250_000, 500_000, 1_000_000]),
    "unclosed \\\\(": (openers, [50_000, 100_000, 200_000], [5_000, 10_000, 20_000]),
    "directive comments": (directives, [50_000, 100_000, 200_000], [5_000, 10_000, 20_000]),
    "realistic note": (realistic, [2_500_000, 5_000_000, 10_000_000],
                       [250_000, 500_000, 1_000_000]),
}


def measure(path: Path) -> tuple[float, int]:
    """Seconds and peak resident bytes of one `notelint check` of ``path``."""
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "notelint", "check", "--offline", "-q",
                             "--no-color", "--no-cache", str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.monotonic() - start, usage.ru_maxrss * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (median)")
    args = parser.parse_args()
    ok = True
    print(f"{'input':<22} {'size':>11} {'seconds':>8} {'peak MB':>8} {'bound MB':>9} "
          f"{'t ratio':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (build, full, quick) in CASES.items():
            previous: float | None = None
            for n in (quick if args.quick else full):
                note = Path(tmp) / "note.md"
                text = build(n)
                note.write_text(text, encoding="utf-8")
                size = note.stat().st_size
                runs = [measure(note) for _ in range(args.repeat)]
                seconds = statistics.median(r[0] for r in runs)
                peak = statistics.median(r[1] for r in runs)
                bound = 4 * size + 200 * MB
                ratio = seconds / previous if previous else float("nan")
                previous = seconds
                good = ratio != ratio or ratio <= 2.5
                if name == "realistic note":  # the target is time (memory is reported)
                    good = good and (size < 9 * MB or seconds <= 60)
                else:
                    good = good and peak <= bound
                ok &= good
                print(f"{name:<22} {size:>11,} {seconds:>8.2f} {peak / MB:>8.0f} "
                      f"{bound / MB:>9.0f} {ratio:>8.2f}{'' if good else '  FAIL'}")
    print("all within the targets" if ok else "some targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
