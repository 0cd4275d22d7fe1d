"""The disk-change policy: what happens to an open document when its file changes, goes or
moves behind Postdesk's back, and before a save overwrites it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from editor.core.document.docfiles import file_stamp, is_document_path
from editor.core.document.notes import discard_copy, start_copy_beside
from editor.core.document.opening import read_document
from editor.core.errors import PostdeskError
from editor.core.workspace.asker import Asker, DiskChangeAnswer
from editor.core.workspace.document import Document


class DiskPolicy:
    """Settles each change on disk to the workspace's documents.

    Unmodified documents reload (cursor and scroll kept); modified ones ask first; a deleted
    file leaves its text open, marked deleted; a renamed file or bundle folder is followed.
    Postdesk's own saves are recognised by the file's stamp and never reported.
    """

    def __init__(
        self,
        asker: Asker,
        documents: Callable[[], list[Document]],
        library_root: Callable[[], Path | None],
        save_as: Callable[[Document, Path], bool],
    ) -> None:
        self._asker = asker
        self._documents = documents
        self._library_root = library_root
        self._save_as = save_as  # saves the document to a path Postdesk chose
        self.asking = False  # a question is open: the watcher checks again once it is answered

    def remember(self, document: Document) -> None:
        """The file as it is now is the document's own (just opened, saved or reloaded)."""
        path = document.path
        document.stamp = file_stamp(path) if path else None
        folder = file_stamp(path.parent) if path else None
        document.folder_id = folder.identity if folder else None

    def may_overwrite(self, document: Document) -> bool:
        """Before a save: False when the file changed on disk and the writer chose not to
        overwrite it (theirs was loaded, or a copy saved)."""
        if document.path is None or self.asking:
            return True
        if document.recovered_from is not None:
            # Recovered text made before the file last changed: the file's newer text is not
            # in this document, whatever the stamp says.
            disk_text = self._read(document)
            return disk_text is None or self._settle(document, disk_text) is (
                DiskChangeAnswer.KEEP_MINE
            )
        stamp = file_stamp(document.path)
        if stamp is None or stamp == document.stamp:
            return True
        disk_text = self._read(document)
        if disk_text is None or disk_text == document.disk_text:
            return True
        return self._settle(document, disk_text) is DiskChangeAnswer.KEEP_MINE

    def check(self, document: Document) -> None:
        """Look at ``document``'s file and settle what changed since Postdesk last saw it."""
        path = document.path
        if path is None:
            return
        stamp = file_stamp(path)
        if stamp is None:
            if document.stamp is not None:  # a new post's file is not "gone" before it exists
                self._gone(document, path)
            return
        if stamp == document.stamp and not document.deleted:
            return
        disk_text = self._read(document)
        document.stamp = stamp
        if disk_text is None:
            return
        # A file that comes back after a deletion is unmodified here if nobody typed since.
        untouched = (
            not document.is_modified or document.revision_at_delete == document.buffer.revision()
        )
        document.mark_deleted(False)
        if disk_text == document.text():
            if document.is_modified:
                document.replace_text(disk_text, from_disk=True)
        elif disk_text == document.disk_text:
            pass  # only touched, or written back as it was: nothing new to load
        elif untouched:
            document.replace_text(disk_text, from_disk=True)
            self._asker.tell(f"Reloaded {document.display_name}: it changed on disk")
        else:
            self._settle(document, disk_text)

    def _settle(self, document: Document, disk_text: str) -> DiskChangeAnswer:
        self.asking = True
        try:
            answer = self._asker.changed_on_disk(document.display_name)
        finally:
            self.asking = False
        document.stamp = file_stamp(document.path) if document.path else None
        if answer is DiskChangeAnswer.LOAD_THEIRS:
            document.replace_text(disk_text, from_disk=True)
            self.remember(document)
        elif answer is DiskChangeAnswer.SAVE_COPY and document.path is not None:
            # The document goes on as the copy, in a bundle of its own beside the post (never
            # a second post inside one bundle); the file keeps their version.
            taken = [other.path for other in self._documents() if other.path]
            try:
                copy = start_copy_beside(document.path, document.text(), taken)
            except PostdeskError as error:
                self._asker.tell(str(error))
                return answer
            if not self._save_as(document, copy):
                discard_copy(copy)
        return answer

    def _gone(self, document: Document, path: Path) -> None:
        moved = self._find_moved(document, path)
        if moved is not None:
            document.move_to(moved)
            self.remember(document)
            self._asker.tell(f"Followed the move to {moved}")
            return
        if not document.deleted:
            document.mark_deleted(True)
            self._asker.tell(
                f"{path.name} was deleted on disk: your text is still here, saving recreates it"
            )

    def _find_moved(self, document: Document, path: Path) -> Path | None:
        """Where the file went: renamed in its folder, or its bundle folder renamed."""
        if document.stamp is None:
            return None
        file_id = document.stamp.identity
        for candidate in _entries(path.parent):
            if is_document_path(candidate) and _identity(candidate) == file_id:
                return candidate
        if document.folder_id is None:
            return None
        bases = {path.parent.parent, self._library_root() or path.parent.parent}
        for base in bases:
            for folder in _entries(base):
                if _identity(folder) == document.folder_id and (
                    _identity(folder / path.name) == file_id
                ):
                    return folder / path.name
        return None

    def _read(self, document: Document) -> str | None:
        assert document.path is not None
        encoding = None if document.read_only or document.encoding == "utf-8" else document.encoding
        try:
            return read_document(document.path, encoding).text
        except PostdeskError as exc:
            self._asker.tell(f"{exc} (changed on disk; your text is kept here)")
            document.buffer.set_modified(True)
            return None


def watched_paths(documents: Iterable[Document]) -> tuple[set[str], set[str]]:
    """What a file watcher follows for ``documents``: each file, its folder and, for a bundle,
    the folder above (to see it renamed); and the files to watch afresh, since after an
    atomic replace a watch still points at the old file."""
    wanted: set[str] = set()
    replaced: set[str] = set()
    for document in documents:
        path = document.path
        if path is None:
            continue
        folders = [path.parent, path.parent.parent] if path.stem == "index" else [path.parent]
        # A linked post is saved (and replaced by others) where its link points.
        real = path.resolve()
        linked = [real, real.parent] if real != path.absolute() else []
        wanted.update(str(item) for item in [path, *folders, *linked] if item.exists())
        if document.stamp is not None:
            replaced.update(str(item) for item in [path, *linked[:1]])
    return wanted, replaced


def _identity(path: Path) -> tuple[int, int] | None:
    stamp = file_stamp(path)
    return stamp.identity if stamp else None


def _entries(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as listing:
            return [Path(item.path) for item in listing]
    except OSError:
        return []
