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
* **d2lbook** (``config.ini`` with ``[project]`` and ``[build] notebooks``): ``math-aware``.
* a **plain GitHub repository** (``.git`` and none of the above): ``github``.

Nothing found (no repository): ``None``, and the caller keeps its default.
Configuration files are read as text and matched by key; nothing is executed.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import NamedTuple

from notelint.lazy import lazy_compile


class Site(NamedTuple):
    """What :func:`site_of` found.

    Attributes:
        generator: ``"jekyll"``, ``"gatsby"``, ``"hugo"``, ``"mkdocs"``, ``"d2lbook"`` or ``"github"``.
        pipeline: the notelint math pipeline preset that matches the site.
        engine: ``"mathjax"`` or ``"katex"``.
        source: the configuration file the pipeline was read from (the
            repository folder for ``github``).
        engine_source: the file the engine was read from (``None``: the generator's default).
        reason: one sentence saying why.
        inline_dollar: whether the site's MathJax/KaTeX loader takes ``$...$`` as
            inline math (``None``: no loader read, keep the pipeline's default).
        macros: control words the loader defines (MathJax ``Macros``/``macros``,
            KaTeX ``macros``), without backslash, sorted (so that ``repr`` is stable
            across processes: the persistent cache keys on it).
    """

    generator: str
    pipeline: str
    engine: str
    source: Path
    engine_source: Path | None
    reason: str
    inline_dollar: bool | None = None
    macros: tuple[str, ...] = ()


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


def clear_site_cache() -> None:
    """Forget the sites found so far (a long-running process after configuration edits)."""
    _site_in.cache_clear()


@functools.lru_cache(maxsize=1024)
def _site_in(folder: Path) -> Site | None:
    # One folder at a time, memoised: the notes of sibling folders share their parents' answer.
    found = _detect(folder)
    if found is not None:
        return found
    if (folder / ".git").exists():
        return Site("github", "github", "mathjax", folder, None,
                    f"plain GitHub repository at `{folder}` (no site configuration up to "
                    "its root): github.com renders it, with its own math support")
    parent = folder.parent
    return None if parent == folder else _site_in(parent)


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
    ini = here / "config.ini"
    if ini.is_file():
        text = _read(ini)
        if re.search(r"(?m)^\[project\]", text) and re.search(r"(?m)^\[build\]", text) \
                and re.search(r"(?m)^notebooks\s*=", text):
            return Site("d2lbook", "math-aware", "mathjax", ini, None,
                        "d2lbook project (`config.ini` with [project] and [build] notebooks): "
                        "markdown becomes notebooks and Sphinx pages, math typeset by MathJax")
    return None


_MACROS_START = lazy_compile(r"\b[Mm]acros\s*:\s*\{")
_MACRO_NAME = lazy_compile(r"""["']?\\{0,2}([A-Za-z]+)["']?\s*:""")
_INLINE = lazy_compile(r"inlineMath\s*:\s*\[")


def loader_settings(text: str, engine: str) -> tuple[bool | None, tuple[str, ...]]:
    """``(inline_dollar, macros)`` read from a MathJax or KaTeX loader's text.

    ``inline_dollar``: for MathJax, whether its ``inlineMath`` list holds ``$``
    (``False`` without an ``inlineMath`` setting: MathJax 2 and 3 default to
    ``\\(...\\)`` only); for KaTeX auto-render, whether ``delimiters`` holds a
    single ``$`` (``True`` without a ``delimiters`` setting is not assumed:
    ``None``).  ``macros``: the keys of a ``macros: {...}`` object.
    """
    inline: bool | None = None
    if engine == "mathjax":
        m = _INLINE.search(text)
        if m is None:
            inline = False
        else:
            body = _bracketed(text, m.end() - 1, "[", "]")
            inline = re.search(r"""\[\s*["']\$["']""", body) is not None
    else:
        m = re.search(r"delimiters\s*:\s*\[", text)
        if m is not None:
            body = _bracketed(text, m.end() - 1, "[", "]")
            inline = re.search(r"""left\s*:\s*["']\$["']""", body) is not None
    macros: set[str] = set()
    for m in _MACROS_START.finditer(text):
        body = _bracketed(text, m.end() - 1, "{", "}")
        depth = 0
        for k, ch in enumerate(body):
            if ch in "{[":
                depth += 1
            elif ch in "}]":
                depth -= 1
            elif depth == 1 and (k == 0 or body[k - 1] in "{,\n \t"):
                nm = _MACRO_NAME.match(body, k)
                if nm:
                    macros.add(nm.group(1))
    return inline, tuple(sorted(macros))


def _loaders(root: Path, folders: tuple[str, ...],
             engine: str) -> tuple[bool | None, tuple[str, ...]]:
    """:func:`loader_settings` over every template under ``folders`` that names ``engine``."""
    texts = []
    for folder in folders:
        if (root / folder).is_dir():
            for page in sorted((root / folder).rglob("*.html"))[:500]:
                text = _read(page)
                if engine in text.lower():
                    texts.append(text)
    return loader_settings("\n".join(texts), engine)


def _bracketed(text: str, start: int, open_: str, close: str) -> str:
    """``text[start:]`` up to the bracket that closes the one at ``start`` (bounded)."""
    depth = 0
    for k in range(start, min(len(text), start + 20000)):
        if text[k] == open_:
            depth += 1
        elif text[k] == close:
            depth -= 1
            if depth == 0:
                return text[start:k + 1]
    return text[start:start + 20000]


def _jekyll(root: Path, config: Path) -> Site:
    import yaml  # only for a Jekyll site

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
    inline, macros = (_loaders(root, ("_includes", "_layouts"), engine)
                      if engine_source is not None and engine_source != config else (None, ()))
    dollar = "" if inline is None else (", `$...$` inline" if inline else ", no `$...$` inline")
    return Site("jekyll", pipeline, engine, config, engine_source,
                f"Jekyll site: {why}; math by {'KaTeX' if engine == 'katex' else 'MathJax'}{dollar}",
                inline, macros)


def _gatsby(config: Path) -> Site:
    text = _read(config)
    katex = re.search(r"katex", text, re.I) is not None
    math = re.search(r"remark-math|gatsby-remark-katex|rehype-katex|rehype-mathjax|"
                     r"gatsby-remark-mathjax", text) is not None
    engine = "katex" if katex else "mathjax"
    if math:
        return Site("gatsby", "math-aware", engine, config, config,
                    f"Gatsby site with a math plugin (remark-math/"
                    f"{'KaTeX' if katex else 'MathJax'}) in `{config.name}`",
                    None, loader_settings(text, engine)[1])
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
    inline, macros = (_loaders(root, ("layouts",), engine) if engine_source is not None
                      else (None, ()))
    if re.search(r"passthrough", text, re.I):
        return Site("hugo", "math-aware", engine, config, engine_source,
                    f"Hugo site with goldmark's passthrough extension in `{config.name}`")
    return Site("hugo", "gfm", engine, config, engine_source,
                f"Hugo site: goldmark without math passthrough (`{config.name}`), math found in "
                "the HTML", inline, macros)


def _mkdocs(config: Path) -> Site:
    text = _read(config)
    if "arithmatex" in text:
        engine = "katex" if "katex" in text.lower() else "mathjax"
        return Site("mkdocs", "math-aware", engine, config, config,
                    "MkDocs site with pymdownx.arithmatex")
    return Site("mkdocs", "gfm", "mathjax", config, None,
                "MkDocs site without pymdownx.arithmatex (Python-Markdown)")
