"""The preview: the post as the blog shows it, patched block by block while the writer types."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFile, QIODevice, QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from editor.core.page import render_page
from editor.core.post import Post
from editor.ui.render_worker import RenderResult

_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
_EXTERNAL_SCHEMES = frozenset({"http", "https"})
_REMOTE_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss"})
# Schemes that carry their content in the URL or in the application, never from disk.
_INLINE_SCHEMES = frozenset({"data", "qrc", "about", "blob"})
# A reference to another host in a render: an image, a srcset, a CSS url() or @import.
_REMOTE_REFERENCE = re.compile(
    r"""(?:\b(?:src|srcset|poster)\s*=\s*["']?|url\(\s*["']?|@import\s+["'])\s*(?:https?:)?//""",
    re.IGNORECASE,
)


class RequestGuard(QWebEngineUrlRequestInterceptor):
    """Lets the preview load files from the post's folder and the application's resources
    only, and remote files only when the writer allowed them for this document."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._resources = Path(str(files("editor.resources"))).resolve()
        self._folder: Path | None = None
        self._allow_remote = False

    def set_scope(self, folder: Path | None, *, allow_remote: bool) -> None:
        """The post's folder (None: no local files) and whether remote files may load."""
        self._folder = folder.resolve() if folder is not None else None
        self._allow_remote = allow_remote

    def allows(self, url: QUrl) -> bool:
        """True when the preview may load `url`."""
        scheme = url.scheme().lower()
        if scheme in _INLINE_SCHEMES:
            return True
        if scheme in _REMOTE_SCHEMES:
            return self._allow_remote
        if scheme != "file":
            return False
        # Resolved, so a symlink in the post's folder cannot lead outside it.
        path = Path(url.toLocalFile()).resolve()
        roots = (self._resources, self._folder) if self._folder else (self._resources,)
        return any(path.is_relative_to(root) for root in roots)

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        """Qt override: block what `allows` refuses."""
        if not self.allows(info.requestUrl()):
            info.block(True)


class PreviewPage(QWebEnginePage):
    """A page that never navigates: http(s) links open in the system browser instead."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loading_html = False

    def load_html(self, html: str, base_url: QUrl) -> None:
        """Show `html`; relative references resolve against `base_url`."""
        self._loading_html = True
        self.setHtml(html, base_url)

    def acceptNavigationRequest(
        self, url: QUrl | str, navigation_type: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        """Qt override: only the application's own setHtml loads a page."""
        url = QUrl(url)
        if navigation_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            if url.scheme() in _EXTERNAL_SCHEMES:
                QDesktopServices.openUrl(url)
            return False
        if self._loading_html and is_main_frame:
            self._loading_html = False
            return True
        return False

    def createWindow(self, _type: QWebEnginePage.WebWindowType) -> QWebEnginePage:
        """Qt override: the preview opens no windows (target=_blank goes nowhere)."""
        return None  # type: ignore[return-value]

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        """Qt override: keep the page's console out of the terminal."""


class _Bridge(QObject):
    """What the preview script may tell the application."""

    scrolled = Signal(int)

    @Slot(int)
    def preview_scrolled(self, line: int) -> None:
        """The writer scrolled the preview: `line` is the source line now at its top."""
        self.scrolled.emit(line)


def _preview_script() -> QWebEngineScript:
    channel_js = QFile(":/qtwebchannel/qwebchannel.js")
    channel_js.open(QIODevice.OpenModeFlag.ReadOnly)
    source = bytes(channel_js.readAll().data()).decode("utf-8")
    channel_js.close()
    source += "\n" + (files("editor.resources") / "preview" / "preview.js").read_text("utf-8")
    script = QWebEngineScript()
    script.setName("postdesk-preview")
    script.setSourceCode(source)
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentReady)
    script.setWorldId(_WORLD)
    script.setRunsOnSubFrames(False)
    return script


