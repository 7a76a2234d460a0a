"""The ``junit`` formatter: JUnit XML for CI systems that show test reports.

Shape::

    <testsuites name="notelint" tests="T" failures="F" errors="0">
      <testsuite name="notes/a.md" tests="2" failures="1" errors="0" skipped="0">
        <testcase classname="notes/a.md" name="FN001 undefined-footnote-reference at 3:7"
                  file="notes/a.md" line="3">
          <failure type="error" message="...">notes/a.md:3:7: FN001 ...</failure>
        </testcase>
        <testcase classname="notes/a.md" name="XX003 info-rule at 9:1" ...>
          <system-out>notes/a.md:9:1: XX003 ...</system-out>
        </testcase>
      </testsuite>
      <testsuite name="notes/clean.md" tests="1" failures="0" ...>
        <testcase classname="notes/clean.md" name="notelint" file="notes/clean.md"/>
      </testsuite>
    </testsuites>

One test suite per checked note (in path order), one test case per finding;
a note without findings has one passing test case named ``notelint``, so
every checked note appears in the report.  Errors and warnings are
``<failure>`` elements (``type`` is the severity); ``info`` findings pass and
carry their line in ``<system-out>``.  Whether the job fails is still decided
by notelint's exit code.  Positions are ``line:column`` with code-point
columns.  Text is escaped by the XML writer; characters XML 1.0 cannot hold
(control characters, lone surrogates) are replaced by U+FFFD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from notelint.diagnostics import Diagnostic, Severity
from notelint.formatters import Formatter, Report
from notelint.lazy import lazy_compile
from notelint.safetext import defuse_lines, neutral, neutral_path

_NOT_XML = lazy_compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with control and bidirectional characters escaped (:func:`notelint.safetext.neutral`)
    and any other character XML 1.0 forbids (lone surrogates) replaced by U+FFFD."""
    return defuse_lines(neutral(_NOT_XML.sub("\ufffd", text), keep_newlines=True))


def _line(d: Diagnostic) -> str:
    return xml_text(f"{neutral_path(d.path)}:{d.span.start.line}:{d.span.start.column}: {d.code} {d.message}")


class JunitFormatter(Formatter):
    """JUnit XML report: suites are notes, cases are findings."""

    name = "junit"

    def tree(self, report: Report) -> ET.Element:
        """The ``<testsuites>`` element of ``report``."""
        by_path: dict[str, list[Diagnostic]] = {p: [] for p in report.documents}
        for d in report.diagnostics:
            by_path.setdefault(d.path, []).append(d)
        root = ET.Element("testsuites", name="notelint")
        total = failed = 0
        for path in sorted(by_path):
            found = by_path[path]
            suite = ET.SubElement(root, "testsuite", name=xml_text(path))
            failures = 0
            for d in found:
                case = ET.SubElement(suite, "testcase", classname=xml_text(path),
                                     name=xml_text(f"{d.code} {d.name} at {d.span.start}"),
                                     file=xml_text(path), line=str(d.span.start.line))
                if d.severity >= Severity.WARNING:
                    failures += 1
                    fail = ET.SubElement(case, "failure", type=str(d.severity),
                                         message=xml_text(d.message))
                    fail.text = _line(d)
                else:
                    ET.SubElement(case, "system-out").text = _line(d)
            if not found:
                ET.SubElement(suite, "testcase", classname=xml_text(path), name="notelint",
                              file=xml_text(path))
            tests = max(1, len(found))
            suite.set("tests", str(tests))
            suite.set("failures", str(failures))
            suite.set("errors", "0")
            suite.set("skipped", "0")
            total += tests
            failed += failures
        root.set("tests", str(total))
        root.set("failures", str(failed))
        root.set("errors", "0")
        return root

    def emit(self, report: Report) -> None:
        """Write the XML document (UTF-8 declaration, two-space indent) and a newline."""
        root = self.tree(report)
        ET.indent(root, space="  ")
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode"))
        self.stream.write("\n")
