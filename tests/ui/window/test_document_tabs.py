"""Each tab holds its own post: its details and its text together, titled by the post."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from editor.core.document.post import Post
from editor.ui.window.document_tabs import TAB_TITLE_CHARS
from editor.ui.window.main_window import MainWindow

LONG_TITLE = "A very long title about incremental builds, caching and the cost of waiting"


def open_posts(qtbot: QtBot, window: MainWindow, library: Path, *slugs: str) -> list:
    window.open_library(library)
    documents = [window.workspace.open_file(library / slug / "index.md") for slug in slugs]
    assert all(documents)
    # Tabs are titled from each post's render.
    qtbot.waitUntil(lambda: all(document.title for document in documents), timeout=10000)
    return documents


def add_post(library: Path, slug: str, title: str) -> None:
    (library / slug).mkdir()
    (library / slug / "index.md").write_text(
        f"---\ntitle: {title}\n---\n\nWords.\n", encoding="utf-8"
    )


def test_a_slug_typed_in_one_tabs_details_never_reaches_another(qtbot, window, library):
    hello, long_post = open_posts(qtbot, window, library, "hello-world", "a-long-post")
    window.tabs.set_current_document(hello)
    details = window.metadata_pane
    slug = details.form.slug_field
    slug.setFocus()
    slug.selectAll()
    qtbot.keyClicks(slug, "hello-typed-here")

    window.tabs.set_current_document(long_post)

    assert window.metadata_pane is not details  # the other tab shows its own details
    assert window.metadata_pane.form.slug_field.text() != "hello-typed-here"
    assert Post.from_text(hello.editor.toPlainText()).get("slug") == "hello-typed-here"
    assert "hello-typed-here" not in long_post.editor.toPlainText()
    assert not long_post.is_modified
    # Each tab's details stay bound to its own post, whichever tab is in front.
    window.tabs.set_current_document(hello)
    assert window.metadata_pane is details
    assert details.form.slug_field.text() == "hello-typed-here"


def test_a_half_typed_tag_is_dropped_when_its_tab_goes_behind(qtbot, window, library):
    hello, long_post = open_posts(qtbot, window, library, "hello-world", "a-long-post")
    window.tabs.set_current_document(hello)
    line = window.metadata_pane.form.tags_field.line
    qtbot.keyClicks(line, "half")

    window.tabs.set_current_document(long_post)
    assert window.metadata_pane.form.tags_field.line.text() == ""
    window.tabs.set_current_document(hello)

    assert line.text() == ""  # no leftover input text, in either tab
    assert not hello.is_modified


def test_tabs_are_titled_by_the_post_elided_in_the_middle(qtbot, window, library):
    add_post(library, "long-title", LONG_TITLE)
    hello, long_title = open_posts(qtbot, window, library, "hello-world", "long-title")
    tabs = window.tabs

    assert tabs.tabText(0) == "Hello World"
    shown = tabs.tabText(1)
    assert "…" in shown and len(shown) < len(LONG_TITLE)
    head, tail = shown.split("…")
    assert LONG_TITLE.startswith(head) and LONG_TITLE.endswith(tail) and head and tail
    assert len(shown) <= TAB_TITLE_CHARS + 4
    # The tooltip names the whole title and the file.
    assert tabs.tabToolTip(1) == f"{LONG_TITLE}\n{long_title.path}"
    assert str(hello.path) in tabs.tabToolTip(0)

    hello.editor.moveCursor(hello.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(hello.editor, "More.")
    assert tabs.tabText(0) == "Hello World •"


def test_a_tab_follows_its_post_title_as_it_is_typed(qtbot, window, library):
    (_hello,) = open_posts(qtbot, window, library, "hello-world")
    title = window.metadata_pane.form.title_field
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " again")

    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Hello World again •", timeout=5000)
    assert window.windowTitle() == "Hello World again • — library — Postdesk"


def test_the_window_title_names_the_post_and_the_library(qtbot, window, library):
    window.open_library(library)
    assert window.windowTitle() == "library — Postdesk"
    hello, _long_post = open_posts(qtbot, window, library, "hello-world", "a-long-post")

    assert window.windowTitle() == "A long post — library — Postdesk"
    window.tabs.set_current_document(hello)
    assert window.windowTitle() == "Hello World — library — Postdesk"


def test_the_tab_menu_lists_every_tab_and_switches_to_one(qtbot, window, library):
    add_post(library, "third", "The Third Post")
    hello, long_post, _third = open_posts(
        qtbot, window, library, "hello-world", "a-long-post", "third"
    )
    menu = window.tabs.tab_menu
    menu.aboutToShow.emit()

    entries = [action.text() for action in menu.actions()]
    assert entries == ["Hello World", "A long post", "The Third Post"]
    assert [action.font().bold() for action in menu.actions()] == [False, False, True]
    assert menu.actions()[0].toolTip() == str(hello.path)

    menu.actions()[1].trigger()

    assert window.current_document() is long_post
    assert window.metadata_pane.form.title_field.text() == "A long post"


def test_closing_a_tab_puts_the_keyboard_in_the_next_tabs_text(qtbot, window, library):
    hello, long_post = open_posts(qtbot, window, library, "hello-world", "a-long-post")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is long_post.editor)

    window.menu_actions["close_tab"].trigger()

    assert window.current_document() is hello
    qtbot.waitUntil(lambda: QApplication.focusWidget() is hello.editor)
    assert not window.library_pane.search_field.hasFocus()


def test_folded_details_give_the_text_all_the_room_in_every_tab(qtbot, window, library):
    hello, long_post = open_posts(qtbot, window, library, "hello-world", "a-long-post")
    page = window.tabs.page_of(long_post)
    qtbot.waitUntil(lambda: page.details.height() > 100)
    open_height = long_post.editor.height()

    page.details.fold_button.click()

    # Only the summary line is left above the text: no empty band.
    qtbot.waitUntil(lambda: page.details.height() <= page.details.fold_button.height() + 12)
    assert long_post.editor.height() > open_height + 80
    assert not page.details.fields_area.isVisible()
    window.tabs.set_current_document(hello)
    other = window.tabs.page_of(hello)
    assert not other.details.fold_button.isChecked()  # folded there too
    qtbot.waitUntil(lambda: other.details.height() <= other.details.fold_button.height() + 12)

    other.details.fold_button.click()

    qtbot.waitUntil(lambda: other.details.fields_area.isVisible())
    qtbot.waitUntil(lambda: other.details.height() > 100)


def test_shown_details_fold_the_front_matter_in_the_text(qtbot, window, library):
    (hello,) = open_posts(qtbot, window, library, "hello-world")
    assert hello.editor.is_front_matter_folded()  # the details show it

    window.metadata_pane.fold_button.click()

    assert not hello.editor.is_front_matter_folded()


def test_quitting_with_several_unsaved_posts_asks_once_and_saves_all(
    qtbot, window, library, monkeypatch
):
    hello, long_post = open_posts(qtbot, window, library, "hello-world", "a-long-post")
    for document in (hello, long_post):
        document.editor.moveCursor(document.editor.textCursor().MoveOperation.End)
        qtbot.keyClicks(document.editor, "Saved at quit.")
    asked = answer_quit(monkeypatch, "Save All")

    assert window.close()

    assert len(asked) == 1
    assert "Hello World" in asked[0] and "A long post" in asked[0]
    for document in (hello, long_post):
        assert not document.is_modified
        assert document.path.read_text("utf-8").rstrip().endswith("Saved at quit.")


def test_discard_all_quits_and_leaves_the_files_as_they_were(qtbot, window, library, monkeypatch):
    hello, long_post = open_posts(qtbot, window, library, "hello-world", "a-long-post")
    before = {document.path: document.path.read_bytes() for document in (hello, long_post)}
    for document in (hello, long_post):
        qtbot.keyClicks(document.editor, "Thrown away.")
    asked = answer_quit(monkeypatch, "Discard All")

    assert window.close()

    assert len(asked) == 1
    assert {path: path.read_bytes() for path in before} == before


def test_cancel_keeps_the_window_and_the_unsaved_text(qtbot, window, library, monkeypatch):
    hello, long_post = open_posts(qtbot, window, library, "hello-world", "a-long-post")
    for document in (hello, long_post):
        qtbot.keyClicks(document.editor, "Kept here.")
    answer_quit(monkeypatch, "Cancel")

    assert not window.close()

    assert hello.is_modified and long_post.is_modified


def answer_quit(monkeypatch, button_text: str) -> list[str]:
    """Answer the quit question by clicking ``button_text``; the questions asked, as text."""
    asked: list[str] = []

    def click(box: QMessageBox) -> int:
        asked.append(f"{box.text()}\n{box.informativeText()}")
        (button,) = [b for b in box.buttons() if b.text().replace("&", "") == button_text]
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)
    # Not the one-document question, once per document.
    monkeypatch.setattr(QMessageBox, "question", lambda *args: pytest.fail("asked one by one"))
    return asked


def test_one_unsaved_post_keeps_the_one_document_question(qtbot, window, library, monkeypatch):
    hello, _long_post = open_posts(qtbot, window, library, "hello-world", "a-long-post")
    qtbot.keyClicks(hello.editor, "Only this one.")
    asked: list[str] = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)

    assert not window.close()
    assert len(asked) == 1 and "hello-world" in asked[0]
    assert window.current_document() is hello and hello.is_modified
