"""A library row as the writer sees it: cover thumbnail, the whole title on up to two lines,
date, tags and a status badge."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPixmap, QTextLayout
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from editor.core.library.indexcache import LibraryEntry
from editor.ui.library.library_model import (
    ENTRY_ROLE,
    THUMBNAIL_SIZE,
)

_BADGES = {
    "draft": ("Draft", "#b26b00"),
    "note": ("Note", "#5b6b7a"),
    "broken": ("Cannot read", "#d1242f"),
}
_Index = QModelIndex | QPersistentModelIndex


def title_lines(title: str, font: QFont, first_width: int, width: int) -> list[str]:
    """``title`` wrapped at word breaks onto at most two lines (the first ``first_width``
    wide, beside the badge; the second ``width``); only a title longer than two lines is cut
    short, with … at the end of the second."""
    layout = QTextLayout(title, font)
    layout.beginLayout()
    spans: list[tuple[int, int]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1, first_width if not spans else width))
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    # Qt counts in UTF-16 code units: an emoji in a title is two of them.
    units = title.encode("utf-16-le")

    def text(start: int, end: int) -> str:
        return units[2 * start : 2 * end].decode("utf-16-le", errors="ignore").strip()

    if len(spans) <= 2:
        return [text(start, start + length) for start, length in spans if length]
    first_start, first_length = spans[0]
    rest = text(spans[1][0], len(units) // 2)
    elided = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return [text(first_start, first_start + first_length), elided]


class LibraryDelegate(QStyledItemDelegate):
    """Draws one document: its title across the row (on two lines where needed) with a
    Draft / Note badge, and below it the cover thumbnail beside the date and tags."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """Qt override: room for two title lines, whatever the title: one height for every
        row, so 20,000 rows lay out at once."""
        return QSize(option.rect.width(), 2 * _PADDING + _content_height(option.font, 2))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Qt override."""
        entry = index.data(ENTRY_ROLE)
        if not isinstance(entry, LibraryEntry):
            return
        painter.save()
        palette = option.palette
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_color)
        muted.setAlpha(150)
        left = rect.left() + _PADDING
        width = rect.width() - 2 * _PADDING
        badge = _BADGES.get(entry.kind)
        title_font = QFont(option.font)
        title_font.setBold(True)
        lines = row_title_lines(entry, option.font, rect.width())
        # A one-line title leaves the row's second title line empty: the whole is centred.
        top = rect.top() + (rect.height() - _content_height(option.font, len(lines))) // 2
        if badge is not None:
            self._paint_badge(painter, option.font, badge, rect.right() - _PADDING, top + 2)
        painter.setFont(title_font)
        painter.setPen(text_color)
        line_height = painter.fontMetrics().height()
        for number, line in enumerate(lines):
            line_width = width - (_badge_width(option.font, badge) if number == 0 else 0)
            painter.drawText(
                QRect(left, top, line_width, line_height), Qt.AlignmentFlag.AlignLeft, line
            )
            top += line_height
        top += _GAP
        thumb = QRect(left, top, THUMBNAIL_SIZE.width(), THUMBNAIL_SIZE.height())
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            source = QRect(0, 0, THUMBNAIL_SIZE.width(), THUMBNAIL_SIZE.height())
            source.moveCenter(pixmap.rect().center())
            painter.drawPixmap(thumb, pixmap, source)
        else:
            placeholder = QColor(muted)
            placeholder.setAlpha(40)
            painter.fillRect(thumb, placeholder)
        painter.setFont(option.font)
        metrics = painter.fontMetrics()
        painter.setPen(muted)
        details_left = thumb.right() + _GAP * 2
        details_width = rect.right() - _PADDING - details_left
        date = entry.date.strftime("%b %d, %Y") if entry.date is not None else "No date"
        for detail in (date, " · ".join(entry.tags)):
            shown = metrics.elidedText(detail, Qt.TextElideMode.ElideRight, details_width)
            painter.drawText(
                QRect(details_left, top, details_width, metrics.height()),
                Qt.AlignmentFlag.AlignLeft,
                shown,
            )
            top += metrics.height()
        painter.setPen(QColor(muted.red(), muted.green(), muted.blue(), 50))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        painter.restore()

    @staticmethod
    def _paint_badge(
        painter: QPainter, font: QFont, badge: tuple[str, str], right: int, top: int
    ) -> None:
        painter.setFont(_badge_font(font))
        width = _badge_width(font, badge) - _GAP
        area = QRect(right - width, top, width, painter.fontMetrics().height() + 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(badge[1]))
        painter.drawRoundedRect(area, 4, 4)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, badge[0])


def row_title_lines(entry: LibraryEntry, font: QFont, row_width: int) -> list[str]:
    """The title lines a row ``row_width`` wide shows for ``entry`` (in bold ``font``)."""
    bold = QFont(font)
    bold.setBold(True)
    width = row_width - 2 * _PADDING
    first_width = width - _badge_width(font, _BADGES.get(entry.kind))
    return title_lines(entry.title or entry.path.stem, bold, first_width, width)


_PADDING = 8  # around a row's content
_GAP = 4  # between the title and the line below it, and beside the badge


def _badge_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
    return small


def _badge_width(font: QFont, badge: tuple[str, str] | None) -> int:
    """The room a badge takes at the end of the first title line (0 for none)."""
    if badge is None:
        return 0
    return QFontMetrics(_badge_font(font)).horizontalAdvance(badge[0]) + 10 + _GAP


def _content_height(font: QFont, title_lines: int) -> int:
    """A row's content: the title lines, then the thumbnail beside the date and tags."""
    bold = QFont(font)
    bold.setBold(True)
    details = max(THUMBNAIL_SIZE.height(), 2 * QFontMetrics(font).height())
    return title_lines * QFontMetrics(bold).height() + _GAP + details
