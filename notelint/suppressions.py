"""Inline directives in HTML comments, and the diagnostics they suppress.

Directives (the markdownlint style), found only in ``html_block`` and
``html_inline`` tokens, so a directive quoted in a code span or fence is
inert::

    <!-- notelint-disable FN001 FN002 -->   until notelint-enable (or the end)
    <!-- notelint-enable FN001 -->          re-enable (all, without ids)
    <!-- notelint-disable-next-line DT003 -->
    <!-- notelint-disable-line DT003 -->     on the directive's own line
    <!-- notelint-disable-file SP -->        the whole file

Ids may be rule ids, prefixes (``FN``) or names, separated by spaces or
commas; no ids means every rule.  A directive that suppresses nothing is
reported as NL006 (only for rules that ran), one that names an unknown rule
as NL007.

Matching directives to findings takes ``O((D + F) log(D + F))`` for ``D``
directives and ``F`` findings (sorted sweeps per rule id), so a note of
thousands of directives is checked in linear time.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from notelint.diagnostics import Diagnostic, Edit, Fix, Position, Span
from notelint.document import Document
from notelint.lazy import lazy_compile
from notelint.registry import Registry
from notelint.rule import DocumentContext
from notelint.rules.core import InvalidDirective, UnusedSuppression

DIRECTIVE_RE = lazy_compile(
    r"<!--\s*notelint-(?P<action>[a-z-]+)(?P<ids>(?:[^-]|-(?!->))*?)\s*-->"
)
ACTIONS = ("disable", "enable", "disable-next-line", "disable-line", "disable-file")
#: Each action's name as one string (not one per directive).
_ACTION_NAMES = {a: a for a in ACTIONS}
#: Directives that suppress nothing and belong to a rule family (``notelint-words``: words
#: the spelling rules accept in this note).
OTHER_DIRECTIVES = ("words",)


#: ``used`` of a directive that has suppressed nothing yet (shared: most never do).
_UNUSED: frozenset[str] = frozenset()


class Directive:
    """One parsed directive.

    Slotted, and the directives of a note with the same ids share one ``codes`` set and
    one ``raw_ids`` tuple: a note of 100,000 directives holds them until its findings are
    filtered.

    Attributes:
        action: one of :data:`ACTIONS`.
        codes: rule ids it names, expanded from prefixes and names; ``None`` for all.
        start, end: where the comment is (offsets into the note's text; see :meth:`span_in`).
        line: the 1-based line the comment starts on.
        first_line, last_line: 1-based lines it covers (``last_line`` inclusive;
            ``None`` means to the end of the file).
        used: ids (or ``"*"``) that suppressed at least one diagnostic (a new set is made
            on the first one).
    """

    __slots__ = ("action", "codes", "end", "first_line", "last_line", "line", "raw_ids", "start",
                 "used")

    def __init__(self, action: str, codes: frozenset[str] | None, raw_ids: tuple[str, ...],
                 start: int, end: int, line: int, first_line: int = 1,
                 last_line: int | None = None,
                 used: frozenset[str] | set[str] = _UNUSED) -> None:
        self.action = action
        self.codes = codes
        self.raw_ids = raw_ids
        self.start = start
        self.end = end
        self.line = line
        self.first_line = first_line
        self.last_line = last_line
        self.used = used

    def span_in(self, doc: Document) -> Span:
        """Where the comment is in ``doc`` (the note it was read from, or its text).

        The same as ``doc.span(start, end)``; a comment on one line gives its two positions
        one line number (100,000 unused directives are as many spans in the findings).
        """
        line = self.line
        first = doc.line_starts[line - 1]
        if line < len(doc.line_starts) and doc.line_starts[line] <= self.end:
            return doc.span(self.start, self.end)
        return Span(Position(line, self.start - first + 1), Position(line, self.end - first + 1),
                    self.start, self.end)

    def mark(self, code: str) -> None:
        """Record that the directive suppressed a finding of ``code`` (``"*"``: of any rule)."""
        if self.used is _UNUSED:
            self.used = set()
        self.used.add(code)  # type: ignore[union-attr]

    def covers(self, diag: Diagnostic) -> bool:
        """Whether this directive suppresses ``diag``."""
        if self.codes is not None and diag.code not in self.codes:
            return False
        line = diag.span.start.line
        return line >= self.first_line and (self.last_line is None or line <= self.last_line)


def _html_comments(doc: Document) -> Iterator[tuple[int, str]]:
    """``(offset, text)`` of every HTML token's source, in document order."""
    for tok, parent in doc.walk():
        if parent is None and tok.type == "html_block" and tok.map:
            yield doc.line_starts[tok.map[0]], tok.content
        elif parent is not None and tok.type == "html_inline":
            sp = doc.inline_span(parent, tok)
            if sp is not None:
                yield sp.start_offset, doc.text[sp.start_offset:sp.end_offset]


def parse_directives(ctx: DocumentContext, registry: Registry) -> list[Directive]:
    """Find the directives of ``ctx.document``; report malformed ones (NL007) into ``ctx``.

    Block ranges are resolved here: a ``disable`` lasts until the next
    ``enable`` that names one of its ids (or any ``enable`` without ids).
    """
    doc = ctx.document
    found: list[Directive] = []
    if "notelint-" not in doc.text:
        return found  # every directive holds it verbatim, on one line of the source
    invalid = InvalidDirective()
    shared: dict[object, object] = {}  # equal id sets and tuples, made once
    for base, text in _html_comments(doc):
        if "notelint-" not in text:
            continue
        for m in DIRECTIVE_RE.finditer(text):
            start, end = base + m.start(), base + m.end()
            action = _ACTION_NAMES.get(m.group("action")) or m.group("action")
            if action in OTHER_DIRECTIVES:
                continue
            if action not in ACTIONS:
                import difflib  # only for a misspelled directive

                close = difflib.get_close_matches(action, ACTIONS, n=1, cutoff=0.6)
                hint = f"; did you mean `notelint-{close[0]}`?" if close else ""
                ctx.report((start, end), f"Unknown directive `notelint-{action}`{hint}",
                           rule=invalid)
                continue
            raw = tuple(x for x in re.split(r"[\s,]+", m.group("ids").strip()) if x)
            raw = shared.setdefault(raw, raw)  # type: ignore[assignment]
            codes: set[str] | None = None
            if raw:
                codes = set()
                for item in raw:
                    matched = registry.codes(item)
                    if not matched:
                        guess = registry.suggest(item)
                        hint = f"; did you mean `{guess}`?" if guess else ""
                        ctx.report((start, end), f"Directive names unknown rule `{item}`{hint}",
                                   rule=invalid)
                        continue
                    codes.update(matched)
                if not codes:
                    continue
            # The span is not kept: 100,000 directives would hold 100,000 of them.
            line = doc.position(start).line
            end_line = doc.position(end).line
            frozen = None
            if codes is not None:
                frozen = frozenset(codes)
                frozen = shared.setdefault(frozen, frozen)  # type: ignore[assignment]
            d = Directive(action, frozen, raw, start, end, line)
            if action == "disable-file":
                d.first_line, d.last_line = 1, None
            elif action == "disable-next-line":
                d.first_line = d.last_line = end_line + 1
            elif action == "disable-line":
                d.first_line, d.last_line = line, end_line
            elif action == "disable":
                d.first_line, d.last_line = line, None
            found.append(d)
    _close_ranges(found)
    return found


def _close_ranges(found: list[Directive]) -> None:
    """End each ``disable`` at the first later ``enable`` naming one of its ids (or all).

    One pass in document order; open ranges are indexed by id, so thousands of
    directives take linear time.
    """
    open_all: list[Directive] = []             # open disables of every rule
    open_by_code: dict[str, list[Directive]] = {}
    closed: set[int] = set()

    def close(d: Directive, line: int) -> None:
        if id(d) not in closed:
            closed.add(id(d))
            d.last_line = line

    for d in found:
        if d.action == "disable":
            if d.codes is None:
                open_all.append(d)
            else:
                for c in d.codes:
                    open_by_code.setdefault(c, []).append(d)
        elif d.action == "enable":
            line = d.line
            if d.codes is None:
                for lst in (open_all, *open_by_code.values()):
                    for o in lst:
                        close(o, line)
                open_all.clear()
                open_by_code.clear()
                continue
            for o in open_all:
                close(o, line)
            open_all.clear()
            for c in d.codes:
                for o in open_by_code.pop(c, ()):
                    close(o, line)


def _covered(lines: list[int], intervals: list[tuple[int, int | None]]) -> list[bool]:
    """For each of ``lines``, whether some ``(first, last)`` interval holds it (``None``: no end).

    Sorting and one sweep: ``O((L + I) log(L + I))``.
    """
    order = sorted(range(len(lines)), key=lines.__getitem__)
    ivs = sorted(intervals, key=lambda iv: iv[0])
    out = [False] * len(lines)
    reach = 0  # the furthest end among intervals starting at or before the line
    unbounded = False
    k = 0
    for i in order:
        line = lines[i]
        while k < len(ivs) and ivs[k][0] <= line:
            end = ivs[k][1]
            if end is None:
                unbounded = True
            else:
                reach = max(reach, end)
            k += 1
        out[i] = unbounded or reach >= line
    return out


def _any_in(sorted_lines: list[int], first: int, last: int | None) -> bool:
    i = bisect.bisect_left(sorted_lines, first)
    return i < len(sorted_lines) and (last is None or sorted_lines[i] <= last)


def _suppress(diags: list[Diagnostic], directives: list[Directive], mark: bool) -> list[bool]:
    """For each of ``diags``, whether a directive covers it (marking ``used`` when ``mark``)."""
    by_code: dict[str, list[int]] = {}
    for i, diag in enumerate(diags):
        by_code.setdefault(diag.code, []).append(i)
    everything = [(d.first_line, d.last_line) for d in directives if d.codes is None]
    named: dict[str, list[tuple[int, int | None]]] = {}
    for d in directives:
        if d.codes is not None:
            for c in d.codes:
                if c in by_code:
                    named.setdefault(c, []).append((d.first_line, d.last_line))
    out = [False] * len(diags)
    for code, idxs in by_code.items():
        lines = [diags[i].span.start.line for i in idxs]
        for i, hit in zip(idxs, _covered(lines, everything + named.get(code, [])), strict=True):
            out[i] = hit
    if mark:
        sorted_lines = {c: sorted(diags[i].span.start.line for i in idxs)
                        for c, idxs in by_code.items()}
        for d in directives:
            if d.codes is None:
                if any(_any_in(ls, d.first_line, d.last_line) for ls in sorted_lines.values()):
                    d.mark("*")
                continue
            for c in d.codes:
                ls = sorted_lines.get(c)
                if ls is not None and _any_in(ls, d.first_line, d.last_line):
                    d.mark(c)
    return out


def apply_suppressions(
    ctx: DocumentContext,
    directives: list[Directive],
    ran: frozenset[str],
) -> list[Diagnostic]:
    """Split ``ctx.diagnostics`` into kept ones (returned) and suppressed ones.

    Unused directives are reported as NL006 (with a safe fix that removes the
    comment when it stands alone on its line) for rules in ``ran``.
    """
    active = [d for d in directives if d.action != "enable"]
    hidden = _suppress(ctx.diagnostics, active, mark=True)
    kept = [diag for diag, hide in zip(ctx.diagnostics, hidden, strict=True) if not hide]
    if UnusedSuppression.code not in ran:
        return kept
    unused_rule = UnusedSuppression()
    before = len(ctx.diagnostics)
    # Equal messages are one string: a note of 100,000 unused directives holds them all.
    messages: dict[tuple[str, str, tuple[str, ...]], str] = {}

    def message(kind: str, action: str, idle: tuple[str, ...] = ()) -> str:
        key = (kind, action, idle)
        got = messages.get(key)
        if got is None:
            ids = ", ".join(idle)
            got = messages[key] = (
                f"`notelint-{action}` suppresses nothing here" if kind == "all"
                else f"`notelint-{action}` suppresses nothing here (no {ids} finding)"
                if kind == "none"
                else f"`notelint-{action}` suppresses no {ids} finding")
        return got

    doc = ctx.document
    for d in active:
        if d.codes is None:
            if not d.used:
                span = d.span_in(doc)
                ctx.report(span, message("all", d.action),
                           rule=unused_rule, fix=_removal(doc, span))
            continue
        idle = tuple(sorted(c for c in d.codes if c in ran and c not in d.used))
        if idle and not d.used:
            span = d.span_in(doc)
            ctx.report(span, message("none", d.action, idle), rule=unused_rule,
                       fix=_removal(doc, span))
        elif idle and any(c in d.raw_ids for c in idle):
            ctx.report(d.span_in(doc), message("some", d.action, idle), rule=unused_rule)
    new = ctx.diagnostics[before:]
    naming = [dd for dd in active if dd.codes is not None and UnusedSuppression.code in dd.codes]
    if not naming:  # nothing can hide them
        kept.extend(new)
        return kept
    hidden = _suppress(new, naming, mark=False)
    kept.extend(x for x, hide in zip(new, hidden, strict=True) if not hide)
    return kept


def _removal(doc: Document, span: Span) -> Fix | None:
    """A safe fix deleting the comment and its line, if it is alone on its line."""
    line = span.start.line
    if span.end.line != line:
        return None
    text = doc.line_text(line)
    start = doc.line_starts[line - 1]
    if text.strip() != doc.text[span.start_offset:span.end_offset]:
        return None
    if start == span.start_offset:
        start = span.start_offset  # one int for both (a comment at the start of its line)
    end = start + len(text) + (1 if start + len(text) < len(doc.text) else 0)
    return Fix("Remove the unused directive", (Edit(start, end, ""),), safe=True)
