"""The rule registry: built-in rules plus rules from the ``notelint.rules`` entry points.

A third-party package registers rules with, in its ``pyproject.toml``::

    [project.entry-points."notelint.rules"]
    mypkg = "mypkg.notelint_rules:RULES"

where the object is a ``Rule`` subclass or an iterable of them.  Ids and names
must be unique across built-in and plugin rules.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points

from notelint.rule import Rule, Scope

CODE_RE = re.compile(r"^[A-Z]{2}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class RegistryError(Exception):
    """A rule is malformed or clashes with another rule."""


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


@dataclass
class Registry:
    """An ordered set of rule classes, looked up by id or name."""

    rules: list[type[Rule]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_code: dict[str, type[Rule]] = {}
        self._by_name: dict[str, type[Rule]] = {}
        rules, self.rules = self.rules, []
        for rule in rules:
            self.add(rule)

    def add(self, rule: type[Rule]) -> None:
        """Add ``rule``.

        Raises:
            RegistryError: the rule is malformed, or its id or name is taken.
        """
        _validate(rule)
        if rule.code in self._by_code:
            raise RegistryError(f"two rules use the id {rule.code}")
        if rule.name in self._by_name:
            raise RegistryError(f"two rules use the name {rule.name}")
        self._by_code[rule.code] = rule
        self._by_name[rule.name] = rule
        self.rules.append(rule)

    def __iter__(self) -> Iterator[type[Rule]]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, key: str) -> type[Rule] | None:
        """The rule whose id (any case) or name is ``key``."""
        return self._by_code.get(key.upper()) or self._by_name.get(key.lower())

    def matching(self, selector: str) -> list[type[Rule]]:
        """Rules selected by ``selector``: ``ALL``, an id prefix (``FN``, ``FN00``), an id or a name."""
        sel = selector.strip()
        if sel.upper() == "ALL":
            return list(self.rules)
        rule = self.get(sel)
        if rule is not None:
            return [rule]
        if re.fullmatch(r"[A-Za-z]{1,2}[0-9]{0,2}", sel):
            prefix = sel.upper()
            return [r for r in self.rules if r.code.startswith(prefix)]
        return []

    def suggest(self, key: str) -> str | None:
        """The closest id or name to ``key``, for "did you mean" messages."""
        candidates = list(self._by_code) + list(self._by_name)
        found = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
        if not found:
            found = difflib.get_close_matches(key.upper(), list(self._by_code), n=1, cutoff=0.6)
        return found[0] if found else None


def _plugin_rules() -> Iterable[type[Rule]]:
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
    """A new registry: built-in rules followed by plugin rules.

    Raises:
        RegistryError: a plugin rule is malformed or clashes with another.
    """
    from notelint.rules import BUILTIN_RULES

    reg = Registry(list(BUILTIN_RULES))
    for rule in _plugin_rules():
        reg.add(rule)
    return reg


def default_registry() -> Registry:
    """:func:`build_registry`, built once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = build_registry()
    return _DEFAULT
