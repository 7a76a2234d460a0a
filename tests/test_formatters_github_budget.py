"""GitHub's annotation budget spent by importance, on the real notes, through the Action.

GitHub shows at most 10 annotations of each kind per step.  On the real notes
(``../shared/corpus``) the spelling rule alone has more than 10 warnings; when
annotations were taken in file order, seven spelling warnings took the budget
and the undated entry, the copied entries, the unused footnotes and the broken
math went only to the log.  Ranked by importance (errors first, then one
finding of each rule before a second of any), every rule gets an annotation.

The Action's own steps run as the Actions runner runs them (see
``tests/test_action.py``); the workspace is the real notes folder, which is
only read.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from test_action import Runner, step_named

from notelint.diagnostics import Diagnostic, Position, Severity, Span
from notelint.formatters.github import choose_annotations, rank

CORPUS_ROOT = Path(__file__).resolve().parents[2] / "shared" / "corpus"
COMMAND = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),.*title=(\w+) ")


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory, wheelhouse: dict[str, str],
           corpus: Path) -> Runner:
    r = Runner(CORPUS_ROOT, tmp_path_factory.mktemp("runner_temp"))
    r.base_env.update(wheelhouse)
    installed = r.run(step_named("Install notelint"), {"python": sys.executable})
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return r


def test_every_rule_of_the_real_notes_gets_an_annotation(runner: Runner) -> None:
    res = runner.check(paths="content", check_links="false")
    assert res.returncode == 1, res.stderr
    commands = [COMMAND.match(ln) for ln in res.stdout.splitlines() if ln.startswith("::")]
    annotated = [(m.group(1), m.group(4)) for m in commands if m]
    assert len(annotated) == len(commands)
    listed = re.findall(r"^content/[^:]+:\d+:\d+: (\w+) ", res.stdout, re.MULTILINE)
    everything = Counter(code for _, code in annotated) + Counter(listed)
    kinds = Counter(kind for kind, _ in annotated)
    assert all(n <= 10 for n in kinds.values())
    # every rule that found something has at least one annotation, as far as the budget
    # of 10 warnings allows (these notes have findings of 11 warning rules)
    missing = set(everything) - {code for _, code in annotated}
    assert not missing or len({c for k, c in annotated if k == "warning"}) == 10
    # among them the findings a file-order budget used to leave in the log only
    assert {"DT003", "DU001", "DU002", "FN002", "MA003"} <= {c for k, c in annotated
                                                              if k == "warning"}
    # the budget is used in full where there is more to show
    assert kinds["warning"] == 10 and everything["SP001"] > 10
    # errors are all annotated (fewer than 10 in these notes)
    assert kinds["error"] == sum(n for c, n in everything.items()
                                 if c in {"FN001", "FN004", "LK002"})
    # nothing is lost: the rest is in the log and in the step summary
    summary = runner.summary.read_text(encoding="utf-8")
    rest = len(listed)
    assert f"so these {rest} are not:" in summary
    assert summary.count("\n| warning | ") + summary.count("\n| info | ") == rest


def _d(code: str, line: int, severity: Severity = Severity.WARNING) -> Diagnostic:
    pos = Position(line, 1)
    return Diagnostic(code, "demo", severity, "n.md", Span(pos, pos, 0, 0), f"{code} {line}")


def test_rank_errors_then_one_of_each_rule_then_file_order() -> None:
    diags = [_d("SP001", n) for n in range(1, 8)] + [
        _d("DT003", 20), _d("FN002", 30), _d("SP001", 40), _d("DU002", 50),
        _d("FN001", 60, Severity.ERROR), _d("DU002", 70)]
    assert [d.message for d in rank(diags, None)] == [
        "FN001 60",
        "SP001 1", "DT003 20", "FN002 30", "DU002 50",
        "SP001 2", "DU002 70",
        "SP001 3", "SP001 4", "SP001 5", "SP001 6", "SP001 7", "SP001 40"]
    chosen, rest = choose_annotations(diags, None, per_kind=4)
    assert sorted(d.message for d in diags if id(d) in chosen) == [
        "DT003 20", "DU002 50", "FN001 60", "FN002 30", "SP001 1"]
    assert rest[0].message == "SP001 2"


def test_changed_lines_still_come_first() -> None:
    diags = [_d("SP001", n) for n in range(1, 5)] + [_d("DT003", 20)]
    ranked = rank(diags, {"n.md": {3, 4}})
    assert [d.message for d in ranked] == ["SP001 3", "SP001 4", "SP001 1", "DT003 20", "SP001 2"]
