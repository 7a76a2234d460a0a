"""Properties of every note, over generated notes in the shapes real notes have (Hypothesis).

Notes are generated in batches and each batch is checked as one run of ``notelint check``
over a folder (cross-note rules see the whole batch), then fixed as ``notelint check --fix``
fixes it (:func:`notelint.fixing.fix_run`, nothing written).  For every note:

* linting raises nothing (no rule fails: no NL008);
* every finding's span lies inside the note, and its line:column is where its offset is;
* quotes match spans: the text a message quotes first (in backticks) is the text at the
  finding's span, or contains it, or lies inside it (a quote cut short with ``…`` matches
  its beginning);
* nothing outside a fix changes: the fixed note differs from the note only inside the
  ranges of the fixes the check reported.  When a fix made another one possible (``--fix``
  then goes on with the fixes of findings the check could not report, such as math in a
  malformed footnote definition that the fix makes a definition, or a typo in another
  note of a word that the fix made too rare to be a term of the notes), no later pass
  changes text that a fix wrote: a fix never needs fixing;
* a finding disappears only when its fix is applied: every finding whose fix was not
  applied is reported again after fixing, by the same rule, at the same place mapped
  through the edits.  Not required of a finding whose text a fix rewrote, nor of a
  duplicate entry whose other copy was fixed (DU001 and DU002 count as one rule), nor of a
  finding in a top-level block that the fixes changed: one fix may change the construct
  it repairs (see :func:`notelint.fixes.verify`), and several fixes applied together may
  change how a block they all touch parses (the two ``\\|`` of a one-column table's row,
  both rewritten, make it the setext heading it is to CommonMark).  A block that no fix
  touches is never excused: a deleted line does not count the line after it as changed.
  It holds for notes whose fixing took several passes or refused a fix too, and for
  findings that depend on another block, such as a footnote label: with ``[^ref] the`` as a heading's text and ``[^ ref]: the`` elsewhere, the
  heading's ``[^ref]`` is a reference to the malformed definition (FN001, carrying that
  definition's fix), not a definition missing its colon that the other line's fix would
  turn into a reference.  What a line is must not depend on whether another line's marker
  is well-formed, so the rules, not this property, take the dependency into account
  (tests/test_fix_hostile.py);
* fixes converge in one pass: checking the fixed notes leaves nothing to fix, and reports
  exactly what ``--fix`` reported.

Each batch is fixed with safe fixes only or with unsafe ones too, under one of the
configurations real sites use.  The number of notes is ``NOTELINT_PROPERTY_EXAMPLES``:
by default 20,000 when ``CI`` is set (CI sets it; derandomised, so every CI run checks
the same notes: about six minutes of CPU) and 400 otherwise (a quick local run).  The
release check runs more on its own, e.g. 100,000 (about half an hour of CPU)::

    NOTELINT_PROPERTY_EXAMPLES=100000 python -m pytest -q tests/test_property_notes.py

A failure prints the smallest batch of notes Hypothesis found that still fails; each
defect these runs found has a regression test of its own in tests/test_fix_hostile.py.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notelint.config import Config, config_from_mapping
from notelint.diagnostics import Diagnostic, Edit
from notelint.document import Document
from notelint.engine import Engine, LintResult, Note
from notelint.fixing import FixRun, fix_run
from notelint.registry import default_registry
from notelint.rule import RunOptions
from notelint.runner import Source

NOTES = int(os.environ.get("NOTELINT_PROPERTY_EXAMPLES")
            or (20000 if os.environ.get("CI") else 400))
#: Notes per Hypothesis example: one run of the engine over a batch is much cheaper per note
#: than one run per note, and a failing batch still shrinks (to one or two notes that matter).
BATCH = 8

# -- the notes ------------------------------------------------------------------------------

WORDS = ["the", "model", "학습", "데이터를", "transformer", "trasnformer", "값", "np.dot",
         "gradient", "`code`", "`is_traning`", "**bold**", "_x_", "*em*", "<br>", "&amp;",
         "😀", "recieve", "the the", "모델을", "학습합니다.", "map\\_fn", "84\\*84", "f''",
         "...", "--", "(", ")", "`a`b`", "``x ` y``", "\\$", "~~del~~", "<span id=\"anchor\">",
         "</span>", "\t", "  ", "\\", "*", "_", "[", "]"]
LABELS = ["1", "2", "7", "note", "a b", "ref", "참고"]
DATES = ["2021.11.14", "2023.05.20", "2022.02.30", "21-11-14", "2021-04-25", "2021.04.27",
         "2019.13.01"]


def _inline() -> st.SearchStrategy[str]:
    ref = st.tuples(st.sampled_from(["[^{}]", "[^ {}]", "[^{} ]", "[ ^{}]"]),
                    st.sampled_from(LABELS)).map(lambda t: t[0].format(t[1]))
    math_ = st.sampled_from(["$a_b$", "$a \\\\ b$", "\\\\(x\\\\)", "$$\\frac{a}{b}$$",
                             "$5 and $6", "\\(y\\)", "$\\ohm$", "$\\{x\\}$", "$x_1 * y_2$",
                             "$a|b$", "$\\|v\\|$", "$f''(x)$", "$\\frac{1}{2$", "$x$",
                             "$\\left( x$", "$\\mathcal N (0, 1)$", "$V_{t+1} = G(V_t)$",
                             "$||A \\tilde {\\mathrm  x} - \\mathrm b||_2$", "$\\,$",
                             "\\\\[a\\\\]", "$a\\_b$", "$\\begin{cases} a \\end{cases}$"])
    link = st.sampled_from(["[a](b.md)", "[x](#head)", "<img src=\"p.png\">", "http://a.invalid/",
                            "[np.dot](http://np.dot)", "![i](img/x.png)", "[t](#title)",
                            "[n](n1.md#title)", "[r][ref]", "<http://x.invalid>",
                            "[doc](https://docs.python.org/3/)", "[e](exists.md)",
                            "[x](http://localhost:1/)", "[z](#한국어-제목)", "[q](<a b.md>)"])
    piece = st.one_of(st.sampled_from(WORDS), ref, math_, link)
    return st.lists(piece, min_size=1, max_size=10).map(" ".join)


def _block() -> st.SearchStrategy[str]:
    inline = _inline()
    heading = st.tuples(st.integers(1, 6), inline).map(lambda t: "#" * t[0] + " " + t[1])
    dated = st.one_of(
        st.tuples(st.sampled_from(["#####", "###", "##"]), st.sampled_from(DATES),
                  st.sampled_from(["", " TIL", " (토)"])).map(lambda t: f"{t[0]} {t[1]}{t[2]}"),
        st.sampled_from(DATES).map(lambda d: f"*{d}*"),
        st.tuples(st.sampled_from(["##### 🥧 Python", "##### 🤖 ML & DL", "## Title"]),
                  st.sampled_from(DATES), inline).map(
            lambda t: f"{t[0]}\n\n*{t[1]}*\n\n{t[2]}"))
    definition = st.tuples(st.sampled_from(["[^{}]:", "[^ {}]:", "[^{} ]:", "[^{}] :",
                                            "[^{}]", "[^{}]:\n    ", "[ ^{}]:"]),
                           st.sampled_from(LABELS), inline).map(
        lambda t: t[0].format(t[1]) + " " + t[2])
    directive = st.tuples(
        st.sampled_from(["disable", "enable", "disable-next-line", "disable-line",
                         "disable-file", "foo", "words"]),
        st.sampled_from(["", " FN001", " FN", " MA002", " SP001", " XX999", " DT003"])).map(
        lambda t: f"<!-- notelint-{t[0]}{t[1]} -->")
    fence = st.tuples(st.sampled_from(["```", "```python", "~~~", "````"]), inline,
                      st.sampled_from(["```", "~~~", "````", ""])).map(
        lambda t: f"{t[0]}\n{t[1]}\n{t[2]}".rstrip("\n"))
    listing = st.lists(st.tuples(st.sampled_from(["- ", "* ", "1. ", "  - ", "    - "]), inline),
                       min_size=1, max_size=3).map(
        lambda items: "\n".join(m + i for m, i in items))
    setext = st.tuples(inline, st.sampled_from(["===", "---"])).map(lambda t: "\n".join(t))
    math_block = st.sampled_from([
        "$$\nV_{t+1} = G(V_t)\n$$", "$$\n\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}\n$$",
        "$$\n\\lambda^+= \n\\begin{cases} 1/\\lambda & \\lambda \\neq 0 \\\\ 0 \\end{cases}\n$$",
        "\\\\[\nx_1 * y_2\n\\\\]", "$$\na_b * c_d\n$$", "$$\n\\frac{1}{2\n$$", "$$ x $$"])
    table = st.tuples(inline, inline).map(
        lambda t: f"| a | b |\n| --- | --- |\n| {t[0]} | {t[1]} |".replace("\n\n", "\n"))
    html = st.sampled_from(["<details>\n<summary>x</summary>\n\ntext\n</details>",
                            "<!-- a comment -->", "<div>\n*not emphasis*\n</div>",
                            "<a name=\"head\"></a>"])
    refdef = st.sampled_from(["[ref]: http://example.invalid/x", "[ref]: missing.md",
                              "[^ 1]: def", "[Ref]: <b.md> \"title\""])
    other = st.sampled_from(["---", "***", "    indented code", "\\", "> > nested",
                             "1) one", "+ plus"])
    quote = inline.map(lambda t: "> " + t)
    return st.one_of(inline, heading, dated, definition, directive, fence, listing, setext,
                     math_block, table, html, refdef, other, quote)


FRONT = ["", "---\ntitle: t\n---\n", "---\nuse_math: true\n---\n", "---\n: [\n---\n",
         "---\ntitle: \"Today I Learned\"\ndate: \"2021-04-25\"\nmath: true\n---\n",
         "---\nlayout: post\ndate: 2021-11-14 10:00:00 +0900\ntags: [a, b]\n---\n",
         "---\n---\n", "---\ntitle: x\n"]

notes = st.tuples(
    st.sampled_from(FRONT),
    st.lists(_block(), min_size=1, max_size=12),
    st.sampled_from(["\n\n", "\n", "\n\n\n"]),
    st.sampled_from(["\n", "", "\n\n"]),
).map(lambda t: t[0] + t[2].join(t[1]) + t[3])

#: Configurations of real sites (see ../shared/notes-dev/*/.notelint.toml) and the default.
CONFIGS: list[dict[str, Any]] = [
    {},
    {"math": {"pipeline": "kramdown"}, "links": {"slug-style": "jekyll"}},
    {"math": {"pipeline": "github"}, "links": {"slug-style": "github"}},
    {"math": {"pipeline": "commonmark"}, "select": ["ALL"]},
    {"math": {"pipeline": "math-aware"}},
]

batches = st.tuples(st.lists(notes, min_size=BATCH, max_size=BATCH),
                    st.integers(0, len(CONFIGS) - 1), st.booleans())


# -- the properties -------------------------------------------------------------------------

_QUOTE = re.compile(r"(`+)(.+?)\1")


def first_quote(message: str) -> str | None:
    """The first backtick-quoted text of ``message`` (``None`` if it quotes nothing)."""
    m = _QUOTE.search(message)
    if m is None:
        return None
    q = m.group(2)
    return q[1:-1] if len(m.group(1)) > 1 and q.startswith(" ") and q.endswith(" ") else q


#: Rules whose message quotes first something else than the text at the span: the front
#: matter parser's words (NL005), the failure (NL008), the other copy's path, a date or a
#: differing word of an entry whose span is its heading (DU001-DU003).
QUOTE_NOT_AT_SPAN = {"NL005", "NL008", "DU001", "DU002", "DU003"}


def _flat(text: str) -> str:
    return " ".join(text.split())


def quote_matches_span(text: str, d: Diagnostic) -> bool:
    """The first quote of ``d``'s message is the text at its span, contains it or lies in it.

    Messages are one line: runs of white space (line breaks included) count as one space.
    """
    q = first_quote(d.message)
    if q is None or d.code in QUOTE_NOT_AT_SPAN:
        return True
    s, e = d.span.start_offset, d.span.end_offset
    q, at = _flat(q), _flat(text[s:e])
    if q.endswith("…"):
        return at.startswith(q[:-1].rstrip())
    if q == at or (at and q in at):
        return True
    # The quote contains the span: it must be the text around the span.
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    around = _flat(text[line_start:len(text) if line_end < 0 else line_end])
    return bool(at) and at in q and q in around


def _merged(ranges: Sequence[tuple[int, int]]) -> list[list[int]]:
    out: list[list[int]] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def actual_edits(before: str, after: str, ranges: Sequence[tuple[int, int]]
                 ) -> tuple[list[Edit], str | None]:
    """What changed from ``before`` to ``after``, as edits inside ``ranges``.

    The text outside the ranges must be found in ``after`` in order, from its first character
    to its last; what lies between those pieces is what each (merged) range became.  Returns
    ``(edits, None)``, or ``([], where)`` when ``after`` differs outside the ranges.
    """
    merged = _merged(ranges)
    pieces = []
    pos = 0
    for s, e in merged:
        pieces.append(before[pos:s])
        pos = e
    pieces.append(before[pos:])
    if len(pieces) == 1:
        return [], None if after == before else "the note changed but no fix was reported"
    head, tail = pieces[0], pieces[-1]
    if not after.startswith(head):
        return [], f"before the first fix: {head!r} became {after[:len(head) + 20]!r}"
    if not after.endswith(tail) or len(after) - len(tail) < len(head):
        return [], f"after the last fix: {tail!r} became {after[-len(tail) - 20:]!r}"
    edits = []
    lo, hi = len(head), len(after) - len(tail)
    for (s, e), piece in zip(merged, [*pieces[1:-1], None], strict=True):
        if piece is None:
            i = hi
        else:
            i = after.find(piece, lo, hi)
            if i < 0:
                return [], f"between fixes: {piece!r} is gone"
        if after[lo:i] != before[s:e]:
            edits.append(Edit(s, e, after[lo:i]))
        lo = i + (len(piece) if piece is not None else 0)
    return edits, None


def changed_outside(before: str, after: str, ranges: Sequence[tuple[int, int]]) -> str | None:
    """Where ``after`` differs from ``before`` outside ``ranges`` (``None``: nowhere)."""
    return actual_edits(before, after, ranges)[1]


def map_offset(pos: int, steps: Sequence[Sequence[Edit]], start: bool) -> int:
    """``pos`` mapped through the edits of each pass (sorted, in that pass's offsets).

    Text inserted at ``pos`` goes before a span that starts there (``start``) and after a
    span that ends there; a position inside a replaced range goes to the start (``start``)
    or the end of its replacement.
    """
    for edits in steps:
        shift = 0
        inside = None
        for e in edits:
            s, t, n = e.start_offset, e.end_offset, len(e.replacement)
            if s == t:
                if pos < s or (pos == s and not start):
                    break
                shift += n
            elif pos <= s:
                break
            elif pos >= t:
                shift += n - (t - s)
            else:
                inside = s + shift + (0 if start else n)
                break
        pos = inside if inside is not None else pos + shift
    return pos


def _applied(d: Diagnostic, steps: Sequence[Sequence[Edit]]) -> bool:
    """Whether every edit of ``d``'s fix was applied, in some pass, at its mapped place."""
    assert d.fix is not None
    for edit in d.fix.edits:
        s, e = edit.start_offset, edit.end_offset
        if not any(Edit(map_offset(s, steps[:i], True), map_offset(e, steps[:i], s == e),
                        edit.replacement) in edits for i, edits in enumerate(steps)):
            return False
    return True


def _touched(s: int, e: int, steps: Sequence[Sequence[Edit]]) -> bool:
    """Whether an applied edit overlaps ``[s, e)`` (mapped to each pass's offsets)."""
    for i, edits in enumerate(steps):
        ms, me = map_offset(s, steps[:i], True), map_offset(e, steps[:i], s == e)
        if any((x.start_offset < me and ms < x.end_offset)
               or ms <= x.start_offset == x.end_offset <= me for x in edits):
            return True
    return False


ENGINES: dict[tuple[int, Path], tuple[Engine, Config]] = {}


def _engine(choice: int, root: Path) -> tuple[Engine, Config]:
    """An engine and a configuration per choice, kept for the whole test (offline)."""
    got = ENGINES.get((choice, root))
    if got is None:
        engine = Engine(default_registry(), run=RunOptions(offline=True, cache_dir=root / ".cache"))
        config = config_from_mapping(CONFIGS[choice], root, engine.registry)
        got = ENGINES[choice, root] = (engine, config)
    return got


def lint_batch(engine: Engine, config: Config, root: Path, texts: Sequence[str]) -> LintResult:
    """One run over ``texts`` as the notes ``n0.md``, ``n1.md``... of the folder ``root``."""
    notes = [Note(Source(root / f"n{i}.md", f"n{i}.md"), config, True, text=t)
             for i, t in enumerate(texts)]
    return engine.lint_notes(notes)


def problems(root: Path, texts: Sequence[str], choice: int, unsafe: bool) -> list[str]:
    """What breaks a property in one batch (see the module docstring), one line each."""
    found: list[str] = []
    engine, config = _engine(choice, root)
    result = lint_batch(engine, config, root, texts)
    docs = {f"n{i}.md": result.documents[f"n{i}.md"] for i in range(len(texts))}
    by_note: dict[str, list[Diagnostic]] = {k: [] for k in docs}
    for d in result.diagnostics:
        by_note[d.path].append(d)
    for display, doc in docs.items():
        for d in by_note[display]:
            span = d.span
            at = f"{display}: {d.code} at {span}"
            if d.code == "NL008":
                found.append(f"{at}: a rule failed: {d.message}")
            if not 0 <= span.start_offset <= span.end_offset <= len(doc.text):
                found.append(f"{at}: span outside the note")
                continue
            if (doc.position(span.start_offset), doc.position(span.end_offset)) != (
                    span.start, span.end):
                found.append(f"{at}: line:column is not where the offsets are")
            if not quote_matches_span(doc.text, d):
                found.append(f"{at}: quotes `{first_quote(d.message)}` but the span holds "
                             f"{doc.text[span.start_offset:span.end_offset]!r}")
            if d.fix is not None and not all(
                    0 <= e.start_offset <= e.end_offset <= len(doc.text) for e in d.fix.edits):
                found.append(f"{at}: a fix edit outside the note")
    if found:
        return found

    run: FixRun = fix_run(result, unsafe=unsafe, write=False)
    after: dict[str, list[Diagnostic]] = {k: [] for k in docs}
    for d in run.result.diagnostics:
        after[d.path].append(d)
    changed = {k for k, doc in docs.items() if run.texts.get(k, doc.text) != doc.text}
    for display, doc in docs.items():
        fixed = run.texts.get(display, doc.text)
        outcome = run.outcomes.get(display)
        steps = outcome.steps if outcome is not None and fixed != doc.text else []
        if len(steps) <= 1 and not (outcome is not None and outcome.late):
            ranges = [(e.start_offset, e.end_offset) for d in by_note[display]
                      if d.fix is not None and (d.fix.safe or unsafe) for e in d.fix.edits]
            where = changed_outside(doc.text, fixed, ranges)
            if where is not None:
                found.append(f"{display}: a change outside the reported fixes ({where})")
        else:
            # A later pass applies the fixes of what earlier fixes made fixable (a malformed
            # definition that, once fixed, holds math; a word that another note's fix made
            # rare), but never rewrites what a fix wrote: a fix whose result needs fixing
            # again is broken.
            where = rewritten(steps)
            if where is not None:
                found.append(f"{display}: pass {where[0] + 1} rewrote what a fix wrote: "
                             f"{where[1]}")
        now = {(_family(d.code), d.span.start_offset, d.span.end_offset)
               for d in after[display]}
        edited = _blocks(Document.from_text(doc.text), steps)
        for d in by_note[display]:
            if d.fix is not None and (d.fix.safe or unsafe) and _applied(d, steps):
                continue
            s, e = d.span.start_offset, d.span.end_offset
            if _touched(s, e, steps):
                continue  # another finding's fix rewrote this one's text
            if d.code.startswith("DU") and any((r.path or display) in changed for r in d.related):
                continue  # the other copy was fixed
            if doc.position(s).line - 1 in edited:
                continue  # fixes changed its block together (see the module docstring)
            key = (_family(d.code), map_offset(s, steps, True), map_offset(e, steps, s == e))
            if key not in now:
                found.append(f"{display}: {d.code} at {d.span} disappeared without its fix "
                             f"being applied: {d.message}")
    # Converged: the fixed notes, checked afresh, have nothing left to fix and give the
    # report that --fix gave.
    fixed_texts = [run.texts.get(k, doc.text) for k, doc in docs.items()]
    again = lint_batch(engine, config, root, fixed_texts)
    if _report(again) != _report(run.result):
        found.append("checking the fixed notes afresh reports something else than --fix did")
    second = fix_run(again, unsafe=unsafe, write=False)
    if second.applied or second.texts:
        found.append(f"fixes did not converge in one pass: {sorted(second.texts)} changed again")
    return found


def _realised(d: Diagnostic, edits: Sequence[Edit], after: str) -> bool:
    """Whether ``d`` has a fix whose every edit lies in one of ``edits`` (what changed) and
    whose replacement text is in ``after`` at the edit's new place."""
    if d.fix is None or not d.fix.edits:
        return False
    for x in d.fix.edits:
        if not any(a.start_offset <= x.start_offset and x.end_offset <= a.end_offset
                   for a in edits):
            return False
        if not after.startswith(x.replacement, map_offset(x.start_offset, [edits], True)):
            return False
    return True


def _changed_lines(text: str, edits: Sequence[Edit]) -> set[int]:
    """0-based lines of ``text`` in which ``edits`` remove or write text, or that they join
    to the next line.  An edit of whole lines (from a line start, removing and writing
    nothing or text that ends with a line break) changes only those lines, not the next."""
    lines: set[int] = set()
    for e in edits:
        s, t, written = e.start_offset, e.end_offset, e.replacement
        removed = text[s:t]
        first = text.count("\n", 0, s)
        whole = ((s == 0 or text[s - 1] == "\n") and (not removed or removed.endswith("\n"))
                 and (not written or written.endswith("\n")))
        lines.update(range(first, first + removed.count("\n") + (0 if whole else 1)))
    return lines


def _blocks(doc: Document, steps: Sequence[Sequence[Edit]]) -> set[int]:
    """0-based lines of the top-level blocks that the first pass's edits change."""
    if not steps:
        return set()
    lines = _changed_lines(doc.text, steps[0])
    out: set[int] = set()
    for tok in doc.tokens:
        if tok.level == 0 and tok.map and tok.nesting >= 0:
            a, b = tok.map[0], max(tok.map[1], tok.map[0] + 1)
            if any(a <= n < b for n in lines):
                out.update(range(a, b))
    return out | lines


def rewritten(steps: Sequence[Sequence[Edit]]) -> tuple[int, Edit] | None:
    """The first edit of a later pass that changes text an earlier pass wrote, with its pass
    (``None``: none does).  Text a fix deleted leaves nothing to rewrite; an insertion next
    to written text does not change it."""
    written: list[tuple[int, int]] = []  # in the offsets of the text before the current pass
    for i, edits in enumerate(steps):
        for x in edits:
            if any(a < b and x.start_offset < b and a < x.end_offset for a, b in written):
                return i, x
        moved = []
        for a, b in written:
            moved.append((map_offset(a, [edits], True), map_offset(b, [edits], False)))
        shift = 0
        for x in edits:
            at = x.start_offset + shift
            moved.append((at, at + len(x.replacement)))
            shift += len(x.replacement) - (x.end_offset - x.start_offset)
        written = moved
    return None


def _family(code: str) -> str:
    """``code``, or its family for the rules of copies across notes: when the other copy is
    fixed, a near copy (DU002) of it may become an exact one (DU001), or the reverse."""
    return "DU" if code in ("DU001", "DU002") else code


def _report(result: LintResult) -> list[tuple[Any, ...]]:
    return [(d.path, d.code, d.span, d.message, d.fix) for d in result.diagnostics]


@pytest.fixture(scope="module")
def notes_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the generated notes live in: ``exists.md`` and ``img/x.png`` exist there."""
    root = tmp_path_factory.mktemp("generated-notes")
    (root / "exists.md").write_text("# Exists\n", encoding="utf-8")
    (root / "img").mkdir()
    (root / "img" / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return root


def test_generated_notes(notes_root: Path) -> None:
    """Every property, over ``NOTES`` generated notes in batches of ``BATCH``."""
    checked: list[int] = []

    # The deadline only catches a batch that hangs (a normal one takes well under a second).
    @settings(max_examples=math.ceil(NOTES / BATCH), deadline=timedelta(seconds=60),
              derandomize=True,
              database=None, print_blob=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.large_base_example])
    @given(batches)
    def run(batch: tuple[list[str], int, bool]) -> None:
        texts, choice, unsafe = batch
        assert problems(notes_root, texts, choice, unsafe) == []
        checked.append(len(texts))

    run()
    assert sum(checked) >= NOTES  # Hypothesis ran every batch it was asked for


# -- the same properties over the real notes ---------------------------------------------------

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _copy_of_shared(tmp: Path) -> Path:
    """A writable copy of the notes, configurations and images of ``../shared`` in ``tmp``."""
    import shutil

    copy = tmp / "shared"
    shutil.copytree(SHARED, copy, ignore=shutil.ignore_patterns(
        ".git", "node_modules", ".notelint_cache", "oracle-out"))
    for p in [copy, *copy.rglob("*")]:
        if not p.is_symlink():
            p.chmod(p.stat().st_mode | 0o200)
    return copy


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fixing_the_real_notes_changes_only_what_the_check_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unsafe: bool) -> None:
    """``check --fix`` (``--unsafe-fixes``) on a copy of every note of ../shared, each with
    its site's configuration: every changed range is a fix the check reported, the files
    without such a fix are byte for byte as they were, and every finding whose text no fix
    touched is reported again, at its new place."""
    from notelint.api import lint_paths
    from notelint.document import normalise_newlines

    copy = _copy_of_shared(tmp_path)
    monkeypatch.chdir(tmp_path)
    files = sorted(p for p in copy.rglob("*") if p.suffix in (".md", ".markdown"))
    assert len(files) >= 40
    raw = {p: p.read_bytes() for p in files}
    result = lint_paths(["shared"], run=RunOptions(offline=True))
    assert all(d.code != "NL008" for d in result.diagnostics)
    by_path: dict[Path, list[Diagnostic]] = {}
    for d in result.diagnostics:
        by_path.setdefault((tmp_path / d.path).resolve(), []).append(d)
    run = fix_run(result, unsafe=unsafe, write=True)
    assert run.messages == []

    changed = []
    for p in files:
        if p.read_bytes() == raw[p]:
            continue
        changed.append(p.relative_to(copy))
        before = normalise_newlines(raw[p].decode("utf-8").lstrip("\ufeff"))[0]
        after = normalise_newlines(p.read_text(encoding="utf-8").lstrip("\ufeff"))[0]
        found = by_path.get(p, [])
        ranges = [(e.start_offset, e.end_offset) for d in found
                  if d.fix is not None and (d.fix.safe or unsafe) for e in d.fix.edits]
        edits, where = actual_edits(before, after, ranges)
        assert where is None, f"{p}: a change outside the reported fixes ({where})"
        now = {(_family(d.code), d.span.start_offset, d.span.end_offset)
               for d in run.result.diagnostics if (tmp_path / d.path).resolve() == p}
        for d in found:
            s, e = d.span.start_offset, d.span.end_offset
            if _touched(s, e, [edits]) or _realised(d, edits, after):
                continue
            key = (_family(d.code), map_offset(s, [edits], True), map_offset(e, [edits], s == e))
            assert key in now, f"{p}: {d.code} at {d.span} disappeared: {d.message}"
    fixable = {p.relative_to(copy) for p, ds in by_path.items()
               if any(d.fix is not None and (d.fix.safe or unsafe) for d in ds)}
    assert changed and set(changed) <= fixable
