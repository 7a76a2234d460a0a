"""Text from notes, file names and servers made safe to print.

A note, a file name, a link's target or a server's answer can contain
characters that a terminal or a CI log acts on instead of showing: escape
sequences (``ESC [ ... H`` moves the cursor, OSC 52 writes the clipboard),
carriage returns that overwrite a line, newlines that start a line of their
own (``::add-mask::`` or ``::error`` in a GitHub Actions log), and the
Unicode bidirectional controls that reorder what is shown (CVE-2021-42574,
"Trojan Source").  Every formatter that writes for a terminal or a log passes
such text through :func:`neutral`, which shows each of these characters as a
visible escape (``\\x1b``, ``\\n``, ``\\u202e``) and leaves all other text,
Korean and emoji included, as it is.

Escaped (:data:`UNSAFE_RE`): the C0 controls U+0000-U+001F (tab included),
DEL U+007F, the C1 controls U+0080-U+009F (U+009B is a one-character CSI on
some terminals), the line and paragraph separators U+2028/U+2029, and the
bidirectional formatting characters U+061C, U+200E, U+200F, U+202A-U+202E,
U+2066-U+2069 (Unicode Standard Annex #9).
"""

from __future__ import annotations

import re

from notelint.lazy import lazy_compile

#: Characters never written raw (see the module docstring).
UNSAFE_RE = lazy_compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

#: What ``json.dumps`` leaves raw inside strings (it escapes C0 itself; the
#: newlines of indentation lie outside strings and must stay).
_JSON_UNSAFE_RE = lazy_compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

_UNSAFE_KEEP_NL_RE = lazy_compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

#: Starts of a line that CI runners read as commands, after leading blanks: GitHub Actions
#: workflow commands (``::error ...``) and Azure-style ``##[...]``/``##vso[``.
_COMMAND_STARTS = ("::", "##")


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def neutral(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every character of :data:`UNSAFE_RE` shown as an escape.

    With ``keep_newlines``, ``\\n`` stays (for a writer that escapes it
    itself, such as a workflow command's ``%0A``).

    ``"a\\x1b[2Jb"`` becomes ``"a\\\\x1b[2Jb"`` (the characters ``\\``, ``x``,
    ``1``, ``b``); the result holds no control character and no line break.
    Linear in ``len(text)``.
    """
    if text.isprintable() or UNSAFE_RE.search(text) is None:
        # Every character of UNSAFE_RE is a control, a format character or a line or
        # paragraph separator, none of which is printable: most text needs no pattern.
        return text
    if keep_newlines:
        return _UNSAFE_KEEP_NL_RE.sub(_escape, text)
    return UNSAFE_RE.sub(_escape, text)


def neutral_path(path: str) -> str:
    """A displayed path made safe as the start of an output line.

    :func:`neutral`, and ``./`` put before a relative path that a CI runner
    would read as a command (``::add-mask::x.md``, ``##[error]x.md``): the
    result still names the same file.
    """
    path = neutral(path)
    if path.lstrip(" \t").startswith(_COMMAND_STARTS):
        return "./" + path
    return path


_COMMAND_LINE = lazy_compile(r"^(?=[ \t]*(?:::|##))", re.MULTILINE)


def defuse_lines(text: str) -> str:
    """``text`` with a ``\\`` put before each line that a CI runner would read as a command.

    For multi-line text kept multi-line (a JUnit message): ``"a\\n::error x"``
    becomes ``"a\\n\\::error x"``.
    """
    return _COMMAND_LINE.sub("\\\\", text)


def json_escape_unsafe(serialised: str) -> str:
    """JSON text with each raw :data:`UNSAFE_RE` character written as a ``\\uXXXX`` escape.

    ``json.dumps(..., ensure_ascii=False)`` escapes the C0 controls but keeps
    C1 and bidirectional controls raw; after this the text decodes to the
    same values and shows no control character when printed.
    """
    return _JSON_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", serialised)
