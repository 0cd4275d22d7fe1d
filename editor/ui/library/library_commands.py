"""What the library menu entries do: the tag manager and promoting a note to a post."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from editor.core.document.notes import promote_note
from editor.core.document.post import Post
from editor.core.errors import PostdeskError
from editor.core.library.tags import OpenPost
from editor.ui.library.library_pane import LibraryPane
from editor.ui.library.tag_manager import TagManagerDialog
from editor.ui.window.workspace import WindowWorkspace


def open_tag_manager(
    workspace: WindowWorkspace, library_pane: LibraryPane, parent: QWidget
) -> TagManagerDialog | None:
    """Show the tag manager for the open library (one at a time, beside ``parent``)."""
    library = library_pane.library
    if library is None:
        workspace.asker.tell("Open a library first: tags are managed across it.")
        return None
    for existing in parent.findChildren(TagManagerDialog):
        existing.reload()
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = TagManagerDialog(library, parent, WorkspaceDocuments(workspace))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.files_changed.connect(lambda paths: _after_retagging(workspace, library_pane, paths))
    # Posts retagged outside (another editor, a git pull) show up in the list too.
    library_pane.library_changed.connect(dialog.reload)
    dialog.show()
    return dialog


class WorkspaceDocuments:
    """The open documents, as the tag manager sees them (see OpenDocuments)."""

    def __init__(self, workspace: WindowWorkspace) -> None:
        self._workspace = workspace

    def open_posts(self) -> list[OpenPost]:
        """Every open document with a file."""
        return [
            OpenPost(document.path, document.text(), document.is_modified)
            for document in self._workspace.core.documents
            if document.path is not None
        ]

    def edit_post(self, path: Path, text: str) -> None:
        """One undoable edit in the post's tab; it stays unsaved."""
        document = self._workspace.core.find(path)
        if document is not None:
            document.replace_text(text, from_disk=False)

    def take_back_edit(self, path: Path, text: str) -> bool:
        """Undo the edit in the post's tab, if nothing was typed after it."""
        document = self._workspace.core.find(path)
        if document is None or document.text() != text:
            return False
        self._workspace.controller(document).editor.undo()
        return True


def _after_retagging(
    workspace: WindowWorkspace, library_pane: LibraryPane, paths: list[Path]
) -> None:
    library_pane.show_changes(paths)
    # Open documents whose files were retagged had no unsaved changes: they are read again.
    workspace.disk_watch.check_now()


def promote_current_note(workspace: WindowWorkspace, library_pane: LibraryPane) -> Path | None:
    """Make the note in the current document a draft post in its own bundle, and open that."""
    document = workspace.current()
    tell = workspace.asker.tell
    if document is None:
        return None
    try:
        is_note = not Post.from_text(document.text()).has_front_matter
    except PostdeskError:
        is_note = False
    if not is_note:
        tell("Only a note (a document without front matter) can be promoted.")
        return None
    if (document.path is None or document.is_modified) and not workspace.save(document):
        return None
    note = document.path
    assert note is not None
    root = workspace.library_root or note.parent
    try:
        target = promote_note(root, note)
    except PostdeskError as error:
        tell(str(error))
        return None
    workspace.close(document)
    library_pane.refresh(note)
    library_pane.refresh(target)
    workspace.open_file(target)
    tell(f"The note is now a draft post: {target.parent.name}/{target.name}")
    return target
