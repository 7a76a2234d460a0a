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
``os.replace``), keeping the byte-order mark, the file mode, owner and
newline style: each line the fixes left alone keeps its own ending, new
lines get the dominant style.  See :func:`write_fixed` for symbolic links,
hard links and read-only files.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from notelint.diagnostics import Diagnostic, Edit
from notelint.document import Document, normalise_newlines

MAX_PASSES = 10


class FixError(Exception):
    """A fix could not be applied safely; the file was left untouched."""


def choose_fixes(diagnostics: Iterable[Diagnostic], *, unsafe: bool = False,
                 skip: Callable[[Diagnostic], bool] | None = None
                 ) -> list[tuple[Diagnostic, tuple[Edit, ...]]]:
    """The fixable ``diagnostics`` whose fixes can be applied together, with their edits.

    Fixes are taken in document order; a fix any of whose edits overlaps an
    already chosen edit is left for a later pass (whole fixes only).  Unsafe
    fixes are included only with ``unsafe``; ``skip(d)`` true leaves ``d`` out.
    """
    chosen: list[tuple[Diagnostic, tuple[Edit, ...]]] = []
    taken: list[tuple[int, int]] = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        if d.fix is None or (not d.fix.safe and not unsafe) or not d.fix.edits:
            continue
        if skip is not None and skip(d):
            continue
        spans = [(e.start_offset, e.end_offset) for e in d.fix.edits]
        if any(_overlaps(a, b) for a in spans for b in taken):
            continue
        if any(_overlaps(a, b) for i, a in enumerate(spans) for b in spans[i + 1:]):
            continue
        taken.extend(spans)
        chosen.append((d, tuple(d.fix.edits)))
    return chosen


def choose_edits(diagnostics: Iterable[Diagnostic], *, unsafe: bool = False) -> list[Edit]:
    """The edits of :func:`choose_fixes`, sorted by position."""
    edits = [e for _, es in choose_fixes(diagnostics, unsafe=unsafe) for e in es]
    edits.sort(key=lambda e: (e.start_offset, e.end_offset))
    return edits


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


def _edited_lines(old: str, new: str, edits: Sequence[Edit]) -> tuple[set[int], set[int], int, int]:
    """The 0-based lines that sorted ``edits`` change, in ``old`` and in ``new`` (the text
    with them applied), and the lines of the first edit's start in each.

    A line is changed when an edit removes or writes text in it, or joins it to the next
    one.  An edit of whole lines (it starts at a line start, and what it removes and what
    it writes are each empty or end with a line break: an unused directive's line
    deleted) changes only those lines: not the line after them, which moves but keeps its
    text (counting it would let a fix change the block below unchecked), and on the side
    where it has no line (a deletion in ``new``, an insertion in ``old``) none at all.
    Linear in the lengths of the texts, however many edits there are.
    """
    e_old: set[int] = set()
    e_new: set[int] = set()
    line_old = line_new = pos_old = pos_new = shift = 0
    anchors: tuple[int, int] | None = None
    for e in edits:
        s, t, written = e.start_offset, e.end_offset, e.replacement
        removed = old[s:t]
        line_old += old.count("\n", pos_old, s)
        pos_old = s
        line_new += new.count("\n", pos_new, s + shift)
        pos_new = s + shift
        if anchors is None:
            anchors = (line_old, line_new)
        whole = ((s == 0 or old[s - 1] == "\n") and (not removed or removed.endswith("\n"))
                 and (not written or written.endswith("\n")))
        extra = 0 if whole else 1
        e_old.update(range(line_old, line_old + removed.count("\n") + extra))
        e_new.update(range(line_new, line_new + written.count("\n") + extra))
        shift += len(written) - (t - s)
    if anchors is None:
        return e_old, e_new, 0, 0
    return e_old, e_new, anchors[0], anchors[1]


def _affected(doc: Document, lines: set[int]) -> tuple[int, int] | None:
    """0-based line range ``[lo, hi)`` of the top-level blocks that touch ``lines``.

    An edited line that no block covers (a link reference definition, such as
    ``[^ 1]: def``, leaves no token) is part of the range itself, so that the
    blocks a fix makes there count as the fixed construct.
    """
    lo: int | None = None
    hi: int | None = None
    covered: set[int] = set()
    for tok in doc.tokens:
        if tok.level == 0 and tok.map and tok.nesting >= 0:
            a, b = tok.map[0], max(tok.map[1], tok.map[0] + 1)
            touched = {n for n in lines if a <= n < b}
            if touched:
                covered |= touched
                lo = a if lo is None else min(lo, a)
                hi = b if hi is None else max(hi, b)
    if lo is None or hi is None:
        return None
    # A block's map may include the blank lines after it (footnote definitions do).
    while hi - 1 > lo and hi - 1 < len(doc.line_starts) and not doc.line_text(hi).strip():
        hi -= 1
    for n in lines - covered:
        lo, hi = min(lo, n), max(hi, n + 1)
    return lo, hi


