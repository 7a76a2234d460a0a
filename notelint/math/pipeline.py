"""Publishing pipelines: what the markdown renderer does to math, and how MathJax finds it.

A :class:`Pipeline` has two halves:

* the *renderer*: which markdown flavour turns the note into HTML
  (``"commonmark"`` or ``"gfm"``, modelled with markdown-it-py) and which math
  delimiters it *protects* (leaves untouched, so MathJax or KaTeX receives the
  TeX exactly as written);
* the *finder*: the MathJax 3 delimiters searched for in the HTML text
  (``FindTeX``), or none when math is typeset while rendering.

Presets (``[math] pipeline = "..."``):

``commonmark``
    A renderer that knows no math (markdown-it, cmark, Jekyll with a plain
    MathJax ``<script>`` and no math engine), then MathJax 3 on the page.
``gfm``
    The same with GitHub-flavoured markdown (tables, strikethrough), e.g.
    cmark-gfm, Hugo/goldmark without a math extension, MkDocs without arithmatex.
``kramdown``
    Jekyll's default (GitHub Pages): kramdown protects ``$$...$$`` (inline and
    display) and hands it to MathJax as ``\\(...\\)`` / ``\\[...\\]``; a single
    ``$`` is ordinary text that markdown processes first and that MathJax finds
    only when ``$`` is configured as an inline delimiter.  Modelled by
    :mod:`notelint.math.kramdown` (kramdown's own block and span rules).
``math-aware``
    Math spans are protected and typeset while rendering: remark-math/rehype-katex,
    gatsby-remark-katex, markdown-it-dollarmath/texmath, pandoc, Obsidian, Typora.
``github``
    GitHub.com's markdown math (``$...$``, ``$$...$$``, ```` ```math ```` fences),
    which protects math before markdown runs.

MathJax delimiters.  MathJax 3's own default ``inlineMath`` is only
``\\(...\\)`` (its ``$`` pair is commented out in ``FindTeX.OPTIONS``), but the
MathJax set-ups that naive pipelines use (Jekyll themes with ``use_math``,
Minimal Mistakes, Chirpy, most blog snippets) configure
``inlineMath: [['$','$'], ['\\\\(','\\\\)']]``, and notes written for them use
``$``.  The presets therefore search ``$...$`` and ``\\(...\\)`` inline,
``$$...$$`` and ``\\[...\\]`` display; ``[math] delimiters = {inline = [...],
display = [...]}`` replaces them (give ``inline = [["\\\\(", "\\\\)"]]`` for
MathJax's bare default).

Choosing the pipeline of a note, first match wins: the rule's own ``pipeline``
option; ``[math] per-file`` (``{ "posts/*.md" = "kramdown" }``); ``[math]
pipeline`` unless ``"auto"``; the site's own configuration found by walking up
from the note (:mod:`notelint.site`, applied by the MA rules); a front-matter
hint; the default ``math-aware``.
The only hint taken is ``use_math: true`` / ``mathjax: true`` / ``math: true``
with ``layout:`` (the Jekyll convention, whose renderer is kramdown): it names
the site generator reliably.  Other keys (``template:``, ``path:``) do not say
how math is rendered and are ignored.  ``math-aware`` is the default because
most renderers in use today protect math, and it is the pipeline where fewest
findings depend on guesses.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

#: Names accepted by ``[math] pipeline`` (plus ``"auto"``).
PRESETS = ("commonmark", "gfm", "kramdown", "math-aware", "github")
DEFAULT_PIPELINE = "math-aware"

#: MathJax 3 FindTeX delimiters the naive presets search for (see the module docstring).
DEFAULT_INLINE: tuple[tuple[str, str], ...] = (("$", "$"), ("\\(", "\\)"))
DEFAULT_DISPLAY: tuple[tuple[str, str], ...] = (("$$", "$$"), ("\\[", "\\]"))

#: Characters CommonMark lets a backslash escape (ASCII punctuation).
COMMONMARK_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
#: Characters kramdown lets a backslash escape (``Kramdown::Parser::Kramdown::ESCAPED_CHARS``).
KRAMDOWN_ESCAPABLE = frozenset("\\.*_+-`()[]{}#!:|\"'$=<>")


class PipelineError(ValueError):
    """An unknown pipeline name or malformed ``[math]`` setting."""


class Pipeline(NamedTuple):
    """How one publishing set-up treats the math of a note.

    Attributes:
        name: the preset name.
        flavour: markdown flavour of the renderer (``"commonmark"`` or ``"gfm"``).
        protects: delimiters whose content the renderer leaves alone:
            a subset of ``{"$", "$$", "math-fence"}``.
        inline, display: MathJax ``FindTeX`` delimiter pairs searched in the
            HTML text; both empty when nothing is searched client-side.
        escapable: characters a markdown backslash escape consumes.
    """

    name: str
    flavour: str = "commonmark"
    protects: frozenset[str] = frozenset()
    inline: tuple[tuple[str, str], ...] = DEFAULT_INLINE
    display: tuple[tuple[str, str], ...] = DEFAULT_DISPLAY
    escapable: frozenset[str] = COMMONMARK_ESCAPABLE

    @property
    def searches(self) -> bool:
        """Whether MathJax searches the rendered text for delimiters (a *naive* pipeline)."""
        return bool(self.inline or self.display)

    @property
    def protects_single(self) -> bool:
        """Whether ``$...$`` is protected from markdown."""
        return "$" in self.protects


def preset(name: str, delimiters: Mapping[str, Any] | None = None) -> Pipeline:
    """The preset ``name`` with optional MathJax ``delimiters`` (``{"inline": [[o, c]], "display": ...}``).

    Raises:
        PipelineError: unknown name or malformed delimiters.
    """
    inline, display = DEFAULT_INLINE, DEFAULT_DISPLAY
    if delimiters:
        unknown = set(delimiters) - {"inline", "display"}
        if unknown:
            raise PipelineError(f"[math] delimiters: unknown key `{sorted(unknown)[0]}` "
                                "(expected `inline`, `display`)")
        inline = _pairs(delimiters.get("inline", inline), "inline")
        display = _pairs(delimiters.get("display", display), "display")
    if name in ("commonmark", "gfm"):
        return Pipeline(name, flavour=name, inline=inline, display=display)
    if name == "kramdown":
        return Pipeline(name, protects=frozenset({"$$"}), inline=inline, display=display,
                        escapable=KRAMDOWN_ESCAPABLE)
    if name == "math-aware":
        return Pipeline(name, protects=frozenset({"$", "$$"}), inline=(), display=())
    if name == "github":
        return Pipeline(name, flavour="gfm", protects=frozenset({"$", "$$", "math-fence"}),
                        inline=(), display=())
    raise PipelineError(f"unknown math pipeline `{name}`; expected one of: "
                        f"{', '.join(PRESETS)}, auto")


def _pairs(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, (list, tuple)) or not all(
            isinstance(p, (list, tuple)) and len(p) == 2 and all(isinstance(s, str) and s for s in p)
            for p in value):
        raise PipelineError(f"[math] delimiters.{where} must be a list of [open, close] pairs")
    return tuple((p[0], p[1]) for p in value)


def front_matter_hint(front_matter: Mapping[str, Any] | None) -> str | None:
    """The pipeline a note's front matter implies, or ``None`` (see the module docstring)."""
    if not front_matter or "layout" not in front_matter:
        return None
    for key in ("use_math", "mathjax", "math"):
        if front_matter.get(key) is True:
            return "kramdown"
    return None


