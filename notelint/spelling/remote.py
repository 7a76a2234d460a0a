"""Running the LanguageTool backend for a run: one request per note, one note on failure.

When ``[spelling] languagetool-url`` is set and the run is not offline, each
note's English prose is sent once; SP001 and SP004 share the answer.  When
the server is down, slow or answers with an error, the run continues with the
offline checks only: the first failure is logged once (logger
``notelint.spelling``, level WARNING) and no further request is made in that
run.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from notelint.rule import DocumentContext
from notelint.spelling.analysis import prose_for, settings_of, state_of
from notelint.spelling.languagetool import (
    LanguageToolError,
    Match,
    check_text,
    english_request,
    map_matches,
    start_local_server,
)

LOG = logging.getLogger("notelint.spelling")

#: Base URLs of local servers started in this process, by language.
_LOCAL_SERVERS: dict[str, str] = {}


def _base_url(url: str, language: str) -> str:
    if url != "local":
        return url
    found = _LOCAL_SERVERS.get(language)
    if found is None:
        found = start_local_server(language)
        _LOCAL_SERVERS[language] = found
    return found


def languagetool_matches(contexts: Sequence[DocumentContext]) -> list[list[Match] | None]:
    """For each context, LanguageTool's matches on its English prose, or ``None``.

    ``None`` means LanguageTool is not configured for that note, the run is
    offline, or the server failed (in this call or earlier in the run).
    """
    out: list[list[Match] | None] = []
    for ctx in contexts:
        settings, _ = settings_of(ctx)
        url = settings.languagetool_url.strip()
        if not url or ctx.run.offline:
            out.append(None)
            continue
        state = state_of(ctx)
        key = ("languagetool", url, settings.languagetool_language,
               settings.languagetool_disabled_rules)
        if ("languagetool-down", url) in state:
            out.append(None)
            continue
        if key in state:
            out.append(state[key])
            continue
        text, pieces = english_request(prose_for(ctx))
        try:
            raw = [] if not pieces else check_text(
                _base_url(url, settings.languagetool_language), text,
                settings.languagetool_language, settings.languagetool_timeout,
                settings.languagetool_disabled_rules)
            matches = map_matches(raw, text, pieces)
        except LanguageToolError as exc:
            LOG.warning("LanguageTool is unavailable (%s); spelling is checked offline only "
                        "in this run", exc)
            for other in contexts:
                state_of(other)[("languagetool-down", url)] = True
            out.append(None)
            continue
        state[key] = matches
        out.append(matches)
    return out
