"""The spelling analysis of a run, shared by the SP rules.

The corpus-aware pass needs every document: the SP rules are project-scope
rules.  For a run, :func:`offline_findings` counts the words of all checked
documents once, builds one :class:`~notelint.spelling.checker.OfflineChecker`
per distinct ``[spelling]`` configuration, and returns, per document, the word
parts that look misspelled.  Results are kept in a per-document state
(:func:`state_of`), so that rules of the family running one after the other
share them instead of recomputing.

The token tree of a note may be released after its per-document phase: the
rules call :func:`prepare` from ``prepare_document``, which keeps the prose
runs and word parts (plain data, no tokens) in the note's context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notelint.rule import DocumentContext
from notelint.spelling.checker import OfflineChecker, Verdict
from notelint.spelling.corpus import CorpusCounts, DocumentWords, Occurrence, words_of
from notelint.spelling.lexicon import build_lexicon
from notelint.spelling.names import looks_like_name
from notelint.spelling.prose import Prose, prose_of
from notelint.spelling.settings import SpellingSettings


@dataclass(frozen=True)
class WordFinding:
    """A word part that looks misspelled, where it is, and why."""

    occurrence: Occurrence
    verdict: Verdict


_STATE = "spelling"


def state_of(ctx: DocumentContext) -> dict[Any, Any]:
    """A mutable dictionary kept with a note's context for the SP rules (one per run).

    It lives as long as the context, after the token tree is released.
    """
    store: dict[Any, Any] = ctx.data.setdefault(_STATE, {})
    return store


def prepare(ctx: DocumentContext) -> None:
    """Keep the prose and word parts of ``ctx.document`` while its tree exists (idempotent)."""
    state = state_of(ctx)
    if "words" not in state:
        state["prose"] = prose_of(ctx.document)
        state["words"] = words_of(ctx.document)


def prose_for(ctx: DocumentContext) -> Prose:
    """The prose runs of the note (from :func:`prepare`, or computed now)."""
    prepare(ctx)
    return state_of(ctx)["prose"]  # type: ignore[no-any-return]


def words_for(ctx: DocumentContext) -> DocumentWords:
    """The word parts of the note (from :func:`prepare`, or computed now)."""
    prepare(ctx)
    return state_of(ctx)["words"]  # type: ignore[no-any-return]


def settings_of(ctx: DocumentContext) -> tuple[SpellingSettings, Path | None]:
    """The ``[spelling]`` settings of a document and the folder its word list is relative to."""
    cfg = ctx.settings
    if cfg is None:
        return SpellingSettings(), None
    settings = cfg.section("spelling")
    return settings, getattr(cfg, "root", None)


def _checkers(contexts: Sequence[DocumentContext],
              corpus: CorpusCounts) -> list[OfflineChecker]:
    """One checker per context; contexts with the same settings and root share one."""
    by_key: dict[tuple[SpellingSettings, Path | None], OfflineChecker] = {}
    out = []
    for ctx in contexts:
        settings, root = settings_of(ctx)
        key = (settings, root)
        chk = by_key.get(key)
        if chk is None:
            lex = build_lexicon(settings, root)
            chk = OfflineChecker(lex, corpus, term_min_count=settings.term_min_count,
                                 min_length=settings.min_length)
            by_key[key] = chk
        out.append(chk)
    return out


def run_checkers(contexts: Sequence[DocumentContext]) -> list[OfflineChecker]:
    """The checker of each context, over the corpus of all ``contexts`` (computed once per run)."""
    key = ("checkers", tuple(id(c) for c in contexts))
    first = state_of(contexts[0]) if contexts else {}
    cached = first.get(key)
    if cached is None:
        cached = _checkers(contexts, CorpusCounts.of(words_for(c) for c in contexts))
        first[key] = cached
    return cached


def offline_findings(contexts: Sequence[DocumentContext]) -> list[list[WordFinding]]:
    """For each context, its word parts that look misspelled (prose and code), in source order."""
    key = ("offline", tuple(id(c) for c in contexts))
    first = state_of(contexts[0]) if contexts else {}
    cached = first.get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    result: list[list[WordFinding]] = []
    for ctx, chk in zip(contexts, run_checkers(contexts), strict=True):
        found: list[WordFinding] = []
        text = ctx.document.text
        for occ in words_for(ctx).occurrences:
            if occ.chunk != occ.word and chk.chunk_known(occ.chunk.lower()):
                continue
            verdict = chk.check(occ.word.lower(), occ.word[:1].isupper())
            if verdict is None:
                continue
            if not occ.in_code and not verdict.rare and looks_like_name(text, occ.start, occ.end):
                continue  # Floyd-Warshall, Cormen et al.: a name, not a typo
            found.append(WordFinding(occ, verdict))
        result.append(found)
    first[key] = result
    return result


def remote_matches(contexts: Sequence[DocumentContext]) -> list[Any]:
    """LanguageTool's matches per context (see :func:`notelint.spelling.remote.languagetool_matches`).

    The backend is imported only when some note configures a server and the
    run may use the network; otherwise every item is ``None``.
    """
    if not any(settings_of(c)[0].languagetool_url.strip() and not c.run.offline
               for c in contexts):
        return [None] * len(contexts)
    from notelint.spelling.remote import languagetool_matches

    return languagetool_matches(contexts)
