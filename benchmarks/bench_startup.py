"""Benchmark start-up: the wall time of ``notelint check note.md`` on one note.

Usage::

    python benchmarks/bench_startup.py                       # this tree only
    python benchmarks/bench_startup.py --baseline-ref main   # and a git revision, side by side
    python benchmarks/bench_startup.py --note my-note.md --repeat 20

Every measurement is a fresh ``python -m notelint check NOTE`` process (as a
user or an editor runs it), timed from the parent with ``perf_counter``, so
interpreter start-up, imports, reading the vocabulary and the rules all
count.  Modes, run interleaved ``--repeat`` times:

* ``python``: ``python -c pass``, the interpreter alone (the floor);
* ``import``: ``python -c "import notelint.cli"``;
* ``check``: ``notelint check NOTE`` with the default rules, the compiled
  vocabulary already in the cache folder (every run after the first);
* ``check --select FN``: a run that selects no spelling rule;
* ``check, cold vocabulary``: the default rules with an empty cache folder,
  so the vocabulary is compiled first (once per installation);
* ``vocabulary``: in one process, the time to load the compiled vocabulary
  (``notelint.spelling.vocabulary.load``), warm, in milliseconds.

With ``--baseline-ref REF`` the same modes run on the tree of git revision
``REF`` (extracted with ``git archive`` into a temporary folder and put first
on ``PYTHONPATH``; the installed dependencies are shared), and the report
gives the ratio of medians.  The note defaults to a mixed Korean/English
technical note written by this script.  Each mode's cache folder is a
temporary folder (``NOTELINT_CACHE_DIR``); nothing is written elsewhere.

Target: a one-note check in at most :data:`TARGET_CHECK_S` seconds.  The
script prints a report and exits 0 whatever the figures (1 when a run fails).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: A one-note check should finish within this many seconds.
TARGET_CHECK_S = 0.200

ROOT = Path(__file__).resolve().parents[1]

NOTE = """\
---
title: "Attention and normalisation"
---

# 2024.03.08 Transformer 정리

Self-attention은 query와 key의 내적으로 가중치를 구합니다[^1]. The softmax
normalises each row, and $\\mathrm{softmax}(QK^T/\\sqrt{d_k})V$ gives the output.

- `nn.MultiheadAttention`으로 구현할 수 있습니다.
- Layer normalization is applied before the residual connection.

[^1]: Vaswani et al., *Attention Is All You Need*, 2017.
"""

_VOCAB_SNIPPET = """\
import sys, time
from notelint.spelling import vocabulary
started = time.perf_counter()
vocabulary.load()
print(time.perf_counter() - started)
"""


def _run(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()}")
    return elapsed, proc.stdout


def _extract(ref: str, into: Path) -> Path:
    """The tree of git revision ``ref`` of this repository, extracted under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _measure(tree: Path, note: Path, repeat: int, work: Path, label: str) -> dict[str, list[float]]:
    base_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    base_env["PYTHONPATH"] = str(tree)
    base_env["NO_COLOR"] = "1"
    py = sys.executable
    warm_cache = work / f"{label}-warm"
    warm_cache.mkdir()
    env_warm = {**base_env, "NOTELINT_CACHE_DIR": str(warm_cache)}
    check = [py, "-m", "notelint", "check", "--no-show-source", "--offline", str(note)]
    _run(check, env_warm, work)  # the first run compiles the vocabulary
    out: dict[str, list[float]] = {k: [] for k in
                                   ("python", "import", "check", "check --select FN",
                                    "check, cold vocabulary", "vocabulary (in process)")}
    for i in range(repeat):
        out["python"].append(_run([py, "-c", "pass"], env_warm, work)[0])
        out["import"].append(_run([py, "-c", "import notelint.cli"], env_warm, work)[0])
        out["check"].append(_run(check, env_warm, work)[0])
        out["check --select FN"].append(_run([*check, "--select", "FN"], env_warm, work)[0])
        cold = work / f"{label}-cold-{i}"
        cold.mkdir()
        out["check, cold vocabulary"].append(
            _run(check, {**base_env, "NOTELINT_CACHE_DIR": str(cold)}, work)[0])
        shutil.rmtree(cold, ignore_errors=True)
        try:
            _, printed = _run([py, "-c", _VOCAB_SNIPPET], env_warm, work)
            out["vocabulary (in process)"].append(float(printed.strip()))
        except (RuntimeError, ValueError):
            pass  # a tree without the compiled vocabulary
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--note", type=Path, help="the note to check (default: a sample note)")
    parser.add_argument("--repeat", type=int, default=10, help="runs per mode (default 10)")
    parser.add_argument("--baseline-ref", metavar="REF",
                        help="also measure the tree of this git revision, e.g. main")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="notelint-bench-startup-") as tmp:
        work = Path(tmp)
        note = args.note.resolve() if args.note else work / "note.md"
        if args.note is None:
            note.write_text(NOTE, encoding="utf-8")
        trees = {"this tree": ROOT}
        if args.baseline_ref:
            base = work / "baseline"
            base.mkdir()
            trees = {f"baseline {args.baseline_ref}": _extract(args.baseline_ref, base), **trees}
        results: dict[str, dict[str, list[float]]] = {}
        try:
            for n, (label, tree) in enumerate(trees.items()):
                results[label] = _measure(tree, note, max(1, args.repeat), work, f"t{n}")
        except (RuntimeError, subprocess.CalledProcessError) as exc:
            print(f"a run failed: {exc}", file=sys.stderr)
            return 1

    labels = list(results)
    modes = list(results[labels[0]])
    print(f"one-note check, median (best) of {args.repeat} fresh processes, seconds")
    header = f"{'mode':<26}" + "".join(f"{label:>26}" for label in labels)
    if len(labels) == 2:
        header += f"{'ratio':>8}"
    print(header)
    for mode in modes:
        row = f"{mode:<26}"
        meds = []
        for label in labels:
            times = results[label][mode]
            if not times:
                row += f"{'-':>26}"
                meds.append(None)
                continue
            med = statistics.median(times)
            meds.append(med)
            row += f"{f'{med:.4f} ({min(times):.4f})':>26}"
        if len(labels) == 2 and meds[0] and meds[1]:
            row += f"{meds[1] / meds[0]:>8.2f}"
        print(row)
    mine = statistics.median(results[labels[-1]]["check"])
    print(f"target: one-note check <= {TARGET_CHECK_S:.3f} s: "
          f"{'met' if mine <= TARGET_CHECK_S else 'NOT met'} ({mine:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
