"""The metadata pane: the open post's front matter as a form, above the editor.

Every edit in the form is written into the editor's front matter at once (see
front_matter_sync), and every edit of the front matter text shows in the form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QMouseEvent, QPainter, QPaintEvent, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.document.covers import PendingCovers
from editor.core.document.post import Post
from editor.core.document.slugs import slugify
from editor.core.library.library import Library
from editor.ui.app.debounce import Debounce
from editor.ui.app.settings import WindowState
from editor.ui.document.plain_text import as_rich_text, plain_label
from editor.ui.metadata.front_matter_sync import FrontMatterSync
from editor.ui.metadata.metadata_form import MetadataForm

FOLD_SHORTCUT = "Ctrl+Shift+D"
# An open form first takes at most a third of the window (at least this much): the text below
# keeps most of the height, and the form scrolls inside when it needs more.
_MIN_FORM_HEIGHT = 150
_MIN_WIDTH = 320
_NO_MAXIMUM = 16_777_215  # QWIDGETSIZE_MAX
_SLUG_BY_HAND = "postdesk_slug_by_hand"  # editor property: the writer chose the slug


class SummaryLine(QLabel):
    """The post in one line (title · date · tags · status); a title too long for the line is
    cut with … so the date, tags and status stay in view. A click unfolds the details."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metadata-summary")
        self.setTextFormat(Qt.TextFormat.PlainText)
        # However long the title, the line never widens the pane: it is cut instead.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._title = ""
        self._details = ""

    def set_summary(self, title: str, details: list[str], tags: Sequence[str] = ()) -> None:
        """Show ``title`` then ``details``; the tooltip holds the whole line and the tags."""
        self._title = title
        self._details = "".join(f" · {detail}" for detail in details)
        self.setText(title + self._details)
        tooltip = self.text() + (f"\nTags: {', '.join(tags)}" if tags else "")
        self.setToolTip(as_rich_text(tooltip) if self.text() else "")

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override: the title cut to the room the details leave, so ``text()`` stays the
        whole summary."""
        painter = QPainter(self)
        area = self.contentsRect()
        metrics = self.fontMetrics()
        room = area.width() - metrics.horizontalAdvance(self._details)
        title = metrics.elidedText(self._title, Qt.TextElideMode.ElideRight, max(0, room))
        shown = metrics.elidedText(title + self._details, Qt.TextElideMode.ElideRight, area.width())
        self.style().drawItemText(
            painter,
            area,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Qt override: a click means "show me the details"."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
            event.accept()
            return
        super().mousePressEvent(event)


class MetadataPane(QFrame):
    """One document's form, above its text; it folds to a one-line summary.

    Each open document can have a pane of its own: nothing here is shared between panes but
    the window state (folded or not, the same for every post) and the pending covers.
    """

    problem_found = Signal(str)
    cover_image_chosen = Signal(Path)  # the preview must load this file afresh
    # True: only the summary line shows, and the pane is no taller than it. In a QSplitter the
    # pane itself hands the height to its neighbour and takes it back; others can follow this.
    folded_changed = Signal(bool)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        pending_covers: PendingCovers | None = None,
        state: WindowState | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("metadata-pane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._state = state
        self._folded = False
        self._unfolded_height = 0  # the height the writer left the open form at
        self.sync: FrontMatterSync | None = None
        self._move_to: Callable[[Path], None] | None = None
        self.form = MetadataForm(pending_covers=pending_covers)
        self.form.bundle_chosen.connect(self._on_form_bundle_chosen)
        self.form.field_edited.connect(self._on_form_field_edited)
        self.form.field_left.connect(self._on_form_field_left)
        self.form.problem_found.connect(self.problem_found)
        self.form.cover_field.image_chosen.connect(self.cover_image_chosen)
        self.fold_button = QToolButton()
        self.fold_button.setText("Details")
        self.fold_button.setCheckable(True)
        self.fold_button.setChecked(True)
        self.fold_button.setObjectName("metadata-fold")
        self.fold_button.setToolTip(
            "Show or hide the post's details "
            f"({QKeySequence(FOLD_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        self.fold_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.fold_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.fold_button.setArrowType(Qt.ArrowType.DownArrow)
        self.fold_button.setAutoRaise(True)
        self.fold_button.toggled.connect(self._on_fold_button_toggled)
        # Only the pane on show answers: the panes of other tabs are hidden.
        self.fold_shortcut = QShortcut(QKeySequence(FOLD_SHORTCUT), self)
        self.fold_shortcut.activated.connect(self.toggle_folded)
        self.summary = SummaryLine()
        self.summary.clicked.connect(self.toggle_folded)
        self._fit = Debounce(0, self._fit_height, self)
        self.problem = plain_label()  # it quotes the front matter
        self.problem.setObjectName("field-error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.header = QWidget()
        header = QHBoxLayout(self.header)
        header.setContentsMargins(4, 2, 10, 2)
        header.addWidget(self.fold_button)
        header.addWidget(self.summary, 1)
        self.fields_area = QScrollArea()
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fields_area.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_area.setWidget(self.form)
        # Dragged smaller, the form scrolls inside, down to about two lines of it.
        self.fields_area.setMinimumHeight(2 * self.fontMetrics().height())
        # The form's two-column layout must not set the editor column's minimum width: the
        # pane decides the layout from the width it is given (resizeEvent), not the reverse.
        self.setMinimumWidth(_MIN_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.problem)
        layout.addWidget(self.fields_area)
        if state is not None:
            state.changed.connect(self._on_state_changed)
            self.set_folded(state.details_folded)

    @property
    def is_folded(self) -> bool:
        """Only the summary line shows."""
        return self._folded

    @Slot()
    def toggle_folded(self) -> None:
        """Fold the details to their summary, or unfold them."""
        self.set_folded(not self._folded)

    def set_folded(self, folded: bool) -> None:
        """Show only the summary line (giving the height to the text) or the whole form; the
        window state remembers it for every post's pane."""
        if folded == self._folded:
            return
        if folded and self.isVisible():
            self._unfolded_height = self.height()
        self._folded = folded
        self.fold_button.blockSignals(True)
        self.fold_button.setChecked(not folded)
        self.fold_button.blockSignals(False)
        self.fold_button.setArrowType(Qt.ArrowType.RightArrow if folded else Qt.ArrowType.DownArrow)
        self.fields_area.setVisible(not folded)
        self.problem.setVisible(bool(self.problem.text()) and not folded)
        self._fit_height()
        self._follow_in_splitter()
        if self._state is not None:
            self._state.details_folded = folded
        self.folded_changed.emit(folded)

    def sizeHint(self) -> QSize:
        """Qt override: the summary and as much of the form as a third of the window allows."""
        hint = super().sizeHint()
        if self._folded:
            return QSize(hint.width(), self.header.sizeHint().height())
        limit = max(_MIN_FORM_HEIGHT, self.window().height() // 3)
        return QSize(hint.width(), min(self._content_height(), self._chrome_height() + limit))

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
            self.summary.set_summary("", [])
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
        self._fit.request()

    def _summarize(self, post: Post | None) -> None:
        title, details = summary_of(post) if post is not None else ("", [])
        self.summary.set_summary(title, details, post.tags if post is not None else [])

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Qt override: the form puts the tags and cover beside its fields in a wide column."""
        self.form.fit_width(event.size().width())
        self._fit.request()
        super().resizeEvent(event)

    @Slot(str)
    def _show_problem(self, problem: str) -> None:
        self.problem.setText(
            f"The front matter cannot be read, so the form is locked: {problem}" if problem else ""
        )
        self.problem.setVisible(bool(problem) and not self._folded)
        self._fit.request()

    def _chrome_height(self) -> int:
        """The summary line and the problem above the form."""
        problem = self.problem.sizeHint().height() if self.problem.isVisibleTo(self) else 0
        return self.header.sizeHint().height() + problem

    def _content_height(self) -> int:
        """The height that shows the whole form at the pane's width."""
        width = self.fields_area.viewport().width()
        form = self.form.heightForWidth(width) if self.form.hasHeightForWidth() else -1
        return self._chrome_height() + (form if form >= 0 else self.form.sizeHint().height())

    def _fit_height(self) -> None:
        # Never taller than what it shows, so no empty band sits between form and text:
        # folded, the summary line; open, the whole form (measured once laid out, as the tags
        # wrap onto as many lines as the width asks for).
        self.setMaximumHeight(
            self.header.sizeHint().height() if self._folded else self._content_height()
        )
        self.updateGeometry()

    def _follow_in_splitter(self) -> None:
        """In a splitter, give the height to the neighbour when folding and take back the
        height the writer left the form at when unfolding."""
        splitter = self.parentWidget()
        if not isinstance(splitter, QSplitter) or splitter.count() < 2:
            return
        index = splitter.indexOf(self)
        sizes = splitter.sizes()
        wanted = self.maximumHeight() if self._folded else self._unfolded_height
        wanted = min(wanted or self.sizeHint().height(), self.maximumHeight())
        neighbour = index + 1 if index + 1 < len(sizes) else index - 1
        sizes[neighbour] += sizes[index] - wanted
        sizes[index] = wanted
        splitter.setSizes(sizes)

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
            self._fit.request()

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
        self.set_folded(not unfolded)

    @Slot(str)
    def _on_state_changed(self, key: str) -> None:
        # Another post's pane was folded or unfolded: every post shows its details alike.
        if self._state is not None and key == WindowState.details_folded.key:
            self.set_folded(self._state.details_folded)


def summary_of(post: Post) -> tuple[str, list[str]]:
    """A post in one line: its title, then its date, how many tags, and Draft or Note."""
    if not post.has_front_matter:
        return "Note", ["no front matter (a field filled in here adds it)"]
    details = []
    if post.date is not None:
        details.append(post.date.strftime("%b %d, %Y"))
    if post.tags:
        details.append(f"{len(post.tags)} tag{'s' if len(post.tags) != 1 else ''}")
    status = {"note": "Note", "draft": "Draft"}.get(post.kind)
    if status is not None:
        details.append(status)
    return post.title or "Untitled", details
