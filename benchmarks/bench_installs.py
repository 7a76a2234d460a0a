"""Time ``notelint check`` of several notelint installs side by side, interleaved.

Usage::

    python benchmarks/bench_installs.py /tmp/bench/c1000 \\
        now=.venv/bin/python before=../before/.venv/bin/python \\
        0.1=../base/.venv/bin/python --rounds 5 -- --ignore DU
    python benchmarks/bench_installs.py /tmp/bench/c10000 now=.venv/bin/python \\
        --rounds 1 --memory -- --ignore DU

Each ``LABEL=PYTHON`` names the interpreter of an install's virtual
environment; every round runs ``PYTHON -m notelint check --offline -q
--no-color [--no-cache] ARGS... FOLDER`` once per install, in the given order,
each in a fresh process (imports included), like a user's run.  ``--no-cache``
is passed to installs that know it (an install without a cache is cold
anyway).  Every install gets its own user cache folder (``XDG_CACHE_HOME``,
under a temporary folder kept for the whole run): installs from different
checkouts must not evict each other's compiled spelling vocabulary, which a
user's single install compiles once; an untimed run of each install on one
note first makes those per-user files.

Reported per install: median wall time, median CPU time of the whole process
tree, the median over rounds of the first install's time divided by this
install's (above 1: this one is faster) and the peak resident memory.  With
``--memory`` the peak is split into the parent process and its largest worker
(a small wrapper reads ``getrusage`` for itself and its children at exit);
without it, it is the whole tree's largest process (``wait4``).

The machine may be busy: only ratios within one run compare.  Exit status 0
when every command ran, 1 when one failed (exit status above 1), 2 on bad
arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Runs notelint's command line, then prints this process's and its children's peak RSS.
WRAPPER = r"""
import json, resource, sys
try:
    from notelint.cli import main
    sys.argv = ["notelint", *sys.argv[1:]]
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    else:
        code = 0
finally:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    sys.stderr.write("\nPEAK " + json.dumps([own * 1024, kids * 1024]) + "\n")
sys.exit(code)
"""


def knows_no_cache(python: str) -> bool:
    """Whether that install's ``notelint check`` has ``--no-cache``."""
    out = subprocess.run([python, "-m", "notelint", "check", "--help"], capture_output=True,
                         text=True, check=False)
    return "--no-cache" in out.stdout


def run_once(python: str, args: list[str], env: dict[str, str], memory: bool
             ) -> tuple[float, float, int, int]:
    """``(wall s, CPU s of the tree, peak RSS of the parent, of its largest child)`` in bytes.

    Without ``memory``, the two peaks are both the tree's largest process.

    Raises:
        RuntimeError: the command exited with a status above 1.
    """
    cmd = [python, "-c", WRAPPER, *args] if memory else [python, "-m", "notelint", *args]
    with tempfile.TemporaryFile() as err_file:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err_file, env=env,
                                cwd=env["XDG_CACHE_HOME"])
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        err_file.seek(0)
        err = err_file.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code > 1:
        raise RuntimeError(f"{' '.join(cmd[:3])} ... exited {code}: {err[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    if memory:
        line = [x for x in err.splitlines() if x.startswith("PEAK ")][-1]
        own, kids = json.loads(line[5:])
        return wall, cpu, int(own), int(kids)
    return wall, cpu, usage.ru_maxrss * 1024, usage.ru_maxrss * 1024


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("installs", nargs="+", metavar="LABEL=PYTHON")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--memory", action="store_true",
                    help="peak RSS of the parent and of its largest worker, separately")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    installs = []
    for spec in args.installs:
        label, sep, python = spec.partition("=")
        if not sep or not label or not python:
            ap.error(f"expected LABEL=PYTHON, got {spec!r}")
        # Absolute (the commands run elsewhere), symbolic links kept (a venv's python is one).
        installs.append((label, os.path.abspath(python) if os.sep in python else python))
    if not args.folder.is_dir():
        ap.error(f"not a folder: {args.folder}")
    rows: dict[str, list[tuple[float, float, int, int]]] = {label: [] for label, _ in installs}
    with tempfile.TemporaryDirectory(prefix="notelint-installs-") as tmp:
        commands = {}
        for label, python in installs:
            home = Path(tmp) / label
            home.mkdir()
            env = dict(os.environ, XDG_CACHE_HOME=str(home))
            env.pop("NOTELINT_CACHE_DIR", None)
            cache = ["--no-cache"] if knows_no_cache(python) else []
            commands[label] = (python, ["check", "--offline", "-q", "--no-color", *cache,
                                        *extra, str(args.folder)], env)
        try:
            one = str(next(args.folder.rglob("*.md"), args.folder))
            for label, _ in installs:  # first use: compiled vocabulary, per-user files
                python, cmd, env = commands[label]
                run_once(python, [*cmd[:-1], one], env, False)
            for r in range(args.rounds):
                for label, _ in installs:
                    python, cmd, env = commands[label]
                    got = run_once(python, cmd, env, args.memory)
                    rows[label].append(got)
                    print(f"[round {r + 1}] {label}: {got[0]:.2f} s, CPU {got[1]:.2f} s, "
                          f"peak {got[2] / 2**20:.0f}/{got[3] / 2**20:.0f} MB", file=sys.stderr)
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 1
    first = installs[0][0]
    report = {}
    print(f"{args.folder} ({' '.join(extra) or 'default rules'}), medians of {args.rounds} "
          f"rounds")
    print(f"{'install':<10}{'wall s':>9}{'CPU s':>9}{first + '/this':>14}"
          f"{'parent MB':>11}{'worker MB':>11}")
    for label, _ in installs:
        got = rows[label]
        wall = statistics.median(g[0] for g in got)
        cpu = statistics.median(g[1] for g in got)
        ratio = statistics.median(a[0] / b[0] for a, b in zip(rows[first], got, strict=True))
        own, kids = max(g[2] for g in got) / 2**20, max(g[3] for g in got) / 2**20
        report[label] = {"wall_s": wall, "cpu_s": cpu, f"{first}_over_this": ratio,
                         "peak_parent_mb": own, "peak_worker_mb": kids,
                         "walls": [g[0] for g in got]}
        print(f"{label:<10}{wall:>9.2f}{cpu:>9.2f}{ratio:>14.2f}{own:>11.0f}"
              f"{kids if args.memory else float('nan'):>11.0f}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
