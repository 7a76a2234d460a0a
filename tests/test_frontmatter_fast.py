"""Front matter in the simple subset is read without PyYAML, with PyYAML's exact result.

``notelint.frontmatter.read_simple`` must give what ``yaml.safe_load`` gives (values, types,
key order) or decline (``NOT_SIMPLE``), never anything else: checked on every real front
matter block in ``../shared``, on a table of tricky lines, and on generated blocks, against
both of PyYAML's safe loaders (the C one notelint uses first, and the pure-Python one).
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notelint import frontmatter
from notelint.document import Document
from notelint.frontmatter import IMPLICIT_RESOLVERS, NOT_SIMPLE, read_simple, resolve_plain

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL_ROOTS = (SHARED / "corpus", SHARED / "notes-dev", SHARED / "math-dev" / "notes")
LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])
_FAILED = object()


def pyyaml(content: str) -> Any:
    """What PyYAML's safe loaders give: ``_FAILED`` if either raises; both must agree."""
    results = []
    for loader in LOADERS:
        try:
            results.append(yaml.load(content, Loader=loader))
        except Exception:  # YAMLError, and ValueError for dates such as 2021-02-30
            return _FAILED
    assert all(same(r, results[0]) for r in results)
    return results[0]


def same(a: Any, b: Any) -> bool:
    """Equal values of the same types (bool is not int, date is not str), dicts in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return (list(a) == list(b)) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def agrees(content: str) -> bool:
    """``read_simple`` declines, or gives exactly PyYAML's result (which must then exist)."""
    got = read_simple(content)
    if got is NOT_SIMPLE:
        return True
    expected = pyyaml(content)
    assert expected is not _FAILED, f"read {content!r} that PyYAML rejects"
    assert same(got, expected), f"{content!r}: {got!r} != PyYAML's {expected!r}"
    return True


def real_blocks() -> list[tuple[Path, Document]]:
    found = []
    for root in REAL_ROOTS:
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".md", ".markdown") or not path.is_file():
                continue
            doc = Document.from_text(path.read_text(encoding="utf-8"), str(path))
            if doc.tokens and doc.tokens[0].type == "front_matter":
                found.append((path, doc))
    return found


# -- (1) every real front matter block --------------------------------------------------------

def test_every_real_block_reads_as_with_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = real_blocks()
    fast = [frontmatter._parse(doc) for _, doc in blocks]
    handled = sum(read_simple(doc.tokens[0].content) is not NOT_SIMPLE for _, doc in blocks)
    monkeypatch.setattr(frontmatter, "read_simple", lambda content: NOT_SIMPLE)
    slow = [frontmatter._parse(doc) for _, doc in blocks]
    for (path, doc), a, b in zip(blocks, fast, slow, strict=True):
        assert a is not None and b is not None
        assert a._replace(data=None) == b._replace(data=None), path
        assert same(a.data, b.data), path
        assert agrees(doc.tokens[0].content)
    # 21 blocks in ../shared (corpus 3, notes-dev 6, math-dev 12), all in the subset: the
    # quoted Gatsby fields, `draft: false`, Jekyll's `[a, b]` tags and `- item` lists, dates,
    # `weight: 1`, and `2022-09-20 19:00:00 +0900` (a string: PyYAML's timestamp pattern
    # wants `+09:00`).
    print(f"front matter read without PyYAML: {handled} of {len(blocks)} blocks")
    assert len(blocks) >= 21
    assert handled >= 21


# -- (2) tricky lines -------------------------------------------------------------------------

