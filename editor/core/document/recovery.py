"""Crash recovery: copies of unsaved buffers kept in a folder, offered back after a crash.

Each modified buffer is written, atomically, to one file in the recovery folder, named by its
session and a hash of the buffer's document id (the resolved path of its file, or an id for an
untitled buffer). So two ``index.md`` files in different bundles never share a recovery file,
and neither do two windows editing the same file: each keeps its own copy and removes only
its own. A file holds a magic line, a JSON header line (document id, original path, title,
saved time, session, size and SHA-256 of the text, and the *base*: size and SHA-256 of the
file's bytes as that window last read or saved them) and then the text itself as UTF-8. The
base tells, after a crash, whether the file changed on disk since the text was made from it,
so a restored copy never silently replaces newer saved text.

Every running Postdesk holds a session: a lock file with its pid, kept locked (flock) while
it runs. Entries written by a session that is still running belong to that window and are
not offered to another one as "crashed"; when the process dies, the kernel drops the lock
and its entries become recoverable, every one of them, even several copies of one document.

Files written before copies were per session are named by the document id alone; their
header is the same, so they are read and offered like any other.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from editor.core.document.fsutil import atomic_write_bytes
from editor.core.errors import PostdeskError

try:
    import fcntl
except ImportError:  # Windows: sessions are told apart by their pid alone.
    fcntl = None  # type: ignore[assignment]

MAGIC = b"POSTDESK-RECOVERY 1\n"
SUFFIX = ".recovery"
_SESSIONS = "sessions"
_LOCK_SUFFIX = ".lock"
# A header is a few hundred bytes; anything longer is not one of ours.
_MAX_HEADER_BYTES = 64 * 1024
# Lone surrogates can reach a buffer from the clipboard; keep them instead of failing.
_ERRORS = "surrogatepass"


def default_recovery_folder() -> Path:
    """The recovery folder in the user's data directory (per platform)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "Postdesk" / "recovery"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Postdesk" / "recovery"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "postdesk" / "recovery"


def document_id_for(path: Path) -> str:
    """The document id of a buffer that has a file: its full resolved path."""
    return "file:" + str(Path(path).expanduser().resolve())


def untitled_id() -> str:
    """A new, unique document id for an untitled buffer."""
    return "untitled:" + uuid.uuid4().hex


@dataclass(frozen=True)
class DiskBase:
    """The version of a file on disk that a buffer was made from (as last read or saved)."""

    size: int
    sha256: str

    @classmethod
    def of(cls, data: bytes) -> DiskBase:
        """The base for a file holding ``data``."""
        return cls(len(data), hashlib.sha256(data).hexdigest())

    def is_held_by(self, path: Path) -> bool:
        """True when ``path`` holds exactly this version (False when it cannot be read)."""
        try:
            if path.stat().st_size != self.size:
                return False
            return DiskBase.of(path.read_bytes()) == self
        except OSError:
            return False


