"""SP003 korean-typo."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from notelint.diagnostics import Edit, Fix, Severity
from notelint.rules.spelling._shared import SpellingRule
from notelint.workspace import NoteSummary, WorkspaceContext

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
        from notelint.spelling.korean import MAX_COUNT, KoreanChecker

        summaries = [(note, words) for note in ws.checked
                     if (words := note_words_of(note)) is not None]
        counts = ws.total(KEY, "hangul", hangul_counts)
        settings, _ = config_settings(ws.config)
        user = lexicon_for(ws).user
        analyser = KiwiAnalyser(_reading_store(ws))
        chk = KoreanChecker(counts, analyser, min_count=settings.korean_min_count)
        # Only words the notes use at most MAX_COUNT times can be typos: the others are
        # never read, and their places were not even kept (HangulWords).
        found: list[tuple[NoteSummary, int, int, str]] = []
        for note, words in summaries:
            if not note.checked:
                continue
            mine = [(note, start, end, word) for word, places in words.hangul.rare()
                    if counts[word] <= MAX_COUNT and word not in user
                    and word not in words.allowed for start, end in places]
            found.extend(sorted(mine, key=lambda f: f[1]))   # source order
        try:
            chk.prepare(w for _, _, _, w in found)
        except KoreanAnalyserError as exc:
            LOG.warning("SP003 is skipped: %s", exc)
            return
        analyser.save()
        for note, start, end, word in found:
            typo = chk.check(word)
            if typo is None:
                continue
            if not typo.suggestion:
                ws.report(note, (start, end),
                          f"`{word}` looks like a typo: the Korean analyser reads it as "
                          f"`{' '.join(typo.reading)}`, and no single word of your notes "
                          "fits best")
                continue
            ws.report(note, (start, end),
                      f"`{word}` looks like a slip for `{typo.suggestion}` "
                      f"(used {typo.uses}\u00d7 in your notes)",
                      fix=Fix(f"Replace `{word}` by `{typo.suggestion}`",
                              (Edit(start, end, typo.suggestion),), safe=False))
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
