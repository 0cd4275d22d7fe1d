"""A readable text column: a wide editor keeps wrapped text in a centred column of a set
number of characters, with empty margins beside it that still act on the text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtGui import QFontMetricsF, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit

# Events in the margins beside the column, which are handed on to the text.
_MARGIN_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }
)
# What changes the column's place or width.
_LAYOUT_EVENTS = frozenset({QEvent.Type.Resize, QEvent.Type.FontChange})


class TextColumn(QObject):
    """Keeps an editor's text in a centred column `width` characters wide (0: no column).

    The column is the editor's viewport between empty margins, so the text wraps at its edge
    and the scroll bar stays at the editor's edge. It follows the editor's size and font;
    without soft wrap the text takes the whole width, since a column would only cut long
    lines off.
    """

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self._editor = editor
        self.width = 0
        editor.installEventFilter(self)

    def set_width(self, characters: int) -> None:
        """Use a column `characters` wide (0: the whole width)."""
        self.width = max(0, characters)
        self.update()

    def update(self) -> None:
        """Place the column again (after a change of wrapping)."""
        editor = self._editor
        # The scroll bar's room is always left out, so that it appearing or going never moves
        # the column.
        room = editor.contentsRect().width() - editor.verticalScrollBar().sizeHint().width()
        margin = 0
        if self.width and editor.lineWrapMode() != QPlainTextEdit.LineWrapMode.NoWrap:
            column = (
                self.width * QFontMetricsF(editor.font()).averageCharWidth()
                + 2 * editor.document().documentMargin()
                + editor.cursorWidth()
                + 1
            )
            margin = max(0, int((room - column) / 2))
        if editor.viewportMargins().left() != margin:
            editor.setViewportMargins(margin, 0, margin, 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: follow the editor's size and font; hand the margins' mouse to the text."""
        kind = event.type()
        if kind in _LAYOUT_EVENTS:
            self.update()
            return False
        if kind not in _MARGIN_EVENTS or not self._editor.viewportMargins().left():
            return False
        assert isinstance(event, QMouseEvent | QWheelEvent)
        viewport = self._editor.viewport()
        point = event.position().toPoint()
        if viewport.geometry().contains(point):
            return False  # passed up from the text itself, not from a margin
        if isinstance(event, QWheelEvent):
            self._editor.wheelEvent(event)
            return True
        # Pressed beside a line, the cursor goes to that line's nearest end.
        inside = viewport.mapFrom(self._editor, point)
        forwarded = QMouseEvent(
            kind,
            QPointF(
                min(max(inside.x(), 0), viewport.width() - 1),
                min(max(inside.y(), 0), viewport.height() - 1),
            ),
            event.globalPosition(),
            event.button(),
            event.buttons(),
            event.modifiers(),
        )
        QApplication.sendEvent(viewport, forwarded)
        return True
