"""The ``[spelling]`` section of the configuration.

Example (``.notelint.toml``)::

    [spelling]
    words = ["GroupNorm", "MAML"]           # accepted as spelled (case-insensitive)
    words-file = ".notelint-words.txt"      # one word per line, relative to the config folder
    languagetool-url = "http://localhost:8081"  # a LanguageTool server; "" for offline only
    languagetool-timeout = 3.0              # seconds per request
    languagetool-language = "en-US"
    term-min-count = 3                      # a word used this often in the notes is a term
"""

from __future__ import annotations

from typing import NamedTuple

from notelint.rule import CheckedRecord


class _SpellingFields(NamedTuple):
    """The fields of :class:`SpellingSettings`, which checks their values when made."""

    words: tuple[str, ...] = ()
    words_file: str = ".notelint-words.txt"
    languagetool_url: str = ""
    languagetool_timeout: float = 3.0
    languagetool_language: str = "en-US"
    languagetool_disabled_rules: tuple[str, ...] = ()
    term_min_count: int = 3
    min_length: int = 4
    korean_min_count: int = 2


class SpellingSettings(CheckedRecord, _SpellingFields):
    """Settings shared by the SP rules.

    A named tuple: immutable, compared and hashed by value;
    :func:`notelint.rule.replace` makes a copy with other values (checked again).

    Attributes:
        words: words accepted as spelled, compared case-insensitively.  A word
            with an inner capital (``GroupNorm``) is also accepted when split.
        words_file: the project's word list, one word per line (``#`` starts a
            comment), relative to the configuration's folder.  A missing file
            is the same as an empty one.
        languagetool_url: base URL of a LanguageTool server (``http://host:8081``;
            ``/v2/check`` is appended).  Empty: offline checks only.  ``"local"``:
            let ``language_tool_python`` start a local server (needs Java).
        languagetool_timeout: seconds to wait for one LanguageTool request.  A
            server that does not answer in time is not asked again in that run.
        languagetool_language: the language code sent to LanguageTool.
        languagetool_disabled_rules: LanguageTool rule ids never reported.
        term_min_count: an unknown word used at least this many times in the
            checked notes (and not a near miss of a more frequent word) is a term.
        min_length: shorter words are never reported by SP001/SP002.
        korean_min_count: SP003 suggests a Korean word only when the notes use
            it at least this many times.

    Raises:
        ValueError: a value out of range or malformed (reported as a
            configuration error).
    """

    __slots__ = ()

    def _check(self) -> None:
        if self.languagetool_timeout <= 0:
            raise ValueError("languagetool-timeout must be a positive number of seconds")
        if self.term_min_count < 1:
            raise ValueError("term-min-count must be at least 1")
        if self.min_length < 1:
            raise ValueError("min-length must be at least 1")
        if self.korean_min_count < 1:
            raise ValueError("korean-min-count must be at least 1")
        url = self.languagetool_url.strip()
        if url and url != "local" and not url.startswith(("http://", "https://")):
            raise ValueError(f"languagetool-url must be an http(s) URL or \"local\", not {url!r}")
