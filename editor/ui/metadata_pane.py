"""The metadata pane: the open post's front matter as a form, above the editor.

Every edit in the form is written into the editor's front matter at once (see
front_matter_sync), and every edit of the front matter text shows in the form.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.covers import PendingCovers
from editor.core.library import Library
from editor.core.post import Post
from editor.core.slugs import slugify
from editor.ui.front_matter_sync import FrontMatterSync
from editor.ui.metadata_form import MetadataForm
from editor.ui.plain_text import plain_label

_MAX_FORM_HEIGHT = 320
_MIN_WIDTH = 320
_SLUG_BY_HAND = "postdesk_slug_by_hand"  # editor property: the writer chose the slug


class MetadataPane(QFrame):
    """The form for the active document, above the editor; it can fold to one line."""

    problem_found = Signal(str)
    cover_image_chosen = Signal(Path)  # the preview must load this file afresh

    def __init__(
        self, parent: QWidget | None = None, *, pending_covers: PendingCovers | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("metadata-pane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.sync: FrontMatterSync | None = None
        self._move_to: Callable[[Path], None] | None = None
        self.form = MetadataForm(pending_covers=pending_covers)
        self.form.bundle_chosen.connect(self._on_form_bundle_chosen)
        self.form.field_edited.connect(self._on_form_field_edited)
        self.form.field_left.connect(self._on_form_field_left)
        self.form.problem_found.connect(self.problem_found)
        self.form.cover_field.image_chosen.connect(self.cover_image_chosen)
        self.fold_button = QToolButton()
        self.fold_button.setText("Post details")
        self.fold_button.setCheckable(True)
        self.fold_button.setChecked(True)
        self.fold_button.setObjectName("metadata-fold")
        self.fold_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.fold_button.setArrowType(Qt.ArrowType.DownArrow)
        self.fold_button.setAutoRaise(True)
        self.fold_button.toggled.connect(self._on_fold_button_toggled)
        self.summary = plain_label()  # the title and tags as written
        self.summary.setObjectName("metadata-summary")
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._on_fit_timer_timeout)
        self.problem = plain_label()  # it quotes the front matter
        self.problem.setObjectName("field-error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        header = QHBoxLayout()
        header.setContentsMargins(4, 2, 10, 0)
        header.addWidget(self.fold_button)
        header.addWidget(self.summary, 1)
        self.fields_area = QScrollArea()
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.fields_area.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_area.setWidget(self.form)
        # The form's two-column layout must not set the editor column's minimum width: the
        # pane decides the layout from the width it is given (resizeEvent), not the reverse.
        self.setMinimumWidth(_MIN_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.problem)
        layout.addWidget(self.fields_area)

    def bind(
        self,
        editor: QPlainTextEdit | None,
        path_source: Callable[[], Path | None] | None = None,
        move_to: Callable[[Path], None] | None = None,
    ) -> None:
        """Follow ``editor``'s front matter (None: no document is open); ``move_to`` gives a
        post not saved yet the folder its slug names."""
        self._move_to = move_to
        if self.sync is not None:
            if self.sync.editor is editor:
                return
            self.sync.detach()
            self.sync.deleteLater()
            self.sync = None
        # A tag half typed for one post is not carried over to the next one shown.
        self.form.forget_typing()
        if editor is None:
            self.form.show_post(None)
            self._show_problem("")
            self.summary.setText("")
            return
        self.sync = FrontMatterSync(editor, path_source or (lambda: None), self)
        self.sync.post_changed.connect(self._on_sync_post_changed)
        self.sync.problem_changed.connect(self._show_problem)
        self._show_problem(self.sync.problem)
        self._on_sync_post_changed(self.sync.post)

    def set_library(self, library: Library | None) -> None:
        """The open library (completion of tags, unique slugs, the default author)."""
        self.form.set_library(library)

    def refresh(self) -> None:
        """Show the fields again (the document was saved under another name)."""
        if self.sync is not None:
            self._on_sync_post_changed(self.sync.post)

    @Slot(object)
    def _on_sync_post_changed(self, post: Post | None) -> None:
        path = self.sync.path if self.sync is not None else None
        self.form.show_post(post, path)
        if self.sync is not None and self.sync.editor.isReadOnly():
            self.form.setEnabled(False)  # a file opened read-only is edited nowhere
        self._summarize(post)
        self._fit_timer.start()

    def _summarize(self, post: Post | None) -> None:
        if post is None:
            self.summary.setText("")
            return
        if not post.has_front_matter:
            self.summary.setText("Note · no front matter (a field filled in here adds it)")
            return
        parts = [post.title or "Untitled"]
        if post.date is not None:
            parts.append(post.date.strftime("%b %d, %Y"))
        if post.tags:
            parts.append(", ".join(post.tags))
        parts.append({"note": "Note", "draft": "Draft"}.get(post.kind, "Published"))
        self.summary.setText(" · ".join(parts))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Qt override: the form puts the cover below its fields when the column is narrow."""
        self.form.fit_width(event.size().width())
        self._fit_timer.start()
        super().resizeEvent(event)

    @Slot(str)
    def _show_problem(self, problem: str) -> None:
        self.problem.setText(f"The front matter cannot be read, so the form is locked: {problem}")
        self.problem.setVisible(bool(problem))

    @Slot()
    def _on_fit_timer_timeout(self) -> None:
        # Show the whole form (up to a limit), so no field hides below a scroll bar. Measured
        # once laid out: the tags wrap onto as many lines as the width asks for.
        self.fields_area.setMinimumHeight(min(self.form.sizeHint().height(), _MAX_FORM_HEIGHT))

    @Slot(str, object, str)
    def _on_form_field_edited(self, key: str, value: Any, typing_in: str) -> None:
        sync = self.sync
        if sync is None or sync.post is None:
            return
        post = sync.post
        changes: list[tuple[str, Any]] = [(key, value)]
        if key == "title" and self._slug_follows(post):
            changes.append(("slug", self._followed_slug(post, str(value))))
        elif key == "slug":
            sync.editor.setProperty(_SLUG_BY_HAND, True)
        if sync.apply(changes, join=typing_in or None):
            self.form.show_post(sync.post, sync.path)
            self._summarize(sync.post)

    def _slug_follows(self, post: Post) -> bool:
        """The slug follows the title of a draft or an unsaved post until typed by hand.

        A published post keeps its slug: its address is out in the world.
        """
        assert self.sync is not None
        if self.sync.editor.property(_SLUG_BY_HAND):
            return False
        if post.kind == "post" and self.sync.path is not None:
            return False
        return post.slug == slugify(post.title) or not (post.title or post.get("slug"))

    def _followed_slug(self, post: Post, title: str) -> str | None:
        slug = slugify(title) if title.strip() else ""
        # No slug key when the file name already says it: the key is written only if needed.
        implicit = Post.from_text("", post.path).slug if post.path is not None else slug
        if not slug or (slug == implicit and post.get("slug") is None):
            return None
        return slug

    @Slot(Path)
    def _on_form_bundle_chosen(self, path: Path) -> None:
        if self._move_to is not None:
            self._move_to(path)
            self.refresh()

    @Slot()
    def _on_form_field_left(self) -> None:
        if self.sync is not None:
            self.sync.end_join()

    @Slot(bool)
    def _on_fold_button_toggled(self, unfolded: bool) -> None:
        self.fields_area.setVisible(unfolded)
        self.fold_button.setArrowType(
            Qt.ArrowType.DownArrow if unfolded else Qt.ArrowType.RightArrow
        )
