"""``action.yml``: the composite action's steps, run locally the way the Actions runner runs them.

The runner runs a ``shell: bash`` step as ``bash --noprofile --norc -eo
pipefail SCRIPT`` with the step's ``env`` (after ``${{ }}`` expressions are
evaluated), ``GITHUB_*`` variables and files for step outputs and the step
summary.  :class:`Runner` does the same for the few expressions the action
uses (``inputs.*``, ``github.action_path``), so these tests run the very
scripts a workflow would, installing notelint from this work tree.
"""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")

BAD = "# 나쁜 노트\n\n참고 문헌[^1]을 보세요.\n"
WARN = "# 노트\n\n본문.\n\n[^9]: 아무도 인용하지 않는 각주.\n"
GOOD = "# 좋은 노트\n\n참고 문헌[^1]을 보세요.\n\n[^1]: 출처.\n"
MANY = "# 많은 각주\n\n" + "".join(f"문장 {n}[^{n}].\n" for n in range(1, 14))


@dataclass
class StepResult:
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


class Runner:
    """Runs the action's steps in ``workspace`` with a simulated ``GITHUB_*`` environment."""

    def __init__(self, workspace: Path, temp: Path) -> None:
        self.workspace = workspace
        self.temp = temp
        self.summary = temp / "step_summary.md"
        self.pr_head_repo = ""  # the pull request's head repository ("" outside pull requests)
        self.base_env = {k: v for k, v in os.environ.items()
                         if not k.startswith(("GITHUB_", "RUNNER_", "INPUT_", "VIRTUAL_ENV"))}
        self.base_env.update({
            "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_ACTION_PATH": str(ROOT), "GITHUB_STEP_SUMMARY": str(self.summary),
            "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "me/notes",
            "GITHUB_SHA": "0123abc", "GITHUB_EVENT_NAME": "pull_request",
            "RUNNER_TEMP": str(temp), "RUNNER_OS": "Linux",
        })

    def evaluate(self, text: str, inputs: dict[str, str]) -> str:
        def value(m: re.Match[str]) -> str:
            expr = m.group(1)
            if expr.startswith("inputs."):
                name = expr[len("inputs."):]
                spec = ACTION["inputs"][name]  # KeyError: the action uses an undeclared input
                return inputs.get(name, str(spec.get("default", "")))
            if expr == "github.action_path":
                return str(ROOT)
            if expr == "github.event.pull_request.head.repo.full_name":
                return self.pr_head_repo
            raise AssertionError(f"expression not simulated: {expr}")
        return EXPR.sub(value, text)

    def run(self, step: dict[str, Any], inputs: dict[str, str]) -> StepResult:
        assert step["shell"] == "bash"
        script = self.temp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        output = self.temp / "output.txt"
        output.write_text("", encoding="utf-8")
        env = {**self.base_env, "GITHUB_OUTPUT": str(output),
               **{k: self.evaluate(str(v), inputs) for k, v in step.get("env", {}).items()}}
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              cwd=self.workspace, env=env, capture_output=True, text=True,
                              encoding="utf-8", timeout=540, check=False)
        outputs = dict(line.split("=", 1) for line in
                       output.read_text(encoding="utf-8").splitlines() if "=" in line)
        return StepResult(proc.returncode, proc.stdout, proc.stderr, outputs)

    def check(self, **inputs: str) -> StepResult:
        """Run the ``check`` step (the install step ran once for the module)."""
        self.summary.write_text("", encoding="utf-8")
        (step,) = [s for s in ACTION["runs"]["steps"] if s.get("id") == "check"]
        return self.run(step, {k.replace("_", "-"): v for k, v in inputs.items()})


def step_named(name: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = ACTION["runs"]["steps"]
    (step,) = [s for s in steps if s["name"] == name]
    return step


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory, wheelhouse: dict[str, str]) -> Runner:
    """A workspace of notes and notelint installed by the action's own install step."""
    workspace = tmp_path_factory.mktemp("workspace")
    notes = workspace / "notes"
    notes.mkdir()
    for name, text in {"bad.md": BAD, "warn.md": WARN, "good.md": GOOD, "many.md": MANY}.items():
        (notes / name).write_text(text, encoding="utf-8")
    r = Runner(workspace, tmp_path_factory.mktemp("runner_temp"))
    r.base_env.update(wheelhouse)  # pip installs from local wheels: no network in tests
    installed = r.run(step_named("Install notelint"), {"python": sys.executable})
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert installed.stdout.startswith("notelint, version ")
    return r


