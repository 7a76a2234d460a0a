"""SP003 korean-typo."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from notelint.diagnostics import Edit, Fix, Severity
from notelint.rules.spelling._shared import SpellingRule
from notelint.workspace import WorkspaceContext

LOG = logging.getLogger("notelint.spelling")


class KoreanTypo(SpellingRule):
    """A Korean word that the analyser cannot read well, one jamo away from a word of the notes.

    Kiwi (kiwipiepy) reads each candidate and its neighbours; see
    :class:`notelint.spelling.korean.KoreanChecker` for the decision.  Words
    in the project's word list or the note's ``notelint-words`` comments are
    never reported.  Without kiwipiepy, the rule logs one warning and reports
    nothing.
    """

    code = "SP003"
    name = "korean-typo"
    summary = "Korean word looks like a typo of a word the notes use"
    default_severity = Severity.WARNING

    def check_workspace(self, ws: WorkspaceContext) -> None:
        from notelint.spelling.analysis import KEY, config_settings, lexicon_for, note_words_of
        from notelint.spelling.corpus import hangul_counts
        from notelint.spelling.kiwi import KiwiAnalyser, KoreanAnalyserError
        from notelint.spelling.korean import KoreanChecker

        summaries = [(note, note_words_of(note)) for note in ws.checked]
        counts = ws.total(KEY, "hangul", hangul_counts)
        settings, _ = config_settings(ws.config)
        user = lexicon_for(ws).user
        analyser = KiwiAnalyser(_reading_store(ws))
        chk = KoreanChecker(counts, analyser, min_count=settings.korean_min_count)
        todo = [w for note, words in summaries if words is not None and note.checked
                for w, _, _ in words.hangul if w not in user and w not in words.allowed]
        try:
            chk.prepare(todo)
        except KoreanAnalyserError as exc:
            LOG.warning("SP003 is skipped: %s", exc)
            return
        analyser.save()
        for note, words in summaries:
            if words is None or not note.checked:
                continue
            for word, start, end in words.hangul:
                if word in user or word in words.allowed:
                    continue
                found = chk.check(word)
                if found is None:
                    continue
                if not found.suggestion:
                    ws.report(note, (start, end),
                              f"`{word}` looks like a typo: the Korean analyser reads it as "
                              f"`{' '.join(found.reading)}`, and no single word of your notes "
                              "fits best")
                    continue
                ws.report(note, (start, end),
                          f"`{word}` looks like a slip for `{found.suggestion}` "
                          f"(used {found.uses}\u00d7 in your notes)",
                          fix=Fix(f"Replace `{word}` by `{found.suggestion}`",
                                  (Edit(start, end, found.suggestion),), safe=False))
        analyser.save()


def _reading_store(ws: WorkspaceContext) -> Path | None:
    """Where Kiwi's readings are kept between runs: the run's cache folder, else the user's."""
    if os.environ.get("NOTELINT_NO_CACHE", "") not in ("", "0"):
        return None
    if ws.run.cache_dir is not None:
        return ws.run.cache_dir / "spelling"
    env = os.environ.get("NOTELINT_CACHE_DIR")
    if env:
        return Path(env) / "spelling"
    from notelint.cache import user_cache_dir

    return user_cache_dir() / "spelling"
