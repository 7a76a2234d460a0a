"""Cache keys: one BLAKE2b digest over notelint's version and length-prefixed parts."""

from __future__ import annotations

import hashlib

from notelint import __version__
from notelint.cache import NoteCache


def _reference(*parts: str | bytes) -> str:
    h = hashlib.blake2b(__version__.encode(), digest_size=32)
    for p in parts:
        b = p if isinstance(p, bytes) else p.encode("utf-8", "surrogatepass")
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def test_a_key_is_the_digest_of_the_version_and_each_part_with_its_length() -> None:
    cases: list[tuple[str | bytes, ...]] = [
        (), ("",), ("a" * 64, "notes/til.md", "til.md", "f" * 64, ""),
        (b"\x00\xff", "노트/학습.md", "lone \udc80 surrogate"), ("x" * 100_000,)]
    for parts in cases:
        got = NoteCache.key(*parts)
        assert got == _reference(*parts) and len(got) == 64 and int(got, 16) >= 0


def test_parts_are_not_run_together() -> None:
    assert NoteCache.key("ab", "c") != NoteCache.key("a", "bc")
    assert NoteCache.key("a", "") != NoteCache.key("a")
    assert NoteCache.key("a") == NoteCache.key(b"a")
