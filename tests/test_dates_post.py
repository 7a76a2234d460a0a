"""DT005 post-date-mismatch: Jekyll posts, their file names, front matter and site time zone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from notelint.api import lint_paths, lint_text
from notelint.diagnostics import Diagnostic
from notelint.rules.dates.post_date import post_filename_date

NOTES_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "notes-dev"


def _fmt(d: Diagnostic) -> str:
    return f"{Path(d.path).name}:{d.span.start}-{d.span.end} {d.code} {d.message}"


def _site(tmp_path: Path, config: str, posts: dict[str, str]) -> Path:
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    (tmp_path / "_posts").mkdir()
    for name, date in posts.items():
        (tmp_path / "_posts" / name).write_text(f"---\ntitle: x\ndate: {date}\n---\n\nText.\n", encoding="utf-8")
    return tmp_path


def _check(site: Path) -> list[str]:
    return [_fmt(d) for d in lint_paths([str(site)], select=["DT005"]).diagnostics]


def test_the_site_time_zone_decides_the_day(tmp_path: Path) -> None:
    site = _site(tmp_path, "title: blog\ntimezone: Asia/Seoul\n", {
        # 23:30 in New York is 13:30 the next day in Seoul: Jekyll dates it the 21st
        "2022-09-21-agrees.md": "2022-09-20 23:30:00 -0500",
        "2022-09-20-disagrees.md": "2022-09-20 23:30:00 -0500",
        "2022-09-20-same-zone.md": "2022-09-20 19:00:00 +0900",
        "2022-09-20-floating.md": "2022-09-20 23:30:00",  # no offset: a time in the site's zone
    })
    assert _check(site) == [
        "2022-09-20-disagrees.md:3:7-3:32 DT005 Front-matter date `2022-09-20 23:30:00 -0500` is "
        "2022-09-21 in the site's time zone (Asia/Seoul), but the file name `2022-09-20-disagrees.md` "
        "says 2022-09-20; Jekyll dates the post (its URL and its place among the posts) by the front "
        "matter: change one of them",
    ]


def test_without_a_site_time_zone_one_day_off_is_not_reported(tmp_path: Path) -> None:
    site = _site(tmp_path, "title: blog\n", {
        "2022-09-21-shifted.md": "2022-09-20 23:30:00 -0500",
        "2022-09-23-stale.md": "2022-09-20 23:30:00 -0500",
        "2022-09-21-plain.md": "2022-09-20",
    })
    assert [f.split(" DT005 ")[0] for f in _check(site)] == [
        "2022-09-21-plain.md:3:7-3:17", "2022-09-23-stale.md:3:7-3:32"]


def test_only_posts_are_checked() -> None:
    text = "---\ndate: 2022-10-05\n---\n"
    assert lint_text(text, path="notes/2022-10-04-standup.md", select=["DT005"]) == []
    assert lint_text(text, path="_posts/standup.md", select=["DT005"]) == []
    assert lint_text(text, path="_drafts/2022-10-04-standup.md", select=["DT005"]) == []
    assert lint_text("---\ntitle: x\n---\n", path="_posts/2022-10-04-x.md", select=["DT005"]) == []
    assert [d.span.start.line for d in lint_text(text, path="_posts/2022-10-04-x.md", select=["DT005"])] == [2]


@pytest.mark.parametrize(("path", "day"), [
    ("_posts/2022-09-20-Boostcamp-2days.md", dt.date(2022, 9, 20)),
    ("site/_posts/2022/2022-9-2-short.markdown", dt.date(2022, 9, 2)),
    ("_posts/2022-02-30-impossible.md", None),
    ("_posts/welcome.md", None),
    ("2022-09-20-not-a-post.md", None),
])
def test_post_filename_date(path: str, day: dt.date | None) -> None:
    assert post_filename_date(path) == day


def test_real_jekyll_posts_agree_with_their_file_names() -> None:
    site = NOTES_DEV / "jiyong-jeon"
    if not site.is_dir():
        pytest.fail(f"the notes are missing: expected them in {site}")
    assert lint_paths([str(site)], select=["DT"]).diagnostics == []
