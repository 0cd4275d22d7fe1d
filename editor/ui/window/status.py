"""The status bar: words, reading time, cursor position and whether the document is saved."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QLabel, QStatusBar

from editor.core.render.docrender import RenderResult
from editor.ui.document.document import DocumentController


class DocumentStatus(QObject):
    """Keeps the status bar's permanent labels about the active document up to date."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self._bar = bar
        self.words = QLabel()
        self.reading_time = QLabel()
        self.position = QLabel()
        self.state = QLabel()
        for label in (self.words, self.reading_time, self.position, self.state):
            bar.addPermanentWidget(label)
        self._document: DocumentController | None = None
        self.show_document(None)

    def show_document(self, document: DocumentController | None) -> None:
        """Describe `document` (the active tab's), or nothing."""
        if self._document is not None:
            self._document.editor.cursorPositionChanged.disconnect(self._on_editor_cursor_moved)
            self._document.modified_changed.disconnect(self._on_document_modified_changed)
        self._document = document
        if document is None:
            for label in (self.words, self.reading_time, self.position, self.state):
                label.clear()
            return
        document.editor.cursorPositionChanged.connect(self._on_editor_cursor_moved)
        document.modified_changed.connect(self._on_document_modified_changed)
        if document.last_result is not None:
            self.show_counts(document.last_result)
        self._on_editor_cursor_moved()
        self._on_document_modified_changed(document.is_modified)

    def show_counts(self, result: RenderResult) -> None:
        """Show the word count and reading time of a render."""
        self.words.setText(f"{result.words:,} words")
        self.reading_time.setText(f"{result.minutes} min read")

    @Slot()
    def _on_editor_cursor_moved(self) -> None:
        if self._document is None:
            return
        cursor = self._document.editor.textCursor()
        self.position.setText(f"Ln {cursor.blockNumber() + 1}, Col {cursor.positionInBlock() + 1}")

    @Slot(bool)
    def _on_document_modified_changed(self, modified: bool) -> None:
        if self._document is None:
            return
        if self._document.path is None:
            self.state.setText("Not saved yet")
        elif self._document.deleted:
            self.state.setText("Deleted on disk")
        else:
            self.state.setText("Modified" if modified else "Saved")
