"""What the menus do: one slot per entry of the action table, acting on the workspace and
the window parts the menus show and hide."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from editor.core.document.docfiles import DOCUMENT_FILTER
from editor.core.document.notes import new_post
from editor.core.render.dialects import preview_dialect
from editor.ui.document.find_bar import FindBar
from editor.ui.library.library_commands import open_tag_manager, promote_current_note
from editor.ui.library.library_pane import LibraryPane
from editor.ui.preview.preview_follower import PreviewFollower
from editor.ui.preview.scroll_sync import ScrollSync
from editor.ui.window import dialogs
from editor.ui.window.actions import fill_preview_as_menu, fill_theme_menu
from editor.ui.window.document_tabs import DocumentTabs
from editor.ui.window.reference import show_markdown_reference
from editor.ui.window.workspace import WindowWorkspace

_IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.webp *.svg *.avif)"


@dataclass(frozen=True)
class WindowParts:
    """The parts of the window the View, Edit and Library menus act on, and what the
    window does for them (open a library)."""

    window: QWidget  # dialogs show over it; File > Quit closes it
    library_pane: LibraryPane
    find_bar: FindBar
    tabs: DocumentTabs
    preview_area: QWidget
    scroll_sync: ScrollSync
    open_library: Callable[[Path], None]
    preview_follower: PreviewFollower


class MenuCommands(QObject):
    """The slots behind the File, Edit, View and Help menus of one window."""

    def __init__(self, workspace: WindowWorkspace, parts: WindowParts) -> None:
        super().__init__(parts.window)
        self.workspace = workspace
        self.context = workspace.context
        self.parts = parts
        self.menu_actions: dict[str, QAction] = {}
        self.submenus: dict[str, QMenu] = {}

    def connect_menus(self, menu_actions: dict[str, QAction], submenus: dict[str, QMenu]) -> None:
        """Fill the theme submenu and keep the recent-files submenus current."""
        self.menu_actions, self.submenus = menu_actions, submenus
        self._theme_group = fill_theme_menu(submenus["Theme"], self.context.preferences.theme)
        self._theme_group.triggered.connect(self._on_theme_group_triggered)
        self._preview_as_group = fill_preview_as_menu(
            submenus["Preview As"], self.context.state.preview_as
        )
        self._preview_as_group.triggered.connect(self._on_preview_as_group_triggered)
        self.context.preferences.changed.connect(self._on_preferences_changed)
        for name in ("Recent Files", "Recent Libraries"):
            submenus[name].aboutToShow.connect(self._on_recent_menu_about_to_show)
            submenus[name].triggered.connect(self._on_recent_menu_triggered)

    # --- File menu ---------------------------------------------------------------------------

    @Slot()
    def _on_new_post_triggered(self) -> None:
        if self.workspace.library_root is None:
            self._on_open_library_triggered()
        root = self.workspace.library_root
        if root is None:
            return
        dialog = dialogs.NewPostDialog(root, self.workspace.core.open_paths(), self.parts.window)
        if not dialog.exec():
            return
        library = self.parts.library_pane.library
        post = new_post(dialog.title, author=library.settings.author if library else None)
        document = self.workspace.new_document(post.to_text(), dialog.path)
        document.editor.document().setModified(True)
        self.workspace.add(document)
        document.editor.moveCursor(document.editor.textCursor().MoveOperation.End)

    @Slot()
    def _on_new_note_triggered(self) -> None:
        self.workspace.add(self.workspace.new_document())

    @Slot()
    def _on_open_library_triggered(self) -> None:
        root = dialogs.choose_library(self.parts.window)
        if root is not None:
            self.parts.open_library(root)

    @Slot()
    def _on_open_file_triggered(self) -> None:
        start = str(self.workspace.library_root or Path.home())
        chosen, _ = QFileDialog.getOpenFileName(
            self.parts.window, "Open file", start, DOCUMENT_FILTER
        )
        if chosen:
            self.workspace.open_file(Path(chosen))

    @Slot()
    def _on_recent_menu_about_to_show(self) -> None:
        menu = self.sender()
        assert isinstance(menu, QMenu)
        state = self.context.state
        files_menu = menu is self.submenus["Recent Files"]
        paths = state.recent_files() if files_menu else state.recent_libraries()
        menu.clear()
        for path in paths:
            action = menu.addAction(str(path))
            action.setEnabled(path.exists())
            action.setData(("file" if files_menu else "library", str(path)))
        if not paths:
            menu.addAction("Nothing yet").setEnabled(False)

    @Slot(QAction)
    def _on_recent_menu_triggered(self, action: QAction) -> None:
        if action.data():
            kind, path = action.data()
            if kind == "file":
                self.workspace.open_file(Path(path))
            else:
                self.parts.open_library(Path(path))

    @Slot()
    def _on_save_triggered(self) -> None:
        if document := self.workspace.current():
            self.workspace.save(document)

    @Slot()
    def _on_save_as_triggered(self) -> None:
        if document := self.workspace.current():
            self.workspace.save(document, choose_path=True)

    @Slot()
    def _on_export_triggered(self) -> None:
        unsaved = sum(1 for document in self.workspace.core.documents if document.is_modified)
        notice = (
            f"{unsaved} open document{'s have' if unsaved != 1 else ' has'} unsaved changes:"
            " the export reads the saved files."
            if unsaved
            else ""
        )
        self._show_export(None, notice)

    @Slot()
    def _on_export_post_triggered(self) -> None:
        document = self.workspace.current()
        # The export reads the post's file: what the writer sees is saved first.
        if document is None or (
            (document.is_modified or document.path is None) and not self.workspace.save(document)
        ):
            return
        self._show_export(document.path)

    def _show_export(self, only: Path | None, notice: str = "") -> None:
        if self.workspace.library_root is None:
            self._on_open_library_triggered()
        root = self.workspace.library_root
        if root is None:
            return
        # Loaded on first use: the export machinery is not needed to show the window.
        from editor.ui.export.export_dialog import show_export_dialog

        show_export_dialog(
            self.parts.window,
            self.context,
            root,
            only,
            notice=notice,
            open_post=self.workspace.open_file,
        )

    @Slot()
    def _on_preferences_triggered(self) -> None:
        dialogs.PreferencesDialog(self.context.preferences, self.parts.window).exec()

    @Slot()
    def _on_close_tab_triggered(self) -> None:
        if document := self.workspace.current():
            self.workspace.close(document)

    @Slot()
    def _on_quit_triggered(self) -> None:
        self.parts.window.close()

    # --- Edit menu ---------------------------------------------------------------------------

    @Slot()
    def _on_editor_action_triggered(self) -> None:
        # Editing commands (undo, bold...) name an editor method and its arguments.
        action = self.sender()
        if isinstance(action, QAction) and (document := self.workspace.current()):
            method, *args = action.data()
            getattr(document.editor, method)(*args)

    @Slot()
    def _on_find_triggered(self) -> None:
        self.parts.find_bar.start(replace=False)

    @Slot()
    def _on_find_next_triggered(self) -> None:
        self.parts.find_bar.find_next()

    @Slot()
    def _on_find_previous_triggered(self) -> None:
        self.parts.find_bar.find_previous()

    @Slot()
    def _on_replace_triggered(self) -> None:
        self.parts.find_bar.start(replace=True)

    @Slot()
    def _on_insert_image_triggered(self) -> None:
        document = self.workspace.current()
        if document is None:
            return
        start = str(document.folder or Path.home())
        chosen, _ = QFileDialog.getOpenFileNames(
            self.parts.window, "Insert image", start, _IMAGE_FILTER
        )
        if chosen:
            document.add_images([Path(name) for name in chosen])

    # --- View and Help menus -----------------------------------------------------------------

    @Slot(bool)
    def _on_show_library_toggled(self, checked: bool) -> None:
        self.parts.library_pane.setVisible(checked)
        self.context.state.show_library = checked

    @Slot(bool)
    def _on_show_preview_toggled(self, checked: bool) -> None:
        self.parts.preview_area.setVisible(checked)
        self.context.state.show_preview = checked

    @Slot(bool)
    def _on_synced_scrolling_toggled(self, checked: bool) -> None:
        self.context.preferences.synced_scrolling = checked
        self.parts.scroll_sync.enabled = checked

    @Slot(bool)
    def _on_remote_images_toggled(self, checked: bool) -> None:
        document = self.workspace.current()
        if document is not None and document.allow_remote != checked:
            document.allow_remote = checked
            self.parts.preview_follower.show(document)

    @Slot(QAction)
    def _on_preview_as_group_triggered(self, action: QAction) -> None:
        self.context.state.preview_as = action.data()
        self.apply_preview_dialect()

    def apply_preview_dialect(self) -> None:
        """Show every document as the chosen blog shows it (by default the library's blog)."""
        library = self.parts.library_pane.library
        settings = library.settings if library is not None else None
        profile = settings.export_profile if settings is not None else None
        target = settings.export_target if settings is not None else None
        own = preview_dialect(profile, target)
        # The menu names the engine the library's blog renders with, and the file that says.
        source = f", {own.config}" if own.config else ""
        self.submenus["Preview As"].actions()[0].setText(
            f"The Library's &Blog ({own.engine}{source})"
        )
        dialect = preview_dialect(profile, target, self.context.state.preview_as or None)
        if dialect == self.context.preview_dialect:
            return
        self.context.preview_dialect = dialect
        for document in self.workspace.documents():
            document.render_now()

    def _on_theme_group_triggered(self, action: QAction) -> None:
        self.context.preferences.theme = action.data()

    @Slot(str)
    def _on_preferences_changed(self, key: str) -> None:
        # The Preferences dialog changes the theme too: keep the menu's choice in step.
        if key == "appearance/theme":
            mode = self.context.preferences.theme
            for action in self._theme_group.actions():
                action.setChecked(action.data() == mode)

    def _zoom(self, steps: int | None) -> None:
        preferences = self.context.preferences
        preferences.zoom_steps = (
            0 if steps is None else max(-5, min(10, preferences.zoom_steps + steps))
        )

    @Slot()
    def _on_zoom_in_triggered(self) -> None:
        self._zoom(+1)

    @Slot()
    def _on_zoom_out_triggered(self) -> None:
        self._zoom(-1)

    @Slot()
    def _on_zoom_reset_triggered(self) -> None:
        self._zoom(None)

    # --- Library menu ------------------------------------------------------------------------

    @Slot()
    def _on_next_tab_triggered(self) -> None:
        self._step_tab(1)

    @Slot()
    def _on_previous_tab_triggered(self) -> None:
        self._step_tab(-1)

    def _step_tab(self, step: int) -> None:
        self.parts.tabs.step(step)

    @Slot()
    def _on_search_library_triggered(self) -> None:
        self.menu_actions["show_library"].setChecked(True)
        self.parts.library_pane.search_field.setFocus()
        self.parts.library_pane.search_field.selectAll()

    @Slot()
    def _on_manage_tags_triggered(self) -> None:
        open_tag_manager(self.workspace, self.parts.library_pane, self.parts.window)

    @Slot()
    def _on_promote_note_triggered(self) -> None:
        promote_current_note(self.workspace, self.parts.library_pane)

    @Slot()
    def _on_markdown_reference_triggered(self) -> None:
        show_markdown_reference(self.parts.window, self.menu_actions)

    @Slot()
    def _on_about_triggered(self) -> None:
        dialogs.show_about(self.parts.window)
