"""What the menus do: one slot per entry of the action table, acting on the main window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu

from editor.core.docfiles import DOCUMENT_FILTER
from editor.core.notes import new_post
from editor.ui import dialogs
from editor.ui.actions import fill_preview_as_menu, fill_theme_menu
from editor.ui.document import DocumentController
from editor.ui.library_commands import open_tag_manager, promote_current_note
from editor.ui.reference import show_markdown_reference

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

_IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.webp *.svg *.avif)"


class MenuCommands(QObject):
    """The slots behind the File, Edit, View and Help menus of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def connect_submenus(self, submenus: dict[str, QMenu]) -> None:
        """Fill the theme submenu and keep the recent-files submenus current."""
        self._theme_group = fill_theme_menu(
            submenus["Theme"], self.window.context.preferences.theme
        )
        self._theme_group.triggered.connect(self._on_theme_group_triggered)
        self._preview_as_group = fill_preview_as_menu(
            submenus["Preview As"], self.window.context.state.preview_as
        )
        self._preview_as_group.triggered.connect(self._on_preview_as_group_triggered)
        self.window.context.preferences.changed.connect(self._on_preferences_changed)
        for name in ("Recent Files", "Recent Libraries"):
            submenus[name].aboutToShow.connect(self._on_recent_menu_about_to_show)
            submenus[name].triggered.connect(self._on_recent_menu_triggered)

    # --- File menu ---------------------------------------------------------------------------

    @Slot()
    def _on_new_post_triggered(self) -> None:
        if self.window.library_root is None:
            self._on_open_library_triggered()
            if self.window.library_root is None:
                return
        open_paths = [document.path for document in self.window.documents() if document.path]
        dialog = dialogs.NewPostDialog(self.window.library_root, open_paths, self.window)
        if not dialog.exec():
            return
        library = self.window.library_pane.library
        post = new_post(dialog.title, author=library.settings.author if library else None)
        document = DocumentController(
            self.window.context, post.to_text(), dialog.path, library_root=self.window.library_root
        )
        document.editor.document().setModified(True)
        self.window.add_document(document)
        document.editor.moveCursor(document.editor.textCursor().MoveOperation.End)

    @Slot()
    def _on_new_note_triggered(self) -> None:
        self.window.add_document(
            DocumentController(self.window.context, "", None, library_root=self.window.library_root)
        )

    @Slot()
    def _on_open_library_triggered(self) -> None:
        root = dialogs.choose_library(self.window)
        if root is not None:
            self.window.open_library(root)

    @Slot()
    def _on_open_file_triggered(self) -> None:
        start = str(self.window.library_root or Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self.window, "Open file", start, DOCUMENT_FILTER)
        if chosen:
            self.window.open_file(Path(chosen))

    @Slot()
    def _on_recent_menu_about_to_show(self) -> None:
        menu = self.sender()
        assert isinstance(menu, QMenu)
        state = self.window.context.state
        files_menu = menu is self.window.submenus["Recent Files"]
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
            self.window.open_file(Path(path)) if kind == "file" else self.window.open_library(
                Path(path)
            )

    @Slot()
    def _on_save_triggered(self) -> None:
        if document := self.window.current_document():
            self.window.save_document(document)

    @Slot()
    def _on_save_as_triggered(self) -> None:
        if document := self.window.current_document():
            self.window.save_document(document, choose_path=True)

    @Slot()
    def _on_export_triggered(self) -> None:
        unsaved = sum(1 for document in self.window.documents() if document.is_modified)
        notice = (
            f"{unsaved} open document{'s have' if unsaved != 1 else ' has'} unsaved changes:"
            " the export reads the saved files."
            if unsaved
            else ""
        )
        self._show_export(None, notice)

    @Slot()
    def _on_export_post_triggered(self) -> None:
        document = self.window.current_document()
        # The export reads the post's file: what the writer sees is saved first.
        if document is None or (
            (document.is_modified or document.path is None)
            and not self.window.save_document(document)
        ):
            return
        self._show_export(document.path)

    def _show_export(self, only: Path | None, notice: str = "") -> None:
        if self.window.library_root is None:
            self._on_open_library_triggered()
            if self.window.library_root is None:
                return
        # Loaded on first use: the export machinery is not needed to show the window.
        from editor.ui.export_dialog import show_export_dialog

        show_export_dialog(
            self.window,
            self.window.context,
            self.window.library_root,
            only,
            notice=notice,
            open_post=self.window.open_file,
        )

    @Slot()
    def _on_preferences_triggered(self) -> None:
        dialogs.PreferencesDialog(self.window.context.preferences, self.window).exec()

    @Slot()
    def _on_close_tab_triggered(self) -> None:
        if document := self.window.current_document():
            self.window.close_document(document)

    @Slot()
    def _on_quit_triggered(self) -> None:
        self.window.close()

    # --- Edit menu ---------------------------------------------------------------------------

    @Slot()
    def _on_editor_action_triggered(self) -> None:
        # Editing commands (undo, bold...) name an editor method and its arguments.
        action = self.sender()
        if isinstance(action, QAction) and (document := self.window.current_document()):
            method, *args = action.data()
            getattr(document.editor, method)(*args)

    @Slot()
    def _on_find_triggered(self) -> None:
        self.window.find_bar.start(replace=False)

    @Slot()
    def _on_find_next_triggered(self) -> None:
        self.window.find_bar.find_next()

    @Slot()
    def _on_find_previous_triggered(self) -> None:
        self.window.find_bar.find_previous()

    @Slot()
    def _on_replace_triggered(self) -> None:
        self.window.find_bar.start(replace=True)

    @Slot()
    def _on_insert_image_triggered(self) -> None:
        document = self.window.current_document()
        if document is None:
            return
        start = str(document.folder or Path.home())
        chosen, _ = QFileDialog.getOpenFileNames(self.window, "Insert image", start, _IMAGE_FILTER)
        if chosen:
            document.add_images([Path(name) for name in chosen])

    # --- View and Help menus -----------------------------------------------------------------

    @Slot(bool)
    def _on_show_library_toggled(self, checked: bool) -> None:
        self.window.library_pane.setVisible(checked)
        self.window.context.state.show_library = checked

    @Slot(bool)
    def _on_show_preview_toggled(self, checked: bool) -> None:
        self.window.preview_area.setVisible(checked)
        self.window.context.state.show_preview = checked

    @Slot(bool)
    def _on_synced_scrolling_toggled(self, checked: bool) -> None:
        self.window.context.preferences.synced_scrolling = checked
        self.window.scroll_sync.enabled = checked

    @Slot(bool)
    def _on_remote_images_toggled(self, checked: bool) -> None:
        document = self.window.current_document()
        if document is not None and document.allow_remote != checked:
            document.allow_remote = checked
            self.window.show_in_preview(document)

    @Slot(QAction)
    def _on_preview_as_group_triggered(self, action: QAction) -> None:
        self.window.context.state.preview_as = action.data()
        self.window.apply_preview_dialect()

    def _on_theme_group_triggered(self, action: QAction) -> None:
        self.window.context.preferences.theme = action.data()

    @Slot(str)
    def _on_preferences_changed(self, key: str) -> None:
        # The Preferences dialog changes the theme too: keep the menu's choice in step.
        if key == "appearance/theme":
            mode = self.window.context.preferences.theme
            for action in self._theme_group.actions():
                action.setChecked(action.data() == mode)

    def _zoom(self, steps: int | None) -> None:
        preferences = self.window.context.preferences
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
        self.window.tabs.step(step)

    @Slot()
    def _on_search_library_triggered(self) -> None:
        self.window.menu_actions["show_library"].setChecked(True)
        self.window.library_pane.search_field.setFocus()
        self.window.library_pane.search_field.selectAll()

    @Slot()
    def _on_manage_tags_triggered(self) -> None:
        open_tag_manager(self.window)

    @Slot()
    def _on_promote_note_triggered(self) -> None:
        promote_current_note(self.window)

    @Slot()
    def _on_markdown_reference_triggered(self) -> None:
        show_markdown_reference(self.window, self.window.menu_actions)

    @Slot()
    def _on_about_triggered(self) -> None:
        dialogs.show_about(self.window)
