"""The author's loop, end to end: cold and warm checks, pre-commit, one note, processes.

Usage::

    python benchmarks/bench_loop.py                       # 1,000 notes, 3 rounds
    python benchmarks/bench_loop.py --notes 100 1000 10000 --rounds 5 --json loop.json
    python benchmarks/bench_loop.py --markdownlint /tmp/mdl   # also time markdownlint-cli2

The collection is made by ``../shared/bench/make_corpus.py`` from the real
notes in ``../shared/corpus`` (copy-heavy by construction: the hard case for
duplicate detection).  Every measurement is a whole command in a fresh
process, as a user runs it, timed by wall clock with the process's peak
resident memory (``wait4``; for a run that forks workers, the parent's).
Scenarios run interleaved, ``--rounds`` times, and the report gives medians
and ratios to the parse-only time of the same round, so that a busy machine
moves both sides:

* ``parse``: markdown-it-py alone (notelint's plugins) over every note;
* ``markdownlint``: ``markdownlint-cli2`` over the same folder, if installed
  (``--markdownlint DIR``: a folder with ``node_modules/.bin/markdownlint-cli2``;
  ``npm install --prefix DIR markdownlint-cli2`` makes one);
* ``cold``: ``notelint check`` with every default rule, no cache, every core;
  ``cold-j1``: the same on one process; ``no-du``: without the DU rules;
  ``du-only`` and ``nl-only``: DU alone and a no-op rule alone (the DU
  cost is their difference);
* ``warm``: the same check again, with an unchanged cache;
* ``precommit``: a repository with a ``.notelint.toml`` whose duplicates
  scope is the project; one note changed since the last run; the check of
  that note alone (what the pre-commit hook runs);
* ``one-note``: one note, no cache (a fresh interpreter, imports included);
* with ``--baseline PYTHON``: ``base-cold`` and ``base-no-du``, the same checks
  by another notelint install (the interpreter of its virtual environment).

The script asserts nothing: it prints figures.  Exit status 0 when every
command ran, 1 when one failed unexpectedly (exit status above 1), 2 on bad
arguments.
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

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MAKE_CORPUS = SHARED / "bench" / "make_corpus.py"
SEEDS = SHARED / "corpus" / "content"

PARSE = r"""
import sys, pathlib
sys.path.insert(0, %r)
from bench_worker import build_reference_parser, note_files
md = build_reference_parser()
for p in note_files(pathlib.Path(sys.argv[1])):
    md.parse(p.read_text(encoding="utf-8"))
