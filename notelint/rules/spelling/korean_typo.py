"""SP003 korean-typo."""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from notelint.diagnostics import Edit, Fix, Severity
from notelint.rules.spelling._shared import SpellingRule
from notelint.workspace import WorkspaceContext

if TYPE_CHECKING:
    from notelint.spelling.corpus import NoteWords

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

        summaries = [(note, words) for note in ws.checked
                     if (words := note_words_of(note)) is not None]
        counts = ws.total(KEY, "hangul", hangul_counts)
        settings, _ = config_settings(ws.config)
        user = lexicon_for(ws).user
        analyser = KiwiAnalyser(_reading_store(ws))
        chk = KoreanChecker(counts, analyser, min_count=settings.korean_min_count)
        # Only words the notes use at most MAX_COUNT times can be typos: the others are
        # never read, and their places were not even kept (HangulWords).  Memory grows with
        # the distinct candidate words, never with the uses of words.
        candidates = {word for note, words in summaries if note.checked
                      for word in _candidates(words, counts, user)}
        try:
            chk.prepare(candidates)
        except KoreanAnalyserError as exc:
            LOG.warning("SP003 is skipped: %s", exc)
            return
        analyser.save()
        for note, words in summaries:
            if not note.checked:
                continue
            typos = {}
            for word in words.hangul.rare_words():
                if word in candidates and word not in words.allowed:
                    typo = chk.check(word)
                    if typo is not None:
                        typos[word] = typo
            if not typos:
                continue
            found = [(start, end, typos[word]) for word, places in words.hangul.rare(typos)
                     for start, end in places]
            for start, end, typo in sorted(found, key=lambda f: f[0]):   # source order
                word = typo.word
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


def _candidates(words: NoteWords, counts: Counter[str], user: frozenset[str]) -> Iterator[str]:
    """The note's Hangul words that may be typos: used at most ``MAX_COUNT`` times in the
    notes, in neither the word list nor the note's ``notelint-words``."""
    from notelint.spelling.korean import MAX_COUNT

    allowed = words.allowed
    for word in words.hangul.rare_words():
        if counts[word] <= MAX_COUNT and word not in user and word not in allowed:
            yield word


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
