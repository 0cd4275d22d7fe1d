"""What the library menu entries do: the tag manager and promoting a note to a post."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from editor.core.errors import PostdeskError
from editor.core.notes import promote_note
from editor.core.post import Post
from editor.core.tags import OpenPost
from editor.ui.document import DocumentController
from editor.ui.tag_manager import TagManagerDialog

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

_MESSAGE_MS = 8000


def open_tag_manager(window: MainWindow) -> TagManagerDialog | None:
    """Show the tag manager for the open library (one at a time, beside the window)."""
    library = window.library_pane.library
    if library is None:
        window.statusBar().showMessage("Open a library first: tags are managed across it.")
        return None
    for existing in window.findChildren(TagManagerDialog):
        existing.reload()
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = TagManagerDialog(library, window, WindowDocuments(window))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.files_changed.connect(lambda paths: _after_retagging(window, paths))
    # Posts retagged outside (another editor, a git pull) show up in the list too.
    window.library_pane.library_changed.connect(dialog.reload)
    dialog.show()
    return dialog


class WindowDocuments:
    """The window's open documents, as the tag manager sees them (see OpenDocuments)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def open_posts(self) -> list[OpenPost]:
        """Every open document with a file."""
        return [
            OpenPost(document.path, document.text(), document.is_modified)
            for document in self._window.documents()
            if document.path is not None
        ]

    def edit_post(self, path: Path, text: str) -> None:
        """One undoable edit in the post's tab; it stays unsaved."""
        document = self._document(path)
        if document is not None:
            document.replace_text(text, from_disk=False)

    def take_back_edit(self, path: Path, text: str) -> bool:
        """Undo the edit in the post's tab, if nothing was typed after it."""
        document = self._document(path)
        if document is None or document.text() != text:
            return False
        document.editor.undo()
        return True

    def _document(self, path: Path) -> DocumentController | None:
        return next((doc for doc in self._window.documents() if doc.path == path), None)


def _after_retagging(window: MainWindow, paths: list[Path]) -> None:
    window.library_pane.show_changes(paths)
    # Open documents whose files were retagged had no unsaved changes: they are read again.
    window.disk_watch.check_now()


def promote_current_note(window: MainWindow) -> Path | None:
    """Make the note in the active tab a draft post in its own bundle, and open that."""
    document = window.current_document()
    message = window.statusBar().showMessage
    if document is None:
        return None
    try:
        is_note = not Post.from_text(document.text()).has_front_matter
    except PostdeskError:
        is_note = False
    if not is_note:
        message("Only a note (a document without front matter) can be promoted.", _MESSAGE_MS)
        return None
    if (document.path is None or document.is_modified) and not window.save_document(document):
        return None
    note = document.path
    assert note is not None
    root = window.library_root or note.parent
    try:
        target = promote_note(root, note)
    except PostdeskError as error:
        message(str(error), _MESSAGE_MS)
        return None
    window.close_document(document)
    window.library_pane.refresh(note)
    window.library_pane.refresh(target)
    window.open_file(target)
    message(f"The note is now a draft post: {target.parent.name}/{target.name}", _MESSAGE_MS)
    return target
