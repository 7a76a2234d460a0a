"""A pre-commit run (a few changed notes checked, the rest of the project read for
comparison) does only the cross-note work those notes need, with the same findings."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from notelint.api import lint_paths
from notelint.document import Document
from notelint.duplicates import index
from notelint.duplicates.analysis import Note, analyse
from notelint.duplicates.collect import collect
from notelint.registry import Registry
from notelint.rule import Rule, RunOptions, Scope
from notelint.workspace import Collector


def _sketches(rng: random.Random, n: int) -> list[tuple[int, ...]]:
    """Sketches over a small hash space, so that postings are long and windows bind."""
    return [tuple(sorted(rng.sample(range(60), rng.randint(1, 12)))) for _ in range(n)]


def test_candidates_of_some_entries_are_those_of_a_full_pass() -> None:
    rng = random.Random(3)
    idx = index.SketchIndex()
    for s in _sketches(rng, 400):
        idx.add(s)
    full = list(idx.candidates())
    assert len(full) > 400  # enough pairs for the windows and the per-entry bound to matter
    for chosen in ([0], [5, 17, 399], list(range(0, 400, 7)), []):
        assert list(idx.candidates(chosen)) == [p for p in full if p[0] in chosen]


def _note(name: str, bodies: list[str], checked: bool) -> Note:
    text = "\n\n".join(f"## 2021-05-{i + 1:02d}\n\n{b}" for i, b in enumerate(bodies)) + "\n"
    return Note(name, checked, None, collect(Document.from_text(text, name), 2))


def _project(rng: random.Random, notes: int) -> list[list[str]]:
    vocab = [f"w{i}" for i in range(300)]
    texts = [" ".join(rng.choices(vocab, k=rng.randint(14, 40))) for _ in range(notes * 3)]
    bodies = []
    for i in range(notes):
        own = texts[3 * i:3 * i + 3]
        if i % 4 == 0:  # a copy of an earlier entry, edited in one word
            words = texts[rng.randrange(len(texts))].split()
            words[len(words) // 2] = "edited"
            own.append(" ".join(words))
        bodies.append(own)
    return bodies


def test_one_checked_note_looks_up_only_its_own_candidates() -> None:
    """With the checked note first (as the engine orders a workspace), only the classes up to
    its last one are looked up in the sketch index, and its near copies are the same as
    when every note is checked."""
    rng = random.Random(11)
    bodies = _project(rng, 120)
    for k in (0, 8, 100):
        order = [k] + [i for i in range(len(bodies)) if i != k]
        one = analyse([_note(f"n{i}.md", bodies[i], i == k) for i in order],
                      threshold=0.8, min_words=5)
        own = {c for c, members in enumerate(one.classes) if any(one.owner[m] == 0 for m in members)}
        assert one.looked_up == max(own) + 1 <= len(bodies[k]) + 1
        every = analyse([_note(f"n{i}.md", bodies[i], True) for i in order],
                        threshold=0.8, min_words=5)
        assert every.looked_up == len(every.classes)
        assert {c: one.near.get(c) for c in own} == {c: every.near.get(c) for c in own}


# -- totals kept between runs (WorkspaceContext.total) --------------------------------------

PARTS: list[str] = []  # the notes whose summary a total read, in order


def _words_of(summary: tuple[str, dict[str, int]]) -> dict[str, int]:
    PARTS.append(summary[0])
    return summary[1]


class _Words(Collector):
    key = "test-words"
    project_on_demand = True

    def wants_project(self, config) -> bool:  # type: ignore[no-untyped-def]
        return True

    def collect(self, ctx):  # type: ignore[no-untyped-def]
        return Path(ctx.document.path).name, dict(Counter(ctx.document.text.split()))


class _Total(Rule):
    code = "XX201"
    name = "project-words"
    summary = "Demonstration: word counts over the project"
    scope = Scope.PROJECT
    collector = _Words

    def check_workspace(self, ws) -> None:  # type: ignore[no-untyped-def]
        total = ws.total(self.collector.key, "words", _words_of)
        hidden = [n.display for n in ws.notes if not n.checked and n.summary(_Words.key)]
        for note in ws.checked:
            words = sorted(total.items())
            ws.report(note, (0, 1), f"{words} hidden={not hidden}")


def _check(project: Path, *names: str, cache: bool = True) -> list[str]:
    PARTS.clear()
    run = RunOptions(offline=True, cache_dir=project / ".cache")
    got = lint_paths([str(project / n) for n in names], registry=Registry([_Total]), run=run,
                     cache=cache, select=["XX"])
    return [f"{Path(d.path).name}: {d.message}" for d in got.diagnostics]


def test_a_total_is_kept_and_updated_from_the_notes_that_changed(tmp_path: Path) -> None:
    (tmp_path / ".notelint.toml").write_text("", encoding="utf-8")
    names = [f"n{i:02d}.md" for i in range(30)]
    for i, name in enumerate(names):
        (tmp_path / name).write_text(f"word{i % 4} common\n", encoding="utf-8")
    assert len(_check(tmp_path, *names)) == 30 and sorted(PARTS) == names  # summed once
    assert _check(tmp_path, "n05.md") == _check(tmp_path, "n05.md", cache=False)
    _check(tmp_path, "n05.md")
    assert PARTS == []  # the project is as the kept total left it: nothing read
    (tmp_path / "n05.md").write_text("word1 edited edited\n", encoding="utf-8")
    (tmp_path / "n07.md").unlink()
    (tmp_path / "new.md").write_text("common new\n", encoding="utf-8")
    expected = _check(tmp_path, "n05.md", cache=False)
    assert "('edited', 2)" in expected[0] and "('word3', 6)" in expected[0]
    assert expected[0].endswith("hidden=True")
    assert _check(tmp_path, "n05.md") == expected
    # The old n05.md and the deleted n07.md subtracted, the new n05.md and new.md added.
    assert sorted(PARTS) == ["n05.md", "n05.md", "n07.md", "new.md"]
    # An old entry that is gone from the cache: the total is summed again over every note.
    for entry in (tmp_path / ".cache" / "notes-v1").rglob("*"):
        if entry.is_file() and entry.parent.name not in ("workspace", "notes-v1"):
            entry.unlink()
    (tmp_path / "n06.md").write_text("word2 changed\n", encoding="utf-8")
    expected = _check(tmp_path, "n06.md", cache=False)
    assert _check(tmp_path, "n06.md") == expected and len(PARTS) == 30


DIGESTED: list[str] = []  # the notes whose summary a digest was made of, in order


def _first_word(summary: tuple[str, dict[str, int]]) -> str:
    DIGESTED.append(summary[0])
    return min(summary[1])


class _Digest(Rule):
    code = "XX202"
    name = "project-digests"
    summary = "Demonstration: a digest of every note, and one note's summary read on demand"
    scope = Scope.PROJECT
    collector = _Words

    def check_workspace(self, ws) -> None:  # type: ignore[no-untyped-def]
        firsts = ws.digests(self.collector.key, "first", _first_word)
        last = ws.summary_of(ws.notes[-1], self.collector.key)
        for note in ws.checked:
            ws.report(note, (0, 1), f"{firsts} last={last[0]}")


def test_digests_are_kept_and_made_only_for_notes_that_changed(tmp_path: Path) -> None:
    (tmp_path / ".notelint.toml").write_text("", encoding="utf-8")
    names = [f"n{i:02d}.md" for i in range(20)]
    for i, name in enumerate(names):
        (tmp_path / name).write_text(f"w{i:02d} z\n", encoding="utf-8")

    def check(*checked: str, cache: bool = True) -> list[str]:
        DIGESTED.clear()
        run = RunOptions(offline=True, cache_dir=tmp_path / ".cache")
        got = lint_paths([str(tmp_path / n) for n in checked], registry=Registry([_Digest]),
                         run=run, cache=cache, select=["XX"])
        return [d.message for d in got.diagnostics]

    check(*names)
    assert sorted(DIGESTED) == names
    (tmp_path / "n03.md").write_text("a03 z\n", encoding="utf-8")
    expected = check("n03.md", cache=False)
    assert expected[0].startswith("['a03', 'w00', 'w01', 'w02', 'w04',")
    assert expected[0].endswith("'w19'] last=n19.md")
    assert check("n03.md") == expected and DIGESTED == ["n03.md"]  # the others from the pack
    (tmp_path / "n04.md").write_text("a04 z\n", encoding="utf-8")  # changed, not checked
    expected = check("n03.md", cache=False)
    assert check("n03.md") == expected and sorted(DIGESTED) == ["n03.md", "n04.md"]
    (tmp_path / "n05.md").write_text("a05 z\n", encoding="utf-8")
    expected = check("n03.md", cache=False)
    assert check("n03.md") == expected and DIGESTED == ["n05.md"]  # n03.md and n04.md kept


# -- a pre-commit run in a generated project --------------------------------------------------

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "make_corpus.py"


def test_a_pre_commit_run_reads_only_the_summaries_its_findings_need(
        tmp_path: Path, corpus: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """One changed note of a copy-heavy project of 80 notes, checked alone with the project's
    duplicates scope: the same findings as without the cache, and only the few other notes
    that its findings name are read beyond their digests and totals."""
    import subprocess
    import sys

    from notelint import cache as cache_module

    if not BENCH.is_file():
        raise AssertionError(f"the benchmark generator is missing: expected {BENCH}")
    project = tmp_path / "p"
    subprocess.run([sys.executable, str(BENCH), "80", str(project), "--seeds", str(corpus),
                    "--defects", "6"], check=True, capture_output=True)
    (project / ".notelint.toml").write_text('[duplicates]\nscope = "project"\n', encoding="utf-8")
    monkeypatch.chdir(project)
    notes = sorted(str(p.relative_to(project)) for p in project.rglob("*.md"))
    run = RunOptions(offline=True, cache_dir=tmp_path / "cache")

    def check(paths: list[str], cache: bool = True) -> list[tuple[str, str, int, int, str]]:
        got = lint_paths(paths, run=run, cache=cache)
        return [(d.path, d.code, d.line, d.column, d.message) for d in got.diagnostics]

    check(["."])  # the last full run
    changed = next(n for n in notes[len(notes) // 2:]
                   if any(d[1] == "DU001" for d in check([n], cache=False)))
    note = project / changed
    note.write_text(note.read_text(encoding="utf-8") + "\n\nOne more line.\n", encoding="utf-8")
    expected = check([changed], cache=False)
    assert {"DU001", "DU002"} <= {d[1] for d in expected}
    reads: list[str] = []
    real = cache_module.NoteCache.entry

    def entry(self, key, kind):  # type: ignore[no-untyped-def]
        reads.append(kind)
        return real(self, key, kind)

    monkeypatch.setattr(cache_module.NoteCache, "entry", entry)
    hook = lint_paths([changed], run=run, cache=True)
    assert [(d.path, d.code, d.line, d.column, d.message) for d in hook.diagnostics] == expected
    # The other notes are served by the entries of the full run (`check .` from this folder).
    assert hook.engine is not None and hook.engine.cache is not None
    assert hook.engine.cache.hits == len(notes) - 1
    # Note entries read whole: the old version of the changed note (for the totals), the
    # notes whose entries are verified against its entries, and those its findings name;
    # never the whole project (each note's digests come from one kept entry).
    assert 1 <= reads.count("note") <= len(notes) // 4


def _generated_project(tmp_path: Path, corpus: Path, n: int) -> tuple[Path, list[str]]:
    """A generated, copy-heavy project of ``n`` notes with the duplicates scope of the project."""
    import subprocess
    import sys

    if not BENCH.is_file():
        raise AssertionError(f"the benchmark generator is missing: expected {BENCH}")
    project = tmp_path / "p"
    subprocess.run([sys.executable, str(BENCH), str(n), str(project), "--seeds", str(corpus),
                    "--defects", "6"], check=True, capture_output=True)
    (project / ".notelint.toml").write_text('[duplicates]\nscope = "project"\n', encoding="utf-8")
    return project, sorted(str(p.relative_to(project)) for p in project.rglob("*.md"))


def test_a_pre_commit_run_reads_only_the_changed_note_and_rebuilds_what_is_damaged(
        tmp_path: Path, corpus: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The project's other notes, known to the stat index and cached, are served without
    reading them; a damaged stat index or damaged note entries are rebuilt, never trusted,
    and the findings stay those of a run without the cache."""
    from notelint import cache as cache_module
    from notelint import engine as engine_module

    # Every file counts as settled at once (else files written within 2 s are hashed again).
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    project, notes = _generated_project(tmp_path, corpus, 40)
    monkeypatch.chdir(project)
    run = RunOptions(offline=True, cache_dir=tmp_path / "cache")
    read: list[str] = []
    real_read = engine_module.read_note_bytes

    def read_note_bytes(source, max_size):  # type: ignore[no-untyped-def]
        read.append(source.display)
        return real_read(source, max_size)

    monkeypatch.setattr(engine_module, "read_note_bytes", read_note_bytes)

    def check(paths: list[str], cache: bool = True) -> list[tuple[str, str, int, int, str]]:
        read.clear()
        got = lint_paths(paths, run=run, cache=cache)
        return [(d.path, d.code, d.line, d.column, d.message) for d in got.diagnostics]

    check(["."])  # the last full run
    changed = next(n for n in notes[len(notes) // 2:]
                   if any(d[1] == "DU001" for d in check([n], cache=False)))
    note = project / changed

    def edit(line: str) -> list[tuple[str, str, int, int, str]]:
        note.write_text(note.read_text(encoding="utf-8") + f"\n\n{line}\n", encoding="utf-8")
        return check([changed], cache=False)

    expected = edit("One more line.")
    assert {"DU001", "DU002"} <= {d[1] for d in expected}
    assert check([changed]) == expected and read == [changed]

    # A damaged stat index: every note is read and hashed again, then the index is good again.
    index = tmp_path / "cache" / "notes-v1" / "index"
    data = index.read_bytes()
    index.write_bytes(data[:40] + bytes([data[40] ^ 1]) + data[41:])
    expected = edit("Another line.")
    assert check([changed]) == expected and sorted(read) == notes
    expected = edit("A third line.")
    assert check([changed]) == expected and read == [changed]

    # Damaged note entries: a note whose summary the findings need is read and checked again
    # (here every note: the changed note's old summary is lost, so the word totals are
    # summed again), then its entry is good again.
    entries = [p for p in (tmp_path / "cache" / "notes-v1").glob("??/*") if p.is_file()]
    assert len(entries) >= len(notes)
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:-1] + b"?")
    expected = edit("A fourth line.")
    assert check([changed]) == expected and sorted(read) == notes
    expected = edit("A fifth line.")
    assert check([changed]) == expected and read == [changed]
