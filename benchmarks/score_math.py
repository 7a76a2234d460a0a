"""Score the MA rules against the math oracle's verdicts on real notes, per pipeline.

The math oracle (``../shared/oracle``) runs the real renderers (markdown-it 14,
cmark-gfm, kramdown 2.4, remark-math) and MathJax 3 on a note and records, for
every formula the author meant (a *span*), whether it reaches MathJax intact.
``../shared/math-dev`` holds such records for real math-heavy notes.  This
script lints the same notes with notelint's MA rules under each pipeline and
compares, span by span:

* a span is **flagged** when at least one MA finding overlaps it;
* a span is a **problem** when the oracle says anything but ``ok``, except an
  ``altered`` span whose MathML is unchanged (``effect: same_mathml``: the
  page shows the formula as written);
* a finding that overlaps no span counts as a false positive.

``precision = flagged problems / (flagged spans + findings on no span)``,
``recall = flagged problems / problems``.

Where the oracle is wrong (a tokenizer artifact, a ``\\|`` the author meant as a
bar, ...), ``score_math_reasons.json`` beside this script gives the right
verdict for that span with a written reason; only those override the oracle.
Each entry: ``{"file", "pipeline", "line", "tex", "verdict": "problem"|"fine",
"reason"}`` (``tex`` as in the oracle record).

Usage::

    python benchmarks/score_math.py                   # table for every pipeline
    python benchmarks/score_math.py --pipeline kramdown --misses
    python benchmarks/score_math.py --json out.json

Exit status 0 (the script asserts nothing; ``tests/test_math_score.py`` does).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MATH_DEV = ROOT.parent / "shared" / "math-dev"
REASONS = Path(__file__).with_name("score_math_reasons.json")

#: notelint pipeline -> (oracle record folder, oracle pipeline name).
PIPELINES: dict[str, tuple[str, str]] = {
    "commonmark": ("oracle", "naive/markdown-it"),
    "gfm": ("oracle", "naive/cmark-gfm"),
    "kramdown": ("kramdown", "naive/kramdown"),
    "math-aware": ("oracle", "math-aware/remark-math"),
}
#: The MA rules that are on by default.
RULES = ["MA001", "MA002", "MA003", "MA004", "MA005", "MA006", "MA008"]


@dataclass
class Span:
    """One oracle record placed in the note: ``[start, end)`` code-point offsets."""

    record: dict[str, Any]
    start: int
    end: int
    problem: bool
    findings: list[str] = field(default_factory=list)


@dataclass
class Score:
    """Counts for one pipeline."""

    pipeline: str
    spans: int = 0
    problems: int = 0
    flagged: int = 0
    true_positive: int = 0
    stray: list[str] = field(default_factory=list)
    false_positive: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    overridden: int = 0

    @property
    def precision(self) -> float:
        """Share of flags that are right (1.0 with no flag)."""
        flags = self.flagged + len(self.stray)
        return self.true_positive / flags if flags else 1.0

    @property
    def recall(self) -> float:
        """Share of problems that are flagged (1.0 with no problem)."""
        return self.true_positive / self.problems if self.problems else 1.0


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def _is_problem(record: dict[str, Any]) -> bool:
    problem = record["problem"]
    if problem == "ok":
        return False
    return not (problem == "altered" and record["detail"].get("effect") == "same_mathml")


def _key(record: dict[str, Any]) -> tuple[str, str, int, str]:
    return record["file"], record["pipeline"], int(record["line"]), record["tex"]


def load_reasons(path: Path = REASONS) -> dict[tuple[str, str, int, str], dict[str, str]]:
    """The written verdicts that override the oracle, keyed by (file, pipeline, line, tex).

    Raises:
        ValueError: an entry without a reason or with an unknown verdict.
    """
    if not path.is_file():
        return {}
    out = {}
    for entry in json.loads(path.read_text(encoding="utf-8")):
        if entry.get("verdict") not in ("problem", "fine") or not entry.get("reason"):
            raise ValueError(f"{path.name}: entry needs a verdict and a reason: {entry}")
        pipe = PIPELINES.get(entry["pipeline"], ("", entry["pipeline"]))[1]
        out[(entry["file"], pipe, int(entry["line"]), entry["tex"])] = entry
    return out


def _place(text: str, records: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Source ranges of ``records`` (in note order), delimiters included where found."""
    starts = _line_starts(text)
    cursor = 0
    out = []
    for rec in records:
        line = int(rec["line"])
        end_line = int(rec["detail"].get("end_line", line))
        lo = starts[min(line, len(starts)) - 1]
        hi = starts[end_line] if end_line < len(starts) else len(text)
        tex = rec["tex"]
        pos = text.find(tex, max(cursor, lo), hi + len(tex)) if tex else -1
        if pos == -1:
            pos = text.find(tex, lo, hi + len(tex)) if tex else -1
        if pos == -1:
            out.append((lo, max(lo + 1, hi - 1)))
            continue
        opener = len(rec["detail"].get("open", "") or "")
        closer = len(rec["detail"].get("close", "") or "")
        cursor = pos + len(tex)
        out.append((max(lo, pos - opener), min(len(text), pos + len(tex) + closer)))
    return out


