"""Spelling that listens to the notes: exact findings for each case of the family's design.

Every note here is written for the test; each assertion names rule, span and message.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from notelint.api import fix_text, lint_paths, lint_text


def _found(text: str, select: tuple[str, ...] = ("SP001", "SP002")) -> list[str]:
    return [f"{d.span} {d.code} {d.message}" for d in lint_text(text, select=list(select))]


# -- a typo the author repeats --------------------------------------------------------------

def test_a_repeated_typo_is_found_when_the_right_word_is_used_far_more() -> None:
    text = ("The optimiser updates the weigths. " * 3 + "The weights decay. " * 6
            + "Every weights tensor is saved.\n")
    found = _found(text)
    assert found[0] == ("1:27-1:34 SP001 `weigths` is not a known word; "
                        "did you mean `weights` (used 7× in your notes)?")
    assert len(found) == 3


def test_a_term_used_about_as_often_as_its_neighbour_is_left_alone() -> None:
    # `Boostcamp` (a programme) 3 times, `bootcamp` 4 times: a name, not a typo.
    text = "Boostcamp notes. " * 3 + "A bootcamp is short. " * 4 + "\n"
    assert _found(text) == []


# -- words split by emphasis ----------------------------------------------------------------

def test_words_joined_across_emphasis_are_read_whole() -> None:
    assert _found("Bagging is **B**ootstrapping **agg**regat**ing**.\n") == []
    found = lint_text("The function of the **E**nvrionment is here.\n", select=["SP001"])
    assert [(str(d.span), d.message, d.fix) for d in found] == [
        ("1:23-1:36", "`Envrionment` is not a known word; did you mean `Environment`?", None)]


# -- prose that HTML blocks show ------------------------------------------------------------

def test_text_shown_by_an_html_block_is_prose_and_tags_are_not() -> None:
    text = ("<p align=\"center\"><img src=\"./img/fucntion.png\"></p>\n"
            "  &nbsp; - &nbsp; the envrionment of the agent <br>\n"
            "  <!-- a fucntion in a comment -->\n"
            "<h3 data-toc-skip> Reinforcment learning </h3>\n")
    assert _found(text) == [
        "2:23-2:34 SP001 `envrionment` is not a known word; did you mean `environment`?",
        "4:20-4:32 SP001 `Reinforcment` is not a known word; did you mean `Reinforcement`?",
    ]


def test_code_and_script_elements_in_html_are_not_prose() -> None:
    text = "<pre>\nfucntion x\n</pre>\n\n<div><code>envrionment</code></div>\n"
    assert _found(text) == []


# -- names ----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "As Bengio (2013) shows, depth helps.",
    "Bengio et al. describe curriculum learning.",
    "This follows Bengio, 2009, closely.",
    "Andrej Karpathy wrote the blog post.",
    "I worked on the Kode with Klossy camp.",
])
def test_names_in_citations_and_capitalised_runs_are_left_alone(sentence: str) -> None:
    assert _found(sentence + "\n") == []


def test_a_typo_in_a_title_case_run_of_known_words_is_still_found() -> None:
    assert _found("The Vision Transfomer splits images.\n") == [
        "1:12-1:22 SP001 `Transfomer` is not a known word; did you mean `Transformer`?"]


# -- plausible suggestions only -------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "I write my notes in Typora every day.",  # `Tapora`: an unlikely slip, a product name
    "The linformer model is linear.",  # `informer`: the first letter
    "Set the linestyle of the plot.",  # `lifestyle`: far keys, no sound likeness
])
def test_implausible_suggestions_are_not_made(sentence: str) -> None:
    assert _found(sentence + "\n") == []


def test_the_likelier_slip_comes_first() -> None:
    assert _found("Find a policy that miximize the return.\n") == [
        "1:20-1:28 SP001 `miximize` is not a known word; did you mean `maximize`?"]
    assert _found("We report precision and recal here.\n") == [
        "1:25-1:30 SP001 `recal` is not a known word; did you mean `recall`?"]


def test_equally_likely_suggestions_are_both_offered() -> None:
    assert _found("Image Coloization is a task.\n") == [
        "1:7-1:18 SP001 `Coloization` is not a known word; "
        "did you mean `Colonization` or `Colorization`?"]


# -- unsafe fixes only when the notes back them ---------------------------------------------

def test_an_unsafe_fix_only_when_the_notes_use_the_suggestion() -> None:
    backed = "The loss fucntion is a function of the weights.\n"
    fixed, n = fix_text(backed, select=["SP001"], unsafe=True)
    assert (fixed, n) == ("The loss function is a function of the weights.\n", 1)
    alone = "The loss fucntion is smooth.\n"
    [d] = lint_text(alone, select=["SP001"])
    assert d.fix is None
    assert fix_text(alone, select=["SP001"], unsafe=True) == (alone, 0)


# -- inline allow-lists ---------------------------------------------------------------------

def test_notelint_words_comments_accept_words_in_their_note_only(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("<!-- notelint-words: Tranformers, Bengeo -->\n\n"
                                   "Tranformers and Bengeo are fine here.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Tranformers are not fine here.\n", encoding="utf-8")
    result = lint_paths([str(tmp_path)], select=["SP001", "NL007"])
    assert [(Path(d.path).name, str(d.span), d.code) for d in result.diagnostics] == [
        ("b.md", "1:1-1:12", "SP001")]


# -- the project's word list ----------------------------------------------------------------

def _notelint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "notelint", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def test_words_add_writes_beside_the_configuration_and_runs_see_it(tmp_path: Path) -> None:
    (tmp_path / ".notelint.toml").write_text("[spelling]\nterm-min-count = 3\n",
                                             encoding="utf-8")
    sub = tmp_path / "notes" / "week1"
    sub.mkdir(parents=True)
    (sub / "a.md").write_text("The Tranformers library.\n", encoding="utf-8")
    before = _notelint("check", "--select", "SP001", "--no-show-source", "notes", cwd=tmp_path)
    assert "notes/week1/a.md:1:5: SP001 `Tranformers`" in before.stdout
    added = _notelint("words", "add", "Tranformers", cwd=sub)
    assert added.returncode == 0, added.stderr
    assert (tmp_path / ".notelint-words.txt").read_text(encoding="utf-8") == "Tranformers\n"
    assert not (sub / ".notelint-words.txt").exists()
    run = _notelint("check", "--select", "SP001", "--no-show-source", "notes", cwd=tmp_path)
    assert "SP001" not in run.stdout


def test_words_add_without_a_configuration_writes_at_the_repository_top(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    sub = tmp_path / "posts"
    sub.mkdir()
    (sub / "a.md").write_text("The Tranformers library.\n", encoding="utf-8")
    before = _notelint("check", "--select", "SP001", "--no-show-source", ".", cwd=tmp_path)
    assert "posts/a.md:1:5: SP001 `Tranformers`" in before.stdout
    assert _notelint("words", "add", "Tranformers", cwd=sub).returncode == 0
    assert (tmp_path / ".notelint-words.txt").is_file()
    after = _notelint("check", "--select", "SP001", "--no-show-source", ".", cwd=tmp_path)
    assert "SP001" not in after.stdout


# -- the project's notes are the vocabulary, also for a note checked alone ------------------

def test_a_note_checked_alone_is_judged_with_the_projects_counts(tmp_path: Path) -> None:
    (tmp_path / ".notelint.toml").write_text("", encoding="utf-8")
    (tmp_path / "a.md").write_text("The loss fucntion is smooth.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("A function, a function, a function.\n", encoding="utf-8")
    alone = lint_paths([str(tmp_path / "a.md")], select=["SP001"])
    assert [d.message for d in alone.diagnostics] == [
        "`fucntion` is not a known word; did you mean `function` (used 3× in your notes)?"]
    assert alone.diagnostics[0].fix is not None
