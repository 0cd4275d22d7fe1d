"""The tags field: Enter, comma and completion add tags; Backspace removes; case is offered."""

from __future__ import annotations

from PySide6.QtCore import Qt

from editor.ui.tag_editor import TagEditor


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