@dataclass(frozen=True)
class RecoveryEntry:
    """One recoverable buffer: where it came from, when it was saved, and its text on demand."""

    document_id: str
    original_path: Path | None  # None for an untitled buffer
    title: str
    saved: datetime  # timezone-aware
    size: int  # bytes of the text as UTF-8
    session: str
    file: Path  # the recovery file itself
    text_offset: int  # where the text starts in ``file``
    sha256: str  # of the text as UTF-8
    # The file the text was made from; None for an untitled buffer or a copy written before
    # copies recorded it.
    base: DiskBase | None = None

    def load_text(self) -> str:
        """The recovered text; PostdeskError when the file is gone or no longer complete."""
        try:
            with open(self.file, "rb") as stream:
                stream.seek(self.text_offset)
                data = stream.read()
        except OSError as exc:
            raise PostdeskError(
                f"cannot read recovery file: {exc.strerror or exc}", self.file
            ) from exc
        if len(data) != self.size or hashlib.sha256(data).hexdigest() != self.sha256:
            raise PostdeskError("recovery file is damaged (its text changed)", self.file)
        try:
            return data.decode("utf-8", _ERRORS)
        except UnicodeDecodeError as exc:
            raise PostdeskError("recovery file is damaged (not UTF-8)", self.file) from exc

    def same_as_original(self) -> bool:
        """True when the original file holds exactly this text (nothing to recover)."""
        if self.original_path is None:
            return False
        try:
            data = self.original_path.read_bytes()
        except OSError:
            return False
        return len(data) == self.size and hashlib.sha256(data).hexdigest() == self.sha256

    def original_changed_at(self) -> datetime | None:
        """When the original file was last changed, if it no longer holds the version this
        text was made from (it was saved elsewhere after the copy's window last read it).

        None when it still does, when there is no file now, or when the copy does not say
        what it was made from (written by an earlier Postdesk).
        """
        path = self.original_path
        if self.base is None or path is None or not path.is_file() or self.base.is_held_by(path):
            return None
        try:
            return datetime.fromtimestamp(path.stat().st_mtime, UTC)
        except OSError:
            return None


