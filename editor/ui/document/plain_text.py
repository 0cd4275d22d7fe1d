"""The writer's own words (tags, titles, file names, messages quoting them) shown as written.

Qt reads any text that looks like HTML as rich text in labels, tooltips, message boxes and
input dialogs, so a tag ``<b>x</b>`` would show in bold and ``<img src=x>`` as a picture.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows ``text`` character for character, never as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def as_rich_text(text: str) -> str:
    """``text`` as HTML that shows it as written, for places that take no text format
    (tooltips, message boxes, input dialog labels)."""
    return GuiQt.convertFromPlainText(text, GuiQt.WhiteSpaceMode.WhiteSpaceNormal)
