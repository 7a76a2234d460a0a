"""Code actions of the language server, in notelint's coordinates.

The "disable this rule here" directive is checked the only way that means
something: apply it, lint again, and the finding must be gone while every
other rule's findings stay, on every finding of every catalogue example and
of the real notes.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from notelint.api import lint_text
from notelint.catalogue import load_catalogue
from notelint.diagnostics import Edit
from notelint.document import Document
from notelint.fixes import apply_edits
from notelint.server.actions import disable_action, fix_action, word_action

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _cases(corpus: Path) -> list[tuple[str, str, dict[str, Any]]]:
    cases = []
    for code, entry in sorted(load_catalogue().items()):
        for ex in entry.examples:
            if ex.kind == "bad":
                cfg: dict[str, Any] = {"select": [code]}
                if ex.options:
                    cfg["rules"] = {code: tomllib.loads(ex.options)}
                cases.append((f"{code} example at line {ex.line}", ex.text, cfg))
    for note in sorted(corpus.glob("*.md")):
        cases.append((note.name, note.read_text(encoding="utf-8"), {}))
    return cases


def test_disable_directive_suppresses_exactly_its_finding(corpus: Path) -> None:
    checked = Counter()
    for name, text, cfg in _cases(corpus):
        before = lint_text(text, config=cfg)
        done = set()
        for d in before:
            if d.code == "NL006" or (d.code, d.line) in done:
                continue  # NL006 is offered its removal, not a directive
            done.add((d.code, d.line))
            action = disable_action(Document.from_text(text), d)
            after = lint_text(apply_edits(Document.from_text(text).text, list(action.edits)),
                              config=cfg)
            counts_before = Counter(x.code for x in before)
            counts_after = Counter(x.code for x in after)
            where = f"{name}: {d.code} at {d.span}: {action.title}"
            assert counts_after[d.code] < counts_before[d.code], where
            assert counts_after - Counter({d.code: counts_after[d.code]}) == \
                counts_before - Counter({d.code: counts_before[d.code]}), where
            checked[action.title.split(" ", 2)[2]] += 1
    # Every kind of placement was exercised.
    assert checked["on this line"] > 100
    assert any(k.startswith("for this block") for k in checked)


def test_disable_line_goes_at_the_end_of_a_paragraph_line() -> None:
    text = "Intro line\nsecond 한국어[^x] line  \nthird\n"
    d = next(x for x in lint_text(text) if x.code == "FN001")
    action = disable_action(Document.from_text(text), d)
    assert action.title == "Disable FN001 on this line"
    fixed = apply_edits(text, list(action.edits))
    # Before the hard break's trailing spaces, so the break survives.
    assert fixed == ("Intro line\nsecond 한국어[^x] line <!-- notelint-disable-line FN001 -->  \n"
                     "third\n")


def test_disable_line_extends_an_existing_directive() -> None:
    text = "See [^x] and \\alpha <!-- notelint-disable-line MA002 -->\n"
    d = next(x for x in lint_text(text) if x.code == "FN001")
    fixed = apply_edits(text, list(disable_action(Document.from_text(text), d).edits))
    assert fixed == "See [^x] and \\alpha <!-- notelint-disable-line MA002 FN001 -->\n"


def test_disable_next_line_before_a_heading_and_block_pair_around_a_fence() -> None:
    text = "# Notes\n\n## Entry\n\n*2021.13.40*\n\n$$\n\\foo\n$$\n"
    diags = lint_text(text, config={"select": ["DT002", "MA002"]})
    by_code = {d.code: d for d in diags}
    assert set(by_code) == {"DT002", "MA002"}
    doc = Document.from_text(text)
    dt = disable_action(doc, by_code["DT002"])
    end = len("# Notes\n\n## Entry\n\n*2021.13.40*")
    assert (dt.title, dt.edits) == ("Disable DT002 on this line",
                                    (Edit(end, end, " <!-- notelint-disable-line DT002 -->"),))
    head_text = "# Notes\n\n## Using $\\foo$\n\nText\n"
    heading = lint_text(head_text, config={"select": ["MA002"]})
    assert [(d.code, d.line) for d in heading] == [("MA002", 3)]
    ht = disable_action(Document.from_text(head_text), heading[0])
    assert ht.edits == (Edit(9, 9, "<!-- notelint-disable-next-line MA002 -->\n"),)
    assert lint_text(apply_edits(head_text, list(ht.edits)), config={"select": ["MA002"]}) == []
    ma = disable_action(doc, by_code["MA002"])
    assert ma.title == "Disable MA002 for this block (lines 7-9)"
    assert apply_edits(text, list(ma.edits)).endswith(
        "<!-- notelint-disable MA002 -->\n$$\n\\foo\n$$\n<!-- notelint-enable MA002 -->\n")


def test_front_matter_finding_is_disabled_for_the_file() -> None:
    text = "---\ntitle: [unclosed\n---\n\nText\n"
    d = next(x for x in lint_text(text) if x.code == "NL005")
    action = disable_action(Document.from_text(text), d)
    assert action.title == "Disable NL005 for this whole file"
    assert apply_edits(text, list(action.edits)).endswith(
        "Text\n\n<!-- notelint-disable-file NL005 -->\n")
    assert not [x for x in lint_text(apply_edits(text, list(action.edits)))]


def test_fix_actions_prefer_safe_and_label_unsafe() -> None:
    text = "Text[^1].\n\n[^ 1]: the note\n"
    d = next(x for x in lint_text(text) if x.code == "FN001")
    action = fix_action(d)
    assert action is not None and action.preferred
    assert action.title == "Rewrite `[^ 1]:` as `[^1]:` (FN001)"
    assert d.fix is not None
    unsafe = fix_action(type(d)(d.code, d.name, d.severity, d.path, d.span, d.message,
                                fix=type(d.fix)(d.fix.description, d.fix.edits, safe=False)))
    assert unsafe is not None and not unsafe.preferred
    assert unsafe.title.endswith("(unsafe: check the result)")


@pytest.mark.parametrize(("text", "word"), [
    ("The trasnformer model is a transformer.\n", "trasnformer"),
    ("Call `is_traning` then `is_training` again.\n", "traning"),
])
def test_word_action_names_the_word(text: str, word: str) -> None:
    d = next(x for x in lint_text(text) if x.code in ("SP001", "SP002"))
    action = word_action(d, Document.from_text(text).text, ".notelint-words.txt")
    assert action is not None and action.word == word
    assert action.title == f"Add `{word}` to the notes' words (.notelint-words.txt)"
