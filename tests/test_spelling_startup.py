"""The compiled vocabulary: built once, trusted only when whole, and not loaded by runs without SP."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from notelint.spelling import vocabulary as vocab
from notelint.spelling.vocabulary import COMMON, ENGLISH, TECHNICAL


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding one freshly compiled vocabulary file."""
    folder = tmp_path_factory.mktemp("vocabulary")
    vocab.load(folder)
    return folder


def _only_file(folder: Path) -> Path:
    files = sorted(folder.glob("vocabulary-*.bin"))
    assert len(files) == 1, files
    return files[0]


def test_flags_and_counts_match_the_sources(compiled: Path) -> None:
    v = vocab.load(compiled)
    with gzip.open(vocab.sources()[0], "rt", encoding="utf-8") as fh:
        english = json.load(fh)
    floor = min(english.values())
    assert v.floor == floor
    for word in ("the", "function", "labe", "colour"):
        assert v.count(word) == english.get(word, 0), word
    assert v.flags("the") & (ENGLISH | COMMON) == ENGLISH | COMMON
    rare = next(w for w, n in english.items() if n == floor and v.flags(w) & TECHNICAL == 0)
    assert v.flags(rare) & (ENGLISH | COMMON) == ENGLISH
    assert v.flags("pytorch") & TECHNICAL
    assert v.is_name("thomas")
    assert v.flags("qqxzv") == 0 and not v.knows("qqxzv") and v.count("qqxzv") == 0
    assert len(v) > 250_000


def test_second_load_reads_the_file_without_compiling(compiled: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(paths: list[Path]) -> bytes:
        raise AssertionError("compiled again")

    monkeypatch.setattr(vocab, "compile_sources", fail)
    assert vocab.load(compiled).flags("function") & COMMON


def test_a_run_maps_the_file_instead_of_copying_it(compiled: Path) -> None:
    """The trie and the counts are used where they lie in the mapped file, aligned as MARISA
    and the counts need (the trie at byte 32, the counts at a multiple of 8 after it)."""
    import mmap

    v = vocab.load(compiled)
    assert isinstance(v._buffer, mmap.mmap)
    blob = _only_file(compiled).read_bytes()
    _, n, _, trie_len, _ = vocab._HEADER.unpack_from(blob, len(vocab.MAGIC))
    assert vocab._HEAD == 32 and (vocab._HEAD + trie_len + vocab._pad(trie_len)) % 8 == 0
    assert len(blob) == vocab._HEAD + trie_len + vocab._pad(trie_len) + 5 * n
    from_bytes = vocab.parse(blob)  # the same vocabulary from bytes (a read-only cache folder)
    for word in ("the", "function", "pytorch", "thomas", "qqxzv"):
        assert (v.flags(word), v.count(word)) == (from_bytes.flags(word), from_bytes.count(word))


@pytest.mark.parametrize("damage", ["truncate", "flip", "magic", "empty"])
def test_a_damaged_file_is_rebuilt_not_trusted(compiled: Path, tmp_path: Path, damage: str) -> None:
    good = _only_file(compiled)
    folder = tmp_path / "cache"
    folder.mkdir()
    path = folder / good.name
    blob = bytearray(good.read_bytes())
    if damage == "truncate":
        blob = blob[:len(blob) // 2]
    elif damage == "flip":
        blob[len(blob) // 3] ^= 0xFF
    elif damage == "magic":
        blob[:8] = b"NOTVOCAB"
    else:
        blob = bytearray()
    path.write_bytes(bytes(blob))
    with pytest.raises(vocab._BadFile):
        vocab.parse(bytes(blob))
    v = vocab.load(folder)
    assert v.flags("function") & COMMON and v.count("function") > 0
    assert path.read_bytes() == good.read_bytes()  # rewritten whole


def test_an_unwritable_cache_folder_still_gives_a_vocabulary(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be\n", encoding="utf-8")
    v = vocab.load(blocker / "vocabulary")
    assert v.knows("function")
    assert blocker.read_text(encoding="utf-8").startswith("a file")


def test_the_key_follows_the_sources_and_stale_files_go(compiled: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    copies = []
    for p in vocab.sources():
        dst = tmp_path / "src" / p.name
        dst.parent.mkdir(exist_ok=True)
        shutil.copyfile(p, dst)
        copies.append(dst)
    monkeypatch.setattr(vocab, "sources", lambda: list(copies))
    folder = tmp_path / "cache"
    vocab.load(folder)
    first = _only_file(folder)
    assert first.name == f"vocabulary-{vocab.cache_key(copies)}.bin"
    extra = copies[2]  # spelling-terms-ml.txt, a plain list
    extra.write_text(extra.read_text(encoding="utf-8") + "zzyzxqword\n", encoding="utf-8")
    os.utime(extra, ns=(1, 1))
    v = vocab.load(folder)
    second = folder / f"vocabulary-{vocab.cache_key(copies)}.bin"
    assert second != first and v.flags("zzyzxqword") & TECHNICAL
    # Another install's file stays while it is used; unused for 30 days, it goes.
    assert sorted(folder.glob("vocabulary-*.bin")) == sorted([first, second])
    month_ago = first.stat().st_mtime - vocab.STALE_SECONDS - 60
    os.utime(first, (month_ago, month_ago))
    os.utime(extra, ns=(2, 2))
    vocab.load(folder)
    third = folder / f"vocabulary-{vocab.cache_key(copies)}.bin"
    assert sorted(folder.glob("vocabulary-*.bin")) == sorted([second, third])


def test_a_run_marks_the_file_it_uses(compiled: Path) -> None:
    """A file loaded by a run is kept as used: its modification time moves to now
    (once a day at most)."""
    path = _only_file(compiled)
    os.utime(path, (1_000_000, 1_000_000))
    vocab.load(compiled)
    assert path.stat().st_mtime > 1_000_000 + vocab.STALE_SECONDS


def test_two_processes_compiling_at_once_both_succeed(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    code = ("import sys; from pathlib import Path; from notelint.spelling import vocabulary as v;"
            "print(v.load(Path(sys.argv[1])).count('function'))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(folder)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outs]
    assert outs[0][0] == outs[1][0] and int(outs[0][0]) > 0
    path = _only_file(folder)
    vocab.parse(path.read_bytes())
    assert not list(folder.glob("*.tmp"))


#: What a spelling run loads; the word-list file names (``wordlist``) are light and shared.
HEAVY = ("notelint.spelling.vocabulary", "notelint.spelling.corpus", "notelint.spelling.checker",
         "notelint.spelling.prose", "notelint.spelling.analysis", "notelint.spelling.korean",
         "notelint.spelling.languagetool", "marisa_trie", "spellchecker")


def test_a_run_without_spelling_rules_loads_no_spelling_code() -> None:
    code = ("import sys; from notelint.api import lint_text;"
            "lint_text('# Note\\n\\nText[^1] with a typo: fucntion.\\n', select=['FN']);"
            f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    code = code.replace("select=['FN']", "select=['SP001']")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "notelint.spelling.vocabulary" in out.stdout and "marisa_trie" in out.stdout


def test_a_spelling_run_reads_the_compiled_file_from_the_cache_folder(tmp_path: Path) -> None:
    env = {**os.environ, "NOTELINT_CACHE_DIR": str(tmp_path)}
    code = ("from notelint.api import lint_text;"
            "print([d.code for d in lint_text('A fucntion here.\\n', select=['SP001'])])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=env)
    assert out.stdout.strip() == "['SP001']"
    assert len(list((tmp_path / "vocabulary").glob("vocabulary-*.bin"))) == 1
