"""The rule registry: built-in rules plus rules from the ``notelint.rules`` entry points.

A third-party package registers rules with, in its ``pyproject.toml``::

    [project.entry-points."notelint.rules"]
    mypkg = "mypkg.notelint_rules:RULES"

where the object is a ``Rule`` subclass or an iterable of them.  Ids and names
must be unique across built-in and plugin rules.

Built-in rules are registered from a table (:data:`notelint.rules.TABLE`,
generated from the rule classes, like ruff's rule table): each rule's id,
name, summary, scope, severity and collector are known without importing
its module, which is imported only when the rule itself is needed (to run
it, or for its ``Options``).  A run that serves every note from the cache, or
selects one family, never imports the others.  Plugin rules are classes
from the start.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from notelint.diagnostics import Severity
from notelint.installed import may_declare
from notelint.lazy import lazy_compile
from notelint.rule import Rule, Scope

CODE_RE = lazy_compile(r"^[A-Z]{2}[0-9]{3}$")
NAME_RE = lazy_compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_PREFIX_RE = lazy_compile(r"[A-Za-z]{1,2}[0-9]{0,2}")


class RegistryError(Exception):
    """A rule is malformed or clashes with another rule."""


class RuleInfo(NamedTuple):
    """What is known of a rule without importing its module.

    Attributes:
        code, name, summary, scope, default_severity, enabled_by_default: the
            rule class's attributes of the same names (see :class:`notelint.rule.Rule`).
        module, qualname: where the class is defined.
        collector: ``PROJECT`` rules: their collector's ``key`` (``""`` for none).
        collector_version: the collector's ``version``.
        cacheable: the collector's ``cacheable``.
    """

    code: str
    name: str
    summary: str
    scope: Scope
    default_severity: Severity
    enabled_by_default: bool
    module: str
    qualname: str
    collector: str = ""
    collector_version: int = 0
    cacheable: bool = True

    @classmethod
    def of(cls, rule: type[Rule]) -> RuleInfo:
        """The info of a rule class."""
        coll = rule.collector
        return cls(rule.code, rule.name, rule.summary, rule.scope, rule.default_severity,
                   bool(rule.enabled_by_default), rule.__module__, rule.__qualname__,
                   coll.key if coll is not None else "",
                   coll.version if coll is not None else 0,
                   coll.cacheable if coll is not None else True)


def _validate(rule: type[Rule]) -> None:
    for attr in ("code", "name", "summary"):
        if not isinstance(getattr(rule, attr, None), str):
            raise RegistryError(f"rule {rule.__qualname__} has no {attr}")
    if not CODE_RE.match(rule.code):
        raise RegistryError(f"rule id {rule.code!r} is not two capitals and three digits")
    if not NAME_RE.match(rule.name):
        raise RegistryError(f"rule name {rule.name!r} is not kebab-case")
    if rule.scope is Scope.NODE and not rule.node_types:
        raise RegistryError(f"node rule {rule.code} subscribes to no token type")
    if rule.scope is Scope.PROJECT and rule.collector is None:
        raise RegistryError(f"project rule {rule.code} names no collector "
                            "(see notelint.workspace.Collector)")


def _import(info: RuleInfo) -> type[Rule]:
    """The class ``info`` describes, imported now.

    Raises:
        RegistryError: the class is missing or differs from its table entry
            (the table is stale: regenerate it, see :mod:`notelint.rules`).
    """
    obj: Any = importlib.import_module(info.module)
    for part in info.qualname.split("."):
        obj = getattr(obj, part, None)
    if not (isinstance(obj, type) and issubclass(obj, Rule)) or RuleInfo.of(obj) != info:
        raise RegistryError(f"rule {info.code}: {info.module}.{info.qualname} does not match "
                            "the rule table (regenerate it: python -m notelint.rules.table)")
    return obj


class Registry:
    """An ordered set of rules, looked up by id or name.

    Args:
        rules: rule classes, in order.
        table: rules known by their :class:`RuleInfo` only, imported on first
            use (they come before ``rules``).

    Iterating gives rule classes (importing every table rule);
    :meth:`infos`, :meth:`info` and :meth:`codes` answer without importing.
    """

    def __init__(self, rules: Iterable[type[Rule]] = (), table: Iterable[RuleInfo] = ()) -> None:
        self._infos: list[RuleInfo] = []
        self._classes: dict[str, type[Rule]] = {}
        self._by_code: dict[str, RuleInfo] = {}
        self._by_name: dict[str, RuleInfo] = {}
        for info in table:
            self._add(info)
        for rule in rules:
            self.add(rule)

    def _add(self, info: RuleInfo) -> None:
        if info.code in self._by_code:
            raise RegistryError(f"two rules use the id {info.code}")
        if info.name in self._by_name:
            raise RegistryError(f"two rules use the name {info.name}")
        self._by_code[info.code] = info
        self._by_name[info.name] = info
        self._infos.append(info)

    def add(self, rule: type[Rule]) -> None:
        """Add ``rule``.

        Raises:
            RegistryError: the rule is malformed, or its id or name is taken.
        """
        _validate(rule)
        self._add(RuleInfo.of(rule))
        self._classes[rule.code] = rule

    @property
    def rules(self) -> list[type[Rule]]:
        """Every rule class, in order (imports every table rule)."""
        return [self.load(i.code) for i in self._infos]

    def __iter__(self) -> Iterator[type[Rule]]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self._infos)

    def infos(self) -> list[RuleInfo]:
        """Every rule's :class:`RuleInfo`, in order (imports nothing)."""
        return list(self._infos)

    def info(self, key: str) -> RuleInfo | None:
        """The :class:`RuleInfo` whose id (any case) or name is ``key`` (imports nothing)."""
        return self._by_code.get(key.upper()) or self._by_name.get(key.lower())

    def load(self, code: str) -> type[Rule]:
        """The class of rule ``code``, imported if it was not yet.

        Raises:
            KeyError: no rule has this id.
            RegistryError: a table rule's class does not match its entry.
        """
        cls = self._classes.get(code)
        if cls is None:
            cls = self._classes[code] = _import(self._by_code[code])
        return cls

    def is_loaded(self, code: str) -> bool:
        """Whether rule ``code``'s class is imported (for tests and diagnostics)."""
        return code in self._classes

    def get(self, key: str) -> type[Rule] | None:
        """The rule whose id (any case) or name is ``key``."""
        info = self.info(key)
        return None if info is None else self.load(info.code)

    def codes(self, selector: str) -> list[str]:
        """Ids of the rules selected by ``selector``, in order (imports nothing).

        ``selector`` is ``ALL``, an id prefix (``FN``, ``FN00``), an id or a name.
        """
        sel = selector.strip()
        if sel.upper() == "ALL":
            return [i.code for i in self._infos]
        info = self.info(sel)
        if info is not None:
            return [info.code]
        if _PREFIX_RE.fullmatch(sel):
            prefix = sel.upper()
            return [i.code for i in self._infos if i.code.startswith(prefix)]
        return []

    def matching(self, selector: str) -> list[type[Rule]]:
        """Rules selected by ``selector`` (see :meth:`codes`), as classes."""
        return [self.load(code) for code in self.codes(selector)]

    def suggest(self, key: str) -> str | None:
        """The closest id or name to ``key``, for "did you mean" messages."""
        import difflib

        candidates = list(self._by_code) + list(self._by_name)
        found = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
        if not found:
            found = difflib.get_close_matches(key.upper(), list(self._by_code), n=1, cutoff=0.6)
        return found[0] if found else None


def _plugin_rules() -> Iterable[type[Rule]]:
    if not may_declare("notelint.rules"):
        return
    from importlib.metadata import entry_points

    for ep in entry_points(group="notelint.rules"):
        obj = ep.load()
        if isinstance(obj, type) and issubclass(obj, Rule):
            yield obj
        else:
            for item in obj:
                if not (isinstance(item, type) and issubclass(item, Rule)):
                    raise RegistryError(f"entry point {ep.name!r} gave {item!r}, not a Rule class")
                yield item


_DEFAULT: Registry | None = None


def build_registry() -> Registry:
    """A new registry: built-in rules (from the table) followed by plugin rules.

    Raises:
        RegistryError: a plugin rule is malformed or clashes with another.
    """
    from notelint.rules import TABLE

    reg = Registry(table=TABLE)
    for rule in _plugin_rules():
        reg.add(rule)
    return reg


def default_registry() -> Registry:
    """:func:`build_registry`, built once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = build_registry()
    return _DEFAULT
