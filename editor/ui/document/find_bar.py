"""Find and replace in the active document, with regular expressions and case matching."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt, Slot
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)


class FindBar(QWidget):
    """A bar under the editor: find field, replace field, options and buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find-bar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._editor: QPlainTextEdit | None = None
        self.find_field = QLineEdit(placeholderText="Find")
        self.replace_field = QLineEdit(placeholderText="Replace with")
        self.regex_box = QCheckBox("Regex")
        self.case_box = QCheckBox("Match case")
        self._message = QLabel()
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        rows: tuple[tuple[QWidget | tuple[str, Callable[[], object]], ...], ...] = (
            (
                self.find_field,
                ("Previous", self.find_previous),
                ("Next", self.find_next),
                self.regex_box,
                ("Close", self.hide),
            ),
            (
                self.replace_field,
                ("Replace", self.replace_one),
                ("Replace all", self.replace_all),
                self.case_box,
                self._message,
            ),
        )
        for row, cells in enumerate(rows):
            for column, cell in enumerate(cells):
                widget = cell if isinstance(cell, QWidget) else self._button(*cell)
                layout.addWidget(widget, row, column)
        layout.setColumnStretch(0, 1)
        self.find_field.returnPressed.connect(self.find_next)
        self.find_field.textChanged.connect(self._on_find_field_text_changed)
        self.replace_field.returnPressed.connect(self.replace_one)

    @staticmethod
    def _button(label: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(label)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def set_editor(self, editor: QPlainTextEdit | None) -> None:
        """Search in `editor` (the active tab's) from now on."""
        self._editor = editor

    def start(self, *, replace: bool) -> None:
        """Show the bar with the selection as the search text and focus the find field."""
        self.show()
        self.replace_field.setVisible(True)
        if self._editor is not None:
            selected = self._editor.textCursor().selectedText()
            if selected and "\u2029" not in selected:
                self.find_field.setText(selected)
        field = self.replace_field if replace and self.find_field.text() else self.find_field
        field.setFocus()
        field.selectAll()

    def _pattern(self) -> QRegularExpression | str:
        text = self.find_field.text()
        if not self.regex_box.isChecked():
            return text
        options = QRegularExpression.PatternOption.NoPatternOption
        if not self.case_box.isChecked():
            options = QRegularExpression.PatternOption.CaseInsensitiveOption
        return QRegularExpression(text, options)

    def _flags(self, *, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.case_box.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def _valid(self) -> bool:
        pattern = self._pattern()
        if isinstance(pattern, QRegularExpression) and not pattern.isValid():
            self._say(f"Bad pattern: {pattern.errorString()}")
            return False
        return bool(self.find_field.text()) and self._editor is not None

    def find_previous(self) -> bool:
        """Select the previous match (wrapping around); False when there is none."""
        return self.find_next(backward=True)

    def find_next(self, *, backward: bool = False) -> bool:
        """Select the next match (wrapping around); False when there is none."""
        if not self._valid():
            return False
        assert self._editor is not None
        document = self._editor.document()
        cursor = document.find(
            self._pattern(), self._editor.textCursor(), self._flags(backward=backward)
        )
        if cursor.isNull():
            start = QTextCursor(document)
            if backward:
                start.movePosition(QTextCursor.MoveOperation.End)
            cursor = document.find(self._pattern(), start, self._flags(backward=backward))
        if cursor.isNull() or not cursor.hasSelection():
            self._say("Not found")
            return False
        self._say("")
        self._editor.setTextCursor(cursor)
        return True

    def replace_one(self) -> None:
        """Replace the selected match and find the next one."""
        if not self._valid():
            return
        assert self._editor is not None
        cursor = self._editor.textCursor()
        if cursor.hasSelection() and self._matches(cursor.selectedText()):
            cursor.insertText(self._replacement(cursor.selectedText()))
        self.find_next()

    def replace_all(self) -> int:
        """Replace every match in one undo step; return how many were replaced."""
        if not self._valid():
            return 0
        assert self._editor is not None
        document = self._editor.document()
        cursor = QTextCursor(document)
        edit = QTextCursor(document)
        edit.beginEditBlock()
        count = 0
        while True:
            cursor = document.find(self._pattern(), cursor, self._flags())
            if cursor.isNull() or not cursor.hasSelection():
                break
            cursor.insertText(self._replacement(cursor.selectedText()))
            count += 1
        edit.endEditBlock()
        self._say(f"{count} replaced")
        return count

    def _matches(self, text: str) -> bool:
        pattern = self._pattern()
        if isinstance(pattern, QRegularExpression):
            anchored = QRegularExpression(
                QRegularExpression.anchoredPattern(pattern.pattern()), pattern.patternOptions()
            )
            return anchored.match(text).hasMatch()
        if self.case_box.isChecked():
            return text == pattern
        return text.casefold() == pattern.casefold()

    def _replacement(self, matched: str) -> str:
        replacement = self.replace_field.text()
        pattern = self._pattern()
        if not isinstance(pattern, QRegularExpression):
            return replacement
        match = pattern.match(matched)
        # \1 .. \9 in the replacement refer to the pattern's groups.
        for group in range(pattern.captureCount(), 0, -1):
            replacement = replacement.replace(f"\\{group}", match.captured(group))
        return replacement

    def _say(self, message: str) -> None:
        self._message.setText(message)
        self.find_field.setProperty("problem", message == "Not found" or message.startswith("Bad"))
        self.find_field.style().unpolish(self.find_field)
        self.find_field.style().polish(self.find_field)

    @Slot(str)
    def _on_find_field_text_changed(self, _text: str) -> None:
        self._say("")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt override: Escape closes the bar and returns to the editor."""
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            if self._editor is not None:
                self._editor.setFocus()
        else:
            super().keyPressEvent(event)
