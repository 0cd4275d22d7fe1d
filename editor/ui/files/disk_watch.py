"""The open documents' files, followed on disk: the Qt side of the workspace's disk policy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from editor.core.workspace import Document, Workspace, watched_paths
from editor.ui.files.file_watch import FileWatch


class DiskWatcher(QObject):
    """Watches the files of the workspace's documents through the window's FileWatch and,
    once a burst of changes settles, has the workspace settle them (see DiskPolicy).

    A file replaced atomically is a new file: its watch is renewed after every change and
    every save, and the watched paths follow documents as they open, move and close.
    """

    def __init__(self, workspace: Workspace, file_watch: FileWatch, parent: QObject) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._file_watch = file_watch
        self._subscription = file_watch.subscribe(self._on_settled)
        workspace.added.connect(self._on_workspace_added)
        workspace.closed.connect(lambda _document: self.update_paths())

    def check_now(self) -> None:
        """Look at every document's file at once (instead of after the settle delay)."""
        self._file_watch.flush()
        self._on_settled(set(), set())

    def update_paths(self) -> None:
        """Watch each document's file, its folder and, for a bundle, the folder above."""
        wanted, replaced = watched_paths(self._workspace.documents)
        self._subscription.set_paths(wanted)
        self._subscription.renew(replaced)

    def _on_workspace_added(self, document: Document) -> None:
        document.saved.connect(self._on_document_changed_path)
        document.moved.connect(self._on_document_changed_path)
        self.update_paths()

    def _on_document_changed_path(self, _path: Path) -> None:
        self.update_paths()

    def _on_settled(self, _folders: set[Path], _files: set[Path]) -> None:
        if not self._workspace.check_files():
            self._subscription.again_later()  # settle the rest once the writer has answered
            return
        self.update_paths()
