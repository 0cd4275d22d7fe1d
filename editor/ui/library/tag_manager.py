"""The tag manager: every tag with its post count; rename, merge and delete across the library.

The work is done by editor.core.library.tags (the same code as ``postdesk tags``): only the ``tags``
lines of the affected files change, each file atomically, and the last operation can be undone.
A post open with unsaved changes is not written: the change is made in its editor instead, as
one edit that Undo in its tab takes back, and is saved with the writer's other changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.core.errors import PostdeskError
from editor.core.library import tags
from editor.core.library.library import Library, TagCount
from editor.ui.document.plain_text import as_rich_text, plain_label


class OpenDocuments(Protocol):
    """The documents open in the window, as a tag operation needs them."""

    def open_posts(self) -> list[tags.OpenPost]:
        """Every open document that has a file: its path, its text and whether it is unsaved."""
        ...

    def edit_post(self, path: Path, text: str) -> None:
        """Put ``text`` in the editor of the open post ``path`` as one undoable unsaved edit."""
        ...

    def take_back_edit(self, path: Path, text: str) -> bool:
        """Undo that edit if the post still holds ``text``; False when it was edited since."""
        ...


Operation = Callable[[Sequence[tags.OpenPost]], tags.TagChange]


class TagManagerDialog(QDialog):
    """Lists the library's tags and changes them across every post that carries them."""

    files_changed = Signal(list)  # list[Path]: files a tag operation (or its undo) rewrote

    def __init__(
        self,
        library: Library,
        parent: QWidget | None = None,
        documents: OpenDocuments | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tags")
        self.library = library
        self.documents = documents
        self.last_change: tags.TagChange | None = None
        self._counts: list[TagCount] = []
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("tag-table")
        self.table.setHorizontalHeaderLabels(["Tag", "Posts", "Also spelled"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.rename_button = QPushButton("Rename…")
        self.merge_button = QPushButton("Merge into…")
        self.delete_button = QPushButton("Delete")
        self.undo_button = QPushButton("Undo")
        self.rename_button.clicked.connect(self._on_rename_button_clicked)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.undo_button.clicked.connect(self.undo)
        self.duplicates = QWidget()
        self.duplicates.setObjectName("tag-duplicates")
        self._duplicates_layout = QVBoxLayout(self.duplicates)
        self._duplicates_layout.setContentsMargins(0, 0, 0, 0)
        self.summary = plain_label("Select a tag to rename, merge or delete it.")
        self.summary.setObjectName("tag-summary")
        self.summary.setWordWrap(True)
        self.changed_files = QListWidget()
        self.changed_files.setObjectName("tag-changed-files")
        self.changed_files.setMaximumHeight(110)
        self.changed_files.hide()
        buttons = QVBoxLayout()
        for button in (self.rename_button, self.merge_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        top = QHBoxLayout()
        top.addWidget(self.table, 1)
        top.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.summary)
        layout.addWidget(self.changed_files)
        layout.addWidget(close)
        self.resize(620, 560)
        self.reload()

    # --- showing the tags --------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        """Show the library's tags as they are now."""
        self._counts = self.library.tag_counts()
        selected = self.selected_tag()
        self.table.setRowCount(len(self._counts))
        for row, count in enumerate(self._counts):
            others = [spelling for spelling in count.spellings if spelling != count.name]
            name = QTableWidgetItem(count.name)
            number = QTableWidgetItem(str(count.count))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, number)
            self.table.setItem(row, 2, QTableWidgetItem(", ".join(others)))
            if count.name == selected:
                self.table.selectRow(row)
        self._show_duplicates()
        self.undo_button.setEnabled(self.last_change is not None)
        self._on_table_selection_changed()

    def tag_names(self) -> list[str]:
        """The tags listed, most used first."""
        return [count.name for count in self._counts]

    def selected_tag(self) -> str | None:
        """The tag selected in the table."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.text() if item is not None else None

    def _show_duplicates(self) -> None:
        while self._duplicates_layout.count():
            item = self._duplicates_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        groups = tags.likely_duplicates(self._counts)
        self.duplicates.setVisible(bool(groups))
        if not groups:
            return
        title = QLabel("<b>Likely duplicates</b>")
        self._duplicates_layout.addWidget(title)
        for group in groups:
            into = group[0]
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(plain_label(" · ".join(f"“{tag}”" for tag in group)), 1)
            button = QPushButton(f"Merge into “{into}”")
            button.setProperty("merge_group", list(group))
            button.clicked.connect(self._on_duplicate_merge_clicked)
            line.addWidget(button)
            self._duplicates_layout.addWidget(row)

    # --- operations --------------------------------------------------------------------------

    def rename_tag(self, old: str, new: str) -> tags.TagChange | None:
        """Rename ``old`` to ``new`` in every post; None (and the reason shown) on failure."""
        return self._run(lambda posts: tags.rename(self.library, old, new, posts))

    def merge_tags(self, sources: list[str], into: str) -> tags.TagChange | None:
        """Replace each of ``sources`` with ``into`` in every post."""
        return self._run(lambda posts: tags.merge(self.library, sources, into, posts))

    def delete_tag(self, tag: str) -> tags.TagChange | None:
        """Remove ``tag`` from every post."""
        return self._run(lambda posts: tags.delete(self.library, tag, posts))

    @Slot()
    def undo(self) -> None:
        """Put the files of the last operation back as they were."""
        change = self.last_change
        if change is None:
            return
        try:
            change.undo()
        except PostdeskError as error:
            self._show_error(str(error))
            return
        kept = [
            path
            for path, text in change.edited.items()
            if self.documents is None or not self.documents.take_back_edit(path, text)
        ]
        self.last_change = None
        text = f"Undone: {change.summary()}."
        if kept:
            text += f" Edited since, so left as it is in the editor: {self._names(kept)}."
        self._show_summary(text, change)
        self.reload()
        self.files_changed.emit(list(change.files))

    def _run(self, operation: Operation) -> tags.TagChange | None:
        posts = self.documents.open_posts() if self.documents is not None else []
        try:
            change = operation(posts)
        except PostdeskError as error:
            self._show_error(error.message)
            return None
        if self.documents is not None:
            for path, text in change.edited.items():
                self.documents.edit_post(path, text)
        self.last_change = change
        summary = change.summary()
        self._show_summary(summary[:1].upper() + summary[1:] + ".", change)
        self.reload()
        self.files_changed.emit(list(change.files))
        return change

    def _show_summary(self, text: str, change: tags.TagChange) -> None:
        self.summary.setProperty("problem", False)
        self.summary.setText(text)
        self.summary.style().polish(self.summary)
        self.changed_files.clear()
        for path in change.files:
            self.changed_files.addItem(_shown_path(path, self.library.root))
        for path in change.edited:
            self.changed_files.addItem(
                f"{_shown_path(path, self.library.root)}: changed in the editor, to be saved"
            )
        for path, reason in change.left_out.items():
            self.changed_files.addItem(
                f"{_shown_path(path, self.library.root)}: not changed, {reason}"
            )
        self.changed_files.setVisible(self.changed_files.count() > 0)

    def _names(self, paths: list[Path]) -> str:
        return ", ".join(_shown_path(path, self.library.root) for path in paths)

    def _show_error(self, message: str) -> None:
        self.summary.setProperty("problem", True)
        self.summary.setText(f"Nothing changed: {message}")
        self.summary.style().polish(self.summary)
        self.changed_files.hide()

    # --- buttons -----------------------------------------------------------------------------

    @Slot()
    def _on_table_selection_changed(self) -> None:
        has_tag = self.selected_tag() is not None
        for button in (self.rename_button, self.merge_button, self.delete_button):
            button.setEnabled(has_tag)

    @Slot()
    def _on_rename_button_clicked(self) -> None:
        old = self.selected_tag()
        if old is None:
            return
        new, ok = QInputDialog.getText(
            self, "Rename tag", as_rich_text(f"Rename “{old}” to:"), text=old
        )
        if ok and new.strip() and new.strip() != old:
            self.rename_tag(old, new)

    @Slot()
    def _on_merge_button_clicked(self) -> None:
        source = self.selected_tag()
        if source is None:
            return
        choices = [name for name in self.tag_names() if name != source]
        into, ok = QInputDialog.getItem(
            self, "Merge tag", as_rich_text(f"Merge “{source}” into:"), choices, 0, True
        )
        if ok and into.strip():
            self.merge_tags([source], into)

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        tag = self.selected_tag()
        if tag is None:
            return
        count = next((count.count for count in self._counts if count.name == tag), 0)
        answer = QMessageBox.question(
            self,
            "Delete tag",
            as_rich_text(
                f"Remove “{tag}” from {count} post{'' if count == 1 else 's'}? Undo puts it back."
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_tag(tag)

    @Slot()
    def _on_duplicate_merge_clicked(self) -> None:
        button = self.sender()
        group = button.property("merge_group") if button is not None else None
        if group:
            into, *others = group
            self.merge_tags(others, into)


def _shown_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
