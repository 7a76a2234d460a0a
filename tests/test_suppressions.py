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


def test_many_directives_share_their_ids_and_messages(demo_registry: Registry) -> None:
    """A note of thousands of directives holds one id set, one id tuple and one message
    for equal directives (while every finding keeps its own place)."""
    from notelint.document import Document
    from notelint.rule import DocumentContext
    from notelint.suppressions import Directive, apply_suppressions, parse_directives

    text = "TODO a\n\n" + "<!-- notelint-disable-next-line XX001 -->\nfine\n\n" * 3
    doc = Document.from_text(text)
    ctx = DocumentContext(doc)
    directives = parse_directives(ctx, demo_registry)
    assert [d.first_line for d in directives] == [4, 7, 10]
    assert not hasattr(directives[0], "__dict__") and "__slots__" in vars(Directive)
    assert directives[0].codes is directives[2].codes == frozenset({"XX001"})
    assert directives[0].raw_ids is directives[1].raw_ids == ("XX001",)
    assert directives[0].used is directives[1].used and not directives[0].used
    kept = apply_suppressions(ctx, directives, frozenset({"XX001", "NL006"}))
    assert [(d.code, d.span.start.line, d.span.start.column) for d in kept] == [
        ("NL006", 3, 1), ("NL006", 6, 1), ("NL006", 9, 1)]
    assert kept[0].message is kept[2].message
    assert kept[0].message == ("`notelint-disable-next-line` suppresses nothing here "
                               "(no XX001 finding)")
    assert [d.fix.edits[0].start_offset for d in kept if d.fix] == [8, 56, 104]


def test_a_used_directive_gets_a_set_of_its_own(demo_registry: Registry) -> None:
    text = ("<!-- notelint-disable-next-line XX001 -->\nTODO a\n\n"
            "<!-- notelint-disable-next-line XX001 -->\nfine\n")
    assert [(c, ln) for c, ln, _, _ in found(text, demo_registry)] == [("NL006", 4)]


def test_a_directive_span_is_the_documents_span(demo_registry: Registry) -> None:
    from notelint.document import Document
    from notelint.rule import DocumentContext
    from notelint.suppressions import parse_directives

    text = ("x\n\n  <!-- notelint-disable-next-line XX001 -->\nTODO a\n\n"
            "<!-- notelint-disable\n     XX001 -->\n\nTODO b <!-- notelint-disable-line XX001 -->\n")
    doc = Document.from_text(text)
    directives = parse_directives(DocumentContext(doc), demo_registry)
    assert [(d.action, d.line, d.first_line, d.last_line) for d in directives] == [
        ("disable-next-line", 3, 4, 4), ("disable", 6, 6, None), ("disable-line", 9, 9, 9)]
    spans = [d.span_in(doc) for d in directives]
    assert spans == [doc.span(d.start, d.end) for d in directives]
    assert [str(s) for s in spans] == ["3:3-3:44", "6:1-7:15", "9:8-9:44"]
