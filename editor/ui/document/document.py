"""One open document: its file, its editor and the renders that keep its preview current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QImage, QTextCursor

from editor.core.document.recovery import DiskBase
from editor.core.errors import PostdeskError
from editor.core.render.docrender import RenderResult
from editor.core.workspace import Document, editor_text
from editor.ui.app.context import AppContext
from editor.ui.document.editor_pane import MarkdownEditor
from editor.ui.document.images import copy_image, save_pasted_image
from editor.ui.preview.render_worker import RenderScheduler


class EditorBuffer:
    """The core's TextBuffer on a Markdown editor: the text a Document reads and replaces."""

    def __init__(self, editor: MarkdownEditor) -> None:
        self.editor = editor

    def text(self) -> str:
        """The editor's text."""
        return self.editor.toPlainText()

    def is_modified(self) -> bool:
        """The editor's document is modified."""
        return self.editor.document().isModified()

    def set_modified(self, modified: bool) -> None:
        """Mark the editor's document modified or not."""
        self.editor.document().setModified(modified)

    def revision(self) -> int:
        """The editor's document revision."""
        return self.editor.document().revision()

    def replace_text(self, text: str) -> None:
        """Put ``text`` in the editor as one undo step, keeping cursor and scroll."""
        editor = self.editor
        cursor = editor.textCursor()
        line, column = cursor.blockNumber(), cursor.positionInBlock()
        scroll = editor.verticalScrollBar().value(), editor.horizontalScrollBar().value()
        edit = QTextCursor(editor.document())
        edit.beginEditBlock()
        edit.select(QTextCursor.SelectionType.Document)
        edit.insertText(text)
        edit.endEditBlock()
        block = editor.document().findBlockByNumber(line)
        if not block.isValid():
            block = editor.document().lastBlock()
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + min(column, block.length() - 1))
        editor.setTextCursor(cursor)
        editor.verticalScrollBar().setValue(scroll[0])
        editor.horizontalScrollBar().setValue(scroll[1])


