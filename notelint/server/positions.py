"""Positions in the units a language client counts: UTF-16 (the LSP default), UTF-8 or UTF-32.

notelint counts columns in Unicode code points on the note's text with its
line endings normalised to ``\\n`` and a leading byte-order mark removed
(:mod:`notelint.diagnostics`).  An editor counts ``character`` in the code
units of the position encoding negotiated at ``initialize`` (LSP 3.17,
``general.positionEncodings``): UTF-16 unless the client offers another, so
an emoji is two units and a Korean syllable one; in UTF-8, a Korean syllable
is three.  Lines are the same in both: LSP breaks lines at ``\\r\\n``,
``\\r`` and ``\\n``, as notelint's normalisation does.

This module has no dependency on the LSP library, so it is tested on its own.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

#: The encodings a client may negotiate (``PositionEncodingKind`` values).
UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(text: str, encoding: str) -> int:
    """How many code units of ``encoding`` (:data:`UTF8`, :data:`UTF16`, :data:`UTF32`) ``text`` takes."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    # UTF-16: one unit per code point, two for those beyond the Basic Multilingual Plane.
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def code_points(line: str, count: int, encoding: str) -> int:
    """How many code points of ``line`` the first ``count`` code units of ``encoding`` cover.

    A ``count`` that ends inside a character (half of a surrogate pair, the
    middle of a UTF-8 sequence) rounds up to the end of that character;
    a ``count`` past the end of the line gives the line's length.
    """
    if encoding == UTF32 or line.isascii():
        return min(max(count, 0), len(line))
    used = 0
    for i, ch in enumerate(line):
        if used >= count:
            return i
        used += units(ch, encoding)
    return len(line)


class LineIndex:
    """Converts between notelint positions and client positions for one text.

    Args:
        text: the note as notelint saw it (newlines normalised to ``\\n``, no BOM).
        encoding: the negotiated position encoding.
        bom: whether the client's text starts with a byte-order mark that
            notelint removed (it shifts the first line by one code point).
    """

    def __init__(self, text: str, encoding: str = UTF16, bom: bool = False) -> None:
        self.lines: Sequence[str] = text.split("\n")
        self.encoding = encoding
        self.bom = bom
        self._starts = [0]
        for line in self.lines[:-1]:
            self._starts.append(self._starts[-1] + len(line) + 1)

    def to_client(self, line: int, column: int) -> tuple[int, int]:
        """``(line, character)`` 0-based in client units, from notelint's 1-based line and column.

        A column past the end of its line is clamped to the line's end; a
        line past the end of the text to the end of the text.
        """
        if line > len(self.lines):
            last = len(self.lines) - 1
            return last, units(self.lines[last], self.encoding) + (self.bom and last == 0)
        text = self.lines[line - 1]
        col = min(max(column - 1, 0), len(text))
        shift = 1 if self.bom and line == 1 else 0
        return line - 1, units(text[:col], self.encoding) + shift

    def to_offset(self, line: int, character: int) -> int:
        """The 0-based code-point offset in notelint's text of a client position (0-based).

        Positions beyond the text are clamped to its end.
        """
        if line >= len(self.lines):
            return self._starts[-1] + len(self.lines[-1])
        line = max(line, 0)
        if self.bom and line == 0:
            character -= 1
        return self._starts[line] + code_points(self.lines[line], character, self.encoding)

    def line_of(self, offset: int) -> int:
        """The 0-based line that the code-point ``offset`` is on."""
        return max(bisect.bisect_right(self._starts, offset) - 1, 0)
