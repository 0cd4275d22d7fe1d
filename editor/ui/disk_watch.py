"""Open documents whose files change, disappear or move on disk behind Postdesk's back."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from editor.core.docfiles import is_document_path
from editor.core.errors import PostdeskError
from editor.core.notes import discard_copy, start_copy_beside
from editor.ui.document import DocumentController
from editor.core.opening import read_document

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

# A burst of events (an atomic replace is a create, a rename and a delete) is handled as one.
SETTLE_MS = 200

Signature = tuple[int, int, int, int]  # device, inode, size, modification time (ns)


class DiskChangeAnswer(Enum):
    """What to do when a document was changed both in Postdesk and on disk."""

    KEEP_MINE = "keep"
    LOAD_THEIRS = "load"
    SAVE_COPY = "copy"


def ask_about_disk_change(parent: QWidget, name: str) -> DiskChangeAnswer:
    """Ask what to do with `name`, changed on disk while it has unsaved changes here."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Changed on disk")
    box.setText(f"“{name}” was changed on disk, and you have unsaved changes to it here.")
    box.setInformativeText(
        "Keep yours (saving replaces the file), load the version on disk (Undo brings yours "
        "back), or save yours as a copy and leave the file as it is."
    )
    keep = box.addButton("Keep Mine", QMessageBox.ButtonRole.RejectRole)
    load = box.addButton("Load Theirs", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Save Mine as Copy…", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is keep or clicked is None:
        return DiskChangeAnswer.KEEP_MINE
    return DiskChangeAnswer.LOAD_THEIRS if clicked is load else DiskChangeAnswer.SAVE_COPY


@dataclass
class _Watched:
    document: DocumentController
    signature: Signature | None = None  # the file as Postdesk last read or wrote it
    folder_id: tuple[int, int] | None = None  # its folder, to find a renamed bundle
    revision_at_delete: int | None = None  # the editor's revision when the file went


class DiskWatcher(QObject):
    """Watches the files of one window's documents and settles each change.

    Unmodified documents reload (cursor and scroll kept); modified ones ask first; a deleted
    file leaves its buffer open, marked deleted; a renamed file or bundle folder is followed.
    Postdesk's own saves are recognised by the file's signature and never reported.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._watched: dict[int, _Watched] = {}
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_watcher_changed)
        self._watcher.directoryChanged.connect(self._on_watcher_changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._asking = False

    def watch(self, document: DocumentController) -> None:
        """Follow `document`'s file from now on (it just got a tab)."""
        self._watched[id(document)] = _Watched(document)
        self._remember(self._watched[id(document)])
        document.saved.connect(self._on_document_saved)

    def forget(self, document: DocumentController) -> None:
        """Stop following `document` (its tab closes)."""
        if self._watched.pop(id(document), None) is not None:
            document.saved.disconnect(self._on_document_saved)
            self._update_paths()

    def check_now(self) -> None:
        """Look at every document's file at once (instead of after the settle delay)."""
        self._timer.stop()
        self._on_timer_timeout()

    def may_overwrite(self, document: DocumentController) -> bool:
        """Before a save: False when the file changed on disk and the writer chose not to
        overwrite it (theirs was loaded, or a copy saved)."""
        watched = self._watched.get(id(document))
        if watched is None or document.path is None or self._asking:
            return True
        if document.recovered_from is not None:
            # Recovered text made before the file last changed: the file's newer text is not
            # in this tab, whatever the signature says.
            disk_text = self._read(document)
            return disk_text is None or (
                self._settle_conflict(watched, disk_text) is DiskChangeAnswer.KEEP_MINE
            )
        signature = _signature(document.path)
        if signature is None or signature == watched.signature:
            return True
        disk_text = self._read(document)
        if disk_text is None or disk_text == document.disk_text:
            return True
        return self._settle_conflict(watched, disk_text) is DiskChangeAnswer.KEEP_MINE

    # --- events ------------------------------------------------------------------------------

    @Slot(str)
    def _on_watcher_changed(self, _path: str) -> None:
        self._timer.start()

    @Slot(Path)
    def _on_document_saved(self, _path: Path) -> None:
        document = self.sender()
        watched = self._watched.get(id(document))
        if watched is not None:
            watched.revision_at_delete = None
            self._remember(watched)

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._asking:
            self._timer.start()  # settle the rest once the writer has answered
            return
        for watched in list(self._watched.values()):
            if id(watched.document) in self._watched:
                self._check(watched)
        self._update_paths()

    # --- settling a change -------------------------------------------------------------------

    def _check(self, watched: _Watched) -> None:
        document = watched.document
        path = document.path
        if path is None:
            return
        signature = _signature(path)
        if signature is None:
            if watched.signature is not None:  # a new post's file is not "gone" before it exists
                self._gone(watched, path)
            return
        if signature == watched.signature and not document.deleted:
            return
        disk_text = self._read(document)
        watched.signature = signature
        if disk_text is None:
            return
        # A file that comes back after a deletion is unmodified here if nobody typed since.
        revision = document.editor.document().revision()
        untouched = not document.is_modified or watched.revision_at_delete == revision
        if document.deleted:
            watched.revision_at_delete = None
            document.mark_deleted(False)
        if disk_text == document.text():
            if document.is_modified:
                document.replace_text(disk_text, from_disk=True)
        elif disk_text == document.disk_text:
            pass  # only touched, or written back as it was: nothing new to load
        elif untouched:
            document.replace_text(disk_text, from_disk=True)
            self.window.statusBar().showMessage(
                f"Reloaded {document.display_name}: it changed on disk", 5000
            )
        else:
            self._settle_conflict(watched, disk_text)

    def _settle_conflict(self, watched: _Watched, disk_text: str) -> DiskChangeAnswer:
        document = watched.document
        self._asking = True
        try:
            answer = ask_about_disk_change(self.window, document.display_name)
        finally:
            self._asking = False
        watched.signature = _signature(document.path) if document.path else None
        if answer is DiskChangeAnswer.LOAD_THEIRS:
            document.replace_text(disk_text, from_disk=True)
            self._remember(watched)
        elif answer is DiskChangeAnswer.SAVE_COPY and document.path is not None:
            # The tab goes on with the copy, in a bundle of its own beside the post (never a
            # second post inside one bundle); the file keeps their version.
            taken = [other.path for other in self.window.documents() if other.path]
            try:
                copy = start_copy_beside(document.path, document.text(), taken)
            except PostdeskError as error:
                self.window.statusBar().showMessage(str(error), 8000)
                return answer
            if not self.window.save_document(document, to=copy):
                discard_copy(copy)
        return answer

    def _gone(self, watched: _Watched, path: Path) -> None:
        document = watched.document
        moved = self._find_moved(watched, path)
        if moved is not None:
            document.move_to(moved)
            self._remember(watched)
            if document is self.window.current_document():
                self.window.show_in_preview(document)
            self.window.statusBar().showMessage(f"Followed the move to {moved}", 5000)
            return
        if not document.deleted:
            document.mark_deleted(True)
            watched.revision_at_delete = document.editor.document().revision()
            self.window.statusBar().showMessage(
                f"{path.name} was deleted on disk: your text is still here, saving recreates it",
                8000,
            )

    def _find_moved(self, watched: _Watched, path: Path) -> Path | None:
        """Where the file went: renamed in its folder, or its bundle folder renamed."""
        if watched.signature is None:
            return None
        file_id = watched.signature[:2]
        for candidate in _entries(path.parent):
            if is_document_path(candidate) and _id(candidate) == file_id:
                return candidate
        if watched.folder_id is None:
            return None
        bases = {path.parent.parent, self.window.library_root or path.parent.parent}
        for base in bases:
            for folder in _entries(base):
                if _id(folder) == watched.folder_id and _id(folder / path.name) == file_id:
                    return folder / path.name
        return None

    def _read(self, document: DocumentController) -> str | None:
        assert document.path is not None
        encoding = None if document.read_only or document.encoding == "utf-8" else document.encoding
        try:
            return read_document(document.path, encoding).text
        except PostdeskError as exc:
            self.window.statusBar().showMessage(
                f"{exc} (changed on disk; your text is kept here)", 8000
            )
            document.editor.document().setModified(True)
            return None

    def _remember(self, watched: _Watched) -> None:
        path = watched.document.path
        watched.signature = _signature(path) if path else None
        watched.folder_id = _id(path.parent) if path else None
        self._update_paths()

    def _update_paths(self) -> None:
        """Watch each document's file, its folder and, for a bundle, the folder above."""
        wanted: set[str] = set()
        replaced: set[str] = set()
        for watched in self._watched.values():
            path = watched.document.path
            if path is None:
                continue
            folders = [path.parent, path.parent.parent] if path.stem == "index" else [path.parent]
            # A linked post is saved (and replaced by others) where its link points.
            real = path.resolve()
            linked = [real, real.parent] if real != path.absolute() else []
            wanted.update(str(item) for item in [path, *folders, *linked] if item.exists())
            if watched.signature is not None:
                replaced.update(str(item) for item in [path, *linked[:1]])
        current = set(self._watcher.files()) | set(self._watcher.directories())
        # After an atomic replace the watch still points at the old file: add it again.
        stale = (current - wanted) | (current & replaced)
        if stale:
            self._watcher.removePaths(sorted(stale))
        fresh = wanted - (current - stale)
        if fresh:
            self._watcher.addPaths(sorted(fresh))


def _signature(path: Path) -> Signature | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _id(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


def _entries(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as listing:
            return [Path(item.path) for item in listing]
    except OSError:
        return []
