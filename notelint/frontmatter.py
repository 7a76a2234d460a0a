"""The note's YAML front matter, parsed once per document and shared by rules.

Most front matter is a handful of ``key: value`` lines.  Those are read by
:func:`read_simple`, a reader of a strict subset of YAML (described there)
whose result is the one PyYAML's safe loader gives, without importing PyYAML
(about 10 ms of a one-note check).  Everything outside the subset is parsed
by PyYAML's safe loader: its C implementation (libyaml) when the installed
PyYAML has it, for speed; a block that fails to parse is parsed again by the
pure-Python loader, whose error messages and positions are the ones reported.

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


# -- the simple subset, read without PyYAML -------------------------------------------------

#: What :func:`read_simple` returns for a block outside its subset.
NOT_SIMPLE: Any = type("NotSimple", (), {"__repr__": lambda self: "NOT_SIMPLE", "__slots__": ()})()

#: PyYAML's implicit resolvers (``yaml.resolver.Resolver`` of PyYAML 6.0, YAML 1.1):
#: (tag, pattern, flags, first characters), in the order PyYAML tries them.  A test
#: checks this copy against the installed PyYAML's ``SafeLoader.yaml_implicit_resolvers``.
IMPLICIT_RESOLVERS: tuple[tuple[str, str, int, str], ...] = (
    ("bool", r'''^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$''', re.X, "yYnNtTfFoO"),
    ("float", r'''^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$''', re.X, "-+0123456789."),
    ("int", r'''^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$''', re.X, "-+0123456789"),
    ("merge", r'^(?:<<)$', 0, "<"),
    ("null", r'''^(?: ~
                    |null|Null|NULL
                    | )$''', re.X, "~nN"),  # and the empty string
    ("timestamp", r'''^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$''', re.X, "0123456789"),
    ("value", r'^(?:=)$', 0, "="),
    ("yaml", r'^(?:!|&|\*)$', 0, "!&*"),
)

#: The words the ``bool`` and ``null`` resolvers match: their patterns are alternations of
#: exactly these words, so a plain scalar that starts with one of their first characters
#: and is not one of these words is a string.
_BOOL_WORDS = {w: w.lower() in ("yes", "true", "on") for w in (
    "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF")}
_NULL_WORDS = frozenset(("~", "null", "Null", "NULL"))
_WORD_FIRSTS = frozenset("yYnNtTfFoO~")
_RESOLVER_FIRSTS = frozenset("".join(r[3] for r in IMPLICIT_RESOLVERS))
#: Characters a plain scalar may not start with (PyYAML's ``check_plain``; ``-?:``
#: followed by a non-space would be allowed, but are refused here).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_KEY_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_KEY_CHARS = _KEY_FIRST | frozenset("0123456789-")
_DIGITS = frozenset("0123456789")
_compiled: dict[str, list[tuple[str, re.Pattern[str]]]] = {}


class _NotSimple(Exception):
    """Raised inside :func:`read_simple` when the block leaves the subset."""


def _resolvers(first: str) -> list[tuple[str, re.Pattern[str]]]:
    """The implicit resolvers for a plain scalar starting with ``first``, compiled on first use."""
    found = _compiled.get(first)
    if found is None:
        found = _compiled[first] = [(tag, re.compile(pattern, flags))
                                    for tag, pattern, flags, firsts in IMPLICIT_RESOLVERS
                                    if first in firsts]
    return found


def resolve_plain(value: str) -> str:
    """The tag (``"str"``, ``"bool"``, ``"int"``...) PyYAML's resolver gives a plain scalar.

    Exactly ``yaml.resolver.Resolver.resolve`` for a non-empty plain scalar, from the
    copy :data:`IMPLICIT_RESOLVERS`: the first pattern registered for the scalar's first
    character that matches, else ``"str"``.  The common forms are answered without
    compiling a pattern: the bool and null words, ``0``/``[1-9][0-9]*`` (int: the float
    patterns need a ``.``) and ``YYYY-MM-DD`` (timestamp: neither float nor int allows an
    inner ``-``).
    """
    if value in _BOOL_WORDS:
        return "bool"
    if value in _NULL_WORDS:
        return "null"
    first = value[0]
    if first not in _RESOLVER_FIRSTS or first in _WORD_FIRSTS:
        return "str"
    if value.isascii() and value.isdigit() and (first != "0" or value == "0"):
        return "int"
    if (len(value) == 10 and value[4] == "-" == value[7]
            and all(c in _DIGITS for c in value[:4] + value[5:7] + value[8:])):
        return "timestamp"
    for tag, pattern in _resolvers(first):
        if pattern.match(value):
            return tag
    return "str"


def _plain(text: str) -> Any:
    """The value of the plain scalar ``text`` (already cut at its end), as SafeLoader builds it."""
    if text[0] in _INDICATORS or ": " in text or text[-1] == ":":
        raise _NotSimple
    tag = resolve_plain(text)
    if tag == "str":
        return text
    if tag == "bool":
        return _BOOL_WORDS[text]
    if tag == "null":
        return None
    if tag == "int" and text.isascii() and text.isdigit() and len(text) <= 18 and (text[0] != "0" or text == "0"):
        return int(text)
    if tag == "timestamp" and len(text) == 10:  # a date (SafeConstructor.construct_yaml_timestamp)
        import datetime

        try:
            return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:  # 2021-02-30: PyYAML's own error
            raise _NotSimple from None
    raise _NotSimple


def _after(rest: str) -> None:
    """Check that only spaces, or spaces and a comment, follow a closed scalar."""
    tail = rest.lstrip(" ")
    if tail and (tail[0] != "#" or len(tail) == len(rest)):
        raise _NotSimple


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The single-line quoted scalar at ``text[start]`` (no escapes): its value and end."""
    quote = text[start]
    end = text.find(quote, start + 1)
    if end < 0:
        raise _NotSimple
    value = text[start + 1:end]
    if quote == '"' and "\\" in value:
        raise _NotSimple
    return value, end + 1


