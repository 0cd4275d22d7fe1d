"""The metadata form: one post's title, slug, date, author, draft, excerpt, tags and cover.

It shows a post's front matter and says what the writer changed (``field_edited``); the
metadata pane writes each change into the editor.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from editor.core.document.covers import PendingCovers
from editor.core.document.docfiles import is_bundle_file
from editor.core.document.fields import field_problems
from editor.core.document.notes import new_slug_problem
from editor.core.document.post import Author, Post
from editor.core.document.slugs import slug_problem
from editor.core.library.library import Library
from editor.ui.metadata.cover_widget import CoverWidget
from editor.ui.metadata.tag_editor import TagEditor

EXCERPT_HINT = 160
# From this width (the form's, in pixels) the cover sits beside the other fields.
TWO_COLUMNS_WIDTH = 720


class ExcerptEdit(QPlainTextEdit):
    """A short wrapped paragraph: Enter moves on instead of breaking the line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        # Two whole lines and no part of a third (the document's margin is at its top only
        # as it scrolls): a longer excerpt scrolls, and the post's text keeps the height.
        margins = self.contentsMargins()
        self.setFixedHeight(
            self.fontMetrics().lineSpacing() * 2
            + int(self.document().documentMargin())
            + margins.top()
            + margins.bottom()
            + 1
        )
        self.setPlaceholderText("One or two sentences shown in post lists and link previews")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt override: an excerpt is one paragraph."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def text(self) -> str:
        """The excerpt as one line."""
        return " ".join(self.toPlainText().split("\n"))


