"""Folding the front matter in the editor: its lines hide behind the first one, never changing
the text.

The fold hides text blocks (lines) of the document's layout, which is not part of the text, its
undo stack or its line numbers: saving, undo and the preview's line mapping see every line.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QRect, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter, QTextBlock, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from editor.core.blog.blogfile import front_matter_last_line

# The first line of a front matter block in each format (YAML, TOML, JSON).
_OPENINGS = ("---", "+++", "{")


class FrontMatterFold(QObject):
    """Hides all but the first line of an editor's front matter while folded.

    The fold follows the front matter as it grows or shrinks (typed, undone or set by the
    details form). Folding is a wish that lasts while the text has no front matter, so a
    block that appears (the form adds a title to a note) or comes back (an undo) is folded.
    The fold opens, and the wish ends, when the cursor moves into a hidden line.
    """

    folded_changed = Signal(bool)  # lines were hidden (True) or shown again (False)

    def __init__(self, editor: QPlainTextEdit, colors: dict[str, str]) -> None:
        super().__init__(editor)
        self._editor = editor
        self._wanted = False
        self._last = 0  # the hidden block's last line (0-based); 0 while nothing is hidden
        self._body_start = 0  # the text position just after that line
        self._colors = colors
        editor.document().contentsChange.connect(self._on_document_contents_change)
        editor.cursorPositionChanged.connect(self._on_editor_cursor_position_changed)

    @property
    def is_folded(self) -> bool:
        """True while front matter lines are hidden."""
        return self._last > 0

    def set_folded(self, folded: bool) -> None:
        """Fold the front matter (now and whenever the text has one), or show it."""
        self._wanted = folded
        last = front_matter_last_line(self._editor.toPlainText()) if folded else 0
        if 0 < self._editor.textCursor().blockNumber() <= last:
            # Folding away the line being edited: the cursor goes to the start of the body.
            after = self._editor.document().findBlockByNumber(last + 1)
            target = after if after.isValid() else self._editor.document().firstBlock()
            self._editor.setTextCursor(QTextCursor(target))
        self._hide_through(last)

    def can_fold(self) -> bool:
        """True when the text has front matter of more than one line."""
        return front_matter_last_line(self._editor.toPlainText()) > 0

    def set_colors(self, colors: dict[str, str]) -> None:
        """Draw the marker in the theme's colours."""
        self._colors = colors
        self._editor.viewport().update()

    # --- the marker --------------------------------------------------------------------------

    def marker_rect(self) -> QRect | None:
        """Where the marker is drawn after the first line, in viewport coordinates."""
        if not self.is_folded:
            return None
        editor = self._editor
        block = editor.document().firstBlock()
        # (The geometry first: it lays the line out again when the fold just changed.)
        top_left = editor.blockBoundingGeometry(block).translated(editor.contentOffset()).topLeft()
        layout = block.layout()
        if layout is None or layout.lineCount() == 0:
            return None
        line = layout.lineAt(layout.lineCount() - 1)
        metrics = editor.fontMetrics()
        gap = metrics.horizontalAdvance(" ")
        left = top_left.x() + layout.position().x() + line.naturalTextRect().right() + gap
        width = metrics.horizontalAdvance(self.marker_text()) + 2 * gap
        top = top_left.y() + layout.position().y() + line.y()
        return QRectF(left, top + 1, width, line.height() - 2).toAlignedRect()

    def marker_text(self) -> str:
        """What the marker says: how long the folded block is."""
        return f"⋯ front matter ({self._last + 1} lines)"

    def paint_marker(self, painter: QPainter) -> None:
        """Draw the marker (a muted rounded label) when folded and the first line is in view."""
        rect = self.marker_rect()
        if rect is None or not rect.intersects(self._editor.viewport().rect()):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(self._colors["border"]))
        painter.setBrush(QColor(self._colors["alternate_base"]))
        radius = rect.height() / 4
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        painter.setPen(QColor(self._colors["muted"]))
        painter.setFont(self._editor.font())
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.marker_text())
        painter.restore()

    def is_on_marker(self, point: QPoint) -> bool:
        """True when `point` (viewport coordinates) is on the marker."""
        rect = self.marker_rect()
        return rect is not None and rect.contains(point)

    def is_entered_by(self, key: int) -> bool:
        """True when an arrow `key` would move the cursor into the hidden lines.

        Qt's cursor steps over hidden lines; the writer who presses Down on the first line
        means to go to the second.
        """
        if not self.is_folded:
            return False
        cursor = self._editor.textCursor()
        block = cursor.block()
        number = block.blockNumber()
        if number == 0:
            return (key == Qt.Key.Key_Right and cursor.atBlockEnd()) or (
                key == Qt.Key.Key_Down and _line_in_block(block, cursor) == _line_count(block) - 1
            )
        if number == self._last + 1:
            return (key == Qt.Key.Key_Left and cursor.atBlockStart()) or (
                key == Qt.Key.Key_Up and _line_in_block(block, cursor) == 0
            )
        return False

    # --- following the text ------------------------------------------------------------------

    @Slot(int, int, int)
    def _on_document_contents_change(self, position: int, _removed: int, _added: int) -> None:
        if not self._wanted:
            return
        if self.is_folded and position >= self._body_start:
            return  # a body edit: the front matter is as it was
        opening = self._editor.document().firstBlock().text()
        if not self.is_folded and not opening.startswith(_OPENINGS):
            return  # no front matter can have appeared
        last = front_matter_last_line(self._editor.toPlainText())
        if 0 < self._editor.textCursor().blockNumber() <= last:
            # The writer is typing inside the block (Enter on its first line): keep it open.
            self._wanted = False
            last = 0
        self._hide_through(last)

    @Slot()
    def _on_editor_cursor_position_changed(self) -> None:
        if self.is_folded and 0 < self._editor.textCursor().blockNumber() <= self._last:
            # Find, go to line or a click put the cursor on a hidden line: show it.
            self.set_folded(False)
            self._editor.ensureCursorVisible()

    def _hide_through(self, last: int) -> None:
        """Hide lines 1 to `last` (0-based; none when 0) and show the others that were hidden."""
        document = self._editor.document()
        through = max(last, self._last)
        if through == 0:
            return
        block = document.firstBlock()
        while block.isValid() and block.blockNumber() <= through:
            block.setVisible(block.blockNumber() == 0 or block.blockNumber() > last)
            block = block.next()
        # Lines an edit moved past the old fold (a whole block deleted) are shown again.
        while block.isValid() and not block.isVisible():
            block.setVisible(True)
            block = block.next()
        was_folded = self.is_folded
        self._last = last
        after = document.findBlockByNumber(last + 1)
        self._body_start = after.position() if after.isValid() else document.characterCount()
        # The layout lays out those lines again (heights, scroll range); the text, its undo
        # stack and its modified flag are untouched.
        end = block.position() if block.isValid() else document.characterCount()
        document.markContentsDirty(0, end)
        self._editor.viewport().update()
        if was_folded != self.is_folded:
            self.folded_changed.emit(self.is_folded)


def _line_count(block: QTextBlock) -> int:
    layout = block.layout()
    return max(1, layout.lineCount()) if layout is not None else 1


def _line_in_block(block: QTextBlock, cursor: QTextCursor) -> int:
    layout = block.layout()
    if layout is None or layout.lineCount() == 0:
        return 0
    return layout.lineForTextPosition(cursor.positionInBlock()).lineNumber()
