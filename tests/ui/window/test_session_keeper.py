"""The tabs come back at the next start, after a quit and after a crash, each where it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from editor import app
from editor.core.document.recovery import document_id_for
from editor.core.workspace.session import read_session, session_file
from editor.ui.app.context import AppContext
from editor.ui.files.recovery_dialog import RecoveryDialog
from editor.ui.library.library_model import PATH_ROLE
from editor.ui.window.main_window import MainWindow
from tests.ui.files.test_recovery import crashed_copies


@pytest.fixture
def windows(qtbot: QtBot, context: AppContext) -> Iterator[list[MainWindow]]:
    """Windows made by the test, one run after another on one config folder; the last one
    is closed at the end (the others are closed or "crashed" by the test)."""
    made: list[MainWindow] = []
    yield made
    for window in made:
        if shiboken6.isValid(window) and window.isVisible():
            for document in window.documents():
                document.editor.document().setModified(False)
            window.close()
        if shiboken6.isValid(window):
            window.deleteLater()
    qtbot.waitUntil(lambda: not any(shiboken6.isValid(window) for window in made))
    context.tasks.wait()


def start(qtbot: QtBot, context: AppContext, windows: list[MainWindow]) -> MainWindow:
    window = MainWindow(context)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    windows.append(window)
    return window


def start_in(
    qtbot: QtBot, context: AppContext, windows: list[MainWindow], library: Path
) -> MainWindow:
    """The next run: a window on ``library`` with the last session's tabs restored."""
    window = start(qtbot, context, windows)
    window.open_library(library)
    window.restore_session()
    return window


def leave_tabs(qtbot: QtBot, window: MainWindow, library: Path) -> None:
    """Open two posts, put the cursor on line 41 of the long one with line 30 at the top
    of its view, and bring the first one to the front."""
    window.open_library(library)
    hello = window.workspace.open_file(library / "hello-world" / "index.md")
    long_post = window.workspace.open_file(library / "a-long-post" / "index.md")
    editor = long_post.editor
    cursor = QTextCursor(editor.document().findBlockByNumber(40))
    cursor.movePosition(QTextCursor.MoveOperation.Right, n=7)
    editor.setTextCursor(cursor)
    editor.scroll_to_line(30)
    qtbot.waitUntil(lambda: editor.top_line() == 30)
    window.tabs.set_current_document(hello)


def assert_tabs_back(qtbot: QtBot, window: MainWindow, library: Path) -> None:
    hello, long_post = window.documents()
    assert hello.path == library / "hello-world" / "index.md"
    assert long_post.path == library / "a-long-post" / "index.md"
    assert window.current_document() is hello
    cursor = long_post.editor.textCursor()
    assert (cursor.blockNumber() + 1, cursor.positionInBlock()) == (41, 7)
    window.tabs.set_current_document(long_post)
    qtbot.waitUntil(lambda: long_post.editor.top_line() == 30)
    assert long_post.editor.cursor_line() == 41


def test_the_tabs_come_back_after_a_quit(qtbot, context, library, windows):
    first = start(qtbot, context, windows)
    leave_tabs(qtbot, first, library)
    assert first.close()

    again = start_in(qtbot, context, windows, library)

    assert_tabs_back(qtbot, again, library)


def test_the_tabs_come_back_after_a_crash(qtbot, context, library, windows):
    first = start(qtbot, context, windows)
    leave_tabs(qtbot, first, library)
    file = session_file(context.config_dir)
    # Written while running: the cursor once it stopped moving, the front tab at once.
    qtbot.waitUntil(
        lambda: (
            (session := read_session(file)) is not None
            and session.current == library / "hello-world" / "index.md"
            and session.tabs[1].line == 41
        ),
        timeout=5000,
    )
    # A crash: the window goes without its close event (no quit-time write).
    first.hide()
    first.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(first))

    again = start_in(qtbot, context, windows, library)

    assert_tabs_back(qtbot, again, library)


def test_the_tab_in_front_comes_back_scrolled_where_it_was(qtbot, context, library, windows):
    first = start(qtbot, context, windows)
    leave_tabs(qtbot, first, library)
    first.tabs.step(1)  # the long post in front
    assert first.close()

    again = start_in(qtbot, context, windows, library)

    long_post = again.current_document()
    assert long_post.path == library / "a-long-post" / "index.md"
    qtbot.waitUntil(lambda: long_post.editor.top_line() == 30)
    assert long_post.editor.cursor_line() == 41


def test_the_library_shows_which_restored_post_is_in_front(qtbot, context, library, windows):
    first = start(qtbot, context, windows)
    leave_tabs(qtbot, first, library)
    assert first.close()

    again = start_in(qtbot, context, windows, library)  # before the library has been read

    rows = again.library_pane.list
    qtbot.waitUntil(
        lambda: rows.currentIndex().data(PATH_ROLE) == library / "hello-world" / "index.md"
    )


def test_a_post_gone_since_is_skipped_and_named(qtbot, context, library, windows):
    first = start(qtbot, context, windows)
    leave_tabs(qtbot, first, library)
    assert first.close()
    (library / "a-long-post" / "index.md").unlink()

    again = start_in(qtbot, context, windows, library)

    assert [document.path for document in again.documents()] == [
        library / "hello-world" / "index.md"
    ]
    assert "a-long-post" in again.statusBar().currentMessage()


def test_another_librarys_tabs_are_not_opened(qtbot, context, library, windows, tmp_path):
    first = start(qtbot, context, windows)
    leave_tabs(qtbot, first, library)
    assert first.close()
    other = tmp_path / "other-library"
    other.mkdir()

    again = start_in(qtbot, context, windows, other)

    assert again.documents() == []


def test_a_file_named_at_start_opens_alone(qtbot, context, library, windows):
    first = start(qtbot, context, windows)
    leave_tabs(qtbot, first, library)
    assert first.close()
    named = library / "a-long-post" / "index.md"

    again = start(qtbot, context, windows)
    app._open_start(again, named)

    assert [document.path for document in again.documents()] == [named]


def test_unsaved_text_from_a_crash_goes_into_its_restored_tab(
    qtbot, context, library, windows, monkeypatch
):
    first = start(qtbot, context, windows)
    leave_tabs(qtbot, first, library)
    assert first.close()
    post = library / "hello-world" / "index.md"
    recovered = post.read_text("utf-8") + "\nTyped before the crash.\n"
    crashed_copies(context.recovery.folder, (document_id_for(post), recovered, post, "Hello"))
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: 1)

    again = start(qtbot, context, windows)
    app._open_start(again, None)  # the last library, as at a start with no file named

    hello, long_post = again.documents()
    assert hello.path == post and hello.text() == recovered and hello.is_modified
    assert not long_post.is_modified


def test_a_restored_tab_moved_back_to_the_top_is_kept_at_the_top(qtbot, context, library, windows):
    first = start(qtbot, context, windows)
    leave_tabs(qtbot, first, library)
    assert first.close()
    again = start_in(qtbot, context, windows, library)
    long_post = next(document for document in again.documents() if "long" in str(document.path))
    again.tabs.set_current_document(long_post)  # restored behind the other tab, shown now
    qtbot.waitUntil(lambda: long_post.editor.top_line() == 30)

    long_post.editor.moveCursor(QTextCursor.MoveOperation.Start)  # Ctrl+Home
    qtbot.waitUntil(lambda: long_post.editor.top_line() == 1)
    again.session.write_now()

    kept = read_session(session_file(context.config_dir))
    assert kept is not None
    assert [(tab.line, tab.top_line) for tab in kept.tabs if "long" in str(tab.path)] == [(1, 1)]