def _outside(doc: Document, lo: int, hi: int) -> list[tuple[Any, ...]]:
    """Block tokens outside lines ``[lo, hi)``, as comparable tuples.

    A closing token (which has no line map) goes with its opening token, and
    another token without a map (a table cell's ``th_open``) with the token
    that encloses it.
    """
    out = []
    stack: list[bool] = []
    for tok in doc.tokens:
        if tok.nesting == -1:
            inside = stack.pop() if stack else False
        else:
            m = tok.map
            if m is None:
                inside = bool(stack) and stack[-1]
            else:
                inside = m[0] < hi and lo < max(m[1], m[0] + 1)
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
    e_old, e_new, at_old, at_new = _edited_lines(old.text, new_text, edits)
    delta = new_text.count("\n") - old.text.count("\n")
    # No line changed on one side (whole lines inserted, or deleted): an empty range there.
    a = _affected(old, e_old) or ((min(e_old), max(e_old) + 1) if e_old else (at_old, at_old))
    # No block at the edited lines of the new text (lines were deleted): nothing new to bound.
    b = _affected(new, e_new) or ((min(e_new), min(e_new)) if e_new else (at_new, at_new))
    if (b[0] < a[0] or b[1] > a[1] + delta
            or _outside(old, *a) != _outside(new, a[0], a[1] + delta)):
        raise FixError("the fixed note would parse differently outside the fixed lines")


class FixOutcome:
    """What fixing one document did.

    Attributes:
        text: the final normalised text.
        applied: number of edits applied over all passes.
        error: why fixing stopped early, if it did.
        passes: passes that applied edits.
        remaining: the findings of the final text.
        steps: the edits each of those passes applied, sorted, in offsets of the
            text before that pass (so ``steps[0]`` is in the linted text's offsets).
        late: some of the fixes were applied after other notes of the run were fixed,
            which gave this note fixes it did not have when it was checked (see
            :func:`notelint.fixing.fix_run`).
    """

    __slots__ = ("applied", "error", "late", "passes", "remaining", "steps", "text")

    def __init__(self, text: str, applied: int = 0, error: str | None = None, passes: int = 0,
                 remaining: list[Diagnostic] | None = None,
                 steps: list[tuple[Edit, ...]] | None = None, late: bool = False) -> None:
        self.text = text
        self.applied = applied
        self.error = error
        self.passes = passes
        self.remaining: list[Diagnostic] = [] if remaining is None else remaining
        self.steps: list[tuple[Edit, ...]] = [] if steps is None else steps
        self.late = late


def fix_key(text: str, d: Diagnostic) -> tuple[Any, ...]:
    """What identifies ``d``'s fix across passes: rule, replaced text and replacements.

    ``text`` is the text ``d`` was found in; ``d`` must have a fix.
    """
    assert d.fix is not None
    return (d.code, tuple((text[e.start_offset:e.end_offset], e.replacement) for e in d.fix.edits))


def fix_document(doc: Document, lint: Any, *, unsafe: bool = False) -> FixOutcome:
    """Apply fixes to ``doc`` until none is left (at most :data:`MAX_PASSES` passes).

    Each pass applies every fix that can go together and re-lints.  When the
    pass as a whole fails :func:`verify`, its fixes are tried one by one and
    only the one that fails is refused (and not tried again): one fix that
    would change the note beyond what it repairs never holds back the others.
    A fix whose finding comes back, at the same place, after it was applied
    is not applied again (the fixes would not converge).

    Args:
        doc: the linted document.
        lint: ``callable(Document) -> list[Diagnostic]``: re-lints a document
            with the same configuration (suppressions applied).
        unsafe: apply unsafe fixes too.

    Returns:
        A :class:`FixOutcome`; ``error`` says which fixes were refused and why.
    """
    outcome = FixOutcome(doc.text)
    current = Document.from_text(doc.text, doc.path) if doc.tree_released else doc
    diags = lint(current)
    refused: set[tuple[Any, ...]] = set()
    applied_before: set[tuple[Any, ...]] = set()
    written: list[tuple[int, int]] = []  # what the fixes wrote, in the current text's offsets
    errors: list[str] = []

    for _ in range(MAX_PASSES):
        text = current.text
        fixes = choose_fixes(diags, unsafe=unsafe,
                             skip=lambda d: fix_key(text, d) in refused)
        if not fixes:
            break
        edits = sorted((e for _, es in fixes for e in es),
                       key=lambda e: (e.start_offset, e.end_offset))
        try:
            new_text = apply_edits(text, edits)
            verify(current, new_text, edits)
        except FixError:
            kept: list[Edit] = []
            for d, es in fixes:
                trial = sorted([*kept, *es], key=lambda e: (e.start_offset, e.end_offset))
                try:
                    verify(current, apply_edits(text, trial), trial)
                except FixError as exc:
                    refused.add(fix_key(text, d))
                    errors.append(f"{d.code} at line {d.span.start.line}: {exc}")
                    continue
                kept = trial
            if not kept:
                continue
            edits = kept
            new_text = apply_edits(text, edits)
        outcome.applied += len(edits)
        outcome.passes += 1
        outcome.steps.append(tuple(edits))
        prints = {fix_key(text, d) for d, es in fixes if all(e in edits for e in es)}
        written = _written(written, edits)
        current = Document.from_text(new_text, doc.path)
        diags = lint(current)
        # A fix met again on text that fixes wrote (its own output triggers it) is not
        # re-applied; the same fix elsewhere (the same typo in another place) is.
        again = {fix_key(new_text, d) for d in diags if d.fix is not None
                 and any(w[0] < w[1] and _overlaps((e.start_offset, e.end_offset), w)
                         for e in d.fix.edits for w in written)} & (prints | applied_before)
        if again:
            refused |= again
            errors.append("a fix applies to its own result again; applied once")
        applied_before |= prints
    outcome.text = current.text
    outcome.remaining = diags
    if errors:
        outcome.error = "; ".join(dict.fromkeys(errors))
    return outcome


