"""SP004 grammar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from notelint.diagnostics import Edit, Fix, Severity
from notelint.rules.spelling._shared import SpellingRule
from notelint.workspace import NoteSummary, WorkspaceContext

if TYPE_CHECKING:
    from notelint.spelling.languagetool import Match
    from notelint.spelling.prose import Prose

#: Grammar matches are kept only in English pieces of at least this many words:
#: shorter pieces are English terms inside Korean sentences, not sentences.
MIN_SENTENCE_WORDS = 4


class Grammar(SpellingRule):
    """A grammar problem in English prose (opt-in).

    Offline, a word written twice in a row (``the the``) is reported.  With
    ``[spelling] languagetool-url`` (and not ``--offline``), LanguageTool's
    grammar and style matches are reported too, for English pieces of at least
    :data:`MIN_SENTENCE_WORDS` words; its spelling matches belong to SP001.
    """

    code = "SP004"
    name = "grammar"
    summary = "Grammar problem in English prose (repeated word; LanguageTool when configured)"
    default_severity = Severity.INFO
    enabled_by_default = False

    def check_workspace(self, ws: WorkspaceContext) -> None:
        from notelint.spelling.analysis import note_words_of, remote_matches

        remote = remote_matches(ws)
        for index, note in enumerate(ws.notes):
            words = note_words_of(note)
            if not note.checked or words is None:
                continue
            spans = []
            for r in words.repeats:
                spans.append((r.start, r.end))
                ws.report(note, (r.start, r.end), f"`{r.text}`: the word `{r.word}` is repeated",
                          fix=Fix(f"Remove the second `{r.word}`", (Edit(r.cut, r.end, ""),),
                                  safe=False))
            matches = remote.get(index)
            if not matches or words.prose is None:
                continue
            for m in matches:
                if m.is_spelling or m.sentence_words < MIN_SENTENCE_WORDS:
                    continue
                if not any(a < m.end and m.start < b for a, b in spans):
                    self._report_match(ws, note, m, words.prose)

    def _report_match(self, ws: WorkspaceContext, note: NoteSummary, m: Match,
                      prose: Prose) -> None:
        from notelint.spelling.analysis import source_text

        found = source_text(prose, m.start, m.end)
        lead = f"`{found}`: " if found else ""
        fix = None
        if m.replacements:
            what = f"`{found}`" if found else "the text"
            fix = Fix(f"Replace {what} by `{m.replacements[0]}`",
                      (Edit(m.start, m.end, m.replacements[0]),), safe=False)
        hint = f"; suggestion: `{m.replacements[0]}`" if m.replacements else ""
        ws.report(note, (m.start, m.end),
                  f"{lead}{m.message.rstrip('.')}{hint} (LanguageTool {m.rule_id})", fix=fix)