class DocumentController(QObject):
    """One open document in the window: the core Document, its editor and its renders.

    The file logic (what is saved, how, and what changed on disk) is the core Document's;
    this adds the editor, the preview's renders and images, and re-emits the document's
    notices as signals for the window.
    """

    modified_changed = Signal(bool)
    metadata_changed = Signal()  # the title (or another header field) changed
    saved = Signal(Path)
    moved = Signal(Path)  # the file is elsewhere now (saved as, renamed, moved on disk)
    rendered = Signal(object)  # RenderResult, newest only
    problem_found = Signal(
        str
    )  # a one-line message for the writer (bad front matter, render error)
    images_need_folder = Signal(object)  # list[Path] or QImage: save the document first
    notice_changed = Signal()  # deleted on disk, read-only or encoding changed

    def __init__(
        self,
        context: AppContext,
        text: str,
        path: Path | None,
        *,
        library_root: Path | None,
        parent: QObject | None = None,
        encoding: str = "utf-8",
        read_only: bool = False,
        note: str = "",
        large: bool = False,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.allow_remote = False
        # Rendering a very large document on every pause would hold up typing.
        self.preview_paused = large
        self.last_result: RenderResult | None = None
        self.editor = MarkdownEditor(context.theme.colors())
        if large:
            # Highlighting millions of lines in Python would freeze the window for minutes.
            self.editor.highlighter.setDocument(None)
        self.editor.setReadOnly(read_only)
        self.editor.setPlainText(editor_text(text))
        self.editor.document().setModified(False)
        self.document = Document(
            EditorBuffer(self.editor),
            text,
            path,
            library_root=library_root,
            pending_covers=context.pending_covers,
            encoding=encoding,
            read_only=read_only,
            note=note,
            large=large,
        )
        self.document.metadata_changed.connect(self.metadata_changed.emit)
        self.document.saved.connect(self.saved.emit)
        self.document.moved.connect(self._on_document_moved)
        self.document.notice_changed.connect(self._on_document_notice_changed)
        self._scheduler = RenderScheduler(
            context.tasks,
            self.editor.toPlainText,
            lambda: self.document.path,
            lambda: context.preview_dialect,
            self,
        )
        self._scheduler.rendered.connect(self._on_scheduler_rendered)
        self._scheduler.failed.connect(self.problem_found)
        self.editor.document().modificationChanged.connect(self.modified_changed)
        self.editor.document().modificationChanged.connect(self.document.modification_changed)
        self.editor.document().contentsChange.connect(self._on_document_contents_change)
        self.editor.images_received.connect(self._on_editor_images_received)
        self.editor.image_pasted.connect(self._on_editor_image_pasted)
        if not self.preview_paused:
            self._scheduler.render_now()

    # --- the core document's state, as the window reads it -----------------------------------

    @property
    def path(self) -> Path | None:
        """The document's file (None until its first save)."""
        return self.document.path

    @property
    def library_root(self) -> Path | None:
        """The library the document was opened in."""
        return self.document.library_root

    @property
    def encoding(self) -> str:
        """The encoding saving writes."""
        return self.document.encoding

    @property
    def read_only(self) -> bool:
        """Opened read-only (text that is not UTF-8)."""
        return self.document.read_only

    @property
    def note(self) -> str:
        """Why the document is read-only, not UTF-8 or recovered, for the info bar."""
        return self.document.note

    @property
    def deleted(self) -> bool:
        """Its file was removed on disk (the text stays)."""
        return self.document.deleted

    @property
    def recovery_id(self) -> str:
        """The key of the document's recovery copy."""
        return self.document.recovery_id

    @recovery_id.setter
    def recovery_id(self, key: str) -> None:
        self.document.recovery_id = key

    @property
    def recovered_from(self) -> DiskBase | None:
        """The older file version recovered text was made from, until it is settled."""
        return self.document.recovered_from

    @property
    def title(self) -> str:
        """The post's title from the newest render ("" when it has none)."""
        return self.document.title

    @property
    def display_name(self) -> str:
        """A short name for tabs and the title bar: the bundle folder for an index.md."""
        return self.document.display_name

    @property
    def is_modified(self) -> bool:
        """The text differs from the file (or there is no file yet)."""
        return self.document.is_modified

    @property
    def folder(self) -> Path | None:
        """The folder relative images resolve in: the post's own, else the library's."""
        return self.document.folder

    @property
    def disk_text(self) -> str:
        """The file's text as this document last read or wrote it."""
        return self.document.disk_text

    def text(self) -> str:
        """The document as it would be written to its file."""
        return self.document.text()

    def base_url(self) -> QUrl:
        """The folder the preview resolves relative images in, as a file URL ending in /."""
        folder = self.folder
        if folder is None:
            return QUrl("about:blank")
        return QUrl.fromLocalFile(str(folder.resolve()) + "/")

    # --- changing it -------------------------------------------------------------------------

    def save(self, path: Path | None = None, *, replace_read_only: bool = False) -> None:
        """Write the document atomically (see Document.save); PostdeskError on failure."""
        self.document.save(path, replace_read_only=replace_read_only)

    def replace_text(self, text: str, *, from_disk: bool) -> None:
        """Put ``text`` (file text) in the editor as one undo step (see Document.replace_text)."""
        self.document.replace_text(text, from_disk=from_disk)

    def mark_recovered_from(self, base: DiskBase, note: str) -> None:
        """The recovered text was made from ``base``, an older version of its file."""
        self.document.mark_recovered_from(base, note)

    def move_to(self, path: Path) -> None:
        """Follow the file to a new name (the writer renamed the post's slug)."""
        self.document.move_to(path)

    def reopen_in(self, encoding: str) -> None:
        """Read the file again in ``encoding`` (the writer chose it) and make it editable.

        PostdeskError (the document unchanged) when the bytes are not valid in it.
        """
        self.document.reopen_in(encoding)

    def convert_to_utf8(self) -> None:
        """From the next save on, write the document as UTF-8 (an unsaved change until then)."""
        self.document.convert_to_utf8()

    def _on_document_notice_changed(self) -> None:
        self.editor.setReadOnly(self.document.read_only)
        self.notice_changed.emit()

    def _on_document_moved(self, path: Path) -> None:
        self.render_now()
        self.moved.emit(path)

    # --- rendering ---------------------------------------------------------------------------

    def render_now(self) -> None:
        """Render without waiting for typing to pause (a tab switch, a reload)."""
        if not self.preview_paused:
            self._scheduler.render_now()

    @Slot(int, int, int)
    def _on_document_contents_change(self, _position: int, removed: int, added: int) -> None:
        if (removed or added) and not self.preview_paused:
            self._scheduler.request()

    @Slot(object)
    def _on_scheduler_rendered(self, result: RenderResult) -> None:
        title_changed = self.last_result is None or self.last_result.title != result.title
        self.last_result = result
        self.document.title = result.title
        self.rendered.emit(result)
        if result.problem:
            self.problem_found.emit(result.problem)
        if title_changed:
            self.metadata_changed.emit()

    # --- images ------------------------------------------------------------------------------

    def add_images(self, images: Any) -> None:
        """Copy image files (or save pasted image data) beside the post and link them."""
        folder = self.path.parent if self.path is not None else None
        if folder is None:
            self.images_need_folder.emit(images)
            return
        try:
            if isinstance(images, QImage):
                names = [save_pasted_image(images, folder)]
            else:
                names = [copy_image(Path(source), folder) for source in images]
        except PostdeskError as exc:
            self.problem_found.emit(str(exc))
            return
        self.editor.insert_images(names)

    @Slot(list)
    def _on_editor_images_received(self, paths: list[Path]) -> None:
        self.add_images(paths)

    @Slot(QImage)
    def _on_editor_image_pasted(self, image: QImage) -> None:
        self.add_images(image)
