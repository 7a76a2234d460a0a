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


# -- what a huge note's check keeps in memory ---------------------------------------------


def _realistic(size: int) -> str:
    """At most ``size`` bytes of real notes (the shared corpus, note after note, repeated,
    cut after a whole line): the shape of ``benchmarks/bench_hostile.py``'s realistic note."""
    notes = sorted((SHARED / "corpus").rglob("*.md"))
    parts: list[str] = []
    total = 0
    while total < size:
        text = notes[len(parts) % len(notes)].read_text(encoding="utf-8")
        parts.append(text + "\n\n")
        total += len(parts[-1].encode("utf-8"))
    cut = "".join(parts).encode("utf-8")[:size]
    return cut[:cut.rfind(b"\n") + 1].decode("utf-8")


def test_checking_a_realistic_note_stays_within_its_memory_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python memory a check allocates beyond what it had, at its highest, for a note
    made of real notes: at most 22 bytes for each byte of the note (tracemalloc; the
    process's resident peak is measured by ``benchmarks/bench_hostile.py``).

    Before the tree was made compact (shared closing tokens, source ranges in slots, line
    tables in arrays) and the analyses were dropped between the rules and the collectors,
    this was 27 bytes a byte.
    """
    import tracemalloc

    from notelint import engine

    note = tmp_path / "real.md"
    note.write_text(_realistic(400_000), encoding="utf-8")
    size = note.stat().st_size
    monkeypatch.setattr(engine, "HUGE_NOTE", 1)  # the huge note's path, at a test's size
    lint_paths([str(note)])  # imports, the word list, the readings of its Korean words
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        result = lint_paths([str(note)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.diagnostics
    assert peak - base <= 22 * size, f"{(peak - base) / size:.1f} bytes a byte"


def test_equal_closing_tokens_are_one_object_and_read_like_before() -> None:
    text = _realistic(60_000)
    compact = parsing.build_parser().parse(text, {})
    plain = parsing.build_parser(compact=False).parse(text, {})
    assert [_shape(t) for t in compact] == [_shape(t) for t in plain]
    closing = [t for t in compact if t.nesting == -1]
    kinds = {(t.type, t.tag, t.level, t.markup, t.info, t.block, t.hidden) for t in closing}
    assert len({id(t) for t in closing}) == len(kinds) < len(closing) // 10
    # Opening tokens, inline ones and their children stay one object each.
    others = [t for t in compact if t.nesting != -1]
    assert len({id(t) for t in others}) == len(others)
    assert len(plain) == len({id(t) for t in plain})


def test_a_source_without_carriage_return_or_nul_is_parsed_without_a_copy() -> None:
    from markdown_it.rules_core import StateCore

    md = parsing.build_parser()
    assert md.core.ruler.__rules__[0].fn is parsing._normalize_without_copy
    text = "# T\n\nSome text.\n" * 3
    state = StateCore(text, md, {})
    parsing._normalize_without_copy(state)
    assert state.src is text
    for raw, normal in [("a\r\nb\rc\n", "a\nb\nc\n"), ("a\0b\n", "a\ufffdb\n")]:
        state = StateCore(raw, md, {})
        parsing._normalize_without_copy(state)
        assert state.src == normal
    assert md.parse("a\r\nb\0\n", {})[1].content == "a\nb\ufffd"


def test_line_tables_are_compact_and_place_exactly() -> None:
    from array import array

    from notelint.document import Document, _LineMap

    text = "# T\n\nOne *line*.\n\nTwo\n  lines `x`.\n\n| a | b\\|c |\n| - | - |\n"
    doc = Document.from_text(text)
    assert isinstance(doc.line_starts, array) and list(doc.line_starts) == [
        0, 4, 5, 17, 18, 22, 35, 36, 49, 59]
    inlines = [t for t in doc.tokens if t.type == "inline"]
    one_line, two_lines = inlines[1], inlines[2]
    em = one_line.children[1]
    assert doc.inline_source(one_line, em) == "*"
    assert isinstance(doc._linemaps[id(one_line)], int)
    code = two_lines.children[-2]
    assert code.type == "code_inline" and doc.inline_source(two_lines, code) == "`x`"
    span = doc.inline_span(two_lines, code)
    assert span is not None and (span.start.line, span.start.column) == (6, 9)
    assert isinstance(doc._linemaps[id(two_lines)], _LineMap)
    cell = inlines[-1]
    assert cell.content == "b|c" and doc.inline_source(cell, cell.children[0]) == "b\\|c"


def test_a_huge_notes_collectors_see_none_of_the_rules_analyses(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Between a huge note's rules and its collectors, the analyses the rules shared
    (``Document.memo``), and the reference cycles that held some of them, are dropped; its
    UTF-8 copy is not held while it is checked, and is the same bytes afterwards."""
    import gc

    from notelint import engine
    from notelint.links.analysis import LinkCollector
    from notelint.math.model import MathView
    from notelint.rules.dates.order import DateCollector
    from notelint.rules.duplicates._shared import DuplicateCollector
    from notelint.spelling.collector import SpellingCollector

    seen: list[tuple[str, set[str], int, object]] = []
    notes: list[Any] = []

    def spy(collect: Any) -> Any:
        def wrapped(self: Any, ctx: Any) -> Any:
            views = sum(1 for o in gc.get_objects() if isinstance(o, MathView))
            held = notes[0]._held if notes else "?"
            memo = {getattr(f, "__qualname__", "?") for f in ctx.document._memo}
            seen.append((self.key, memo, views, held))
            return collect(self, ctx)
        return wrapped

    for cls in (LinkCollector, DateCollector, DuplicateCollector, SpellingCollector):
        monkeypatch.setattr(cls, "collect", spy(cls.collect))
    check = engine.Engine._parse_and_check

    def parse_and_check(self: engine.Engine, note: Any, *args: Any, **kwargs: Any) -> Any:
        notes[:] = [note]
        before = note.encoded()
        got = check(self, note, *args, **kwargs)
        assert note.encoded() == before and type(note._held) is bytes
        return got

    monkeypatch.setattr(engine.Engine, "_parse_and_check", parse_and_check)
    # Notes with math (MA rules build math views) held as UTF-8 (Hangul: smaller so).
    paths = [p for p in REAL_NOTES
             if "$" in (text := p.read_text(encoding="utf-8")) and not text.isascii()][:2]
    assert len(paths) == 2
    plain = _findings_of(paths)
    monkeypatch.setattr(engine, "HUGE_NOTE", 1)
    seen.clear()
    assert _findings_of(paths) == plain
    assert {key for key, *_ in seen} == {"dates", "links", "duplicates", "spelling"}
    # The math views, the math pipelines and the footnote index were the rules' only.
    rules_only = {"_views", "_pipelines", "build_index"}
    assert all(not memo & rules_only and views == 0 for _, memo, views, _ in seen)
    assert all(held is None for *_, held in seen)
    # On the ordinary path, the math views are still there for the collectors.
    monkeypatch.setattr(engine, "HUGE_NOTE", 10**12)
    seen.clear()
    _findings_of(paths)
    assert any(views for _, _, views, _ in seen) and all(held for *_, held in seen)
    assert any(memo & rules_only for _, memo, _, _ in seen)


def _findings_of(paths: list[Path]) -> list[tuple[str, str, int, int, str]]:
    result = lint_paths([str(p) for p in paths])
    return [(d.path, d.code, d.line, d.column, d.message) for d in result.diagnostics]


@pytest.mark.parametrize("folder", PROJECTS, ids=lambda p: p.name)
def test_findings_identical_on_the_huge_notes_path(folder: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from notelint import engine

    ordinary = _findings(folder)
    monkeypatch.setattr(engine, "HUGE_NOTE", 1)
    assert _findings(folder) == ordinary


# -- output formats: findings written one by one -------------------------------------------


@pytest.mark.parametrize("value", [
    {"a": [], "b": {}, "c": [1, {"d": "é\u202e\n"}], "e": None},
    [{"k": [1.5, True, "x"]}, [], {}],
    "plain",
])
def test_write_json_writes_what_json_dumps_writes(value: Any) -> None:
    import io
    import json

    from notelint.formatters import JsonItems, write_json
    from notelint.safetext import json_escape_unsafe

    def lazy(v: Any) -> Any:  # every list made item by item
        if isinstance(v, list):
            return JsonItems(lazy(x) for x in v)
        if isinstance(v, dict):
            return {k: lazy(x) for k, x in v.items()}
        return v

    nested = {"outer": value, "n": [value]}
    for given, expected in [(value, value), (lazy(value), value),
                            ({"outer": lazy(value), "n": [lazy(value)]}, nested)]:
        out = io.StringIO()
        write_json(out.write, given, escape=json_escape_unsafe)
        assert out.getvalue() == json_escape_unsafe(
            json.dumps(expected, ensure_ascii=False, indent=2))
    out = io.StringIO()
    write_json(out.write, {"x": JsonItems(iter([]))})
    assert out.getvalue() == '{\n  "x": []\n}'


def _report_of(folder: Path) -> Any:
    from notelint.formatters import Report

    result = lint_paths([str(folder)])
    assert len(result.diagnostics) > 20
    return Report(result.diagnostics, result.documents, result.files_checked, 0,
                  result.suppressed, {"FN001": ("undefined-footnote", "Undefined footnote.")})


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_and_sarif_findings_are_written_one_by_one(fmt: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The text is that of ``json.dumps`` on the whole document, and each finding's object
    is made only once the one before it is written."""
    import io
    import json

    from notelint.formatters import json as json_format
    from notelint.formatters import sarif
    from notelint.safetext import json_escape_unsafe

    report = _report_of(SHARED / "corpus" / "content")
    if fmt == "json":
        whole: Any = {"version": 1, "diagnostics": [
            json_format.diagnostic_to_dict(d, report.documents.get(d.path))
            for d in report.diagnostics]}
        formatter: Any = json_format.JsonFormatter(io.StringIO())
        counts = report.counts()
        whole["summary"] = {
            "files": report.files_checked, "diagnostics": len(report.diagnostics),
            "errors": counts[json_format.Severity.ERROR],
            "warnings": counts[json_format.Severity.WARNING],
            "infos": counts[json_format.Severity.INFO], "fixable": report.fixable,
            "fixed": 0, "suppressed": report.suppressed}
        module, name = json_format, "diagnostic_to_dict"
        make = json_format.diagnostic_to_dict
    else:
        formatter = sarif.SarifFormatter(io.StringIO())
        whole = formatter.log(report)
        module, name = sarif.SarifFormatter, "result"
        make = sarif.SarifFormatter.result
    written: list[int] = []

    def made(*args: Any) -> Any:
        written.append(len(formatter.stream.getvalue()))
        return make(*args)

    monkeypatch.setattr(module, name, made)
    formatter.emit(report)
    text = formatter.stream.getvalue()
    assert text == json_escape_unsafe(json.dumps(whole, ensure_ascii=False, indent=2)) + "\n"
    assert len(written) == len(report.diagnostics)
    assert all(a < b for a, b in zip(written, written[1:], strict=False))
