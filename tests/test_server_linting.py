"""The server's linting core: parity with `notelint check`, and failures that stay contained."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notelint.api import lint_paths
from notelint.registry import Registry
from notelint.rule import DocumentContext, Rule, RunOptions
from notelint.rules.core import RULES as CORE_RULES
from notelint.server.linting import NoteLinter, guarded_registry, shown


class CrashingRule(Rule):
    """A rule with a bug: raises on every note."""

    code = "XX009"
    name = "crashing-rule"
    summary = "Demonstration: a rule that raises"

    def check_document(self, ctx: DocumentContext) -> None:
        raise ZeroDivisionError("division by zero in a rule")


def test_buffer_lint_equals_check(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus)
    note = (corpus / "til-ai-ml.md").resolve()
    linter = NoteLinter(corpus)
    got = linter.lint_text(note, shown(note), note.read_text(encoding="utf-8"), corpus)
    want = lint_paths(["til-ai-ml.md"], run=RunOptions(project_root=corpus)).diagnostics
    assert got.problems == []
    assert got.diagnostics == want
    assert {d.code for d in got.diagnostics} >= {"DU001", "DU002", "FN001", "SP001"}


def test_workspace_lint_equals_check(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(corpus)
    seen: list[tuple[int, int]] = []
    got = NoteLinter(corpus).lint_folders([corpus], progress=lambda a, b: seen.append((a, b)))
    want = lint_paths(["."]).diagnostics
    flat = [d for ds in got.diagnostics.values() for d in ds]
    assert sorted(flat, key=lambda d: d.sort_key()) == want
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert set(got.paths.values()) == {p.resolve() for p in corpus.glob("*.md")}


def test_crashing_rule_keeps_the_other_findings(tmp_path: Path) -> None:
    registry = Registry([*CORE_RULES, CrashingRule])
    linter = NoteLinter(tmp_path, registry=registry)
    text = "---\ntitle: [broken\n---\n\nText\n"
    result = linter.lint_text(None, "<buffer>", text)
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("NL005", 2, 15)]
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.message.startswith("notelint: rule XX009 (crashing-rule) failed with "
                                      "ZeroDivisionError: division by zero in a rule")
    assert "Traceback" in problem.detail and "check_document" in problem.detail
    # Each lint of changed text reports it again (the server shows each distinct one once).
    again = linter.lint_text(None, "<buffer>", text + "More\n")
    assert [p.key for p in again.problems] == [problem.key]
    assert [(d.code, d.line, d.column) for d in again.diagnostics] == [("NL005", 2, 15)]


def test_guarded_registry_keeps_ids_and_options() -> None:
    guarded = guarded_registry(Registry([*CORE_RULES, CrashingRule]), [])
    assert [r.code for r in guarded] == [*(r.code for r in CORE_RULES), "XX009"]
    assert all(issubclass(g, r) for g, r in zip(guarded, [*CORE_RULES, CrashingRule],
                                                 strict=True))


def test_broken_configuration_keeps_the_last_good_one(tmp_path: Path) -> None:
    config = tmp_path / ".notelint.toml"
    config.write_text('ignore = ["FN001"]\n', encoding="utf-8")
    note = tmp_path / "note.md"
    text = "Text[^1] and [^2].\n\n[^2]: two\n"
    linter = NoteLinter(tmp_path)
    assert linter.lint_text(note, "note.md", text).diagnostics == []
    config.write_text('ignore = ["FN001"\n', encoding="utf-8")  # not TOML any more
    os.utime(config, ns=(1, 1))  # a different modification time, whatever the clock
    broken = linter.lint_text(note, "note.md", text)
    assert broken.diagnostics == []  # still the FN001-less configuration
    assert len(broken.problems) == 1
    assert broken.problems[0].message.startswith("notelint: configuration error: ")
    assert "not valid TOML" in broken.problems[0].message
    config.write_text('select = ["FN"]\nignore = ["FN002"]\n', encoding="utf-8")
    os.utime(config, ns=(2, 2))
    fixed = linter.lint_text(note, "note.md", text)
    assert fixed.problems == []
    assert [(d.code, d.line, d.column) for d in fixed.diagnostics] == [("FN001", 1, 5)]


def test_nul_bytes_and_size_as_check_reports_them(tmp_path: Path) -> None:
    linter = NoteLinter(tmp_path)
    nul = linter.lint_text(None, "x.md", "a\x00b\n")
    assert [(d.code, d.message) for d in nul.diagnostics] == [
        ("NL003", "File contains NUL bytes (first at byte 1); it looks binary, not a markdown note")]
    (tmp_path / ".notelint.toml").write_text("max-file-size = 10\n", encoding="utf-8")
    big = linter.lint_text(tmp_path / "x.md", "x.md", "한국어 텍스트\n")
    assert [(d.code, d.message) for d in big.diagnostics] == [
        ("NL004", "File is 20 bytes, over max-file-size (10 bytes); not checked "
                  "(raise `max-file-size` to check it)")]


def test_a_note_the_parser_cannot_take_gets_a_finding(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import notelint.engine
    from notelint.document import Document

    real = Document.from_text

    def parse(text: str, path: str = "<text>") -> Document:
        if "BOOM" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, path)

    monkeypatch.setattr(notelint.engine.Document, "from_text", staticmethod(parse))
    linter = NoteLinter(tmp_path)
    bad = linter.lint_text(None, "x.md", "BOOM[^1]\n")
    # The engine turns it into a finding of that note (NL008), not a failed lint.
    assert [(d.code, d.line, d.column, d.message[:71]) for d in bad.diagnostics] == [
        ("NL008", 1, 1, "Parsing the note failed on this note (RecursionError: maximum recursion")]
    assert bad.problems == []
    good = linter.lint_text(None, "x.md", "fine[^1]\n")
    assert [(d.code, d.line, d.column) for d in good.diagnostics] == [("FN001", 1, 5)]
    assert good.problems == []
