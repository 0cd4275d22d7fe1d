"""The preview follows the writer: the page of the document in front, kept current."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Slot

from editor.core.document.opening import PREVIEW_PAUSED
from editor.core.render.docrender import RenderResult
from editor.ui.app.context import AppContext
from editor.ui.document.document import DocumentController
from editor.ui.preview.preview_pane import PreviewPane
from editor.ui.preview.scroll_sync import ScrollSync
from editor.ui.window.status import DocumentStatus


class PreviewFollower(QObject):
    """Shows the page of the document in front and keeps it current: each new render, a save
    that moves the post (its images resolve in another folder), a new cover, the theme."""

    def __init__(
        self,
        context: AppContext,
        preview: PreviewPane,
        scroll_sync: ScrollSync,
        status: DocumentStatus,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.preview = preview
        self.scroll_sync = scroll_sync
        self.status = status
        self.current: DocumentController | None = None
        context.theme.changed.connect(self._on_theme_changed)

    def follow(self, document: DocumentController) -> None:
        """Keep the page current while ``document`` is in front (it just opened)."""
        document.rendered.connect(self._on_document_rendered)
        document.saved.connect(self._on_document_moved)
        document.moved.connect(self._on_document_moved)

    def show(self, document: DocumentController | None) -> None:
        """Load ``document``'s page into the preview (it is in front now)."""
        self.current = document
        colors = self.context.theme.colors()
        if document is None:
            self.preview.clear(colors["base"])
            return
        if document.preview_paused:
            self.preview.clear(colors["base"], PREVIEW_PAUSED, colors["muted"])
            return
        self.preview.show_document(
            theme=self.context.theme.name,
            base_url=document.base_url(),
            allow_remote=document.allow_remote,
            result=document.last_result,
        )
        if self.scroll_sync.enabled:
            # A tab switch: the page opens where that editor is scrolled to.
            self.preview.scroll_to_line(document.editor.top_line(), reveal=False)

    def reload(self) -> None:
        """Load the page afresh (a cover file's name used before may be cached)."""
        self.show(self.current)

    @Slot(object)
    def _on_document_rendered(self, result: RenderResult) -> None:
        if self.sender() is self.current:
            self.preview.show_result(result)
            self.status.show_counts(result)

    @Slot(Path)
    def _on_document_moved(self, _path: Path) -> None:
        # A first save (or Save as) moves the post: its images now resolve in another folder.
        document = self.current
        if self.sender() is document and document and self.preview.base_url != document.base_url():
            self.show(document)

    @Slot(str)
    def _on_theme_changed(self, theme: str) -> None:
        if self.current is None:
            self.preview.clear(self.context.theme.colors()["base"])
        self.preview.set_theme(theme)
