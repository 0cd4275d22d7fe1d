"""The open documents, the current one and the library: opening, saving, closing."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from editor.core.document.covers import PendingCovers, cover_in_use
from editor.core.document.notes import free_path, is_open
from editor.core.document.opening import OpenedText, read_document
from editor.core.document.slugs import slugify
from editor.core.errors import PostdeskError, ReadOnlyFileError
from editor.core.library.library import Library
from editor.core.workspace.asker import Asker, UnsavedAnswer
from editor.core.workspace.buffer import MemoryBuffer
from editor.core.workspace.disk import DiskPolicy
from editor.core.workspace.document import Document, editor_text
from editor.core.workspace.notice import Notice


class DocumentFactory(Protocol):
    """Makes a Document for text read (or started) at ``path``, with its buffer: the window
    gives each an editor, the core alone a MemoryBuffer."""

    def __call__(
        self, opened: OpenedText, path: Path | None, library_root: Path | None
    ) -> Document: ...


def fresh_text(text: str = "", note: str = "") -> OpenedText:
    """Text that is in no file yet (a new post or note, recovered text): UTF-8, editable."""
    return OpenedText(text, "utf-8", False, note, False)


class Workspace:
    """The writer's open documents, the current one and the library root.

    Opens (switching to a document already open), saves (with the disk-change policy: a file
    changed on disk, read-only or taken by another document is never silently overwritten),
    closes (asking about unsaved changes) and tells its listeners through its notices. It
    asks the writer through an Asker, and never knows about a window.
    """

    def __init__(
        self,
        asker: Asker,
        *,
        pending_covers: PendingCovers | None = None,
        make_document: DocumentFactory | None = None,
    ) -> None:
        self.asker = asker
        self.pending_covers = pending_covers or PendingCovers()
        self._make_document = make_document or self._memory_document
        self.documents: list[Document] = []
        self.current: Document | None = None
        self.library_root: Path | None = None
        self.library: Library | None = None  # the library's posts, as last read
        self.disk = DiskPolicy(
            asker, lambda: self.documents, lambda: self.library_root, self._save_to
        )
        self.added: Notice[[Document]] = Notice()
        self.closed: Notice[[Document]] = Notice()
        self.current_changed: Notice[[Document | None]] = Notice()
        self.opened: Notice[[Path]] = Notice()  # a file was opened from disk
        self.saved: Notice[[Document, Path]] = Notice()  # a save the writer asked for

    # --- what is open ------------------------------------------------------------------------

    def set_library_root(self, root: Path | None) -> None:
        """The library new documents are made in and relative names are read against."""
        self.library_root = root

    def set_library(self, library: Library | None) -> None:
        """The library's posts as read now (to tell which posts show a cover)."""
        self.library = library

    def find(self, path: Path) -> Document | None:
        """The open document whose file is ``path``."""
        return next((document for document in self.documents if document.path == path), None)

    def open_paths(self) -> list[Path]:
        """The files of the open documents (saved or not yet)."""
        return [document.path for document in self.documents if document.path is not None]

    def set_current(self, document: Document | None) -> None:
        """Make ``document`` (open in this workspace) the one the writer works on."""
        if document is not self.current:
            self.current = document
            self.current_changed.emit(document)

    # --- opening -----------------------------------------------------------------------------

    def create(self, path: Path | None, opened: OpenedText) -> Document:
        """A document for ``opened`` text at ``path``, not open yet (see ``add``)."""
        return self._make_document(opened, path, self.library_root)

    def add(self, document: Document) -> None:
        """Open ``document`` and make it the current one."""
        self.documents.append(document)
        self.disk.remember(document)
        document.saved.connect(lambda _path: self.disk.remember(document))
        document.cover_dropped.connect(lambda file: self._release_cover(document, file))
        self.added.emit(document)
        self.set_current(document)

    def open(self, path: Path) -> Document | None:
        """Open the file at ``path`` (or switch to it when it is open already); None, after
        telling the writer why, when it cannot be read as Markdown text."""
        path = path.resolve()
        document = self.find(path)
        if document is not None:
            self.set_current(document)
            return document
        try:
            opened = read_document(path)
        except PostdeskError as exc:
            self.asker.warn("Cannot open", str(exc))
            return None
        document = self.create(path, opened)
        self.add(document)
        self.opened.emit(path)
        return document

    # --- saving ------------------------------------------------------------------------------

    def save(
        self,
        document: Document,
        *,
        choose_path: bool = False,
        suggested: Path | None = None,
        to: Path | None = None,
    ) -> bool:
        """Save (to ``to`` when given; else asking for a file name, ``suggested`` first, when
        it has none or ``choose_path``); False when not saved."""
        path = to or document.path
        others = [other.path for other in self.documents if other is not document and other.path]
        # `to` is a new file Postdesk chose for it: there is nothing there to ask about.
        if to is None and (path is None or choose_path):
            if suggested is None and path is None:
                name = f"{slugify(document.title or 'note')}.md"
                suggested = free_path((self.library_root or Path.home()) / name, others)
            start = suggested or path
            assert start is not None
            path = self.asker.save_path(start)
            if path is None:
                return False
        elif to is None and not self.disk.may_overwrite(document):
            return False
        assert path is not None
        if is_open(path, others):
            # Two documents writing one file would each overwrite the other's text.
            taken = PostdeskError("another tab has this file open: save under another name", path)
            if self.asker.offer_save_as(taken):
                return self.save(document, choose_path=True, suggested=free_path(path, others))
            return False
        try:
            try:
                document.save(path)
            except ReadOnlyFileError as exc:
                if not self.asker.replace_read_only(exc.path or path):
                    return False
                document.save(path, replace_read_only=True)
        except PostdeskError as exc:
            if self.asker.offer_save_as(exc):
                return self.save(document, choose_path=True)
            return False
        self.saved.emit(document, path)
        return True

    def _save_to(self, document: Document, path: Path) -> bool:
        return self.save(document, to=path)

    def _release_cover(self, document: Document, file: Path) -> None:
        """A save stopped showing ``file``: let it go unless another post shows it."""
        assert document.path is not None
        others = [(other.buffer.text(), other.path) for other in self.documents]
        if cover_in_use(file, document.path, self.library, others):
            return
        try:
            # Held, not deleted: Undo and another save bring it back while the post is open.
            self.pending_covers.release(document.path, file)
        except PostdeskError as exc:
            self.asker.tell(str(exc))

    # --- closing -----------------------------------------------------------------------------

    def settle_unsaved(self, document: Document) -> bool:
        """Ask about ``document``'s unsaved changes (showing it first); True when it may
        close: saved, or the changes discarded."""
        self.set_current(document)
        answer = self.asker.unsaved(document.display_name)
        if answer is UnsavedAnswer.SAVE:
            return self.save(document)
        return answer is UnsavedAnswer.DISCARD

    def settle_all_unsaved(self) -> bool:
        """Before the window closes: settle every document with unsaved changes, in one
        question when there are several; True when the window may close."""
        modified = [document for document in self.documents if document.is_modified]
        if len(modified) <= 1:
            return all(self.settle_unsaved(document) for document in modified)
        answer = self.asker.all_unsaved([document.post_title for document in modified])
        if answer is UnsavedAnswer.SAVE:
            # The first one not saved (no name given, a failed save) keeps the window open.
            return all(self.save(document) for document in modified)
        return answer is UnsavedAnswer.DISCARD

    def close(self, document: Document) -> bool:
        """Close ``document``, asking about unsaved changes; False when the writer cancelled."""
        if document.is_modified and not self.settle_unsaved(document):
            return False
        if document.path is not None:
            self.pending_covers.discard(document.path)  # disk stays as last saved
        index = self.documents.index(document)
        self.documents.remove(document)
        self.closed.emit(document)
        if self.current is document:
            neighbours = self.documents[max(0, index - 1) : index + 1]
            self.set_current(neighbours[-1] if neighbours else None)
        return True

    # --- the files on disk -------------------------------------------------------------------

    def check_files(self) -> bool:
        """Settle what changed on disk to every open document; False when a question to
        the writer is still open (check again once it is answered)."""
        if self.disk.asking:
            return False
        for document in list(self.documents):
            if document in self.documents:
                self.disk.check(document)
        return True

    def _memory_document(
        self, opened: OpenedText, path: Path | None, library_root: Path | None
    ) -> Document:
        buffer = MemoryBuffer(editor_text(opened.text))
        document = Document(
            buffer,
            opened.text,
            path,
            library_root=library_root,
            pending_covers=self.pending_covers,
            encoding=opened.encoding,
            read_only=opened.read_only,
            note=opened.note,
            large=opened.large,
        )
        buffer.on_modified_changed = document.modification_changed
        return document
