"""The site a note is published with, read from the site's own configuration.

:func:`site_of` walks up from a note's folder and stops at the first folder
that holds a site generator's configuration, or at the repository root
(a folder with ``.git``).  What it reads:

* **Jekyll** (``_config.yml`` / ``_config.yaml``): ``markdown`` (default
  ``kramdown``; ``CommonMarkGhPages``/``commonmark`` → ``gfm``),
  ``kramdown.input``, ``kramdown.math_engine``; and the math loader in
  ``_includes/*.html`` / ``_layouts/*.html`` (KaTeX or MathJax, and whether
  ``$`` is an inline delimiter).  Pipeline ``kramdown``.
* **Gatsby** (``gatsby-config.js``/``.ts``/``.mjs``): ``remark-math`` /
  ``gatsby-remark-katex`` / ``rehype-katex`` / ``rehype-mathjax`` → ``math-aware``
  with KaTeX or MathJax; without a math plugin → ``gfm``.
* **Hugo** (``hugo.toml``/``.yaml``/``.json``, or ``config.toml`` with ``baseURL``):
  goldmark's ``passthrough`` extension → ``math-aware``; otherwise ``gfm`` (math
  is found in the HTML by MathJax/KaTeX auto-render); KaTeX when ``layouts/``
  loads it.
* **MkDocs** (``mkdocs.yml``): ``pymdownx.arithmatex`` → ``math-aware``; otherwise ``gfm``.
* a **plain GitHub repository** (``.git`` and none of the above): ``github``.

Nothing found (no repository): ``None``, and the caller keeps its default.
Configuration files are read as text and matched by key; nothing is executed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Site:
    """What :func:`site_of` found.

    Attributes:
        generator: ``"jekyll"``, ``"gatsby"``, ``"hugo"``, ``"mkdocs"`` or ``"github"``.
        pipeline: the notelint math pipeline preset that matches the site.
        engine: ``"mathjax"`` or ``"katex"``.
        source: the configuration file the pipeline was read from (the
            repository folder for ``github``).
        engine_source: the file the engine was read from (``None``: the generator's default).
        reason: one sentence saying why.
    """

    generator: str
    pipeline: str
    engine: str
    source: Path
    engine_source: Path | None
    reason: str


_JEKYLL = ("_config.yml", "_config.yaml")
_GATSBY = ("gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs", "gatsby-config.cjs")
_HUGO = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
_HUGO_OLD = ("config.toml", "config.yaml", "config.yml")
_MKDOCS = ("mkdocs.yml", "mkdocs.yaml")


def site_of(note: Path) -> Site | None:
    """The site that publishes ``note`` (see the module docstring), or ``None``."""
    try:
        folder = note.resolve().parent
    except OSError:
        return None
    return _site_in(folder)


@functools.lru_cache(maxsize=256)
def _site_in(folder: Path) -> Site | None:
    for here in (folder, *folder.parents):
        found = _detect(here)
        if found is not None:
            return found
        if (here / ".git").exists():
            return Site("github", "github", "mathjax", here, None,
                        f"plain GitHub repository at `{here}` (no site configuration up to "
                        "its root): github.com renders it, with its own math support")
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _detect(here: Path) -> Site | None:
    for name in _JEKYLL:
        if (here / name).is_file():
            return _jekyll(here, here / name)
    for name in _GATSBY:
        if (here / name).is_file():
            return _gatsby(here / name)
    for name in _HUGO:
        if (here / name).is_file():
            return _hugo(here, here / name)
    for name in _HUGO_OLD:
        path = here / name
        if path.is_file() and re.search(r"(?im)^\s*baseurl\s*[:=]", _read(path)):
            return _hugo(here, path)
    for name in _MKDOCS:
        if (here / name).is_file():
            return _mkdocs(here / name)
    return None


def _jekyll(root: Path, config: Path) -> Site:
    try:
        data = yaml.safe_load(_read(config)) or {}
    except yaml.YAMLError:
        data = {}
    data = data if isinstance(data, dict) else {}
    markdown = str(data.get("markdown") or "kramdown")
    kram = data.get("kramdown") if isinstance(data.get("kramdown"), dict) else {}
    engine, engine_source = "mathjax", None
    math_engine = str((kram or {}).get("math_engine") or "")
    if math_engine.lower() == "katex":
        engine, engine_source = "katex", config
    else:
        for folder in ("_includes", "_layouts"):
            for page in sorted((root / folder).glob("*.html")) if (root / folder).is_dir() else ():
                text = _read(page).lower()
                if "katex" in text:
                    engine, engine_source = "katex", page
                    break
                if "mathjax" in text:
                    engine_source = page
                    break
            if engine_source is not None:
                break
    if markdown.lower() in ("commonmarkghpages", "commonmark"):
        pipeline = "gfm"
        why = f"`markdown: {markdown}`"
    else:
        pipeline = "kramdown"
        why = ("`markdown: kramdown`" if "markdown" in data else "no `markdown:` key (Jekyll's "
               "default, kramdown)")
        inp = str((kram or {}).get("input") or "GFM")
        why += f", kramdown input {inp}"
    return Site("jekyll", pipeline, engine, config, engine_source,
                f"Jekyll site: {why}; math by {'KaTeX' if engine == 'katex' else 'MathJax'}")


def _gatsby(config: Path) -> Site:
    text = _read(config)
    katex = re.search(r"katex", text, re.I) is not None
    math = re.search(r"remark-math|gatsby-remark-katex|rehype-katex|rehype-mathjax|"
                     r"gatsby-remark-mathjax", text) is not None
    engine = "katex" if katex else "mathjax"
    if math:
        return Site("gatsby", "math-aware", engine, config, config,
                    f"Gatsby site with a math plugin (remark-math/"
                    f"{'KaTeX' if katex else 'MathJax'}) in `{config.name}`")
    return Site("gatsby", "gfm", engine, config, None,
                f"Gatsby site without a math plugin in `{config.name}`")


def _hugo(root: Path, config: Path) -> Site:
    text = _read(config)
    engine, engine_source = "mathjax", None
    layouts = root / "layouts"
    if layouts.is_dir():
        for page in sorted(layouts.rglob("*.html"))[:500]:
            low = _read(page).lower()
            if "katex" in low:
                engine, engine_source = "katex", page
                break
            if "mathjax" in low:
                engine_source = page
    if re.search(r"passthrough", text, re.I):
        return Site("hugo", "math-aware", engine, config, engine_source,
                    f"Hugo site with goldmark's passthrough extension in `{config.name}`")
    return Site("hugo", "gfm", engine, config, engine_source,
                f"Hugo site: goldmark without math passthrough (`{config.name}`), math found in "
                "the HTML")


def _mkdocs(config: Path) -> Site:
    text = _read(config)
    if "arithmatex" in text:
        engine = "katex" if "katex" in text.lower() else "mathjax"
        return Site("mkdocs", "math-aware", engine, config, config,
                    "MkDocs site with pymdownx.arithmatex")
    return Site("mkdocs", "gfm", "mathjax", config, None,
                "MkDocs site without pymdownx.arithmatex (Python-Markdown)")
