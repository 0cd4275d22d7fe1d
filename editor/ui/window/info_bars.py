"""Info bars: a line above the editor about the active document's file (deleted on disk,
not UTF-8, read-only) and one above the preview when remote images are blocked."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.document.opening import ENCODING_CHOICES, encoding_label
from editor.core.errors import PostdeskError
from editor.ui.document.document import DocumentController


class _InfoBar(QFrame):
    """A message with buttons on a tinted strip (styled by the theme as #info-bar)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("info-bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(8, 4, 8, 4)
        self.row.addWidget(self.message, 1)
        self.hide()


class DocumentBar(_InfoBar):
    """What the writer should know about the active document's file, with what to do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.encoding_box = QComboBox()
        for label, codec in ENCODING_CHOICES:
            self.encoding_box.addItem(label, codec)
        self.reopen_button = QPushButton("Reopen")
        self.convert_button = QPushButton("Convert to UTF-8")
        for widget in (self.encoding_box, self.reopen_button, self.convert_button):
            self.row.addWidget(widget)
        self.reopen_button.clicked.connect(self._on_reopen_button_clicked)
        self.convert_button.clicked.connect(self._on_convert_button_clicked)
        self._document: DocumentController | None = None

    def show_document(self, document: DocumentController | None) -> None:
        """Describe `document` (the active tab's); hidden when there is nothing to say."""
        if self._document is not None:
            self._document.notice_changed.disconnect(self._on_document_notice_changed)
        self._document = document
        if document is not None:
            document.notice_changed.connect(self._on_document_notice_changed)
        self._on_document_notice_changed()

    @Slot()
    def _on_document_notice_changed(self) -> None:
        document = self._document
        lines: list[str] = []
        if document is not None and document.deleted:
            lines.append("The file was deleted on disk. Your text is here: saving recreates it.")
        if document is not None and document.note:
            lines.append(document.note)
        self.message.setText("\n".join(lines))
        reopen = document is not None and document.read_only and document.path is not None
        self.encoding_box.setVisible(reopen)
        self.reopen_button.setVisible(reopen)
        if reopen and document is not None:
            # Offer the likely encoding first.
            index = self.encoding_box.findText(encoding_label(document.encoding))
            self.encoding_box.setCurrentIndex(max(0, index))
        self.convert_button.setVisible(
            document is not None and not document.read_only and document.encoding != "utf-8"
        )
        self.setVisible(bool(lines))

    @Slot()
    def _on_reopen_button_clicked(self) -> None:
        if self._document is None:
            return
        try:
            self._document.reopen_in(self.encoding_box.currentData())
        except PostdeskError as exc:
            QMessageBox.warning(self, "Cannot reopen", str(exc))

    @Slot()
    def _on_convert_button_clicked(self) -> None:
        if self._document is not None:
            self._document.convert_to_utf8()


class RemoteImagesBar(_InfoBar):
    """Says the preview blocked remote images and fonts; `load_requested` lets them load."""

    load_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message.setText("Remote images and fonts are blocked in this preview.")
        self.load_button = QPushButton("Load Remote Images")
        self.row.addWidget(self.load_button)
        self.load_button.clicked.connect(self.load_requested)


def with_bar_above(bar: QWidget, content: QWidget) -> QWidget:
    """A widget showing `bar` (when visible) above `content`."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(bar)
    layout.addWidget(content, 1)
    return box
