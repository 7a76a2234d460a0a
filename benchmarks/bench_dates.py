"""Date-label recognition: notelint's recogniser, side by side with dateparser when installed.

Collects the lines that may hold an entry's date label (every heading's
text and the first line of the paragraph under it) from the notes of a
folder, then times, on the same lines in one run:

* **notelint**: :func:`notelint.datelabels.parse_date_label` (headings with
  ``allow_title``), the per-file month-first/day-first decision included;
* **dateparser** (only when ``import dateparser`` works; ``pip install
  dateparser``): ``dateparser.search.search_dates`` behind the same cheap
  pre-filter a library would need (a four-digit number in the line), the
  way a general parser would be used to find dates.  Its search splits a
  date that follows a label (``Day 0: January 3, 2020`` gives ``January 3``
  and ``2020``), and it reads ``2021.05.22-24`` and prose dates too, so the
  counts of dated lines differ on real logs.

For each it prints the best and median time per run, lines per second, how
many lines gave a date, and for lines both recognised, how often the first
day differs.  Nothing is asserted; exit status 0 unless arguments are bad.

    .venv/bin/python benchmarks/bench_dates.py --dir ../shared/notes-dev --repeat 5
    python3 ../shared/bench/make_corpus.py 1000 /tmp/c1000 --seeds ../shared/corpus/content
    .venv/bin/python benchmarks/bench_dates.py --dir /tmp/c1000 --limit 3000
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from notelint.datelabels import decide_day_first, parse_date_label
from notelint.document import Document

_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")


def candidate_lines(folder: Path, limit: int) -> list[tuple[list[tuple[str, bool]], bool | None]]:
    """Per note: its candidate lines ``(text, is_heading)`` and its day-first decision."""
    notes = []
    total = 0
    for path in sorted(folder.rglob("*.md")):
        doc = Document.from_text(path.read_text(encoding="utf-8"), str(path))
        lines: list[tuple[str, bool]] = []
        toks = doc.tokens
        for i, tok in enumerate(toks):
            if tok.type == "heading_open" and tok.level == 0:
                lines.append((toks[i + 1].content.split("\n", 1)[0], True))
                j = i + 3
                if j + 1 < len(toks) and toks[j].type == "paragraph_open":
                    lines.append((toks[j + 1].content.split("\n", 1)[0], False))
        notes.append((lines, decide_day_first(text for text, _ in lines)))
        total += len(lines)
        if limit and total >= limit:
            break
    return notes


def run_notelint(notes: list[tuple[list[tuple[str, bool]], bool | None]]) -> list[dt.date | None]:
    out = []
    for lines, day_first in notes:
        for text, heading in lines:
            mark = parse_date_label(text, allow_title=heading, day_first=day_first)
            out.append(mark.start if mark is not None else None)
    return out


def dateparser_runner() -> Callable[[list[tuple[list[tuple[str, bool]], bool | None]]], list[dt.date | None]] | None:
    try:
        from dateparser.search import search_dates
    except ImportError:
        return None
    settings = {"REQUIRE_PARTS": ["day", "month", "year"]}

    def run(notes: list[tuple[list[tuple[str, bool]], bool | None]]) -> list[dt.date | None]:
        out: list[dt.date | None] = []
        for lines, _ in notes:
            for text, _heading in lines:
                found = search_dates(text, languages=["en", "ko"], settings=settings) if _YEAR.search(text) else None
                out.append(found[0][1].date() if found else None)
        return out

    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=Path, required=True, help="folder of notes (only read)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per recogniser (default 3)")
    ap.add_argument("--limit", type=int, default=0, help="stop collecting after this many lines (0: all)")
    args = ap.parse_args(argv)
    if not args.dir.is_dir() or args.repeat < 1:
        ap.error("--dir must be a folder and --repeat at least 1")
    notes = candidate_lines(args.dir, args.limit)
    n = sum(len(lines) for lines, _ in notes)
    runners: dict[str, Callable[..., list[dt.date | None]]] = {"notelint": run_notelint}
    other = dateparser_runner()
    if other is not None:
        runners["dateparser"] = other
    else:
        print("dateparser is not installed: timing notelint alone", file=sys.stderr)
    times: dict[str, list[float]] = {k: [] for k in runners}
    results: dict[str, list[dt.date | None]] = {}
    for _ in range(args.repeat):  # interleaved, so that load on the machine hits both alike
        for name, run in runners.items():
            t0 = time.perf_counter()
            results[name] = run(notes)
            times[name].append(time.perf_counter() - t0)
    print(f"{n} candidate lines from {len(notes)} notes in {args.dir}")
    print(f"{'recogniser':<12} {'best s':>9} {'median s':>9} {'lines/s':>11} {'dated':>7}")
    for name, ts in times.items():
        dated = sum(d is not None for d in results[name])
        print(f"{name:<12} {min(ts):>9.4f} {statistics.median(ts):>9.4f} {n / min(ts):>11.0f} {dated:>7}")
    if "dateparser" in results:
        mine, theirs = results["notelint"], results["dateparser"]
        both = [(a, b) for a, b in zip(mine, theirs, strict=True) if a and b]
        print(f"median ratio dateparser/notelint: "
              f"{statistics.median(times['dateparser']) / statistics.median(times['notelint']):.0f}x; "
              f"both dated {len(both)} lines, first day differs on {sum(a != b for a, b in both)}; "
              f"dated by notelint only {sum(bool(a) and not b for a, b in zip(mine, theirs, strict=True))}, "
              f"by dateparser only {sum(bool(b) and not a for a, b in zip(mine, theirs, strict=True))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
