"""The tags field: Enter, comma and completion add tags; Backspace removes; case is offered."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from editor.core.document.post import Post
from editor.ui.metadata.tag_editor import TagEditor

SAMPLES = Path(__file__).resolve().parents[3] / "sample_posts"
OTHER = "git-bisect-for-model-regressions"  # a sample post without the tag mlops
POST = "point-in-time-joins"


def make_editor(qtbot, known=("Machine Learning", "python", "MLOps")) -> TagEditor:
    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.set_known_tags(known)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_enter_and_comma_add_tags(qtbot, qtlog):
    editor = make_editor(qtbot)
    edits: list[list[str]] = []
    editor.tags_edited.connect(edits.append)
    editor.line.setFocus()
    # The offscreen platform cannot raise the completion popup or grab the keyboard for it,
    # and says so; the popup works all the same.
    with qtlog.disabled():
        qtbot.keyClicks(editor.line, "rust")
        qtbot.keyClick(editor.line, Qt.Key.Key_Return)
        qtbot.keyClicks(editor.line, "go, sql,")
    assert editor.tags() == ["rust", "go", "sql"]
    assert edits[-1] == ["rust", "go", "sql"]
    assert editor.line.text() == ""


def test_a_tag_already_there_is_not_added_twice(qtbot):
    editor = make_editor(qtbot)
    editor.set_tags(["Rust"])
    assert not editor.add_tag("rust")
    assert editor.tags() == ["Rust"]


def test_backspace_on_an_empty_line_removes_the_last_tag(qtbot):
    editor = make_editor(qtbot)
    editor.set_tags(["a", "b"])
    editor.line.setFocus()
    qtbot.keyClick(editor.line, Qt.Key.Key_Backspace)
    assert editor.tags() == ["a"]
    qtbot.keyClicks(editor.line, "x")
    qtbot.keyClick(editor.line, Qt.Key.Key_Backspace)  # deletes the letter only
    assert editor.tags() == ["a"]


def test_completion_matches_whatever_the_case_and_adds_the_librarys_spelling(qtbot, qtlog):
    editor = make_editor(qtbot)
    editor.line.setFocus()
    popup = editor.completer.popup()
    with qtlog.disabled():  # offscreen popup notes, as above
        qtbot.keyClicks(editor.line, "machine")
        qtbot.waitUntil(popup.isVisible)
        assert editor.completer.currentCompletion() == "Machine Learning"
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert editor.tags() == ["Machine Learning"]
    assert editor.line.text() == ""


def test_a_tag_differing_only_by_case_offers_the_existing_spelling(qtbot):
    editor = make_editor(qtbot)
    editor.add_tag("mlops")
    assert editor.suggestion.isVisible()
    assert "MLOps" in editor.suggestion.text()
    edits: list[list[str]] = []
    editor.tags_edited.connect(edits.append)
    editor.suggestion.click()
    assert editor.tags() == ["MLOps"]
    assert edits == [["MLOps"]]
    assert not editor.suggestion.isVisible()


def test_the_remove_button_on_a_chip_removes_it(qtbot):
    editor = make_editor(qtbot)
    editor.set_tags(["a", "b", "c"])
    chip = editor.findChildren(type(editor._chips[0]))[1]
    chip.remove_button.click()
    assert editor.tags() == ["a", "c"]


def test_chip_and_its_tooltip_show_markup_in_a_tag_as_written(qtbot):
    editor = make_editor(qtbot)
    editor.set_tags(["<b>x</b>", "<img src=x>"])
    for chip, tag in zip(editor._chips, ["<b>x</b>", "<img src=x>"], strict=True):
        label = chip.findChild(QLabel, "tag-chip-label")
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert label.text() == tag
        document = QTextDocument()
        document.setHtml(chip.remove_button.toolTip())
        assert document.toPlainText() == f"Remove “{tag}”"


# --- in the window: completion, the next tag, another post -------------------------------------


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    root = tmp_path / "samples"
    shutil.copytree(SAMPLES, root)
    return root


def open_posts(qtbot, window, root: Path, *slugs: str) -> list:
    window.open_library(root)
    qtbot.waitUntil(lambda: window.library_pane.library is not None, timeout=10000)
    documents = [window.workspace.open_file(root / slug / "index.md") for slug in slugs]
    assert all(documents)
    return documents


def type_in_tags(qtbot, window, text: str):
    """Focus the tags line in the active window, as a click would, and type ``text``."""
    line = window.metadata_pane.form.tags_field.line
    window.activateWindow()
    line.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(line.hasFocus)
    qtbot.keyClicks(line, text)
    return line


def tags_in_text(document) -> list[str]:
    return Post.from_text(document.editor.toPlainText()).tags


@pytest.mark.parametrize(
    "key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab], ids=["Return", "Enter", "Tab"]
)
def test_a_completion_chosen_with_a_key_leaves_nothing_behind(qtbot, qtlog, window, samples, key):
    post, other = open_posts(qtbot, window, samples, OTHER, POST)
    window.tabs.set_current_document(post)
    tags = window.metadata_pane.form.tags_field
    popup = tags.completer.popup()
    with qtlog.disabled():  # offscreen popup notes, as above
        line = type_in_tags(qtbot, window, "mlo")
        qtbot.waitUntil(popup.isVisible)
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, key)
        assert line.text() == ""
        assert line.hasFocus()  # Tab chose the completion, it did not leave the field
        qtbot.keyClicks(line, "pyt")
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert tags_in_text(post)[-2:] == ["mlops", "pyt"]
    assert line.text() == ""
    window.tabs.set_current_document(other)
    assert line.text() == ""
    assert "pyt" not in tags_in_text(other)


def test_a_completion_chosen_with_the_mouse_leaves_nothing_behind(qtbot, qtlog, window, samples):
    (post,) = open_posts(qtbot, window, samples, OTHER)
    tags = window.metadata_pane.form.tags_field
    popup = tags.completer.popup()
    with qtlog.disabled():
        line = type_in_tags(qtbot, window, "mlo")
        qtbot.waitUntil(popup.isVisible)
        first = popup.visualRect(popup.model().index(0, 0)).center()
        qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=first)
        assert line.text() == ""
        qtbot.keyClicks(line, "sql,")
    assert tags_in_text(post)[-2:] == ["mlops", "sql"]


def test_a_half_typed_tag_is_not_carried_to_another_post(qtbot, qtlog, window, samples):
    post, other = open_posts(qtbot, window, samples, OTHER, POST)
    window.tabs.set_current_document(post)
    tags = window.metadata_pane.form.tags_field
    with qtlog.disabled():
        line = type_in_tags(qtbot, window, "mlo")
        qtbot.waitUntil(tags.completer.popup().isVisible)
    window.tabs.set_current_document(other)
    assert line.text() == ""
    assert not tags.completer.popup().isVisible()
    window.library_pane.post_activated.emit(post.path)  # back to it from the library
    assert window.current_document() is post
    assert line.text() == ""
    assert not post.is_modified and not other.is_modified
