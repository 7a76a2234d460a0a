"""The spelling family's cross-note work: collect per note, analyse per workspace.

The SP rules are cross-note rules (:mod:`notelint.workspace`): whether an
unknown word is a typo or a term depends on how often the notes use it and
its neighbours.

* :class:`~notelint.spelling.collector.SpellingCollector` summarises each note while its tokens exist
  (:func:`notelint.spelling.corpus.note_words`): word counts, the parts the
  built-in lists do not know, Hangul words, doubled words, inline allow-lists.
  With a configuration file, the project's other notes are summarised too, so
  a note checked alone (pre-commit) is judged against the same counts as in
  a full run.
* :func:`english_findings` counts the words of every note of a workspace
  once, builds one :class:`~notelint.spelling.checker.OfflineChecker` for the
  workspace's ``[spelling]`` settings and returns, per checked note, the
  word parts that look misspelled (computed once per workspace, shared by
  SP001 and SP002).
* :func:`remote_matches` asks LanguageTool (when configured) about each
  checked note's English prose, once per workspace, for SP001 and SP004.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from notelint.rule import RunOptions
from notelint.spelling.checker import OfflineChecker, Verdict
from notelint.spelling.collector import KEY, SpellingCollector
from notelint.spelling.corpus import CorpusCounts, NoteWords, Occurrence, word_counts
from notelint.spelling.lexicon import Lexicon, build_lexicon
from notelint.spelling.prose import Prose
from notelint.spelling.settings import SpellingSettings
from notelint.workspace import NoteSummary, WorkspaceContext

__all__ = ["KEY", "EnglishAnalysis", "NoteView", "SpellingCollector", "WordFinding",
           "english_findings", "prose_for", "remote_matches", "settings_of", "state_of"]


def settings_of(ctx: Any) -> tuple[SpellingSettings, Path | None]:
    """The ``[spelling]`` settings of a note's configuration and the folder its word list is
    relative to (defaults and ``None`` without a configuration).

    ``ctx`` is anything with a ``settings`` attribute holding a
    :class:`notelint.config.Config` (a :class:`DocumentContext`, a :class:`NoteView`).
    """
    return config_settings(getattr(ctx, "settings", None))


def config_settings(cfg: Any) -> tuple[SpellingSettings, Path | None]:
    """The ``[spelling]`` settings of configuration ``cfg`` and its folder."""
    if cfg is None:
        return SpellingSettings(), None
    return cfg.section("spelling"), getattr(cfg, "root", None)


class WordFinding(NamedTuple):
    """A word part that looks misspelled, where it is, and why."""

    occurrence: Occurrence
    verdict: Verdict


class EnglishAnalysis:
    """The offline English analysis of one workspace.

    Attributes:
        checker: the workspace's checker (its ``corpus`` holds the counts).
        findings: ``note index -> findings`` for checked notes, in source order.
    """

    __slots__ = ("checker", "findings")

    def __init__(self, checker: OfflineChecker, findings: dict[int, list[WordFinding]]) -> None:
        self.checker = checker
        self.findings = findings


def _words(note: NoteSummary) -> NoteWords | None:
    got = note.summary(KEY)
    return got if isinstance(got, NoteWords) else None


def lexicon_for(ws: WorkspaceContext) -> Lexicon:
    """The lexicon of the workspace's configuration (computed once per workspace)."""
    def build() -> Lexicon:
        settings, root = config_settings(ws.config)
        return build_lexicon(settings, root)

    return ws.shared(KEY + ":lexicon", build)


def english_findings(ws: WorkspaceContext) -> EnglishAnalysis:
    """SP001/SP002 findings of every checked note of ``ws`` (computed once per workspace)."""
    return ws.shared(KEY + ":english", lambda: _analyse(ws))


