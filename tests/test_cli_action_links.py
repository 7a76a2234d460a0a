"""The Action checks remote links, keeps their results between jobs, and can be told not to.

A local HTTP server on 127.0.0.1 stands for the web; the notes' configuration
allows that address (remote checks never request loopback addresses
otherwise).  The Action's steps run as the Actions runner runs them (see
``tests/test_action.py``); ``actions/cache`` is simulated by copying the
folder named in the cache step's ``path`` into the next job's runner folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_action import ACTION, Runner, step_named

CONFIG = '[links]\nallow-networks = ["127.0.0.1"]\ntimeout = 2.0\nretries = 0\n'


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: Counter[str]

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self) -> None:
        self.hits[self.path] += 1
        code = 200 if self.path.startswith("/ok") else 404
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Counter[str]]]:
    hits: Counter[str] = Counter()
    handler = type("H", (Handler,), {"hits": hits})
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}", hits
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)


def new_runner(workspace: Path, temp: Path, wheelhouse: dict[str, str],
               installed_from: Runner | None = None) -> Runner:
    r = Runner(workspace, temp)
    r.base_env.update(wheelhouse)
    if installed_from is None:
        done = r.run(step_named("Install notelint"), {"python": sys.executable})
        assert done.returncode == 0, done.stdout + done.stderr
    else:  # the same installed notelint, as a new job would install it again
        os.symlink(installed_from.temp / "notelint-venv", temp / "notelint-venv")
    return r


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory, wheelhouse: dict[str, str],
        server: tuple[str, Counter[str]]) -> Runner:
    base, _ = server
    ws = tmp_path_factory.mktemp("workspace")
    (ws / ".notelint.toml").write_text(CONFIG, encoding="utf-8")
    (ws / "notes").mkdir()
    (ws / "notes" / "links.md").write_text(
        f"# 링크\n\n살아 있는 [문서]({base}/ok).\n\n사라진 [문서]({base}/gone).\n",
        encoding="utf-8")
    return new_runner(ws, tmp_path_factory.mktemp("runner_temp"), wheelhouse)


def cache_folder(runner: Runner) -> Path:
    """The folder the cache step saves and restores, for this runner."""
    (step,) = [s for s in ACTION["runs"]["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert step["if"] == "inputs.check-links == 'true'"
    path = re.sub(r"\$\{\{\s*runner\.temp\s*\}\}", str(runner.temp), step["with"]["path"])
    assert "${{" not in path
    return Path(path)


def test_remote_links_are_checked_and_cached_between_jobs(
        job: Runner, server: tuple[str, Counter[str]], wheelhouse: dict[str, str],
        tmp_path: Path) -> None:
    base, hits = server
    hits.clear()
    res = job.check(paths="notes")
    assert res.returncode == 1, res.stdout + res.stderr
    assert [ln.split("::")[1] for ln in res.stdout.splitlines() if ln.startswith("::")] == [
        "error file=notes/links.md,line=5,endLine=5,col=10,"
        f"endColumn={10 + len(base + '/gone')},title=LK001 dead-link"]
    assert (hits["/ok"] > 0, hits["/gone"] > 0) == (True, True)
    saved = cache_folder(job)
    assert (saved / "results-v1.json").is_file()
    # the next job: a fresh runner folder into which actions/cache restores the folder
    hits.clear()
    temp = tmp_path / "next_job"
    temp.mkdir()
    nxt = new_runner(job.workspace, temp, wheelhouse, installed_from=job)
    shutil.copytree(saved, cache_folder(nxt))
    again = nxt.check(paths="notes")
    assert again.returncode == 1 and again.stdout == res.stdout
    assert sum(hits.values()) == 0, "cached results were requested again"


def test_check_links_false_makes_no_request(job: Runner,
                                            server: tuple[str, Counter[str]]) -> None:
    _, hits = server
    hits.clear()
    res = job.check(paths="notes", check_links="false")
    assert (res.returncode, sum(hits.values())) == (0, 0), res.stdout + res.stderr
    assert "LK00" not in res.stdout
    wrong = job.check(paths="notes", check_links="yes")
    assert (wrong.returncode, wrong.stdout) == (
        2, "::error title=notelint::check-links must be true or false, not yes\n")


def test_with_diff_base_only_links_on_changed_lines_are_reported(
        job: Runner, server: tuple[str, Counter[str]]) -> None:
    base, _ = server
    ws = job.workspace
    env = {**job.base_env, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_CONFIG_GLOBAL": os.devnull}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=ws, env=env, check=True, capture_output=True)

    note = ws / "notes" / "links.md"
    original = note.read_text(encoding="utf-8")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    try:
        note.write_text(original + f"\n새로 추가한 [링크]({base}/gone-too).\n", encoding="utf-8")
        for scope in ("lines", "files"):
            res = job.check(paths="notes", diff_base="HEAD", diff_scope=scope)
            annotated = [ln.split(",title=")[0] for ln in res.stdout.splitlines()
                         if ln.startswith("::")]
            assert res.returncode == 1
            assert annotated == ["::error file=notes/links.md,line=7,endLine=7,col=13,"
                                 f"endColumn={13 + len(base + '/gone-too')}"], scope
    finally:
        note.write_text(original, encoding="utf-8")
        shutil.rmtree(ws / ".git")


def test_docs_give_a_link_rot_schedule_and_current_upload_sarif() -> None:
    import yaml
    from test_action import ROOT, yaml_blocks

    text = (ROOT / "docs" / "integrations.md").read_text(encoding="utf-8")
    assert "upload-sarif@v4" in text and "upload-sarif@v3" not in text
    scheduled = [b for b in yaml_blocks(text) if isinstance(b, dict)
                 and "schedule" in (b.get(True) or b.get("on") or {})]
    (workflow,) = scheduled  # `on:` is read as True by YAML 1.1
    (job,) = workflow["jobs"].values()
    (step,) = [s for s in job["steps"] if str(s.get("uses", "")).startswith("notelint/notelint@")]
    assert step["with"]["args"] == "--select LK"
    assert "diff-base" not in step["with"] and step["with"].get("check-links", True) is True
    assert yaml.safe_load(ACTION["inputs"]["check-links"]["default"]) is True
