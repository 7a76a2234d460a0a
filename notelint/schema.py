"""A JSON Schema of the configuration, generated from the settings themselves.

Editors that understand TOML schemas (taplo and the Even Better TOML extension
for VS Code) complete and check ``.notelint.toml`` with it, given either a
first-line comment or a root key::

    #:schema https://raw.githubusercontent.com/notelint/notelint/main/notelint/data/notelint.schema.json

    "$schema" = "https://raw.githubusercontent.com/notelint/notelint/main/notelint/data/notelint.schema.json"

The schema is built from what notelint validates: the top-level keys of
:mod:`notelint.config`, the family sections (the settings classes named
in :data:`notelint.config.SECTION_TYPES` and the plain ``[math]`` table of
:data:`notelint.config.SECTIONS`) and every built-in rule's ``Options``
class, read through :func:`notelint.rule.option_fields` (named tuples and
dataclasses alike), with types from their annotations, defaults from their
fields and descriptions from their docstrings' ``Attributes:`` sections.  Keys are
written kebab-case (notelint also accepts snake_case).  The committed copy,
``notelint/data/notelint.schema.json``, is regenerated with
``python -m notelint.schema > notelint/data/notelint.schema.json``; a test
keeps it in step with the code.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import sys
import types
import typing
from collections.abc import Mapping
from typing import Any

from notelint import __version__
from notelint.diagnostics import Severity
from notelint.rule import option_fields

SCHEMA_ID = ("https://raw.githubusercontent.com/notelint/notelint/main/"
             "notelint/data/notelint.schema.json")
DRAFT = "http://json-schema.org/draft-07/schema#"

_SELECTORS: dict[str, Any] = {
    "description": "Rule ids (FN001), prefixes (FN), names or ALL: a list, or one "
                   "comma-separated string.",
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
}


def _kebab(name: str) -> str:
    return name.replace("_", "-")


def attribute_docs(cls: type[Any]) -> dict[str, str]:
    """Field name -> description from the ``Attributes:`` sections of ``cls``'s docstrings.

    Base classes' docstrings count too (a subclass documents only what it adds).
    """
    out: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if "__doc__" in vars(klass) and klass is not object:
            out.update(_own_attribute_docs(klass.__doc__ or ""))
    return out


def _own_attribute_docs(doc: str) -> dict[str, str]:
    m = re.search(r"^Attributes:[ \t]*\n((?:[ \t]+\S.*\n?|[ \t]*\n)*)", inspect.cleandoc(doc),
                  re.M)
    if m is None:
        return {}
    out: dict[str, str] = {}
    current: list[str] = []
    item_indent: int | None = None
    for line in m.group(1).splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if item_indent is None:
            item_indent = indent
        item = re.match(r"([a-z_][a-z0-9_]*(?:,\s*[a-z_][a-z0-9_]*)*):\s*(.*)$", line.strip())
        if indent == item_indent and item:
            current = [n.strip() for n in item.group(1).split(",")]
            for name in current:
                out[name] = item.group(2).strip()
        elif current:
            for name in current:
                out[name] = (out[name] + " " + line.strip()).strip()
    return {k: re.sub(r"``([^`]+)``", r"`\1`", v) for k, v in out.items()}


def type_schema(tp: Any) -> dict[str, Any]:
    """The JSON Schema of a settings annotation (as :func:`notelint.config._coerce` reads it)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return {}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [type_schema(a) for a in args]}
    if origin in (tuple, list, frozenset, set):
        inner = args[0] if (args and args[-1] is not Ellipsis) or len(args) == 2 else Any
        if origin is tuple and len(args) > 1 and args[-1] is not Ellipsis:
            return {"type": "array", "items": [type_schema(a) for a in args],
                    "minItems": len(args), "maxItems": len(args)}
        return {"type": "array", "items": type_schema(inner)}
    if origin in (dict, Mapping) or tp in (dict, Mapping):
        schema: dict[str, Any] = {"type": "object"}
        if len(args) == 2 and args[1] is not Any:
            schema["additionalProperties"] = type_schema(args[1])
        return schema
    if tp is type(None):
        return {"type": "null"}
    simple = {bool: "boolean", int: "integer", float: "number", str: "string"}
    if tp in simple:
        return {"type": simple[tp]}
    return {}


def _json_default(value: Any) -> Any:
    if isinstance(value, tuple | list | frozenset):
        items = [_json_default(v) for v in value]
        return items if all(i is not _NO for i in items) else _NO
    if isinstance(value, dict):
        out = {str(k): _json_default(v) for k, v in value.items()}
        return out if all(v is not _NO for v in out.values()) else _NO
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return _NO


_NO = object()


