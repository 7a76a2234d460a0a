"""Client positions (UTF-16, UTF-8, UTF-32) from notelint's code-point columns, and back."""

from __future__ import annotations

import pytest

from notelint.server.positions import UTF8, UTF16, UTF32, LineIndex, code_points, units

LINE = "한국어 😀 text[^7]"  # 3 syllables, a space, an emoji (beyond the BMP), a space...


def test_units_per_encoding() -> None:
    assert units("한", UTF16) == 1 and units("한", UTF8) == 3 and units("한", UTF32) == 1
    assert units("😀", UTF16) == 2 and units("😀", UTF8) == 4 and units("😀", UTF32) == 1
    assert units("abc", UTF16) == 3


@pytest.mark.parametrize(("encoding", "expected"), [(UTF16, 11), (UTF8, 19), (UTF32, 10)])
def test_column_after_korean_and_emoji(encoding: str, expected: int) -> None:
    # `[^7]` starts at code-point column 11 (1-based): 10 code points before it.
    index = LineIndex(f"first\n{LINE}\n", encoding)
    assert LINE[10:14] == "[^7]"
    assert index.to_client(2, 11) == (1, expected)
    assert index.to_offset(1, expected) == len("first\n") + 10


def test_position_inside_a_character_rounds_up() -> None:
    # UTF-16 unit 5 is the second half of the emoji: the offset after it.
    assert code_points(LINE, 5, UTF16) == 5
    assert code_points(LINE, 6, UTF16) == 5
    assert code_points(LINE, 2, UTF8) == 1  # inside 한 (3 bytes)


def test_clamped_past_the_end() -> None:
    index = LineIndex("ab\ncd", UTF16)
    assert index.to_client(1, 99) == (0, 2)
    assert index.to_client(9, 1) == (1, 2)
    assert index.to_offset(0, 99) == 2
    assert index.to_offset(9, 0) == 5


def test_byte_order_mark_shifts_the_first_line_only() -> None:
    index = LineIndex("a😀b\nc", UTF16, bom=True)
    assert index.to_client(1, 3) == (0, 4)  # BOM (1) + a (1) + emoji (2)
    assert index.to_client(2, 1) == (1, 0)
    assert index.to_offset(0, 4) == 2


def test_line_of_offset() -> None:
    index = LineIndex("ab\ncd\n", UTF16)
    assert [index.line_of(o) for o in (0, 2, 3, 5, 6)] == [0, 0, 1, 1, 2]