#: (block, read without PyYAML?) -- when read, the value must be PyYAML's.
TRICKY = [
    ("a: yes", True), ("a: no", True), ("a: on", True), ("a: Off", True), ("a: NO", True),
    ("a: yEs", True), ("a: Null", True), ("a: null", True), ("a: NULL", True), ("a: ~", True),
    ("a: nULL", True), ("a: ~x", True), ("a: true", True), ("a: False", True),
    ("a: y", True), ("a: n", True),
    ("a: b: c", False), ("a: b:", False), ("a: b:c", True), ("a: http://x.org/a#b", True),
    ("key: 'it''s'", False), ("key: 'it'", True), ('x: "a\\"b"', False), ('x: "a\\nb"', False),
    ('x: "a # b"', True), ('x: "a" # c', True), ('x: "a"#c', False), ('x: "a" b', False),
    ('x: "a', False), ("x: 'a", False), ('x: "it\'s"', True), ("x: 'say \"hi\" \\o/'", True),
    ("date: 2021-02-30", False), ("date: 2021-02-28", True), ("date: 2021-2-28", True),
    ("date: 2021-02-28T10:00:00Z", False), ("date: 2021-02-28 10:00:00 +0900", True),
    ("date: 2021-02-28 10:00:00 +09:00", False), ("date: 20210228", True),
    ("t: 12:30", False), ("t: 12:30:00", False), ("t: 1:2", False), ("t: 1:60", True),
    ("n: 0x1F", False), ("n: 1_000", False), ("n: 017", False), ("n: 09", True), ("n: 0", True),
    ("n: 42", True), ("n: -1", False), ("n: +1", False), ("n: 1.5", False), ("n: .5", False),
    ("n: .inf", False), ("n: .x", True), ("n: 1e3", True), ("n: 1.0e+3", False),
    ("n: 12345678901234567890", False), ("n: 1weeks", True), ("n: 3", True),
    ("s: foo # c", True), ("s: foo#c", True), ("s: foo  #  c  ", True), ("s: # c", True),
    ("s:\tfoo", False), ("s: foo\tbar", False), ("\ts: foo", False), ("s: foo\t", False),
    ("s: foo   ", True), ("s:    foo", True), ("s:", True), ("s:   ", True),
    ("title: 부스트캠프 4주차 후기", True), ("title: Eckmann–Hilton 🤓", True),
    ("title: caf\u00e9", True), ("title: a\u00a0b", False), ("title: a\u2028b", False),
    ("title: a\x85b", False), ("title: \ufeffa", False), ("\ufefftitle: a", False),
    ("title: a\x07b", False), ("title: a\rb", False), ("title: a\x00b", False),
    ("", True), ("\n\n", True), ("   \n", True), ("# only\n# comments", True), ("#", True),
    ("a: 1\n---\nb: 2", False), ("---\na: 1", False), ("a: 1\n...", False),
    ("a: 1\na: 2", False), ("<<: x", False), ("a: <<", False), ("=: x", False), ("a: =", False),
    ("? key\n: value", False), ("a: &x 1\nb: *x", False), ("a: !!str 1", False),
    ("a: !x y", False), ("a: |\n  b", False), ("a: >\n  b", False), ("a: {b: 1}", False),
    ("a: @b", False), ("a: `b`", False), ("a: %b", False), ("a: -b", False), ("a: - b", False),
    ("a: ?b", False), ("a: :b", False), ("a: ,b", False), ("a: ]b", False), ("a: b]", True),
    ("a: b, c{d}", True), ("a: b [c]", True), ("a: b ? c", True), ("a: b - c", True),
    ("a: b\n  c", False), ("a: b\n\n  c", False), ("a: b\n  # c\nd: e", True),
    ("a:b", False), ("a :b", False), ("a : b", False), (" a: b", False), ("a b: c", False),
    ("1a: b", False), ("_a: b", True), ("a-b_C9: d", True), ("on: push", False),
    ("yes: 1", False), ("null: 1", False), ("no-cache: 1", True), ("onboarding: x", True),
    ("a: [x, y]", True), ("a: []", True), ("a: [ ]", True), ("a: [ x , y ]", True),
    ("a: [x, y,]", False), ("a: [x,, y]", False), ("a: [x, [y]]", False), ("a: [x, {y: 1}]", False),
    ("a: [x: 1]", False), ("a: [x # c]", False), ("a: [x] # c", True), ("a: [x]#c", False),
    ("a: [x] y", False), ("a: [x", False), ("a: [x,\n  y]", False), ('a: ["x, y", \'z\']', True),
    ("a: [1, true, null, 2021-01-01, 1.5]", False), ("a: [1, true, null, 2021-01-01, z]", True),
    ("a: [Boostcamp AI Tech 4기]", True), ("a: [-x]", False), ("a: [x y, z]", True),
    ("a:\n  - x\n  - y", True), ("a:\n- x\n- y\nb: 1", True), ("a:\n  - x\n    - y", False),
    ("a:\n  - x\n - y", False), ("a:\n  - x\n  y", False), ("a:\n  -x", False), ("a:\n  -", False),
    ("a:\n  - x: 1", False), ("a:\n  - [x]", False), ("a:\n  - - x", False),
    ("a:\n  - # c", False), ("a:\n  - 'q' # c\n  - \"r\"", True), ("a:\n  # c\n  - x", True),
    ("a: # c\n  - x\nb: 2", True), ("a:\n\n  - x\n\n  - y\n\nb:", True), ("- x\n- y", False),
    ("a: 1\n  - x", False), ("a:\n  - x\nb:\n    - y", True), ("a:\n  - yes\n  - 2021-01-01", True),
    ("a: " + "x" * 5000, True), ("k" * 129 + ": v", False), ("k" * 128 + ": v", True),
    ("%YAML 1.1\n---\na: 1", False), ("a: 1 # c\nb: 'x' # d\n# e\nc: [y] # f\n", True),
]


