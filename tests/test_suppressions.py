"""Inline directives: disable ranges, next line, file, unused and invalid directives."""

from __future__ import annotations

from notelint.api import lint_text
from notelint.registry import Registry


def found(text: str, registry: Registry, select=("XX001", "NL")) -> list[tuple[str, int, int, str]]:  # type: ignore[no-untyped-def]
    return [(d.code, d.line, d.column, d.message)
            for d in lint_text(text, registry=registry, select=list(select))]


def test_disable_and_enable_block(demo_registry: Registry) -> None:
    text = ("TODO a\n\n<!-- notelint-disable XX001 -->\n\nTODO b\n\n"
            "<!-- notelint-enable XX001 -->\n\nTODO c\n")
    assert [(c, ln) for c, ln, _, _ in found(text, demo_registry)] == [("XX001", 1), ("XX001", 9)]


def test_disable_next_line_and_line_and_names(demo_registry: Registry) -> None:
    text = ("<!-- notelint-disable-next-line todo-word -->\nTODO a\nTODO b "
            "<!-- notelint-disable-line XX -->\nTODO c\n")
    assert [(c, ln) for c, ln, _, _ in found(text, demo_registry)] == [("XX001", 4)]


def test_disable_file_without_ids_silences_everything(demo_registry: Registry) -> None:
    text = "TODO a\n\n<!-- notelint-disable-file -->\n\nTODO b\n"
    assert found(text, demo_registry) == []


def test_unused_directive_is_reported_with_a_removal_fix(demo_registry: Registry) -> None:
    text = "fine\n\n<!-- notelint-disable-next-line XX001 -->\nstill fine\n"
    diags = lint_text(text, registry=demo_registry, select=["XX001", "NL006"])
    assert [(d.code, str(d.span), d.message) for d in diags] == [
        ("NL006", "3:1-3:42",
         "`notelint-disable-next-line` suppresses nothing here (no XX001 finding)")]
    assert diags[0].fix is not None and diags[0].fix.safe


def test_directive_for_a_rule_that_did_not_run_is_not_unused(demo_registry: Registry) -> None:
    text = "<!-- notelint-disable-next-line XX002 -->\nfine\n"
    assert found(text, demo_registry, select=("XX001", "NL006")) == []


def test_invalid_directives(demo_registry: Registry) -> None:
    text = "<!-- notelint-disabel XX001 -->\n\n<!-- notelint-disable XX01 -->\n"
    assert found(text, demo_registry, select=("NL007",)) == [
        ("NL007", 1, 1, "Unknown directive `notelint-disabel`; did you mean `notelint-disable`?"),
        ("NL007", 3, 1, "Directive names unknown rule `XX01`; did you mean `XX001`?"),
    ]


def test_directive_inside_code_is_inert(demo_registry: Registry) -> None:
    text = "`<!-- notelint-disable-file -->` TODO\n\n```\n<!-- notelint-disable-file -->\n```\n"
    assert [(c, ln, col) for c, ln, col, _ in found(text, demo_registry)] == [("XX001", 1, 34)]
