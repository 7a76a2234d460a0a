"""Readings of Korean words by Kiwi, the Korean morphological analyser (kiwipiepy).

Kiwi (``kiwipiepy`` on PyPI, Apache-2.0; its model ships in the
``kiwipiepy_model`` package, so nothing is downloaded at run time) splits an
eojeol into morphemes with part-of-speech tags and a log-probability score.
notelint reads one word at a time and calls the reading *ill-formed* when

* a morpheme is outside Kiwi's dictionary (``학슴`` read as one unknown noun);
* a particle or ending syllable is read as a noun or adverb after another
  morpheme (``강의을``: ``을`` as a noun, where ``강의를`` is a noun and its
  object particle);
* a final or connective ending is followed by a noun, verb or adverb inside
  the word (``있어다``: ``있`` + ``어`` + adverb ``다``);
* an adverb follows a noun inside the word (``합다``: noun ``합`` + ``다``).

The model is loaded with :data:`KIWI_OPTIONS`: without Kiwi's multi-word
dictionary (WikiData's proper nouns of several words, such as ``부트 캠프``),
which notelint never needs (it reads one word at a time) and which costs
most of the load (kiwipiepy 0.24 with its 0.24 model: about 1.2 s and 340 MB
of resident memory without it, 2.4 s and 530 MB with it; the typo dictionary
is kept, see :data:`KIWI_OPTIONS`).  Loading still takes about a second and
a few hundred megabytes, so the model is loaded only when a Korean word
needs judging that no earlier run judged: readings are kept in
``korean-readings-*.json`` in the cache folder, keyed by the versions of
kiwipiepy, its model and the reading rules above (:data:`READING_VERSION`).
A damaged file is ignored and rewritten; a stored reading is decoded when its word
is first asked for, and one of another shape is judged afresh.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from notelint.safeio import create_temporary

#: Bump when :func:`reading_of` or :data:`KIWI_OPTIONS` change, so that stored readings are
#: not reused.
READING_VERSION = 2
#: Keyword arguments of ``kiwipiepy.Kiwi``.  Without the multi-word dictionary: of 4,781
#: distinct Hangul words in ``../shared`` (corpus and notes-dev) and 13,367 one-jamo
#: variants of their words used twice or more, the only reading it changes is
#: ``부트캠프`` (a known proper noun with it, an unknown noun without), which no other
#: word of the notes is one jamo away from, so SP003's findings there are the same.  The
#: typo dictionary stays: turning it off saves only 3 MB and 0.25 s and changes 20 of
#: those 13,367 readings (internet spellings such as ``만들긔``, ``씀니다``).
KIWI_OPTIONS: dict[str, Any] = {"load_multi_dict": False}
#: Words handed to Kiwi at a time (its results for a batch are held until judged).
READ_BATCH = 2048
#: A stored readings file larger than this is ignored (and rewritten).
MAX_STORE_BYTES = 64 * 1024 * 1024

#: Particle and ending syllables that are never nouns or adverbs after another morpheme.
_PARTICLES = frozenset("을를이가은는의에와과도로만께서")
_NOUNS = frozenset({"NNG", "NNP", "NNB", "NR", "NP"})
_ENDINGS = frozenset({"EF", "EC"})
_CONTENT = frozenset({"NNG", "NNP", "NNB", "NP", "VV", "VA", "MAG", "MM", "IC"})


class KoreanAnalyserError(Exception):
    """kiwipiepy or its model is not installed, or the model cannot be loaded."""


class Reading(NamedTuple):
    """How Kiwi reads one word.

    Attributes:
        score: the log-probability of the best analysis (higher is likelier).
        oov: a morpheme is outside Kiwi's dictionary.
        ill_formed: ``oov``, or a morpheme sequence no correct word has (module docstring).
        morphemes: ``form/TAG`` of each morpheme, for messages and tests.
    """

    score: float
    oov: bool
    ill_formed: bool
    morphemes: tuple[str, ...]


def reading_of(tokens: Sequence[Any]) -> Reading:
    """The :class:`Reading` of Kiwi's tokens (objects with ``form``, ``tag``, ``score``,
    ``oov``) for one word."""
    oov = any(t.oov for t in tokens)
    bad = oov
    for prev, tok in zip(tokens, tokens[1:]):
        tag, ptag = tok.tag.split("-")[0], prev.tag.split("-")[0]
        if (tok.form in _PARTICLES and tag in ("NNG", "NNB", "MAG")) or (ptag in _ENDINGS and tag in _CONTENT) or (ptag in _NOUNS and tag == "MAG"):
            bad = True
    return Reading(sum(t.score for t in tokens), oov, bad,
                   tuple(f"{t.form}/{t.tag}" for t in tokens))


class KiwiAnalyser:
    """Reads Korean words with Kiwi, memoized per word and, with ``store``, across runs.

    Args:
        store: the folder for stored readings (the cache folder), or ``None``
            to keep them for this process only.

    Raises:
        KoreanAnalyserError: (on first use that needs the model) kiwipiepy or
            its model is missing.
    """

    def __init__(self, store: Path | None = None) -> None:
        self._memo: dict[str, Reading] = {}
        self._stored: dict[str, Any] = {}  # read from the store, decoded when first asked for
        self._store = store
        self._loaded = store is None
        self._new = False

    def _path(self) -> Path | None:
        if self._store is None:
            return None
        try:
            from notelint.installed import version  # no importlib.metadata in a run

            kiwi = version("kiwipiepy")
            try:
                model = version("kiwipiepy_model")
            except Exception:
                model = "none"
        except Exception:
            return None
        return self._store / f"korean-readings-v{READING_VERSION}-{kiwi}-{model}.json"

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        path = self._path()
        if path is None:
            return
        try:
            if not path.is_file() or path.stat().st_size > MAX_STORE_BYTES:
                return
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return   # damaged or foreign: judged afresh, rewritten on save
        if isinstance(data, dict):
            self._stored = data

    def _known(self, word: str) -> Reading | None:
        """The reading of ``word`` from this run or the store (decoded now), else ``None``.

        A stored entry of another shape is dropped: the word is judged afresh, and
        the next save stores its new reading.
        """
        found = self._memo.get(word)
        if found is not None:
            return found
        raw = self._stored.pop(word, None)
        if raw is None:
            return None
        found = _decode(raw)
        if found is None:
            self._new = True
            return None
        self._memo[word] = found
        return found

    def save(self) -> None:
        """Store the readings of this run for the next ones (atomically; errors ignored)."""
        path = self._path()
        if path is None or not self._new:
            return
        for word in list(self._stored):
            self._known(word)  # the store's other words, kept when well formed
        data = {w: [r.score, r.oov, r.ill_formed, list(r.morphemes)] for w, r in self._memo.items()}
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = create_temporary(path.parent, ".tmp-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(data, fh, ensure_ascii=False)
                os.replace(tmp, path)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        self._new = False

    def read(self, word: str) -> Reading:
        """The reading of one Hangul word."""
        self._load()
        found = self._known(word)
        if found is None:
            found = reading_of(_kiwi().tokenize(word))
            self._memo[word] = found
            self._new = True
        return found

    def read_many(self, words: Iterable[str]) -> None:
        """Read ``words`` in batches of :data:`READ_BATCH` (Kiwi analyses a batch on its worker
        threads)."""
        self._load()
        todo = [w for w in dict.fromkeys(words) if self._known(w) is None]
        if not todo:
            return
        kiwi = _kiwi()
        for i in range(0, len(todo), READ_BATCH):
            batch = todo[i:i + READ_BATCH]
            for word, tokens in zip(batch, kiwi.tokenize(batch), strict=True):
                self._memo[word] = reading_of(tokens)
        self._new = True


def _decode(raw: Any) -> Reading | None:
    """A stored ``[score, oov, ill_formed, morphemes]`` entry as a :class:`Reading`, or
    ``None`` when it is not of that shape."""
    try:
        score, oov, bad, morphemes = raw
        if not isinstance(morphemes, list):
            return None
        return Reading(float(score), bool(oov), bool(bad), tuple(str(m) for m in morphemes))
    except (TypeError, ValueError):
        return None


@functools.lru_cache(maxsize=1)
def _kiwi() -> Any:
    try:
        from kiwipiepy import Kiwi
    except ImportError as exc:
        raise KoreanAnalyserError(f"the Korean analyser is not installed ({exc}); "
                                  "pip install kiwipiepy") from None
    try:
        return Kiwi(**KIWI_OPTIONS)
    except Exception as exc:  # kiwipiepy raises plain exceptions for a missing model
        raise KoreanAnalyserError(f"cannot load the Korean analyser's model: {exc}") from None