@pytest.mark.parametrize("block, simple", TRICKY, ids=[repr(b)[:40] for b, _ in TRICKY])
def test_tricky_lines_are_read_as_pyyaml_reads_them_or_declined(block: str, simple: bool) -> None:
    assert agrees(block)
    assert (read_simple(block) is not NOT_SIMPLE) == simple


def test_values_and_types_of_a_simple_block() -> None:
    block = ('title: "A: b"\ndraft: false\nn: 3\ndate: 2021-04-25\nwhen: "2021-04-25"\n'
             "tags: [x, 2day]\nlist:\n  - a b\n  - 'c'\nnone:\n")
    assert list(read_simple(block).items()) == [
        ("title", "A: b"), ("draft", False), ("n", 3), ("date", datetime.date(2021, 4, 25)),
        ("when", "2021-04-25"), ("tags", ["x", "2day"]), ("list", ["a b", "c"]), ("none", None)]


def test_the_resolver_copy_is_the_installed_pyyamls() -> None:
    installed = yaml.SafeLoader.yaml_implicit_resolvers
    mine: dict[str, list[tuple[str, str, int]]] = {}
    for tag, pattern, flags, firsts in IMPLICIT_RESOLVERS:
        for ch in [*firsts, *([""] if tag == "null" else [])]:
            mine.setdefault(ch, []).append(("tag:yaml.org,2002:" + tag, pattern,
                                            re.compile(pattern, flags).flags))
    assert None not in installed  # no resolver for every first character
    assert {ch: [(tag, rx.pattern, rx.flags) for tag, rx in resolvers]
            for ch, resolvers in installed.items()} == mine


def _case_forms(word: str) -> list[str]:
    forms = [""]
    for ch in word:
        forms = [f + c for f in forms for c in {ch.lower(), ch.upper()}]
    return forms


#: Every upper/lower-case spelling of the bool and null words, and near misses.
WORD_FORMS = sorted({form for word in ("yes", "no", "true", "false", "on", "off", "null", "y",
                                       "n", "nul", "nulls", "ofF", "yess", "~", "~~")
                     for form in _case_forms(word)})


@pytest.mark.parametrize("value", WORD_FORMS)
def test_bool_and_null_words_resolve_as_in_pyyaml(value: str) -> None:
    resolver = yaml.resolver.Resolver()
    expected = resolver.resolve(yaml.ScalarNode, value, (True, False))
    assert "tag:yaml.org,2002:" + resolve_plain(value) == expected
    assert agrees(f"k: {value}") and agrees(f"k: [{value}]") and agrees(f"k:\n  - {value}")


@given(st.text(alphabet="abyYnNoO01239_-.:+~ xTZeE", min_size=1, max_size=14))
@settings(max_examples=3000, derandomize=True, deadline=None)
def test_plain_scalars_resolve_as_in_pyyaml(value: str) -> None:
    resolver = yaml.resolver.Resolver()
    expected = resolver.resolve(yaml.ScalarNode, value, (True, False))
    assert "tag:yaml.org,2002:" + resolve_plain(value) == expected


# -- (3) generated blocks ----------------------------------------------------------------------

KEYS = ["title", "date", "tags", "a", "_b", "c-d", "on", "yes", "Null", "a b", "<<", "? x",
        "=", "1a", "title", "x\t", " e", "é"]
SEPARATORS = [": ", ":", ":  ", " : ", ":\t", "::"]
ATOMS = ["foo", "foo bar", "Today I Learned", "부스트캠프 후기", "yes", "No", "off", "null",
         "~", "true", "FALSE", "0", "7", "42", "017", "0x1F", "1_000", "1.5", ".5", "1e3",
         "12:30", "2021-04-25", "2021-02-30", "2021-4-5", "2022-09-20 19:00:00 +0900",
         "2022-09-20 19:00:00 +09:00", "1weeks", "a: b", "a:", "a #c", "a#c", "'q'", "'it''s'",
         '"d"', '"a\\"b"', '"a # b"', "[x, y]", "[]", "[x, [y]]", "[x,]", "[1, yes, z]",
         "{a: 1}", "&a x", "*a", "!!str 1", "|", ">", "-x", "- x", "@x", "`x`", "%x", "<<", "=",
         "x\u00a0y", "x\ty", "é", "", " ", "# c", "\"open", "'open", "x,y", "b]"]
