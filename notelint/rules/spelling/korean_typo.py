"""SP003 korean-typo."""

from __future__ import annotations

from collections import Counter

from notelint.diagnostics import Edit, Fix, Severity
from notelint.rules.spelling._shared import SpellingRule
from notelint.workspace import WorkspaceContext


class KoreanTypo(SpellingRule):
    """A rare Korean word one jamo away from a word the notes use often (opt-in).

    Korean has no dictionary that installs with pip, so the notes themselves
    are the reference: see :mod:`notelint.spelling.korean` for the method and
    its limits.  Words in the project's word list or the note's
    ``notelint-words`` comments are never reported.
    """

    code = "SP003"
    name = "korean-typo"
    summary = "Korean word looks like a slip for a word the notes use often"
    default_severity = Severity.WARNING
    enabled_by_default = False

    def check_workspace(self, ws: WorkspaceContext) -> None:
        from notelint.spelling.analysis import config_settings, lexicon_for, note_words_of
        from notelint.spelling.korean import KoreanChecker

        summaries = [(note, note_words_of(note)) for note in ws.notes]
        counts: Counter[str] = Counter()
        for _, words in summaries:
            if words is not None:
                counts.update(w for w, _, _ in words.hangul)
        settings, _ = config_settings(ws.config)
        user = lexicon_for(ws).user
        chk = KoreanChecker(counts, min_count=settings.korean_min_count)
        for note, words in summaries:
            if words is None or not note.checked:
                continue
            for word, start, end in words.hangul:
                if word in user or word in words.allowed:
                    continue
                found = chk.check(word)
                if found is None:
                    continue
                ws.report(note, (start, end),
                          f"`{word}` looks like a slip for `{found.suggestion}` "
                          f"(used {found.uses}\u00d7 in your notes)",
                          fix=Fix(f"Replace `{word}` by `{found.suggestion}`",
                                  (Edit(start, end, found.suggestion),), safe=False))
