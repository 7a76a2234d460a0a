"""The spelling family's per-note step, kept light: a run without SP rules imports nothing more.

See :mod:`notelint.spelling.analysis` for what is done with the summaries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from notelint.workspace import Collector

if TYPE_CHECKING:
    from notelint.rule import DocumentContext
    from notelint.spelling.corpus import NoteWords

#: The collector's key: summaries and shared analyses are filed under it.
KEY = "spelling"


class SpellingCollector(Collector):
    """Summarises a note for the SP rules (:func:`notelint.spelling.corpus.note_words`)."""

    key = KEY
    version = 4  # 4: NoteWords is a plain class; Repeat and Prose are named tuples
    project_on_demand = True  # the other notes count through their word totals only

    def wants_project(self, config: Any) -> bool:
        """With a configuration file, the word counts cover the whole project."""
        return config is not None and getattr(config, "source", None) is not None

    def collect(self, ctx: DocumentContext) -> NoteWords:
        """The note's summary; its prose is kept too when a LanguageTool server is
        configured and the run may use the network."""
        from notelint.spelling.analysis import settings_of
        from notelint.spelling.corpus import note_words

        settings, _ = settings_of(ctx)
        keep = bool(settings.languagetool_url.strip()) and not ctx.run.offline
        return note_words(ctx.document, keep_prose=keep, korean=ctx.is_enabled("SP003"),
                          repeats=ctx.is_enabled("SP004"))