TAILS = ["", " ", "  ", " # c", "#c", "\t", " x"]
#: The pieces of blocks inside the subset, drawn for half of the blocks.
GOOD_KEYS = ["title", "date", "tags", "a", "_b", "c-d", "onboarding"]
GOOD_ATOMS = ["foo", "foo bar", "부스트캠프 후기", "yes", "off", "null", "~", "true", "0", "42",
              "09", "2021-04-25", "2022-09-20 19:00:00 +0900", "1weeks", "a#c", "'q'", '"d"',
              '"a # b"', "[x, y]", "[]", "[1, yes, z]", "x,y", "b]", "", "# c"]
GOOD_TAILS = ["", " ", " # c"]


@st.composite
def blocks(draw: st.DrawFn) -> str:
    lines = []
    good = draw(st.booleans())
    keys, atoms, tails = (GOOD_KEYS, GOOD_ATOMS, GOOD_TAILS) if good else (KEYS, ATOMS, TAILS)
    kinds = ["entry", "entry", "entry", "item", "blank", "comment"]
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(kinds if good else [*kinds, "indented", "raw"]))
        if kind == "entry":
            lines.append(draw(st.sampled_from(keys))
                         + draw(st.sampled_from(SEPARATORS[:1] if good else SEPARATORS))
                         + draw(st.sampled_from(atoms)) + draw(st.sampled_from(tails)))
        elif kind == "item":
            lines.append(" " * draw(st.sampled_from([0, 0, 2, 2, 4, 1]))
                         + draw(st.sampled_from(["- "] if good else ["- ", "-", "-  ", "- - "]))
                         + draw(st.sampled_from(atoms)) + draw(st.sampled_from(tails)))
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", " ", "   "])))
        elif kind == "comment":
            lines.append(draw(st.sampled_from(["# c", "  # c", "#", "#: x"])))
        elif kind == "indented":
            lines.append(draw(st.sampled_from(["  ", " "])) + draw(st.sampled_from(ATOMS)))
        else:
            lines.append(draw(st.text(alphabet="ab: -#'\"[],\t01~.", max_size=12)))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))


@given(blocks())
@settings(max_examples=1500, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
def test_generated_blocks_are_read_as_pyyaml_reads_them_or_declined(block: str) -> None:
    assert agrees(block)


def test_generated_blocks_are_mostly_read_without_pyyaml() -> None:
    """The generator reaches the subset: a reader that always declines would fail here."""
    simple = 0

    @given(blocks())
    @settings(max_examples=400, derandomize=True, deadline=None, database=None)
    def count(block: str) -> None:
        nonlocal simple
        simple += read_simple(block) is not NOT_SIMPLE

    count()
    print(f"generated blocks read without PyYAML: {simple} of 400")
    assert simple >= 60  # 82 measured with hypothesis 6.x


# -- (4) a check with and without PyYAML -------------------------------------------------------

_CHECK = """
import json, sys
from notelint.api import lint_paths
result = lint_paths([sys.argv[1]], select=["NL"])
print(json.dumps({"yaml": "yaml" in sys.modules,
                  "found": [[d.code, d.line, d.column, d.message] for d in result.diagnostics]}))
"""


def _check(tmp_path: Path, text: str) -> dict[str, Any]:
    note = tmp_path / "note.md"
    note.write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _CHECK, str(note)], capture_output=True,
                          text=True, cwd=tmp_path, check=True)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_a_check_of_a_note_with_simple_front_matter_does_not_import_pyyaml(
        tmp_path: Path) -> None:
    got = _check(tmp_path, '---\ntitle: "Today I Learned"\ndate: 2021-04-25\ndraft: false\n'
                           "tags: [til, notes]\n---\n\n# Today\n\nText.\n")
    assert got == {"yaml": False, "found": []}


def test_a_note_with_other_front_matter_gets_pyyamls_exact_error(tmp_path: Path) -> None:
    got = _check(tmp_path, "---\ntitle: x\ntags: [a, b\ndate: 2021-04-25\n---\n\n# T\n")
    assert got == {"yaml": True, "found": [[
        "NL005", 4, 5, "Front matter is not valid YAML: expected ',' or ']', but got ':' "
                       "(while parsing a flow sequence that starts at line 3, column 7)"]]}
    got = _check(tmp_path, "---\ntitle: x\nwhen: 2021-04-25 10:00\nplace: a: b\n---\n\n# T\n")
    assert got == {"yaml": True, "found": [[
        "NL005", 4, 9, "Front matter is not valid YAML: mapping values are not allowed here"]]}
