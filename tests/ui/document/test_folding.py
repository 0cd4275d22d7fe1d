"""The front matter folds behind its first line and opens when the writer goes into it; the
text, its undo and its line numbers never change."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from editor.core.blog.blogfile import front_matter_last_line
from editor.ui.document.editor_pane import MarkdownEditor
from editor.ui.metadata.metadata_pane import MetadataPane
from tests.ui.conftest import run_js, wait_for_preview

TEXT = (
    "---\n"
    "title: Hello World\n"
    'date: "2025-03-04T09:30:00+01:00"\n'
    "tags: [python, git]\n"
    "---\n"
    "\n"
    "First paragraph.\n" + "".join(f"\nParagraph {n}.\n" for n in range(2, 80))
)
BODY = 5  # the 0-based number of the first line after the front matter


@pytest.fixture
def editor(qtbot, context) -> MarkdownEditor:
    widget = MarkdownEditor(context.theme.colors())
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.setPlainText(TEXT)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown_lines(editor: MarkdownEditor, count: int = 7) -> list[str]:
    """The first `count` lines the writer sees, top to bottom."""
    lines = []
    block = editor.document().firstBlock()
    while block.isValid() and len(lines) < count:
        if block.isVisible():
            lines.append(block.text())
        block = block.next()
    return lines


def put_cursor(editor: MarkdownEditor, line: int) -> None:
    """Put the cursor at the start of 0-based `line`."""
    editor.setTextCursor(QTextCursor(editor.document().findBlockByNumber(line)))


def test_folding_hides_the_lines_behind_a_marker_on_the_first(qtbot, editor):
    with qtbot.waitSignal(editor.front_matter_fold_changed) as folded:
        editor.fold_front_matter(True)
    assert folded.args == [True]
    assert editor.is_front_matter_folded()
    assert shown_lines(editor, 3) == ["---", "", "First paragraph."]
    marker = editor._fold.marker_rect()
    assert marker is not None and editor.viewport().rect().contains(marker)
    assert editor._fold.marker_text() == "⋯ front matter (5 lines)"
    # The marker sits after the first line's text, on that line.
    first = editor.blockBoundingGeometry(editor.document().firstBlock())
    assert first.top() <= marker.center().y() - editor.contentOffset().y() <= first.bottom()
    # The body's first line follows the first line directly.
    body = editor.document().findBlockByNumber(BODY)
    assert editor.blockBoundingGeometry(body).top() == pytest.approx(first.bottom())


def test_a_click_on_the_marker_shows_the_front_matter(qtbot, editor):
    editor.fold_front_matter(True)
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert editor.is_front_matter_folded()  # a click elsewhere on the first line does not
    marker = editor._fold.marker_rect()
    assert marker is not None
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=marker.center())
    assert not editor.is_front_matter_folded()
    assert shown_lines(editor, 2) == ["---", "title: Hello World"]


def test_going_to_a_folded_line_shows_it(editor):
    editor.fold_front_matter(True)
    editor.go_to_line(3)  # as find and go to line do
    assert not editor.is_front_matter_folded()
    assert editor.textCursor().block().text().startswith("date:")
    assert editor.viewport().rect().contains(editor.cursorRect())


@pytest.mark.parametrize(
    ("line", "key", "lands_on"),
    [
        (0, Qt.Key.Key_Down, "title: Hello World"),
        (BODY, Qt.Key.Key_Up, "---"),
        (BODY, Qt.Key.Key_Left, "---"),
    ],
)
def test_arrow_keys_into_the_fold_show_it(qtbot, editor, line, key, lands_on):
    editor.fold_front_matter(True)
    put_cursor(editor, line)
    qtbot.keyClick(editor, key)
    assert not editor.is_front_matter_folded()
    assert editor.textCursor().block().text() == lands_on
    assert editor.textCursor().blockNumber() in (1, BODY - 1)


def test_right_at_the_end_of_the_first_line_goes_into_the_fold(qtbot, editor):
    editor.fold_front_matter(True)
    editor.setTextCursor(QTextCursor(editor.document().firstBlock()))
    editor.moveCursor(QTextCursor.MoveOperation.EndOfBlock)
    qtbot.keyClick(editor, Qt.Key.Key_Right)
    assert not editor.is_front_matter_folded()
    assert editor.textCursor().blockNumber() == 1
    assert editor.textCursor().atBlockStart()


def test_arrow_keys_past_the_fold_keep_it(qtbot, editor):
    editor.fold_front_matter(True)
    put_cursor(editor, BODY + 1)
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    qtbot.keyClick(editor, Qt.Key.Key_Right)
    assert editor.is_front_matter_folded()
    assert editor.textCursor().blockNumber() == BODY + 1


def test_folding_moves_a_cursor_off_the_hidden_lines(editor):
    put_cursor(editor, 2)
    editor.fold_front_matter(True)
    assert editor.is_front_matter_folded()
    assert editor.textCursor().blockNumber() == BODY


def test_folding_changes_no_text_and_no_undo_step(qtbot, editor):
    qtbot.keyClicks(editor, "x")  # one undo step, on the first line
    document = editor.document()
    steps, revision = document.availableUndoSteps(), document.revision()
    document.setModified(False)
    editor.fold_front_matter(True)
    editor.fold_front_matter(False)
    editor.fold_front_matter(True)
    assert editor.toPlainText() == "x" + TEXT
    assert (document.availableUndoSteps(), document.revision()) == (steps, revision)
    assert not document.isModified()
    assert not editor.is_front_matter_folded()  # "x---" opens no front matter
    editor.undo()
    assert editor.toPlainText() == TEXT
    assert editor.is_front_matter_folded()  # folded again as soon as it is front matter again


def test_the_fold_follows_the_details_form(qtbot, editor, tmp_path: Path):
    pane = MetadataPane()
    qtbot.addWidget(pane)
    pane.bind(editor, lambda: tmp_path / "hello-world" / "index.md")
    editor.fold_front_matter(True)
    put_cursor(editor, BODY + 1)

    pane.form.excerpt_field.setPlainText("A short excerpt.")
    qtbot.waitUntil(lambda: "excerpt: A short excerpt." in editor.toPlainText())

    assert editor.is_front_matter_folded()
    last = front_matter_last_line(editor.toPlainText())
    assert last == BODY  # one line more
    assert shown_lines(editor, 3) == ["---", "", "First paragraph."]
    assert editor._fold.marker_text() == "⋯ front matter (6 lines)"
    assert editor.textCursor().block().text() == "First paragraph."


def test_the_fold_follows_the_front_matter_shrinking_and_going(editor):
    editor.fold_front_matter(True)
    cursor = QTextCursor(editor.document().findBlockByNumber(3))
    cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
    cursor.removeSelectedText()  # the tags line goes
    assert shown_lines(editor, 3) == ["---", "", "First paragraph."]
    assert editor._fold.marker_text() == "⋯ front matter (4 lines)"

    cursor = QTextCursor(editor.document().firstBlock())
    cursor.insertText("Not front matter any more ")
    assert not editor.is_front_matter_folded()
    assert all(block_visible for block_visible in _visibility(editor))


def test_a_note_folds_once_the_form_gives_it_front_matter(qtbot, editor, tmp_path: Path):
    editor.setPlainText("A note.\n")
    pane = MetadataPane()
    qtbot.addWidget(pane)
    pane.bind(editor, lambda: tmp_path / "note.md")
    editor.fold_front_matter(True)
    assert not editor.is_front_matter_folded()  # nothing to fold
    editor.fold_front_matter(True)
    pane.form.title_field.setText("Now a post")
    pane.form.title_field.textEdited.emit("Now a post")
    qtbot.waitUntil(lambda: "title: Now a post" in editor.toPlainText())
    assert shown_lines(editor, 2) == ["---", "A note."]


def _visibility(editor: MarkdownEditor) -> list[bool]:
    result = []
    block = editor.document().firstBlock()
    while block.isValid():
        result.append(block.isVisible())
        block = block.next()
    return result


def test_scroll_sync_maps_lines_right_while_folded(qtbot, window, library):
    window.open_library(library)
    document = window.workspace.open_file(library / "a-long-post" / "index.md")
    assert document is not None
    wait_for_preview(qtbot, window)
    editor = document.editor
    editor.fold_front_matter(True)
    assert editor.is_front_matter_folded()

    # The preview follows the cursor by its real line number.
    line = 9 + 2 * 50  # "Paragraph 51"
    editor.go_to_line(line)
    assert editor.is_front_matter_folded()
    assert editor.cursor_line() == line
    in_view = (
        f"(() => {{ const e = document.querySelector('[data-line=\"{line}\"]');"
        " const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()"
    )
    qtbot.waitUntil(lambda: run_js(qtbot, window.preview, in_view), timeout=5000)

    # Scrolling the preview to a block shows that block's line at the top of the editor.
    target = run_js(qtbot, window.preview, "document.querySelector('[data-line=\"71\"]').offsetTop")
    run_js(qtbot, window.preview, f"window.scrollTo(0, {target}); true")
    qtbot.waitUntil(lambda: abs(editor.top_line() - 71) <= 2, timeout=5000)
    assert editor.document().findBlockByNumber(editor.top_line() - 1).isVisible()

    # A line inside the fold scrolls the editor to the fold's first line.
    editor.scroll_to_line(3)
    assert editor.top_line() == 1
    assert editor.is_front_matter_folded()


def test_the_marker_leaves_the_first_line_readable(editor):
    editor.fold_front_matter(True)
    marker = editor._fold.marker_rect()
    first = editor.document().firstBlock().layout().lineAt(0).naturalTextRect()
    text_right = first.translated(editor.contentOffset()).right()
    assert marker is not None and marker.left() > text_right