class MetadataForm(QWidget):
    """The fields of one post; ``field_edited`` says what the writer changed."""

    field_edited = Signal(str, object, str)  # key, value, the field being typed in ("" for none)
    field_left = Signal()  # the writer finished with a text field
    problem_found = Signal(str)
    bundle_chosen = Signal(Path)  # a post not saved yet will be saved here, its slug's folder

    def __init__(
        self, parent: QWidget | None = None, *, pending_covers: PendingCovers | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("metadata-form")
        self._showing = False
        self._post: Post | None = None
        self._library: Library | None = None
        self._path: Path | None = None
        self._open_paths: Callable[[], Collection[Path]] = tuple
        # What a blog would not publish as written (a date that does not exist, a list for a
        # title): the form shows such a field empty, so the reason is said above the fields.
        self.front_matter_problems = QLabel()
        self.front_matter_problems.setObjectName("field-error")
        self.front_matter_problems.setWordWrap(True)
        self.front_matter_problems.setTextFormat(Qt.TextFormat.PlainText)
        self.front_matter_problems.hide()
        self.title_field = QLineEdit(placeholderText="Title")
        self.title_field.setObjectName("title-field")
        self.slug_field = QLineEdit()
        self.slug_problem = QLabel()
        self.slug_problem.setObjectName("field-error")
        self.slug_problem.setWordWrap(True)
        self.slug_problem.hide()
        self.dated = QCheckBox()
        self.dated.setToolTip("Give the post a date")
        self.date_field = QDateTimeEdit(calendarPopup=True)
        self.date_field.setDisplayFormat("yyyy-MM-dd  HH:mm")
        self.offset_field = QComboBox()
        self.offset_field.setToolTip("UTC offset")
        for minutes in range(-12 * 60, 14 * 60 + 1, 15):
            self.offset_field.addItem(_offset_text(minutes), minutes)
        self.author_field = QLineEdit()
        self.draft_field = QCheckBox("Draft (not exported)")
        self.excerpt_field = ExcerptEdit()
        self.excerpt_count = QLabel()
        self.excerpt_count.setObjectName("excerpt-count")
        self.tags_field = TagEditor()
        self.cover_field = CoverWidget(pending_covers)
        self._build_layout()
        self.title_field.textEdited.connect(self._on_title_field_text_edited)
        self.slug_field.textEdited.connect(self._on_slug_field_text_edited)
        self.dated.clicked.connect(self._on_date_changed)
        self.date_field.dateTimeChanged.connect(self._on_date_changed)
        self.offset_field.activated.connect(self._on_date_changed)
        self.author_field.textEdited.connect(self._on_author_field_text_edited)
        self.draft_field.clicked.connect(self._on_draft_field_clicked)
        self.excerpt_field.textChanged.connect(self._on_excerpt_field_text_changed)
        self.tags_field.tags_edited.connect(self._on_tags_field_tags_edited)
        self.cover_field.cover_edited.connect(self._on_cover_field_cover_edited)
        self.cover_field.problem_found.connect(self.problem_found)
        for field in (self.title_field, self.slug_field, self.author_field):
            field.editingFinished.connect(self.field_left)
        self.setEnabled(False)

    def _build_layout(self) -> None:
        self.excerpt_count.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        excerpt_label = QWidget()
        excerpt_box = QVBoxLayout(excerpt_label)
        excerpt_box.setContentsMargins(0, 4, 0, 0)
        excerpt_box.setSpacing(2)
        excerpt_box.addWidget(_field_label("Excerpt"))
        # The count sits under its label, beside the box, so it never covers the text.
        excerpt_box.addWidget(self.excerpt_count)
        excerpt_box.addStretch(1)
        slug_cell = QWidget()
        slug_box = QVBoxLayout(slug_cell)
        slug_box.setContentsMargins(0, 0, 0, 0)
        slug_box.setSpacing(2)
        slug_box.addWidget(self.slug_field)
        slug_box.addWidget(self.slug_problem)
        # Each row: its label and its field, in order; the cover goes right in two columns.
        self._rows: list[tuple[QWidget, QWidget]] = [
            (_field_label("Title"), self.title_field),
            (_field_label("Slug"), slug_cell),
            (_field_label("Date"), _row(self.dated, (self.date_field, 1), self.offset_field)),
            (_field_label("Author"), _row((self.author_field, 1), self.draft_field)),
            (excerpt_label, self.excerpt_field),
            (_field_label("Tags", top=True), self.tags_field),
            (_field_label("Cover", top=True), self.cover_field),
        ]
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(10, 4, 10, 6)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(4)
        self._grid.addWidget(self.front_matter_problems, 0, 0, 1, 4)
        self._two_columns: bool | None = None
        self.fit_width(0)

    def fit_width(self, width: int) -> None:
        """Lay the fields out with the cover beside them where the width allows, else in one
        column, so the form stays short and the text keeps the height."""
        two_columns = width >= TWO_COLUMNS_WIDTH
        if two_columns == self._two_columns:
            return
        self._two_columns = two_columns
        grid = self._grid
        for label, field in self._rows:
            grid.removeWidget(label)
            grid.removeWidget(field)
        left = self._rows[:-1] if two_columns else self._rows
        for row, (label, field) in enumerate(left, start=1):
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1)
        if two_columns:
            cover_label, cover = self._rows[-1]
            grid.addWidget(cover_label, 1, 2)
            grid.addWidget(cover, 1, 3, len(left), 1)
        # The cover column keeps its own width; the fields take the rest.
        for column, stretch in enumerate((0, 1, 0, 0)):
            grid.setColumnStretch(column, stretch)
        # Rows keep their natural height; the space left over goes below them.
        last = len(left) + 1
        for row in range(len(self._rows) + 2):
            grid.setRowStretch(row, 1 if row == last else 0)

    # --- showing a post ----------------------------------------------------------------------

    def set_library(self, library: Library | None) -> None:
        """The library the post belongs to: its tags complete, its slugs must stay unique."""
        self._library = library
        self.tags_field.set_known_tags(
            [count.name for count in library.tag_counts()] if library else []
        )
        default = library.settings.author if library else None
        self.author_field.setPlaceholderText(
            f"{default.name} (the library's default)" if default and default.name else "Name"
        )
        self._check_slug()

    def set_open_paths(self, open_paths: Callable[[], Collection[Path]]) -> None:
        """Where the open documents' files are (or will be): a new post's slug never names one."""
        self._open_paths = open_paths

    def show_post(self, post: Post | None, path: Path | None = None) -> None:
        """Show ``post``'s fields (None: no document, or front matter that cannot be read)."""
        self._post = post
        self._path = path
        self.setEnabled(post is not None)
        if post is None:
            return
        self._showing = True
        try:
            _set_text(self.title_field, post.title)
            _set_text(self.slug_field, post.slug if post.get("slug") else "")
            self.slug_field.setPlaceholderText(post.slug if path or post.title else "")
            self._show_date(post.date)
            author = post.author
            _set_text(self.author_field, author.name if author else "")
            self.draft_field.setChecked(post.draft)
            if self.excerpt_field.text() != post.excerpt:
                self.excerpt_field.setPlainText(post.excerpt)
            self._count_excerpt()
            self.tags_field.set_tags(post.tags)
            self.cover_field.set_post(path, post.cover)
        finally:
            self._showing = False
        self._check_slug()
        self._show_front_matter_problems(post)

    def _show_front_matter_problems(self, post: Post) -> None:
        lines = [f"Line {problem.line}: {problem.message}" for problem in field_problems(post)]
        self.front_matter_problems.setText("\n".join(lines))
        self.front_matter_problems.setVisible(bool(lines))

    def forget_typing(self) -> None:
        """Drop what was typed but not yet entered (a tag not ended with Enter or a comma)."""
        self.tags_field.forget_typing()

    def _show_date(self, value: datetime | None) -> None:
        self.dated.setChecked(value is not None)
        self.date_field.setEnabled(value is not None)
        self.offset_field.setEnabled(value is not None)
        if value is None:
            # Greyed out, ready to be switched on: now, in the writer's own offset.
            value = datetime.now().astimezone().replace(second=0, microsecond=0)
        shown = QDateTime(
            QDate(value.year, value.month, value.day), QTime(value.hour, value.minute)
        )
        if self.date_field.dateTime() != shown:
            self.date_field.setDateTime(shown)
        offset = value.utcoffset() or timedelta()
        minutes = int(offset.total_seconds() // 60)
        index = self.offset_field.findData(minutes)
        if index < 0:
            self.offset_field.addItem(_offset_text(minutes), minutes)
            index = self.offset_field.count() - 1
        self.offset_field.setCurrentIndex(index)

    def _check_slug(self) -> None:
        post = self._post
        if post is None:
            self.slug_problem.hide()
            return
        slug = post.slug
        problem = slug_problem(slug)
        # A post never saved goes into its slug's folder: one on no disk and in no other tab.
        unsaved = _unsaved_post_to_move(self._path, slug)
        if problem is None and unsaved is not None:
            others = [path for path in self._open_paths() if path != unsaved]
            problem = new_slug_problem(unsaved.parent.parent, slug, others)
        if problem is None and self._library is not None:
            for entry in self._library.entries:
                if entry.slug == slug and entry.path != post.path and entry.kind != "note":
                    shown = entry.title or entry.path.name
                    problem = f"“{shown}” already has the slug {slug!r}: slugs must be unique"
                    break
        self.slug_problem.setText(problem or "")
        self.slug_problem.setVisible(problem is not None)
        self.slug_field.setProperty("problem", problem is not None)
        self.slug_field.style().polish(self.slug_field)
        if unsaved is not None and problem is None:
            self.bundle_chosen.emit(unsaved.parent.parent / slug / unsaved.name)

    def _count_excerpt(self) -> None:
        count = len(self.excerpt_field.text())
        over = count > EXCERPT_HINT
        self.excerpt_count.setText(f"{count} / {EXCERPT_HINT}")
        self.excerpt_count.setToolTip(
            f"{count} characters"
            + (
                f": longer than the {EXCERPT_HINT} most sites show"
                if over
                else f" of the {EXCERPT_HINT} most sites show"
            )
        )
        self.excerpt_count.setProperty("over", over)
        self.excerpt_count.style().polish(self.excerpt_count)

    # --- the writer's edits ------------------------------------------------------------------

    def _emit(self, key: str, value: Any, typing_in: str = "") -> None:
        if not self._showing and self._post is not None:
            self.field_edited.emit(key, value, typing_in)

    @Slot(str)
    def _on_title_field_text_edited(self, text: str) -> None:
        self._emit("title", text, "title")

    @Slot(str)
    def _on_slug_field_text_edited(self, text: str) -> None:
        self._emit("slug", text, "slug")

    @Slot()
    def _on_date_changed(self) -> None:
        if self._showing or self._post is None:
            return
        dated = self.dated.isChecked()
        self.date_field.setEnabled(dated)
        self.offset_field.setEnabled(dated)
        if not dated:
            self._emit("date", None)
            return
        old = self._post.date
        if old is None:
            # Dating an undated post: start from now, in the writer's own offset.
            self._showing = True
            self._show_date(datetime.now().astimezone().replace(second=0, microsecond=0))
            self._showing = False
        shown = self.date_field.dateTime()
        offset = timedelta(minutes=int(self.offset_field.currentData()))
        day, clock = shown.date(), shown.time()
        value = datetime(
            day.year(),
            day.month(),
            day.day(),
            clock.hour(),
            clock.minute(),
            old.second if old is not None else 0,
            tzinfo=timezone(offset),
        )
        self._emit("date", value, "date")

    @Slot(str)
    def _on_author_field_text_edited(self, text: str) -> None:
        old = self._post.author if self._post is not None else None
        picture = old.picture if old is not None else ""
        self._emit("author", Author(name=text.strip(), picture=picture), "author")

    @Slot(bool)
    def _on_draft_field_clicked(self, checked: bool) -> None:
        self._emit("draft", checked)

    @Slot()
    def _on_excerpt_field_text_changed(self) -> None:
        self._count_excerpt()
        self._emit("excerpt", self.excerpt_field.text(), "excerpt")

    @Slot(list)
    def _on_tags_field_tags_edited(self, tags: list[str]) -> None:
        self._emit("tags", tags)

    @Slot(object, str)
    def _on_cover_field_cover_edited(self, cover: Any, part: str) -> None:
        self._emit("cover", cover, "" if part == "image" else f"cover.{part}")


def _unsaved_post_to_move(path: Path | None, slug: str) -> Path | None:
    """``path`` when it is a bundle post whose file is not on disk yet (New Post chose its
    folder) and ``slug`` names another folder, which the post moves to when free."""
    if path is None or not is_bundle_file(path):
        return None
    return path if slug != path.parent.name and not os.path.lexists(path) else None


def _field_label(text: str, *, top: bool = False) -> QLabel:
    """A row's name; ``top`` keeps it beside the first line of a tall field."""
    label = QLabel(text)
    label.setObjectName("field-label")
    vertical = Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | vertical)
    if top:
        label.setContentsMargins(0, 5, 0, 0)
    return label


def _row(*parts: QWidget | tuple[QWidget, int]) -> QWidget:
    """Widgets side by side in one grid cell (a part with a number stretches by it)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        widget, stretch = part if isinstance(part, tuple) else (part, 0)
        layout.addWidget(widget, stretch)
    return row


def _set_text(field: QLineEdit, text: str) -> None:
    # Only a real change: setText moves the cursor of a field the writer is typing in, and a
    # space typed at its end is not in the value yet.
    if field.text() == text or (field.hasFocus() and field.text().strip() == text.strip()):
        return
    field.setText(text)
    field.setCursorPosition(0)  # show the start of a long value


def _offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"
