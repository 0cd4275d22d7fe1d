"""Watches a library's folders and documents, and re-reads only what changed on disk."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from editor.core.document.docfiles import is_document_name
from editor.core.library.library import Library
from editor.ui.files.file_watch import FileWatch

# Folders that hold tooling, not writing (the library's own scan skips them too).
_SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "venv"})
_WATCH_BATCH = 400


def library_folders(root: Path) -> list[Path]:
    """Every folder the library's documents may live in (hidden and tooling folders left out)."""
    folders = [root]
    index = 0
    while index < len(folders):
        try:
            with os.scandir(folders[index]) as listing:
                for item in listing:
                    if _is_folder(item.name, item):
                        folders.append(Path(item.path))
        except OSError:
            pass
        index += 1
    return folders


def _is_folder(name: str, item: os.DirEntry[str]) -> bool:
    try:
        return (
            not name.startswith(".")
            and name not in _SKIPPED_FOLDERS
            and item.is_dir(follow_symlinks=False)
        )
    except OSError:
        return False


class LibraryWatcher(QObject):
    """Keeps a Library current as files are added, changed, renamed or removed outside.

    Folders are watched for names coming and going, documents for their content, through
    the window's one FileWatch. Each change refreshes only the documents concerned
    (``Library.refresh``), never a rescan.
    """

    documents_changed = Signal(list)  # list[Path]: the documents re-read (added, changed, gone)

    def __init__(self, file_watch: FileWatch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library: Library | None = None
        self._file_watch = file_watch
        self._watched = file_watch.subscribe(self._on_settled)
        # Thousands of watches are added a slice per event loop turn, so the window stays
        # responsive while a big library is set up.
        self._to_add: list[str] = []
        self._add_timer = QTimer(self)
        self._add_timer.setInterval(0)
        self._add_timer.timeout.connect(self._on_add_timer_timeout)

    def watch(self, library: Library, folders: list[Path]) -> None:
        """Follow ``library``: its ``folders`` (see library_folders) and its documents."""
        self.stop()
        self.library = library
        self._to_add = [str(folder) for folder in folders]
        self._to_add += [str(entry.path) for entry in library.entries]
        self._add_timer.start()

    @property
    def is_ready(self) -> bool:
        """Every folder and document of the library is watched."""
        return self.library is not None and not self._to_add

    def stop(self) -> None:
        """Watch nothing."""
        self._add_timer.stop()
        self._to_add = []
        self._watched.clear()
        self.library = None

    def check_now(self) -> None:
        """Handle the changes noticed so far without waiting for them to settle."""
        self._file_watch.flush()

    @Slot()
    def _on_add_timer_timeout(self) -> None:
        batch, self._to_add = self._to_add[:_WATCH_BATCH], self._to_add[_WATCH_BATCH:]
        if batch:
            self._watched.add(batch)
        if not self._to_add:
            self._add_timer.stop()

    def _on_settled(self, folders: set[Path], files: set[Path]) -> None:
        library = self.library
        if library is None:
            return
        for folder in folders:
            files.update(self._folder_changes(library, folder))
        changed: list[Path] = []
        for path in sorted(files):
            before = library.entry(path)
            library.refresh(path)
            after = library.entry(path)
            if after is not None:
                # An atomic save puts a new file in place: watch the new one.
                self._watched.add([str(path)])
                self._watched.renew([str(path)])
            if before != after:
                changed.append(path)
        if changed:
            self.documents_changed.emit(changed)

    def _folder_changes(self, library: Library, folder: Path) -> set[Path]:
        """The documents to re-read after ``folder`` changed: new, renamed and gone ones."""
        known = {entry.path for entry in library.entries if folder in entry.path.parents}
        watched = self._watched.paths
        present: set[Path] = set()
        new_folders: list[Path] = []
        try:
            with os.scandir(folder) as listing:
                for item in listing:
                    path = Path(item.path)
                    if _is_folder(item.name, item):
                        if str(path) in watched:
                            present.update(
                                known_path for known_path in known if path in known_path.parents
                            )
                        else:
                            new_folders.append(path)
                    elif is_document_name(item.name):
                        present.add(path)
        except OSError:
            pass  # the folder itself is gone: everything known under it is gone too
        stale = [
            name for name in watched if Path(name).parent == folder and not os.path.exists(name)
        ]
        # A folder renamed away: a new folder of the old name must count as new.
        self._watched.remove(stale)
        for new_folder in new_folders:
            # A folder moved or copied in: every folder and document under it is new.
            for inner in library_folders(new_folder):
                self._watched.add([str(inner)])
                present.update(_documents_in(inner))
        gone = known - present
        added = {path for path in present if library.entry(path) is None}
        return gone | added


def _documents_in(folder: Path) -> set[Path]:
    try:
        with os.scandir(folder) as listing:
            return {
                Path(item.path)
                for item in listing
                if is_document_name(item.name) and item.is_file()
            }
    except OSError:
        return set()
