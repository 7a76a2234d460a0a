"""SP001 misspelled-word."""

from __future__ import annotations

from typing import TYPE_CHECKING

from notelint.diagnostics import Edit, Fix, Severity
from notelint.lazy import lazy_compile
from notelint.rules.spelling._shared import SpellingRule, word_fix, word_message
from notelint.workspace import NoteSummary, WorkspaceContext

if TYPE_CHECKING:
    from notelint.spelling.checker import OfflineChecker
    from notelint.spelling.languagetool import Match
    from notelint.spelling.prose import Prose

_WORD = lazy_compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*")


class MisspelledWord(SpellingRule):
    """An English word in prose that looks misspelled.

    Offline by default: a word part is reported when no word list knows it
    and a known word, or a word the notes use often, is one or two plausible
    edits away (see :mod:`notelint.spelling.checker`).  With ``[spelling]
    languagetool-url``, LanguageTool's spelling matches are added, except for
    words the offline lists or the notes know.
    """

    code = "SP001"
    name = "misspelled-word"
    summary = "English word in prose looks misspelled"
    default_severity = Severity.WARNING

    def check_workspace(self, ws: WorkspaceContext) -> None:
        from notelint.spelling.analysis import english_findings, note_words_of, remote_matches

        analysis = english_findings(ws)
        remote = remote_matches(ws)
        chk = analysis.checker
        for index, found in analysis.findings.items():
            note = ws.notes[index]
            spans = []
            for f in found:
                if f.occurrence.in_code:
                    continue
                occ = f.occurrence
                spans.append((occ.start, occ.end))
                ws.report(note, (occ.start, occ.end), word_message(f, chk.corpus, "word"),
                          fix=word_fix(f))
            matches = remote.get(index)
            words = note_words_of(note)
            if matches and words is not None and words.prose is not None:
                self._report_remote(ws, note, matches, chk, spans, words.allowed, words.prose)

    def _report_remote(self, ws: WorkspaceContext, note: NoteSummary, matches: list[Match],
                       chk: OfflineChecker, spans: list[tuple[int, int]],
                       allowed: frozenset[str], prose: Prose) -> None:
        from notelint.spelling.analysis import source_text
        from notelint.spelling.edits import match_case

        for m in matches:
            if not m.is_spelling or not m.replacements:
                continue
            if any(a < m.end and m.start < b for a, b in spans):
                continue
            word = source_text(prose, m.start, m.end)
            if word is None or not _WORD.fullmatch(word) or len(word) < chk.min_length:
                continue
            low = word.lower()
            if low in allowed or chk.lexicon.knows(low) or chk.chunk_known(low) \
                    or chk.is_term(low):
                continue
            if any(ch.isupper() for ch in word[1:]) or word.isupper():
                continue  # camelCase and abbreviations are names, not words
            best = match_case(m.replacements[0], word)
            options = ", ".join(f"`{r}`" for r in m.replacements[:3])
            ws.report(note, (m.start, m.end),
                      f"`{word}` is not a known word; did you mean {options}? (LanguageTool)",
                      fix=Fix(f"Replace `{word}` by `{best}`", (Edit(m.start, m.end, best),),
                              safe=False))