def _analyse(ws: WorkspaceContext) -> EnglishAnalysis:
    settings, _ = config_settings(ws.config)
    summaries = [(i, _words(n)) for i, n in enumerate(ws.notes)]
    corpus = CorpusCounts(ws.total(KEY, "words", word_counts))
    chk = OfflineChecker(lexicon_for(ws), corpus, term_min_count=settings.term_min_count,
                         min_length=settings.min_length)
    out: dict[int, list[WordFinding]] = {}
    for i, words in summaries:
        if words is None or not ws.notes[i].checked:
            continue
        found: list[WordFinding] = []
        allowed = words.allowed
        for occ in words.occurrences:
            low = occ.word.lower()
            if low in allowed or occ.chunk.lower() in allowed:
                continue
            if occ.chunk != occ.word and chk.chunk_known(occ.chunk.lower()):
                continue
            identifier = occ.in_code or any(c in occ.chunk for c in "_")
            verdict = chk.check(low, occ.word[:1].isupper(), occ.initial, identifier)
            if verdict is None:
                continue
            if occ.named and not verdict.rare:
                continue  # Floyd-Warshall, Cormen et al.: a name, not a typo
            found.append(WordFinding(occ, verdict))
        out[i] = found
    return EnglishAnalysis(chk, out)


class NoteView:
    """A checked note as the LanguageTool backend sees it (:mod:`notelint.spelling.remote`).

    Attributes:
        note: the workspace's note.
        settings: the note's configuration.
        run: the run's options.
        prose: the note's prose runs.
        data: per-run storage for the backend (see :func:`state_of`).
    """

    def __init__(self, note: NoteSummary, settings: Any, run: RunOptions, prose: Prose) -> None:
        self.note = note
        self.settings = settings
        self.run = run
        self.prose = prose
        self.data: dict[str, Any] = {}


def state_of(ctx: Any) -> dict[Any, Any]:
    """A mutable dictionary kept with a note for the LanguageTool backend (one per run)."""
    store: dict[Any, Any] = ctx.data.setdefault(KEY, {})
    return store


def prose_for(ctx: Any) -> Prose:
    """The prose runs of a :class:`NoteView` (or of a :class:`DocumentContext`'s document)."""
    prose = getattr(ctx, "prose", None)
    if isinstance(prose, Prose):
        return prose
    from notelint.spelling.prose import prose_of

    return prose_of(ctx.document)


def remote_matches(ws: WorkspaceContext) -> dict[int, Any]:
    """LanguageTool's matches per checked note index (``None`` where not asked or failed).

    The backend is imported only when the workspace configures a server and
    the run may use the network; the answer is computed once per workspace.
    """
    return ws.shared(KEY + ":languagetool", lambda: _remote(ws))


def _remote(ws: WorkspaceContext) -> dict[int, Any]:
    settings, _ = config_settings(ws.config)
    if not settings.languagetool_url.strip() or ws.run.offline:
        return {}
    views: list[tuple[int, NoteView]] = []
    for i, note in enumerate(ws.notes):
        words = _words(note)
        if note.checked and words is not None and words.prose is not None:
            views.append((i, NoteView(note, ws.config, ws.run, words.prose)))
    if not views:
        return {}
    from notelint.spelling.remote import languagetool_matches

    answers: Sequence[Any] = languagetool_matches([v for _, v in views])  # type: ignore[arg-type]
    return {i: m for (i, _), m in zip(views, answers, strict=True)}


def note_words_of(note: NoteSummary) -> NoteWords | None:
    """The spelling summary of a workspace note (``None`` when it was not collected)."""
    return _words(note)


def source_text(prose: Prose, start: int, end: int) -> str | None:
    """The prose text at source offsets ``[start, end)``, when one run holds all of it."""
    for run in prose.runs:
        if not run.text or run.source(0) > start or run.source(len(run.text)) < end:
            continue
        if run.offsets is None:
            return run.text[start - run.base:end - run.base]
        offs = run.offsets
        try:
            i = offs.index(start)
        except ValueError:
            continue
        j = i
        while j < len(run.text) and offs[j] < end:
            j += 1
        if run.source(j - 1) + 1 == end:
            return run.text[i:j]
    return None
