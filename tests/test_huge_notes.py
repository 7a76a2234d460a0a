"""Huge notes: the memory-saving storage changes nothing a rule sees, and a finding past the
10 MB mark of a note is reported at its exact line and column.

The memory and time targets themselves are measured by ``benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from markdown_it.token import Token

from notelint import parsing
from notelint.api import lint_paths
from notelint.spelling.corpus import HangulWords

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL_NOTES = [*sorted((SHARED / "corpus").rglob("*.md")),
              *sorted((SHARED / "notes-dev").rglob("*.md"))]
#: Folders checked as projects (cross-note rules see their notes together).
PROJECTS = [SHARED / "corpus" / "content",
            *sorted(p for p in (SHARED / "notes-dev").iterdir() if p.is_dir())]


def _shape(tok: Token) -> tuple[Any, ...]:
    """Everything a rule can read from a token, children included."""
    return (tok.type, tok.tag, tok.nesting, dict(tok.attrs), tok.map, tok.level, tok.content,
            tok.markup, tok.info, dict(tok.meta), tok.block, tok.hidden,
            None if tok.children is None else [_shape(c) for c in tok.children])


def test_real_notes_are_there() -> None:
    assert len(REAL_NOTES) >= 15
    assert all(p.is_dir() for p in PROJECTS) and len(PROJECTS) >= 5


@pytest.mark.parametrize("path", REAL_NOTES, ids=lambda p: str(p.relative_to(SHARED)))
def test_compact_tokens_read_like_plain_ones(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    compact = parsing.build_parser().parse(text, {})
    plain = parsing.build_parser(compact=False).parse(text, {})
    assert [_shape(t) for t in compact] == [_shape(t) for t in plain]
    shared = [t for t in compact if t.attrs is parsing.NO_ENTRIES and t.meta is parsing.NO_ENTRIES]
    assert shared, "no token shares the empty mapping"


def _findings(folder: Path) -> list[tuple[str, str, int, int, str]]:
    result = lint_paths([str(folder)])
    return [(d.path, d.code, d.line, d.column, d.message) for d in result.diagnostics]


@pytest.mark.parametrize("folder", PROJECTS, ids=lambda p: p.name)
def test_findings_identical_with_plain_tokens(folder: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    compact = _findings(folder)
    plain_parser = parsing.build_parser(compact=False)
    monkeypatch.setattr(parsing, "shared_parser", lambda: plain_parser)
    plain = _findings(folder)
    assert compact == plain
    assert compact, f"no findings at all in {folder}"


def test_shared_empty_mapping_is_read_only() -> None:
    tokens = parsing.build_parser().parse("# T\n\nText.\n", {})
    head = tokens[0]
    assert head.meta is parsing.NO_ENTRIES
    with pytest.raises(TypeError):
        head.meta["x"] = 1  # type: ignore[index]
    assert dict(parsing.NO_ENTRIES) == {}


def test_hangul_words_keep_places_counts_and_pickle() -> None:
    spans = [("공부", 0, 2), ("내용", 3, 5), ("공부", 10_000_000, 10_000_002)]
    words = HangulWords(spans)
    assert words.as_dict() == {"공부": 2, "내용": 1}
    assert dict(words.rare()) == {"공부": [(0, 2), (10_000_000, 10_000_002)], "내용": [(3, 5)]}
    again = pickle.loads(pickle.dumps(words))
    assert again == words and dict(again.rare()) == dict(words.rare())


_BLOCK = (
    "## 2023.05.{day:02d} 학습 기록 {i}\n"
    "\n"
    "오늘은 gradient descent 를 공부했다. "
    "수식 $x_{{t+1}} = x_t - \\eta g_t$ 로 갱신한다[^n{i}].\n"
    "\n"
    "- 첫째 항목: `torch.optim.SGD` 사용\n"
    "- 둘째 항목: [문서](https://pytorch.org/docs/stable/optim.html)\n"
    "\n"
    "```python\n"
    "for step in range(10):\n"
    "    loss.backward()\n"
    "```\n"
    "\n"
    "[^n{i}]: 각주 {i}\n"
    "\n"
)


def _huge_note(size: int) -> tuple[str, int]:
    """About ``size`` bytes of well-formed note, and its number of lines."""
    parts = ["---\ntitle: log\n---\n\n"]
    total = len(parts[0].encode("utf-8"))
    i = 0
    while total < size:
        block = _BLOCK.format(i=i, day=i % 28 + 1)
        parts.append(block)
        total += len(block.encode("utf-8"))
        i += 1
    text = "".join(parts)
    return text, text.count("\n")


def test_findings_past_the_10_mb_mark_at_their_exact_place(tmp_path: Path) -> None:
    filler, lines = _huge_note(10_200_000)
    assert len(filler.encode("utf-8")) > 10_000_000
    tail = (
        "끝에 정의가 없는 각주[^missing]가 있다.\n"     # FN001 at column 13
        "\n"
        "잘못된 정의 형식:\n"
        "\n"
        "[^ 7]: 공백이 있는 라벨\n"                   # FN004 at column 1
        "\n"
        "중복 각주 참조[^dup].\n"
        "\n"
        "[^dup]: 하나\n"
        "\n"
        "[^dup]: 둘\n"                               # FN003 at column 1
    )
    note = tmp_path / "huge.md"
    note.write_text("앞의 각주[^front]는 없다.\n\n" + filler + tail, encoding="utf-8")
    assert note.stat().st_size > 10_000_000
    base = lines + 2  # the two lines before the filler
    result = lint_paths([str(note)], select=["FN"])
    got = [(d.code, d.line, d.column) for d in result.diagnostics]
    assert got == [
        ("FN001", 1, 6),
        ("FN001", base + 1, 13),
        ("FN004", base + 5, 1),
        ("FN003", base + 11, 1),
    ]
    far = result.diagnostics[1]
    text = note.read_text(encoding="utf-8")
    assert text[far.span.start_offset:far.span.end_offset] == "[^missing]"


@pytest.mark.parametrize("text", [
    "\\( " * 50 + "\n",
    "\\\\( " * 50 + "\n",
    "a\\*b*c* \\~~x~~ \\~ ~~y\\~~ ~z~ &amp;&lt;\\_x\\_ **\\***\n",
    "[a\\]b &copy;](u) ![x\\*y &amp;](i.png) <http://a.b/\\(> www.example.org\\(x\n",
    "tail with escape at the end\\\\\nnext line \\\nhard break &#35;\n",
    "*a\\*b* _c\\_d_ ~~e\\~f~~ `co\\de` $x\\_y$ [^1\\*] \\$5 and \\$6\n",
    "| a\\|b | c |\n| --- | --- |\n| \\( | &amp; |\n",
])
def test_text_merged_while_parsing_reads_like_text_merged_after(text: str) -> None:
    compact = parsing.build_parser().parse(text, {})
    plain = parsing.build_parser(compact=False).parse(text, {})
    assert [_shape(t) for t in compact] == [_shape(t) for t in plain]


def test_escapes_become_one_text_token() -> None:
    text = "# T\n\n" + "\\( " * 1000 + "\n"
    tokens = parsing.build_parser().parse(text, {})
    inline = tokens[4]
    assert [c.type for c in inline.children] == ["text"]
    assert inline.children[0].content == "( " * 999 + "("
    assert inline.children[0].meta[parsing.SRCPOS] == (0, 3 * 1000 - 1)


def _checked_documents(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Weak references to the documents the engine parses, as it parses them."""
    import weakref

    from notelint.document import Document

    made: list[Any] = []
    parse = Document.from_text.__func__  # type: ignore[attr-defined]

    def from_text(cls: type[Document], *args: Any, **kwargs: Any) -> Document:
        doc = parse(cls, *args, **kwargs)
        made.append(weakref.ref(doc))
        return doc

    monkeypatch.setattr(Document, "from_text", classmethod(from_text))
    return made


def test_a_checked_note_keeps_no_token_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tree and the analyses of a note are dropped once its rules have run, even when a
    library left a reference cycle through the check (the garbage collector is paused)."""
    from notelint import engine

    made = _checked_documents(monkeypatch)
    alive: list[tuple[bool, int]] = []
    check = engine.Engine._parse_and_check

    def parse_and_check(self: engine.Engine, *args: Any, **kwargs: Any) -> Any:
        got = check(self, *args, **kwargs)
        doc = made[-1]()
        alive.append((doc is not None, len(doc.tokens) if doc is not None else 0))
        return got

    monkeypatch.setattr(engine.Engine, "_parse_and_check", parse_and_check)
    notes = sorted((SHARED / "math-dev" / "notes").glob("*.md"))[:3]
    assert notes
    lint_paths([str(p) for p in notes])
    assert len(alive) == len(notes)
    assert all(tokens == 0 for _, tokens in alive)
    # Past HUGE_NOTE characters, nothing of the note's check is left at all.
    made.clear()
    alive.clear()
    monkeypatch.setattr(engine, "HUGE_NOTE", 1)
    lint_paths([str(p) for p in notes])
    assert alive == [(False, 0)] * len(notes)
