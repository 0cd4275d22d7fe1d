"""The cover field: a thumbnail to drop, paste or choose an image on, alt text and credit.

A new image is held (``PendingCovers``) under a name no file has until the post is saved:
choosing one changes nothing on disk, and Undo or closing without saving leaves the old one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QMimeData,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.document import covers
from editor.core.document.covers import PendingCovers
from editor.core.document.paths import is_remote
from editor.core.document.post import Cover
from editor.core.errors import PostdeskError
from editor.ui.document.images import image_size, read_image

THUMBNAIL_SIZE = QSize(144, 81)  # 16:9, as most blogs crop a cover
_IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.webp *.avif *.svg)"


def ask_to_downscale(parent: QWidget, width: int, height: int) -> bool:
    """Ask whether a wide image should be replaced by a smaller copy."""
    smaller = covers.downscaled_size(width, height)
    answer = QMessageBox.question(
        parent,
        "Large cover image",
        f"This image is {width:,} × {height:,} px. Blogs rarely show covers wider than "
        f"{covers.MAX_COVER_WIDTH:,} px.\n\nUse a {smaller[0]:,} × {smaller[1]:,} px copy "
        "instead? (The original file is left as it is.)",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


class CoverDropArea(QLabel):
    """The thumbnail: shows the cover, takes a dropped image file or image data."""

    file_dropped = Signal(Path)
    image_dropped = Signal(QImage)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cover-thumbnail")
        self.setAcceptDrops(True)
        self.setFixedSize(THUMBNAIL_SIZE)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def event(self, event: QEvent) -> bool:
        """Qt override: Paste here pastes a cover, before the window's Paste takes the keys."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Paste)
        ):
            event.accept()
            return True
        return super().event(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Qt override: accept image files and image data."""
        if _dropped_image(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Qt override: hand the image on."""
        dropped = _dropped_image(event.mimeData())
        if isinstance(dropped, Path):
            self.file_dropped.emit(dropped)
        elif isinstance(dropped, QImage):
            self.image_dropped.emit(dropped)
        event.acceptProposedAction()


def _dropped_image(mime: QMimeData) -> Path | QImage | None:
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if covers.is_cover_file(path) and path.is_file():
                return path
    if mime.hasImage():
        image = QImage(mime.imageData())
        return None if image.isNull() else image
    return None


class CoverWidget(QWidget):
    """Edits a post's cover; a new image waits in ``pending_covers`` for the post's save."""

    cover_edited = Signal(object, str)  # Cover | None, and the part changed ("image", "alt"...)
    problem_found = Signal(str)
    image_chosen = Signal(Path)  # a new image is the cover (held under this path until saved)

    def __init__(
        self, pending_covers: PendingCovers | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cover-widget")
        # The window shares one with the documents (they write it on save) and the preview.
        self.pending_covers = pending_covers if pending_covers is not None else PendingCovers()
        self.post_path: Path | None = None
        self._cover: Cover | None = None
        # Replaced in tests; asks the writer by default.
        self.ask_downscale: Callable[[int, int], bool] = lambda w, h: ask_to_downscale(self, w, h)
        self.thumbnail = CoverDropArea()
        self.thumbnail.file_dropped.connect(self.set_image_file)
        self.thumbnail.image_dropped.connect(self.set_image_data)
        self.choose_button = QPushButton("Choose…")
        self.paste_button = QPushButton("Paste")
        self.remove_button = QPushButton("Remove")
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.paste_button.clicked.connect(self.paste)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.alt_field = QLineEdit(placeholderText="What the image shows, for screen readers")
        self.alt_warning = QLabel("No alt text yet: screen readers skip the image.")
        self.alt_warning.setObjectName("field-warning")
        self.alt_warning.setWordWrap(True)  # a narrow column wraps it rather than cutting it
        self.credit_field = QLineEdit(placeholderText="Photo by … on Unsplash")
        self.credit_url_field = QLineEdit(placeholderText="Link: https://…")
        self.credit_url_field.setToolTip("Where the credit links to")
        self.alt_field.textEdited.connect(self._on_alt_field_text_edited)
        self.credit_field.textEdited.connect(self._on_credit_field_text_edited)
        self.credit_url_field.textEdited.connect(self._on_credit_url_field_text_edited)
        buttons = QVBoxLayout()
        buttons.setSpacing(2)
        for button in (self.choose_button, self.paste_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.thumbnail)
        top.addLayout(buttons)
        top.addStretch(1)
        credit_row = QHBoxLayout()
        credit_row.setContentsMargins(0, 0, 0, 0)
        credit_row.addWidget(self.credit_field, 3)
        credit_row.addWidget(self.credit_url_field, 2)
        fields = QFormLayout()
        fields.setContentsMargins(0, 0, 0, 0)
        fields.setVerticalSpacing(4)
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fields.addRow("Alt text", self.alt_field)
        fields.addRow(self.alt_warning)
        fields.addRow("Credit", credit_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(fields)
        self._show()

    # --- what the post has -------------------------------------------------------------------

    @property
    def cover(self) -> Cover | None:
        """The cover shown."""
        return self._cover

    def set_post(self, path: Path | None, cover: Cover | None) -> None:
        """Show the cover of the post at ``path`` (None: not saved yet); nothing is emitted."""
        reload = path != self.post_path or cover != self._cover
        self.post_path = path
        self._cover = cover
        if reload:
            self._show()

    def cover_file(self) -> Path | None:
        """The file the cover shows, when it is a local image beside (or under) the post: the
        held copy of a new cover until the post is saved."""
        if self._cover is None or self.post_path is None or is_remote(self._cover.image):
            return None
        file = self.post_path.parent / self._cover.image
        return self.pending_covers.held_copy(file) or file

    # --- setting an image --------------------------------------------------------------------

    @Slot(Path)
    def set_image_file(self, source: Path) -> None:
        """Make the image file ``source`` the cover (held for the post's save, maybe smaller)."""
        if self.post_path is None:
            self.problem_found.emit("Save the post first: its cover is kept beside it.")
            return
        try:
            size = image_size(source)
            if (
                size.isValid()
                and covers.needs_downscale(size.width())
                and self.ask_downscale(size.width(), size.height())
            ):
                image = read_image(source)
                if image.isNull():
                    raise PostdeskError("cannot read the image", source)
                target = self._hold_scaled(image, source.suffix)
            elif source.parent.resolve() == self.post_path.parent.resolve():
                target = source  # already beside the post: nothing to copy
            else:
                target = self.pending_covers.hold_file(self.post_path, source)
        except PostdeskError as error:
            self.problem_found.emit(str(error))
            return
        self._use_image(target)

    @Slot(QImage)
    def set_image_data(self, image: QImage) -> None:
        """Make pasted or dropped image data the cover (a PNG, held for the post's save)."""
        if self.post_path is None:
            self.problem_found.emit("Save the post first: its cover is kept beside it.")
            return
        if covers.needs_downscale(image.width()) and self.ask_downscale(
            image.width(), image.height()
        ):
            image = _scaled(image)
        try:
            target = self.pending_covers.hold(self.post_path, ".png", _encoded(image, "PNG"))
        except PostdeskError as error:
            self.problem_found.emit(str(error))
            return
        self._use_image(target)

    @Slot()
    def paste(self) -> None:
        """Use the clipboard's image file or image data as the cover."""
        mime = QApplication.clipboard().mimeData()
        dropped = _dropped_image(mime) if mime is not None else None
        if isinstance(dropped, Path):
            self.set_image_file(dropped)
        elif isinstance(dropped, QImage):
            self.set_image_data(dropped)
        else:
            self.problem_found.emit("The clipboard holds no image.")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt override: Paste on the thumbnail (the fields paste text themselves) pastes a cover."""
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        super().keyPressEvent(event)

    def _hold_scaled(self, image: QImage, suffix: str) -> Path:
        assert self.post_path is not None
        keep_jpeg = suffix.lower() in (".jpg", ".jpeg")
        image_format, new_suffix = ("JPG", ".jpg") if keep_jpeg else ("PNG", ".png")
        return self.pending_covers.hold(
            self.post_path, new_suffix, _encoded(_scaled(image), image_format)
        )

    def _use_image(self, target: Path) -> None:
        # A held cover and an image chosen from the post's folder both sit right beside it.
        name = target.name
        old = self._cover
        self._cover = replace(old, image=name) if old is not None else Cover(image=name)
        self._show()
        self.image_chosen.emit(target)
        self.cover_edited.emit(self._cover, "image")

    # --- fields ------------------------------------------------------------------------------

    def _edit(self, part: str, **fields: str) -> None:
        if self._cover is None:
            return
        self._cover = replace(self._cover, **fields)
        self.alt_warning.setVisible(not self._cover.alt.strip())
        self.cover_edited.emit(self._cover, part)

    @Slot(str)
    def _on_alt_field_text_edited(self, text: str) -> None:
        self._edit("alt", alt=text)

    @Slot(str)
    def _on_credit_field_text_edited(self, text: str) -> None:
        self._edit("credit", credit=text)

    @Slot(str)
    def _on_credit_url_field_text_edited(self, text: str) -> None:
        self._edit("credit_url", credit_url=text)

    @Slot()
    def _on_choose_button_clicked(self) -> None:
        start = str(self.post_path.parent if self.post_path else Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose a cover image", start, _IMAGE_FILTER)
        if chosen:
            self.set_image_file(Path(chosen))

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        # The file stays: another post may use it, and undo brings the field back.
        self._cover = None
        self._show()
        self.cover_edited.emit(None, "image")

    def _show(self) -> None:
        cover = self._cover
        has_cover = cover is not None
        for field, value in (
            (self.alt_field, cover.alt if cover else ""),
            (self.credit_field, cover.credit if cover else ""),
            (self.credit_url_field, cover.credit_url if cover else ""),
        ):
            if field.text() != value:
                field.setText(value)
                field.setCursorPosition(0)  # show the start of a long alt text
            field.setEnabled(has_cover)
        self.remove_button.setEnabled(has_cover)
        self.alt_warning.setVisible(has_cover and not (cover and cover.alt.strip()))
        self.thumbnail.setToolTip(cover.image if cover else "")
        if cover is None:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText("Drop a cover image here")
            return
        file = self.cover_file()
        pixmap = _thumbnail(file) if file is not None else QPixmap()
        if pixmap.isNull():
            self.thumbnail.setPixmap(QPixmap())
            what = "Remote image" if is_remote(cover.image) else "Missing image"
            self.thumbnail.setText(f"{what}:\n{cover.image}")
        else:
            self.thumbnail.setText("")
            self.thumbnail.setPixmap(pixmap)


def _thumbnail(path: Path) -> QPixmap:
    image = read_image(path, THUMBNAIL_SIZE)
    return QPixmap.fromImage(image) if not image.isNull() else QPixmap()


def _scaled(image: QImage) -> QImage:
    width, height = covers.downscaled_size(image.width(), image.height())
    return image.scaled(
        width,
        height,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def _encoded(image: QImage, image_format: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    quality = 90 if image_format == "JPG" else -1
    if not image.save(buffer, image_format, quality):  # type: ignore[call-overload]
        raise PostdeskError("cannot encode the image")
    buffer.close()
    return bytes(data.data())
