"""A document rendered for its preview page: the one assembly the window and `render` share.

`DocumentRenderer.render` turns a document's text into what the page shows (the header as
the blog shows it, the body's blocks) and what the status bar counts; `preview_page` puts a
render into the page. The command line writes that page; the window loads the same page
empty and fills it from each render, block by block.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from editor.core.document.post import Post
from editor.core.errors import PostdeskError
from editor.core.render.dialects import Dialect, default_dialect, for_post
from editor.core.render.page import assemble_page, render_header
from editor.core.render.readtime import WORDS_PER_MINUTE, count_words

if TYPE_CHECKING:
    from editor.core.render.renderer import RenderedBody, Renderer

# A reference to another host in a render: an image, a srcset, a CSS url() or @import.
_REMOTE_REFERENCE = re.compile(
    r"""(?:\b(?:src|srcset|poster)\s*=\s*["']?|url\(\s*["']?|@import\s+["'])\s*(?:https?:)?//""",
    re.IGNORECASE,
)


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
    ``whole`` renders every line (a published page), not the preview's part of a huge post.
    Used by one thread at a time.
    """

    def __init__(self, *, whole: bool = False) -> None:
        self._whole = whole
        # Made by the first render, on the window's pool thread: importing Markdown and
        # Pygments and building the first Markdown instance would otherwise hold up the
        # window opening. A render in another blog's dialect starts a new one.
        self._renderer: Renderer | None = None
        self._word_counts: dict[str, int] = {}
        self._remote_blocks: dict[str, bool] = {}  # block key -> it refers to remote files
        self._header_key: tuple[str, int, Path | None] | None = None
        # Whether the post's Liquid is its blog's template code, read once per file.
        self._template_code: tuple[Path | None, bool] = (None, False)
        self._header = ""

    def render(
        self, text: str, path: Path | None, token: int = 0, dialect: Dialect | None = None
    ) -> RenderResult:
        """Render `text` (the whole file) for the preview, as the blog of `dialect` shows it
        (default: a standalone HTML site)."""
        renderer = self._renderer_for(path, dialect or default_dialect("html"))
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

    def _renderer_for(self, path: Path | None, dialect: Dialect) -> Renderer:
        if path != self._template_code[0]:
            # (Imported here, on the render thread: the export package is not start-up work.)
            from editor.core.blog.provenance import holds_template_code

            self._template_code = (path, holds_template_code(path))
        dialect = for_post(dialect, self._template_code[1])
        renderer = self._renderer
        if renderer is None or renderer.dialect != dialect:
            from editor.core.render.renderer import Renderer

            renderer = self._renderer = Renderer(whole=self._whole, dialect=dialect)
        return renderer

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
    """Render a document for the preview (the window runs it on a pool thread)."""
    return renderer.render(text, path, token, dialect)


def preview_page(
    result: RenderResult | None,
    *,
    title: str = "Untitled",
    theme: str = "light",
    base_url: str | None = None,
    allow_remote: bool = False,
) -> str:
    """The preview page of a render: its header and body in the page, styles for `theme`.

    `title` names the page when the post has no title of its own. With no `result`, the
    page is empty: the window fills it in from each render, block by block. The page
    carries a Content-Security-Policy without script-src: nothing in a post runs. Remote
    images load only with `allow_remote`.
    """
    return assemble_page(
        title=(result.title if result is not None else "") or title,
        header=result.header_html if result is not None else "",
        body=result.body.html if result is not None else "",
        theme=theme,
        base_url=base_url,
        allow_remote=allow_remote,
    )


def render_page(
    post: Post,
    *,
    theme: str = "light",
    base_url: str | None = None,
    allow_remote: bool = False,
    renderer: DocumentRenderer | None = None,
    dialect: Dialect | None = None,
) -> str:
    """The whole preview page of ``post`` as the blog of `dialect` shows it (`render`'s page).

    ``base_url`` defaults to the post's folder as a file URL so relative images resolve.
    """
    if renderer is None:
        renderer = DocumentRenderer(whole=True)
    result = renderer.render(post.to_text(), post.path, 0, dialect)
    if base_url is None and post.folder is not None:
        base_url = Path(post.folder).resolve().as_uri() + "/"
    return preview_page(
        result,
        title=post.path.stem if post.path else "Untitled",
        theme=theme,
        base_url=base_url,
        allow_remote=allow_remote,
    )
