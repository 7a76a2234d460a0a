"""Run a set of rules over documents: one walk per document, then the project phase.

The engine knows nothing of files, configuration files or output: it takes
documents and rule instances and returns diagnostics (before suppressions;
see :mod:`notelint.suppressions`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from notelint.diagnostics import Severity
from notelint.rule import DocumentContext, ProjectContext, Rule, Scope


@dataclass
class RuleSet:
    """The rules to run on a document, with their severities.

    Attributes:
        rules: rule instances (one per rule id) in registry order.
        severities: ``code -> severity`` after configuration.
    """

    rules: list[Rule] = field(default_factory=list)
    severities: dict[str, Severity] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._node: dict[str, list[Rule]] = defaultdict(list)
        self._document: list[Rule] = []
        self._project: list[Rule] = []
        for rule in self.rules:
            if rule.scope is Scope.NODE:
                for t in rule.node_types:
                    self._node[t].append(rule)
            elif rule.scope is Scope.DOCUMENT:
                self._document.append(rule)
            else:
                self._project.append(rule)

    @property
    def codes(self) -> frozenset[str]:
        """Ids of the rules in this set."""
        return frozenset(r.code for r in self.rules)

    @property
    def project_rules(self) -> list[Rule]:
        """The project-scope rules."""
        return self._project


def check_document(ctx: DocumentContext, ruleset: RuleSet) -> None:
    """Run node- and document-scope rules of ``ruleset`` on ``ctx.document``.

    Diagnostics are appended to ``ctx.diagnostics``.  Exceptions raised by a
    rule propagate: a crashing rule is a bug to report, not a finding.
    """
    ctx.severities.update(ruleset.severities)
    node_rules = ruleset._node
    if node_rules:
        for token, parent in ctx.document.walk():
            subscribed = node_rules.get(token.type)
            if subscribed:
                for rule in subscribed:
                    ctx.rule = rule
                    rule.check_node(ctx, token, parent)
    for rule in ruleset._document:
        ctx.rule = rule
        rule.check_document(ctx)
    for rule in ruleset._project:
        ctx.rule = rule
        rule.prepare_document(ctx)
    ctx.rule = None


def check_project(contexts: Sequence[DocumentContext], rules: Sequence[Rule]) -> None:
    """Run project-scope ``rules`` once over all ``contexts``."""
    project = ProjectContext(contexts, contexts[0].run if contexts else None)
    for rule in rules:
        project.rule = rule
        for c in contexts:
            c.rule = rule
        rule.check_project(project)
    for c in contexts:
        c.rule = None