def test_action_shape() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"paths", "config", "fail-level", "diff-base", "diff-scope",
                                     "check-links", "args", "network", "python"}
    assert ACTION["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"
    for step in ACTION["runs"]["steps"]:
        if "uses" in step:  # the link cache (tests/test_cli_action_links.py)
            assert step["uses"] == "actions/cache@v4"
            continue
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], "inputs must reach scripts through env, not substitution"


def test_findings_become_annotations_and_fail_the_step(runner: Runner) -> None:
    res = runner.check(paths="notes/bad.md notes/warn.md notes/good.md")
    assert (res.returncode, res.outputs) == (1, {"exit-code": "1"}), res.stderr
    assert res.stdout.splitlines() == [
        ("::error file=notes/bad.md,line=3,endLine=3,col=6,endColumn=10,"
         "title=FN001 undefined-footnote-reference"
         "::Footnote reference `[^1]` has no definition; expected a line starting `[^1]:`"),
        ("::warning file=notes/warn.md,line=5,endLine=5,col=1,endColumn=6,"
         "title=FN002 unused-footnote-definition"
         "::Footnote definition `[^9]:` is never referenced (no `[^9]` in the text); "
         "it will not be shown"),
        "Found 2 problems (1 error, 1 warning) in 2 of 3 files.",
    ]
    assert runner.summary.read_text(encoding="utf-8") == (
        "## notelint\n\nFound 2 problems (1 error, 1 warning) in 2 of 3 files.\n\n"
        "All 2 findings are shown as annotations.\n\n")


def test_fail_level(runner: Runner) -> None:
    warn_only = runner.check(paths="notes/warn.md")
    assert (warn_only.returncode, warn_only.outputs["exit-code"]) == (0, "0")
    strict = runner.check(paths="notes/warn.md", fail_level="warning")
    assert (strict.returncode, strict.outputs["exit-code"]) == (1, "1")
    never = runner.check(paths="notes/bad.md", fail_level="none")
    assert (never.returncode, never.outputs["exit-code"]) == (0, "1")
    assert never.stdout.startswith("::error file=notes/bad.md,")
    wrong = runner.check(fail_level="fatal")
    assert (wrong.returncode, wrong.outputs["exit-code"]) == (2, "2")
    assert wrong.stdout == ("::error title=notelint::fail-level must be error, warning or none, "
                            "not fatal\n")


def test_overflow_is_listed_in_the_log_and_the_step_summary(runner: Runner) -> None:
    res = runner.check(paths="notes/many.md")
    lines = res.stdout.splitlines()
    assert res.returncode == 1
    assert sum(ln.startswith("::error ") for ln in lines) == 10
    assert lines[10].startswith("notelint: 3 more findings not shown as annotations")
    assert [ln.split(": FN001")[0] for ln in lines[11:14]] == [
        "notes/many.md:13:6", "notes/many.md:14:6", "notes/many.md:15:6"]
    summary = runner.summary.read_text(encoding="utf-8")
    assert "10 findings are shown as annotations; GitHub shows at most 10 of each kind" in summary
    assert ("| error | [notes/many.md:15:6](https://github.com/me/notes/blob/0123abc/"
            "notes/many.md#L15) | FN001 undefined-footnote-reference | Footnote reference "
            "`[^13]` has no definition; expected a line starting `[^13]:` |") in summary


def test_config_args_and_default_paths(runner: Runner) -> None:
    (runner.workspace / "only-fn002.toml").write_text('select = ["FN002"]\n', encoding="utf-8")
    res = runner.check(config="only-fn002.toml")
    assert res.returncode == 0
    assert [ln.split(" ", 1)[0] for ln in res.stdout.splitlines()[:-1]] == ["::warning"]
    res = runner.check(paths="notes", args="--select FN001 --ignore FN002")
    assert res.returncode == 1
    assert {ln.split(",", 1)[0] for ln in res.stdout.splitlines() if ln.startswith("::")} == {
        "::error file=notes/bad.md", "::error file=notes/many.md"}