def score(pipeline: str, *, math_dev: Path = MATH_DEV,
          reasons: dict[tuple[str, str, int, str], dict[str, str]] | None = None) -> Score:
    """Score the default MA rules under ``pipeline`` on every note of ``math_dev``.

    Raises:
        FileNotFoundError: ``math_dev`` lacks its notes or records.
    """
    from notelint.api import lint_text

    folder, oracle_name = PIPELINES[pipeline]
    reasons = load_reasons() if reasons is None else reasons
    result = Score(pipeline)
    notes = sorted((math_dev / "notes").glob("*.md"))
    if not notes:
        raise FileNotFoundError(f"no notes under {math_dev / 'notes'}")
    for note in notes:
        text = note.read_text(encoding="utf-8").replace("\r\n", "\n")
        recs_path = math_dev / "oracle-out" / folder / (note.stem + ".jsonl")
        records = [json.loads(line) for line in recs_path.read_text(encoding="utf-8").splitlines()
                   if line.strip()]
        records = [r for r in records if r["pipeline"] == oracle_name]
        records.sort(key=lambda r: (int(r["line"]), r["detail"].get("span_id") or 0))
        spans = []
        for rec, (s, e) in zip(records, _place(text, records), strict=True):
            problem = _is_problem(rec)
            override = reasons.get(_key(rec))
            if override is not None:
                result.overridden += 1
                problem = override["verdict"] == "problem"
            spans.append(Span(rec, s, e, problem))
        found = lint_text(text, path=note.name, select=RULES,
                          config={"math": {"pipeline": pipeline}})
        for d in found:
            a, b = d.span.start_offset, max(d.span.end_offset, d.span.start_offset + 1)
            label = f"{note.name}:{d.span.start} {d.code} {d.message}"
            hit = False
            for sp in spans:
                if a < sp.end and sp.start < b:
                    sp.findings.append(label)
                    hit = True
            if not hit:
                result.stray.append(label)
        for sp in spans:
            result.spans += 1
            where = f"{note.name}:{sp.record['line']} [{sp.record['problem']}] {sp.record['tex'][:60]!r}"
            if sp.problem:
                result.problems += 1
            if sp.findings:
                result.flagged += 1
                if sp.problem:
                    result.true_positive += 1
                else:
                    result.false_positive.append(where + " <- " + sp.findings[0])
            elif sp.problem:
                detail = sp.record["detail"]
                extra = detail.get("change_kinds") or detail.get("tags") or detail.get("error") or ""
                result.misses.append(f"{where} {extra}")
    return result


def main(argv: list[str] | None = None) -> int:
    """Print the precision/recall table; ``--misses``/``--false`` list the disagreements."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pipeline", action="append", choices=sorted(PIPELINES))
    ap.add_argument("--misses", action="store_true", help="list problems with no finding")
    ap.add_argument("--false", action="store_true", help="list flags on spans that are fine")
    ap.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    args = ap.parse_args(argv)
    rows = []
    print("| pipeline | spans | problems | flagged | precision | recall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in args.pipeline or list(PIPELINES):
        s = score(name)
        rows.append({"pipeline": name, "spans": s.spans, "problems": s.problems,
                     "flagged": s.flagged, "stray": len(s.stray), "precision": s.precision,
                     "recall": s.recall, "overridden": s.overridden})
        print(f"| {name} | {s.spans} | {s.problems} | {s.flagged + len(s.stray)} | "
              f"{s.precision:.3f} | {s.recall:.3f} |")
        if args.misses:
            for m in s.misses:
                print(f"  MISS {m}", file=sys.stderr)
        if args.false:
            for m in s.false_positive + [f"(no span) {x}" for x in s.stray]:
                print(f"  FALSE {m}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
