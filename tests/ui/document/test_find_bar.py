"""Find and replace with regular expressions and case matching."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPlainTextEdit

from editor.ui.document.find_bar import FindBar


@pytest.fixture
def bar(qtbot) -> FindBar:
    editor = QPlainTextEdit("Cat cat CAT\ncatalogue")
    find_bar = FindBar()
    find_bar.set_editor(editor)
    qtbot.addWidget(editor)
    qtbot.addWidget(find_bar)
    find_bar.editor = editor  # type: ignore[attr-defined]
    return find_bar


def test_find_wraps_around_and_ignores_case_by_default(bar):
    bar.find_field.setText("cat")
    found = []
    for _ in range(5):
        assert bar.find_next()
        found.append(bar.editor.textCursor().selectionStart())
    assert found == [0, 4, 8, 12, 0]


def test_match_case(bar):
    bar.case_box.setChecked(True)
    bar.find_field.setText("CAT")
    assert bar.find_next()
    assert bar.editor.textCursor().selectionStart() == 8


def test_replace_all_with_a_regex_and_groups(bar):
    bar.regex_box.setChecked(True)
    bar.case_box.setChecked(True)
    bar.find_field.setText(r"\b([Cc])at\b")
    bar.replace_field.setText(r"\1ow")
    assert bar.replace_all() == 2
    assert bar.editor.toPlainText() == "Cow cow CAT\ncatalogue"
    bar.editor.undo()
    assert bar.editor.toPlainText() == "Cat cat CAT\ncatalogue"


def test_replace_one_then_moves_on(bar):
    bar.find_field.setText("cat")
    bar.replace_field.setText("dog")
    bar.find_next()
    bar.replace_one()
    assert bar.editor.toPlainText().startswith("dog cat")
    assert bar.editor.textCursor().selectionStart() == 4


def test_a_bad_pattern_is_reported_not_raised(bar):
    bar.regex_box.setChecked(True)
    bar.find_field.setText("(")
    assert not bar.find_next()
    assert bar.find_field.property("problem") is True
