"""The note's YAML front matter, parsed once per document and shared by rules.

PyYAML's safe loader is used: its C implementation (libyaml) when the
installed PyYAML has it, for speed; a block that fails to parse is parsed
again by the pure-Python loader, whose error messages and positions are the
ones reported.

A block nested deeper than :data:`MAX_DEPTH` (``[[[[...]]]]`` a thousand
levels deep) is reported as not parsed, with that reason, instead of
exhausting the parser's recursion: one hostile note never ends a run.
"""

from __future__ import annotations

import re
import sys
from typing import Any, NamedTuple

from notelint.document import Document
from notelint.lazy import LazyPattern

#: Deepest nesting of collections accepted in front matter; real front matter
#: nests two or three levels.
MAX_DEPTH = 100


def _depth(data: Any) -> int:
    """Nesting depth of lists and mappings in ``data`` (iterative; a scalar is 0)."""
    deepest = 0
    stack = [(data, 1)]
    seen: set[int] = set()
    while stack:
        value, level = stack.pop()
        if isinstance(value, (list, dict)):
            if id(value) in seen:  # YAML aliases can share (or loop back to) a collection
                continue
            seen.add(id(value))
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
            items = value.values() if isinstance(value, dict) else value
            stack.extend((v, level + 1) for v in items)
            if isinstance(value, dict):
                stack.extend((k, level + 1) for k in value if isinstance(k, tuple))
    return deepest


class FrontMatter(NamedTuple):
    """A parsed front matter block.

    Attributes:
        data: the parsed value (a mapping for a valid block; any YAML value
            otherwise), or ``None`` when it did not parse.
        error: the YAML parser's problem description when it did not parse.
        error_line, error_column: 0-based position of the problem inside the
            block's content (``None`` when the parser gave none).
        first_line: 0-based document line of the block's first content line.
    """

    data: Any
    error: str | None
    error_line: int | None
    error_column: int | None
    first_line: int

    @property
    def mapping(self) -> dict[str, Any] | None:
        """The data when it is a mapping, else ``None``."""
        return self.data if isinstance(self.data, dict) else None


def front_matter(doc: Document) -> FrontMatter | None:
    """The document's front matter (``None`` when it has none); computed once per document."""
    return doc.memo(_parse)


#: How PyYAML's pure-Python reader's pattern of non-printable characters begins.
_NON_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E"


def import_yaml() -> Any:
    """The :mod:`yaml` module (PyYAML), imported now if it was not yet.

    Importing PyYAML compiles ``yaml.reader.Reader.NON_PRINTABLE``, a class of every
    printable Unicode range: about 15 ms, most of PyYAML's import time, for a pattern
    that only the pure-Python reader uses (libyaml's loader, notelint's first choice,
    does not).  While PyYAML is imported, that one pattern is made a
    :class:`notelint.lazy.LazyPattern` (compiled if the pure-Python reader runs);
    every other ``re.compile`` call is :func:`re.compile` itself.
    """
    module = sys.modules.get("yaml")
    if module is not None:
        return module
    real = re.compile

    def compile_(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and pattern.startswith(_NON_PRINTABLE):
            return LazyPattern(pattern, flags)
        return real(pattern, flags)

    re.compile = compile_  # type: ignore[assignment]
    try:
        import yaml
    finally:
        re.compile = real
    return yaml


def _parse(doc: Document) -> FrontMatter | None:
    tok = doc.tokens[0] if doc.tokens else None
    if tok is None or tok.type != "front_matter" or not tok.map:
        return None
    yaml = import_yaml()
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    first = tok.map[0] + 1
    too_deep = FrontMatter(None, f"collections are nested more than {MAX_DEPTH} levels deep",
                           None, None, first)
    try:
        data = yaml.load(tok.content, Loader=loader)
        return too_deep if _depth(data) > MAX_DEPTH else FrontMatter(data, None, None, None, first)
    except RecursionError:
        return too_deep
    except yaml.YAMLError:
        pass
    # Parse again with the pure-Python loader: its messages and positions are
    # the precise ones, and the same whether or not libyaml is installed.
    try:
        data = yaml.safe_load(tok.content)
    except RecursionError:
        return too_deep
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        # PyYAML's context points at where the broken construct began (an
        # unclosed quote on line 2 when the problem is only noticed at the
        # block's end); keep that pointer, in the note's line numbers.
        context = getattr(exc, "context", None)
        where = getattr(exc, "context_mark", None)
        if context and where is not None and (mark is None or where.line != mark.line):
            problem += (f" ({context} that starts at line {first + 1 + where.line}, "
                        f"column {where.column + 1})")
        return FrontMatter(None, problem, getattr(mark, "line", None), getattr(mark, "column", None),
                           first)
    return too_deep if _depth(data) > MAX_DEPTH else FrontMatter(data, None, None, None, first)
