"""Golden output of the CI formatters (github, rdjson, junit) on Korean, emoji, CRLF and tabs.

The note below is shared with ``test_sarif.py``.  Positions of its findings,
in the units each sink wants:

====  =====  ==========  ===========  ==============  ===============
line  rule   code points UTF-16 (gh)  UTF-8 bytes     why
====  =====  ==========  ===========  ==============  ===============
3     XX001  7-11        8-12         16-20           `한국어\\t😀 ` before
5     XX002  1-121       1-121        1-241           120 Hangul/spaces
6     XX003  7-11        9-13         13-17           `- 😀\\t😀 ` before
====  =====  ==========  ===========  ==============  ===============
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from notelint.api import lint_paths
from notelint.diagnostics import Diagnostic, Position, Related, Severity, Span
from notelint.formatters import FormatterOptions, Report, get_formatter
from notelint.formatters.github import (
    GithubFormatter,
    choose_annotations,
    escape_data,
    escape_property,
    utf16_column,
)
from notelint.formatters.rdjson import byte_column
from notelint.registry import Registry
from notelint.rule import DocumentContext, Rule

PATH = "notes/노트,a:b.md"
NOTE = ("# 노트 😀\r\n"
        "\r\n"
        "한국어\t😀 TODO 끝\r\n"
        "\r\n"
        + "긴 줄 " * 30 + "\r\n"
        "- 😀\t😀 ECHO, 100%: done\r\n")


class EchoRule(Rule):
    """Flags ``ECHO`` after line 1 (info), pointing back at the title; its message needs escaping."""

    code = "XX003"
    name = "echo-word"
    summary = "Demonstration: a word that echoes the title"
    default_severity = Severity.INFO

    def check_document(self, ctx: DocumentContext) -> None:
        doc = ctx.document
        for n in range(2, doc.line_count + 1):
            col = doc.line_text(n).find("ECHO")
            if col != -1:
                start = doc.offset(n, col + 1)
                ctx.report((start, start + 4), "`ECHO` repeats the title: 100%, sure:\nsee line 1",
                           related=[Related(None, 1, 1, "the title")])


def build_report(root: Path, registry: Registry, changed: dict[str, set[int]] | None = None,
                 note: str = NOTE, path: str = PATH) -> Report:
    """Lint ``note`` saved at ``root/path`` (cwd must be ``root``) with the XX rules."""
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_bytes(note.encode("utf-8"))
    result = lint_paths([str(Path(path).parent)], registry=registry, select=["XX"])
    report = Report(result.diagnostics, result.documents, result.files_checked,
                    rules={r.code: (r.name, r.summary) for r in registry})
    report.changed_lines = changed  # type: ignore[attr-defined]  # absent from older Reports
    return report


@pytest.fixture()
def ci_registry(demo_registry: Registry) -> Registry:
    """The demonstration registry plus :class:`EchoRule`."""
    return Registry([*demo_registry, EchoRule])


@pytest.fixture()
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci_registry: Registry) -> Report:
    monkeypatch.chdir(tmp_path)
    return build_report(tmp_path, ci_registry)


def render(name: str, report: Report, **options: bool) -> str:
    out = io.StringIO()
    get_formatter(name)(out, FormatterOptions(**options)).emit(report)
    return out.getvalue()


def github(report: Report, environ: dict[str, str] | None = None, **options: bool) -> str:
    out = io.StringIO()
    GithubFormatter(out, FormatterOptions(**options), environ=environ or {}).emit(report)
    return out.getvalue()


# -- column conversions -------------------------------------------------------


def test_column_units() -> None:
    line = "한국어\t😀 TODO 끝"
    assert [utf16_column(line, c) for c in (1, 5, 6, 7)] == [1, 5, 7, 8]
    from notelint.document import Document
    doc = Document.from_text(line + "\n")
    assert [byte_column(doc, 1, c) for c in (1, 4, 5, 6, 7)] == [1, 10, 11, 15, 16]
    with_bom = Document.from_text("\ufeff" + line + "\n")
    assert byte_column(with_bom, 1, 7) == 19  # the BOM's 3 bytes are on line 1 of the file


# -- github ---------------------------------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("100%\r\nnext: a,b") == "100%25%0D%0Anext: a,b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_golden(report: Report) -> None:
    f = "notes/노트%2Ca%3Ab.md"
    assert github(report) == (
        f"::error file={f},line=3,endLine=3,col=8,endColumn=12,title=XX001 todo-word"
        "::`TODO` left in the note\n"
        f"::warning file={f},line=5,endLine=5,col=1,endColumn=121,title=XX002 long-line"
        "::Line is longer than 80 characters\n"
        f"::notice file={f},line=6,endLine=6,col=9,endColumn=13,title=XX003 echo-word"
        "::`ECHO` repeats the title: 100%25, sure:%0Asee line 1\n"
        "Found 3 problems (1 error, 1 warning, 1 info) in 1 of 1 file; 1 fixable with --fix.\n"
    )


def test_github_paths_relative_to_the_workspace(report: Report, tmp_path: Path) -> None:
    for d in list(report.diagnostics):
        report.diagnostics[report.diagnostics.index(d)] = Diagnostic(
            d.code, d.name, d.severity, str(tmp_path / d.path), d.span, d.message, d.fix,
            d.related)
    report.documents = {str(tmp_path / k): v for k, v in report.documents.items()}
    out = github(report, {"GITHUB_WORKSPACE": str(tmp_path)}, quiet=True)
    assert out.splitlines()[0].startswith("::error file=notes/노트%2Ca%3Ab.md,line=3,")
    outside = github(report, {"GITHUB_WORKSPACE": str(tmp_path / "notes" / "sub")}, quiet=True)
    assert f"file={escape_property(str(tmp_path))}/notes/" in outside


def _span(line: int, col: int = 1, end_col: int = 2, end_line: int | None = None) -> Span:
    return Span(Position(line, col), Position(end_line or line, end_col), 0, 0)


def _many(n_err: int, n_warn: int, n_info: int) -> list[Diagnostic]:
    out = []
    line = 0
    for sev, n in ((Severity.ERROR, n_err), (Severity.WARNING, n_warn), (Severity.INFO, n_info)):
        for _ in range(n):
            line += 1
            out.append(Diagnostic("XX009", "demo", sev, "n.md", _span(line), f"finding {line}"))
    return out


def test_github_multi_line_spans_have_no_columns() -> None:
    d = Diagnostic("XX009", "demo", Severity.WARNING, "n.md", _span(2, 5, 3, end_line=4), "m")
    out = github(Report([d]), quiet=True)
    assert out == "::warning file=n.md,line=2,endLine=4,title=XX009 demo::m\n"


def test_github_span_ending_with_a_newline_ends_on_its_line() -> None:
    from notelint.document import Document
    doc = Document.from_text("😀 line two\nthree\n", "n.md")
    whole_line = Diagnostic("XX009", "demo", Severity.ERROR, "n.md", doc.span(0, 11), "m")
    assert whole_line.span.end == Position(2, 1)
    out = github(Report([whole_line], documents={"n.md": doc}), quiet=True)
    assert out == "::error file=n.md,line=1,endLine=1,col=1,endColumn=12,title=XX009 demo::m\n"


def test_github_overflow_goes_to_the_log_and_the_step_summary(tmp_path: Path) -> None:
    diags = _many(13, 11, 2)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env = {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_SERVER_URL": "https://github.com",
           "GITHUB_REPOSITORY": "me/notes", "GITHUB_SHA": "abc123"}
    out = github(Report(diags, files_checked=1), env).splitlines()
    commands = [ln for ln in out if ln.startswith("::")]
    assert [c.split(" ", 1)[0] for c in commands] == ["::error"] * 10 + ["::warning"] * 10 + [
        "::notice"] * 2
    assert out[22] == ("notelint: 4 more findings not shown as annotations (GitHub shows 10 "
                       "errors, 10 warnings and 10 notices per step); listed below and in the "
                       "step summary:")
    assert out[23:27] == ["n.md:11:1: XX009 finding 11", "n.md:12:1: XX009 finding 12",
                          "n.md:13:1: XX009 finding 13", "n.md:24:1: XX009 finding 24"]
    assert out[27] == "Found 26 problems (13 errors, 11 warnings, 2 infos) in 1 of 1 file."
    assert summary.read_text(encoding="utf-8") == (
        "earlier step\n"
        "## notelint\n\n"
        "Found 26 problems (13 errors, 11 warnings, 2 infos) in 1 of 1 file.\n\n"
        "22 findings are shown as annotations; GitHub shows at most 10 of each kind per step, "
        "so these 4 are not:\n\n"
        "| severity | location | rule | message |\n"
        "| --- | --- | --- | --- |\n"
        "| error | [n.md:11:1](https://github.com/me/notes/blob/abc123/n.md#L11) | XX009 demo "
        "| finding 11 |\n"
        "| error | [n.md:12:1](https://github.com/me/notes/blob/abc123/n.md#L12) | XX009 demo "
        "| finding 12 |\n"
        "| error | [n.md:13:1](https://github.com/me/notes/blob/abc123/n.md#L13) | XX009 demo "
        "| finding 13 |\n"
        "| warning | [n.md:24:1](https://github.com/me/notes/blob/abc123/n.md#L24) | XX009 demo "
        "| finding 24 |\n")


def test_github_changed_lines_are_annotated_first() -> None:
    diags = _many(12, 0, 0)
    chosen, rest = choose_annotations(diags, {"n.md": {11, 12}})
    assert sorted(int(d.message.split()[1]) for d in diags if id(d) in chosen) == [
        1, 2, 3, 4, 5, 6, 7, 8, 11, 12]
    assert [d.message for d in rest] == ["finding 9", "finding 10"]
    # related places on changed lines count as well
    d = Diagnostic("XX009", "demo", Severity.ERROR, "n.md", _span(40), "paired",
                   related=(Related("m.md", 3, 1, "the other end"),))
    chosen, rest = choose_annotations([*diags, d], {"m.md": {3}})
    assert id(d) in chosen and len(rest) == 3


def test_github_summary_cells_are_escaped_and_bounded(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import notelint.formatters.github as gh
    diags = [Diagnostic("XX009", "demo", Severity.ERROR, "n.md", _span(i + 1),
                        "pipe | and\nnewline") for i in range(14)]
    row = "| error | n.md:11:1 | XX009 demo | pipe \\| and newline |"
    summary = tmp_path / "s.md"
    github(Report(diags, files_checked=1), {"GITHUB_STEP_SUMMARY": str(summary)}, quiet=True)
    unbounded = summary.read_text(encoding="utf-8")
    assert row in unbounded
    # a budget that leaves room for the first two of the four rows only
    monkeypatch.setattr(gh, "SUMMARY_BUDGET", len(unbounded.encode()) - 2 * (len(row) + 1))
    summary.unlink()
    github(Report(diags, files_checked=1), {"GITHUB_STEP_SUMMARY": str(summary)}, quiet=True)
    text = summary.read_text(encoding="utf-8")
    assert text.count("| error |") == 2
    assert text.endswith("|\n\n... and 2 more, listed in the step's log.\n")


def test_github_without_findings_writes_a_short_summary(tmp_path: Path) -> None:
    summary = tmp_path / "s.md"
    out = github(Report([], files_checked=3), {"GITHUB_STEP_SUMMARY": str(summary)})
    assert out == "No problems in 3 files.\n"
    assert summary.read_text(encoding="utf-8") == "## notelint\n\nNo problems in 3 files.\n\n"


# -- rdjson ---------------------------------------------------------------------


def test_rdjson_golden(report: Report) -> None:
    data = json.loads(render("rdjson", report))

    def rng(line: int, a: int, b: int) -> dict[str, object]:
        return {"start": {"line": line, "column": a}, "end": {"line": line, "column": b}}

    assert data == {
        "source": {"name": "notelint", "url": "https://github.com/notelint/notelint"},
        "diagnostics": [
            {"message": "`TODO` left in the note",
             "location": {"path": PATH, "range": rng(3, 16, 20)},
             "severity": "ERROR", "code": {"value": "XX001"},
             "original_output": f"{PATH}:3:7: XX001 `TODO` left in the note",
             "suggestions": [{"range": rng(3, 16, 20), "text": "DONE"}]},
            {"message": "Line is longer than 80 characters",
             "location": {"path": PATH, "range": rng(5, 1, 241)},
             "severity": "WARNING", "code": {"value": "XX002"},
             "original_output": f"{PATH}:5:1: XX002 Line is longer than 80 characters"},
            {"message": "`ECHO` repeats the title: 100%, sure:\nsee line 1",
             "location": {"path": PATH, "range": rng(6, 13, 17)},
             "severity": "INFO", "code": {"value": "XX003"},
             "original_output": f"{PATH}:6:7: XX003 `ECHO` repeats the title: 100%, sure:\n"
                                "see line 1"},
        ],
    }


def test_rdjson_byte_columns_select_the_flagged_bytes(report: Report, tmp_path: Path) -> None:
    """Cut the file's own bytes at the reported columns: the flagged words come out."""
    raw_lines = (tmp_path / PATH).read_bytes().split(b"\r\n")
    data = json.loads(render("rdjson", report))
    words = []
    for d in data["diagnostics"]:
        r = d["location"]["range"]
        line = raw_lines[r["start"]["line"] - 1]
        words.append(line[r["start"]["column"] - 1:r["end"]["column"] - 1].decode("utf-8"))
    assert words == ["TODO", "긴 줄 " * 30, "ECHO"]


