"""Normalising entry text before entries are compared.

An entry's body (below its heading and date line) becomes a tuple of tokens:

* text is put in Unicode NFC (macOS writes Hangul decomposed);
* whitespace is dropped (tokens never contain any), so re-wrapped lines,
  indentation and trailing blanks do not count;
* emoji and other pictographs are dropped (``🧩``, ``🥲``, variation
  selectors and joiners), in sub-headings and prose alike;
* punctuation that ends a paragraph, a list item, a quote line or a table
  row (``.``, ``,``, ``:``, ``!``, ``?``, ``。``, ``…``, ...) is dropped: it
  comes and goes with editing, and re-wrapped lines do not move it;
* a footnote reference or definition label whose definition is known becomes
  a placeholder made from the definition's text (``[^=3f2a9c0b1d]``), so
  ``[^4]`` and ``[^12]`` that cite the same text are the same token.

Tokens are LaTeX control words (``\\Omega``), runs of letters, digits and
``_`` (``is_trainable``, ``합니다``) and single other characters.  Code
blocks (fences and indented code) are tokenised the same way, without the
end punctuation rule, and their token ranges are kept so that
prose and code can be compared separately.

Letter case is kept: ``Is_training`` and ``is_training`` differ.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence

from notelint.digests import blake2b
from notelint.duplicates.index import sketch
from notelint.lazy import lazy_compile

#: One token: a word, a TeX control word, a footnote placeholder, or one other character
#: (words first: most tokens are words, and no other alternative starts like one).
TOKEN_RE = lazy_compile(r"\w+|\\[A-Za-z]+|\[\^=[0-9a-f]{10}\]|[^\w\s]")
# The patterns below open with a character class (``[...][...]*`` rather than ``[...]+``):
# then the regex engine skips ahead to the next character of that class, instead of
# trying a match at every position.

#: Emoji: pictographs, miscellaneous symbols and dingbats (``☀``, ``✅``, ``⭐``, ``⏰``),
#: regional indicators, variation selectors, zero-width joiners and tag characters.
_SYMBOL = ("[\u200d\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\ufe00-\ufe0f"
           "\U0001f000-\U0001faff\U000e0000-\U000e007f]")
#: One of them: removing each is removing every run (and the class, which reaches beyond
#: U+00FF in many runs, is compiled once less than in ``[...][...]*``).
_SYMBOL_RE = lazy_compile(_SYMBOL)
#: Punctuation before a blank line, a new block line (list item, heading, quote, table row) or the end.
_END = "[.,;:!?。、…！？，．：；]"
_END_PUNCT_RE = lazy_compile(_END + _END + r"*[ \t]*"
                           r"(?=\n[ \t]*(?:\n|[-*+>#|][ \t]|\d{1,9}[.)][ \t])|\n?[ \t]*\Z)")
_FOOTNOTE_RE = lazy_compile(r"\[\^([^\]\s]+)\]")


#: Bodies normalised lately (normalised text -> word count and sketch): a body copied into
#: several entries is counted and sketched once.  Emptied when it holds this many.
MAX_SKETCHES = 4096
_SKETCHES: dict[str, tuple[int, tuple[int, ...]]] = {}


class Normalised:
    """One entry's body after normalisation.

    Attributes:
        text: the normalised tokens joined by single spaces (tokens never contain
            whitespace): one compact string per entry, and the key that tells
            identical entries apart.  :attr:`tokens` splits it.
        code: ``(start, end)`` token index ranges (end exclusive) that came from
            code blocks, in order.
        words: number of words: identifier-like tokens (letters, digits and ``_``,
            not starting with a digit), so ``is_trainable`` and ``합니다`` count,
            ``2021`` and ``.`` do not.
        labels: footnote placeholder token -> the label written in this entry
            (``"[^=3f2a9c0b1d]" -> "[^12]"``), to show differences as written.
        sketch: the entry's min-wise sketch (:func:`notelint.duplicates.index.sketch`).
    """

    def __init__(self, text: str, code: tuple[tuple[int, int], ...] = (), words: int = 0,
                 labels: Mapping[str, str] | None = None, sketch: tuple[int, ...] = ()) -> None:
        self.text = text
        self.code = code
        self.words = words
        self.labels = labels
        self.sketch = sketch

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Normalised):
            return NotImplemented
        return (self.text == other.text and self.code == other.code and self.words == other.words
                and self.labels == other.labels and self.sketch == other.sketch)

    def __hash__(self) -> int:
        return hash((self.text, self.code, self.words, self.labels, self.sketch))

    @functools.cached_property
    def tokens(self) -> tuple[str, ...]:
        """The normalised tokens, in order (computed on first use, for verification)."""
        return tuple(self.text.split(" ")) if self.text else ()

    def prose_tokens(self) -> list[str]:
        """The tokens outside code blocks."""
        if not self.code:
            return list(self.tokens)
        out: list[str] = []
        pos = 0
        for start, end in self.code:
            out.extend(self.tokens[pos:start])
            pos = end
        out.extend(self.tokens[pos:])
        return out

    def shown(self, token: str) -> str:
        """``token`` as the author wrote it (footnote placeholders become their label)."""
        if self.labels and token.startswith("[^="):
            return self.labels.get(token, token)
        return token

    @functools.cached_property
    def shown_text(self) -> str:
        """:attr:`text` as written: footnote placeholders replaced by this entry's labels.

        Labels hold no whitespace either, so two entries' shown texts are equal
        exactly when their shown tokens are (without splitting either text).
        """
        if not self.labels:
            return self.text
        return " ".join(map(self.shown, self.tokens))

    @functools.cached_property
    def shown_tokens(self) -> tuple[str, ...]:
        """:attr:`tokens` as written (:meth:`shown`), computed once per entry."""
        if not self.labels:
            return self.tokens
        return tuple(map(self.shown, self.tokens))


def placeholder(definition_text: str) -> str:
    """The token that stands for every footnote whose definition reads ``definition_text``.

    The text is compared with whitespace collapsed and trailing punctuation removed.
    """
    key = " ".join(definition_text.split()).rstrip(".,;: ")
    digest = blake2b(key.encode("utf-8"), digest_size=5).hexdigest()
    return f"[^={digest}]"


def clean(text: str, *, prose: bool = True) -> str:
    """``text`` in NFC, without pictographs, and (``prose``) without block-final punctuation."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = _SYMBOL_RE.sub("", text)
    if prose:
        text = _END_PUNCT_RE.sub("", text)
    return text


