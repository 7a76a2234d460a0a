"""DT005 post-date-mismatch: a Jekyll post whose front-matter date disagrees with its file name.

Jekyll names posts ``_posts/YYYY-MM-DD-slug.md`` and takes the post's date
from the file name, unless the front matter sets ``date:``, which then wins
(Jekyll's ``Document#post_read``, ``DATE_FILENAME_MATCHER``).  The front-matter
time is converted to the site's ``timezone`` (``_config.yml``) before the
date is taken, so ``2022-09-20 23:30:00 -0500`` is 21 September on a site in
``Asia/Seoul``.
"""

from __future__ import annotations

import datetime as _dt
import functools
from pathlib import Path, PurePath
from typing import NamedTuple

from notelint.datelabels import real_day
from notelint.diagnostics import Severity
from notelint.document import Document
from notelint.frontmatter import front_matter
from notelint.lazy import lazy_compile
from notelint.rule import DocumentContext, Rule

# Jekyll's DATE_FILENAME_MATCHER, with four-digit years.
_FILENAME = lazy_compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})-[^/]+\.[^.]+")
_DATE_LINE = lazy_compile(r"date[ \t]*:[ \t]*(?P<q>['\"]?)(?P<value>[^'\"#\n]*?)(?P=q)[ \t]*(?:#.*)?$")
_VALUE = lazy_compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:\.[0-9]+)?)?"
    r"(?:[ \t]*(?P<tz>[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?))?)?")


class PostDate(NamedTuple):
    """The ``date:`` of a post's front matter, as written.

    Attributes:
        start, end: offsets of the value in the document (quotes excluded).
        raw: the value as written.
        day: the calendar day as written, or ``None`` when it names no day.
        problem: why it names no day (``None`` when it does).
        instant: the time with its UTC offset, when both are written.
    """

    start: int
    end: int
    raw: str
    day: _dt.date | None
    problem: str | None
    instant: _dt.datetime | None


def post_filename_date(path: str) -> _dt.date | None:
    """The date of a Jekyll post's file name, ``None`` when ``path`` is not a post.

    A post is a file below a ``_posts`` folder whose name starts with
    ``YYYY-MM-DD-``; a name whose date is no real day gives ``None`` too.
    """
    parts = PurePath(path).parts
    if "_posts" not in parts[:-1]:
        return None
    m = _FILENAME.fullmatch(parts[-1])
    if m is None:
        return None
    try:
        return _dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def front_matter_date(doc: Document) -> PostDate | None:
    """The top-level ``date:`` of ``doc``'s front matter, when it is written ``YYYY-MM-DD[ time]``."""
    fm = front_matter(doc)
    if fm is None or fm.mapping is None or "date" not in fm.mapping:
        return None
    token = doc.tokens[0]
    assert token.map is not None
    for line_no in range(token.map[0] + 2, token.map[1]):  # the lines between the fences
        line = doc.line_text(line_no)
        m = _DATE_LINE.match(line)
        if m is None:
            continue
        v = _VALUE.fullmatch(m["value"])
        if v is None:
            return None
        start = doc.line_starts[line_no - 1] + m.start("value")
        y, mo, d = int(v["y"]), int(v["m"]), int(v["d"])
        day, problem = real_day(y, mo, d)
        instant = None
        if day and v["H"] is not None and v["tz"]:
            tz = v["tz"].replace(":", "")
            offset = _dt.timedelta(0) if tz in "Zz" else (
                (1 if tz[0] == "+" else -1) * _dt.timedelta(hours=int(tz[1:3]), minutes=int(tz[3:5] or 0)))
            try:
                instant = _dt.datetime(y, mo, d, int(v["H"]), int(v["M"]), int(v["S"] or 0),
                                       tzinfo=_dt.timezone(offset))
            except ValueError:
                instant = None
        return PostDate(start, start + len(m["value"]), m["value"], day, problem, instant)
    return None


def site_timezone(path: str) -> tuple[str, _dt.tzinfo] | None:
    """The ``timezone`` of the Jekyll site that holds the post at ``path``: the
    nearest ``_config.yml`` above its ``_posts`` folder.  ``None`` when there is
    none, it sets no time zone, or the zone is unknown to this system."""
    p = Path(path)
    if not p.is_file():
        return None
    parts = p.resolve().parts
    if "_posts" not in parts:
        return None
    return _folder_timezone(Path(*parts[:len(parts) - 1 - parts[::-1].index("_posts")]))


@functools.lru_cache(maxsize=64)
def _folder_timezone(folder: Path) -> tuple[str, _dt.tzinfo] | None:
    import zoneinfo  # only for a Jekyll post

    import yaml

    for candidate in (folder, *folder.parents):
        config = candidate / "_config.yml"
        if config.is_file():
            try:
                data = yaml.safe_load(config.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                return None
            name = data.get("timezone") if isinstance(data, dict) else None
            if not isinstance(name, str):
                return None
            try:
                return name, zoneinfo.ZoneInfo(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                return None
    return None


class PostDateMismatch(Rule):
    """A Jekyll post (``_posts/YYYY-MM-DD-slug.md``) whose front-matter
    ``date:`` names another day than its file name, or no day at all.

    With a time and a UTC offset in the front matter, the day is taken in the
    site's ``timezone`` (from ``_config.yml``), as Jekyll does; when the site
    sets none, a difference that a time zone could explain is not reported.
    """

    code = "DT005"
    name = "post-date-mismatch"
    summary = "Jekyll post's front-matter date disagrees with the date in its file name"
    default_severity = Severity.WARNING

    def check_document(self, ctx: DocumentContext) -> None:
        doc = ctx.document
        named = post_filename_date(doc.path)
        if named is None:
            return
        written = front_matter_date(doc)
        if written is None:
            return
        filename = PurePath(doc.path).name
        if written.day is None:
            ctx.report((written.start, written.end),
                       f"Front-matter date `{written.raw}` is not a real day ({written.problem}); "
                       f"Jekyll refuses to build the post `{filename}`")
            return
        day, where = written.day, ""
        if written.instant is not None:
            zone = site_timezone(doc.path)
            if zone is not None:
                day = written.instant.astimezone(zone[1]).date()
                where = f" in the site's time zone ({zone[0]})" if day != written.day else ""
            elif abs((named - written.day).days) == 1:
                return  # the site's time zone could move the time across midnight
        if day == named:
            return
        ctx.report((written.start, written.end),
                   f"Front-matter date `{written.raw}` is {day.isoformat()}{where}, but the file name "
                   f"`{filename}` says {named.isoformat()}; Jekyll dates the post (its URL and its place "
                   f"among the posts) by the front matter: change one of them")
