"""The MA rules against the math oracle's verdicts on real notes (``../shared/math-dev``).

Runs ``benchmarks/score_math.py`` and fails when precision drops below 0.98 or
recall below 0.95 on any pipeline.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[1] / "benchmarks" / "score_math.py"


def _scorer():
    spec = importlib.util.spec_from_file_location("score_math", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_math"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("pipeline", ["commonmark", "gfm", "kramdown", "math-aware"])
def test_precision_and_recall_against_the_oracle(pipeline: str) -> None:
    scorer = _scorer()
    assert (scorer.MATH_DEV / "notes").is_dir(), f"the shared math-dev notes are missing: {scorer.MATH_DEV}"
    score = scorer.score(pipeline)
    assert score.problems > 0 and score.spans > 1000
    assert score.precision >= 0.98, score.false_positive + score.stray
    assert score.recall >= 0.95, score.misses


def test_every_written_reason_names_a_real_record() -> None:
    scorer = _scorer()
    import json
    records = set()
    for folder in ("oracle", "kramdown"):
        for path in (scorer.MATH_DEV / "oracle-out" / folder).glob("*.jsonl"):
            for line in path.read_text(encoding="utf-8").splitlines():
                r = json.loads(line)
                records.add(scorer._key(r))
    reasons = scorer.load_reasons()
    assert reasons
    assert set(reasons) <= records