def options_schema(cls: type[Any], extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """An object schema with one property per field of options class ``cls`` (kebab-case keys).

    ``cls`` is a named tuple class or a dataclass (:func:`notelint.rule.option_fields`);
    ``extra`` holds properties put before the fields' (a rule table's ``severity``).

    Raises:
        TypeError: ``cls`` is neither a named tuple class nor a dataclass.
    """
    docs = attribute_docs(cls)
    props: dict[str, Any] = dict(extra or {})
    for f in option_fields(cls):
        prop = type_schema(f.type)
        if f.name in docs:
            prop = {"description": docs[f.name], **prop}
        default = _NO if f.default is dataclasses.MISSING else _json_default(f.default)
        if default is not _NO and not (isinstance(default, str) and __version__ in default):
            prop["default"] = default  # (a default naming the version would date the file)
        props[_kebab(f.name)] = prop
    return {"type": "object", "properties": props, "additionalProperties": False}


def _rule_tables() -> dict[str, Any]:
    from notelint.rules import BUILTIN_RULES

    severity = {"description": "Severity of the rule's findings.",
                "enum": [str(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]}
    out: dict[str, Any] = {}
    for rule in BUILTIN_RULES:
        table = options_schema(rule.Options, {"severity": severity})
        table["description"] = f"{rule.code} {rule.name}: {rule.summary}"
        out[rule.code] = table
        out[rule.name] = {"$ref": f"#/definitions/rules/properties/{rule.code}"}
    return out


def _sections() -> dict[str, Any]:
    from notelint.config import SECTION_TYPES, SECTIONS, _section_type

    out: dict[str, Any] = {}
    for name in SECTION_TYPES:
        cls = _section_type(name)
        table = options_schema(cls)
        summary = (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""
        if summary:
            table["description"] = re.sub(r"``([^`]+)``", r"`\1`", summary)
        out[name] = table
    for name, keys in SECTIONS.items():
        out[name] = {"type": "object", "additionalProperties": False,
                     "properties": {k: type_schema(tp) for k, tp in keys.items()}}
    math = out.get("math")
    if math is not None:
        math["description"] = "The math pipeline that publishes the notes (MA rules)."
        described = {
            "delimiters": "Math delimiters of your MathJax configuration: "
                          "{ inline = [[open, close], ...], display = [[open, close], ...] }.",
            "macros": "MathJax `macros` of your site (name -> definition): not reported as "
                      "unknown.",
            "environments": "Environment names your site defines: not reported as unknown.",
        }
        if "engine" in math["properties"]:
            math["properties"]["engine"] = {
                "description": "Whose command list MA002 checks; auto reads it from the site.",
                "enum": ["auto", "mathjax", "katex"], "default": "auto"}
        for key, text in described.items():
            if key in math["properties"]:
                math["properties"][key] = {"description": text, **math["properties"][key]}
        math["properties"]["pipeline"] = {
            "description": "How the notes are published; auto decides per note.",
            "enum": ["commonmark", "gfm", "kramdown", "math-aware", "github", "auto"],
            "default": "auto"}
        math["properties"]["per-file"] = {
            "description": "Gitignore-style pattern -> pipeline for the notes it matches.",
            "type": "object",
            "additionalProperties": {"enum": ["commonmark", "gfm", "kramdown", "math-aware",
                                              "github", "auto"]}}
    return out


def config_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of ``.notelint.toml`` and ``[tool.notelint]``."""
    from notelint.config import DEFAULT_MAX_FILE_SIZE

    rules = {"type": "object", "description": "Per-rule settings: a table per rule id or name.",
             "properties": _rule_tables(), "additionalProperties": False}
    props: dict[str, Any] = {
        "$schema": {"type": "string", "description": "The schema of this file (for editors)."},
        "select": {**_SELECTORS, "description": "Rules to run (default: every rule that is on "
                                                "by default). " + _SELECTORS["description"]},
        "extend-select": {**_SELECTORS, "description": "Rules added to `select`. "
                                                       + _SELECTORS["description"]},
        "ignore": {**_SELECTORS, "description": "Rules not to run. " + _SELECTORS["description"]},
        "exclude": {"description": "Gitignore-style patterns, relative to this file's folder, "
                                   "of paths not to check.",
                    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "per-file-ignores": {"description": "Gitignore-style pattern -> rules not to run on "
                                            "the notes it matches.",
                             "type": "object", "additionalProperties": _SELECTORS},
        "respect-gitignore": {"description": "Skip files git ignores when walking folders.",
                              "type": "boolean", "default": True},
        "max-file-size": {"description": "Bytes; larger notes are reported (NL004), not parsed.",
                          "type": "integer", "minimum": 1, "default": DEFAULT_MAX_FILE_SIZE},
        **_sections(),
        "rules": {"$ref": "#/definitions/rules"},
    }
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "notelint configuration",
        "description": "`.notelint.toml`, or `[tool.notelint]` in `pyproject.toml`.",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
        "definitions": {"rules": rules},
    }


def render() -> str:
    """The schema as the committed file holds it (indented JSON, sorted keys, final newline)."""
    return json.dumps(config_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(render())
