"""Nothing from a note or a file name reaches a terminal or a CI log raw: escape sequences,
line breaks and bidirectional controls are shown as escapes by every formatter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from notelint.cli import main
from notelint.safetext import neutral, neutral_path

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # writes the clipboard
CURSOR = "\x1b[2J\x1b[H"                  # clears the screen
NOTE = (
    "# Hostile\n\n"
    f"<img src=\"pic{OSC52}.png\">\n\n"
    f"Text[^a{CURSOR}] and more.\n\n"
    f"<!-- notelint-disable FN001{OSC52} -->\n\n"
    "Reordered \u202eevil\u202c text[^b\u202e].\n"
)
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _lint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
          fmt: str, name: str = "note.md") -> tuple[int, str, str]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(NOTE, encoding="utf-8")
    code = main(["check", "--no-color", "--show-source", "--format", fmt, "."])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif", "rdjson", "junit"])
def test_no_control_character_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    code, out, err = _lint(tmp_path, monkeypatch, capsys, fmt, "x\n::add-mask::y\u202e.md")
    assert code == 1
    assert RAW.search(out) is None, repr(RAW.search(out))
    assert RAW.search(err) is None
    for line in out.splitlines():
        assert not line.lstrip().startswith("::add-mask"), line
    if fmt in ("json", "sarif", "rdjson"):
        json.loads(out)  # still valid, same values
        assert "\\u202e" in out


def test_text_output_shows_escapes_where_the_characters_were(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _lint(tmp_path, monkeypatch, capsys, "text")
    lines = out.splitlines()
    assert code == 1
    nl007 = [ln for ln in lines if " NL007 " in ln]
    assert nl007 and nl007[0].startswith("note.md:7:")
    assert "\\x1b]52;c;ZWNobyBwd25lZA==\\x07" in nl007[0]
    fn001 = [ln for ln in lines if " FN001 " in ln]
    assert fn001[0].startswith("note.md:5:5: FN001 ") and "\\x1b[2J\\x1b[H" in fn001[0]
    lk002 = [ln for ln in lines if " LK002 " in ln]
    assert lk002[0].startswith("note.md:3:") and "pic\\x1b]52;" in lk002[0]
    # the caret still sits under the span when the source line holds escapes
    i = lines.index(fn001[0])
    assert lines[i + 1] == "    5 | Text[^a\\x1b[2J\\x1b[H] and more."
    assert lines[i + 2] == "      |     " + "^" * len("[^a\\x1b[2J\\x1b[H]")


def test_github_overflow_lines_cannot_start_a_workflow_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    text = "".join(f"Text[^{n}].\n" for n in range(1, 14))
    (tmp_path / "::add-mask::secret.md").write_text(text, encoding="utf-8")
    code = main(["check", "--format", "github", "."])
    out = capsys.readouterr().out
    assert code == 1
    plain = [ln for ln in out.splitlines() if not ln.startswith(("::error ", "::warning "))]
    assert any(ln.startswith("./::add-mask::secret.md:11:") for ln in plain), plain
    assert not any(ln.lstrip().startswith("::add-mask") for ln in plain)


def test_neutral_helpers() -> None:
    assert neutral("plain 한국어 😀 text") == "plain 한국어 😀 text"
    assert neutral("a\x1b[31mb\r\n\t\x9b\u2028\u202e") == "a\\x1b[31mb\\r\\n\\t\\x9b\\u2028\\u202e"
    assert neutral("a\nb\x07", keep_newlines=True) == "a\nb\\x07"
    assert neutral_path("::error x.md") == "./::error x.md"
    assert neutral_path("  ##[error]x.md") == "./  ##[error]x.md"
    assert neutral_path("notes/::x.md") == "notes/::x.md"


def test_every_character_escaped_is_unprintable_so_printable_text_is_left_alone() -> None:
    # neutral() returns printable text without searching it: each character it escapes
    # must be one str.isprintable() refuses.
    from notelint.safetext import UNSAFE_RE

    every = "".join(map(chr, range(0x110000)))
    unsafe = [m.group() for m in UNSAFE_RE.finditer(every)]
    assert len(unsafe) == 32 + 1 + 32 + 1 + 2 + 2 + 5 + 4
    assert not any(c.isprintable() for c in unsafe)
    for c in unsafe:
        assert neutral(f"a{c}b") != f"a{c}b"


@pytest.mark.parametrize(("path", "shown"), [
    ("::add-mask::x.md", "./::add-mask::x.md"), (" \t##[error]x.md", " \\t##[error]x.md"), ("  ::x", "./  ::x"),
    ("##vso[x.md", "./##vso[x.md"), (":x.md", ":x.md"), ("#x.md", "#x.md"), ("a::b.md", "a::b.md"),
])
def test_a_path_read_as_a_command_is_made_relative(path: str, shown: str) -> None:
    assert neutral_path(path) == shown
