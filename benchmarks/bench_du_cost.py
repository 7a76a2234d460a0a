"""What duplicate detection costs on top of a check, against the parse time, side by side.

Usage::

    python benchmarks/bench_du_cost.py                                  # 1,000 notes, 3 rounds
    python benchmarks/bench_du_cost.py --notes 100 1000 10000 --rounds 5 \\
        --baseline ../other-checkout/.venv/bin/python --collections /tmp/bench

The collections are made by ``../shared/bench/make_corpus.py`` from the real
notes in ``../shared/corpus`` (copy-heavy by construction, the hard case for
duplicate detection); ``--collections DIR`` reuses ``DIR/cN`` when it exists
(and makes it there otherwise).  For each collection these commands run
interleaved, ``--rounds`` times, each a whole process as a user runs it:

* ``parse``: markdown-it-py alone (notelint's plugins) over every note, one process;
* ``du-only``: ``notelint check --no-cache --select DU`` (the DU rules alone,
  every core);
* ``nl-only``: ``notelint check --no-cache --select NL001`` (a rule with
  nothing to do: reading, parsing, the engine);
* with ``--baseline PYTHON`` (the interpreter of another notelint install,
  e.g. an older checkout's virtual environment): ``base-du-only`` and
  ``base-nl-only``, the same two commands by that install.

The *DU cost* is ``du-only - nl-only``: what the DU rules add to a run (the
per-note collect step in the workers, the summaries sent to the parent, the
analysis and the findings).  It is given in wall time and in CPU time (user +
system, worker processes included; it moves less on a shared machine), as
medians of the round-by-round differences, and as a ratio to the parse
time of the same round (wall) or to the parse's CPU time (CPU).  With a
baseline, ``du-cost/base`` is the median of the round-by-round ratios of the
two DU costs.  The last table gives the DU cost per 1,000 notes for each
collection size, to judge whether it grows linearly.

The script asserts nothing: it prints figures.  Exit status 0 when every
command ran, 1 when one failed (exit status above 1), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The collections and the parse-only reference are bench_loop's, so that both scripts time
# the same thing.
from bench_loop import MAKE_CORPUS, PARSE, ROOT, SEEDS


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``cmd`` in ``cwd``; return ``(wall seconds, CPU seconds with its children)``.

    Raises:
        RuntimeError: the command exited with a status above 1 (1 means findings).
    """
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: a chatty tool never blocks
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code > 1:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"{' '.join(cmd)} exited {code}: {tail}")
    return wall, usage.ru_utime + usage.ru_stime


def collection(n: int, where: Path) -> Path:
    """The ``n``-note collection under ``where`` (``where/cN``), made when missing."""
    out = where / f"c{n}"
    if not out.is_dir() or not any(out.rglob("*.md")):
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(n), str(out), "--seeds", str(SEEDS),
                        "--defects", "30"], check=True, capture_output=True)
    return out


def commands(folder: Path, baseline: Path | None) -> dict[str, list[str]]:
    """The commands to time, by scenario name."""
    def check(python: str, select: str) -> list[str]:
        return [python, "-m", "notelint", "check", "--offline", "-q", "--no-color", "--no-cache",
                "--select", select, str(folder)]

    out = {
        "parse": [sys.executable, "-c", PARSE % str(ROOT / "benchmarks"), str(folder)],
        "du-only": check(sys.executable, "DU"),
        "nl-only": check(sys.executable, "NL001"),
    }
    if baseline is not None:
        out["base-du-only"] = check(str(baseline), "DU")
        out["base-nl-only"] = check(str(baseline), "NL001")
    return out


