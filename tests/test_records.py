"""Record classes on the check path: named tuples or plain classes, not dataclasses.

Python 3.11's ``@dataclass`` generates and compiles several methods per class with ``exec``
when the class is defined (0.3-0.8 ms a class), and a check imports every class of the
default rules.  Value records are ``typing.NamedTuple`` (one ``eval`` a class) or plain
classes whose methods are in the compiled module.  That includes the configuration, the
rules' options and the family settings, which :mod:`notelint.config` and
:mod:`notelint.schema` read through :func:`notelint.rule.option_fields` (named tuples and
plugins' dataclasses alike); the only dataclasses left are the public Diagnostic family
(compact-pickled by :mod:`notelint.cache`).
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

from notelint.config import SECTION_TYPES, Config, RuleConfig, _section_type
from notelint.document import Document
from notelint.duplicates.collect import collect
from notelint.duplicates.normalise import Normalised
from notelint.rule import NoOptions, RunOptions
from notelint.rules import BUILTIN_RULES
from notelint.spelling.corpus import NoteWords, note_words

#: The dataclasses a check may define: the public Diagnostic family, and nothing else.
ALLOWED = frozenset({
    "notelint.diagnostics.Position", "notelint.diagnostics.Span", "notelint.diagnostics.Edit",
    "notelint.diagnostics.Fix", "notelint.diagnostics.Related", "notelint.diagnostics.Diagnostic",
})

#: Records, in ``made``, every class made a dataclass from here on.
_RECORDER = """
import dataclasses, json, sys
made = []
process = dataclasses._process_class
def record(cls, *args, **kwargs):
    made.append(f"{cls.__module__}.{cls.__qualname__}")
    return process(cls, *args, **kwargs)
dataclasses._process_class = record
"""

#: Runs ``notelint ARGS`` and prints the notelint classes made dataclasses on the way (JSON).
_DRIVER = _RECORDER + """
import notelint.cli
try:
    notelint.cli.main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in made if m.startswith("notelint."))), file=sys.stderr)
"""


def test_a_check_defines_no_record_dataclass(corpus: Path, tmp_path: Path) -> None:
    """Every default rule of every family runs; the dataclasses it defines are all allowed."""
    proc = subprocess.run(
        [sys.executable, "-c", _DRIVER, "check", "--offline", "--no-cache", "-q", str(corpus)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
        env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    for code in ("FN001", "DT003", "MA003", "LK002", "DU002", "SP001"):  # every family ran
        assert f": {code} " in proc.stdout
    made = set(json.loads(proc.stderr.strip().splitlines()[-1]))
    assert "notelint.diagnostics.Diagnostic" in made  # the hook saw the classes
    assert sorted(made - ALLOWED) == []


def test_a_fix_defines_no_record_dataclass(tmp_path: Path) -> None:
    """``--fix`` (fixes and re-lints the note) defines no other dataclass either."""
    note = tmp_path / "note.md"
    note.write_text("# Note\n\nText[^1].\n\n[^ 1]: The definition.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", _DRIVER, "check", "--offline", "--no-cache", "--fix", "note.md"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
        env={**os.environ, "NO_COLOR": "1"})
    assert note.read_text(encoding="utf-8") == "# Note\n\nText[^1].\n\n[^1]: The definition.\n"
    made = set(json.loads(proc.stderr.strip().splitlines()[-1]))
    assert "notelint.diagnostics.Diagnostic" in made
    assert sorted(made - ALLOWED) == []


#: Imports ``sys.argv[1:]`` and prints the notelint classes made dataclasses on the way (JSON).
_IMPORTS = _RECORDER + """
import importlib
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in made if m.startswith("notelint."))))
"""


def test_web_link_checks_define_no_record_dataclass(tmp_path: Path) -> None:
    """A check that requests web links (no ``--offline``) imports these modules too."""
    modules = ["notelint.cli", "notelint.links.remote", "notelint.links.cache",
               "notelint.links.verdicts", "notelint.links.results", "notelint.links.net"]
    proc = subprocess.run([sys.executable, "-c", _IMPORTS, *modules], capture_output=True,
                          text=True, cwd=tmp_path, check=True)
    made = set(json.loads(proc.stdout))
    assert "notelint.diagnostics.Diagnostic" in made  # the hook saw the classes
    assert sorted(made - ALLOWED) == []


def test_summaries_compare_and_pickle_by_value() -> None:
    """The spelling and duplicates summaries, now plain classes, still compare by value
    (the engine's tests compare results with and without the cache) and round-trip."""
    text = ("## 2021-05-01\n\nthe the wrod is here.\n\n## 2021-05-02\n\nAnother wrod.\n")
    a = note_words(Document.from_text(text), keep_prose=True)
    b = note_words(Document.from_text(text), keep_prose=True)
    assert a is not b and a == b and pickle.loads(pickle.dumps(a)) == a
    assert a != note_words(Document.from_text(text + "\nMore.\n"), keep_prose=True)
    assert (a == "x") is False and NoteWords.__hash__ is None
    assert [(r.word, r.start, r.end) for r in a.repeats] == [("the", 15, 22)]

    entries = collect(Document.from_text(text), 2).entries
    again = collect(Document.from_text(text), 2).entries
    assert entries == again and entries[0].normalised is not again[0].normalised
    assert Normalised("a b", words=2) == Normalised("a b", words=2) != Normalised("a c", words=2)
    assert hash(Normalised("a b", words=2)) == hash(Normalised("a b", words=2))
    assert Normalised("a b").tokens == ("a", "b")


def test_options_settings_and_configuration_are_named_tuples() -> None:
    """Every built-in rule's ``Options``, every settings class and the configuration's own
    records are named tuples (or subclasses of one that add no field), not dataclasses."""
    classes = {*(rule.Options for rule in BUILTIN_RULES),
               *(_section_type(name) for name in SECTION_TYPES),
               Config, RuleConfig, RunOptions, NoOptions}
    assert len(classes) >= 15  # NoOptions, DT001's, eight MA rules', three sections', ...
    for cls in classes:
        assert not dataclasses.is_dataclass(cls), cls
        assert issubclass(cls, tuple) and isinstance(cls._fields, tuple), cls
        assert cls.__dictoffset__ == 0 or cls is Config, cls  # no instance dict (Config's memo)
