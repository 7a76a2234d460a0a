"""Shared fixtures: the real notes folder and a small registry of demonstration rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from notelint.diagnostics import Edit, Fix, Severity
from notelint.registry import Registry
from notelint.rule import DocumentContext, Rule, Scope
from notelint.rules.core import RULES as CORE_RULES

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "content"
_CACHE_KEY = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Keep notelint's user-level caches (the compiled vocabulary) in a temporary folder."""
    import os
    import tempfile

    if "NOTELINT_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="notelint-test-cache-")
        os.environ["NOTELINT_CACHE_DIR"] = folder
        config.stash[_CACHE_KEY] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the temporary cache folder made by :func:`pytest_configure`."""
    import shutil

    folder = config.stash.get(_CACHE_KEY, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _note_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's note cache lives in a temporary folder, never in a project or the home."""
    folder = tmp_path_factory.mktemp("note-cache")
    monkeypatch.setenv("NOTELINT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real notes (``../shared/corpus/content``); fails loudly when absent."""
    if not (CORPUS / "til.md").is_file():
        pytest.fail(f"the real notes are missing: expected them in {CORPUS}")
    return CORPUS


@dataclass(frozen=True)
class TodoOptions:
    """Options of the demonstration rule."""

    word: str = "TODO"


class TodoRule(Rule):
    """Flags a word in text tokens; a safe fix replaces it by ``DONE``."""

    code = "XX001"
    name = "todo-word"
    summary = "Demonstration: a word in prose"
    scope = Scope.NODE
    node_types = ("text",)
    default_severity = Severity.ERROR
    Options = TodoOptions

    def check_node(self, ctx: DocumentContext, token, parent) -> None:  # type: ignore[no-untyped-def]
        doc = ctx.document
        sp = doc.inline_span(parent, token)
        if sp is None:
            return
        src = doc.text[sp.start_offset:sp.end_offset]
        start = src.find(self.options.word)
        while start != -1:
            a = sp.start_offset + start
            b = a + len(self.options.word)
            ctx.report((a, b), f"`{self.options.word}` left in the note",
                       fix=Fix("Replace by DONE", (Edit(a, b, "DONE"),)))
            start = src.find(self.options.word, start + 1)


class LongLineRule(Rule):
    """Flags lines longer than 80 code points (a warning; document scope)."""

    code = "XX002"
    name = "long-line"
    summary = "Demonstration: a long line"

    def check_document(self, ctx: DocumentContext) -> None:
        doc = ctx.document
        for n in range(1, doc.line_count + 1):
            if len(doc.line_text(n)) > 80:
                ctx.report(doc.line_span(n, strip=False), "Line is longer than 80 characters")


@pytest.fixture()
def demo_registry() -> Registry:
    """Core NL rules plus the two demonstration rules."""
    return Registry([*CORE_RULES, TodoRule, LongLineRule])
