"""Keeps the metadata form and the front matter text in the editor in step, both ways.

The editor's text is the one truth. A form edit goes through the post model (which rewrites
only that key's lines) and replaces only the characters that differ in the editor, as one
undo step; typing on in the same form field joins that step. An edit to the front matter
in the editor is parsed again and the form follows; edits below it cost nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from editor.core.document.frontmatter import split_document
from editor.core.document.post import Post
from editor.core.errors import PostdeskError

# Fields the post model reads and writes as typed values (everything else: set_field).
TYPED_FIELDS = frozenset({"title", "date", "slug", "excerpt", "tags", "cover", "author", "draft"})


def utf16_length(text: str) -> int:
    """The length of ``text`` in UTF-16 code units: Qt's positions count those."""
    return len(text.encode("utf-16-le")) // 2


class FrontMatterSync(QObject):
    """Binds one editor's front matter to a form: ``post_changed`` after each text edit of it,
    ``apply`` for each form edit."""

    post_changed = Signal(object)  # Post (the front matter only), or None when unreadable
    problem_changed = Signal(str)  # why the front matter cannot be read, or ""

    def __init__(
        self,
        editor: QPlainTextEdit,
        path_source: Callable[[], Path | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self._path_source = path_source
        self._head = ""  # the front matter block as the editor holds it
        self._head_units = 0  # its length in Qt positions
        self._post: Post | None = None
        self.problem = ""
        self._applying = False
        self._join: tuple[str, int, int] | None = None  # (field, undo steps, revision) after it
        editor.document().contentsChange.connect(self._on_document_contents_change)
        self._reparse(force=True)

    def detach(self) -> None:
        """Stop following the editor (its tab closed or another one became active)."""
        self.editor.document().contentsChange.disconnect(self._on_document_contents_change)

    @property
    def post(self) -> Post | None:
        """The front matter as a post with an empty body (None when it cannot be read)."""
        return self._post

    @property
    def path(self) -> Path | None:
        """The document's file (None before its first save)."""
        return self._path_source()

    def apply(self, changes: Sequence[tuple[str, Any]], *, join: str | None = None) -> bool:
        """Set fields (``[(key, value), ...]``) and write the result into the editor.

        One undo step reverts it; with ``join`` (the form field being typed in) the step
        joins the previous one when that was the same field and nothing happened since.
        False when the front matter cannot be read (nothing is changed then).
        """
        post = self._post
        if post is None:
            return False
        before = post.to_text()
        for key, value in changes:
            if key in TYPED_FIELDS:
                setattr(post, key, value)
            else:
                post.set_field(key, value)
        after = post.to_text()
        if after == before:
            return True
        document = self.editor.document()
        start = _common_prefix(before, after)
        end = _common_suffix(before, after, start)
        cursor = QTextCursor(document)
        joining = (
            join is not None
            and self._join is not None
            and self._join == (join, document.availableUndoSteps(), document.revision())
        )
        self._applying = True
        try:
            if joining:
                cursor.joinPreviousEditBlock()
            else:
                cursor.beginEditBlock()
            cursor.setPosition(utf16_length(before[:start]))
            cursor.setPosition(
                utf16_length(before[: len(before) - end]), QTextCursor.MoveMode.KeepAnchor
            )
            cursor.insertText(after[start : len(after) - end])
            cursor.endEditBlock()
        finally:
            self._applying = False
        self._head = after
        self._head_units = utf16_length(after)
        self._join = (join, document.availableUndoSteps(), document.revision()) if join else None
        return True

    def end_join(self) -> None:
        """The writer left a form field: its next edit is an undo step of its own."""
        self._join = None

    @Slot(int, int, int)
    def _on_document_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._applying or not (removed or added):
            return
        if position > self._head_units and self._head_units:
            return  # a body edit: the front matter is as it was
        opens_block = self.editor.document().firstBlock().text().startswith("---")
        if not self._head_units and not opens_block and self._is_note():
            return  # a note stays a note unless its first line opens a front matter block
        self._reparse()

    def _is_note(self) -> bool:
        return self._post is not None and not self._post.has_front_matter

    def _reparse(self, *, force: bool = False) -> None:
        document = split_document(self.editor.toPlainText())
        head = document.opening + document.front_matter + document.closing
        if head == self._head and not force and self._post is not None:
            return
        self._head = head
        self._head_units = utf16_length(head)
        self._join = None
        try:
            self._post = Post.from_text(head, self._path_source())
            problem = ""
        except PostdeskError as error:
            self._post = None
            problem = f"line {error.line}: {error.message}" if error.line else error.message
        if problem != self.problem or force:
            self.problem = problem
            self.problem_changed.emit(problem)
        self.post_changed.emit(self._post)


def _common_prefix(a: str, b: str) -> int:
    limit = min(len(a), len(b))
    index = 0
    while index < limit and a[index] == b[index]:
        index += 1
    return index


def _common_suffix(a: str, b: str, prefix: int) -> int:
    limit = min(len(a), len(b)) - prefix
    index = 0
    while index < limit and a[len(a) - 1 - index] == b[len(b) - 1 - index]:
        index += 1
    return index
