"""The preview's background renderer: debounced, off the UI thread, stale results dropped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from editor.core.render import docrender
from editor.core.render.dialects import Dialect
from editor.ui.app.debounce import Debounce
from editor.ui.app.tasks import TaskRunner

# Short enough that the preview follows within 300 ms of the last keystroke, long enough
# that a burst of typing costs one render.
DEBOUNCE_MS = 90


class RenderScheduler(QObject):
    """Renders one document after each pause in typing; emits only the newest result.

    Every request gets a larger token. One render runs at a time per document (its renderer
    keeps caches that are not shared between threads); when it finishes and the text has
    changed meanwhile, the next render starts at once and the finished one is dropped.
    """

    rendered = Signal(object)  # docrender.RenderResult
    failed = Signal(str)

    def __init__(
        self,
        tasks: TaskRunner,
        text_source: Callable[[], str],
        path_source: Callable[[], Path | None],
        dialect_source: Callable[[], Dialect],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._text_source = text_source
        self._path_source = path_source
        self._dialect_source = dialect_source
        self._renderer = docrender.DocumentRenderer()
        self._token = 0
        self._rendered_token = 0
        self._running = False
        self._debounce = Debounce(DEBOUNCE_MS, self._start, self)

    def request(self) -> None:
        """The text changed: render it once typing pauses."""
        self._token += 1
        self._debounce.request()

    def render_now(self) -> None:
        """Render the current text without waiting for a pause."""
        self._token += 1
        self._debounce.cancel()
        self._start()

    def _start(self) -> None:
        if self._running:
            return  # _on_task_finished starts the next render
        self._running = True
        token, text, path, dialect, renderer = (
            self._token,
            self._text_source(),
            self._path_source(),
            self._dialect_source(),
            self._renderer,
        )
        # Looked up on the module at each render, so a test can slow one render down.
        self._tasks.run(
            lambda: docrender.render_document(renderer, text, path, token, dialect),
            self._on_task_finished,
        )

    @Slot(object)
    def _on_task_finished(self, result: Any) -> None:
        self._running = False
        if isinstance(result, BaseException):
            self.failed.emit(f"the preview could not be rendered: {result}")
        elif result.token > self._rendered_token and result.token == self._token:
            self._rendered_token = result.token
            self.rendered.emit(result)
        if self._rendered_token < self._token and not self._debounce.is_pending:
            self._start()
