"""Fixes that must converge in one pass, refusals that hold back only their own fix, and
writing that never replaces what stands at a note's path (links, owner, permissions)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest

from notelint.api import fix_text, lint_text
from notelint.cli import main
from notelint.diagnostics import Edit
from notelint.document import Document
from notelint.fixes import FixError, fix_document, serialise, write_fixed

MATH = {"math": {"pipeline": "commonmark"}}
DIRECTIVE = "<!-- notelint-disable DT001 -->\n"


def test_ma001_fix_converges_in_one_pass() -> None:
    text = "---\nuse_math: true\n---\n# T\n\nInline $a \\\\ b$ here.\n"
    assert [(d.code, d.line, d.column) for d in lint_text(text, config=MATH)] == [("MA001", 6, 11)]
    fixed, applied = fix_text(text, unsafe=True, config=MATH)
    assert (fixed, applied) == ("---\nuse_math: true\n---\n# T\n\nInline $a \\\\\\\\ b$ here.\n", 1)
    assert lint_text(fixed, config=MATH) == []  # the fixed text is not flagged again
    assert fix_text(fixed, unsafe=True, config=MATH) == (fixed, 0)


def test_a_fix_that_reapplies_to_its_own_result_is_applied_once() -> None:
    from notelint.diagnostics import Diagnostic, Edit, Fix, Position, Severity, Span

    def lint(doc: Document) -> list[Diagnostic]:
        i = doc.text.index("x")  # always "finds" the first x and doubles it
        p = Position(1, i + 1)
        return [Diagnostic("XX001", "demo", Severity.WARNING, "n.md", Span(p, p, i, i + 1), "x",
                           fix=Fix("double", (Edit(i, i + 1, "xx"),), safe=True))]

    outcome = fix_document(Document.from_text("ax\n"), lint)
    assert (outcome.text, outcome.applied, outcome.passes) == ("axx\n", 1, 1)
    assert outcome.error is not None and "applies to its own result" in outcome.error


def test_fn004_fix_is_not_offered_on_a_setext_heading() -> None:
    text = "# T\n\nText[^7].\n\n[^7] : x\n===\n"
    found = lint_text(text)
    assert [(d.code, d.line, d.column) for d in found] == [("FN001", 3, 5), ("FN004", 5, 1)]
    assert [d.fix for d in found] == [None, None]
    assert fix_text(text) == (text, 0)
    # the same line as a paragraph keeps its fix
    assert fix_text("# T\n\nText[^7].\n\n[^7] : x\n") == ("# T\n\nText[^7].\n\n[^7]: x\n", 1)


def test_one_refused_fix_does_not_cancel_the_others() -> None:
    from notelint.diagnostics import Diagnostic, Edit, Fix, Severity, Span

    def lint(doc: Document) -> list[Diagnostic]:
        out = []
        for word, replacement in (("foo", "FOO"), ("bar", "```")):  # "```" would swallow the rest
            i = doc.text.find(word)
            if i != -1:
                p = doc.position(i)
                out.append(Diagnostic("XX001", "demo", Severity.WARNING, "n.md",
                                      Span(p, p, i, i + 3), word,
                                      fix=Fix("f", (Edit(i, i + 3, replacement),), safe=True)))
        return out

    text = "# T\n\nbar\n\nfoo\n\nbaz\n"
    outcome = fix_document(Document.from_text(text), lint)
    assert (outcome.text, outcome.applied) == ("# T\n\nbar\n\nFOO\n\nbaz\n", 1)
    assert outcome.error == ("XX001 at line 3: the fixed note would parse differently outside "
                             "the fixed lines")


@pytest.mark.parametrize(("raw", "new", "expected"), [
    # a line removed: the untouched CRLF lines of a mixed file keep CRLF
    ("a\r\nb\ndrop\r\nc\r\n", "a\nb\nc\n", "a\r\nb\nc\r\n"),
    # a line added: new lines get the dominant ending, old ones keep theirs
    ("a\r\nb\nc\r\n", "a\nnew\nb\nc\n", "a\r\nnew\r\nb\nc\r\n"),
    ("x\n", "", ""),                   # a note that becomes empty is empty, not a newline
    ("\ufeffx\r\n", "", "\ufeff"),
])
def test_serialise_keeps_each_untouched_line_ending(raw: str, new: str, expected: str) -> None:
    crlf = raw.count("\r\n")
    newline = "\r\n" if crlf * 2 >= raw.count("\n") else "\n"
    assert serialise(raw, new, newline, raw.startswith("\ufeff")) == expected


def _note(path: Path, text: str = "# T\n\n" + DIRECTIVE + "\nText.\n") -> Path:
    path.write_text(text, encoding="utf-8")
    return path


FIXED = "# T\n\n\nText.\n"


def _fix(path: Path) -> None:
    write_fixed(path, Document.from_text(path.read_text(encoding="utf-8")), FIXED)


def test_a_symlinked_note_stays_a_symlink(tmp_path: Path) -> None:
    real = _note(tmp_path / "real.md")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    _fix(link)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == FIXED


def test_a_hard_link_is_kept(tmp_path: Path) -> None:
    a = _note(tmp_path / "a.md")
    b = tmp_path / "b.md"
    os.link(a, b)
    _fix(a)
    assert b.read_text(encoding="utf-8") == FIXED
    assert os.stat(a).st_ino == os.stat(b).st_ino


def test_owner_and_mode_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The note belongs to someone else than the user who fixes it (notelint run as root, or
    # by a member of the note's group): the new file gets the note's owner, group and mode.
    a = _note(tmp_path / "a.md")
    os.chmod(a, 0o640)
    st = os.stat(a)
    monkeypatch.setattr(os, "geteuid", lambda: st.st_uid + 1)
    given: list[tuple[str, int, int]] = []
    monkeypatch.setattr(os, "chown", lambda p, u, g: given.append((str(p), u, g)))
    _fix(a)
    assert [(Path(p).parent, u, g) for p, u, g in given] == [(tmp_path, st.st_uid, st.st_gid)]
    assert Path(given[0][0]).name.endswith(".notelint-tmp")  # the new file, before it is renamed
    after = os.stat(a)
    assert (stat.S_IMODE(after.st_mode), a.read_text(encoding="utf-8")) == (0o640, FIXED)
    assert after.st_ino != st.st_ino  # replaced atomically by the new file


def test_a_read_only_note_is_not_written(tmp_path: Path) -> None:
    a = _note(tmp_path / "a.md")
    before = a.read_text(encoding="utf-8")
    os.chmod(a, 0o444)
    with pytest.raises(FixError, match="is read-only; not fixed"):
        _fix(a)
    assert a.read_text(encoding="utf-8") == before


def test_a_folder_that_cannot_be_written_is_a_clear_refusal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = _note(tmp_path / "a.md")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)  # what a read-only folder does for non-root
    with pytest.raises(FixError, match="cannot write in the folder of .*Permission denied"):
        _fix(a)


def test_cli_fix_reports_a_read_only_note_and_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    ro = _note(tmp_path / "ro.md")
    rw = _note(tmp_path / "rw.md")
    os.chmod(ro, 0o444)
    code = main(["check", "--fix", "--select", "NL006,DT001", "--no-color", "."])
    out, err = capsys.readouterr()
    assert "ro.md: not fixed: ro.md is read-only" in err
    assert "internal error" not in err
    assert rw.read_text(encoding="utf-8") == FIXED
    assert code == 0  # NL006 is a warning
    assert "ro.md:3:1: NL006 [*] " in out and "rw.md:3:1" not in out  # ro.md keeps its finding


# Found by the properties of tests/test_property_notes.py.

def test_fixes_on_a_link_reference_definition_line_and_elsewhere_go_together() -> None:
    # `[^ 1]: def` is a link reference definition: no block covers its line.  Fixed together
    # with the reference, it used to count as outside the edited blocks: the reference's fix
    # was refused, and the next --fix applied it.
    text = "[^ 1]: def\n\ntext [^ 1]\n"
    assert [(d.code, d.line, d.column) for d in lint_text(text)] == [("FN004", 1, 1),
                                                                     ("FN004", 3, 6)]
    assert fix_text(text) == ("[^1]: def\n\ntext [^1]\n", 2)
    assert fix_text("[^1]: def\n\ntext [^1]\n") == ("[^1]: def\n\ntext [^1]\n", 0)


def test_every_reference_to_a_malformed_definition_carries_its_fix() -> None:
    # The second reference had no fix, so fixing the first made it disappear without one.
    text = "Text [^2] here.\n\n[^2 ]: def and [^2] more\n"
    found = lint_text(text)
    assert [(d.code, d.line, d.column) for d in found] == [("FN001", 1, 6), ("FN001", 3, 16)]
    fix = "Rewrite `[^2 ]:` as `[^2]:`", (Edit(17, 23, "[^2]:"),)
    assert [(d.fix.description, d.fix.edits) for d in found if d.fix] == [fix, fix]
    assert fix_text(text) == ("Text [^2] here.\n\n[^2]: def and [^2] more\n", 1)


def test_a_paired_definition_that_cannot_be_fixed_keeps_its_own_finding() -> None:
    # Fixing the reference pairs it with the definition in the setext heading: that
    # definition's FN004 used to disappear into FN001 although nothing fixed it.
    text = "[^1] gradient\n---\n* [^1 ]\n"
    before = lint_text(text)
    assert [(d.code, d.line, d.column, d.fix is not None) for d in before] == [
        ("FN004", 1, 1, False), ("FN004", 3, 3, True)]
    fixed, applied = fix_text(text)
    assert (fixed, applied) == ("[^1] gradient\n---\n* [^1]\n", 1)
    assert [(d.code, d.line, d.column, d.fix) for d in lint_text(fixed)] == [
        ("FN004", 1, 1, None), ("FN001", 3, 3, None)]


@pytest.mark.parametrize(("text", "fixed"), [
    ("the\n\n* [^1]    [a](b.md)\n", "the\n\n* [^1]: [a](b.md)\n"),
    ("- [^1]\t[a](b.md)\n\nx [^1]\n", "- [^1]: [a](b.md)\n\nx [^1]\n"),
    ("1. [^ 1]:    [a](b.md)\n\nx [^1]\n", "1. [^1]: [a](b.md)\n\nx [^1]\n"),
])
def test_a_definition_fix_in_a_list_item_keeps_its_text_prose(text: str, fixed: str) -> None:
    # With four columns of blanks after a valid marker, a definition in a list item holds an
    # indented code block: the link in it was gone (LK002 disappeared without its fix).
    assert fix_text(text) == (fixed, 1)
    after = lint_text(fixed)
    assert [d.code for d in after if d.code == "LK002"] == ["LK002"]
    assert not [t for t in Document.from_text(fixed).tokens if t.type == "code_block"]


def test_the_same_fix_elsewhere_is_not_taken_for_a_fix_that_reapplies() -> None:
    from notelint.diagnostics import Diagnostic, Fix, Severity, Span

    def lint(doc: Document) -> list[Diagnostic]:
        # The second `x` is found only once the first is fixed (as text that a fix turns into
        # prose); its fix is the same (`x` -> `y`) but it is another place.
        i = doc.text.find("x", 1 if doc.text.startswith("y") else 0)
        if i == -1:
            return []
        p = doc.position(i)
        return [Diagnostic("XX001", "demo", Severity.WARNING, "n.md", Span(p, p, i, i + 1), "x",
                           fix=Fix("y", (Edit(i, i + 1, "y"),), safe=True))]

    outcome = fix_document(Document.from_text("x  x\n"), lint)
    assert (outcome.text, outcome.applied, outcome.error) == ("y  y\n", 2, None)


def test_repeated_words_are_all_removed_in_one_run() -> None:
    # Each pass removes every other repetition; the next ones sit where text was deleted,
    # which is not text a fix wrote: they used to be held back, and the next --fix went on.
    config = {"select": ["SP004"]}
    text = "the the the the the the\n"
    assert [(d.code, d.line, d.column) for d in lint_text(text, config=config)] == [
        ("SP004", 1, 1), ("SP004", 1, 9), ("SP004", 1, 17)]
    assert fix_text(text, config=config, unsafe=True) == ("the\n", 5)
    assert fix_text("the\n", config=config, unsafe=True) == ("the\n", 0)


def test_a_line_missing_its_colon_is_a_reference_when_another_line_defines_its_label() -> None:
    # `[^ref] the` over `===` read as a definition missing its colon (no fix: a setext
    # heading) only while `[^ ref]:` was malformed; fixing that marker made the heading's
    # FN004 disappear although nothing fixed it.  The label is meant to be defined by the
    # malformed line, so the heading holds a reference to it: one finding, with that fix.
    text = "[^ref] the\n===\n\n[^ ref]: the\n"
    found = lint_text(text)
    assert [(d.code, d.line, d.column) for d in found] == [("FN001", 1, 1)]
    assert found[0].fix is not None and found[0].fix.edits == (Edit(16, 24, "[^ref]:"),)
    assert fix_text(text) == ("[^ref] the\n===\n\n[^ref]: the\n", 1)
    assert lint_text("[^ref] the\n===\n\n[^ref]: the\n") == []


def test_two_lines_missing_their_colon_for_one_label_make_one_definition() -> None:
    # Both lines used to get the fix `[^7]:`, which defined the label twice (FN003).
    text = "[^7] a\n\n[^7] b\n"
    found = lint_text(text)
    assert [(d.code, d.line, d.column) for d in found] == [("FN001", 3, 1)]
    assert fix_text(text) == ("[^7]: a\n\n[^7] b\n", 1)
    assert lint_text("[^7]: a\n\n[^7] b\n") == []


@pytest.mark.parametrize(("text", "config", "unsafe", "code", "column", "fixed"), [
    ("$\\|v$ here\n", {}, True, "MA004", 2, "$\\vert v$ here\n"),
    ("$\\*a$ here\n", {}, True, "MA004", 2, "$\\ast a$ here\n"),
    ("$x \\*a$ here\n", {**MATH, "select": ["MA007"]}, False, "MA007", 4,
     "$x \\ast a$ here\n"),
])
def test_an_escape_fix_does_not_glue_its_control_word_to_the_next_letter(
        text: str, config: dict[str, object], unsafe: bool, code: str, column: int,
        fixed: str) -> None:
    # `\|v` became `\vertv`, an unknown macro whose MA002 fix then deleted the `v`.
    assert [(d.code, d.line, d.column) for d in lint_text(text, config=config)] == [
        (code, 1, column)]
    assert fix_text(text, unsafe=unsafe, config=config) == (fixed, 1)
    assert lint_text(fixed, config=config) == []


def test_math_after_escaped_bars_in_a_setext_heading_keeps_its_place() -> None:
    # Over `---`, a line whose only pipes are escaped is a one-column table to notelint's
    # parser (as to markdown-it) but a setext heading to a CommonMark renderer.  The
    # commonmark pipeline took the table's cell, whose `\|` the table rule had made `|`:
    # MA001 missed both escapes and the later findings sat two columns to the left.
    text = "the $\\|v\\|$ a $\\left( x$ $\\ohm$\n---\n"
    found = lint_text(text, config=MATH)
    assert [(d.code, d.line, d.column) for d in found] == [
        ("MA001", 1, 6), ("MA001", 1, 9), ("MA005", 1, 16), ("MA002", 1, 27)]
    assert [text[d.span.start_offset:d.span.end_offset] for d in found] == [
        "\\|", "\\|", "\\left", "\\ohm"]


@pytest.mark.parametrize(("config", "expected"), [
    ({}, [("MA002", 3, 9), ("FN001", 3, 15), ("MA002", 3, 31)]),
    ({"math": {"pipeline": "gfm"}}, [("MA002", 3, 9), ("FN001", 3, 15), ("MA002", 3, 31)]),
])
def test_findings_after_an_escaped_pipe_in_a_table_cell_keep_their_place(
        config: dict[str, object], expected: list[tuple[str, int, int]]) -> None:
    # The cell's content holds `|` where the note has `\|`: the findings after one used to
    # be mapped to the wrong columns (MA002 quoted `\oh`), or lost (FN001).
    text = "| a | b |\n| --- | --- |\n| x \\| $\\ohm$ [^1] | $\\|v\\|$ $\\ohm$ |\n"
    found = lint_text(text, config=config)
    assert [(d.code, d.line, d.column) for d in found] == expected
    assert {text[d.span.start_offset:d.span.end_offset] for d in found} == {"\\ohm", "[^1]"}


def test_fixes_that_turn_a_table_into_a_heading_are_applied_together() -> None:
    # With both `\|` rewritten the line holds no pipe: the one-column table (markdown-it)
    # becomes the setext heading it is elsewhere.  The cells' tokens have no line map and
    # used to count as blocks outside the fixed lines: the second fix was refused, and the
    # finding it belonged to disappeared once the first was applied.
    kramdown = {"math": {"pipeline": "kramdown"}}
    text = "$\\|v\\|$ _x_\n---\n"
    assert [(d.code, d.line, d.column) for d in lint_text(text, config=kramdown)] == [
        ("MA001", 1, 2), ("MA001", 1, 5)]
    assert fix_text(text, config=kramdown) == ("$\\Vert v\\Vert$ _x_\n---\n", 2)


def test_no_fix_for_a_definition_that_would_stay_a_lazy_paragraph_line() -> None:
    # Right after a paragraph in a block quote, `[^1]: def` continues that paragraph: the
    # fix made no definition, and the malformed reference `[^1 ]` of the label lost its
    # finding (its label no longer looked defined).
    text = "> quoted\n[^ 1]: def\n\nsee [^1 ]\n"
    found = lint_text(text)
    assert [(d.code, d.line, d.column, d.fix is not None) for d in found] == [
        ("FN004", 2, 1, False), ("FN004", 4, 5, True)]
    assert fix_text(text) == ("> quoted\n[^ 1]: def\n\nsee [^1]\n", 1)
    # with a blank line before it, the same line is fixed
    assert fix_text("> quoted\n\n[^ 1]: def\n\nsee [^1]\n") == (
        "> quoted\n\n[^1]: def\n\nsee [^1]\n", 1)


def test_a_reference_in_a_malformed_definition_counts_as_a_use() -> None:
    # `[^ 1]: [^2]` is a link reference definition (to the destination `[^2]`), where `[^2]`
    # is no reference: FN002 reported `[^2]:` as unused until the FN004 fix made it one.
    text = "Text [^1].\n\n[^ 1]: [^2]\n\n[^2]: two\n"
    found = lint_text(text)
    assert [(d.code, d.line, d.column) for d in found] == [("FN001", 1, 6)]
    assert fix_text(text) == ("Text [^1].\n\n[^1]: [^2]\n\n[^2]: two\n", 1)
    assert lint_text("Text [^1].\n\n[^1]: [^2]\n\n[^2]: two\n") == []


@pytest.mark.parametrize("after", [
    "\n    indented block\n",  # a blank line, then an indented block: the footnote's
    "goes on\n",  # a lazy line: the footnote's paragraph
    "| a | b |\n| --- | --- |\n| $5 $6 | c |\n",  # the table's first row: a lazy line too
])
def test_no_fix_for_a_definition_that_would_take_in_the_block_after_it(after: str) -> None:
    # `[^ 1]: def` is a link reference definition: what follows it is a block of its own,
    # which the definition would take in once well-formed.  The fix was offered, then
    # refused (or, for a lazy line, the finding moved to another rule without a fix).
    text = "x [^1]\n\n[^ 1]: def\n" + after + "\nend\n"
    found = [d for d in lint_text(text) if d.code.startswith("FN")]
    assert [(d.code, d.line, d.column, d.fix) for d in found] == [
        ("FN001", 1, 3, None), ("FN004", 3, 1, None)]
    assert fix_text(text) == (text, 0)


def test_consecutive_malformed_definitions_are_fixed_together() -> None:
    # Alone, `[^1]:` would take in the next line; fixed together, each is a definition.
    text = "x [^1] [^2] [^3]\n\n[^ 1]: one\n[^ 2]: two\n[^3] : three\n"
    assert [(d.code, d.line, d.column, d.fix is not None) for d in lint_text(text)] == [
        ("FN001", 1, 3, True), ("FN001", 1, 8, True), ("FN001", 1, 13, True)]
    assert fix_text(text) == ("x [^1] [^2] [^3]\n\n[^1]: one\n[^2]: two\n[^3]: three\n", 3)


def test_a_fix_that_gives_another_note_a_fix_is_followed_in_the_same_run(tmp_path: Path) -> None:
    # Removing the repeated word in b.md leaves `trasnformer` used twice in the notes, under
    # the three uses that make a word a term of the notes: a.md's use became a typo (SP001,
    # with a fix) after a.md had been fixed, and the next --fix changed a.md again.
    from notelint.api import lint_paths
    from notelint.fixing import fix_run
    from notelint.rule import RunOptions

    (tmp_path / ".notelint.toml").write_text('select = ["SP001", "SP004"]\n', encoding="utf-8")
    a = _note(tmp_path / "a.md", "trasnformer\ntransformer\n")
    b = _note(tmp_path / "b.md", "trasnformer trasnformer\n")
    options = RunOptions(offline=True, cache_dir=tmp_path / ".cache")
    before = lint_paths([str(tmp_path)], run=options)
    assert [(Path(d.path).name, d.code, d.line, d.column) for d in before.diagnostics] == [
        ("b.md", "SP004", 1, 1)]
    run = fix_run(before, unsafe=True)
    assert (a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")) == (
        "transformer\ntransformer\n", "transformer\n")
    assert run.applied == 3 and run.messages == [] and run.result.diagnostics == []
    assert [Path(k).name for k, o in run.outcomes.items() if o.late] == ["a.md"]
    again = lint_paths([str(tmp_path)], run=options)
    assert again.diagnostics == []


def test_a_deleted_line_does_not_count_the_line_after_it_as_fixed() -> None:
    # Removing the unused directive together with fixing the definition above it made
    # `$5 and $6 here` a lazy line of the footnote (moved to the foot of the page, its
    # dollars paired in the footnote): the line after a deleted line counted as edited, so
    # the paragraph there could change unchecked.  The deletion is refused; the line stays
    # a paragraph, with its MA006.
    from notelint.fixes import _edited_lines

    config = {"math": {"pipeline": "commonmark"}}
    text = "x [^1]\n\n[^ 1]: def\n<!-- notelint-disable MA002 -->\n$5 and $6 here\n"
    assert [(d.code, d.line, d.column) for d in lint_text(text, config=config)] == [
        ("FN001", 1, 3), ("NL006", 4, 1), ("MA006", 5, 1)]
    outcome = fix_document(Document.from_text(text), lambda d: lint_text(d.text, config=config))
    fixed = "x [^1]\n\n[^1]: def\n<!-- notelint-disable MA002 -->\n$5 and $6 here\n"
    assert (outcome.text, outcome.applied) == (fixed, 1)
    assert outcome.error == ("NL006 at line 4: the fixed note would parse differently outside "
                             "the fixed lines")
    assert [(d.code, d.line, d.column) for d in lint_text(fixed, config=config)] == [
        ("NL006", 4, 1), ("MA006", 5, 1)]
    # The lines an edit changes: a whole line deleted changes only itself in the old text and
    # no line in the new one; a deletion inside a line joins it to the next.
    old = "a\n<!-- d -->\nb\n"
    assert _edited_lines(old, "a\nb\n", [Edit(2, 13, "")]) == ({1}, set(), 1, 1)
    assert _edited_lines(old, "a\nb\n", [Edit(1, 12, "")]) == ({0, 1}, {0}, 0, 0)
    assert _edited_lines(old, "a\nnew\n<!-- d -->\nb\n", [Edit(2, 2, "new\n")]) == (
        set(), {1}, 1, 1)


def test_a_footnote_definition_above_a_date_line_leaves_the_date_its_label() -> None:
    # A footnote definition is shown at the foot of the page, so the date line below it is
    # still the first line under the heading.  Fixing the malformed definition (a link
    # reference definition, which leaves no block) made the definition the section's first
    # block: the date lost its label, and DT002 disappeared without any fix to the date.
    text = "## Title\n\n[^ 1]: def\n\n*2022.02.30*\n"
    assert [(d.code, d.line, d.column) for d in lint_text(text)] == [("FN004", 3, 1),
                                                                     ("DT002", 5, 2)]
    fixed = "## Title\n\n[^1]: def\n\n*2022.02.30*\n"
    assert fix_text(text) == (fixed, 1)
    after = lint_text(fixed)
    assert [(d.code, d.line, d.column) for d in after] == [("FN002", 3, 1), ("DT002", 5, 2)]
    assert after[1].message == "Date `2022.02.30` is impossible: February 2022 has 28 days"


@pytest.mark.parametrize(("text", "column", "fixed"), [
    ("[^ref ] x\n\n[^ref] y\n===\n", 1, "[^ref]: x\n\n[^ref] y\n===\n"),
    ("[^ref ] x\n\n- [^ref] y\n", 3, "[^ref]: x\n\n- [^ref] y\n"),
])
def test_a_malformed_marker_at_a_line_start_is_judged_as_what_its_fix_makes_it(
        text: str, column: int, fixed: str) -> None:
    # `[^ref ] x` was a malformed reference, whose fix made `[^ref] x`: the first line missing
    # its colon for the label, so that the later `[^ref] y` turned from a definition missing
    # its colon (FN004) into a reference to it, and the next pass added the colon to what the
    # fix had written.  It is that definition already: the later line is a reference to it
    # (FN001, carrying its fix), and one fix makes both right.
    found = lint_text(text)
    assert [(d.code, d.line, d.column) for d in found] == [("FN001", 3, column)]
    assert found[0].fix is not None and found[0].fix.edits == (Edit(0, 7, "[^ref]:"),)
    assert "`[^ref ]` on line 1 looks like it (remove the space; add `:` after `]`)" in (
        found[0].message)
    assert fix_text(text) == (fixed, 1)
    assert lint_text(fixed) == []


def test_a_malformed_marker_after_the_line_missing_its_colon_stays_a_reference() -> None:
    text = "[^ref] y\n\n[^ref ] x\n"
    assert [(d.code, d.line, d.column, d.fix.edits if d.fix else None)
            for d in lint_text(text)] == [("FN004", 1, 1, (Edit(6, 6, ":"),)),
                                          ("FN004", 3, 1, (Edit(10, 17, "[^ref]"),))]
    assert fix_text(text) == ("[^ref]: y\n\n[^ref] x\n", 2)
    assert lint_text("[^ref]: y\n\n[^ref] x\n") == []
    assert lint_text("[^ref ] x\n") == []  # alone, the label is meant nowhere: not reported


def test_a_table_is_not_taken_into_a_definition_fixed_while_the_line_between_is_deleted(
        ) -> None:
    # Fixed together, the definition's marker and the deletion of the unused directive under
    # it made the table a lazy continuation of the footnote: the table was gone, and its
    # dollars paired across the cells (`5 and |`).  The deletion is refused.
    config = {"math": {"pipeline": "commonmark"}, "select": ["ALL"]}
    text = ("x [^1]\n\n[^ 1]: def\n<!-- notelint-disable MA002 -->\n"
            "| a | b |\n| --- | --- |\n| $5 and | $6 |\n")
    found = lint_text(text, config=config)
    assert [(d.code, d.line, d.column) for d in found] == [
        ("FN001", 1, 3), ("NL006", 4, 1), ("MA006", 7, 3)]
    outcome = fix_document(Document.from_text(text), lambda d: lint_text(d.text, config=config),
                           unsafe=True)
    fixed = text.replace("[^ 1]:", "[^1]:")
    assert (outcome.text, outcome.applied) == (fixed, 1)
    assert outcome.error is not None and outcome.error.startswith("NL006 at line 4:")
    after = lint_text(fixed, config=config)
    assert [(d.code, d.line, d.column) for d in after] == [("NL006", 4, 1), ("MA006", 7, 3)]
    assert after[1].message == found[2].message  # the same dollars pair, in one cell
    assert [t.type for t in Document.from_text(fixed).tokens if t.level == 0].count(
        "table_open") == 1


@pytest.mark.parametrize("table", ["", "\n| a | b |\n| --- | --- |\n| c | d |\n"])
def test_a_footnote_label_between_dollars_reads_the_same_with_a_table_in_the_note(
        table: str) -> None:
    # A table makes the commonmark pipeline parse the whole note again, where `[^1]: def`
    # was a link reference definition: every `[^1]` became a link, so a table anywhere in
    # the note, or fixing `[^ 1]: def`, made the MA006 of `$5 [^1] $6` disappear.
    config = {"math": {"pipeline": "commonmark"}}
    text = "x $5 [^1] $6\n\n[^1]: def\n" + table
    found = lint_text(text, config=config)
    assert [(d.code, d.line, d.column) for d in found] == [("MA006", 1, 3)]
    assert found[0].message.startswith(
        "MathJax pairs the `$` at 1:3 with the `$` at 1:11 and typesets `5 [^1]` as math")
    malformed = "x $5 [^1] $6\n\n[^ 1]: def\n" + table
    assert [(d.code, d.line, d.column) for d in lint_text(malformed, config=config)] == [
        ("MA006", 1, 3), ("FN001", 1, 6)]
    assert fix_text(malformed, config=config) == (text, 1)


def test_a_footnote_label_between_dollars_in_a_table_row_keeps_its_finding_when_fixed() -> None:
    # The generated note that found it: the table's extra cell is a paragraph line to the
    # commonmark pipeline.
    config = {"math": {"pipeline": "commonmark"}, "select": ["ALL"]}
    text = "a | |\n--- | ---\nx} b||_2$ [^1] $6\n\n[^ 1]: def"
    assert [(d.code, d.line, d.column) for d in lint_text(text, config=config)] == [
        ("MA006", 3, 9), ("FN004", 5, 1)]
    fixed = "a | |\n--- | ---\nx} b||_2$ [^1] $6\n\n[^1]: def"
    assert fix_text(text, config=config) == (fixed, 1)
    assert [(d.code, d.line, d.column) for d in lint_text(fixed, config=config)] == [
        ("MA006", 3, 9), ("FN002", 5, 1)]
