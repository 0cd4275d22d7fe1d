"""One open document: its file, its editor and the renders that keep its preview current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QImage, QTextCursor

from editor.core.covers import dropped_cover
from editor.core.docrender import RenderResult
from editor.core.errors import FrontMatterError, PostdeskError
from editor.core.fsutil import atomic_write_bytes, atomic_write_text
from editor.core.post import Post
from editor.core.recovery import DiskBase, document_id_for, untitled_id
from editor.ui.context import AppContext
from editor.ui.editor_pane import MarkdownEditor
from editor.ui.images import copy_image, save_pasted_image
from editor.ui.opening import read_document
from editor.ui.render_worker import RenderScheduler

_BOM = "\ufeff"


class DocumentController(QObject):
    """Owns one document's text, file and renders; the window shows it in a tab."""

    modified_changed = Signal(bool)
    metadata_changed = Signal()  # the title (or another header field) changed
    saved = Signal(Path)
    rendered = Signal(object)  # RenderResult, newest only
    problem_found = Signal(
        str
    )  # a one-line message for the writer (bad front matter, render error)
    images_need_folder = Signal(object)  # list[Path] or QImage: save the document first
    notice_changed = Signal()  # deleted on disk, read-only or encoding changed
    cover_dropped = Signal(Path)  # a save stopped showing this cover file (it is still on disk)

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
        self.path = path
        self.library_root = library_root
        self.allow_remote = False
        # Saving writes this encoding back: a file is never re-encoded behind the writer's back.
        self.encoding = encoding
        self.read_only = read_only
        self.note = note  # why the document is read-only or not UTF-8, for the info bar
        self.deleted = False  # its file was removed on disk (the text stays here)
        # Rendering a very large document on every pause would hold up typing.
        self.preview_paused = large
        # The recovery folder keys copies by this: the full path, or an id for an untitled one.
        self.recovery_id = document_id_for(path) if path is not None else untitled_id()
        # Recovered text made from an older version of the file than the one on disk now:
        # saving asks first, as for any change on disk (see DiskWatcher.may_overwrite).
        self.recovered_from: DiskBase | None = None
        self._recovered_note = ""
        self.last_result: RenderResult | None = None
        self._original_text = text
        self._has_bom = text.startswith(_BOM)
        self._newline = "\r\n" if "\r\n" in text else "\n"
        self.editor = MarkdownEditor(context.theme.colors())
        if large:
            # Highlighting millions of lines in Python would freeze the window for minutes.
            self.editor.highlighter.setDocument(None)
        self.editor.setReadOnly(read_only)
        self.editor.setPlainText(_editor_text(text))
        self.editor.document().setModified(False)
        self._scheduler = RenderScheduler(
            context.tasks,
            self.editor.toPlainText,
            lambda: self.path,
            lambda: context.preview_dialect,
            self,
        )
        self._scheduler.rendered.connect(self._on_scheduler_rendered)
        self._scheduler.failed.connect(self.problem_found)
        self.editor.document().modificationChanged.connect(self.modified_changed)
        self.editor.document().modificationChanged.connect(self._on_editor_modification_changed)
        self.editor.document().contentsChange.connect(self._on_document_contents_change)
        self.editor.images_received.connect(self._on_editor_images_received)
        self.editor.image_pasted.connect(self._on_editor_image_pasted)
        if not self.preview_paused:
            self._scheduler.render_now()

    @classmethod
    def open(
        cls, context: AppContext, path: Path, *, library_root: Path | None
    ) -> DocumentController:
        """Open a file; PostdeskError (one line) when it cannot be read as Markdown text.

        Bad YAML still opens as text (the preview says what is wrong, saving keeps it); text
        that is not UTF-8 opens read-only with a note.
        """
        opened = read_document(path)
        return cls(
            context,
            opened.text,
            path,
            library_root=library_root,
            encoding=opened.encoding,
            read_only=opened.read_only,
            note=opened.note,
            large=opened.large,
        )

    # --- what the window shows ---------------------------------------------------------------

    @property
    def title(self) -> str:
        """The post's title from the newest render ("" when it has none)."""
        return self.last_result.title if self.last_result else ""

    @property
    def display_name(self) -> str:
        """A short name for tabs and the title bar: the bundle folder for an index.md."""
        if self.path is None:
            return self.title or "Untitled"
        name = self.path.name
        if self.path.stem == "index" and self.path.parent != self.library_root:
            name = self.path.parent.name
        return f"{name} (deleted)" if self.deleted else name

    @property
    def is_modified(self) -> bool:
        """The text differs from the file (or there is no file yet)."""
        return self.editor.document().isModified()

    @property
    def folder(self) -> Path | None:
        """The folder relative images resolve in: the post's own, else the library's."""
        return self.path.parent if self.path is not None else self.library_root

    def base_url(self) -> QUrl:
        """The folder the preview resolves relative images in, as a file URL ending in /."""
        folder = self.folder
        if folder is None:
            return QUrl("about:blank")
        return QUrl.fromLocalFile(str(folder.resolve()) + "/")

    @property
    def disk_text(self) -> str:
        """The file's text as this document last read or wrote it."""
        return self._original_text

    def text(self) -> str:
        """The document as it would be written to its file."""
        if not self.is_modified and self.path is not None:
            return self._original_text
        text = self.editor.toPlainText()
        if self._newline != "\n":
            text = text.replace("\n", self._newline)
        return _BOM + text if self._has_bom else text

    # --- saving ------------------------------------------------------------------------------

    def save(self, path: Path | None = None, *, replace_read_only: bool = False) -> None:
        """Write the document atomically; PostdeskError (text kept, still modified) on failure.

        ReadOnlyFileError when the file is read-only and ``replace_read_only`` is not set.
        """
        target = path or self.path
        if target is None:
            raise PostdeskError("the document has no file name yet")
        if self.read_only:
            raise PostdeskError(
                "opened read-only (not UTF-8 text): reopen it in its encoding to edit it", target
            )
        text = self.text()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PostdeskError(f"cannot create the folder: {exc.strerror or exc}", target) from exc
        post = _post_or_none(text, target)
        if post is not None and self.path is not None:
            # New covers first: a saved post never shows an image that is not on disk.
            self.context.pending_covers.write(self.path, target, post)
        if self.encoding != "utf-8":
            data = _encoded(text, self.encoding, target)
            atomic_write_bytes(target, data, replace_read_only=replace_read_only)
        elif post is None:
            atomic_write_text(target, text, replace_read_only=replace_read_only)
        else:
            post.save(target, replace_read_only=replace_read_only)
        # Saved as another file, the old one still shows its cover.
        before = _post_or_none(self._original_text, target) if target == self.path else None
        dropped = dropped_cover(before, post, target) if before and post else None
        moved = target != self.path
        self.path = target
        self.recovery_id = document_id_for(target)
        self._original_text = text
        was_deleted, self.deleted = self.deleted, False
        self.editor.document().setModified(False)
        if was_deleted:
            self.notice_changed.emit()
        if dropped is not None:
            self.cover_dropped.emit(dropped)
        self.saved.emit(target)
        if moved:
            self.render_now()
            self.metadata_changed.emit()

    # --- the file on disk --------------------------------------------------------------------

    def replace_text(self, text: str, *, from_disk: bool) -> None:
        """Put `text` (file text) in the editor as one undo step, keeping cursor and scroll.

        `from_disk`: it is the file's content now, so the document becomes unmodified;
        otherwise (recovered text) it is an unsaved change.
        """
        editor = self.editor
        cursor = editor.textCursor()
        line, column = cursor.blockNumber(), cursor.positionInBlock()
        scroll = editor.verticalScrollBar().value(), editor.horizontalScrollBar().value()
        edit = QTextCursor(editor.document())
        edit.beginEditBlock()
        edit.select(QTextCursor.SelectionType.Document)
        edit.insertText(_editor_text(text))
        edit.endEditBlock()
        block = editor.document().findBlockByNumber(line)
        if not block.isValid():
            block = editor.document().lastBlock()
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + min(column, block.length() - 1))
        editor.setTextCursor(cursor)
        editor.verticalScrollBar().setValue(scroll[0])
        editor.horizontalScrollBar().setValue(scroll[1])
        if from_disk:
            self._original_text = text
            self._has_bom = text.startswith(_BOM)
            self._newline = "\r\n" if "\r\n" in text else "\n"
        editor.document().setModified(not from_disk)

    def mark_deleted(self, deleted: bool) -> None:
        """The file was removed on disk (or came back): the text stays, saving recreates it."""
        if deleted != self.deleted:
            self.deleted = deleted
            if deleted:
                self.editor.document().setModified(True)
            self.notice_changed.emit()
            self.metadata_changed.emit()

    def mark_recovered_from(self, base: DiskBase, note: str) -> None:
        """The recovered text in this tab was made from ``base``, an older version of its file;
        ``note`` says so in the info bar until the tab holds the file's text again."""
        self.recovered_from, self._recovered_note = base, note
        self.note = f"{self.note} {note}" if self.note else note
        self.notice_changed.emit()

    @Slot(bool)
    def _on_editor_modification_changed(self, modified: bool) -> None:
        if not modified and self.recovered_from is not None:
            # Saved, reloaded or undone back to the file on disk: it is the text's base now.
            self.recovered_from = None
            self.note = self.note.removesuffix(self._recovered_note).rstrip()
            self.notice_changed.emit()

    def move_to(self, path: Path) -> None:
        """Follow the file to a new name (its bundle was renamed on disk)."""
        if self.path is not None:
            self.context.pending_covers.follow(self.path, path)
        self.path = path
        self.recovery_id = document_id_for(path)
        self.metadata_changed.emit()
        self.render_now()

    def reopen_in(self, encoding: str) -> None:
        """Read the file again in `encoding` (the writer chose it) and make it editable.

        PostdeskError (the document unchanged) when the bytes are not valid in it.
        """
        if self.path is None:
            return
        opened = read_document(self.path, encoding)
        self.encoding, self.read_only, self.note = opened.encoding, opened.read_only, opened.note
        self.editor.setReadOnly(opened.read_only)
        self.replace_text(opened.text, from_disk=True)
        self.notice_changed.emit()

    def convert_to_utf8(self) -> None:
        """From the next save on, write the document as UTF-8 (an unsaved change until then)."""
        self.encoding, self.note = "utf-8", ""
        self.editor.document().setModified(True)
        self.notice_changed.emit()

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


def _encoded(text: str, encoding: str, path: Path) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise PostdeskError(
            f"{text[exc.start]!r} cannot be written in {encoding}: convert the document to UTF-8"
            " or remove it",
            path,
            line,
        ) from exc


def _post_or_none(text: str, path: Path) -> Post | None:
    # Front matter that cannot be read is saved as text: no cover is read from it either.
    try:
        return Post.from_text(text, path)
    except FrontMatterError:
        return None


def _editor_text(text: str) -> str:
    return text.removeprefix(_BOM).replace("\r\n", "\n").replace("\r", "\n")