def _replace_footnotes(text: str, footnotes: Mapping[str, str], labels: dict[str, str]) -> str:
    def repl(m: re.Match[str]) -> str:
        token = footnotes.get(m.group(1))
        if token is None:
            return m.group(0)
        labels.setdefault(token, m.group(0))
        return token

    return _FOOTNOTE_RE.sub(repl, text)


def normalise(text: str, code: Sequence[tuple[int, int]] = (),
              footnotes: Mapping[str, str] | None = None,
              skip: Sequence[tuple[int, int]] = ()) -> Normalised:
    """Normalise one entry body.

    Args:
        text: the body, as written.
        code: ``(start, end)`` offsets of code blocks in ``text``.
        footnotes: label -> placeholder token (see :func:`placeholder`) for the
            labels defined in the entry's document.
        skip: ``(start, end)`` offsets of parts that are not compared (footnote
            definitions: their text already stands in the references' placeholders).

    Returns:
        The :class:`Normalised` entry; ``tokens`` is empty for an empty body.
    """
    labels: dict[str, str] = {}
    tokens: list[str] = []
    code_ranges: list[tuple[int, int]] = []
    for piece, is_code in _pieces(text, code, skip):
        piece = clean(piece, prose=not is_code)
        if footnotes and not is_code and "[^" in piece:
            piece = _replace_footnotes(piece, footnotes, labels)
        found = TOKEN_RE.findall(piece)
        if is_code and found:
            code_ranges.append((len(tokens), len(tokens) + len(found)))
        tokens.extend(found)
    joined = " ".join(tokens)
    known = _SKETCHES.get(joined)
    if known is None:
        words = list(filter(str.isidentifier, tokens))
        if len(_SKETCHES) >= MAX_SKETCHES:
            _SKETCHES.clear()
        known = _SKETCHES[joined] = (len(words), sketch(words))
    return Normalised(joined, tuple(code_ranges), known[0], labels or None, known[1])


def _pieces(text: str, code: Sequence[tuple[int, int]],
            skip: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, is_code)`` parts, without the ``skip`` ranges."""
    if not code and not skip:
        return [(text, False)]
    marks = sorted([(s, e, True) for s, e in code] + [(s, e, False) for s, e in skip])
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end, is_code in marks:
        start = max(start, pos)
        if end <= start:
            continue
        if start > pos:
            out.append((text[pos:start], False))
        if is_code:
            out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def token_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the tokens of an already :func:`clean`-ed text."""
    return [m.span() for m in TOKEN_RE.finditer(text)]
