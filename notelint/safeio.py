"""Reading files that may be hostile (FIFOs, devices, endless or huge files); writing whole
files atomically.

:func:`read_regular` opens without blocking (a FIFO with no writer would
otherwise wait forever), checks on the open descriptor that the file is a
regular file (so a symbolic link to ``/dev/zero`` or a FIFO is refused, with
no race between the check and the read), and reads at most ``limit`` bytes
(a file that grows while it is read is cut off, not read until memory runs
out).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """The path names a FIFO, a device, a socket or a folder, not a regular file.

    Attributes:
        kind: ``"a FIFO"``, ``"a device"``, ``"a socket"``, ``"a folder"`` or ``"not a regular file"``.
    """

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind
        self.strerror = f"it is {kind}, not a regular file" if kind.startswith("a ") else kind


class TooLarge(OSError):
    """The file has more than the allowed number of bytes.

    Attributes:
        size: the size seen (at least ``limit + 1``).
    """

    def __init__(self, size: int) -> None:
        super().__init__(f"larger than allowed ({size:,} bytes)")
        self.size = size


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` (symbolic links followed), at most ``limit``.

    Raises:
        NotRegularFile: ``path`` is a FIFO, device, socket or folder (nothing is read).
        TooLarge: the file has more than ``limit`` bytes (by its size, or by what was
            read: a file that grows is not read past ``limit + 1`` bytes).
        OSError: it cannot be opened or read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(_kind(st.st_mode))
        if st.st_size > limit:
            raise TooLarge(st.st_size)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise TooLarge(total)
        return b"".join(chunks)
    finally:
        os.close(fd)


def create_temporary(folder: Path | str, prefix: str, suffix: str = "") -> tuple[int, str]:
    """A new, empty file in ``folder`` for an atomic write: ``(descriptor, path)``.

    What :func:`tempfile.mkstemp` does (a random name, created exclusively, mode
    0600, not inherited by child processes), without importing :mod:`tempfile`:
    it brings :mod:`shutil`, :mod:`random`, :mod:`bz2` and :mod:`lzma`, a
    noticeable part of a one-note check that writes one cache entry.  Write
    through the descriptor, then :func:`os.replace` the file onto its target.

    Args:
        folder: an existing folder (the target's, so the rename stays on one file system).
        prefix, suffix: put around the random part of the name.

    Raises:
        OSError: the file cannot be created (``FileExistsError`` after 100 names taken).
    """
    flags = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    for _ in range(100):
        path = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def write_atomic(path: Path, data: bytes | str, *, encoding: str = "utf-8",
                 prefix: str = ".tmp-", suffix: str = "", mode: int | None = None,
                 sync: bool = False) -> None:
    """Replace ``path`` by a file holding ``data``, atomically.

    ``data`` (bytes, or text encoded with ``encoding``, its line ends kept) goes to a
    temporary file in ``path``'s folder (created if missing), its name starting with
    ``prefix`` and ending with ``suffix``, which is then renamed over ``path``: a reader, or
    another process writing the same file at the same time, sees the old file
    or a new one, never a part (the last rename wins).  ``mode``: permission
    bits for the new file (default: ``0600``, as :func:`create_temporary` makes it);
    ``sync``: flush it to the disk before the rename.

    Raises:
        OSError: the folder or the file cannot be written; the temporary file is
            removed and ``path`` is left as it was.
    """
    blob = data.encode(encoding) if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = create_temporary(path.parent, prefix, suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
