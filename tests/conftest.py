"""Shared fixtures: the real notes folder, a small registry of demonstration rules, a private
cache folder for every test, and a local wheelhouse for tests that install notelint.

Tests are hermetic: no network, no writes outside temporary folders.  Every test gets
``XDG_CACHE_HOME`` (the user cache folder ``platformdirs`` returns on Linux) pointing into
its own temporary folder, inherited by the subprocesses it starts.  Servers that tests start
listen on 127.0.0.1; in a fresh network namespace without network access (``unshare -rn
python -m pytest``) the loopback interface starts down, so the session brings it up there.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import re
import socket
import struct
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import Distribution, distributions
from pathlib import Path

import pytest

from notelint.diagnostics import Edit, Fix, Severity
from notelint.registry import Registry
from notelint.rule import DocumentContext, Rule, Scope
from notelint.rules.core import RULES as CORE_RULES

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "content"
_CACHE_KEY = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Keep notelint's user-level caches (the compiled vocabulary) in a temporary folder."""
    import os
    import tempfile

    if "NOTELINT_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="notelint-test-cache-")
        os.environ["NOTELINT_CACHE_DIR"] = folder
        config.stash[_CACHE_KEY] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the temporary cache folder made by :func:`pytest_configure`."""
    import shutil

    folder = config.stash.get(_CACHE_KEY, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _note_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's note cache lives in a temporary folder, never in a project or the home."""
    folder = tmp_path_factory.mktemp("note-cache")
    monkeypatch.setenv("NOTELINT_CACHE_DIR", str(folder))
    return folder


def _loopback_reachable() -> bool:
    with socket.socket() as server, socket.socket() as client:
        server.bind(("127.0.0.1", 0))
        server.listen()
        try:
            client.connect(server.getsockname())
        except OSError as exc:
            if exc.errno == errno.ENETUNREACH:
                return False
            raise
    return True


@pytest.fixture(scope="session", autouse=True)
def loopback_up() -> None:
    """Bring the loopback interface up when it is down (a new network namespace).

    Only ever acts where 127.0.0.1 is unreachable, which on Linux means a private
    network namespace such as ``unshare -rn`` makes (where the tests run as its root);
    it sets the ``IFF_UP`` flag of ``lo`` with the ``SIOCSIFFLAGS`` ioctl.
    """
    if not sys.platform.startswith("linux") or _loopback_reachable():
        return
    import fcntl

    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = struct.pack("16sh22x", b"lo", 0)
        flags = struct.unpack("16sh22x", fcntl.ioctl(s, siocgifflags, ifreq))[1]
        fcntl.ioctl(s, siocsifflags, struct.pack("16sh22x", b"lo", flags | iff_up))
    if not _loopback_reachable():
        pytest.fail("127.0.0.1 is unreachable and the loopback interface cannot be brought up",
                    pytrace=False)


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry under ``folder``: relative path -> (size, modification time in ns)."""
    import os

    found: dict[str, tuple[int, int]] = {}
    for here, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(here, name)
            st = os.lstat(path)
            found[os.path.relpath(path, folder)] = (st.st_size, st.st_mtime_ns)
    return found


@pytest.fixture(scope="session", autouse=True)
def shared_notes_untouched() -> Iterator[None]:
    """Fail the session when a test (or a process it started) wrote into ``../shared``, the
    third-party notes every test reads in place.  Tests run as root cannot rely on the
    folder's permissions to stop them."""
    shared = CORPUS.parent.parent
    before = _tree(shared) if shared.is_dir() else {}
    yield
    after = _tree(shared) if shared.is_dir() else {}
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"tests changed {shared}: {changed[:10]}"


