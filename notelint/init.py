"""``notelint init``: a starter ``.notelint.toml`` from what the folder tells.

What is detected, from files only (nothing is run, nothing is fetched):

* the site generator and the math pipeline it implies (``[math]
  pipeline``), read by :func:`notelint.site.site_of` exactly as the ``auto``
  pipeline reads them (Jekyll, Gatsby, Hugo, MkDocs, or a plain GitHub
  repository), plus Docusaurus (``docusaurus.config.*``: ``math-aware`` with
  remark-math, else ``gfm``) and Obsidian (an ``.obsidian`` folder:
  ``math-aware``);
* the heading-id (slug) style of links to ``#fragments`` (``[links]
  slug-style``): ``jekyll`` (kramdown with GFM input, Jekyll's default) or
  ``kramdown``, ``gatsby``, ``github`` (Hugo, Docusaurus);
* the site's static folder for ``/img/a.png`` links (``[links] site-root``);
* the date format and order of the notes' dated entries (read with the same
  entry segmentation as the DT rules), which sets ``[rules.DT001] order``
  when a clear majority of the notes agree;
* build-output folders to exclude (``_site``, ``public``, ``.cache``, ``site``,
  ``build``) when they exist.

:func:`detect` returns the findings; :func:`render` the configuration text,
which :func:`notelint.config.load_file` accepts.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from notelint.safetext import neutral
from notelint.schema import SCHEMA_ID

CONFIG_NAME = ".notelint.toml"
#: Notes read at most for the date format (the first ones in path order).
MAX_NOTES = 500
_SKIP_DIRS = {"node_modules", "_site", "public", ".cache", "site", "build", "vendor"}


@dataclass
class Detected:
    """What :func:`detect` found in a folder.

    Attributes:
        generator: the site generator's name, or ``None``.
        generator_hint: the file that told.
        pipeline: a ``[math] pipeline`` value, or ``None`` to keep ``auto``.
        pipeline_hint: why that pipeline.
        slug_style: a ``[links] slug-style`` value, or ``None`` to keep ``auto``.
        site_root: a ``[links] site-root`` folder, or ``None``.
        exclude: build-output folders found (gitignore-style, ``name/``).
        notes: markdown notes seen (at most :data:`MAX_NOTES` read).
        date_formats: entry date format id -> dated entries written in it.
        order: ``"ascending"``/``"descending"`` when most notes with dated
            entries agree, else ``None``.
        dated_notes: notes with at least two dated entries.
    """

    generator: str | None = None
    generator_hint: str = ""
    pipeline: str | None = None
    pipeline_hint: str = ""
    slug_style: str | None = None
    site_root: str | None = None
    exclude: list[str] = field(default_factory=list)
    notes: int = 0
    date_formats: Counter[str] = field(default_factory=Counter)
    order: str | None = None
    dated_notes: int = 0

    @property
    def date_format(self) -> str | None:
        """The format most dated entries use, or ``None`` when there are none."""
        common = self.date_formats.most_common(1)
        return common[0][0] if common else None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _first(folder: Path, *names: str) -> Path | None:
    return next((folder / n for n in names if (folder / n).is_file()), None)


_GENERATORS = {"jekyll": "Jekyll", "gatsby": "Gatsby", "hugo": "Hugo", "mkdocs": "MkDocs",
               "github": "GitHub"}


def _detect_site(folder: Path, found: Detected) -> None:
    """Generator and pipeline from :func:`notelint.site.site_of` (the same reading as the
    ``auto`` pipeline), plus Docusaurus and Obsidian, heading ids and the static folder."""
    from notelint.site import site_of

    site = site_of(folder / CONFIG_NAME)
    if site is not None:
        found.generator = _GENERATORS.get(site.generator, site.generator)
        found.generator_hint = (site.source.name if site.generator != "github"
                                else "a git repository without a site configuration")
        found.pipeline, found.pipeline_hint = site.pipeline, site.reason
        at_root = site.source.parent == folder.resolve()
        if site.generator == "jekyll":
            try:
                conf = yaml.safe_load(_read(site.source)) or {}
            except yaml.YAMLError:
                conf = {}
            conf = conf if isinstance(conf, dict) else {}
            kd = conf.get("kramdown")
            kd_input = str(kd.get("input", "GFM")) if isinstance(kd, dict) else "GFM"
            if site.pipeline == "kramdown":
                found.slug_style = "jekyll" if kd_input.upper() == "GFM" else "kramdown"
            else:
                found.slug_style = "github"
            found.site_root = "." if at_root else None
        elif site.generator == "gatsby":
            found.slug_style = "gatsby"
        elif site.generator in ("hugo", "github"):
            found.slug_style = "github"
        if site.generator in ("gatsby", "hugo") and at_root and (folder / "static").is_dir():
            found.site_root = "static"
        if site.generator == "mkdocs" and at_root and (folder / "docs").is_dir():
            found.site_root = "docs"
    if site is None or site.generator == "github":
        docusaurus = _first(folder, "docusaurus.config.js", "docusaurus.config.ts")
        if docusaurus is not None:
            found.generator, found.generator_hint = "Docusaurus", docusaurus.name
            text = _read(docusaurus) + _read(folder / "package.json")
            if "remark-math" in text:
                found.pipeline, found.pipeline_hint = "math-aware", "remark-math in the site"
            else:
                found.pipeline, found.pipeline_hint = "gfm", "MDX without a math plugin"
            found.slug_style = "github"
            found.site_root = "static" if (folder / "static").is_dir() else None
        elif (folder / ".obsidian").is_dir():
            found.generator, found.generator_hint = "Obsidian", ".obsidian/"
            found.pipeline = "math-aware"
            found.pipeline_hint = "Obsidian renders $...$ math itself"
            found.slug_style = None
    for name in ("_site", "public", ".cache", "site", "build"):
        if (folder / name).is_dir() and name != found.site_root:
            found.exclude.append(f"{name}/")


def _notes(folder: Path) -> list[Path]:
    out: list[Path] = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).parts
        if any(p.startswith(".") or p in _SKIP_DIRS for p in rel[:-1]):
            continue
        if path.suffix.lower() in (".md", ".markdown") and path.is_file():
            out.append(path)
    return out


def _detect_dates(folder: Path, found: Detected) -> None:
    from notelint.document import Document
    from notelint.entries import segment

    notes = _notes(folder)
    found.notes = len(notes)
    orders: Counter[str] = Counter()
    for path in notes[:MAX_NOTES]:
        doc = Document.from_text(_read(path), str(path))
        dated = [e.date for e in doc.memo(segment).dated if e.date is not None]
        for mark in dated:
            found.date_formats[mark.format] += 1
        days = [m.start for m in dated if m.start is not None]
        if len(days) < 2:
            continue
        found.dated_notes += 1
        up = sum(a < b for a, b in zip(days, days[1:], strict=False))
        down = sum(a > b for a, b in zip(days, days[1:], strict=False))
        if up != down:
            orders["ascending" if up > down else "descending"] += 1
    if orders:
        (top, n), *rest = orders.most_common()
        if not rest or n >= 2 * rest[0][1]:
            found.order = top


def detect(folder: Path) -> Detected:
    """Look at ``folder`` (a site or notes repository); never raises for odd content."""
    found = Detected()
    _detect_site(folder, found)
    _detect_dates(folder, found)
    return found


def report(found: Detected) -> list[str]:
    """What was found, one line each, for the terminal."""
    lines = [f"site generator: {found.generator} ({found.generator_hint})" if found.generator
             else "site generator: none found"]
    lines.append(f"math pipeline: {found.pipeline} ({found.pipeline_hint})" if found.pipeline
                 else "math pipeline: auto (decided per note)")
    lines.append(f"heading ids: {found.slug_style}" if found.slug_style
                 else "heading ids: auto")
    if found.date_format:
        total = sum(found.date_formats.values())
        others = ", ".join(f"{n} {fmt}" for fmt, n in found.date_formats.most_common()[1:])
        order = f", {'oldest' if found.order == 'ascending' else 'newest'} first" \
            if found.order else ""
        lines.append(f"dated entries: {total} in {found.dated_notes} of {found.notes} notes, "
                     f"written {found.date_format}{order}"
                     + (f" (also {others})" if others else ""))
    else:
        lines.append(f"dated entries: none in {found.notes} notes")
    if found.exclude:
        lines.append(f"build output excluded: {', '.join(found.exclude)}")
    return lines


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def render(found: Detected) -> str:
    """The ``.notelint.toml`` text for ``found``: the schema hint, a comment, the settings."""
    out = [f"#:schema {SCHEMA_ID}", "# Written by `notelint init` from what it found:"]
    out += [f"#   {neutral(line)}" for line in report(found)]  # one comment line each
    out += ["# Every key: https://github.com/notelint/notelint#configuration", ""]
    if found.exclude:
        out.append(f"exclude = [{', '.join(_toml_str(e) for e in found.exclude)}]"
                   "   # build output")
        out.append("")
    if found.pipeline:
        out += ["[math]", f"pipeline = {_toml_str(found.pipeline)}", ""]
    links = []
    if found.slug_style:
        links.append(f"slug-style = {_toml_str(found.slug_style)}")
    if found.site_root:
        links.append(f"site-root = {_toml_str(found.site_root)}"
                     "   # where links like /img/a.png are looked up")
    if links:
        out += ["[links]", *links, ""]
    if found.order:
        out += ["[rules.DT001]", f"order = {_toml_str(found.order)}", ""]
    return "\n".join(out).rstrip("\n") + "\n"
