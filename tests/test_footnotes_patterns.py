"""The footnote marker patterns: the blank runs written without a class find the same
markers, groups and all, and a note with no bracket before a caret does not use them."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from notelint.document import Document
from notelint.rules.footnotes import index as ix

SHARED = Path(__file__).resolve().parents[2] / "shared"

#: The patterns as they read with the blanks as one class.
_CLASS = "[ \t\u3000]*"
_MARK = (rf"(?P<open>{ix._OPEN})(?P<caret>{ix._CARET})(?P<lead>{_CLASS})(?P<label>{ix._LABEL})"
         rf"(?P<trail>{_CLASS})(?P<close>{ix._CLOSE})")
_BEFORE = {
    "definition": re.compile(
        rf"^{ix._PREFIX}(?P<marker>{_MARK}(?P<gap>{_CLASS})(?P<colon>{ix._COLON}))", re.MULTILINE),
    "reference": re.compile(_MARK),
}


def _found(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in rx.finditer(text)]


def _texts() -> list[str]:
    notes = [*(SHARED / "corpus").rglob("*.md"), *(SHARED / "notes-dev").rglob("*.md"),
             *(SHARED / "math-dev" / "notes").rglob("*.md")]
    texts = [p.read_text(encoding="utf-8") for p in sorted(notes)]
    # Markers and near misses: each part right, left out or swapped for another part.
    rnd = random.Random(5)
    parts = [["", "> ", "- ", "1. ", "  ", "\t", "x "], ["[", "\uff3b", ""], ["^", "\uff3e", ""],
             ["", " ", "\t", "\u3000", " \u3000\t", "\u3000\u3000"], ["7", "ab", "", "a b", "(x)"],
             ["", " ", "\u3000", "\t\u3000 "], ["]", "\uff3d", ""],
             ["", " ", "\u3000 ", "\t"], [":", "\uff1a", "", " x"]]
    for _ in range(20000):
        text = "\n".join("".join(rnd.choice(options) for options in parts)
                         for _ in range(rnd.randint(1, 3)))
        texts.append(text)
    return texts


def test_the_patterns_find_what_the_class_finds() -> None:
    texts = _texts()
    found = 0
    for text in texts:
        for kind, rx in (("definition", ix._DEFINITION_RE), ("reference", ix._REFERENCE_RE)):
            ours = _found(rx, text)
            assert ours == _found(_BEFORE[kind], text), (kind, text)
            found += len(ours)
    assert found > 2000


def test_a_note_without_a_bracket_before_a_caret_does_not_use_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    class Unused:
        def finditer(self, text: str) -> None:
            raise LookupError("searched")

    note = "# Links\n\nSee [the docs](https://example.org) and [ref].\n\n[ref]: https://x.org\n"
    monkeypatch.setattr(ix, "_DEFINITION_RE", Unused())
    monkeypatch.setattr(ix, "_REFERENCE_RE", Unused())
    index = ix.build_index(Document.from_text(note))
    assert index.malformed == [] and index.references == [] and index.definitions == []
    for start in ("[^", "[\uff3e", "\uff3b^", "\uff3b\uff3e"):
        with pytest.raises(LookupError):
            ix.build_index(Document.from_text(note + f"\n{start} 1]: x\n"))