def _flow_sequence(text: str) -> list[Any]:
    """The one-line flow sequence ``text`` (``[a, "b", 3]``) of scalars."""
    items: list[Any] = []
    n = len(text)
    i = 1
    while i < n and text[i] == " ":
        i += 1
    if i < n and text[i] == "]":
        _after(text[i + 1:])
        return items
    while i < n:
        if text[i] in "\"'":
            value, i = _quoted(text, i)
            items.append(value)
        else:
            j = i
            while j < n and text[j] not in ",]":
                j += 1
            item = text[i:j].rstrip(" ")
            if not item or any(c in item for c in "#:?[]{}\"'"):
                raise _NotSimple
            items.append(_plain(item))
            i = j
        while i < n and text[i] == " ":
            i += 1
        if i >= n:
            break
        if text[i] == "]":
            _after(text[i + 1:])
            return items
        if text[i] != ",":
            break
        i += 1
        while i < n and text[i] == " ":
            i += 1
        if i >= n or text[i] == "]":  # a trailing comma
            break
    raise _NotSimple


def _value(text: str) -> Any:
    """The value of a mapping entry or sequence item: ``text`` is its non-empty rest of line."""
    if text[0] in "\"'":
        value, end = _quoted(text, 0)
        _after(text[end:])
        return value
    if text[0] == "[":
        return _flow_sequence(text)
    cut = text.find(" #")
    return _plain((text if cut < 0 else text[:cut]).rstrip(" "))


def _read(content: str) -> Any:
    data: dict[str, Any] = {}
    open_key: str | None = None  # the last key, while its value is empty or a block sequence
    items: list[Any] | None = None
    item_indent = 0
    for line in content.split("\n"):
        if not line.isprintable():  # stricter than YAML's printable set; no tabs, breaks, BOM
            raise _NotSimple
        rest = line.lstrip(" ")
        if not rest or rest[0] == "#":
            continue
        if rest[0] == "-":  # a block sequence item, under the open key
            indent = len(line) - len(rest)
            if open_key is None or rest[:2] != "- ":
                raise _NotSimple
            if items is None:
                items = data[open_key] = []
                item_indent = indent
            elif indent != item_indent:
                raise _NotSimple
            text = rest[2:].lstrip(" ")
            if not text or text[0] in "#[":
                raise _NotSimple
            items.append(_value(text))
            continue
        if len(rest) != len(line):
            raise _NotSimple
        colon = line.find(":")
        key = line[:colon]
        if (colon <= 0 or colon > 128 or key[0] not in _KEY_FIRST
                or not _KEY_CHARS.issuperset(key) or key in data or resolve_plain(key) != "str"):
            raise _NotSimple
        text = line[colon + 1:]
        if text and text[0] != " ":
            raise _NotSimple
        text = text.lstrip(" ")
        items = None
        if not text or text[0] == "#":
            data[key] = None
            open_key = key
        else:
            data[key] = _value(text)
            open_key = None
    return data or None


def read_simple(content: str) -> Any:
    """The front matter ``content``, read without PyYAML when it is in the simple subset.

    Returns what ``yaml.safe_load(content)`` returns (same values, same types, same key
    order), or :data:`NOT_SIMPLE` when the block is outside the subset; then PyYAML
    reads it (its result, errors and positions, whatever they are).  The subset, chosen
    from the front matter Jekyll, Gatsby and Hugo notes have:

    * lines of printable characters (:meth:`str.isprintable`: no tabs, control
      characters, byte-order mark or YAML 1.1's extra line breaks), ``\\n`` line ends;
    * blank lines, and comment lines (``#`` after optional spaces);
    * ``key: value`` lines at column 0: the key ``[A-Za-z_][A-Za-z0-9_-]*`` (at most
      128 characters, none repeated, not a word that resolves to a bool or null such as
      ``on``), ``:``, then spaces and a value, or nothing (``None``), or a comment;
    * values on one line, followed only by spaces or by spaces and a ``#`` comment:
      ``"double-quoted"`` without ``\\`` and ``'single-quoted'`` without ``'`` inside (a
      string); a plain scalar not starting with an indicator (``-?:,[]{}#&*!|>'"%@```),
      without ``": "`` and not ending in ``:`` (cut at `` #``, trailing spaces dropped), its
      type resolved exactly as PyYAML does (:func:`resolve_plain`) and kept only when it
      is a string, a bool, null, a decimal integer ``0``/``[1-9][0-9]*`` (up to 18
      digits) or a valid date ``YYYY-MM-DD`` (:class:`datetime.date`); a one-line flow
      sequence ``[a, "b", 3]`` of such scalars (plain items without ``#:?[]{}"'``);
    * under a key with no value, a block sequence: ``- value`` lines, all indented alike
      (column 0 included), of the same values except flow sequences.

    A block with no key at all (empty, or only comments) is ``None``.
    """
    try:
        return _read(content)
    except _NotSimple:
        return NOT_SIMPLE


def _parse(doc: Document) -> FrontMatter | None:
    tok = doc.tokens[0] if doc.tokens else None
    if tok is None or tok.type != "front_matter" or not tok.map:
        return None
    first = tok.map[0] + 1
    simple = read_simple(tok.content)
    if simple is not NOT_SIMPLE:
        return FrontMatter(simple, None, None, None, first)
    yaml = import_yaml()
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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
