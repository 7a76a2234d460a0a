"""Applying fixes: non-overlapping edits, re-lint until stable, verified atomic writes.

A fix is applied only when all of these hold:

* its edits do not overlap edits already chosen in the same pass (the rest
  wait for the next pass, after a re-lint);
* after the pass, every block of the document outside the top-level blocks
  that the edits touch parses to the same tokens as before, and the new
  blocks reach no further than the old ones (a fix may change the construct
  it repairs, e.g. turn a malformed definition into a footnote definition,
  but must not, say, open a fence that swallows the rest of the note);
* the file on disk still holds exactly what was linted (nobody edited it
  meanwhile).

Files are written atomically (temporary file in the same folder, ``fsync``,
``os.replace``), keeping the byte-order mark, the file mode and the newline
style: each line keeps its own ending when the fix does not change the
number of lines, otherwise the dominant style is used.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notelint.diagnostics import Diagnostic, Edit
from notelint.document import Document, normalise_newlines

MAX_PASSES = 10


class FixError(Exception):
    """A fix could not be applied safely; the file was left untouched."""


def choose_edits(diagnostics: Iterable[Diagnostic], *, unsafe: bool = False) -> list[Edit]:
    """The edits of fixable ``diagnostics`` that can be applied together.

    Fixes are taken in document order; a fix any of whose edits overlaps an
    already chosen edit is skipped (whole fixes only).  Unsafe fixes are
    included only with ``unsafe``.
    """
    chosen: list[Edit] = []
    taken: list[tuple[int, int]] = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        if d.fix is None or (not d.fix.safe and not unsafe) or not d.fix.edits:
            continue
        spans = [(e.start_offset, e.end_offset) for e in d.fix.edits]
        if any(_overlaps(a, b) for a in spans for b in taken):
            continue
        if any(_overlaps(a, b) for i, a in enumerate(spans) for b in spans[i + 1:]):
            continue
        taken.extend(spans)
        chosen.extend(d.fix.edits)
    chosen.sort(key=lambda e: (e.start_offset, e.end_offset))
    return chosen


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # insertions conflict only at the same point or inside
        return (a[0] < b[1] and b[0] < a[1]) or a[0] == b[0]
    return a[0] < b[1] and b[0] < a[1]


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with sorted, non-overlapping ``edits`` applied.

    Raises:
        FixError: an edit is out of range or overlaps the previous one.
    """
    out: list[str] = []
    pos = 0
    for e in edits:
        if e.start_offset < pos or e.end_offset < e.start_offset or e.end_offset > len(text):
            raise FixError(f"edit {e} is out of order or out of range")
        out.append(text[pos:e.start_offset])
        out.append(e.replacement)
        pos = e.end_offset
    out.append(text[pos:])
    return "".join(out)


def _edited_lines(text: str, edits: Sequence[Edit], *, after: bool) -> set[int]:
    """0-based lines touched by ``edits``: in the old ``text``, or (``after``) in the new one."""
    lines: set[int] = set()
    shift = 0
    for e in edits:
        start = e.start_offset + (shift if after else 0)
        changed = e.replacement if after else text[e.start_offset:e.end_offset]
        first = text.count("\n", 0, start)
        lines.update(range(first, first + changed.count("\n") + 1))
        shift += len(e.replacement) - (e.end_offset - e.start_offset)
    return lines


def _affected(doc: Document, lines: set[int]) -> tuple[int, int] | None:
    """0-based line range ``[lo, hi)`` of the top-level blocks that touch ``lines``."""
    lo: int | None = None
    hi: int | None = None
    for tok in doc.tokens:
        if tok.level == 0 and tok.map and tok.nesting >= 0:
            a, b = tok.map[0], max(tok.map[1], tok.map[0] + 1)
            if any(a <= n < b for n in lines):
                lo = a if lo is None else min(lo, a)
                hi = b if hi is None else max(hi, b)
    if lo is None or hi is None:
        return None
    # A block's map may include the blank lines after it (footnote definitions do).
    while hi - 1 > lo and hi - 1 < len(doc.line_starts) and not doc.line_text(hi).strip():
        hi -= 1
    return lo, hi


def _outside(doc: Document, lo: int, hi: int) -> list[tuple[Any, ...]]:
    """Block tokens outside lines ``[lo, hi)``, as comparable tuples.

    A closing token (which has no line map) goes with its opening token.
    """
    out = []
    stack: list[bool] = []
    for tok in doc.tokens:
        if tok.nesting == -1:
            inside = stack.pop() if stack else False
        else:
            m = tok.map
            inside = m is not None and m[0] < hi and lo < max(m[1], m[0] + 1)
            if tok.nesting == 1:
                stack.append(inside)
        if inside:
            continue
        leaf = tok.content if tok.type in ("fence", "code_block", "html_block", "math_block") else ""
        out.append((tok.type, tok.tag, tok.nesting, tok.markup, tok.info, leaf))
    return out


