"""The author's loop, end to end: cold and warm checks, pre-commit, one note, processes.

Usage::

    python benchmarks/bench_loop.py                       # 1,000 notes, 3 rounds
    python benchmarks/bench_loop.py --notes 100 1000 10000 --rounds 5 --json loop.json
    python benchmarks/bench_loop.py --markdownlint /tmp/mdl   # also time markdownlint-cli2
    python benchmarks/bench_loop.py --baseline OTHER/bin/python --only warm precommit --no-parse

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
  scope is the project; the last run checked the whole repository from its
  folder (``notelint check .``), then one note changed; the check of that
  note alone, as the pre-commit hook runs it (``notelint check NOTE``);
  ``precommit-cross``: in the same setting, the time of the cross-note phase
  alone (from the end of the per-note phase to the end of the run's
  analysis), measured inside the process, so that start-up is left out;
* ``one-note``: one note of the collection, copied into a folder of its own (no project
  configuration), no cache (a fresh interpreter, imports included);
* with ``--baseline PYTHON``: ``base-cold``, ``base-no-du``, ``base-warm``,
  ``base-precommit`` and ``base-precommit-cross``, the same checks by another
  notelint install (the interpreter of its virtual environment; its own copy of
  the repository and its own cache), and ``NAME/base`` rows: the median of the
  round-by-round ratios of wall time (``median s``) and CPU time (``CPU s``).

Each row also gives the median CPU time (user + system, worker processes
included): on a shared machine it moves less than the wall time.

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


#: Runs ``notelint check`` like ``python -m notelint`` and prints the seconds from the end of
#: the per-note phase to the end of the run's analysis (``Engine.lint_notes``), as JSON.
CROSS = r"""
import json, sys, time
import notelint.engine as E
marks = {}
per_note, lint_notes = E.Engine._per_note, E.Engine.lint_notes
def _per_note(self, *args, **kwargs):
    per_note(self, *args, **kwargs)
    marks["start"] = time.perf_counter()
def _lint_notes(self, *args, **kwargs):
    try:
        return lint_notes(self, *args, **kwargs)
    finally:
        marks["end"] = time.perf_counter()
