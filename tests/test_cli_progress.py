"""The progress bar: drawn on a terminal once a run lasts over a second, never elsewhere."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import notelint.progress
from notelint.cli import main
from notelint.progress import ProgressBar as Progress


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_drawn_in_the_first_second() -> None:
    clock, term = Clock(), Terminal()
    bar = Progress(term, clock=clock)
    bar.start(10)
    clock.now += 0.9
    bar.advance(3)
    assert (bar.visible, term.getvalue()) == (False, "")
    clock.now += 0.2
    bar.advance()
    assert bar.visible
    bar.advance(2)
    bar.close()
    assert not bar.visible
    drawn = term.getvalue()
    assert "checking" in drawn and "6/10" in drawn
    bar.close()  # a second close does nothing


def test_nothing_is_drawn_off_a_terminal_or_when_disabled() -> None:
    for stream, enabled in ((io.StringIO(), None), (Terminal(), False)):
        clock = Clock()
        bar = Progress(stream, enabled=enabled, clock=clock)
        bar.start(5)
        clock.now += 5
        bar.advance(2)
        bar.close()
        assert (bar.visible, bar.done, stream.getvalue()) == (False, 2, "")


def test_a_run_that_ends_before_the_delay_draws_nothing() -> None:
    clock, term = Clock(), Terminal()
    bar = Progress(term, clock=clock)
    bar.start(2)
    bar.advance()
    clock.now += 3
    bar.advance()  # the last note: the run is over, no bar for it
    bar.close()
    assert term.getvalue() == ""


def test_check_draws_the_bar_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    for n in range(5):
        (tmp_path / f"n{n}.md").write_text(f"# 노트 {n}\n\n본문.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(notelint.progress, "DELAY", 0.0)
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    assert main(["check", ".", "--no-color"]) == 0
    assert "checking" in term.getvalue()
    assert capsys.readouterr().out == "No problems in 5 files.\n"
    for extra in (["--quiet"], []):
        term = Terminal()
        monkeypatch.setattr(sys, "stderr", term)
        if not extra:
            monkeypatch.setenv("CI", "true")  # a CI log is not a terminal for people
        assert main(["check", ".", "--no-color", *extra]) == 0
        assert term.getvalue() == ""
