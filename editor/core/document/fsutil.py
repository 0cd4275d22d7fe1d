"""Atomic file writes: a reader never sees a half-written file, a failed write changes nothing."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
import tempfile
from pathlib import Path

from editor.core.errors import PostdeskError, ReadOnlyFileError


def atomic_write_bytes(path: Path, data: bytes, *, replace_read_only: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync, replace.

    A symbolic link stays: the file it points at (through any chain of links) is written,
    in that file's own folder. An existing file's permission bits are kept. A read-only
    file raises ReadOnlyFileError and is left alone unless ``replace_read_only`` (the
    writer agreed). On failure the original file is untouched, the temporary file is
    removed and a PostdeskError naming the file (or the read-only folder) says why.
    """
    target = real_file(Path(path))
    _replace(target, data, replace_read_only)
    _fsync_folder(target.parent)


def real_file(path: Path) -> Path:
    """The file a write to ``path`` changes: ``path``, or the file its link chain ends at.

    PostdeskError naming ``path`` for a link to nothing or links in a loop.
    """
    if not os.path.islink(path):
        return path
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError as exc:
        missing = os.path.realpath(path)
        raise PostdeskError(
            f"cannot save: it is a link to {missing}, which does not exist", path
        ) from exc
    except OSError as exc:
        raise PostdeskError("cannot save: its links lead round in a loop", path) from exc


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
        """Replace ``path`` with ``data`` atomically; its folder is synced with the batch.

        Links and read-only files are treated as by ``atomic_write_bytes`` (a read-only
        file is reported, never replaced).
        """
        target = real_file(Path(path))
        _replace(target, data, replace_read_only=False)
        self._folders.setdefault(target.parent)

    def sync(self) -> None:
        """Make the renames done so far durable: fsync each folder written into."""
        folders, self._folders = self._folders, {}
        for folder in folders:
            _fsync_folder(folder)


def _replace(path: Path, data: bytes, replace_read_only: bool) -> None:
    """Temporary file in the same folder, write, fsync, permissions, rename over ``path``."""
    folder = path.parent
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise PostdeskError(f"cannot save: {exc.strerror or exc}", path) from exc
    if mode is not None and not replace_read_only and _read_only(path, mode):
        raise ReadOnlyFileError("the file is read-only: not replaced", path)
    if _read_only(folder, _mode_of(folder)):
        raise PostdeskError(f"cannot save: the folder {folder} is read-only", path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise PostdeskError(f"cannot save: the folder {folder} is read-only", path) from exc
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


def atomic_write_text(path: Path, text: str, *, replace_read_only: bool = False) -> None:
    """Write ``text`` as UTF-8 atomically, with no newline translation."""
    atomic_write_bytes(path, text.encode("utf-8"), replace_read_only=replace_read_only)


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o777  # not knowable here: the write itself will say what is wrong


def _read_only(path: Path, mode: int) -> bool:
    # The mode bits first: root may write anything, yet a file nobody may write is
    # read-only to the writer too. os.access then covers files owned by someone else.
    return not mode & 0o222 or not os.access(path, os.W_OK)


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
