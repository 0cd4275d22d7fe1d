"""Atomic file writes: a reader never sees a half-written file, a failed write changes nothing."""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import tempfile
from pathlib import Path

from editor.core.errors import PostdeskError


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync, replace.

    An existing file's permission bits are kept. On failure the original file is untouched,
    the temporary file is removed and a PostdeskError naming the file says why.
    """
    path = Path(path)
    _replace(path, data)
    _fsync_folder(path.parent)


class AtomicBatch:
    """Many atomic writes whose folders are synced once each, when the batch ends.

    ``write`` is ``atomic_write_bytes`` without its last step: the file is written to a
    temporary file, fsynced and renamed over ``path``, so a reader (or a crash) only ever
    sees the old or the new bytes. The folder fsync that makes the rename itself durable
    runs once per folder at the end of the ``with`` block (also when it ends with an
    error), instead of once per file. A failed ``write`` raises PostdeskError naming the
    file and leaves it untouched; the files written before it stay written.
    """

    def __init__(self) -> None:
        self._folders: dict[Path, None] = {}  # in first-write order

    def __enter__(self) -> AtomicBatch:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.sync()

    def write(self, path: Path, data: bytes) -> None:
        """Replace ``path`` with ``data`` atomically; its folder is synced with the batch."""
        path = Path(path)
        _replace(path, data)
        self._folders.setdefault(path.parent)

    def sync(self) -> None:
        """Make the renames done so far durable: fsync each folder written into."""
        folders, self._folders = self._folders, {}
        for folder in folders:
            _fsync_folder(folder)


def _replace(path: Path, data: bytes) -> None:
    """Temporary file in the same folder, write, fsync, permissions, rename over ``path``."""
    folder = path.parent
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise PostdeskError(f"cannot save: {exc.strerror or exc}", path) from exc
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
            os.fchmod(tmp.fileno(), mode if mode is not None else 0o666 & ~_umask())
        os.replace(tmp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise PostdeskError(f"cannot save: {exc.strerror or exc}", path) from exc


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 atomically, with no newline translation."""
    atomic_write_bytes(path, text.encode("utf-8"))


@functools.cache
def _umask() -> int:
    # Reading the umask means setting it: done once, since another thread creating a file
    # or folder meanwhile would get the temporary umask 0 (world-writable).
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder entry is on disk; not possible on every OS.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
