"""What kind of text an entry's body is: content, navigation, or an unfilled template.

Notes repeat text on purpose.  A table of contents (``## 목차`` with a list of
links to the note's own headings), a "back to top" link, a template that
every day of a log starts from (``**Today's Progress**:``, ``**Thoughts:**``)
are not entries copied from elsewhere.  :func:`body_kind` looks at the lines
of one body (outside code blocks) and sorts each of them:

* **content**: anything a person wrote for this entry (prose, a list item
  with text, a link to another page, a table with text, code);
* **label**: a heading, a line that is only emphasised text with an optional
  colon (``**Thoughts:**``, ``**Today's Progress**:``), a short label ending
  in a colon (``Notes:``, ``오늘 한 일:``), an empty list item or unchecked box;
* **navigation**: a line made only of links to the note's own headings
  (``[Back to top](#days)``, ``1. [강의 내용 정리](#1-강의-내용-정리)``) or to a
  reserved example domain (``example.com``, ``.net``, ``.org``; RFC 2606),
  which templates use as a placeholder;
* **blank**: empty lines, thematic breaks, HTML comments and ``<br>``, lines
  without a word (numbers, table pipes).

A body with any content line is :attr:`BodyKind.CONTENT`; one with labels
(and perhaps navigation) but no content is :attr:`BodyKind.SKELETON` (a
template nobody filled in); one with navigation only is
:attr:`BodyKind.NAVIGATION` (a table of contents).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence

from notelint.lazy import lazy_compile

#: Block markers in front of a line: quotes, list bullets or numbers, task boxes, ``&nbsp;``.
_MARKERS_RE = lazy_compile(r"^(?:\s|&nbsp;|>|[-*+](?=\s|$)|\d{1,9}[.)](?=\s|$)|\[[ xX]?\](?=\s|$))*")
_COMMENT_RE = lazy_compile(r"<!--.*?-->|<br\s*/?>", re.IGNORECASE)
_HEADING_RE = lazy_compile(r"^#{1,6}(?:\s|$)")
_BREAK_RE = lazy_compile(r"^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
#: A link to the note's own heading, or to a reserved example domain (RFC 2606).
_NAV_LINK_RE = lazy_compile(
    r"\[[^\]\n]*\]\((?:#[^)\s]*|(?:https?://)?(?:www\.)?example\.(?:com|net|org)(?:[/?#][^)\s]*)?)"
    r"(?:\s+\"[^\"]*\")?\)", re.IGNORECASE)
#: What may stay on a navigation line once its links are gone: table pipes, numbers, punctuation.
_NAV_REST_RE = lazy_compile(r"^[\s|:\-+\d.,;·•/()]*$")
#: The characters of ``_NAV_REST_RE`` besides blanks and digits.
_NAV_REST_FIRST = "|:-+.,;·•/()"
#: A line that is only emphasised text with an optional colon: ``**Thoughts:**``, ``*Notes*:``.
_EMPHASIS_LABEL_RE = lazy_compile(r"^(\*\*|__|\*|_)(?=\S)([^*_\n]{1,60}?)(?<=\S)\1\s*[:：]?$")
#: A short label ending in a colon: ``Notes:``, ``오늘 한 일:``.
_COLON_LABEL_RE = lazy_compile(r"^[^:：\n]{1,40}[:：]$")
#: At most this many words in a label.
MAX_LABEL_WORDS = 6


class BodyKind(enum.Enum):
    """What an entry's body is made of (see the module docstring)."""

    CONTENT = "content"
    SKELETON = "skeleton"
    NAVIGATION = "navigation"


def _line_kind(line: str) -> str:
    """``"content"``, ``"label"``, ``"navigation"`` or ``"blank"`` for one line of a body.

    Each pattern is tried only where the line's first or last characters allow it to match
    (a line of prose meets few of them, so a run that sees no other kind of line does not
    compile them).
    """
    text = (_COMMENT_RE.sub("", line) if "<" in line else line).strip()
    if not text or (text[0] in "-*_" and _BREAK_RE.match(text)):
        return "blank"
    if text[0] == "#" and _HEADING_RE.match(text):
        return "label"
    if text[0] in "&>-*+[" or text[0].isdigit():  # what a marker starts with (text[0] is no blank)
        text = text[_MARKERS_RE.match(text).end():].strip()  # type: ignore[union-attr]
    if not text:
        return "label"  # an empty list item or task box
    rest, links = _NAV_LINK_RE.subn("", text) if "](" in text else (text, 0)
    if (not rest or rest[0] in _NAV_REST_FIRST or rest[0].isspace() or rest[0].isdigit()) \
            and _NAV_REST_RE.match(rest):
        return "navigation" if links else "blank"  # no words: links, numbers, table pipes
    if len(text.split()) <= MAX_LABEL_WORDS and (
            (text[0] in "*_" and _EMPHASIS_LABEL_RE.match(text))
            or (text.endswith((":", "：")) and _COLON_LABEL_RE.match(text))):
        return "label"
    return "content"


def body_kind(body: str, code: Sequence[tuple[int, int]] = ()) -> tuple[BodyKind, str]:
    """Classify an entry body (see the module docstring).

    Args:
        body: the body as written (below the heading and date line).
        code: ``(start, end)`` offsets of code blocks in ``body``; a body with
            code is content.

    Returns:
        ``(kind, label)``: the :class:`BodyKind` and, for a skeleton, its first
        label line as written (whitespace collapsed), else ``""``.
    """
    if code:
        return BodyKind.CONTENT, ""
    first = ""
    navigation = False
    for line in body.split("\n"):
        kind = _line_kind(line)
        if kind == "content":
            return BodyKind.CONTENT, ""
        if kind == "label" and not first:
            first = " ".join(line.split())
        navigation |= kind == "navigation"
    if first or not navigation:
        return BodyKind.SKELETON, first
    return BodyKind.NAVIGATION, ""
