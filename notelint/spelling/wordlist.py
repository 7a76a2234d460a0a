"""The project's word list: ``.notelint-words.txt`` (one word per line, ``#`` comments).

Reading is lenient (blank lines and comments are skipped, words are
lower-cased for lookups); adding keeps the file sorted, one word per line,
with its comments at the top, and never adds a word twice.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

#: The default name of the project's word list, in the configuration's folder.
DEFAULT_WORDS_FILE = ".notelint-words.txt"


def list_folder(config_file: Path | None, cwd: Path) -> Path:
    """The folder of the project's word list: beside ``config_file`` (the configuration
    that applies); without one, the top folder of the git repository holding ``cwd``
    (the nearest folder with ``.git``), else ``cwd``.
    """
    if config_file is not None:
        return config_file.resolve().parent
    here = cwd.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def read_words(lines: Iterable[str]) -> set[str]:
    """Lower-cased words of a word list (text after ``#`` is a comment)."""
    words = set()
    for line in lines:
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word.lower())
    return words


def add_words(path: Path, words: Iterable[str]) -> list[str]:
    """Add ``words`` to the word list at ``path`` (created if missing).

    Words already present (compared case-insensitively) are skipped; the file
    is rewritten atomically with its comment lines first and the words sorted
    case-insensitively, as written by the user.

    Returns:
        The words that were added, in the order given.

    Raises:
        ValueError: a word is empty or contains whitespace or ``#``.
        OSError: the file cannot be read or written.
    """
    new = []
    for w in words:
        w = w.strip()
        if not w or any(ch.isspace() for ch in w) or "#" in w:
            raise ValueError(f"not a single word: {w!r}")
        new.append(w)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        lines = []
    comments = [ln for ln in lines if ln.strip().startswith("#")]
    existing = [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]
    known = {ln.split("#", 1)[0].strip().lower() for ln in existing}
    added = []
    for w in new:
        if w.lower() not in known:
            known.add(w.lower())
            existing.append(w)
            added.append(w)
    if not added:
        return []
    body = sorted(existing, key=lambda s: (s.lower(), s))
    text = "\n".join([*comments, *body]) + "\n"
    import tempfile  # only when a word list is written, not on every run

    fd, tmp = tempfile.mkstemp(prefix=".notelint-words.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return added
