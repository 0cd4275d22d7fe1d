"""The preview's background renderer: debounced, off the UI thread, stale results dropped."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from editor.core.dialects import Dialect, for_post
from editor.core.errors import PostdeskError
from editor.core.page import render_header
from editor.core.post import Post
from editor.core.readtime import WORDS_PER_MINUTE, count_words
from editor.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from editor.core.render import RenderedBody, Renderer

# A reference to another host in a render: an image, a srcset, a CSS url() or @import.
_REMOTE_REFERENCE = re.compile(
    r"""(?:\b(?:src|srcset|poster)\s*=\s*["']?|url\(\s*["']?|@import\s+["'])\s*(?:https?:)?//""",
    re.IGNORECASE,
)

# Short enough that the preview follows within 300 ms of the last keystroke, long enough
# that a burst of typing costs one render.
DEBOUNCE_MS = 90


@dataclass(frozen=True)
class RenderResult:
    """One render of a document: what the preview shows and the status bar counts."""

    token: int
    title: str
    header_html: str
    body: RenderedBody
    words: int
    minutes: int
    problem: str  # why the front matter could not be read, or ""
    refers_remote: bool  # the header or a block loads files from other hosts


class DocumentRenderer:
    """Renders one document again and again, redoing only what an edit changed.

    The body goes through the core Renderer's block cache. Words are counted paragraph by
    paragraph (counting is line-local, so the sum is the count of the whole text) and the
    header is rebuilt only when the front matter or the reading time changed: each whole-text
    pass would hold the GIL, and so the UI thread, for tens of milliseconds on a long post.
    Used by one thread at a time.
    """

    def __init__(self) -> None:
        # Made by the first render, on the pool thread: importing Markdown and Pygments and
        # building the first Markdown instance would otherwise hold up the window opening.
        # A render in another blog's dialect starts a new one.
        self._renderer: Renderer | None = None
        self._word_counts: dict[str, int] = {}
        self._remote_blocks: dict[str, bool] = {}  # block key -> it refers to remote files
        self._header_key: tuple[str, int, Path | None] | None = None
        # Whether the post's Liquid is its blog's template code, read once per file.
        self._template_code: tuple[Path | None, bool] = (None, False)
        self._header = ""

    def render(self, text: str, path: Path | None, token: int, dialect: Dialect) -> RenderResult:
        """Render `text` (the whole file) for the preview, as the blog of `dialect` shows it."""
        if path != self._template_code[0]:
            # (Imported here, on the render thread: the export package is not start-up work.)
            from editor.core.export.provenance import holds_template_code

            self._template_code = (path, holds_template_code(path))
        dialect = for_post(dialect, self._template_code[1])
        renderer = self._renderer
        if renderer is None or renderer.dialect != dialect:
            from editor.core.render import Renderer

            renderer = self._renderer = Renderer(dialect=dialect)
        try:
            post = Post.from_text(text, path)
        except PostdeskError as exc:
            # Half-typed YAML is normal while editing: show the body and say what is wrong.
            words = self._count_words(text)
            header = (
                '<header id="post-header" class="post-header"><div class="post-body">'
                f'<div class="render-problem"><p>{html.escape(str(exc))}</p></div></div></header>'
            )
            body = renderer.render_body(text, 1)
            return RenderResult(
                token, "", header, body, words, _minutes(words), str(exc), self._remote(body, "")
            )
        body = renderer.render_body(post.body, post.body_line)
        words = self._count_words(post.body)
        minutes = _minutes(words)
        header_key = (text[: len(text) - len(post.body)], minutes, path)
        if header_key != self._header_key:
            self._header_key, self._header = header_key, render_header(post)
        remote = self._remote(body, self._header)
        return RenderResult(token, post.title, self._header, body, words, minutes, "", remote)

    def _remote(self, body: RenderedBody, header: str) -> bool:
        # Searched per block and cached by key: after an edit only the new blocks are read.
        known = self._remote_blocks
        self._remote_blocks = {
            block.key: known[block.key]
            if block.key in known
            else bool(_REMOTE_REFERENCE.search(block.html))
            for block in body.blocks
        }
        return any(self._remote_blocks.values()) or bool(_REMOTE_REFERENCE.search(header))

    def _count_words(self, text: str) -> int:
        paragraphs = text.split("\n\n")
        counts = {p: self._word_counts.get(p) or count_words(p) for p in set(paragraphs)}
        self._word_counts = counts
        return sum(counts[p] for p in paragraphs)


def _minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def render_document(
    renderer: DocumentRenderer, text: str, path: Path | None, token: int, dialect: Dialect
) -> RenderResult:
    """Render a document for the preview (runs on a pool thread)."""
    return renderer.render(text, path, token, dialect)


class RenderScheduler(QObject):
    """Renders one document after each pause in typing; emits only the newest result.

    Every request gets a larger token. One render runs at a time per document (its Renderer
    keeps caches that are not shared between threads); when it finishes and the text has
    changed meanwhile, the next render starts at once and the finished one is dropped.
    """

    rendered = Signal(object)  # RenderResult
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
        self._renderer = DocumentRenderer()
        self._token = 0
        self._rendered_token = 0
        self._running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def token(self) -> int:
        """The token of the newest request."""
        return self._token

    def request(self) -> None:
        """The text changed: render it once typing pauses."""
        self._token += 1
        self._timer.start()

    def render_now(self) -> None:
        """Render the current text without waiting for a pause."""
        self._token += 1
        self._timer.stop()
        self._start()

    @Slot()
    def _on_timer_timeout(self) -> None:
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
        self._tasks.run(
            lambda: render_document(renderer, text, path, token, dialect), self._on_task_finished
        )

    @Slot(object)
    def _on_task_finished(self, result: Any) -> None:
        self._running = False
        if isinstance(result, BaseException):
            self.failed.emit(f"the preview could not be rendered: {result}")
        elif result.token > self._rendered_token and result.token == self._token:
            self._rendered_token = result.token
            self.rendered.emit(result)
        if self._rendered_token < self._token and not self._timer.isActive():
            self._start()
