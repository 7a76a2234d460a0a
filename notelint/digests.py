"""Content digests and cache signatures from the interpreter's own BLAKE2b.

``hashlib.sha256`` and :mod:`hmac` load OpenSSL's library (``_hashlib``) on
first import, a few milliseconds of every run; :func:`blake2b` is compiled
into CPython (it is the very function ``hashlib.blake2b`` returns), and keyed
BLAKE2b is a message authentication code by design (RFC 7693, section 2.9),
so no HMAC construction is needed.  :func:`compare_digest` is the
constant-time comparison :func:`hmac.compare_digest` falls back to.

Use :func:`blake2b` with ``digest_size=32`` for a note's content digest
(64 hex digits) and ``key=`` for a signature.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a CPython built without its own hashes
    from hashlib import blake2b

try:
    from _operator import _compare_digest as compare_digest
except ImportError:  # pragma: no cover - another interpreter
    from hmac import compare_digest

__all__ = ["blake2b", "compare_digest", "content_digest"]


def content_digest(data: bytes) -> str:
    """A 256-bit BLAKE2b digest of ``data``, as 64 lower-case hex digits."""
    return blake2b(data, digest_size=32).hexdigest()
