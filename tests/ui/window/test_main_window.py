"""The window as a writer uses it: typing reaches the preview; saving, closing, images."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence, QTextCursor
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from editor.core.render import docrender
from editor.ui.document.editor_pane import EDITOR_KEYS
from editor.ui.window.main_window import MainWindow
from editor.ui.window.reference import reference_html, shortcut_texts
from tests.ui.conftest import make_png, preview_text, run_js, wait_for_preview


def open_post(qtbot: QtBot, window: MainWindow, library: Path, slug: str):
    window.open_library(library)
    document = window.workspace.open_file(library / slug / "index.md")
    assert document is not None
    wait_for_preview(qtbot, window)
    return document


def type_at_end_of_line(qtbot: QtBot, window: MainWindow, line: int, text: str) -> None:
    editor = window.current_document().editor
    cursor = QTextCursor(editor.document().findBlockByNumber(line - 1))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, text)


FIRST_BLOCK_IN_VIEW = (
    "(() => { for (const e of document.querySelectorAll('#post-body [data-line]')) {"
    " const top = e.getBoundingClientRect().top;"
    " if (top >= 0) return [e.dataset.line, Math.round(top)]; } })()"
)


def test_typing_patches_the_preview_and_keeps_its_scroll(qtbot, window, library):
    open_post(qtbot, window, library, "a-long-post")
    window.scroll_sync.enabled = False  # only the edit may affect the preview here
    run_js(qtbot, window.preview, "window.scrollTo(0, 600); true")
    in_view_before = run_js(qtbot, window.preview, FIRST_BLOCK_IN_VIEW)
    run_js(qtbot, window.preview, "document.querySelector('[data-line=\"101\"]').id = 'mark'")

    type_at_end_of_line(qtbot, window, 9, " Zebra crossing")  # a block above the view

    qtbot.waitUntil(lambda: "Zebra crossing" in preview_text(qtbot, window), timeout=5000)
    # What the writer was looking at has not moved.
    assert run_js(qtbot, window.preview, FIRST_BLOCK_IN_VIEW) == in_view_before
    assert run_js(qtbot, window.preview, "window.scrollY") > 500
    # The page was patched, not reloaded: an untouched block is the very same DOM node.
    assert run_js(qtbot, window.preview, "document.getElementById('mark') !== null")


def test_a_stale_render_never_overwrites_a_newer_one(qtbot, window, library, context, monkeypatch):
    document = open_post(qtbot, window, library, "hello-world")
    original = docrender.render_document
    slow_started: list[int] = []

    def render_slowly_when_old(renderer, text, path, token, dialect):
        if "OLD TEXT" in text:
            slow_started.append(token)
            import time

            time.sleep(0.5)
        return original(renderer, text, path, token, dialect)

    monkeypatch.setattr(docrender, "render_document", render_slowly_when_old)
    shown: list[str] = []
    document.rendered.connect(lambda result: shown.append(result.body.html))

    type_at_end_of_line(qtbot, window, 6, " OLD TEXT")
    qtbot.waitUntil(lambda: bool(slow_started), timeout=5000)
    editor = document.editor
    editor.selectAll()
    qtbot.keyClicks(editor, "NEW TEXT only")

    qtbot.waitUntil(lambda: "NEW TEXT only" in preview_text(qtbot, window), timeout=5000)
    # The slow, older render has finished and handed its result back, which the window has
    # now received (and must have dropped).
    context.tasks.wait()
    QApplication.processEvents()
    assert "OLD TEXT" not in preview_text(qtbot, window)
    assert not any("OLD TEXT" in html for html in shown)


def test_save_writes_the_file_and_clears_the_modified_mark(qtbot, window, library):
    document = open_post(qtbot, window, library, "hello-world")
    type_at_end_of_line(qtbot, window, 6, " Saved words.")
    assert "•" in window.windowTitle()
    assert "•" in window.tabs.tabText(0)

    window.menu_actions["save"].trigger()

    text = (library / "hello-world" / "index.md").read_text(encoding="utf-8")
    assert "Hello from the first post. Saved words." in text
    assert text.startswith("---\ntitle: Hello World\n")
    assert not document.is_modified
    assert window.windowTitle() == "Hello World — library — Postdesk"
    assert "•" not in window.tabs.tabText(0)


def test_closing_a_modified_tab_asks_first(qtbot, window, library, monkeypatch):
    open_post(qtbot, window, library, "hello-world")
    before = (library / "hello-world" / "index.md").read_bytes()
    type_at_end_of_line(qtbot, window, 6, " unsaved")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked: list[str] = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)

    window.menu_actions["close_tab"].trigger()
    assert len(asked) == 1 and "hello-world" in asked[0]
    assert window.tabs.count() == 1  # cancelled: still open

    window.menu_actions["close_tab"].trigger()
    assert len(asked) == 2
    assert window.tabs.count() == 0
    assert (library / "hello-world" / "index.md").read_bytes() == before


def test_an_image_dropped_into_the_editor_lands_in_the_bundle(qtbot, window, library, tmp_path):
    document = open_post(qtbot, window, library, "hello-world")
    outside = tmp_path / "downloads"
    outside.mkdir()
    make_png(outside / "Square.png", "#cc3333")  # the bundle has a square.png already
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(outside / "Square.png"))])
    editor = document.editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    drop_at = QPointF(editor.cursorRect().center())
    event = QDropEvent(
        drop_at,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    editor.dropEvent(event)

    bundle = library / "hello-world"
    assert (bundle / "square-2.png").read_bytes() == (outside / "Square.png").read_bytes()
    assert (bundle / "square.png").read_bytes() != (outside / "Square.png").read_bytes()
    assert "![square 2](square-2.png)" in editor.toPlainText()
    loaded = (
        "Array.from(document.images).some(i => i.src.endsWith('/hello-world/square-2.png')"
        " && i.complete && i.naturalWidth === 40)"
    )
    qtbot.waitUntil(lambda: run_js(qtbot, window.preview, loaded), timeout=5000)


def test_moving_the_cursor_scrolls_the_preview_to_that_block(qtbot, window, library):
    document = open_post(qtbot, window, library, "a-long-post")
    line = 9 + 2 * 50  # "Paragraph 51"
    assert document.editor.document().findBlockByNumber(line - 1).text().startswith("Paragraph 51")
    in_view = (
        f"(() => {{ const e = document.querySelector('[data-line=\"{line}\"]');"
        " const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()"
    )
    assert not run_js(qtbot, window.preview, in_view)

    document.editor.go_to_line(line)

    qtbot.waitUntil(lambda: run_js(qtbot, window.preview, in_view), timeout=5000)


def test_relative_images_show_before_the_first_save(qtbot, window, library, monkeypatch):
    window.open_library(library)
    from editor.ui.window import dialogs

    class Answered:
        title = "Fresh post"
        path = library / "fresh-post" / "index.md"

        def __init__(self, *args):
            pass

        def exec(self):
            return True

    monkeypatch.setattr(dialogs, "NewPostDialog", Answered)
    window.menu_actions["new_post"].trigger()
    (library / "fresh-post").mkdir()
    make_png(library / "fresh-post" / "dot.png", "#22aa22")
    editor = window.current_document().editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "![dot](dot.png)")
    wait_for_preview(qtbot, window)
    loaded = "Array.from(document.images).some(i => i.complete && i.naturalWidth === 40)"
    qtbot.waitUntil(lambda: run_js(qtbot, window.preview, loaded), timeout=5000)
    assert not (library / "fresh-post" / "index.md").exists()
    assert window.windowTitle() == "Fresh post • — library — Postdesk"


@pytest.mark.parametrize("visible_after", [False])
def test_panes_can_be_hidden(qtbot, window, library, visible_after):
    window.menu_actions["show_library"].trigger()
    window.menu_actions["show_preview"].trigger()
    assert window.library_pane.isVisible() is visible_after
    assert window.preview.isVisible() is visible_after
    assert window.context.state.show_library is visible_after


def test_recent_files_and_the_theme_menu(qtbot, window, library, context):
    open_post(qtbot, window, library, "hello-world")
    menu = window.submenus["Recent Files"]
    menu.aboutToShow.emit()
    assert [a.text() for a in menu.actions()] == [str(library / "hello-world" / "index.md")]
    dark = next(a for a in window.submenus["Theme"].actions() if a.data() == "dark")
    dark.trigger()
    assert context.preferences.theme == "dark"
    assert context.theme.name == "dark"


def test_switching_tabs_shows_that_post_in_the_preview(qtbot, window, library):
    open_post(qtbot, window, library, "hello-world")
    open_post(qtbot, window, library, "a-long-post")
    assert "Paragraph 1 says" in preview_text(qtbot, window)
    window.tabs.setCurrentIndex(0)
    wait_for_preview(qtbot, window)
    qtbot.waitUntil(lambda: "Hello from the first post" in preview_text(qtbot, window))
    assert window.windowTitle() == "Hello World — library — Postdesk"


def test_quitting_with_unsaved_changes_can_be_cancelled(qtbot, window, library, monkeypatch):
    open_post(qtbot, window, library, "hello-world")
    type_at_end_of_line(qtbot, window, 6, " pending")
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Cancel)
    window.menu_actions["quit"].trigger()
    assert window.isVisible()
    assert window.current_document().is_modified


def test_zoom_changes_the_editor_font_and_the_preview(qtbot, window, library):
    document = open_post(qtbot, window, library, "hello-world")
    size = document.editor.font().pointSize()
    window.menu_actions["zoom_in"].trigger()
    assert document.editor.font().pointSize() == size + 1
    assert window.preview.zoom > 1.0
    window.menu_actions["zoom_reset"].trigger()
    assert document.editor.font().pointSize() == size


def test_a_hidden_preview_starts_chromium_only_when_shown(qtbot, context, library):
    context.state.show_preview = False
    hidden = MainWindow(context)
    hidden.show()
    qtbot.waitExposed(hidden)
    hidden.open_library(library)
    hidden.workspace.open_file(library / "hello-world" / "index.md")
    qtbot.wait(300)
    assert hidden.preview.findChild(QWebEngineView) is None
    hidden.menu_actions["show_preview"].trigger()
    wait_for_preview(qtbot, hidden)
    assert "Hello from the first post." in preview_text(qtbot, hidden)
    hidden.close()
    hidden.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(hidden))


def press(qtbot, widget, key_text: str) -> None:
    """Press the key combination `key_text` ("Ctrl+Shift+Tab") on `widget`, as a writer would."""
    combination = QKeySequence(key_text)[0]
    qtbot.keyClick(widget, combination.key(), combination.keyboardModifiers())


@pytest.mark.parametrize(
    ("forward", "backward"), [("Ctrl+Tab", "Ctrl+Shift+Backtab"), ("Ctrl+PgDown", "Ctrl+PgUp")]
)
def test_tab_keys_switch_tabs_and_leave_the_text_alone(qtbot, window, library, forward, backward):
    first = open_post(qtbot, window, library, "hello-world")
    open_post(qtbot, window, library, "a-long-post")
    first.editor.setPlainText("    indented code\n")
    first_text = first.editor.toPlainText()
    window.tabs.setCurrentIndex(0)
    first.editor.setFocus()
    qtbot.waitUntil(first.editor.hasFocus)
    press(qtbot, first.editor, forward)
    assert window.tabs.currentIndex() == 1
    second = window.current_document()
    qtbot.waitUntil(second.editor.hasFocus)
    press(qtbot, second.editor, backward)
    assert window.tabs.currentIndex() == 0
    press(qtbot, first.editor, backward)
    assert window.tabs.currentIndex() == 1  # round the end
    assert first.editor.toPlainText() == first_text


def test_ctrl_b_twice_in_the_window_leaves_the_text_as_it_was(qtbot, window, library):
    document = open_post(qtbot, window, library, "hello-world")
    editor = document.editor
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    cursor = editor.textCursor()
    start = editor.toPlainText().index("Hello from")
    cursor.setPosition(start)
    cursor.setPosition(start + len("Hello"), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    before = editor.toPlainText()
    press(qtbot, editor, "Ctrl+B")
    assert "**Hello** from" in editor.toPlainText()
    press(qtbot, editor, "Ctrl+B")
    assert editor.toPlainText() == before


def test_the_reference_lists_only_shortcuts_the_window_has(qtbot, window):
    page = reference_html(window.menu_actions)
    listed = set(re.findall(r"<tr><td>([^<]*)</td><td>", page.split("Keyboard shortcuts")[1]))
    keys = {text for action in window.menu_actions.values() for text in shortcut_texts(action)}
    keys |= {key for key, _what in EDITOR_KEYS}
    for cell in listed:
        for key in cell.split(" or "):
            assert key in keys, f"the reference lists {key}, which no action has"
    assert window.menu_actions["code"].shortcut().toString() in page
    assert "Ctrl+Shift+C" not in page  # the old, wrong inline-code key
    for name in ("bold", "next_tab", "find", "save"):
        assert shortcut_texts(window.menu_actions[name])[0] in page


def test_the_preview_shows_the_librarys_blog_and_any_other_from_the_view_menu(
    qtbot, window, library, context
):
    (library / ".postdesk.yaml").write_text("export:\n  profile: hugo\n", encoding="utf-8")
    post = library / "hello-world" / "index.md"
    post.write_text(
        '---\ntitle: Hello\n---\n\n"Quoted" -- text.\n\n| col |\n| --- |\n| cell |\n',
        encoding="utf-8",
    )
    open_post(qtbot, window, library, "hello-world")
    # The library exports to Hugo: Goldmark curls quotes and renders tables.
    qtbot.waitUntil(lambda: "“Quoted” –" in preview_text(qtbot, window), timeout=15000)
    assert run_js(qtbot, window.preview, "document.querySelectorAll('table').length") == 1

    menu = window.submenus["Preview As"]
    assert menu.actions()[0].text() == "The Library's &Blog (goldmark)"
    next(a for a in menu.actions() if a.data() == "nextjs").trigger()
    # The Next.js starter has no GFM and no smart quotes.
    qtbot.waitUntil(lambda: '"Quoted" --' in preview_text(qtbot, window), timeout=15000)
    assert run_js(qtbot, window.preview, "document.querySelectorAll('table').length") == 0
    assert context.state.preview_as == "nextjs"

    next(a for a in menu.actions() if a.data() == "").trigger()
    qtbot.waitUntil(lambda: "“Quoted” –" in preview_text(qtbot, window), timeout=15000)