class PreviewPane(QWebEngineView):
    """Loads a page skeleton per document and theme, then patches only the blocks that changed."""

    line_scrolled = Signal(int)  # the writer scrolled the preview to this source line
    updated = Signal()  # the page shows the newest render
    remote_blocked = Signal(bool)  # the render refers to remote files the page does not load

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        page = PreviewPage(self)
        self.setPage(page)
        self._bridge = _Bridge(self)
        self._bridge.scrolled.connect(self.line_scrolled)
        self._channel = QWebChannel(self)
        self._channel.registerObject("postdesk", self._bridge)
        page.setWebChannel(self._channel, _WORLD)
        page.scripts().insert(_preview_script())
        self.guard = RequestGuard(self)
        page.setUrlRequestInterceptor(self.guard)
        settings = page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
        settings.setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False
        )
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalStorageEnabled, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.FocusOnNavigationEnabled, False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.loadFinished.connect(self._on_view_load_finished)
        self._ready = False
        self._page_keys: Counter[str] = Counter()
        self._page_header = ""
        self._latest: RenderResult | None = None
        self._shown: RenderResult | None = None
        self._pending_line: tuple[int, bool] | None = None
        self._base_url = QUrl()
        self._allow_remote = False
        self._blocking_remote = False
        self._remote_blocks: dict[str, bool] = {}  # block key -> it refers to remote files

    def show_document(
        self, *, theme: str, base_url: QUrl, allow_remote: bool, result: RenderResult | None
    ) -> None:
        """Load the page for a document (a tab switch, a theme or remote-images change)."""
        self._ready = False
        self._latest = result
        self._shown = None
        self._base_url = base_url
        self._allow_remote = allow_remote
        folder = Path(base_url.toLocalFile()) if base_url.isLocalFile() else None
        self.guard.set_scope(folder, allow_remote=allow_remote)
        # The page counts as local content (a file base URL): this lets it reach other hosts.
        self.page().settings().setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, allow_remote
        )
        self._note_remote(result)
        skeleton = render_page(
            Post.from_text(""),
            theme=theme,
            base_url=bytes(base_url.toEncoded().data()).decode("ascii"),
            allow_remote=allow_remote,
        )
        page = self.page()
        assert isinstance(page, PreviewPage)
        page.load_html(skeleton, base_url)

    @property
    def base_url(self) -> QUrl:
        """The folder the page shown resolves relative images in."""
        return self._base_url

    def clear(self, background: str, message: str = "", color: str = "") -> None:
        """Show nothing (no document is open) or only `message`, in the theme's colours."""
        self._ready = False
        self._latest = self._shown = None
        self._base_url = QUrl()
        self.guard.set_scope(None, allow_remote=False)
        self._note_remote(None)
        text = (
            f'<p style="color:{color};font:14px sans-serif;margin:3em 2em">{html.escape(message)}'
            if message
            else ""
        )
        page = self.page()
        assert isinstance(page, PreviewPage)
        page.load_html(
            f'<html style="background:{background}"><body>{text}</body></html>',
            QUrl("about:blank"),
        )

    def set_theme(self, theme: str) -> None:
        """Switch the page's colours in place (the page carries both themes' styles)."""
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

    def run_script(self, script: str, callback: Callable[[Any], None]) -> None:
        """Run `script` in the preview script's world (tests read the page this way)."""
        self._run(script, callback)

    @property
    def is_blocking_remote(self) -> bool:
        """The shown render refers to remote files, and they are not allowed to load."""
        return self._blocking_remote

    def _note_remote(self, result: RenderResult | None) -> None:
        blocking = False
        if result is not None:
            # Scanning is cached per block: after an edit only the new blocks are searched.
            known = self._remote_blocks
            self._remote_blocks = {
                block.key: known[block.key]
                if block.key in known
                else bool(_REMOTE_REFERENCE.search(block.html))
                for block in result.body.blocks
            }
            blocking = not self._allow_remote and (
                any(self._remote_blocks.values())
                or bool(_REMOTE_REFERENCE.search(result.header_html))
            )
        if blocking != self._blocking_remote:
            self._blocking_remote = blocking
            self.remote_blocked.emit(blocking)

    @property
    def is_ready(self) -> bool:
        """The page is loaded and shows the newest render it was given."""
        return self._ready and self._shown is not None and self._shown is self._latest

    def _run(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        if callback is None:
            self.page().runJavaScript(script, _WORLD)
        else:
            self.page().runJavaScript(script, _WORLD, callback)

    @Slot(bool)
    def _on_view_load_finished(self, ok: bool) -> None:
        if not ok:
            return
        self._ready = True
        self._page_keys = Counter()
        self._page_header = ""
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
