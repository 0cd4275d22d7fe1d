"""The editor helps with Markdown: lists continue, tabs become spaces, shortcuts wrap text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QTextCursor

from editor.ui.app.theme import ThemeManager
from editor.ui.document.editor_pane import MarkdownEditor
from tests.ui.conftest import make_png


@pytest.fixture
def editor(qtbot, context) -> MarkdownEditor:
    widget = MarkdownEditor(context.theme.colors())
    qtbot.addWidget(widget)
    widget.show()
    return widget


def type_lines(qtbot, editor: MarkdownEditor, *parts: str) -> None:
    for index, part in enumerate(parts):
        if index:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClicks(editor, part)


def test_enter_continues_a_bullet_list(qtbot, editor):
    type_lines(qtbot, editor, "- milk", "eggs")
    assert editor.toPlainText() == "- milk\n- eggs"


def test_enter_continues_a_numbered_list_and_a_task_list(qtbot, editor):
    type_lines(qtbot, editor, "1. one", "two", "")
    editor.clear()
    type_lines(qtbot, editor, "  - [x] done", "next")
    assert editor.toPlainText() == "  - [x] done\n  - [ ] next"


def test_enter_on_an_empty_item_ends_the_list(qtbot, editor):
    type_lines(qtbot, editor, "- milk", "")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "- milk\n"


def test_enter_continues_a_quote(qtbot, editor):
    type_lines(qtbot, editor, "> wise words", "more")
    assert editor.toPlainText() == "> wise words\n> more"


def test_numbered_list_counts_up(qtbot, editor):
    type_lines(qtbot, editor, "9) nine", "ten")
    assert editor.toPlainText() == "9) nine\n10) ten"


def test_tab_inserts_spaces_and_indents_a_selection(qtbot, editor):
    qtbot.keyClicks(editor, "ab")
    editor.moveCursor(QTextCursor.MoveOperation.StartOfLine)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "    ab"
    editor.setPlainText("one\ntwo")
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "    one\n    two"
    qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert editor.toPlainText() == "one\ntwo"


def test_wrap_selection_wraps_and_unwraps(editor):
    editor.setPlainText("make this bold")
    cursor = editor.textCursor()
    cursor.setPosition(10)
    cursor.setPosition(14, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.wrap_selection("**")
    assert editor.toPlainText() == "make this **bold**"
    assert editor.textCursor().selectedText() == "bold"
    cursor = editor.textCursor()
    cursor.setPosition(10)
    cursor.setPosition(18, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.wrap_selection("**")
    assert editor.toPlainText() == "make this bold"


def test_wrap_with_nothing_selected_puts_the_cursor_inside(qtbot, editor):
    editor.wrap_selection("`")
    qtbot.keyClicks(editor, "code")
    assert editor.toPlainText() == "`code`"


def test_link_selects_the_address_to_type_over(qtbot, editor):
    editor.setPlainText("Postdesk")
    editor.selectAll()
    editor.insert_link()
    qtbot.keyClicks(editor, "https://example.com")
    assert editor.toPlainText() == "[Postdesk](https://example.com)"


def test_pasted_image_files_are_handed_over_not_inserted_as_text(editor, tmp_path: Path):
    image = make_png(tmp_path / "photo.png", "#ffcc00")
    received: list[list[Path]] = []
    editor.images_received.connect(received.append)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(image))])
    assert editor.canInsertFromMimeData(mime)
    editor.insertFromMimeData(mime)
    assert received == [[image]]
    assert editor.toPlainText() == ""


def test_colors_follow_the_theme(context, editor):
    context.preferences.theme = "dark"
    assert context.theme.name == "dark"
    editor.set_colors(context.theme.colors())
    selection = editor.extraSelections()[0]
    current_line = selection.format.background().color()
    assert current_line.name() == context.theme.colors()["current_line"]
    assert isinstance(context.theme, ThemeManager)


def select(editor: MarkdownEditor, start: int, end: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


@pytest.mark.parametrize("marker", ["**", "*", "`"])
def test_the_same_wrap_twice_gives_back_the_text(editor, marker):
    editor.setPlainText("make this bold")
    select(editor, 10, 14)
    editor.wrap_selection(marker)
    assert editor.toPlainText() == f"make this {marker}bold{marker}"
    editor.wrap_selection(marker)
    assert editor.toPlainText() == "make this bold"
    assert editor.textCursor().selectedText() == "bold"


def test_italic_inside_bold_adds_and_removes_only_the_italic(editor):
    editor.setPlainText("**word**")
    select(editor, 2, 6)
    editor.wrap_selection("*")
    assert editor.toPlainText() == "***word***"
    editor.wrap_selection("**")
    assert editor.toPlainText() == "*word*"
    editor.wrap_selection("*")
    assert editor.toPlainText() == "word"


def test_wrap_without_a_selection_wraps_the_word_around_the_cursor(editor):
    editor.setPlainText("one two three")
    cursor = editor.textCursor()
    cursor.setPosition(5)
    editor.setTextCursor(cursor)
    editor.wrap_selection("**")
    assert editor.toPlainText() == "one **two** three"
    editor.wrap_selection("**")
    assert editor.toPlainText() == "one two three"


def test_an_empty_pair_toggles_off_again(qtbot, editor):
    editor.wrap_selection("**")
    editor.wrap_selection("**")
    assert editor.toPlainText() == ""


def test_ctrl_shift_tab_leaves_the_indent_alone(qtbot, editor):
    editor.setPlainText("    indented code")
    qtbot.keyClick(
        editor,
        Qt.Key.Key_Backtab,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert editor.toPlainText() == "    indented code"
