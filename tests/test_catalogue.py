"""Run every example of the rule catalogue (``rules/*.md``) and compare findings exactly."""

from __future__ import annotations

import sys

import pytest

from notelint.api import fix_text, lint_text
from notelint.catalogue import Entry, load_catalogue
from notelint.registry import default_registry

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

CATALOGUE = load_catalogue()


def _cases() -> list[tuple[Entry, int]]:
    return [(e, i) for e in CATALOGUE.values() for i in range(len(e.examples))]


def _fmt(d) -> str:
    return f"{d.span.start}-{d.span.end} {d.code} {d.message}"


def test_catalogue_and_registry_match_one_to_one() -> None:
    registry = default_registry()
    assert sorted(CATALOGUE) == sorted(r.code for r in registry)
    for rule in registry:
        entry = CATALOGUE[rule.code]
        assert entry.name == rule.name, f"{entry.path.name} names {entry.name}, rule says {rule.name}"
        assert entry.title.startswith(f"{rule.code} {rule.name}")


def test_every_rule_has_a_bad_and_a_good_example() -> None:
    # A rule whose findings need a server's answer (LK005) shows its bad examples as
    # ```markdown served blocks, run against a local server by tests/test_links_catalogue.py.
    # NL001-NL004 are about files, NL008 about a failing rule: no note text shows them
    # (tests/test_bad_input.py and tests/test_engine.py do).
    missing = [code for code, e in CATALOGUE.items()
               if not code.startswith(("NL001", "NL002", "NL003", "NL004", "NL008"))
               and not ({"bad", "good"} <= {x.kind for x in e.examples}
                        or ("good" in {x.kind for x in e.examples}
                            and "\n```markdown served\n" in e.text))]
    assert missing == []


@pytest.mark.parametrize(("entry", "index"), _cases(),
                         ids=[f"{e.code}-{e.examples[i].kind}-L{e.examples[i].line}" for e, i in _cases()])
def test_example(entry: Entry, index: int) -> None:
    ex = entry.examples[index]
    config = None
    if ex.options:
        config = {"rules": {entry.code: tomllib.loads(ex.options)}}
    if ex.kind == "fixed":
        prev = entry.examples[index - 1]
        assert prev.kind == "bad", "a fixed example follows the bad one it fixes"
        pconfig = {"rules": {entry.code: tomllib.loads(prev.options)}} if prev.options else None
        fixed, _ = fix_text(prev.text, select=[entry.code], config=pconfig)
        assert fixed == ex.text
        return
    found = [_fmt(d) for d in lint_text(ex.text, path=ex.path, select=[entry.code], config=config)]
    if ex.kind == "good":
        assert found == []
    else:
        assert found == ex.expected
