"""SP001 misspelled-word."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notelint.diagnostics import Edit, Fix, Severity
from notelint.rule import DocumentContext, ProjectContext, Rule, Scope

if TYPE_CHECKING:
    from notelint.spelling.checker import OfflineChecker
    from notelint.spelling.languagetool import Match

_WORD = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*")


class MisspelledWord(Rule):
    """An English word in prose that looks misspelled.

    Offline by default: a word part is reported when no word list knows it
    and a known word, or a word the notes use often, is one or two edits away
    (see :mod:`notelint.spelling.checker`).  With ``[spelling]
    languagetool-url``, LanguageTool's spelling matches are added, except for
    words the offline lists or the notes know.
    """

    code = "SP001"
    name = "misspelled-word"
    summary = "English word in prose looks misspelled"
    scope = Scope.PROJECT
    default_severity = Severity.WARNING

    def prepare_document(self, ctx: DocumentContext) -> None:
        from notelint.spelling.analysis import prepare

        prepare(ctx)

    def check_project(self, ctx: ProjectContext) -> None:
        from notelint.rules.spelling._shared import word_fix, word_message
        from notelint.spelling.analysis import offline_findings, remote_matches, run_checkers

        contexts = ctx.contexts
        if not contexts:
            return
        findings = offline_findings(contexts)
        checkers = run_checkers(contexts)
        remote = remote_matches(contexts)
        for c, found, chk, matches in zip(contexts, findings, checkers, remote, strict=True):
            spans = []
            for f in found:
                if f.occurrence.in_code:
                    continue
                occ = f.occurrence
                spans.append((occ.start, occ.end))
                c.report((occ.start, occ.end), word_message(f, chk.corpus, "word"),
                         fix=word_fix(f), rule=self)
            if matches:
                self._report_remote(c, matches, chk, spans)

    def _report_remote(self, c: DocumentContext, matches: list[Match], chk: OfflineChecker,
                       spans: list[tuple[int, int]]) -> None:
        from notelint.spelling.edits import match_case

        text = c.document.text
        for m in matches:
            if not m.is_spelling or not m.replacements:
                continue
            if any(a < m.end and m.start < b for a, b in spans):
                continue
            word = text[m.start:m.end]
            if not _WORD.fullmatch(word) or len(word) < chk.min_length:
                continue
            low = word.lower()
            if chk.lexicon.knows(low) or chk.chunk_known(low) or chk.is_term(low):
                continue
            if any(ch.isupper() for ch in word[1:]) or word.isupper():
                continue  # camelCase and abbreviations are names, not words
            best = match_case(m.replacements[0], word)
            options = ", ".join(f"`{r}`" for r in m.replacements[:3])
            c.report((m.start, m.end),
                     f"`{word}` is not a known word; did you mean {options}? (LanguageTool)",
                     fix=Fix(f"Replace `{word}` by `{best}`", (Edit(m.start, m.end, best),),
                             safe=False),
                     rule=self)
