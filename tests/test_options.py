"""Rule options and settings classes: named tuples (built in) and dataclasses (plugins).

The configuration (:mod:`notelint.config`) and the JSON Schema (:mod:`notelint.schema`)
read both kinds through :func:`notelint.rule.option_fields` and copy them with
:func:`notelint.rule.replace`.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple

import pytest

from notelint.api import lint_text
from notelint.config import (
    Config,
    ConfigError,
    RuleConfig,
    config_from_mapping,
    load_file,
    with_trusted_values,
)
from notelint.diagnostics import Severity
from notelint.duplicates.settings import DuplicateSettings
from notelint.links.settings import LinkSettings
from notelint.registry import Registry
from notelint.rule import (
    CheckedRecord,
    DocumentContext,
    NoOptions,
    OptionField,
    Rule,
    RunOptions,
    option_fields,
    replace,
)
from notelint.rules import BUILTIN_RULES
from notelint.rules.core import RULES as CORE_RULES
from notelint.rules.math._common import PipelineOptions
from notelint.schema import options_schema
from notelint.spelling.settings import SpellingSettings

MISSING = dataclasses.MISSING


# -- a plugin rule whose Options is a frozen dataclass, as plugins have written them ----------

@dataclass(frozen=True)
class WordOptions:
    """Options of the plugin rule.

    Attributes:
        word: the word reported.
        limit: findings per note at most.
        mode: ``"strict"`` also reports the word in headings.
        also: other words reported.
        aliases: ``word -> replacement`` suggested in the message.
    """

    word: str = "XXX"
    limit: int = 3
    mode: Literal["strict", "loose"] = "loose"
    also: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError("`limit` must be at least 1")


class WordRule(Rule):
    """Reports a configured word on each line (at most ``limit`` times)."""

    code = "ZZ010"
    name = "plugin-word"
    summary = "Plugin demonstration: a configured word"
    Options = WordOptions

    def check_document(self, ctx: DocumentContext) -> None:
        doc = ctx.document
        found = 0
        for n in range(1, doc.line_count + 1):
            line = doc.line_text(n)
            for word in (self.options.word, *self.options.also):
                col = line.find(word)
                if col != -1 and found < self.options.limit:
                    start = doc.line_starts[n - 1] + col
                    hint = self.options.aliases.get(word)
                    ctx.report((start, start + len(word)),
                               f"`{word}`" + (f"; write `{hint}`" if hint else ""))
                    found += 1


class TupleOptions(NamedTuple):
    """Options of a plugin rule written like the built-in ones.

    Attributes:
        level: a heading level.
    """

    level: int = 2


class TupleRule(Rule):
    """A plugin rule whose options are a named tuple (reports nothing)."""

    code = "ZZ011"
    name = "plugin-tuple"
    summary = "Plugin demonstration: named-tuple options"
    Options = TupleOptions


@pytest.fixture()
def plugins() -> Registry:
    return Registry([*CORE_RULES, WordRule, TupleRule])


def test_a_dataclass_plugin_rule_is_configured_from_kebab_or_snake_keys(plugins: Registry) -> None:
    data = {"rules": {"plugin-word": {"word": "FIXME", "limit": 1, "mode": "strict",
                                      "also": ["HACK"], "aliases": {"HACK": "workaround"}},
                      "ZZ011": {"level": 3, "severity": "info"}}}
    cfg = config_from_mapping(data, Path("."), plugins)
    assert cfg.rules["ZZ010"] == RuleConfig(None, WordOptions(
        word="FIXME", limit=1, mode="strict", also=("HACK",), aliases={"HACK": "workaround"}))
    assert type(cfg.rules["ZZ010"].options) is WordOptions
    assert cfg.rules["ZZ011"] == RuleConfig(Severity.INFO, TupleOptions(3))
    snake = config_from_mapping({"rules": {"ZZ010": {"word": "A", "limit": 2}}}, Path("."),
                                plugins)
    assert snake.rules["ZZ010"].options == WordOptions(word="A", limit=2)


def test_a_dataclass_plugin_rule_runs_with_its_configured_options(plugins: Registry) -> None:
    text = "# Note\n\nsome HACK here\nand FIXME there\nFIXME again\n"
    cfg = {"rules": {"ZZ010": {"word": "FIXME", "also": ["HACK"], "limit": 2,
                               "aliases": {"HACK": "workaround"}}}}
    found = [(d.code, d.line, d.column, d.message)
             for d in lint_text(text, config=cfg, registry=plugins, select=["ZZ010"])]
    assert found == [("ZZ010", 3, 6, "`HACK`; write `workaround`"), ("ZZ010", 4, 5, "`FIXME`")]
    defaults = [(d.line, d.column) for d in lint_text("a XXX\n", registry=plugins,
                                                      select=["ZZ010"])]
    assert defaults == [(1, 3)]


@pytest.mark.parametrize(("table", "message"), [
    ({"limt": 2}, "notelint: [rules.ZZ010]: unknown option `limt`; did you mean `limit`? "
                  "(known: severity, word, limit, mode, also, aliases)"),
    ({"mode": "lax"}, "notelint: [rules.ZZ010] mode must be one of 'strict', 'loose', not 'lax'"),
    ({"limit": "2"}, "notelint: [rules.ZZ010] limit must be int, not '2'"),
    ({"also": "HACK"}, "notelint: [rules.ZZ010] also must be a list, not 'HACK'"),
    ({"limit": 0}, "notelint: [rules.ZZ010]: `limit` must be at least 1"),  # __post_init__
])
def test_a_dataclass_plugin_rule_is_validated_strictly(plugins: Registry, table: dict[str, object],
                                                       message: str) -> None:
    with pytest.raises(ConfigError) as err:
        config_from_mapping({"rules": {"ZZ010": table}}, Path("."), plugins)
    assert str(err.value) == message


def test_the_schema_of_a_dataclass_plugin_rule() -> None:
    severity = {"enum": ["error", "warning", "info"]}
    assert options_schema(WordOptions, {"severity": severity}) == {
        "type": "object", "additionalProperties": False, "properties": {
            "severity": severity,
            "word": {"description": "the word reported.", "type": "string", "default": "XXX"},
            "limit": {"description": "findings per note at most.", "type": "integer",
                      "default": 3},
            "mode": {"description": "`\"strict\"` also reports the word in headings.",
                     "enum": ["strict", "loose"], "default": "loose"},
            "also": {"description": "other words reported.", "type": "array",
                     "items": {"type": "string"}, "default": []},
            "aliases": {"description": "`word -> replacement` suggested in the message.",
                        "type": "object", "additionalProperties": {"type": "string"},
                        "default": {}},
        }}
    assert options_schema(TupleOptions) == {
        "type": "object", "additionalProperties": False, "properties": {
            "level": {"description": "a heading level.", "type": "integer", "default": 2}}}


# -- the adapter ------------------------------------------------------------------------------

def test_option_fields_of_a_dataclass_and_of_a_named_tuple() -> None:
    fields = option_fields(WordOptions)
    assert fields == (
        OptionField("word", str, "XXX"), OptionField("limit", int, 3),
        OptionField("mode", Literal["strict", "loose"], "loose"),
        OptionField("also", tuple[str, ...], ()),
        OptionField("aliases", dict[str, str], {}))
    assert fields[4].default is not option_fields(WordOptions)[4].default  # a new one each call
    assert option_fields(DuplicateSettings) == (
        OptionField("groups", tuple[tuple[str, ...], ...], ()),
        OptionField("threshold", float, 0.8), OptionField("min_entry_size", int, 12),
        OptionField("section_level", int, 2),
        OptionField("scope", Literal["project", "checked"], "project"))
    assert option_fields(NoOptions) == ()

    @dataclass
    class Required:
        name: str
        count: int = 0

    class RequiredTuple(NamedTuple):
        name: str
        count: int = 0

    for cls in (Required, RequiredTuple):
        assert option_fields(cls) == (OptionField("name", str, MISSING),
                                      OptionField("count", int, 0))


@pytest.mark.parametrize("cls", [dict, tuple, object, type("Plain", (), {})])
def test_option_fields_refuses_other_classes(cls: type) -> None:
    with pytest.raises(TypeError, match="is not a named tuple class or a dataclass"):
        option_fields(cls)


def test_replace_copies_named_tuples_and_dataclasses_through_their_class() -> None:
    settings = DuplicateSettings(threshold=0.9)
    changed = replace(settings, min_entry_size=20)
    assert (type(changed), changed) == (DuplicateSettings, DuplicateSettings((), 0.9, 20))
    assert settings.min_entry_size == 12  # the original is unchanged
    with pytest.raises(ValueError, match="threshold must be between 0 and 1"):
        replace(settings, threshold=1.5)  # checked again, unlike NamedTuple._replace
    with pytest.raises(TypeError, match="DuplicateSettings has no field 'treshold'"):
        replace(settings, treshold=0.5)
    options = WordOptions(word="A")
    assert replace(options, limit=5) == WordOptions(word="A", limit=5)
    with pytest.raises(ValueError, match="`limit` must be at least 1"):
        replace(options, limit=0)  # dataclasses.replace runs __post_init__
    run = RunOptions(offline=True)
    assert replace(run, project_root=Path("/p")) == RunOptions(True, False, None, Path("/p"))
    with pytest.raises(TypeError, match="is not a named tuple or a dataclass instance"):
        replace(object())


# -- the built-in records keep what the dataclasses gave ---------------------------------------

def test_settings_check_their_values_when_made() -> None:
    with pytest.raises(ValueError, match="`timeout` must not be negative"):
        LinkSettings(timeout=-1)
    with pytest.raises(ValueError, match="`exclude` pattern '\\(' is not a regular expression"):
        LinkSettings(exclude=("(",))
    with pytest.raises(ValueError, match="min-length must be at least 1"):
        SpellingSettings(min_length=0)
    with pytest.raises(ValueError, match="section-level must be 1 to 6, not 7"):
        DuplicateSettings(section_level=7)
    with pytest.raises(ConfigError, match=r"\[links\]: `max-body` must be at least 1"):
        config_from_mapping({"links": {"max-body": 0}}, Path("."), Registry(list(CORE_RULES)))


def test_settings_are_immutable_compared_hashed_and_pickled_by_value() -> None:
    for settings in (LinkSettings(timeout=5.0, headers={"h": {"A": "b"}}),
                     SpellingSettings(words=("MAML",)), DuplicateSettings(threshold=0.9),
                     PipelineOptions("gfm"), RunOptions(offline=True), NoOptions()):
        name = type(settings)._fields[0] if type(settings)._fields else "anything"
        with pytest.raises(AttributeError):
            setattr(settings, name, None)
        again = pickle.loads(pickle.dumps(settings))
        assert again == settings and type(again) is type(settings)
        assert copy.deepcopy(settings) == settings
    assert hash(SpellingSettings(words=("a",))) == hash(SpellingSettings(words=("a",)))
    assert SpellingSettings(words=("a",)) != SpellingSettings(words=("b",))
    assert repr(DuplicateSettings()) == ("DuplicateSettings(groups=(), threshold=0.8, "
                                         "min_entry_size=12, section_level=2, scope='project')")


def test_type_hints_resolve_in_the_declaring_module() -> None:
    hints = typing.get_type_hints(LinkSettings)
    assert hints["slug_style"] == Literal["auto", "github", "gatsby", "jekyll", "kramdown"]
    assert hints["headers"] == dict[str, dict[str, str]]
    assert typing.get_type_hints(Config)["source"] == Path | None


def test_each_math_rule_keeps_an_options_class_of_its_own(plugins: Registry) -> None:
    math = [r for r in BUILTIN_RULES if r.code.startswith("MA")]
    assert len(math) == 8 and len({r.Options for r in math}) == 8
    for rule in math:
        assert issubclass(rule.Options, PipelineOptions) and rule.Options is not PipelineOptions
        assert option_fields(rule.Options) == option_fields(PipelineOptions)
        assert rule.Options.__doc__ == f"Options of {rule.code} (``pipeline``: see ``[math]``)."
    from notelint.registry import default_registry

    cfg = config_from_mapping({"rules": {"MA003": {"pipeline": "gfm"}}}, Path("."),
                              default_registry())
    options = cfg.rules["MA003"].options
    ma003 = next(r for r in math if r.code == "MA003")
    assert type(options) is ma003.Options and options.pipeline == "gfm"


def test_configuration_is_immutable_and_compared_without_its_memo(plugins: Registry) -> None:
    a = config_from_mapping({"select": ["ZZ"]}, Path("/p"), plugins)
    b = config_from_mapping({"select": ["ZZ"]}, Path("/p"), plugins)
    assert a.enabled_codes(plugins) == frozenset({"ZZ010", "ZZ011"})  # fills a's memo only
    assert a == b and repr(a) == repr(b)
    assert "_base_codes" not in repr(a) and repr(a).startswith("Config(root=PosixPath('/p'), ")
    with pytest.raises(AttributeError):
        a.select = ("NL",)  # type: ignore[misc]
    copied = pickle.loads(pickle.dumps(a))
    assert copied == a and copied._base_codes == {}  # the memo is keyed by id(): not kept
    changed = replace(a, select=("ZZ011",))
    assert type(changed) is Config and changed._base_codes == {}
    assert changed.enabled_codes(plugins) == frozenset({"ZZ011"})


def test_restricted_settings_are_replaced_by_the_trusted_ones(tmp_path: Path) -> None:
    from notelint.registry import default_registry

    (tmp_path / "top.toml").write_text(
        '[links]\ntimeout = 5\nallow-private = true\n'
        '[spelling]\nlanguagetool-url = "http://127.0.0.1:8081"\n')
    (tmp_path / "nested.toml").write_text('[links]\ntimeout = 7\n[spelling]\nmin-length = 5\n')
    top = load_file(tmp_path / "top.toml", default_registry())
    nested = load_file(tmp_path / "nested.toml", default_registry(), trusted=False)
    assert top is not None and nested is not None
    merged = with_trusted_values(nested, top)
    assert type(merged) is Config and merged.source == tmp_path / "nested.toml"
    assert merged.section("links") == LinkSettings(timeout=7.0, allow_private=True)
    assert merged.section("spelling") == SpellingSettings(
        min_length=5, languagetool_url="http://127.0.0.1:8081")
    assert type(merged.section("links")) is LinkSettings


class _LevelFields(NamedTuple):
    level: int = 2


class CheckedLevel(CheckedRecord, _LevelFields):
    """Options of a plugin rule that checks its values.

    Attributes:
        level: a heading level, 1 to 6.
    """

    __slots__ = ()

    def _check(self) -> None:
        if not 1 <= self.level <= 6:
            raise ValueError(f"`level` must be 1 to 6, not {self.level}")


class CheckedRule(Rule):
    """A plugin rule whose named-tuple options check their values (reports nothing)."""

    code = "ZZ012"
    name = "plugin-checked"
    summary = "Plugin demonstration: checked named-tuple options"
    Options = CheckedLevel


def test_a_checked_record_checks_every_way_it_is_made() -> None:
    """A call, ``replace`` and unpickling run the check; a configuration error names it."""
    assert CheckedLevel(3).level == 3 and not hasattr(CheckedLevel(3), "__dict__")
    with pytest.raises(ValueError, match="`level` must be 1 to 6, not 9"):
        CheckedLevel(level=9)
    with pytest.raises(ValueError, match="not 0"):
        replace(CheckedLevel(), level=0)
    assert pickle.loads(pickle.dumps(CheckedLevel(4))) == CheckedLevel(4)
    registry = Registry([*CORE_RULES, CheckedRule])
    cfg = config_from_mapping({"rules": {"ZZ012": {"level": 5}}}, Path("."), registry)
    assert cfg.rules["ZZ012"].options == CheckedLevel(5)
    with pytest.raises(ConfigError, match="`level` must be 1 to 6, not 7"):
        config_from_mapping({"rules": {"plugin-checked": {"level": 7}}}, Path("."), registry)