def test_rdjson_links_rules_with_a_catalogue_entry() -> None:
    d = Diagnostic("FN001", "undefined-footnote-reference", Severity.ERROR, "a.md", _span(1),
                   "m")
    data = json.loads(render("rdjson", Report([d])))
    assert data["diagnostics"][0]["code"] == {
        "value": "FN001",
        "url": "https://github.com/notelint/notelint/blob/main/rules/"
               "FN001-undefined-footnote-reference.md"}


# -- junit ----------------------------------------------------------------------


def test_junit_golden(report: Report, tmp_path: Path, ci_registry: Registry) -> None:
    (tmp_path / "notes" / "clean.md").write_text("# 깨끗한 노트\n", encoding="utf-8")
    result = lint_paths(["notes"], registry=ci_registry, select=["XX"])
    report = Report(result.diagnostics, result.documents, result.files_checked)
    assert render("junit", report) == f"""\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="notelint" tests="4" failures="2" errors="0">
  <testsuite name="notes/clean.md" tests="1" failures="0" errors="0" skipped="0">
    <testcase classname="notes/clean.md" name="notelint" file="notes/clean.md" />
  </testsuite>
  <testsuite name="{PATH}" tests="3" failures="2" errors="0" skipped="0">
    <testcase classname="{PATH}" name="XX001 todo-word at 3:7" file="{PATH}" line="3">
      <failure type="error" message="`TODO` left in the note">{PATH}:3:7: XX001 `TODO` left in the note</failure>
    </testcase>
    <testcase classname="{PATH}" name="XX002 long-line at 5:1" file="{PATH}" line="5">
      <failure type="warning" message="Line is longer than 80 characters">{PATH}:5:1: XX002 Line is longer than 80 characters</failure>
    </testcase>
    <testcase classname="{PATH}" name="XX003 echo-word at 6:7" file="{PATH}" line="6">
      <system-out>{PATH}:6:7: XX003 `ECHO` repeats the title: 100%, sure:
see line 1</system-out>
    </testcase>
  </testsuite>
</testsuites>
"""


def test_junit_is_well_formed_xml_for_any_text() -> None:
    nasty = 'a <b> & "c" \'d\' \x07bell \ud800 ]]> end'
    d = Diagnostic("XX009", "demo", Severity.ERROR, "a&b<c>.md", _span(1), nasty)
    out = render("junit", Report([d]))
    root = ET.fromstring(out.encode("utf-8"))
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == 'a <b> & "c" \'d\' \ufffdbell \ufffd ]]> end'
    assert root.find("./testsuite").get("name") == "a&b<c>.md"  # type: ignore[union-attr]
