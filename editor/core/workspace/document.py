"""One open document without Qt: its file, how it was read, and how it is saved back."""

from __future__ import annotations

from pathlib import Path

from editor.core.document.covers import PendingCovers, dropped_cover
from editor.core.document.docfiles import FileStamp
from editor.core.document.fsutil import atomic_write_bytes, atomic_write_text
from editor.core.document.opening import read_document
from editor.core.document.post import Post
from editor.core.document.recovery import DiskBase, document_id_for, untitled_id
from editor.core.errors import FrontMatterError, PostdeskError
from editor.core.workspace.buffer import TextBuffer
from editor.core.workspace.notice import Notice

_BOM = "\ufeff"


def editor_text(text: str) -> str:
    """A file's text as an editor holds it: no byte order mark, ``\\n`` line ends."""
    return text.removeprefix(_BOM).replace("\r\n", "\n").replace("\r", "\n")


class Document:
    """An open document: its text (in a TextBuffer), its file and what saving writes back.

    Opening and saving without a change writes the same bytes: the encoding, byte order mark
    and line ends read are kept. Tells its listeners through its notices.
    """

    def __init__(
        self,
        buffer: TextBuffer,
        text: str,
        path: Path | None,
        *,
        library_root: Path | None,
        pending_covers: PendingCovers,
        encoding: str = "utf-8",
        read_only: bool = False,
        note: str = "",
        large: bool = False,
    ) -> None:
        self.buffer = buffer
        self.path = path
        self.library_root = library_root
        self.pending_covers = pending_covers
        # Saving writes this encoding back: a file is never re-encoded behind the writer's back.
        self.encoding = encoding
        self.read_only = read_only
        self.note = note  # why the document is read-only or not UTF-8, for the info bar
        self.deleted = False  # its file was removed on disk (the text stays here)
        self.large = large  # big enough that the live preview pauses
        self.title = ""  # the post's title, as the newest render read it
        # The recovery folder keys copies by this: the full path, or an id for an untitled one.
        self.recovery_id = document_id_for(path) if path is not None else untitled_id()
        # Recovered text made from an older version of the file than the one on disk now:
        # saving asks first, as for any change on disk.
        self.recovered_from: DiskBase | None = None
        self._recovered_note = ""
        self._original_text = text
        self._has_bom = text.startswith(_BOM)
        self._newline = "\r\n" if "\r\n" in text else "\n"
        # The file as Postdesk last read or wrote it, to tell others' changes from its own.
        self.stamp: FileStamp | None = None
        self.folder_id: tuple[int, int] | None = None  # its folder, to find a renamed bundle
        self.revision_at_delete: int | None = None  # the buffer's revision when the file went
        self.notice_changed: Notice[[]] = Notice()  # deleted, read-only or encoding changed
        self.metadata_changed: Notice[[]] = Notice()  # the name or title changed
        self.saved: Notice[[Path]] = Notice()
        self.moved: Notice[[Path]] = Notice()  # its file is elsewhere now (renamed, moved)
        self.cover_dropped: Notice[[Path]] = Notice()  # a save stopped showing this cover

    # --- what it is --------------------------------------------------------------------------

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
    def post_title(self) -> str:
        """What the writer calls it: the post title, else the file (or bundle) name; marked
        when its file was deleted on disk."""
        if not self.title:
            return self.display_name  # which says "(deleted)" itself
        return f"{self.title} (deleted)" if self.deleted else self.title

    @property
    def is_modified(self) -> bool:
        """The text differs from the file (or there is no file yet)."""
        return self.buffer.is_modified()

    @property
    def folder(self) -> Path | None:
        """The folder relative images resolve in: the post's own, else the library's."""
        return self.path.parent if self.path is not None else self.library_root

    @property
    def disk_text(self) -> str:
        """The file's text as this document last read or wrote it."""
        return self._original_text

    def text(self) -> str:
        """The document as it would be written to its file."""
        if not self.is_modified and self.path is not None:
            return self._original_text
        text = self.buffer.text()
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
            self.pending_covers.write(self.path, target, post)
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
        self.revision_at_delete = None
        self.buffer.set_modified(False)
        if was_deleted:
            self.notice_changed.emit()
        if dropped is not None:
            self.cover_dropped.emit(dropped)
        self.saved.emit(target)
        if moved:
            self.moved.emit(target)
            self.metadata_changed.emit()

    # --- the file on disk --------------------------------------------------------------------

    def replace_text(self, text: str, *, from_disk: bool) -> None:
        """Put ``text`` (file text) in the buffer as one undo step, keeping cursor and scroll.

        ``from_disk``: it is the file's content now, so the document becomes unmodified;
        otherwise (recovered text, a retagging) it is an unsaved change.
        """
        self.buffer.replace_text(editor_text(text))
        if from_disk:
            self._original_text = text
            self._has_bom = text.startswith(_BOM)
            self._newline = "\r\n" if "\r\n" in text else "\n"
        self.buffer.set_modified(not from_disk)

    def mark_deleted(self, deleted: bool) -> None:
        """The file was removed on disk (or came back): the text stays, saving recreates it."""
        if deleted != self.deleted:
            self.deleted = deleted
            if deleted:
                self.revision_at_delete = self.buffer.revision()
                self.buffer.set_modified(True)
            else:
                self.revision_at_delete = None
            self.notice_changed.emit()
            self.metadata_changed.emit()

    def mark_recovered_from(self, base: DiskBase, note: str) -> None:
        """The recovered text in this document was made from ``base``, an older version of its
        file; ``note`` says so in the info bar until it holds the file's text again."""
        self.recovered_from, self._recovered_note = base, note
        self.note = f"{self.note} {note}" if self.note else note
        self.notice_changed.emit()

    def modification_changed(self, modified: bool) -> None:
        """The buffer became modified or not (its owner calls this)."""
        if not modified and self.recovered_from is not None:
            # Saved, reloaded or undone back to the file on disk: it is the text's base now.
            self.recovered_from = None
            self.note = self.note.removesuffix(self._recovered_note).rstrip()
            self.notice_changed.emit()

    def move_to(self, path: Path) -> None:
        """Follow the file to a new name (renamed here, or its bundle renamed on disk)."""
        if self.path is not None:
            self.pending_covers.follow(self.path, path)
        self.path = path
        self.recovery_id = document_id_for(path)
        self.moved.emit(path)
        self.metadata_changed.emit()

    def reopen_in(self, encoding: str) -> None:
        """Read the file again in ``encoding`` (the writer chose it).

        PostdeskError (the document unchanged) when the bytes are not valid in it.
        """
        if self.path is None:
            return
        opened = read_document(self.path, encoding)
        self.encoding, self.read_only, self.note = opened.encoding, opened.read_only, opened.note
        self.replace_text(opened.text, from_disk=True)
        self.notice_changed.emit()

    def convert_to_utf8(self) -> None:
        """From the next save on, write the document as UTF-8 (an unsaved change until then)."""
        self.encoding, self.note = "utf-8", ""
        self.buffer.set_modified(True)
        self.notice_changed.emit()


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
