"""The workspace in the window: the core Workspace, its documents as DocumentControllers and
its notices as Qt signals."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from editor.core.document.opening import OpenedText
from editor.core.workspace import Asker, Document, Workspace, fresh_text
from editor.ui.app.context import AppContext
from editor.ui.document.document import DocumentController
from editor.ui.files.disk_watch import DiskWatcher
from editor.ui.files.file_watch import FileWatch


class WindowWorkspace(QObject):
    """The writer's open documents for one window (see the core Workspace).

    Commands, disk watching and recovery act on documents through this and ask the writer
    through its Asker; the window only shows what it announces.
    """

    document_added = Signal(object)  # DocumentController: it is open now, and current
    document_closed = Signal(object)  # DocumentController: closed (deleted soon after)
    current_changed = Signal(object)  # DocumentController | None
    document_saved = Signal(object, Path)  # a save the writer asked for (recent, library)

    def __init__(
        self, context: AppContext, asker: Asker, file_watch: FileWatch, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.asker = asker
        self.core = Workspace(
            asker, pending_covers=context.pending_covers, make_document=self._make_document
        )
        self._controllers: dict[int, DocumentController] = {}
        self.disk_watch = DiskWatcher(self.core, file_watch, self)
        self.core.added.connect(self._on_core_added)
        self.core.closed.connect(self._on_core_closed)
        self.core.current_changed.connect(self._on_core_current_changed)
        self.core.opened.connect(context.state.add_recent_file)
        self.core.saved.connect(self._on_core_saved)

    # --- what is open ------------------------------------------------------------------------

    @property
    def library_root(self) -> Path | None:
        """The open library's folder."""
        return self.core.library_root

    def set_library_root(self, root: Path | None) -> None:
        """The library new documents are made in."""
        self.core.set_library_root(root)

    def documents(self) -> list[DocumentController]:
        """The open documents, in the order they were opened."""
        return [self.controller(document) for document in self.core.documents]

    def current(self) -> DocumentController | None:
        """The document the writer works on."""
        current = self.core.current
        return self.controller(current) if current is not None else None

    def set_current(self, document: DocumentController | None) -> None:
        """Make ``document`` the current one (the window shows its tab)."""
        self.core.set_current(document.document if document is not None else None)

    def controller(self, document: Document) -> DocumentController:
        """The controller of an open core document."""
        return self._controllers[id(document)]

    def is_open(self, document: DocumentController) -> bool:
        """``document`` is one of the open documents."""
        return document.document in self.core.documents

    # --- opening, saving, closing ------------------------------------------------------------

    def open_file(self, path: Path) -> DocumentController | None:
        """Open ``path`` (or switch to it); None, after telling the writer why, when it
        cannot be read."""
        document = self.core.open(path)
        return self.controller(document) if document is not None else None

    def create(self, path: Path | None, opened: OpenedText) -> DocumentController:
        """A document for ``opened`` text at ``path`` (not open until ``add``)."""
        return self.controller(self.core.create(path, opened))

    def new_document(
        self, text: str = "", path: Path | None = None, *, note: str = ""
    ) -> DocumentController:
        """A document for new or recovered ``text`` (not open until ``add``)."""
        return self.create(path, fresh_text(text, note))

    def add(self, document: DocumentController) -> None:
        """Open ``document`` and make it the current one."""
        document.setParent(self)
        self._controllers[id(document.document)] = document
        self.core.add(document.document)

    def save(
        self,
        document: DocumentController,
        *,
        choose_path: bool = False,
        suggested: Path | None = None,
        to: Path | None = None,
    ) -> bool:
        """Save ``document`` (see Workspace.save); False when not saved."""
        return self.core.save(
            document.document, choose_path=choose_path, suggested=suggested, to=to
        )

    def settle_unsaved(self, document: DocumentController) -> bool:
        """Ask about ``document``'s unsaved changes; True when it may close."""
        return self.core.settle_unsaved(document.document)

    def close(self, document: DocumentController) -> bool:
        """Close ``document``, asking about unsaved changes; False when the writer cancelled."""
        return self.core.close(document.document)

    # --- core notices ------------------------------------------------------------------------

    def _make_document(
        self, opened: OpenedText, path: Path | None, library_root: Path | None
    ) -> Document:
        controller = DocumentController(
            self.context,
            opened.text,
            path,
            library_root=library_root,
            parent=self,
            encoding=opened.encoding,
            read_only=opened.read_only,
            note=opened.note,
            large=opened.large,
        )
        self._controllers[id(controller.document)] = controller
        return controller.document

    def _on_core_added(self, document: Document) -> None:
        self.document_added.emit(self.controller(document))

    def _on_core_closed(self, document: Document) -> None:
        controller = self._controllers.pop(id(document))
        self.document_closed.emit(controller)
        controller.editor.deleteLater()
        controller.deleteLater()

    def _on_core_current_changed(self, document: Document | None) -> None:
        self.current_changed.emit(self.controller(document) if document is not None else None)

    def _on_core_saved(self, document: Document, path: Path) -> None:
        self.context.state.add_recent_file(path)
        self.document_saved.emit(self.controller(document), path)
