"""SP004 grammar."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from notelint.diagnostics import Edit, Fix, Severity
from notelint.rule import DocumentContext, ProjectContext, Rule, Scope

if TYPE_CHECKING:
    from notelint.spelling.languagetool import Match

#: Grammar matches are kept only in English pieces of at least this many words:
#: shorter pieces are English terms inside Korean sentences, not sentences.
MIN_SENTENCE_WORDS = 4

_REPEAT = re.compile(r"\b([A-Za-z]+)([ \t]+)\1\b", re.I)
#: Doubled words that are often right ("he had had", "so that that").
_DOUBLES_OK = frozenset({"had", "that"})


class Grammar(Rule):
    """A grammar problem in English prose (opt-in).

    Offline, a word written twice in a row (``the the``) is reported.  With
    ``[spelling] languagetool-url`` (and not ``--offline``), LanguageTool's
    grammar and style matches are reported too, for English pieces of at least
    :data:`MIN_SENTENCE_WORDS` words; its spelling matches belong to SP001.
    """

    code = "SP004"
    name = "grammar"
    summary = "Grammar problem in English prose (repeated word; LanguageTool when configured)"
    scope = Scope.PROJECT
    default_severity = Severity.INFO
    enabled_by_default = False

    def prepare_document(self, ctx: DocumentContext) -> None:
        from notelint.spelling.analysis import prepare

        prepare(ctx)

    def check_project(self, ctx: ProjectContext) -> None:
        from notelint.spelling.analysis import remote_matches

        contexts = ctx.contexts
        for c, matches in zip(contexts, remote_matches(contexts), strict=True):
            spans = self._repeated_words(c)
            for m in matches or ():
                if m.is_spelling or m.sentence_words < MIN_SENTENCE_WORDS:
                    continue
                if not any(a < m.end and m.start < b for a, b in spans):
                    self._report_match(c, m)

    def _repeated_words(self, c: DocumentContext) -> list[tuple[int, int]]:
        from notelint.spelling.analysis import prose_for

        spans = []
        for run in prose_for(c).runs:
            for m in _REPEAT.finditer(run.text):
                word = m.group(1)
                if word.lower() in _DOUBLES_OK or not word.isascii():
                    continue
                a, b = run.source_span(m.start(), m.end())
                if c.document.text[a:b] != m.group():
                    continue  # markup between the words: leave it alone
                spans.append((a, b))
                c.report((a, b), f"`{m.group()}`: the word `{word}` is repeated",
                         fix=Fix(f"Remove the second `{word}`",
                                 (Edit(run.source(m.end(1)), b, ""),), safe=False),
                         rule=self)
        return spans

    def _report_match(self, c: DocumentContext, m: Match) -> None:
        found = c.document.text[m.start:m.end]
        fix = None
        if m.replacements:
            fix = Fix(f"Replace `{found}` by `{m.replacements[0]}`",
                      (Edit(m.start, m.end, m.replacements[0]),), safe=False)
        hint = f"; suggestion: `{m.replacements[0]}`" if m.replacements else ""
        c.report((m.start, m.end),
                 f"`{found}`: {m.message.rstrip('.')}{hint} (LanguageTool {m.rule_id})",
                 fix=fix, rule=self)
