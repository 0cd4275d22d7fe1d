"""Synced scrolling: the editor and the preview show the same part of the post."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from editor.ui.app.debounce import Debounce
from editor.ui.document.editor_pane import MarkdownEditor
from editor.ui.preview.preview_pane import PreviewPane


class ScrollSync(QObject):
    """Follows the active editor: its cursor and scrolling move the preview, and back."""

    def __init__(
        self, preview: PreviewPane, *, enabled: bool, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self._preview = preview
        self._editor: MarkdownEditor | None = None
        self._following_preview = False
        # Scroll events come in bursts: send the preview one position per frame at most.
        self._follow_scroll = Debounce(16, self._follow_editor_scroll, self)
        preview.line_scrolled.connect(self._on_preview_line_scrolled)

    def set_editor(self, editor: MarkdownEditor | None) -> None:
        """Follow `editor` (the active tab's) instead of the previous one."""
        if self._editor is not None:
            self._editor.cursorPositionChanged.disconnect(self._on_editor_cursor_moved)
            self._editor.verticalScrollBar().valueChanged.disconnect(self._on_editor_scrolled)
        self._editor = editor
        if editor is not None:
            editor.cursorPositionChanged.connect(self._on_editor_cursor_moved)
            editor.verticalScrollBar().valueChanged.connect(self._on_editor_scrolled)

    @Slot()
    def _on_editor_cursor_moved(self) -> None:
        if self.enabled and self._editor is not None:
            self._preview.scroll_to_line(self._editor.cursor_line(), reveal=True)

    @Slot(int)
    def _on_editor_scrolled(self, _value: int) -> None:
        if self.enabled and not self._following_preview:
            self._follow_scroll.request()

    def _follow_editor_scroll(self) -> None:
        if self._editor is None:
            return
        self._preview.scroll_to_line(self._editor.top_line(), reveal=False)
        # The rendered post is taller than its source: keep what is being typed in view too.
        if self._editor.viewport().rect().contains(self._editor.cursorRect()):
            self._preview.scroll_to_line(self._editor.cursor_line(), reveal=True)

    @Slot(int)
    def _on_preview_line_scrolled(self, line: int) -> None:
        if not self.enabled or self._editor is None:
            return
        self._following_preview = True
        try:
            self._editor.scroll_to_line(line)
        finally:
            self._following_preview = False