def measure(folder: Path, rounds: int, baseline: Path | None, label: str,
            work: Path) -> dict[str, dict[str, float]]:
    """Time :func:`commands` on ``folder`` interleaved; the rows of the report."""
    cmds = commands(folder, baseline)
    wall: dict[str, list[float]] = {k: [] for k in cmds}
    cpu: dict[str, list[float]] = {k: [] for k in cmds}
    for r in range(rounds):
        for name, cmd in cmds.items():
            # In the work folder: ``python -m notelint`` imports its interpreter's install,
            # never a checkout in the current folder.
            w, c = timed(cmd, work)
            wall[name].append(w)
            cpu[name].append(c)
            print(f"[{label}, round {r + 1}] {name}: {w:.2f} s (CPU {c:.2f} s)", file=sys.stderr)
    rows: dict[str, dict[str, float]] = {}
    for name in cmds:
        rows[name] = {"wall_s": statistics.median(wall[name]), "cpu_s": statistics.median(cpu[name]),
                      "wall_x_parse": statistics.median(
                          [t / p for t, p in zip(wall[name], wall["parse"], strict=True)]),
                      "cpu_x_parse": statistics.median(
                          [t / p for t, p in zip(cpu[name], cpu["parse"], strict=True)])}
    costs: dict[str, tuple[list[float], list[float]]] = {}
    for prefix in ("", "base-"):
        du, nl = f"{prefix}du-only", f"{prefix}nl-only"
        if du not in cmds:
            continue
        w = [a - b for a, b in zip(wall[du], wall[nl], strict=True)]
        c = [a - b for a, b in zip(cpu[du], cpu[nl], strict=True)]
        costs[prefix] = (w, c)
        rows[f"{prefix}du-cost"] = {
            "wall_s": statistics.median(w), "cpu_s": statistics.median(c),
            "wall_x_parse": statistics.median([x / p for x, p in zip(w, wall["parse"], strict=True)]),
            "cpu_x_parse": statistics.median([x / p for x, p in zip(c, cpu["parse"], strict=True)])}
    if "base-" in costs:
        (w, c), (bw, bc) = costs[""], costs["base-"]
        rows["du-cost/base"] = {
            "wall_s": statistics.median([a / b for a, b in zip(w, bw, strict=True) if b > 0] or [0.0]),
            "cpu_s": statistics.median([a / b for a, b in zip(c, bc, strict=True) if b > 0] or [0.0]),
            "wall_x_parse": 0.0, "cpu_x_parse": 0.0}
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--notes", type=int, nargs="+", default=[1000])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--baseline", type=Path,
                    help="python of another notelint install, timed side by side")
    ap.add_argument("--collections", type=Path,
                    help="folder holding (or to hold) the collections cN; default: a temporary one")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    if args.rounds < 1 or any(n < 1 for n in args.notes):
        print("--rounds and --notes must be positive", file=sys.stderr)
        return 2
    if not MAKE_CORPUS.is_file():
        print(f"missing {MAKE_CORPUS}", file=sys.stderr)
        return 2
    if args.baseline is not None and not args.baseline.is_file():
        print(f"no such interpreter: {args.baseline}", file=sys.stderr)
        return 2
    temp = Path(tempfile.mkdtemp(prefix="notelint-du-cost-"))
    where = args.collections or temp
    report: dict[str, dict[str, dict[str, float]]] = {}
    try:
        for n in args.notes:
            folder = collection(n, where)
            rows = report[str(n)] = measure(folder, args.rounds, args.baseline, f"{n} notes", temp)
            print(f"\n{n} notes, medians of {args.rounds} rounds")
            print(f"{'scenario':<16}{'wall s':>9}{'× parse':>9}{'CPU s':>9}{'× parse CPU':>13}")
            for name, row in rows.items():
                print(f"{name:<16}{row['wall_s']:>9.3f}{row['wall_x_parse']:>9.2f}"
                      f"{row['cpu_s']:>9.3f}{row['cpu_x_parse']:>13.2f}")
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    if len(report) > 1:
        print("\nDU cost per 1,000 notes (linear: about the same on every line)")
        print(f"{'notes':>8}{'wall s':>9}{'CPU s':>9}" + (f"{'base wall':>11}{'base CPU':>10}"
                                                      if args.baseline else ""))
        for n, rows in report.items():
            k = 1000 / int(n)
            line = f"{n:>8}{rows['du-cost']['wall_s'] * k:>9.3f}{rows['du-cost']['cpu_s'] * k:>9.3f}"
            if "base-du-cost" in rows:
                line += (f"{rows['base-du-cost']['wall_s'] * k:>11.3f}"
                         f"{rows['base-du-cost']['cpu_s'] * k:>10.3f}")
            print(line)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