"""


def timed(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
          ) -> tuple[float, int, int]:
    """Run ``cmd``; return ``(seconds, peak RSS in bytes, exit status)``."""
    with tempfile.TemporaryFile() as err_file:   # a file, not a pipe: a chatty tool never blocks
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                stderr=err_file)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err_file.seek(0)
        err = err_file.read().decode("utf-8", "replace")
    if proc.returncode > 1:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err[-2000:]}")
    return seconds, usage.ru_maxrss * 1024, proc.returncode


def make_collection(n: int, out: Path) -> Path:
    """Generate ``n`` notes under ``out`` (once; reused when present)."""
    if not (out / ".done").exists():
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(n), str(out), "--seeds",
                        str(SEEDS), "--defects", "30"], check=True, capture_output=True)
        (out / ".done").write_text("")
    return out


def scenarios(folder: Path, work: Path, markdownlint: Path | None,
              baseline: Path | None = None) -> dict[str, list[str] | None]:
    """The commands to time, by scenario name."""
    nl = [sys.executable, "-m", "notelint", "check", "--offline", "-q", "--no-color"]
    cache = ["--cache-dir", str(work / "cache")]
    out: dict[str, list[str] | None] = {
        "parse": [sys.executable, "-c", PARSE % str(ROOT / "benchmarks"), str(folder)],
        "cold": [*nl, "--no-cache", str(folder)],
        "cold-j1": [*nl, "--no-cache", "-j1", str(folder)],
        "no-du": [*nl, "--no-cache", "--ignore", "DU", str(folder)],
        "du-only": [*nl, "--no-cache", "--select", "DU", str(folder)],
        "nl-only": [*nl, "--no-cache", "--select", "NL001", str(folder)],
        "warm": [*nl, *cache, str(folder)],
    }
    if baseline is not None:
        old = [str(baseline), "-m", "notelint", "check", "--offline", "-q", "--no-color"]
        out["base-cold"] = [*old, str(folder)]
        out["base-no-du"] = [*old, "--ignore", "DU", str(folder)]
    if markdownlint is not None:
        out["markdownlint"] = [str(markdownlint / "node_modules" / ".bin" / "markdownlint-cli2"),
                               f"{folder}/**/*.md"]
    return out


def precommit_repo(folder: Path, work: Path) -> tuple[Path, Path]:
    """A copy of ``folder`` with a project configuration, and the note a commit changes."""
    repo = work / "repo"
    if not repo.exists():
        shutil.copytree(folder, repo)
        (repo / ".notelint.toml").write_text('[duplicates]\nscope = "project"\n',
                                             encoding="utf-8")
    note = sorted(repo.rglob("*.md"))[len(list(repo.rglob("*.md"))) // 2]
    return repo, note


def run_precommit(repo: Path, note: Path, round_no: int) -> tuple[float, int]:
    """Time the hook's command on ``note`` after changing it (the other notes cached)."""
    nl = [sys.executable, "-m", "notelint", "check", "--offline", "-q", "--no-color"]
    timed([*nl, str(repo)], cwd=repo)                       # the last full run
    text = note.read_text(encoding="utf-8")
    note.write_text(text + f"\nEdited in round {round_no}.\n", encoding="utf-8")
    try:
        seconds, rss, _ = timed([*nl, str(note.relative_to(repo))], cwd=repo)
    finally:
        note.write_text(text, encoding="utf-8")
    return seconds, rss


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--notes", type=int, nargs="+", default=[1000])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--markdownlint", type=Path, help="folder with markdownlint-cli2 installed")
    ap.add_argument("--baseline", type=Path,
                    help="python of another notelint install (e.g. the last release) to time "
                         "side by side: base-cold, base-no-du")
    ap.add_argument("--work", type=Path, help="keep collections and caches here")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if not MAKE_CORPUS.is_file():
        print(f"missing {MAKE_CORPUS}", file=sys.stderr)
        return 2
    base = args.work or Path(tempfile.mkdtemp(prefix="notelint-loop-"))
    report: dict[str, dict[str, dict[str, float]]] = {}
    try:
        for n in args.notes:
            folder = make_collection(n, base / f"c{n}")
            work = base / f"w{n}"
            work.mkdir(exist_ok=True)
            cmds = scenarios(folder, work, args.markdownlint, args.baseline)
            repo, changed = precommit_repo(folder, work)
            one = changed
            times: dict[str, list[float]] = {k: [] for k in [*cmds, "precommit", "one-note"]}
            rss: dict[str, list[int]] = {k: [] for k in times}
            # Every command runs in the work folder: `python -m notelint` must import the
            # installed notelint of its interpreter, never a checkout in the current folder.
            timed(cmds["warm"], cwd=work)  # type: ignore[arg-type]  # prime the cache
            for r in range(args.rounds):
                for name, cmd in cmds.items():
                    if cmd is None:
                        continue
                    s, m, _ = timed(cmd, cwd=work)
                    times[name].append(s)
                    rss[name].append(m)
                    print(f"[{n} notes, round {r + 1}] {name}: {s:.2f} s", file=sys.stderr)
                s, m = run_precommit(repo, changed, r)
                times["precommit"].append(s)
                rss["precommit"].append(m)
                s, m, _ = timed([sys.executable, "-m", "notelint", "check", "--offline", "-q",
                                 "--no-cache", "--no-color", str(one)], cwd=work)
                times["one-note"].append(s)
                rss["one-note"].append(m)
            parse = statistics.median(times["parse"])
            rows = {}
            for name in times:
                if not times[name]:
                    continue
                med = statistics.median(times[name])
                ratios = [t / p for t, p in zip(times[name], times["parse"], strict=False)]
                rows[name] = {"median_s": med, "ratio_to_parse": statistics.median(ratios),
                              "peak_rss_mb": max(rss[name]) / 2**20}
            du = statistics.median(times["du-only"]) - statistics.median(times["nl-only"])
            rows["du-cost"] = {"median_s": du, "ratio_to_parse": du / parse, "peak_rss_mb": 0.0}
            report[str(n)] = rows
            print(f"\n{n} notes ({sum(1 for _ in folder.rglob('*.md'))} files), "
                  f"medians of {args.rounds} rounds")
            print(f"{'scenario':<14}{'median s':>10}{'× parse':>10}{'peak MB':>10}")
            for name, row in rows.items():
                print(f"{name:<14}{row['median_s']:>10.3f}{row['ratio_to_parse']:>10.2f}"
                      f"{row['peak_rss_mb']:>10.0f}")
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.work is None:
            shutil.rmtree(base, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
