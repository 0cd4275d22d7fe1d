"""The Markdown editor: a plain-text editor that helps with lists, indentation and formatting."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFontDatabase,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from editor.ui.app.settings import Preferences
from editor.ui.document.folding import FrontMatterFold
from editor.ui.document.highlighter import MarkdownHighlighter
from editor.ui.document.text_column import TextColumn

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp"})

_LIST_ITEM = re.compile(r"^(\s*)(?:([-*+])|(\d{1,9})([.)]))(\s+)(\[[ xX]\]\s+)?")
_QUOTE_PREFIX = re.compile(r"^(\s{0,3}>\s?)+")

# The keys keyPressEvent handles itself, for the keyboard reference (menu keys come from the
# action table).
EDITOR_KEYS = (
    ("Tab", "Indent the line, or every selected line"),
    ("Shift+Tab", "Outdent the line, or every selected line"),
    ("Return", "Continue a list item or a quote; on an empty item, end the list"),
)


class MarkdownEditor(QPlainTextEdit):
    """The text of one document; images pasted or dropped into it are handed to its owner."""

    images_received = Signal(list)  # list[Path]: image files dropped or pasted
    image_pasted = Signal(QImage)  # image data from the clipboard (a screenshot)
    front_matter_fold_changed = Signal(bool)  # the front matter's lines were hidden or shown

    def __init__(self, colors: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markdown-editor")
        self.tab_width = 4
        self._column = TextColumn(self)
        self._current_line_color = QColor(colors["current_line"])
        self.highlighter = MarkdownHighlighter(self.document(), colors)
        self._fold = FrontMatterFold(self, colors)
        self._fold.folded_changed.connect(self.front_matter_fold_changed)
        self.setCenterOnScroll(False)
        self.document().setDocumentMargin(12)
        self.viewport().setMouseTracking(True)  # the pointer changes over the fold marker
        self._pointer_on_marker = False
        self.cursorPositionChanged.connect(self._on_cursor_position_changed)
        self._on_cursor_position_changed()

    # --- appearance --------------------------------------------------------------------------

    def set_colors(self, colors: dict[str, str]) -> None:
        """Follow a theme change."""
        self._current_line_color = QColor(colors["current_line"])
        self.highlighter.set_colors(colors)
        self._fold.set_colors(colors)
        self._on_cursor_position_changed()

    def apply_preferences(self, preferences: Preferences) -> None:
        """Take the writer's editor preferences: tab width, font and its size with the zoom,
        soft wrap and the text column's width."""
        self.tab_width = preferences.tab_width
        size = preferences.editor_font_size + preferences.zoom_steps
        family = preferences.editor_font_family
        self.set_font_choice(family, size, proportional=preferences.proportional_font)
        self.set_soft_wrap(preferences.soft_wrap)
        self.set_max_line_width(preferences.max_line_width)

    def set_font_choice(self, family: str, size: int, *, proportional: bool) -> None:
        """Use `family` (or the system's fixed or general font when empty) at `size` points."""
        kind = (
            QFontDatabase.SystemFont.GeneralFont
            if proportional
            else QFontDatabase.SystemFont.FixedFont
        )
        font = QFontDatabase.systemFont(kind)
        if family:
            font.setFamily(family)
        font.setPointSize(max(6, size))
        self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * self.tab_width)

    def set_soft_wrap(self, wrap: bool) -> None:
        """Wrap long lines at the window edge, or scroll sideways."""
        mode = (
            QPlainTextEdit.LineWrapMode.WidgetWidth if wrap else QPlainTextEdit.LineWrapMode.NoWrap
        )
        self.setLineWrapMode(mode)
        self._column.update()

    def set_max_line_width(self, characters: int) -> None:
        """Keep wrapped text in a centred column this many characters wide (0: the whole width)."""
        self._column.set_width(characters)

    # --- front matter fold -------------------------------------------------------------------

    def fold_front_matter(self, folded: bool) -> None:
        """Hide the front matter's lines behind its first one (and keep them hidden while the
        text has front matter), or show them; the text itself never changes."""
        self._fold.set_folded(folded)

    def is_front_matter_folded(self) -> bool:
        """True while the front matter's lines are hidden."""
        return self._fold.is_folded

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override: the text, then the fold marker after the first line."""
        super().paintEvent(event)
        if self._fold.is_folded:
            painter = QPainter(self.viewport())
            self._fold.paint_marker(painter)
            painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Qt override: a click on the fold marker shows the front matter."""
        if event.button() == Qt.MouseButton.LeftButton and self._fold.is_on_marker(
            event.position().toPoint()
        ):
            self.fold_front_matter(False)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Qt override: the pointer says the fold marker can be clicked."""
        on_marker = self._fold.is_on_marker(event.position().toPoint())
        if on_marker != self._pointer_on_marker:
            self._pointer_on_marker = on_marker
            shape = Qt.CursorShape.ArrowCursor if self.isReadOnly() else Qt.CursorShape.IBeamCursor
            if on_marker:
                shape = Qt.CursorShape.PointingHandCursor
            self.viewport().setCursor(shape)
        super().mouseMoveEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Qt override: the standard menu, with folding the front matter."""
        menu = self.createStandardContextMenu(event.pos())
        folded = self.is_front_matter_folded()
        if folded or self._fold.can_fold():
            menu.addSeparator()
            action = menu.addAction("Show Front Matter" if folded else "Fold Front Matter")
            action.triggered.connect(lambda: self.fold_front_matter(not folded))
        menu.exec(event.globalPos())
        menu.deleteLater()

    @Slot()
    def _on_cursor_position_changed(self) -> None:
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(self._current_line_color)
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        cursor = self.textCursor()
        cursor.clearSelection()
        selection.cursor = cursor
        self.setExtraSelections([selection])

    # --- lines -------------------------------------------------------------------------------

    def cursor_line(self) -> int:
        """The 1-based line of the text cursor."""
        return self.textCursor().blockNumber() + 1

    def top_line(self) -> int:
        """The 1-based line shown at the top of the view."""
        return self.firstVisibleBlock().blockNumber() + 1

    def scroll_to_line(self, line: int) -> None:
        """Show `line` (1-based) at the top of the view, without moving the cursor."""
        bar = self.verticalScrollBar()
        # QPlainTextEdit scrolls by lines: the scroll bar value is the first visible line
        # (wrapped lines count once per block when wrapping is off; close enough when on).
        block = self.document().findBlockByNumber(max(0, line - 1))
        while not block.isVisible() and block.previous().isValid():
            block = block.previous()  # a folded line: show the line that folds it
        if block.isValid():
            bar.setValue(min(bar.maximum(), block.firstLineNumber()))

    def go_to_line(self, line: int) -> None:
        """Put the cursor at the start of `line` and make it visible."""
        block = self.document().findBlockByNumber(max(0, line - 1))
        if block.isValid():
            cursor = QTextCursor(block)
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    # --- formatting --------------------------------------------------------------------------

    def wrap_selection(self, before: str, after: str | None = None) -> None:
        """Wrap the selection in `before`/`after`, or unwrap it when it is already wrapped.

        "Already wrapped" means the markers are inside the selection (`**bold**` selected) or
        just around it (`bold` selected between `**`), as the previous wrap leaves it; so the
        same shortcut twice gives back the text it started from. Without a selection the word
        around the cursor is wrapped, or an empty pair is inserted to type into.
        """
        after = before if after is None else after
        cursor = self.textCursor()
        if not cursor.hasSelection():
            _select_word_around(cursor)
        selected = cursor.selectedText()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        block = self.document().findBlock(start)
        column = start - block.position()
        around = block.contains(end) and _marker_runs(
            block.text(), column, column + len(selected), before, after
        )
        cursor.beginEditBlock()
        if around:
            # Drop the markers on both sides, leaving the selection on the bare text.
            cursor.setPosition(end)
            cursor.setPosition(end + len(after), QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            cursor.setPosition(start - len(before))
            cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            start, inner = start - len(before), selected
        elif (
            selected.startswith(before)
            and selected.endswith(after)
            and len(selected) >= len(before + after)
            and _wraps_exactly(selected, before, after)
        ):
            inner = selected[len(before) : len(selected) - len(after)]
            cursor.insertText(inner)
        else:
            cursor.insertText(before + selected + after)
            start, inner = start + len(before), selected
        cursor.endEditBlock()
        cursor.setPosition(start)
        cursor.setPosition(start + len(inner), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def insert_link(self) -> None:
        """Turn the selection into a link and select the address to type over."""
        cursor = self.textCursor()
        text = cursor.selectedText() or "link text"
        url = "https://"
        cursor.insertText(f"[{text}]({url})")
        end = cursor.position() - 1
        cursor.setPosition(end - len(url))
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def insert_images(self, names: list[str]) -> None:
        """Insert `![alt](name)` for each image name at the cursor, one per line."""
        lines = [f"![{Path(name).stem.replace('-', ' ')}]({name})" for name in names]
        cursor = self.textCursor()
        prefix = "" if cursor.atBlockStart() else "\n"
        cursor.insertText(prefix + "\n".join(lines))
        self.setTextCursor(cursor)

    # --- keys --------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt override: tabs become spaces, Enter continues a list item or a quote."""
        key, modifiers = event.key(), event.modifiers()
        plain = not modifiers & ~Qt.KeyboardModifier.KeypadModifier
        # Ctrl+Tab and Ctrl+Shift+Tab belong to the window (next and previous tab).
        commanded = modifiers & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        if self._fold.is_entered_by(key) and not modifiers & (
            Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
        ):
            self.fold_front_matter(False)  # then the arrow moves into the lines it showed
        if key == Qt.Key.Key_Tab and plain:
            self._indent(outdent=False)
        elif key == Qt.Key.Key_Backtab and not commanded:
            self._indent(outdent=True)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain and self._continue_block():
            pass
        else:
            super().keyPressEvent(event)

    def _indent(self, *, outdent: bool) -> None:
        cursor = self.textCursor()
        spaces = " " * self.tab_width
        if not cursor.hasSelection() and not outdent:
            column = cursor.positionInBlock()
            cursor.insertText(" " * (self.tab_width - column % self.tab_width))
            return
        document = self.document()
        first = document.findBlock(cursor.selectionStart())
        last = document.findBlock(max(cursor.selectionStart(), cursor.selectionEnd() - 1))
        cursor.beginEditBlock()
        block = first
        while block.isValid():
            line = QTextCursor(block)
            if outdent:
                count = len(block.text()) - len(block.text().lstrip(" "))
                for _ in range(min(count, self.tab_width)):
                    line.deleteChar()
            else:
                line.insertText(spaces)
            if block == last:
                break
            block = block.next()
        cursor.endEditBlock()

    def _continue_block(self) -> bool:
        cursor = self.textCursor()
        if cursor.hasSelection():
            return False
        text = cursor.block().text()
        prefix_text = text[: cursor.positionInBlock()]
        quote = _QUOTE_PREFIX.match(prefix_text)
        quote_prefix = quote.group(0) if quote else ""
        item = _LIST_ITEM.match(prefix_text[len(quote_prefix) :])
        if not item and not quote_prefix:
            return False
        marker_end = len(quote_prefix) + (item.end() if item else 0)
        if not text[marker_end:].strip() and cursor.atBlockEnd():
            # Enter on an empty item ends the list (or the quote), as word processors do.
            cursor.movePosition(
                QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.insertText("")
            return True
        continuation = quote_prefix
        if item:
            indent, bullet, number, delimiter, gap, task = item.groups()
            marker = bullet if bullet else f"{int(number) + 1}{delimiter}"
            continuation += indent + marker + gap + ("[ ] " if task else "")
        cursor.insertText("\n" + continuation)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    # --- images ------------------------------------------------------------------------------

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        """Qt override: accept image files and image data as well as text."""
        return (
            bool(_image_paths(source)) or source.hasImage() or super().canInsertFromMimeData(source)
        )

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Qt override: images go to the owner, which copies them and inserts their links."""
        paths = _image_paths(source)
        if paths:
            self.images_received.emit(paths)
        elif source.hasImage() and not source.hasText():
            image = QImage(source.imageData())
            if not image.isNull():
                self.image_pasted.emit(image)
        else:
            super().insertFromMimeData(source)


def _select_word_around(cursor: QTextCursor) -> None:
    """Select the word the cursor stands inside (not at either end of), if any."""
    text = cursor.block().text()
    column = cursor.positionInBlock()
    if not (0 < column < len(text) and text[column - 1].isalnum() and text[column].isalnum()):
        return
    begin, end = column, column
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
        begin -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    base = cursor.block().position()
    cursor.setPosition(base + begin)
    cursor.setPosition(base + end, QTextCursor.MoveMode.KeepAnchor)


def _run_length(text: str, char: str, start: int, step: int) -> int:
    """How many `char` stand in a row in `text` from `start`, walking by `step`."""
    count = 0
    index = start
    while 0 <= index < len(text) and text[index] == char:
        count += 1
        index += step
    return count


def _marker_on(run: int, marker: str) -> bool:
    """Whether a run of `run` marker characters on each side includes `marker` itself.

    Asterisks combine: one is italic, two bold, three both; so bold is on in a run of two or
    three, italic in a run of one or three. Other markers (backticks, tildes) are on whenever
    the run is at least as long as the marker.
    """
    if marker == "*":
        return run in (1, 3)
    if marker == "**":
        return run in (2, 3)
    return run >= len(marker)


def _marker_runs(text: str, start: int, end: int, before: str, after: str) -> bool:
    """True when `before` ends just left of `start` and `after` begins just right of `end`."""
    if before != after or len(set(before)) != 1:
        return text[max(0, start - len(before)) : start] == before and (
            text[end : end + len(after)] == after
        )
    char = before[0]
    run = min(_run_length(text, char, start - 1, -1), _run_length(text, char, end, 1))
    return _marker_on(run, before)


def _wraps_exactly(selected: str, before: str, after: str) -> bool:
    """True when the selection's own markers are `before`/`after` (not `**` for `*`)."""
    if before != after or len(set(before)) != 1:
        return True
    char = before[0]
    run = min(_run_length(selected, char, 0, 1), _run_length(selected, char, len(selected) - 1, -1))
    return _marker_on(run, before)


def _image_paths(source: QMimeData) -> list[Path]:
    if not source.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in source.urls() if url.isLocalFile()]
    return [path for path in paths if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file()]
