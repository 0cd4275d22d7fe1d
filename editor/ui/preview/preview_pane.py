"""The preview: the post as the blog shows it, patched block by block while the writer types.

The pane itself is a plain widget: it builds its Chromium view (``preview_view``) only once
it is shown, so the window appears before QtWebEngine starts, and it keeps what it was asked
to show until the view is there.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from editor.core.document.covers import PendingCovers
from editor.core.render.docrender import RenderResult, preview_page

if TYPE_CHECKING:
    from PySide6.QtWebEngineCore import QWebEnginePage

    from editor.ui.preview.preview_view import PreviewView


class PreviewPane(QWidget):
    """Loads a page skeleton per document and theme, then patches only the blocks that changed."""

    line_scrolled = Signal(int)  # the writer scrolled the preview to this source line
    updated = Signal()  # the page shows the newest render
    remote_blocked = Signal(bool)  # the render refers to remote files the page does not load

    def __init__(
        self, parent: QWidget | None = None, *, pending_covers: PendingCovers | None = None
    ) -> None:
        super().__init__(parent)
        self._pending_covers = pending_covers  # new covers shown before their post's save
        # Until the view is built, the pane shows the theme's page colour.
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._view: PreviewView | None = None
        self._view_scheduled = False
        self._zoom = 1.0
        # The page asked for, loaded or not: HTML, base URL, folder it may load files from,
        # and whether remote files may load.
        self._page: tuple[str, QUrl, Path | None, bool] | None = None
        self._theme: str | None = None  # the newest theme asked for, even while loading
        self._ready = False
        self._page_keys: Counter[str] = Counter()
        self._page_header = ""
        self._latest: RenderResult | None = None
        self._shown: RenderResult | None = None
        self._pending_line: tuple[int, bool] | None = None
        self._base_url = QUrl()
        self._allow_remote = False
        self._blocking_remote = False

    def show_document(
        self, *, theme: str, base_url: QUrl, allow_remote: bool, result: RenderResult | None
    ) -> None:
        """Load the page for a document (a tab switch, a theme or remote-images change)."""
        self._theme = theme
        self._latest = result
        self._base_url = base_url
        self._allow_remote = allow_remote
        folder = Path(base_url.toLocalFile()) if base_url.isLocalFile() else None
        self._note_remote(result)
        # The page `render` writes, empty: the preview script fills in the header and blocks.
        skeleton = preview_page(
            None,
            title="Preview",
            theme=theme,
            base_url=bytes(base_url.toEncoded().data()).decode("ascii"),
            allow_remote=allow_remote,
        )
        self._load(skeleton, base_url, folder, allow_remote=allow_remote)

    @property
    def base_url(self) -> QUrl:
        """The folder the page shown resolves relative images in."""
        return self._base_url

    def clear(self, background: str, message: str = "", color: str = "") -> None:
        """Show nothing (no document is open) or only `message`, in the theme's colours."""
        self._latest = None
        self._base_url = QUrl()
        self._note_remote(None)
        text = (
            f'<p style="color:{color};font:14px sans-serif;margin:3em 2em">{html.escape(message)}'
            if message
            else ""
        )
        self._load(
            f'<html style="background:{background}"><body>{text}</body></html>',
            QUrl("about:blank"),
            None,
            allow_remote=False,
        )

    def set_theme(self, theme: str) -> None:
        """Switch the page's colours in place (the page carries both themes' styles)."""
        self._theme = theme
        if self._ready:
            self._run(f"postdesk.setTheme({json.dumps(theme)})")

    def show_result(self, result: RenderResult) -> None:
        """Bring the page up to date with a newer render of the current document."""
        self._latest = result
        self._note_remote(result)
        if self._ready:
            self._patch(result)

    def scroll_to_line(self, line: int, *, reveal: bool) -> None:
        """Scroll so source `line` is at the top (`reveal`: only bring it into view)."""
        if not self._ready:
            self._pending_line = (line, reveal)
            return
        function = "revealLine" if reveal else "scrollToLine"
        self._run(f"postdesk.{function}({int(line)})")

    def set_zoom(self, factor: float) -> None:
        """Scale the page (the View menu's zoom)."""
        self._zoom = factor
        if self._view is not None:
            self._view.setZoomFactor(factor)

    @property
    def zoom(self) -> float:
        """The page's scale."""
        return self._zoom

    def page(self) -> QWebEnginePage:
        """The web page (the view is built now if it was not yet)."""
        return self._built_view().page()

    def run_script(self, script: str, callback: Callable[[Any], None]) -> None:
        """Run `script` in the preview script's world (tests read the page this way)."""
        self._run(script, callback)

    @property
    def is_ready(self) -> bool:
        """The page is loaded and shows the newest render it was given."""
        return self._ready and self._shown is not None and self._shown is self._latest

    def showEvent(self, event: QShowEvent) -> None:
        """Qt override: build the view once the window is on screen."""
        super().showEvent(event)
        self._schedule_view()

    def _note_remote(self, result: RenderResult | None) -> None:
        blocking = result is not None and result.refers_remote and not self._allow_remote
        if blocking != self._blocking_remote:
            self._blocking_remote = blocking
            self.remote_blocked.emit(blocking)

    def _load(
        self, page_html: str, base_url: QUrl, folder: Path | None, *, allow_remote: bool
    ) -> None:
        self._ready = False
        self._shown = None
        self._page = (page_html, base_url, folder, allow_remote)
        if self._view is not None:  # else it is loaded when the view is built
            self._load_into(self._view)

    def _load_into(self, view: PreviewView) -> None:
        assert self._page is not None
        page_html, base_url, folder, allow_remote = self._page
        view.set_scope(folder, allow_remote=allow_remote)
        view.load_html(page_html, base_url)

    def _schedule_view(self) -> None:
        # Built from the event loop once the pane is shown: what the window opens before
        # comes first, and a hidden preview starts no Chromium.
        if self._view is None and not self._view_scheduled:
            self._view_scheduled = True
            QTimer.singleShot(0, self, self._built_view)

    def _built_view(self) -> PreviewView:
        if self._view is not None:
            return self._view
        from editor.ui.preview.preview_view import PreviewView

        view = self._view = PreviewView(self, pending_covers=self._pending_covers)
        view.setZoomFactor(self._zoom)
        view.line_scrolled.connect(self.line_scrolled)
        view.loadFinished.connect(self._on_view_load_finished)
        self._layout.addWidget(view)
        if self._page is not None:
            self._load_into(view)
        return view

    def _run(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        self._built_view().run_script(script, callback)

    @Slot(bool)
    def _on_view_load_finished(self, ok: bool) -> None:
        if not ok:
            return
        self._ready = True
        self._page_keys = Counter()
        self._page_header = ""
        if self._theme is not None:
            # The theme may have changed while the page loaded.
            self.set_theme(self._theme)
        if self._latest is not None:
            self._reset(self._latest)
        if self._pending_line is not None:
            line, reveal = self._pending_line
            self._pending_line = None
            self.scroll_to_line(line, reveal=reveal)

    def _reset(self, result: RenderResult) -> None:
        blocks = [[block.key, block.line, block.html] for block in result.body.blocks]
        script = (
            f"postdesk.setHeader({json.dumps(result.header_html)});"
            f"postdesk.reset({json.dumps(blocks)})"
        )
        self._page_keys = Counter(block.key for block in result.body.blocks)
        self._page_header = result.header_html
        self._shown = result
        self._run(script, self._on_page_patched)

    def _patch(self, result: RenderResult) -> None:
        available = Counter(self._page_keys)
        fresh: dict[str, str] = {}
        for block in result.body.blocks:
            if available[block.key] > 0:
                available[block.key] -= 1
            else:
                fresh[block.key] = block.html
        order = [[block.key, block.line] for block in result.body.blocks]
        script = f"postdesk.patch({json.dumps(order)}, {json.dumps(fresh)})"
        if result.header_html != self._page_header:
            script = f"postdesk.setHeader({json.dumps(result.header_html)}) && {script}"
        self._page_keys = Counter(block.key for block in result.body.blocks)
        self._page_header = result.header_html
        self._shown = result
        self._run(script, self._on_page_patched)

    def _on_page_patched(self, ok: Any) -> None:
        if ok is False and self._shown is not None:
            # The page lost track of its blocks (it was reloaded meanwhile): start over.
            self._reset(self._shown)
            return
        if self._shown is self._latest:
            self.updated.emit()