def resolve(settings: Mapping[str, Any], *, option: str = "", relpath: str | None = None,
            front_matter: Mapping[str, Any] | None = None) -> Pipeline:
    """The pipeline of one note.

    Args:
        settings: the ``[math]`` section (keys ``pipeline``, ``delimiters``, ``per-file``).
        option: a rule's ``pipeline`` option (``""`` for none).
        relpath: the note's path relative to the configuration root (POSIX), if known.
        front_matter: the note's parsed front matter.

    Raises:
        PipelineError: an unknown pipeline name.
    """
    delimiters = settings.get("delimiters")
    if option:
        return preset(option, delimiters)
    if relpath is not None:
        import pathspec  # only for [math] per-file patterns

        for pattern, name in (settings.get("per-file") or {}).items():
            if pathspec.GitIgnoreSpec.from_lines([pattern]).match_file(relpath):
                return preset(str(name), delimiters)
    name = str(settings.get("pipeline", "auto"))
    if name == "auto":
        name = front_matter_hint(front_matter) or DEFAULT_PIPELINE
    return preset(name, delimiters)


def relative_path(settings_obj: Any, path: str) -> str | None:
    """``path`` relative to the configuration root, when the settings object knows it."""
    rel = getattr(settings_obj, "relative", None)
    if rel is None or path.startswith("<"):
        return None
    result = rel(Path(path))
    return result if isinstance(result, str) else None