def verify(old: Document, new_text: str, edits: Sequence[Edit]) -> None:
    """Check that ``new_text`` parses like ``old`` outside the blocks the edits touch.

    The repaired construct may change inside the top-level blocks it touches
    (a malformed definition that was a lazy paragraph line becomes a footnote
    definition), but nothing may change beyond them, and the new blocks may
    not reach further than the old ones did.

    Raises:
        FixError: some block outside the edited ones parses differently.
    """
    if not edits:
        return
    if old.tree_released:
        old = Document.from_text(old.text, old.path)
    new = Document.from_text(new_text, old.path)
    e_old = _edited_lines(old.text, edits, after=False)
    e_new = _edited_lines(new_text, edits, after=True)
    delta = new_text.count("\n") - old.text.count("\n")
    a = _affected(old, e_old) or (min(e_old), max(e_old) + 1)
    b = _affected(new, e_new) or (min(e_new), max(e_new) + 1)
    if (b[0] < a[0] or b[1] > a[1] + delta
            or _outside(old, *a) != _outside(new, a[0], a[1] + delta)):
        raise FixError("the fixed note would parse differently outside the fixed lines")


@dataclass
class FixOutcome:
    """What fixing one document did.

    Attributes:
        text: the final normalised text.
        applied: number of edits applied over all passes.
        error: why fixing stopped early, if it did.
    """

    text: str
    applied: int = 0
    error: str | None = None
    passes: int = 0
    remaining: list[Diagnostic] = field(default_factory=list)


def fix_document(doc: Document, lint: Any, *, unsafe: bool = False) -> FixOutcome:
    """Apply fixes to ``doc`` until none is left (at most :data:`MAX_PASSES` passes).

    Args:
        doc: the linted document.
        lint: ``callable(Document) -> list[Diagnostic]``: re-lints a document
            with the same configuration (suppressions applied).
        unsafe: apply unsafe fixes too.
    """
    outcome = FixOutcome(doc.text)
    current = Document.from_text(doc.text, doc.path) if doc.tree_released else doc
    diags = lint(current)
    for _ in range(MAX_PASSES):
        edits = choose_edits(diags, unsafe=unsafe)
        if not edits:
            break
        try:
            new_text = apply_edits(current.text, edits)
            verify(current, new_text, edits)
        except FixError as exc:
            outcome.error = str(exc)
            break
        outcome.applied += len(edits)
        outcome.passes += 1
        current = Document.from_text(new_text, doc.path)
        diags = lint(current)
    outcome.text = current.text
    outcome.remaining = diags
    return outcome


def serialise(original_raw: str, new_text: str, newline: str, bom: bool) -> str:
    """Re-apply the file's newline style (per line when possible) and BOM to ``new_text``."""
    raw = original_raw[1:] if original_raw.startswith("\ufeff") else original_raw
    old_lines = raw.splitlines(keepends=True)
    new_lines = new_text.split("\n")
    trailing = new_lines and new_lines[-1] == ""
    if trailing:
        new_lines.pop()
    if len(old_lines) == len(new_lines):
        endings = [ln[len(ln.rstrip("\r\n")):] for ln in old_lines]
        if not trailing and endings:
            endings[-1] = ""
        body = "".join(a + b for a, b in zip(new_lines, endings, strict=False))
    else:
        body = newline.join(new_lines) + (newline if trailing else "")
    return ("\ufeff" if bom else "") + body


def write_fixed(path: Path, linted: Document, new_text: str) -> None:
    """Write ``new_text`` to ``path`` atomically, if the file still holds what was linted.

    Raises:
        FixError: the file changed since it was read, or cannot be written.
    """
    try:
        raw_bytes = path.read_bytes()
        raw = raw_bytes.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FixError(f"cannot re-read {path}: {exc}") from None
    current, _ = normalise_newlines(raw[1:] if raw.startswith("\ufeff") else raw)
    if current != linted.text:
        raise FixError(f"{path} changed while it was being checked; not fixed")
    data = serialise(raw, new_text, linted.newline, linted.bom).encode("utf-8")
    folder = path.resolve().parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".notelint-tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise FixError(f"cannot write {path}: {exc.strerror or exc}") from None
