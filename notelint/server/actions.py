"""Code actions for a finding: its fix, a directive that disables its rule there, a word to accept.

Everything here works on notelint's own coordinates (code-point offsets in
the normalised text) and knows nothing of LSP; :mod:`notelint.server.app`
converts.

Where a directive goes (README, "Inline directives"; directives count only
in HTML comments that markdown parses as HTML, so the place matters):

1. The finding's line is a line of paragraph text: ``<!-- notelint-disable-line
   ID -->`` at its end (before a trailing hard break, which keeps working),
   unless inline code or math continues past the end of the line.  An
   existing ``disable-line`` directive there gets the id added instead.
2. The line is the first line of a top-level block (a heading, a fence, a
   table, a list...) or a line no block covers (a link reference
   definition): ``<!-- notelint-disable-next-line ID -->`` on a line of its
   own before it (an HTML comment ends the block before it, so nothing else
   changes), or the id added to such a directive already there.
3. The line is inside a top-level block (a fence, a math block, a table
   row, a list item...): ``<!-- notelint-disable ID -->`` before the block and
   ``<!-- notelint-enable ID -->`` after it.
4. Otherwise (front matter): ``<!-- notelint-disable-file ID -->`` at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from notelint.diagnostics import Diagnostic, Edit
from notelint.document import Document
from notelint.lazy import lazy_compile
from notelint.suppressions import DIRECTIVE_RE

#: Rules whose finding is one word that the notes' word list can accept.
WORD_RULES = frozenset({"SP001", "SP002", "SP003"})

_WORD_RE = lazy_compile(r"[^\s#]+")


@dataclass(frozen=True)
class Action:
    """One code action in notelint's coordinates.

    Attributes:
        title: what the editor shows.
        edits: replacements in the normalised text (empty for a command).
        preferred: the action an editor may apply with its "auto fix" key.
        word: for "add to the words": the word to add.
    """

    title: str
    edits: tuple[Edit, ...] = ()
    preferred: bool = False
    word: str | None = None


def fix_action(diag: Diagnostic) -> Action | None:
    """The finding's fix as an action (safe ones preferred, unsafe ones labelled)."""
    if diag.fix is None or not diag.fix.edits:
        return None
    label = "" if diag.fix.safe else " (unsafe: check the result)"
    return Action(f"{diag.fix.description} ({diag.code}){label}", diag.fix.edits,
                  preferred=diag.fix.safe)


def word_action(diag: Diagnostic, text: str, words_file: str) -> Action | None:
    """"Add this word to the notes' words" for a spelling finding, or ``None``."""
    if diag.code not in WORD_RULES:
        return None
    word = text[diag.span.start_offset:diag.span.end_offset]
    if not _WORD_RE.fullmatch(word):
        return None
    return Action(f"Add `{word}` to the notes' words ({words_file})", word=word)


def disable_action(doc: Document, diag: Diagnostic) -> Action:
    """A directive that suppresses ``diag``'s rule at its line (see the module docstring).

    ``doc`` must be a fresh parse of the text ``diag`` was found in (with its token tree).
    """
    code, line = diag.code, diag.span.start.line
    found = _place(doc, line, code)
    if found is not None:
        return found
    text = doc.text
    sep = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    return Action(f"Disable {code} for this whole file",
                  (Edit(len(text), len(text), f"{sep}<!-- notelint-disable-file {code} -->\n"),))


def _place(doc: Document, line: int, code: str) -> Action | None:
    idx = line - 1
    if not 0 <= idx < len(doc.line_starts):
        return None
    top: Token | None = None
    inline_owner: str | None = None
    tokens = doc.tokens
    for i, tok in enumerate(tokens):
        if not tok.map or not tok.map[0] <= idx < tok.map[1]:
            continue
        if tok.level == 0 and tok.nesting >= 0 and top is None:
            top = tok
        if tok.type == "inline" and i > 0:
            inline_owner = tokens[i - 1].type
    if top is not None and top.type == "front_matter":
        return None
    if inline_owner == "paragraph_open":
        action = _at_line_end(doc, line, code)
        if action is not None:
            return action
    if top is None or top.map is None or top.map[0] == idx:
        if doc.line_text(line).strip() == "" or (top is None and _covered(doc, idx)):
            return None
        return _before_line(doc, line, code)
    return _around_block(doc, top.map[0] + 1, top.map[1], code)


def _covered(doc: Document, idx: int) -> bool:
    """Whether a block covers line ``idx`` (with no top-level one: inside a footnote definition)."""
    return any(t.map and t.map[0] <= idx < t.map[1] for t in doc.tokens)


def _directive_on(doc: Document, line: int, action: str) -> re.Match[str] | None:
    """A ``notelint-ACTION`` directive with ids on ``line`` that markdown parses as HTML."""
    text = doc.line_text(line)
    start = doc.line_starts[line - 1]
    for m in DIRECTIVE_RE.finditer(text):
        region = doc.region_at(start + m.start())
        if (m.group("action") == action and m.group("ids").strip() and region is not None
                and region.kind.name.startswith("HTML")):
            return m
    return None


def _add_id(doc: Document, line: int, m: re.Match[str], code: str, title: str) -> Action:
    at = doc.line_starts[line - 1] + m.end("ids")
    return Action(title, (Edit(at, at, f" {code}"),))


def _at_line_end(doc: Document, line: int, code: str) -> Action | None:
    title = f"Disable {code} on this line"
    existing = _directive_on(doc, line, "disable-line")
    if existing is not None:
        return _add_id(doc, line, existing, code, title)
    text = doc.line_text(line)
    start = doc.line_starts[line - 1]
    end = start + len(text)
    if doc.region_at(end) is not None:
        return None  # inline code, math or HTML goes on past the end of the line
    body = text.rstrip(" \t")
    if body.endswith("\\") and (len(body) - len(body.rstrip("\\"))) % 2 == 1:
        body = body[:-1]  # a backslash hard break stays after the comment
    at = start + len(body)
    lead = "" if body == "" or body.endswith((" ", "\t")) else " "
    return Action(title, (Edit(at, at, f"{lead}<!-- notelint-disable-line {code} -->"),))


def _before_line(doc: Document, line: int, code: str) -> Action:
    title = f"Disable {code} on this line"
    if line > 1:
        existing = _directive_on(doc, line - 1, "disable-next-line")
        if existing is not None and doc.line_text(line - 1).strip() == existing.group(0):
            return _add_id(doc, line - 1, existing, code, title)
    at = doc.line_starts[line - 1]
    return Action(title, (Edit(at, at, f"<!-- notelint-disable-next-line {code} -->\n"),))


def _around_block(doc: Document, first: int, end: int, code: str) -> Action:
    """Disable/enable around lines ``first``..``end`` (1-based, ``end`` inclusive)."""
    start = doc.line_starts[first - 1]
    if end < len(doc.line_starts):
        after, enable = doc.line_starts[end], f"<!-- notelint-enable {code} -->\n"
    else:
        after = len(doc.text)
        enable = ("" if doc.text.endswith("\n") else "\n") + f"<!-- notelint-enable {code} -->\n"
    return Action(f"Disable {code} for this block (lines {first}-{end})",
                  (Edit(start, start, f"<!-- notelint-disable {code} -->\n"),
                   Edit(after, after, enable)))
