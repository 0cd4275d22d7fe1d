"""Files changed, deleted and renamed behind the window's back: nothing is silently lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from editor.core.workspace import DiskChangeAnswer
from editor.ui.window import dialogs
from editor.ui.window.main_window import MainWindow

THEIRS = "---\ntitle: Hello World\n---\n\nLine one.\nLine two, changed elsewhere.\nLine three.\n"


def replace_atomically(path: Path, text: str) -> None:
    """Write the way most editors and git do: a new file renamed over the old one."""
    temporary = path.with_name(f".{path.name}.new")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@pytest.fixture
def post(library: Path) -> Path:
    path = library / "hello-world" / "index.md"
    path.write_text(
        "---\ntitle: Hello World\n---\n\nLine one.\nLine two.\nLine three.\n", encoding="utf-8"
    )
    return path


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[DiskChangeAnswer]:
    """Answers the test expects to give to the changed-on-disk question, in order; being
    asked with none left fails the test."""
    answers: list[DiskChangeAnswer] = []

    def ask(_parent, _name):
        if not answers:
            pytest.fail("asked about a change on disk")
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "ask_about_disk_change", ask)
    return answers


def open_post(window: MainWindow, library: Path, post: Path):
    window.open_library(library)
    document = window.workspace.open_file(post)
    assert document is not None
    return document


def put_cursor(document, line: int, column: int) -> None:
    cursor = QTextCursor(document.editor.document().findBlockByNumber(line))
    cursor.movePosition(QTextCursor.MoveOperation.Right, n=column)
    document.editor.setTextCursor(cursor)


def type_at_end(qtbot: QtBot, document, text: str) -> None:
    document.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(document.editor, text)


@pytest.mark.parametrize("write", [replace_atomically, Path.write_text])
def test_an_unmodified_document_reloads_keeping_the_cursor(
    qtbot, window, library, post, asked, write
):
    document = open_post(window, library, post)
    put_cursor(document, 5, 4)

    write(post, THEIRS)

    qtbot.waitUntil(lambda: "changed elsewhere" in document.editor.toPlainText())
    assert not document.is_modified
    cursor = document.editor.textCursor()
    assert (cursor.blockNumber(), cursor.positionInBlock()) == (5, 4)
    # The watch survives the replace: a second change reloads too.
    replace_atomically(post, THEIRS + "More.\n")
    qtbot.waitUntil(lambda: "More." in document.editor.toPlainText())


def test_a_change_in_both_places_asks_and_keep_mine_keeps_it(qtbot, window, library, post, asked):
    document = open_post(window, library, post)
    type_at_end(qtbot, document, "Mine.")
    asked.append(DiskChangeAnswer.KEEP_MINE)

    replace_atomically(post, THEIRS)

    qtbot.waitUntil(lambda: not asked)
    assert document.editor.toPlainText().endswith("Mine.")
    assert document.is_modified
    assert post.read_text("utf-8") == THEIRS  # nothing written until the writer saves
    assert window.workspace.save(document)  # they chose: no second question
    assert post.read_text("utf-8").endswith("Mine.")


def test_load_theirs_replaces_the_text_and_can_be_undone(qtbot, window, library, post, asked):
    document = open_post(window, library, post)
    type_at_end(qtbot, document, "Mine.")
    asked.append(DiskChangeAnswer.LOAD_THEIRS)

    replace_atomically(post, THEIRS)

    qtbot.waitUntil(lambda: "changed elsewhere" in document.editor.toPlainText())
    assert not document.is_modified
    document.editor.undo()
    assert document.editor.toPlainText().endswith("Mine.")


def test_save_mine_as_a_copy_makes_a_bundle_of_its_own(qtbot, window, library, post, asked):
    post.write_text(post.read_text("utf-8") + "![A square](square.png)\n", encoding="utf-8")
    document = open_post(window, library, post)
    type_at_end(qtbot, document, "Mine.")
    asked.append(DiskChangeAnswer.SAVE_COPY)

    replace_atomically(post, THEIRS)

    copy = post.parent.parent / f"{post.parent.name}-mine" / post.name
    qtbot.waitUntil(lambda: copy.exists())
    assert copy.read_text("utf-8").endswith("Mine.")
    assert post.read_text("utf-8") == THEIRS
    assert document.path == copy and not document.is_modified
    # Never a second document in the post's bundle; the copy shows the same images.
    assert sorted(path.name for path in post.parent.glob("*.md")) == [post.name]
    image = post.parent / "square.png"
    assert (copy.parent / image.name).read_bytes() == image.read_bytes()


def test_a_second_copy_gets_a_folder_of_its_own_too(tmp_path):
    from editor.core.document.notes import start_copy_beside

    bundle = tmp_path / "post"
    bundle.mkdir()
    (bundle / "index.md").write_text("x", encoding="utf-8")
    (tmp_path / "post-mine").mkdir()
    assert start_copy_beside(bundle / "index.md", "x") == tmp_path / "post-mine-2" / "index.md"
    single = tmp_path / "notes.md"
    assert start_copy_beside(single, "x") == tmp_path / "notes-mine.md"


def test_postdesk_own_saves_never_ask(qtbot, window, library, post, asked):
    document = open_post(window, library, post)
    for words in (" one", " two", " three"):
        type_at_end(qtbot, document, words)
        assert window.workspace.save(document)
    qtbot.wait(600)  # let the watcher's events arrive: none of them may ask
    window.workspace.disk_watch.check_now()
    assert post.read_text("utf-8").endswith("one two three")
    assert not document.is_modified


def test_a_change_not_yet_noticed_still_asks_before_a_save(qtbot, window, library, post, asked):
    document = open_post(window, library, post)
    type_at_end(qtbot, document, "Mine.")
    post.write_text(THEIRS, encoding="utf-8")
    asked.append(DiskChangeAnswer.LOAD_THEIRS)

    assert not window.workspace.save(document)  # at once, before the watcher reports it

    assert post.read_text("utf-8") == THEIRS
    assert "changed elsewhere" in document.editor.toPlainText()


def test_a_deleted_file_keeps_its_buffer_and_saving_recreates_it(
    qtbot, window, library, post, asked
):
    document = open_post(window, library, post)
    text = document.editor.toPlainText()

    post.unlink()

    qtbot.waitUntil(lambda: document.deleted)
    assert document.editor.toPlainText() == text
    assert document.is_modified
    assert "(deleted)" in window.windowTitle()
    assert window.document_bar.isVisible()
    assert "deleted on disk" in window.document_bar.message.text()
    assert window.workspace.save(document)
    assert post.read_text("utf-8") == text
    assert not document.deleted and not window.document_bar.isVisible()


def test_a_deleted_file_that_comes_back_reloads_when_untouched(qtbot, window, library, post, asked):
    document = open_post(window, library, post)
    post.unlink()
    qtbot.waitUntil(lambda: document.deleted)

    replace_atomically(post, THEIRS)  # a git checkout puts it back, changed

    qtbot.waitUntil(lambda: not document.deleted)
    assert document.editor.toPlainText() == THEIRS
    assert not document.is_modified


def test_a_renamed_bundle_is_followed(qtbot, window, library, post, asked):
    document = open_post(window, library, post)
    type_at_end(qtbot, document, "Unsaved.")

    (library / "hello-world").rename(library / "hello-again")

    moved = library / "hello-again" / "index.md"
    qtbot.waitUntil(lambda: document.path == moved)
    assert not document.deleted
    assert str(moved) in window.tabs.tabToolTip(window.tabs.currentIndex())
    assert window.workspace.save(document)
    assert moved.read_text("utf-8").endswith("Unsaved.")
    assert not (library / "hello-world").exists()


def test_a_new_post_not_saved_yet_is_not_taken_for_deleted(qtbot, window, library, asked):
    from editor.ui.document.document import DocumentController

    window.open_library(library)
    path = library / "fresh-post" / "index.md"
    document = DocumentController(window.context, "# Fresh\n", path, library_root=library)
    window.workspace.add(document)

    (library / "fresh-post").mkdir()  # the folder appears: the watcher looks
    (library / "other.md").write_text("x", encoding="utf-8")
    qtbot.wait(500)
    window.workspace.disk_watch.check_now()

    assert not document.deleted
    assert "(deleted)" not in window.windowTitle()