E.Engine._per_note, E.Engine.lint_notes = _per_note, _lint_notes
from notelint.cli import main
status = main(sys.argv[1:])
sys.stderr.write("CROSS " + json.dumps(marks["end"] - marks["start"]) + "\n")
sys.exit(status)
"""


#: CPU seconds (user + system) of the last command :func:`timed` ran, with its children.
LAST_CPU = [0.0]


def timed(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
          ) -> tuple[float, int, int]:
    """Run ``cmd``; return ``(seconds, peak RSS in bytes, exit status)``.

    Its CPU time (user + system, workers included) is left in :data:`LAST_CPU`.
    """
    with tempfile.TemporaryFile() as err_file:   # a file, not a pipe: a chatty tool never blocks
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                stderr=err_file)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        LAST_CPU[0] = usage.ru_utime + usage.ru_stime
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
        # A baseline with a cache of its own (any release after 0.1) runs its cold checks
        # with it off, as this install's do; 0.1 has neither the cache nor the option.
        helptext = subprocess.run([*old[:4], "--help"], capture_output=True, text=True,
                                  cwd=work).stdout
        cold = [*old, "--no-cache"] if "--no-cache" in helptext else old
        out["base-cold"] = [*cold, str(folder)]
        out["base-no-du"] = [*cold, "--ignore", "DU", str(folder)]
        out["base-warm"] = [*old, "--cache-dir", str(work / "cache-base"), str(folder)]
    if markdownlint is not None:
        out["markdownlint"] = [str(markdownlint / "node_modules" / ".bin" / "markdownlint-cli2"),
                               f"{folder}/**/*.md"]
    return out


def precommit_repo(folder: Path, work: Path, name: str = "repo") -> tuple[Path, Path]:
    """A copy of ``folder`` with a project configuration, and the note a commit changes."""
    repo = work / name
    if not repo.exists():
        shutil.copytree(folder, repo)
        (repo / ".notelint.toml").write_text('[duplicates]\nscope = "project"\n',
                                             encoding="utf-8")
    notes = sorted(p for p in repo.rglob("*.md") if ".notelint_cache" not in p.parts)
    return repo, notes[len(notes) // 2]


def run_precommit(repo: Path, note: Path, round_no: int, python: str = sys.executable
                  ) -> tuple[float, int, float | None]:
    """Time the hook's command on ``note`` after changing it (the other notes cached).

    Returns ``(seconds, peak RSS in bytes, seconds of the cross-note phase)``; the
    cross-note phase is measured by a second hook run on another edit of the note
    (:data:`CROSS`), so that neither run finds the other's cross-note findings cached.
    It is ``None`` for a baseline install whose engine has no per-note phase to time
    (notelint 0.1).

    Raises:
        RuntimeError: the cross-note timing of this checkout's install failed.
    """
    args = ["check", "--offline", "-q", "--no-color"]
    cpu = 0.0
    # Edits no earlier invocation made: a cache kept from one would hold this note's
    # content already, with the cross-note findings of the workspace, and time nothing.
    fresh = f"{round_no} ({os.getpid()}.{time.time_ns()})"
    timed([python, "-m", "notelint", *args, "."], cwd=repo)  # the last full run
    text = note.read_text(encoding="utf-8")
    rel = str(note.relative_to(repo))
    try:
        note.write_text(text + f"\nEdited in round {fresh}.\n", encoding="utf-8")
        seconds, rss, _ = timed([python, "-m", "notelint", *args, rel], cwd=repo)
        cpu = LAST_CPU[0]
        note.write_text(text + f"\nEdited again in round {fresh}.\n", encoding="utf-8")
        with tempfile.TemporaryFile() as err:
            proc = subprocess.run([python, "-c", CROSS, *args, rel], cwd=repo,
                                  stdout=subprocess.DEVNULL, stderr=err, check=False)
            err.seek(0)
            lines = [ln for ln in err.read().decode("utf-8", "replace").splitlines()
                     if ln.startswith("CROSS ")]
        if proc.returncode > 1 or not lines:
            if python != sys.executable:
                return seconds, rss, None
            raise RuntimeError(f"the cross-note timing of {rel} failed ({proc.returncode})")
        cross = float(lines[-1].split()[1])
    finally:
        note.write_text(text, encoding="utf-8")
        LAST_CPU[0] = cpu
    return seconds, rss, cross


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--notes", type=int, nargs="+", default=[1000])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--markdownlint", type=Path, help="folder with markdownlint-cli2 installed")
    ap.add_argument("--baseline", type=Path,
                    help="python of another notelint install (e.g. the last release) to time "
                         "side by side: base-cold, base-no-du, base-warm, base-precommit")
    ap.add_argument("--only", nargs="+", metavar="SCENARIO",
                    help="run only these scenarios (and parse, the reference), e.g. "
                         "--only precommit")
    ap.add_argument("--no-parse", action="store_true",
                    help="leave out the parse reference (its column reads 0): the "
                         "author's-loop scenarios (warm, precommit) need no parse of the "
                         "collection, which takes most of a round")
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
            if args.only:
                cmds = {k: v for k, v in cmds.items()
                        if k == "parse" or k in args.only or k.removeprefix("base-") in args.only}
            if args.no_parse:
                cmds.pop("parse", None)
            wanted = (lambda name: not args.only or name in args.only)  # noqa: E731
            repo, changed = precommit_repo(folder, work)
            # The one-note check is of a note on its own (as an editor or a quick
            # `notelint check NOTE` runs it): a copy outside the project-scoped repository,
            # whose configuration would make it read the whole project.
            one = work / "one" / changed.name
            one.parent.mkdir(exist_ok=True)
            shutil.copyfile(changed, one)
            hooks = [("precommit", repo, changed, sys.executable)] if wanted("precommit") else []
            if args.baseline is not None and hooks:
                base_repo, base_changed = precommit_repo(folder, work, "repo-base")
                hooks.append(("base-precommit", base_repo, base_changed, str(args.baseline)))
            names = [*cmds, *(h for name, *_ in hooks for h in (name, f"{name}-cross")),
                     *(["one-note"] if wanted("one-note") else [])]
            times: dict[str, list[float]] = {k: [] for k in names}
            rss: dict[str, list[int]] = {k: [] for k in times}
            cpu: dict[str, list[float]] = {k: [] for k in times}
            # Every command runs in the work folder: `python -m notelint` must import the
            # installed notelint of its interpreter, never a checkout in the current folder.
            for name in ("warm", "base-warm"):
                if cmds.get(name):
                    timed(cmds[name], cwd=work)  # type: ignore[arg-type]  # prime the cache
            for r in range(args.rounds):
                for name, cmd in cmds.items():
                    if cmd is None:
                        continue
                    s, m, _ = timed(cmd, cwd=work)
                    times[name].append(s)
                    rss[name].append(m)
                    cpu[name].append(LAST_CPU[0])
                    print(f"[{n} notes, round {r + 1}] {name}: {s:.2f} s", file=sys.stderr)
                for name, hook_repo, hook_note, python in hooks:
                    s, m, cross = run_precommit(hook_repo, hook_note, r, python)
                    times[name].append(s)
                    rss[name].append(m)
                    cpu[name].append(LAST_CPU[0])
                    if cross is not None:
                        times[f"{name}-cross"].append(cross)
                        rss[f"{name}-cross"].append(0)
                    phase = "n/a" if cross is None else f"{cross:.3f} s"
                    print(f"[{n} notes, round {r + 1}] {name}: {s:.2f} s "
                          f"(cross-note phase {phase})", file=sys.stderr)
                if "one-note" in times:
                    s, m, _ = timed([sys.executable, "-m", "notelint", "check", "--offline", "-q",
                                     "--no-cache", "--no-color", str(one)], cwd=work)
                    times["one-note"].append(s)
                    rss["one-note"].append(m)
                    cpu["one-note"].append(LAST_CPU[0])
            parse = statistics.median(times["parse"]) if times.get("parse") else 0.0
            rows = {}
            for name in times:
                if not times[name]:
                    continue
                med = statistics.median(times[name])
                ratios = [t / p for t, p in zip(times[name], times.get("parse", []), strict=False)]
                rows[name] = {"median_s": med,
                              "ratio_to_parse": statistics.median(ratios) if ratios else 0.0,
                              "peak_rss_mb": max(rss[name]) / 2**20,
                              "median_cpu_s": statistics.median(cpu[name]) if cpu[name] else 0.0}
            if times.get("du-only") and times.get("nl-only"):
                du = statistics.median(times["du-only"]) - statistics.median(times["nl-only"])
                rows["du-cost"] = {"median_s": du, "ratio_to_parse": du / parse if parse else 0.0,
                                   "peak_rss_mb": 0.0}
            for name in ("precommit", "precommit-cross", "warm", "cold", "no-du"):
                if times.get(name) and len(times.get(f"base-{name}", [])) == len(times[name]):
                    ratio = statistics.median(
                        [t / b for t, b in zip(times[name], times[f"base-{name}"], strict=True)])
                    cpu_ratio = statistics.median(
                        [t / b for t, b in zip(cpu[name], cpu[f"base-{name}"], strict=True) if b]
                        or [0.0])
                    rows[f"{name}/base"] = {"median_s": ratio, "ratio_to_parse": 0.0,
                                            "peak_rss_mb": 0.0, "median_cpu_s": cpu_ratio}
            report[str(n)] = rows
            print(f"\n{n} notes ({sum(1 for _ in folder.rglob('*.md'))} files), "
                  f"medians of {args.rounds} rounds")
            print(f"{'scenario':<22}{'median s':>10}{'× parse':>10}{'peak MB':>10}"
                  f"{'CPU s':>10}")
            for name, row in rows.items():
                print(f"{name:<22}{row['median_s']:>10.3f}{row['ratio_to_parse']:>10.2f}"
                      f"{row['peak_rss_mb']:>10.0f}{row.get('median_cpu_s', 0.0):>10.3f}")
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
