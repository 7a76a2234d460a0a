"""The rule catalogue: ``rules/<ID>-<name>.md``, one Markdown file per rule.

Each entry is the rule's user documentation and its main test suite at once.
Its examples are fenced blocks in ``## Examples``:

* ```` ```markdown bad ```` — a note that the rule flags; it must be followed
  (possibly after prose) by a ```` ```diagnostics ```` block listing every
  expected finding of that rule as ``line:col-line:col ID message``;
* ```` ```markdown good ```` — a note the rule must not flag;
* ```` ```markdown fixed ```` — the previous ``bad`` example after ``--fix``;
* ```` ```toml options ```` — rule options for the next example only (the
  body of the rule's ``[rules.ID]`` table).

A ``bad`` or ``good`` example may name the file it stands for, for rules that
read the path: ```` ```markdown bad path=_posts/2022-09-20-welcome.md ````.

The catalogue is read from the installed package (``notelint/_catalogue``) or,
in a source checkout, from ``rules/`` beside the package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from notelint.lazy import lazy_compile

_FENCE_RE = lazy_compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
                       re.M | re.S)


@dataclass
class Example:
    """One example of a catalogue entry.

    Attributes:
        kind: ``"bad"``, ``"good"`` or ``"fixed"``.
        text: the markdown note.
        line: 1-based line in the catalogue file where the note starts.
        expected: for ``bad``: the expected ``line:col-line:col ID message`` lines.
        options: TOML text of rule options for this example ('' for none).
        path: the path the note is linted as (``path=`` in the info string).
    """

    kind: str
    text: str
    line: int
    expected: list[str] = field(default_factory=list)
    options: str = ""
    path: str = "<text>"


@dataclass
class Entry:
    """A parsed catalogue file."""

    code: str
    name: str
    path: Path
    text: str
    examples: list[Example]

    @property
    def title(self) -> str:
        """The first line (``# ID name: summary``) without the ``#``."""
        return self.text.splitlines()[0].lstrip("# ").strip() if self.text else ""


def catalogue_dir() -> Path | None:
    """Where the catalogue files are: installed copy first, then the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_catalogue", here.parent / "rules"):
        if candidate.is_dir() and any(candidate.glob("[A-Z][A-Z][0-9][0-9][0-9]-*.md")):
            return candidate
    return None


def parse_entry(path: Path) -> Entry:
    """Parse one catalogue file.

    Raises:
        ValueError: the file name is not ``ID-name.md``, or a ``bad`` example
            has no ``diagnostics`` block.
    """
    m = re.fullmatch(r"([A-Z]{2}[0-9]{3})-([a-z0-9-]+)\.md", path.name)
    if not m:
        raise ValueError(f"{path.name}: catalogue files are named ID-name.md")
    text = path.read_text(encoding="utf-8")
    examples: list[Example] = []
    pending_options = ""
    for fm in _FENCE_RE.finditer(text):
        info = fm.group("info").split()
        body = fm.group("body")
        line = text.count("\n", 0, fm.start("body")) + 1
        if info[:1] == ["markdown"] and len(info) > 1 and info[1] in ("bad", "good", "fixed"):
            path_attr = [a[5:] for a in info[2:] if a.startswith("path=")]
            examples.append(Example(info[1], body, line, options=pending_options,
                                    path=path_attr[0] if path_attr else "<text>"))
            pending_options = ""
        elif info[:2] == ["toml", "options"]:
            pending_options = body
        elif info[:1] == ["diagnostics"]:
            if not examples or examples[-1].kind != "bad" or examples[-1].expected:
                raise ValueError(f"{path.name}:{line}: a diagnostics block must follow a bad example")
            examples[-1].expected = [ln.strip() for ln in body.splitlines() if ln.strip()]
    for ex in examples:
        if ex.kind == "bad" and not ex.expected:
            raise ValueError(f"{path.name}:{ex.line}: bad example without a diagnostics block")
    return Entry(m.group(1), m.group(2), path, text, examples)


def load_catalogue() -> dict[str, Entry]:
    """Every catalogue entry by rule id (empty when no catalogue is found)."""
    folder = catalogue_dir()
    if folder is None:
        return {}
    entries = {}
    for p in sorted(folder.glob("[A-Z][A-Z][0-9][0-9][0-9]-*.md")):
        e = parse_entry(p)
        entries[e.code] = e
    return entries
