"""The main window: library, editor tabs and preview side by side, menus and status bar."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.core.library.library import Library
from editor.core.workspace.session import session_file
from editor.ui.app.context import AppContext
from editor.ui.document.document import DocumentController
from editor.ui.document.find_bar import FindBar
from editor.ui.files.file_watch import FileWatch
from editor.ui.files.recovery import RecoveryKeeper
from editor.ui.library.library_pane import LibraryPane
from editor.ui.metadata.metadata_pane import MetadataPane
from editor.ui.preview.preview_follower import PreviewFollower
from editor.ui.preview.preview_pane import PreviewPane
from editor.ui.preview.scroll_sync import ScrollSync
from editor.ui.window import dialogs
from editor.ui.window.actions import build_menus, document_actions
from editor.ui.window.commands import MenuCommands, WindowParts
from editor.ui.window.document_tabs import DocumentTabs, window_title
from editor.ui.window.info_bars import DocumentBar, RemoteImagesBar, with_bar_above
from editor.ui.window.session_keeper import SessionKeeper
from editor.ui.window.status import DocumentStatus
from editor.ui.window.workspace import WindowWorkspace


class MainWindow(QMainWindow):
    """One window; each tab is a DocumentController, and the preview follows the active one."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setWindowIcon(QIcon(_icon_path()))
        # One watcher for the library's files and the open documents' files.
        self.file_watch = FileWatch(self)
        self.workspace = WindowWorkspace(
            context, dialogs.DialogAsker(self, self.statusBar()), self.file_watch, self
        )
        self.library_pane = LibraryPane(
            context.tasks.pool,
            index_folder=context.config_dir / "library-index",
            file_watch=self.file_watch,
        )
        self.tabs = DocumentTabs(self.workspace)
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.preview = PreviewPane(pending_covers=context.pending_covers)
        self.document_bar = DocumentBar()
        self.remote_bar = RemoteImagesBar()
        self.preview_area = with_bar_above(self.remote_bar, self.preview)
        editor_area = QWidget()
        layout = QVBoxLayout(editor_area)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._empty_hint = QLabel(
            "Open a post from the library on the left,\nor start one with File ▸ New Post."
        )
        self._empty_hint.setObjectName("empty-hint")
        self._empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self._empty_hint)
        layout.addWidget(self.document_bar)
        layout.addWidget(self.tabs)
        layout.addWidget(self.find_bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for pane in (self.library_pane, editor_area, self.preview_area):
            self.splitter.addWidget(pane)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([240, 560, 600])
        self.setCentralWidget(self.splitter)
        self.scroll_sync = ScrollSync(
            self.preview, enabled=context.preferences.synced_scrolling, parent=self
        )
        self.status = DocumentStatus(self.statusBar())
        self.preview_follower = PreviewFollower(
            context, self.preview, self.scroll_sync, self.status, self
        )
        self.commands = MenuCommands(
            self.workspace,
            WindowParts(
                self,
                self.library_pane,
                self.find_bar,
                self.tabs,
                self.preview_area,
                self.scroll_sync,
                self.open_library,
                self.preview_follower,
            ),
        )
        self.menu_actions, self.submenus = build_menus(self, self.commands)
        self.commands.connect_menus(self.menu_actions, self.submenus)
        self.recovery = RecoveryKeeper(self.workspace, self)
        self.recovery.problem_found.connect(self.statusBar().showMessage)
        self.session = SessionKeeper(
            self.tabs, session_file(context.config_dir), lambda: self.library_root, self
        )
        self.session.problem_found.connect(self.statusBar().showMessage)
        self.preview.remote_blocked.connect(self.remote_bar.setVisible)
        self.remote_bar.load_requested.connect(self.menu_actions["remote_images"].trigger)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.tabs.titles_changed.connect(self._update_title)
        self.tabs.problem_found.connect(self.statusBar().showMessage)
        self.tabs.cover_image_chosen.connect(self.preview_follower.reload)
        self.workspace.document_added.connect(self._on_workspace_document_added)
        self.workspace.document_saved.connect(self._on_workspace_document_saved)
        self.library_pane.post_activated.connect(self._on_library_post_activated)
        self.library_pane.library_loaded.connect(self._on_library_loaded)
        self.library_pane.library_loaded.connect(self.tabs.set_library)
        self.library_pane.library_loaded.connect(self.workspace.core.set_library)
        self.library_pane.library_changed.connect(self.workspace.core.set_library)
        self.library_pane.library_changed.connect(self.tabs.set_library)
        context.preferences.changed.connect(self._on_preferences_changed)
        context.theme.changed.connect(self._on_theme_changed)
        self._restore_state()
        self._apply_editor_preferences()
        self._activate(None)

    # --- documents ---------------------------------------------------------------------------

    @property
    def library_root(self) -> Path | None:
        """The open library's folder."""
        return self.workspace.library_root

    def documents(self) -> list[DocumentController]:
        """The open documents."""
        return self.workspace.documents()

    def current_document(self) -> DocumentController | None:
        """The document in the active tab."""
        return self.workspace.current()

    @property
    def metadata_pane(self) -> MetadataPane | None:
        """The details of the post in the active tab."""
        return self.tabs.current_details()

    def open_library(self, root: Path) -> None:
        """Show `root`'s posts in the library pane and remember it."""
        self.workspace.set_library_root(root.resolve())
        self.library_pane.open_library(root.resolve())
        self.context.state.add_recent_library(root.resolve())
        self._update_title()

    def restore_session(self) -> None:
        """Open the tabs the writer left open in this library (after a quit or a crash)."""
        if self.library_root is not None:
            self.session.restore(self.library_root, self.workspace.open_file)

    @Slot(object)
    def _on_workspace_document_added(self, document: DocumentController) -> None:
        self._apply_editor_preferences(document)
        self.preview_follower.follow(document)
        document.problem_found.connect(self._on_document_problem_found)
        document.images_need_folder.connect(self._on_document_images_need_folder)

    @Slot(object, Path)
    def _on_workspace_document_saved(self, _document: DocumentController, path: Path) -> None:
        # The post as the library lists it: a link in the library, not the file it points at.
        listed = path.parent.resolve() / path.name
        if self.library_root is not None and self.library_root in listed.parents:
            self.library_pane.refresh(listed)

    def _activate(self, document: DocumentController | None) -> None:
        # The page first: Chromium loads it while the rest of the window catches up.
        self.preview_follower.show(document)
        self.tabs.setVisible(document is not None)
        self._empty_hint.setVisible(document is None)
        self.scroll_sync.set_editor(document.editor if document else None)
        self.find_bar.set_editor(document.editor if document else None)
        self.status.show_document(document)
        self.document_bar.show_document(document)
        for name in document_actions():
            self.menu_actions[name].setEnabled(document is not None)
        self.menu_actions["remote_images"].setChecked(bool(document and document.allow_remote))
        self.library_pane.select_path(document.path if document else None)
        self._update_title()

    @Slot()
    def _update_title(self) -> None:
        self.setWindowTitle(window_title(self.current_document(), self.library_root))

    # --- document signals --------------------------------------------------------------------

    @Slot(int)
    def _on_tabs_current_changed(self, _index: int) -> None:
        self._activate(self.tabs.current_document())

    @Slot(str)
    def _on_document_problem_found(self, message: str) -> None:
        if self.sender() is self.current_document():
            self.statusBar().showMessage(message, 8000)

    @Slot(object)
    def _on_document_images_need_folder(self, images: Any) -> None:
        document = self.sender()
        assert isinstance(document, DocumentController)
        QMessageBox.information(
            self, "Save first", "Save the document first: its images are kept beside it."
        )
        if self.workspace.save(document):
            document.add_images(images)

    @Slot(Path)
    def _on_library_post_activated(self, path: Path) -> None:
        self.workspace.open_file(path)

    @Slot(object)
    def _on_library_loaded(self, library: Library) -> None:
        self.commands.apply_preview_dialect()
        if not self.tabs.count() and library.entries:
            self.workspace.open_file(library.entries[0].path)
        current = self.current_document()
        # Tabs restored before the library was read: show which row is in front now.
        self.library_pane.select_path(current.path if current is not None else None)

    @Slot()
    def _on_theme_changed(self) -> None:
        colors = self.context.theme.colors()
        for document in self.documents():
            document.editor.set_colors(colors)

    @Slot(str)
    def _on_preferences_changed(self, key: str) -> None:
        if key.startswith(("editor/", "view/")):
            self._apply_editor_preferences()

    def _apply_editor_preferences(self, only: DocumentController | None = None) -> None:
        for document in [only] if only else self.documents():
            document.editor.apply_preferences(self.context.preferences)
        self.preview.set_zoom(1.0 + 0.1 * self.context.preferences.zoom_steps)

    # --- window ------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        state = self.context.state
        if not self.restoreGeometry(state.geometry()):
            # A first start: a roomy window, never larger than the screen it opens on, title
            # bar included (the window manager adds it outside the window's own height).
            screen = self.screen().availableGeometry()
            self.resize(min(1400, screen.width()), min(860, screen.height() - _TITLE_BAR))
        self.splitter.restoreState(state.splitter_state())
        self.menu_actions["show_library"].setChecked(state.show_library)
        self.menu_actions["show_preview"].setChecked(state.show_preview)
        self.library_pane.setVisible(state.show_library)
        self.preview_area.setVisible(state.show_preview)
        self.menu_actions["synced_scrolling"].setChecked(self.context.preferences.synced_scrolling)

    def event(self, event: QEvent) -> bool:
        """Qt override: take the keyboard back when a dialog closes.

        Without a window manager (a bare X display) nothing else would, and the menu shortcuts
        would stop working after the first dialog.
        """
        if event.type() == QEvent.Type.WindowUnblocked:
            self.activateWindow()
        return super().event(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Qt override: settle the unsaved documents, then remember the window and its tabs."""
        if not self.workspace.core.settle_all_unsaved():
            event.ignore()
            return
        self.session.shut_down()
        self.context.state.set_geometry(self.saveGeometry())
        self.context.state.set_splitter_state(self.splitter.saveState())
        self.recovery.shut_down()
        self.library_pane.shut_down()
        event.accept()


_TITLE_BAR = 40  # pixels, a generous title bar


def _icon_path() -> str:
    return str(files("editor.resources") / "ui" / "icons" / "postdesk.svg")