@pytest.fixture(scope="session", autouse=True)
def private_user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user cache, data and state folders (``XDG_*_HOME``) in a temporary folder.

    Set for the whole session, before module fixtures copy the environment (the
    simulated Actions runner, pre-commit's): pip's cache, virtualenv's app data and
    notelint's caches all stay out of the real home folder.
    """
    root = tmp_path_factory.mktemp("user-folders")
    with pytest.MonkeyPatch.context() as mp:
        for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
            (root / name).mkdir()
            mp.setenv(name, str(root / name))
        yield root


@pytest.fixture(autouse=True)
def private_cache_folder(tmp_path_factory: pytest.TempPathFactory,
                         monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the user cache folder (``XDG_CACHE_HOME``) into a temporary folder."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def _repack(dist: Distribution, dest: Path) -> Path | None:
    """An installed distribution as a wheel in ``dest`` (its files and metadata, fresh RECORD)."""
    tags = [line.split(":", 1)[1].strip() for line in (dist.read_text("WHEEL") or "").splitlines()
            if line.startswith("Tag:")]
    files = dist.files or []
    info = next((f.parts[0] for f in files if f.parts[0].endswith(".dist-info")), None)
    if not tags or info is None:
        return None
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"]).lower()
    tag = next((t for t in tags if t.startswith(("py3", "cp3"))), tags[0])
    wheel = dest / f"{name}-{dist.version}-{tag}.whl"
    record = []
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            rel = f.as_posix()
            if (rel.startswith("..") or "__pycache__" in f.parts
                    or rel in (f"{info}/RECORD", f"{info}/INSTALLER", f"{info}/REQUESTED",
                               f"{info}/direct_url.json")):
                continue
            data = Path(str(f.locate())).read_bytes()
            zf.writestr(rel, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append(f"{rel},sha256={digest.decode()},{len(data)}")
        record.append(f"{info}/RECORD,,")
        zf.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return wheel


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment variables that make ``pip`` install from a local folder of wheels only.

    The wheels are the distributions installed with the tests (notelint's dependencies and
    its build backend, hatchling), repacked; notelint itself is built from source by pip.
    The Action's install step and pre-commit's hook environments thus install exactly as
    they do for users, without a network.
    """
    dest = tmp_path_factory.mktemp("wheelhouse")
    for dist in distributions():
        if dist.metadata["Name"] in ("notelint", "pip"):
            continue
        _repack(dist, dest)
    return {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(dest),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1", "VIRTUALENV_NO_PERIODIC_UPDATE": "1"}


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real notes (``../shared/corpus/content``); fails loudly when absent."""
    if not (CORPUS / "til.md").is_file():
        pytest.fail(f"the real notes are missing: expected them in {CORPUS}")
    return CORPUS


@dataclass(frozen=True)
class TodoOptions:
    """Options of the demonstration rule."""

    word: str = "TODO"


class TodoRule(Rule):
    """Flags a word in text tokens; a safe fix replaces it by ``DONE``."""

    code = "XX001"
    name = "todo-word"
    summary = "Demonstration: a word in prose"
    scope = Scope.NODE
    node_types = ("text",)
    default_severity = Severity.ERROR
    Options = TodoOptions

    def check_node(self, ctx: DocumentContext, token, parent) -> None:  # type: ignore[no-untyped-def]
        doc = ctx.document
        sp = doc.inline_span(parent, token)
        if sp is None:
            return
        src = doc.text[sp.start_offset:sp.end_offset]
        start = src.find(self.options.word)
        while start != -1:
            a = sp.start_offset + start
            b = a + len(self.options.word)
            ctx.report((a, b), f"`{self.options.word}` left in the note",
                       fix=Fix("Replace by DONE", (Edit(a, b, "DONE"),)))
            start = src.find(self.options.word, start + 1)


class LongLineRule(Rule):
    """Flags lines longer than 80 code points (a warning; document scope)."""

    code = "XX002"
    name = "long-line"
    summary = "Demonstration: a long line"

    def check_document(self, ctx: DocumentContext) -> None:
        doc = ctx.document
        for n in range(1, doc.line_count + 1):
            if len(doc.line_text(n)) > 80:
                ctx.report(doc.line_span(n, strip=False), "Line is longer than 80 characters")


@pytest.fixture()
def demo_registry() -> Registry:
    """Core NL rules plus the two demonstration rules."""
    return Registry([*CORE_RULES, TodoRule, LongLineRule])