class RecoveryStore:
    """The recovery folder of one running Postdesk (one session).

    ``save`` and ``discard`` manage this session's copies; ``entries`` lists what other,
    no longer running sessions left behind, and ``restore`` or ``discard_entry`` settles
    one of those. ``problems`` holds a note for each damaged file the last ``entries`` call
    skipped. Call ``close`` when the application quits.
    """

    def __init__(self, folder: Path | None = None, *, session: str | None = None) -> None:
        """A store on ``folder`` (default: the user's data folder); nothing is written yet."""
        self.folder = Path(folder) if folder is not None else default_recovery_folder()
        self.session = session or f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.problems: list[PostdeskError] = []
        self._lock: BinaryIO | None = None
        # document id -> digest of the last text saved and the base it was saved with
        self._written: dict[str, tuple[str, DiskBase | None]] = {}

    # --- this session's copies --------------------------------------------------------------

    def save(
        self,
        document_id: str,
        text: str,
        original_path: Path | None,
        title: str,
        *,
        base: DiskBase | None = None,
    ) -> None:
        """Keep ``text`` as the recovery copy of ``document_id`` (atomically).

        ``base`` is the version of the original file the text was made from. Saving the same
        text again writes nothing. PostdeskError when the folder cannot be written (the buffer
        itself is untouched; the caller tells the writer).
        """
        data = text.encode("utf-8", _ERRORS)
        digest = hashlib.sha256(data).hexdigest()
        file = self.file_for(document_id)
        if self._written.get(document_id) == (digest, base) and file.exists():
            return
        self._start_session()
        header = {
            "document_id": document_id,
            "original_path": str(original_path) if original_path is not None else None,
            "title": title,
            "saved": datetime.now(UTC).isoformat(),
            "session": self.session,
            "pid": os.getpid(),
            "size": len(data),
            "sha256": digest,
            "base": None if base is None else {"size": base.size, "sha256": base.sha256},
        }
        line = json.dumps(header, ensure_ascii=True).encode("ascii") + b"\n"
        atomic_write_bytes(file, MAGIC + line + data)
        self._written[document_id] = (digest, base)

    def discard(self, document_id: str) -> None:
        """Remove this session's recovery copy of ``document_id`` (after a clean save or close).

        Another window's copy of the same document stays. Nothing happens when there is
        none; PostdeskError when it cannot be removed.
        """
        self._written.pop(document_id, None)
        _remove(self.file_for(document_id))

    def discard_entry(self, entry: RecoveryEntry) -> None:
        """Remove exactly the copy ``entry`` was read from (the writer did not want it back).

        Other copies of the same document stay. Nothing happens when it is already gone;
        PostdeskError when it cannot be removed. Once the crashed session has no copy left,
        its lock file goes too.
        """
        _remove(entry.file)
        self._forget_session_if_settled(entry.session)

    def restore(self, entry: RecoveryEntry, *, as_document: str | None = None) -> str:
        """The text of a crashed session's ``entry``, now kept by this session.

        It is kept as this session's copy of the entry's document, or of ``as_document``, a
        buffer of its own with no file (another copy of that document is already restored).
        The entry's own file goes only once the copy is written, so from here on no other
        window offers it, and it stays recoverable until the writer saves or closes the
        restored buffer (``discard``). PostdeskError when it is damaged.
        """
        text = entry.load_text()
        if as_document is None:
            # Still made from the file as the crashed window knew it, whatever is on disk now.
            self.save(entry.document_id, text, entry.original_path, entry.title, base=entry.base)
        else:
            self.save(as_document, text, None, entry.title)
        self.discard_entry(entry)
        return text

    def file_for(self, document_id: str) -> Path:
        """The recovery file that holds this session's copy of ``document_id``."""
        name = hashlib.sha256(document_id.encode("utf-8", _ERRORS)).hexdigest()[:32]
        return self.folder / f"{_safe_name(self.session)}.{name}{SUFFIX}"

    def close(self) -> None:
        """End this session (the application quits): its lock goes, its copies stay."""
        if self._lock is None:
            return
        with contextlib.suppress(OSError):
            self._lock_file(self.session).unlink()
        self._lock.close()
        self._lock = None

    # --- what crashed sessions left ---------------------------------------------------------

    def entries(self) -> list[RecoveryEntry]:
        """Copies left by sessions that are no longer running, newest first.

        A damaged file (a torn or foreign file, a bad header) is skipped and noted in
        ``problems``; temporary files of a write in progress are ignored. Never raises.
        """
        self.problems = []
        found: list[RecoveryEntry] = []
        running: dict[str, bool] = {}
        for file in self._recovery_files():
            try:
                entry = read_entry(file)
            except PostdeskError as problem:
                self.problems.append(problem)
                continue
            if entry.session not in running:
                running[entry.session] = self._is_running(entry.session)
            if not running[entry.session]:
                found.append(entry)
        self._forget_ended_sessions(set(running))
        found.sort(key=lambda entry: entry.saved, reverse=True)
        return found

    # --- sessions ---------------------------------------------------------------------------

    def _start_session(self) -> None:
        if self._lock is not None:
            return
        sessions = self.folder / _SESSIONS
        try:
            # Recovery copies are the writer's unsaved text: private to the user.
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            sessions.mkdir(mode=0o700, exist_ok=True)
            # Locked before it has its name, so no one ever sees it unlocked and takes this
            # session for a crashed one.
            fd, temporary = tempfile.mkstemp(prefix=".session.", suffix=".tmp", dir=sessions)
            lock = os.fdopen(fd, "r+b")
        except OSError as exc:
            raise PostdeskError(
                f"cannot write the recovery folder: {exc.strerror or exc}", self.folder
            ) from exc
        try:
            if fcntl is not None:
                with contextlib.suppress(OSError):
                    fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            lock.write(f"{os.getpid()}\n".encode("ascii"))
            lock.flush()
            os.replace(temporary, self._lock_file(self.session))
        except OSError as exc:
            lock.close()
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise PostdeskError(
                f"cannot write the recovery folder: {exc.strerror or exc}", self.folder
            ) from exc
        self._lock = lock

    def _lock_file(self, session: str) -> Path:
        return self.folder / _SESSIONS / f"{_safe_name(session)}{_LOCK_SUFFIX}"

    def _is_running(self, session: str) -> bool:
        """True when ``session`` is this one or another Postdesk that is still running."""
        if session == self.session:
            return True
        lock_file = self._lock_file(session)
        try:
            with open(lock_file, "rb") as stream:
                if fcntl is not None:
                    try:
                        fcntl.flock(stream.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
                    except BlockingIOError:
                        return True
                    except OSError:
                        pass  # No locks on this file system: fall back to the pid.
                    else:
                        # We got the lock, so nobody holds it: the session has ended.
                        return False
                pid_text = stream.read(32).decode("ascii", "replace").strip()
        except OSError:
            return False
        return pid_text.isdigit() and _pid_alive(int(pid_text))

    def _forget_ended_sessions(self, sessions_with_entries: set[str]) -> None:
        """Remove lock files of ended sessions that have nothing left to recover."""
        folder = self.folder / _SESSIONS
        try:
            locks = list(folder.glob(f"*{_LOCK_SUFFIX}"))
        except OSError:
            return
        keep = {_safe_name(session) for session in sessions_with_entries}
        for lock in locks:
            session = lock.name[: -len(_LOCK_SUFFIX)]
            if session in keep or self._is_running(session):
                continue
            with contextlib.suppress(OSError):
                lock.unlink()

    def _forget_session_if_settled(self, session: str) -> None:
        """Remove an ended session's lock file once none of its copies is left to offer."""
        prefix = f"{_safe_name(session)}."
        if any(file.name.startswith(prefix) for file in self._recovery_files()):
            return
        if not self._is_running(session):
            with contextlib.suppress(OSError):
                self._lock_file(session).unlink()

    def _recovery_files(self) -> Iterator[Path]:
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return
        for name in names:
            # atomic_write_bytes writes ".<name>.<random>.tmp" first: a torn one is not ours.
            if name.endswith(SUFFIX) and not name.startswith("."):
                yield self.folder / name


def read_entry(file: Path) -> RecoveryEntry:
    """Read a recovery file's header; PostdeskError naming the file when it is damaged."""
    try:
        with open(file, "rb") as stream:
            magic = stream.read(len(MAGIC))
            line = stream.readline(_MAX_HEADER_BYTES)
            offset = stream.tell()
            total = os.fstat(stream.fileno()).st_size
    except OSError as exc:
        raise PostdeskError(f"cannot read recovery file: {exc.strerror or exc}", file) from exc
    if magic != MAGIC or not line.endswith(b"\n"):
        raise PostdeskError("skipped a damaged recovery file (no header)", file)
    try:
        header: Any = json.loads(line)
        entry = RecoveryEntry(
            document_id=_string(header["document_id"]),
            original_path=_path_or_none(header["original_path"]),
            title=_string(header["title"]),
            saved=_aware(datetime.fromisoformat(_string(header["saved"]))),
            size=_count(header["size"]),
            session=_string(header["session"]),
            file=file,
            text_offset=offset,
            sha256=_string(header["sha256"]),
            base=_base_or_none(header.get("base")),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise PostdeskError("skipped a damaged recovery file (bad header)", file) from exc
    if total - offset != entry.size:
        raise PostdeskError("skipped an incomplete recovery file", file)
    return entry


def _remove(file: Path) -> None:
    """Delete a recovery file; gone already is fine, PostdeskError when it stays."""
    try:
        file.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise PostdeskError(f"cannot remove recovery file: {exc.strerror or exc}", file) from exc


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _path_or_none(value: Any) -> Path | None:
    return None if value is None else Path(_string(value))


def _base_or_none(value: Any) -> DiskBase | None:
    if value is None:
        return None
    return DiskBase(_count(value["size"]), _string(value["sha256"]))


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError("expected a size")
    return value


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _safe_name(session: str) -> str:
    """A session id as a file name (ids made elsewhere could hold a slash)."""
    if session and all(char.isalnum() or char in "-_" for char in session):
        return session
    return hashlib.sha256(session.encode("utf-8", _ERRORS)).hexdigest()[:32]


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # Someone else's process, but alive.
    except OSError:
        return False
    return True


def _windows_pid_alive(pid: int) -> bool:
    # os.kill(pid, 0) would terminate the process on Windows: ask the kernel instead.
    if sys.platform != "win32":
        return False
    import ctypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
