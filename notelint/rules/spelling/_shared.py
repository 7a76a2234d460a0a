"""What the SP rules share: their base class, messages and fixes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from notelint.diagnostics import Edit, Fix
from notelint.rule import Rule, Scope
from notelint.spelling.collector import SpellingCollector

if TYPE_CHECKING:
    from notelint.spelling.analysis import WordFinding
    from notelint.spelling.corpus import CorpusCounts


class SpellingRule(Rule):
    """Base of the SP rules: cross-note rules of the spelling family."""

    scope = Scope.PROJECT
    collector = SpellingCollector


def _uses(n: int) -> str:
    return f" (used {n}\u00d7 in your notes)" if n > 0 else ""


def _alternatives(items: list[str]) -> str:
    quoted = [f"`{s}`" for s in items]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def word_message(finding: WordFinding, corpus: CorpusCounts | None, what: str) -> str:
    """The message for a misspelled word part.

    ``what`` names where the part is: ``"word"`` or ``"identifier"``.  When the
    whole chunk with the first suggestion is something the notes use
    (``Fully-Connected``, ``is_training``), the message suggests that.
    """
    from notelint.spelling.edits import match_case

    occ, verdict = finding.occurrence, finding.verdict
    written = occ.word
    best = match_case(verdict.suggestions[0], written)
    lead = f"`{written}`"
    if occ.chunk != written:
        lead += f" in {what} `{occ.chunk}`"
    rare = " is a rare word" if verdict.rare else " is not a known word"
    if corpus is not None and occ.chunk != written and verdict.clear:
        fixed = occ.chunk[:occ.part_start] + best + occ.chunk[occ.part_start + len(written):]
        n = corpus.count(fixed.lower())
        if n > 0:
            return f"{lead}{rare}; did you mean `{fixed}`{_uses(n)}?"
    if verdict.clear:
        return f"{lead}{rare}; did you mean `{best}`{_uses(verdict.uses[0])}?"
    options = [match_case(s, written) for s in verdict.suggestions]
    return f"{lead}{rare}; did you mean {_alternatives(options)}?"


def word_fix(finding: WordFinding) -> Fix | None:
    """An unsafe fix replacing the part by the first suggestion, when that one stands out,
    the notes use it, and the part is written without markup inside."""
    from notelint.spelling.edits import match_case

    occ, verdict = finding.occurrence, finding.verdict
    if not verdict.fixable or not occ.exact:
        return None
    best = match_case(verdict.suggestions[0], occ.word)
    return Fix(f"Replace `{occ.word}` by `{best}`", (Edit(occ.start, occ.end, best),), safe=False)
