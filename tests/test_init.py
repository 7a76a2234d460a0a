"""``notelint init``: a starter configuration from what a folder tells, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest

from notelint.cli import main
from notelint.config import load_file
from notelint.registry import default_registry
from notelint.schema import config_schema

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

NOTES_DEV = Path(__file__).resolve().parents[2] / "shared" / "notes-dev"
LOG = "".join(f"## 항목 {d}\n\n*2021.05.{d:02d}*\n\n내용.\n\n" for d in (1, 3, 7))


def init(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["init", str(folder), *args])
    out, err = capsys.readouterr()
    return code, out, err


def valid(text: str, folder: Path) -> dict[str, object]:
    """The written configuration: loads in notelint and matches the schema."""
    path = folder / ".notelint.toml"
    assert load_file(path, default_registry()) is not None
    data = tomllib.loads(text)
    jsonschema.validate(data, config_schema())
    return data


def test_jekyll_site_with_dated_logs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "_config.yml").write_text("title: 노트\nmarkdown: kramdown\n", encoding="utf-8")
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_site").mkdir()
    for name in ("a.md", "b.md"):
        (tmp_path / "_posts" / name).write_text(LOG, encoding="utf-8")
    (tmp_path / "_site" / "copy.md").write_text(LOG[::-1], encoding="utf-8")
    code, out, err = init(tmp_path, capsys)
    assert (code, err) == (0, "")
    assert out == (
        "site generator: Jekyll (_config.yml)\n"
        "math pipeline: kramdown (Jekyll site: `markdown: kramdown`, kramdown input GFM; "
        "math by MathJax)\n"
        "heading ids: jekyll\n"
        "dated entries: 6 in 2 of 2 notes, written YYYY.MM.DD, oldest first\n"
        "build output excluded: _site/\n"
        f"wrote {tmp_path / '.notelint.toml'}\n")
    text = (tmp_path / ".notelint.toml").read_text(encoding="utf-8")
    assert text.startswith("#:schema https://raw.githubusercontent.com/notelint/notelint/main/"
                           "notelint/data/notelint.schema.json\n")
    assert valid(text, tmp_path) == {
        "exclude": ["_site/"], "math": {"pipeline": "kramdown"},
        "links": {"slug-style": "jekyll", "site-root": "."},
        "rules": {"DT001": {"order": "ascending"}}}
    # an existing configuration is kept unless --force
    code, _, err = init(tmp_path, capsys)
    assert code == 2 and "already exists" in err
    code, _, _ = init(tmp_path, capsys, "--force")
    assert code == 0


@pytest.mark.parametrize(("files", "expected"), [
    ({"gatsby-config.js": "module.exports = {plugins: ['gatsby-remark-katex']}",
      "static/.keep": ""},
     {"math": {"pipeline": "math-aware"}, "links": {"slug-style": "gatsby", "site-root": "static"}}),
    ({"gatsby-config.js": "module.exports = {}"},
     {"math": {"pipeline": "gfm"}, "links": {"slug-style": "gatsby"}}),
    ({"hugo.toml": "baseURL = 'https://x.org'\n[markup.goldmark.extensions.passthrough]\n"},
     {"math": {"pipeline": "math-aware"}, "links": {"slug-style": "github"}}),
    ({"config.toml": "baseURL = 'https://x.org'\n"},
     {"math": {"pipeline": "gfm"}, "links": {"slug-style": "github"}}),
    ({"mkdocs.yml": "markdown_extensions:\n  - pymdownx.arithmatex\n", "docs/a.md": LOG},
     {"math": {"pipeline": "math-aware"}, "links": {"site-root": "docs"},
      "rules": {"DT001": {"order": "ascending"}}}),
    ({"_config.yml": "markdown: CommonMarkGhPages\n"},
     {"math": {"pipeline": "gfm"}, "links": {"slug-style": "github", "site-root": "."}}),
    ({"docusaurus.config.js": "remarkPlugins: [require('remark-math')]", "static/.keep": ""},
     {"math": {"pipeline": "math-aware"}, "links": {"slug-style": "github", "site-root": "static"}}),
    ({"_config.yml": "kramdown:\n  input: kramdown\n"},
     {"math": {"pipeline": "kramdown"}, "links": {"slug-style": "kramdown", "site-root": "."}}),
    ({".obsidian/app.json": "{}"}, {"math": {"pipeline": "math-aware"}}),
    ({"notes/a.md": LOG, "notes/b.md": LOG},
     {"rules": {"DT001": {"order": "ascending"}}}),
    ({"README.md": "# 그냥 노트\n"}, {}),
])
def test_detection(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                   files: dict[str, str], expected: dict[str, object]) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, _, _ = init(tmp_path, capsys)
    assert code == 0
    assert valid((tmp_path / ".notelint.toml").read_text(encoding="utf-8"), tmp_path) == expected


def test_a_plain_git_repository_is_read_on_github(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "til.md").write_text(LOG, encoding="utf-8")
    code, out, _ = init(tmp_path, capsys, "--stdout")
    assert code == 0
    assert "#   site generator: GitHub (a git repository without a site configuration)\n" in out
    assert tomllib.loads(out) == {"math": {"pipeline": "github"}, "links": {"slug-style": "github"},
                                  "rules": {"DT001": {"order": "ascending"}}}


def test_descending_logs_and_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    newest_first = "".join(f"## {d}\n\n2024-01-{d:02d}\n\n내용.\n\n" for d in (9, 5, 2))
    (tmp_path / "log.md").write_text(newest_first, encoding="utf-8")
    code, out, _ = init(tmp_path, capsys, "--stdout")
    assert code == 0 and not (tmp_path / ".notelint.toml").exists()
    assert "#   dated entries: 3 in 1 of 1 notes, written YYYY-MM-DD, newest first\n" in out
    assert out.endswith('[rules.DT001]\norder = "descending"\n')


def test_a_real_jekyll_site_as_a_command(tmp_path: Path) -> None:
    """The real Jekyll blog in ../shared/notes-dev (read only: the file goes to stdout)."""
    site = NOTES_DEV / "jiyong-jeon"
    assert (site / "_config.yml").is_file(), f"the real notes are missing: {site}"
    proc = subprocess.run([sys.executable, "-m", "notelint", "init", str(site), "--stdout"],
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert proc.returncode == 0, proc.stderr
    assert "#   site generator: Jekyll (_config.yml)\n" in proc.stdout
    data = tomllib.loads(proc.stdout)
    jsonschema.validate(data, config_schema())
    assert data["math"] == {"pipeline": "kramdown"}
    assert data["links"]["slug-style"] == "jekyll"
    # the written configuration works: a check with it runs
    (tmp_path / ".notelint.toml").write_text(proc.stdout, encoding="utf-8")
    (tmp_path / "a.md").write_text("# 제목\n\n본문.\n", encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "notelint", "check", str(tmp_path)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    assert json.dumps(data)  # plain data only
