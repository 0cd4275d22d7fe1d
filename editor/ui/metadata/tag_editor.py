"""The tags field: one chip per tag, a line to type new ones, completion from the library."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, QStringListModel, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.ui.document.plain_text import as_rich_text, plain_label


class FlowLayout(QLayout):
    """Lays widgets out left to right and wraps them onto new lines, like words."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        """Qt override: keep the item in order."""
        self._items.append(item)

    def count(self) -> int:
        """Qt override."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        """Qt override."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        """Qt override."""
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def insert_widget(self, index: int, widget: QWidget) -> None:
        """Put ``widget`` at ``index`` (before the typing line, for a new chip)."""
        self.addWidget(widget)
        self._items.insert(index, self._items.pop())
        self.invalidate()

    def expandingDirections(self) -> Qt.Orientation:
        """Qt override: only as wide as it is given."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        """Qt override: wrapping makes the height depend on the width."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Qt override."""
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        """Qt override: place every item."""
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """Qt override."""
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        """Qt override: the widest item, one line high."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line_height:
                x, y = rect.x(), y + line_height + self._spacing
                line_height = 0
            if move:
                width = min(hint.width(), rect.width())
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


class TagLine(QLineEdit):
    """The line a new tag is typed in; its completion list takes Enter, Tab and Escape.

    The completer is not handed to QLineEdit (setCompleter): QLineEdit then writes the chosen
    completion back into the line after the tags field has taken it as a tag and cleared the
    line, so the text stayed and ran into the next tag typed.
    """

    _POPUP_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape)
    _CHOOSING_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

    def __init__(self, completer: QCompleter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.completer = completer
        completer.setWidget(self)
        self.textEdited.connect(self._on_text_edited)

    def event(self, event: QEvent) -> bool:
        """Qt override: while the list is open, its keys go to it (Tab would leave the field)."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            popup = self.completer.popup()
            key = event.key()
            if popup.isVisible() and (
                key in self._POPUP_KEYS
                or (key in self._CHOOSING_KEYS and popup.currentIndex().isValid())
            ):
                event.ignore()  # the completer chooses (or closes the list) on an ignored key
                return True
        return super().event(event)

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        typed = text.strip()
        if not typed:
            self.completer.popup().hide()
            return
        self.completer.setCompletionPrefix(typed)
        self.completer.complete()


