"""The measuring side of ``bench_check.py``: one timed run in a fresh interpreter.

Run by ``bench_check.py`` as ``python bench_worker.py --mode MODE --root DIR``;
prints one JSON object on standard output:

* ``--mode parse``: discover the notes under ``--root``, read them as UTF-8
  and parse them with :func:`build_reference_parser` (markdown-it-py, no
  notelint);
* ``--mode notelint``: :func:`notelint.api.lint_paths` over ``--root``, with
  ``--select`` (comma-separated; empty for no rules; absent for the defaults);
* ``--mode environment``: notelint's version, its parser's versions and its
  rule families (no timing).

The process pins itself to one CPU (``--cpu``, default the first available;
Linux only) and, with ``--no-gc``, disables the cyclic garbage collector for
the timed run.  Keys of a timed result: ``seconds`` and ``cpu_seconds`` (the
run, imports excluded), ``import_seconds``, ``files``, ``cpu``,
``rss_after_import_bytes``, ``peak_rss_bytes`` and, for notelint,
``diagnostics`` and ``codes`` (findings per rule id).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: File suffixes treated as notes (as notelint's discovery does).
NOTE_SUFFIXES = (".md", ".markdown")

_PARSE_MODULES = ("markdown_it", "mdit_py_plugins.dollarmath", "mdit_py_plugins.footnote",
                  "mdit_py_plugins.front_matter")


class WorkerError(Exception):
    """The run cannot be made as asked; the message says why."""


def note_files(root: Path) -> list[Path]:
    """Every note under ``root``, sorted (hidden folders included)."""
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in NOTE_SUFFIXES and p.is_file())


def build_reference_parser() -> Any:
    """markdown-it-py with the plugins and options notelint's parser uses.

    CommonMark with raw HTML, GFM tables, strikethrough and bare-URL links
    (linkify), YAML front matter, footnotes (block definitions kept in place,
    references to missing definitions still tokenised) and dollar math: the
    parser of ``notelint.parsing.build_parser`` without its position tracking.
    Returns a ``markdown_it.MarkdownIt``.
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    return (
        MarkdownIt("commonmark", {"html": True, "linkify": True})
        .enable(["table", "strikethrough", "linkify"])
        .use(front_matter_plugin)
        .use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
        .use(dollarmath_plugin, allow_labels=False, allow_space=True, allow_digits=False,
             double_inline=True)
    )


def _pin_to_one_cpu(cpu: int | None) -> int | None:
    """Restrict this process to one CPU (Linux only); return it, or ``None`` if not possible.

    Raises:
        WorkerError: ``cpu`` is given but this process may not run on it.
    """
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = sorted(os.sched_getaffinity(0))
    if cpu is None:
        cpu = allowed[0]
    elif cpu not in allowed:
        raise WorkerError(f"CPU {cpu} is not available to this process (available: {allowed})")
    os.sched_setaffinity(0, {cpu})
    return cpu


def _peak_rss_bytes() -> int:
    """Peak resident set size of this process so far, in bytes."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is in kilobytes on Linux and the BSDs, in bytes on macOS.
    return int(peak) if sys.platform == "darwin" else int(peak) * 1024


def _measure_parse(root: Path) -> dict[str, Any]:
    start, cpu_start = time.perf_counter(), time.process_time()
    md = build_reference_parser()  # notelint builds its parser inside its timed run too
    files = note_files(root)
    size = 0
    for path in files:
        data = path.read_bytes()
        size += len(data)
        md.parse(data.decode("utf-8"))
    return {"seconds": time.perf_counter() - start,
            "cpu_seconds": time.process_time() - cpu_start,
            "files": len(files), "bytes": size}


def _measure_notelint(root: Path, select: list[str] | None) -> dict[str, Any]:
    from notelint.api import lint_paths

    start, cpu_start = time.perf_counter(), time.process_time()
    result = lint_paths([str(root)], select=select)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    codes: dict[str, int] = {}
    for diag in result.diagnostics:
        codes[diag.code] = codes.get(diag.code, 0) + 1
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "files": result.files_checked,
            "diagnostics": len(result.diagnostics), "codes": dict(sorted(codes.items()))}


def _describe_environment() -> dict[str, Any]:
    """Versions of notelint and its parser, and the rule families it has."""
    from importlib.metadata import PackageNotFoundError, version

    import notelint
    from notelint.registry import default_registry

    versions: dict[str, str] = {"notelint": getattr(notelint, "__version__", "?")}
    for dist in ("markdown-it-py", "mdit-py-plugins"):
        try:
            versions[dist] = version(dist)
        except PackageNotFoundError:
            versions[dist] = "?"
    registry = default_registry()
    families = sorted({rule.code[:2] for rule in registry})
    return {"versions": versions, "families": families, "rules": len(registry)}


def main(argv: Sequence[str]) -> int:
    """Make the run described by ``argv``; print its result as one JSON line."""
    parser = argparse.ArgumentParser(prog="bench_worker.py")
    parser.add_argument("--mode", choices=("parse", "notelint", "environment"), required=True)
    parser.add_argument("--root", type=Path)
    parser.add_argument("--select", help="comma-separated selectors; empty for no rules")
    parser.add_argument("--cpu", type=int)
    parser.add_argument("--no-gc", action="store_true")
    args = parser.parse_args(argv)
    if args.mode == "environment":
        print(json.dumps(_describe_environment()))
        return 0
    if args.root is None:
        parser.error(f"--mode {args.mode} needs --root")
    cpu = _pin_to_one_cpu(args.cpu)
    start = time.perf_counter()
    # Import cost is measured here, so that the timed runs exclude it.
    for module in (_PARSE_MODULES if args.mode == "parse" else ("notelint.api",)):
        importlib.import_module(module)
    import_seconds = time.perf_counter() - start
    rss_after_import = _peak_rss_bytes()
    if args.no_gc:
        gc.disable()
    if args.mode == "parse":
        out = _measure_parse(args.root)
    else:
        select = None if args.select is None else [s for s in args.select.split(",") if s]
        out = _measure_notelint(args.root, select)
    out.update(cpu=cpu, import_seconds=import_seconds, rss_after_import_bytes=rss_after_import,
               peak_rss_bytes=_peak_rss_bytes())
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except WorkerError as exc:
        print(f"bench_worker: {exc}", file=sys.stderr)
        sys.exit(1)
