"""The preview's Chromium side: a page that never navigates, its file filter and its script.

Imported only when the preview pane builds its view, after the window shows: QtWebEngine and
Chromium's start are the heaviest part of opening the window.
"""

from __future__ import annotations

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

from editor.core.document.covers import PendingCovers

_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
_EXTERNAL_SCHEMES = frozenset({"http", "https"})
_REMOTE_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss"})
# Schemes that carry their content in the URL or in the application, never from disk.
_INLINE_SCHEMES = frozenset({"data", "qrc", "about", "blob"})
_ResourceType = QWebEngineUrlRequestInfo.ResourceType
_IMAGE = _ResourceType.ResourceTypeImage
# What the "Load remote images" bar promises: images (and the favicon) and fonts.
_REMOTE_KINDS = frozenset(
    {_IMAGE, _ResourceType.ResourceTypeFontResource, _ResourceType.ResourceTypeFavicon}
)


class RequestGuard(QWebEngineUrlRequestInterceptor):
    """Lets the preview load files from the post's folder and the application's resources
    only, and remote files only when the writer allowed them for this document.

    A new cover not saved yet is loaded from the copy ``pending_covers`` holds.
    """

    def __init__(
        self, parent: QObject | None = None, pending_covers: PendingCovers | None = None
    ) -> None:
        super().__init__(parent)
        self._pending_covers = pending_covers
        self._resources = Path(str(files("editor.resources"))).resolve()
        self._folder: Path | None = None
        self._allow_remote = False

    def set_scope(self, folder: Path | None, *, allow_remote: bool) -> None:
        """The post's folder (None: no local files) and whether remote files may load."""
        self._folder = folder.resolve() if folder is not None else None
        self._allow_remote = allow_remote

    def allows(self, url: QUrl, kind: _ResourceType = _IMAGE) -> bool:
        """True when the preview may load `url` as a resource of `kind`.

        "Load remote images" lets images and fonts come from other hosts, nothing else:
        audio, video, prefetches, stylesheets, frames and the like stay blocked.
        """
        scheme = url.scheme().lower()
        if scheme in _INLINE_SCHEMES:
            return True
        if scheme in _REMOTE_SCHEMES:
            return self._allow_remote and kind in _REMOTE_KINDS
        if scheme != "file":
            return False
        # Resolved, so a symlink in the post's folder cannot lead outside it.
        path = Path(url.toLocalFile()).resolve()
        if self._pending_covers is not None and self._pending_covers.holds(path):
            return True
        roots = (self._resources, self._folder) if self._folder else (self._resources,)
        return any(path.is_relative_to(root) for root in roots)

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        """Qt override: block what `allows` refuses, show a held cover from its copy."""
        url = info.requestUrl()
        if not self.allows(url, info.resourceType()):
            info.block(True)
        elif url.isLocalFile() and self._pending_covers is not None:
            held = self._pending_covers.held_copy(Path(url.toLocalFile()))
            if held is not None:
                info.redirect(QUrl.fromLocalFile(str(held)))


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


class PreviewView(QWebEngineView):
    """The web view the preview pane shows: one PreviewPage with the preview script, the
    "postdesk" channel back to the application and the request filter installed."""

    line_scrolled = Signal(int)  # the writer scrolled the page to this source line

    def __init__(
        self, parent: QWidget | None = None, *, pending_covers: PendingCovers | None = None
    ) -> None:
        super().__init__(parent)
        page = PreviewPage(self)
        self.setPage(page)
        self._bridge = _Bridge(self)
        self._bridge.scrolled.connect(self.line_scrolled)
        self._channel = QWebChannel(self)
        self._channel.registerObject("postdesk", self._bridge)
        page.setWebChannel(self._channel, _WORLD)
        page.scripts().insert(_preview_script())
        self.guard = RequestGuard(self, pending_covers)
        page.setUrlRequestInterceptor(self.guard)
        settings = page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalStorageEnabled, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.FocusOnNavigationEnabled, False)
        # Nothing plays or looks up a host before the writer asks for it.
        settings.setAttribute(QWebEngineSettings.WebAttribute.PlaybackRequiresUserGesture, True)
        settings.setAttribute(QWebEngineSettings.WebAttribute.DnsPrefetchEnabled, False)
        self.set_scope(None, allow_remote=False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

    def set_scope(self, folder: Path | None, *, allow_remote: bool) -> None:
        """What the page may load: files in `folder`, remote files when `allow_remote`."""
        self.guard.set_scope(folder, allow_remote=allow_remote)
        # The page counts as local content (a file base URL): this lets it reach other hosts.
        self.page().settings().setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, allow_remote
        )

    def load_html(self, html: str, base_url: QUrl) -> None:
        """Show `html`; relative references resolve against `base_url`."""
        page = self.page()
        assert isinstance(page, PreviewPage)
        page.load_html(html, base_url)

    def run_script(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run `script` in the preview script's world."""
        if callback is None:
            self.page().runJavaScript(script, _WORLD)
        else:
            self.page().runJavaScript(script, _WORLD, callback)