class TagChip(QFrame):
    """One tag, with a button that removes it."""

    remove_clicked = Signal(str)

    def __init__(self, tag: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag = tag
        self.setObjectName("tag-chip")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        label = plain_label(tag)
        label.setObjectName("tag-chip-label")
        self.remove_button = QToolButton()
        self.remove_button.setText("×")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setObjectName("tag-chip-remove")
        self.remove_button.setToolTip(as_rich_text(f"Remove “{tag}”"))
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(2)
        layout.addWidget(label)
        layout.addWidget(self.remove_button)

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        self.remove_clicked.emit(self.tag)


class TagEditor(QWidget):
    """Edits a post's tags: Enter or a comma adds one, Backspace on an empty line removes one.

    Completion offers the library's tags whatever the case typed; a tag differing from a
    library tag only by case offers the library's spelling instead.
    """

    tags_edited = Signal(list)  # list[str]: the writer changed the tags

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tag-editor")
        self._tags: list[str] = []
        self._chips: list[TagChip] = []
        self._known: dict[str, str] = {}  # casefolded -> the library's spelling
        self._completion_model = QStringListModel(self)
        self.completer = QCompleter(self._completion_model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.activated.connect(self._on_completer_activated)
        self.line = TagLine(self.completer)
        self.line.setPlaceholderText("Add a tag…")
        self.line.setObjectName("tag-line")
        self.line.setFrame(False)
        self.line.setMinimumWidth(110)
        self.line.installEventFilter(self)
        self.line.returnPressed.connect(self._on_line_return_pressed)
        self.line.textEdited.connect(self._on_line_text_edited)
        self.suggestion = QPushButton()
        self.suggestion.setObjectName("tag-suggestion")
        self.suggestion.setFlat(True)
        self.suggestion.hide()
        self.suggestion.clicked.connect(self._on_suggestion_clicked)
        self._suggested: tuple[str, str] | None = None  # (tag as typed, library spelling)
        chips = QWidget()
        self._flow = FlowLayout(chips)
        self._flow.addWidget(self.line)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(chips)
        layout.addWidget(self.suggestion, 0, Qt.AlignmentFlag.AlignLeft)

    # --- what the post has -------------------------------------------------------------------

    def tags(self) -> list[str]:
        """The tags shown, in order."""
        return list(self._tags)

    def set_tags(self, tags: Iterable[str]) -> None:
        """Show ``tags`` (the post's own); nothing is emitted."""
        tags = list(tags)
        if tags == self._tags:
            return
        self._tags = tags
        for chip in self._chips:
            self._flow.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        for tag in tags:
            self._add_chip(tag)
        if self._suggested and self._suggested[0] not in tags:
            self._hide_suggestion()

    def forget_typing(self) -> None:
        """Clear the typing line and close its completion list (another post is shown)."""
        self.completer.popup().hide()
        self.line.clear()

    def set_known_tags(self, tags: Iterable[str]) -> None:
        """The library's tags (most used first), for completion and spelling suggestions."""
        self._known = {}
        for tag in tags:
            self._known.setdefault(tag.casefold(), tag)
        self._completion_model.setStringList(list(self._known.values()))

    # --- editing -----------------------------------------------------------------------------

    def add_tag(self, text: str) -> bool:
        """Add the tag ``text`` as the writer would; False when empty or already there."""
        tag = " ".join(text.split()).strip(",").strip()
        if not tag or tag.casefold() in {existing.casefold() for existing in self._tags}:
            return False
        self._tags.append(tag)
        self._add_chip(tag)
        known = self._known.get(tag.casefold())
        if known is not None and known != tag:
            self._offer(tag, known)
        else:
            self._hide_suggestion()
        self.tags_edited.emit(self.tags())
        return True

    def remove_tag(self, tag: str) -> None:
        """Remove ``tag`` as the writer would."""
        if tag not in self._tags:
            return
        index = self._tags.index(tag)
        self._tags.pop(index)
        chip = self._chips.pop(index)
        self._flow.removeWidget(chip)
        chip.deleteLater()
        if self._suggested and self._suggested[0] == tag:
            self._hide_suggestion()
        self.tags_edited.emit(self.tags())

    def _replace_tag(self, old: str, new: str) -> None:
        index = self._tags.index(old)
        tags = list(self._tags)
        tags[index] = new
        self.set_tags(tags)
        self.tags_edited.emit(self.tags())

    def _add_chip(self, tag: str) -> None:
        chip = TagChip(tag)
        chip.remove_clicked.connect(self.remove_tag)
        self._chips.append(chip)
        self._flow.insert_widget(len(self._chips) - 1, chip)

    def _offer(self, typed: str, known: str) -> None:
        self._suggested = (typed, known)
        self.suggestion.setText(f"Other posts spell it “{known}”: use that")
        self.suggestion.show()

    def _hide_suggestion(self) -> None:
        self._suggested = None
        self.suggestion.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: Backspace on the empty typing line removes the last tag."""
        if (
            watched is self.line
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Backspace
            and not self.line.text()
            and self._tags
        ):
            self.remove_tag(self._tags[-1])
            return True
        return super().eventFilter(watched, event)

    @Slot(str)
    def _on_completer_activated(self, text: str) -> None:
        self.add_tag(text)
        self.line.clear()

    @Slot()
    def _on_line_return_pressed(self) -> None:
        # (Enter on a completion chosen in the list goes to the completer: see TagLine.)
        if self.line.text().strip():
            self.add_tag(self.line.text())
        self.line.clear()

    @Slot(str)
    def _on_line_text_edited(self, text: str) -> None:
        if "," not in text:
            return
        *finished, rest = text.split(",")
        for tag in finished:
            self.add_tag(tag)
        self.line.setText(rest.lstrip())

    @Slot()
    def _on_suggestion_clicked(self) -> None:
        if self._suggested is not None:
            typed, known = self._suggested
            self._hide_suggestion()
            if typed in self._tags:
                self._replace_tag(typed, known)