def test_diff_base(runner: Runner, tmp_path: Path) -> None:
    from notelint.cli import check
    if "diff_base" not in inspect.signature(check).parameters:
        pytest.skip("notelint check has no --diff-base option in this build")
    env = {**runner.base_env, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_CONFIG_GLOBAL": os.devnull}
    ws = runner.workspace

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=ws, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    try:
        (ws / "notes" / "bad.md").write_text(BAD + "\n새 문장[^2].\n", encoding="utf-8")
        res = runner.check(paths="notes", diff_base="HEAD")
        commands = [ln for ln in res.stdout.splitlines() if ln.startswith("::")]
        assert res.returncode == 1
        assert commands == [
            ("::error file=notes/bad.md,line=5,endLine=5,col=5,endColumn=9,"
             "title=FN001 undefined-footnote-reference::Footnote reference `[^2]` has no "
             "definition; expected a line starting `[^2]:`")]
        res = runner.check(paths="notes", diff_base="HEAD", diff_scope="files")
        assert sum(ln.startswith("::error file=notes/bad.md") for ln in res.stdout.splitlines()) == 2
    finally:
        (ws / "notes" / "bad.md").write_text(BAD, encoding="utf-8")
        subprocess.run(["rm", "-rf", str(ws / ".git")], check=True)


def yaml_blocks(markdown: str) -> list[Any]:
    return [yaml.safe_load(m.group(1)) for m in
            re.finditer(r"^```yaml\n(.*?)^```", markdown, re.MULTILINE | re.DOTALL)]


def test_documented_snippets_match_the_action_and_the_hooks() -> None:
    """The YAML in docs/integrations.md parses and names only real inputs and hook ids."""
    blocks = yaml_blocks((ROOT / "docs" / "integrations.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    hook_ids = {h["id"] for h in yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    used_inputs: set[str] = set()
    used_hooks: set[str] = set()
    for block in blocks:
        if isinstance(block, dict) and "repos" in block:
            used_hooks |= {h["id"] for repo in block["repos"] for h in repo["hooks"]}
        for job in (block.get("jobs") or {}).values() if isinstance(block, dict) else ():
            for step in job["steps"]:
                if str(step.get("uses", "")).startswith("notelint/notelint@"):
                    used_inputs |= set(step.get("with", {}))
    assert used_hooks and used_hooks <= hook_ids
    assert used_inputs and used_inputs <= set(ACTION["inputs"])


def test_pull_requests_from_forks_make_no_requests(runner: Runner, tmp_path: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            hits.append(self.path)
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, *args: object) -> None:
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        linked = runner.workspace / "linked"
        linked.mkdir(exist_ok=True)
        (linked / "a.md").write_text(f"[a](http://127.0.0.1:{srv.server_address[1]}/gone)\n",
                                     encoding="utf-8")
        cfg = tmp_path / "remote.toml"
        cfg.write_text('select = ["LK001"]\n[links]\nallow-networks = ["127.0.0.1"]\n'
                       "cache = false\ntimeout = 5\n", encoding="utf-8")
        try:
            runner.pr_head_repo = "someone/notes"  # a fork of me/notes
            res = runner.check(paths="linked", config=str(cfg))
            assert (res.returncode, hits) == (0, []), res.stdout + res.stderr
            assert "no network requests" in res.stderr
            res = runner.check(paths="linked", config=str(cfg), network="on")
            assert res.returncode == 1 and set(hits) == {"/gone"}, res.stdout + res.stderr
            seen = len(hits)
            runner.pr_head_repo = "me/notes"  # a branch of the repository itself
            res = runner.check(paths="linked", config=str(cfg))
            assert res.returncode == 1 and len(hits) > seen, res.stdout + res.stderr
            seen = len(hits)
            res = runner.check(paths="linked", config=str(cfg), network="off")
            assert (res.returncode, len(hits)) == (0, seen)
            res = runner.check(paths="linked", network="sometimes")
            assert res.returncode == 2 and "network must be auto, on or off" in res.stdout
        finally:
            runner.pr_head_repo = ""
            (linked / "a.md").unlink()
            linked.rmdir()
    finally:
        srv.shutdown()
        srv.server_close()
