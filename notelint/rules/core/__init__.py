"""notelint's own diagnostics (NL): files it cannot read, and directives that do nothing.

NL001-NL004 are reported by the runner when a file cannot be turned into a
document; NL005 checks front matter; NL006 and NL007 are reported by the
suppression pass (:mod:`notelint.suppressions`).  They are rules all the same,
so they can be selected, ignored and re-graded like any other.
"""

from __future__ import annotations

from notelint.diagnostics import Severity
from notelint.rule import DocumentContext, Rule


class UnreadableFile(Rule):
    """The operating system refused to read the file."""

    code = "NL001"
    name = "unreadable-file"
    summary = "File cannot be read"
    default_severity = Severity.ERROR


class InvalidEncoding(Rule):
    """The file is not valid UTF-8."""

    code = "NL002"
    name = "invalid-encoding"
    summary = "File is not valid UTF-8"
    default_severity = Severity.ERROR


class BinaryFile(Rule):
    """The file contains NUL bytes, so it is not a text note."""

    code = "NL003"
    name = "binary-file"
    summary = "File looks binary (contains NUL bytes)"
    default_severity = Severity.ERROR


class FileTooLarge(Rule):
    """The file is larger than ``max-file-size`` and was not checked."""

    code = "NL004"
    name = "file-too-large"
    summary = "File is larger than max-file-size and was skipped"
    default_severity = Severity.ERROR


class InvalidFrontMatter(Rule):
    """Front matter that is not a YAML mapping breaks Jekyll, Gatsby and Hugo builds.

    Parsed with PyYAML's ``safe_load``; the position of the YAML error is
    mapped back to the note.
    """

    code = "NL005"
    name = "invalid-front-matter"
    summary = "Front matter is not valid YAML or not a mapping"
    default_severity = Severity.ERROR

    def check_document(self, ctx: DocumentContext) -> None:
        from notelint.frontmatter import front_matter  # PyYAML, only when a note is checked

        fm = front_matter(ctx.document)
        if fm is None:
            return
        doc = ctx.document
        if fm.error is not None:
            if fm.error_line is not None and fm.error_column is not None:
                line = min(fm.first_line + 1 + fm.error_line, doc.line_count)
                start = doc.offset(line, 1) + min(fm.error_column, len(doc.line_text(line)))
                at_char = start < len(doc.text) and doc.text[start] != "\n"
                ctx.report((start, start + 1 if at_char else start),
                           f"Front matter is not valid YAML: {fm.error}")
            else:
                ctx.report(doc.line_span(fm.first_line), f"Front matter is not valid YAML: {fm.error}")
            return
        if fm.data is not None and fm.mapping is None:
            start = doc.line_starts[fm.first_line]
            ctx.report(doc.span(start, start),
                       f"Front matter is a YAML {_yaml_kind(fm.data)}, not a mapping of keys to values")


def _yaml_kind(value: object) -> str:
    return {"list": "list", "str": "string", "int": "number", "float": "number",
            "bool": "boolean"}.get(type(value).__name__, type(value).__name__)


class UnusedSuppression(Rule):
    """A ``notelint-disable`` directive that suppressed nothing (stale or misplaced)."""

    code = "NL006"
    name = "unused-suppression"
    summary = "Suppression directive suppresses nothing"
    default_severity = Severity.WARNING


class InvalidDirective(Rule):
    """A ``notelint-...`` comment that notelint cannot understand."""

    code = "NL007"
    name = "invalid-directive"
    summary = "Directive names an unknown rule or action"
    default_severity = Severity.ERROR


class RuleFailed(Rule):
    """A rule raised an exception on a note: its findings there are missing.

    Reported by the engine (:mod:`notelint.engine`) instead of ending the
    run, so that one note that trips a bug never costs the other notes, or
    the other rules, their findings.  A result with this finding is never
    cached.
    """

    code = "NL008"
    name = "rule-failed"
    summary = "A rule failed on the note; its findings there are missing"
    default_severity = Severity.ERROR


RULES: tuple[type[Rule], ...] = (
    UnreadableFile,
    InvalidEncoding,
    BinaryFile,
    FileTooLarge,
    InvalidFrontMatter,
    UnusedSuppression,
    InvalidDirective,
    RuleFailed,
)
