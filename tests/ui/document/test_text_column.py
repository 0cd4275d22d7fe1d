"""A wide editor keeps wrapped text in a centred column; its margins still act on the text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from editor.ui.document.editor_pane import MarkdownEditor


@pytest.fixture
def editor(qtbot, context) -> MarkdownEditor:
    widget = MarkdownEditor(context.theme.colors())
    qtbot.addWidget(widget)
    widget.set_font_choice("", 11, proportional=False)
    widget.set_soft_wrap(True)
    widget.show()
    return widget


def test_a_wide_editor_keeps_the_text_in_a_centred_column(qtbot, editor):
    editor.set_max_line_width(80)
    editor.resize(1400, 500)
    qtbot.waitUntil(lambda: editor.viewportMargins().left() > 0)
    margins = editor.viewportMargins()
    assert margins.left() == margins.right()
    editor.setPlainText("x" * 80 + "\n" + "y" * 90)
    fits, wraps = editor.document().firstBlock(), editor.document().lastBlock()
    assert fits.layout().lineCount() == 1  # 80 characters fit the column
    assert wraps.layout().lineCount() == 2  # soft wrap wraps at the column's edge
    # The column is measured in the font's average character (what a proportional font needs).
    assert editor.viewport().width() < editor.fontMetrics().averageCharWidth() * 88


def test_a_narrow_editor_or_no_limit_uses_the_whole_width(qtbot, editor):
    editor.set_max_line_width(80)
    editor.resize(1400, 500)
    qtbot.waitUntil(lambda: editor.viewportMargins().left() > 0)
    editor.resize(400, 500)
    qtbot.waitUntil(lambda: editor.viewportMargins().left() == 0)
    editor.resize(1400, 500)
    qtbot.waitUntil(lambda: editor.viewportMargins().left() > 0)
    editor.set_max_line_width(0)
    assert editor.viewportMargins().left() == 0


def test_the_empty_margins_act_on_the_text(qtbot, editor):
    editor.set_max_line_width(40)
    editor.resize(1200, 300)
    qtbot.waitUntil(lambda: editor.viewportMargins().left() > 0)
    editor.setPlainText("".join(f"line {n}\n" for n in range(200)))
    second = editor.blockBoundingGeometry(editor.document().findBlockByNumber(1))
    beside = QPoint(5, int(second.center().y() + editor.contentOffset().y()))
    qtbot.mouseClick(editor, Qt.MouseButton.LeftButton, pos=beside)
    assert editor.textCursor().blockNumber() == 1  # a click beside a line goes to that line
    wheel = QWheelEvent(
        QPointF(beside),
        QPointF(editor.mapToGlobal(beside)),
        QPoint(),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(editor, wheel)
    assert editor.verticalScrollBar().value() > 0  # the wheel beside the text scrolls it


def test_the_column_width_preference_applies_to_open_documents(qtbot, window, library, context):
    window.open_library(library)
    document = window.workspace.open_file(library / "hello-world" / "index.md")
    assert document is not None
    window.menu_actions["show_preview"].setChecked(False)  # a wide editor
    editor = document.editor
    qtbot.waitUntil(lambda: editor.viewportMargins().left() > 0)
    wide = editor.viewport().width()

    context.preferences.max_line_width = 40
    assert editor.viewport().width() < wide
    context.preferences.max_line_width = 0
    assert editor.viewportMargins().left() == 0


def test_without_soft_wrap_the_text_takes_the_whole_width(qtbot, editor):
    editor.set_max_line_width(80)
    editor.resize(1400, 500)
    qtbot.waitUntil(lambda: editor.viewportMargins().left() > 0)
    editor.set_soft_wrap(False)  # a column would only cut long lines off
    assert editor.viewportMargins().left() == 0
    editor.set_soft_wrap(True)
    assert editor.viewportMargins().left() > 0


def test_a_larger_font_makes_the_column_wider(qtbot, editor):
    editor.set_max_line_width(60)
    editor.resize(1400, 500)
    qtbot.waitUntil(lambda: editor.viewportMargins().left() > 0)
    narrow = editor.viewport().width()
    editor.set_font_choice("", 14, proportional=False)  # as zooming in does
    assert editor.viewport().width() > narrow
