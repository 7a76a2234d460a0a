"""Helpers shared by the MA rules: the pipeline of a note, its math view, positions."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

from notelint.diagnostics import Edit, Fix
from notelint.document import Document
from notelint.math.model import MathView, front_matter, math_view
from notelint.math.pipeline import Pipeline, relative_path, resolve
from notelint.rule import DocumentContext
from notelint.site import site_of

PipelineName = Literal["", "auto", "commonmark", "gfm", "kramdown", "math-aware", "github"]


class PipelineOptions(NamedTuple):
    """Options every MA rule has.

    Each rule's ``Options`` subclasses it without adding fields (a named tuple
    cannot take more fields in a subclass): the rules share this field, its
    type and its documentation, and each keeps a class of its own.

    Attributes:
        pipeline: this rule's pipeline, overriding ``[math] pipeline`` (``""``: use it).
    """

    pipeline: PipelineName = ""


def _pipelines(doc: Document) -> dict[tuple[str, int], Pipeline]:
    return {}


def pipeline_of(ctx: DocumentContext, option: str = "") -> Pipeline:
    """The pipeline for ``ctx``'s note (see :func:`notelint.math.pipeline.resolve`).

    Resolved once per note, rule option and configuration; the front matter is
    read only when the pipeline is ``auto``.
    """
    doc = ctx.document
    cache = doc.memo(_pipelines)
    key = (option, id(ctx.settings))
    found = cache.get(key)
    if found is not None:
        return found
    sections = getattr(ctx.settings, "sections", None) or {}
    settings = sections.get("math", {})
    option = "" if option == "auto" else option
    # The note's relative path matters only to ``per-file`` patterns (resolving it stats the file).
    relpath = relative_path(ctx.settings, doc.path) if settings.get("per-file") else None
    found = resolve(settings, option=option, relpath=relpath)
    if not option and found.name == resolve({}).name and \
            str(settings.get("pipeline", "auto")) == "auto":
        site = site_of(Path(doc.path)) if not doc.path.startswith("<") else None
        if site is not None and not (relpath and _per_file_match(settings, relpath)):
            site_settings = settings
            if site.inline_dollar is False and not settings.get("delimiters"):
                site_settings = {**settings, "delimiters": {"inline": [["\\(", "\\)"]]}}
            found = resolve(site_settings, option=site.pipeline)
        else:
            found = resolve(settings, option=option, relpath=relpath,
                            front_matter=front_matter(doc))
    cache[key] = found
    return found


def view_of(ctx: DocumentContext, option: str = "") -> MathView:
    """The math view of ``ctx``'s note under its pipeline."""
    return math_view(ctx.document, pipeline_of(ctx, option))


def where(doc: Document, offset: int) -> str:
    """``line:column`` of ``offset``."""
    return str(doc.position(offset))


def snippet(text: str, limit: int = 40) -> str:
    """``text`` on one line, shortened to ``limit`` characters for a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def replace(start: int, end: int, text: str, description: str, *, safe: bool) -> Fix:
    """A one-edit fix."""
    return Fix(description, (Edit(start, end, text),), safe=safe)


def spelled(portable: str, following: str) -> str:
    """``portable`` followed by a space when the next character would extend a control word."""
    if portable[-1].isalpha() and following[:1].isalpha():
        return portable + " "
    return portable


def _per_file_match(settings: Mapping[str, Any], relpath: str) -> bool:
    """Whether a ``[math] per-file`` pattern names the note (it wins over the site)."""
    import pathspec

    return any(pathspec.GitIgnoreSpec.from_lines([p]).match_file(relpath)
               for p in (settings.get("per-file") or {}))


class Engine(NamedTuple):
    """The math engine of a note and where that came from.

    Attributes:
        name: ``"mathjax"`` or ``"katex"``.
        macros: control words (no backslash) the site's loader defines.
        source: ``"[math] engine"``, the site file it was read from, or ``"default"``.
    """

    name: str
    macros: frozenset[str]
    source: str


def engine_of(ctx: DocumentContext) -> Engine:
    """The engine for ``ctx``'s note: ``[math] engine``, else the site's, else MathJax 3."""
    sections = getattr(ctx.settings, "sections", None) or {}
    settings = sections.get("math", {})
    doc = ctx.document
    site = site_of(Path(doc.path)) if not doc.path.startswith("<") else None
    macros = frozenset(site.macros) if site is not None else frozenset()
    configured = str(settings.get("engine", "auto"))
    if configured != "auto":
        return Engine(configured, macros, "[math] engine")
    if site is not None:
        return Engine(site.engine, macros, str(site.engine_source or site.source))
    return Engine("mathjax", macros, "default")