def _written(before: list[tuple[int, int]], edits: Sequence[Edit]) -> list[tuple[int, int]]:
    """The ranges of text written by fixes, moved through ``edits`` and with theirs added."""
    out = []
    shift = 0
    for e in edits:
        at = e.start_offset + shift
        out.append((at, at + len(e.replacement)))
        shift += len(e.replacement) - (e.end_offset - e.start_offset)
    for a, b in before:
        if not any(e.start_offset < b and a < e.end_offset for e in edits):
            delta = sum(len(e.replacement) - (e.end_offset - e.start_offset)
                        for e in edits if e.end_offset <= a)
            out.append((a + delta, b + delta))
    return sorted(out)


def serialise(original_raw: str, new_text: str, newline: str, bom: bool) -> str:
    """Re-apply the file's newline style (per line) and BOM to ``new_text``.

    Lines that the fixes left as they were keep their own ending (matched by
    :class:`difflib.SequenceMatcher` when the number of lines changed, so a
    CRLF line of a mixed file stays CRLF); new and changed lines get the
    dominant ``newline``.  An empty ``new_text`` gives an empty file.
    """
    if not new_text:
        return "\ufeff" if bom else ""
    raw = original_raw[1:] if original_raw.startswith("\ufeff") else original_raw
    old_lines = raw.splitlines(keepends=True)
    old_bodies = [ln.rstrip("\r\n") for ln in old_lines]
    old_endings = [ln[len(b):] for ln, b in zip(old_lines, old_bodies, strict=True)]
    new_lines = new_text.split("\n")
    trailing = new_lines[-1] == ""
    if trailing:
        new_lines.pop()
    endings = [newline] * len(new_lines)
    if len(old_lines) == len(new_lines):
        endings = [e or newline for e in old_endings]
    else:
        matcher = difflib.SequenceMatcher(None, old_bodies, new_lines, autojunk=False)
        for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
            if tag == "equal":
                for k in range(i2 - i1):
                    endings[j1 + k] = old_endings[i1 + k] or newline
    if not trailing and endings:
        endings[-1] = ""
    body = "".join(a + b for a, b in zip(new_lines, endings, strict=True))
    return ("\ufeff" if bom else "") + body


def write_fixed(path: Path, linted: Document, new_text: str) -> None:
    """Write ``new_text`` to ``path`` if the file still holds what was linted.

    The file itself is rewritten, never what stands in its place: through a
    symbolic link the link's target is written (the link stays); a file with
    more than one hard link is rewritten in place so that every name keeps
    seeing it; otherwise a temporary file in the same folder is written,
    ``fsync``-ed and renamed over it (atomic), with the file's mode, owner and
    group.  A file without write permission for its owner is not written.

    Raises:
        FixError: the file changed since it was read, is read-only, or cannot be
            written (the message says why; the file is then as it was).
    """
    target = path.resolve()
    try:
        raw_bytes = target.read_bytes()
        raw = raw_bytes.decode("utf-8")
        st = target.stat()
    except (OSError, UnicodeDecodeError) as exc:
        raise FixError(f"cannot re-read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    current, _ = normalise_newlines(raw[1:] if raw.startswith("\ufeff") else raw)
    if current != linted.text:
        raise FixError(f"{path} changed while it was being checked; not fixed")
    if not st.st_mode & stat.S_IWUSR:
        raise FixError(f"{path} is read-only; not fixed (make it writable to fix it)")
    data = serialise(raw, new_text, linted.newline, linted.bom).encode("utf-8")
    if st.st_nlink > 1:
        _write_in_place(target, path, data)
        return
    import tempfile  # only when a fix is written

    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".notelint-tmp", dir=folder)
    except OSError as exc:
        raise FixError(f"cannot write in the folder of {path}: {exc.strerror or exc}; "
                       "not fixed") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(tmp, st.st_uid, st.st_gid)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise FixError(f"cannot write {path}: {exc.strerror or exc}; not fixed") from None


def _write_in_place(target: Path, shown: Path, data: bytes) -> None:
    """Overwrite ``target`` through its own inode (for files with several hard links)."""
    try:
        with open(target, "r+b") as fh:
            fh.write(data)
            fh.truncate()
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise FixError(f"cannot write {shown}: {exc.strerror or exc}") from None
