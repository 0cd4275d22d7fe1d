"""The library pane: every document with its cover, title, date, tags and status; search as
you type, filter by tag and status, sort; kept current as files change on disk."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from editor.core.indexcache import LibraryEntry
from editor.core.library import Library
from editor.ui.file_watch import FileWatch
from editor.ui.library_model import (
    ENTRY_ROLE,
    PATH_ROLE,
    THUMBNAIL_SIZE,
    LibraryFilter,
    LibraryModel,
    read_search_text,
    read_search_texts,
    unreadable_summary,
)
from editor.ui.library_watcher import LibraryWatcher, library_folders
from editor.ui.tasks import TaskRunner

_BADGES = {
    "draft": ("Draft", "#b26b00"),
    "note": ("Note", "#5b6b7a"),
    "broken": ("Cannot read", "#d1242f"),
}
_STATUS_LABELS = (
    ("all", "All"),
    ("published", "Published"),
    ("drafts", "Drafts"),
    ("notes", "Notes"),
)
_STATUS_KINDS = {"published": "post", "drafts": "draft", "notes": "note"}
_SORT_LABELS = (("date", "Newest first"), ("title", "Title"), ("modified", "Last modified"))
# Searching waits for a pause in typing so a 2,000-post library filters once per word.
SEARCH_DELAY_MS = 120

_Index = QModelIndex | QPersistentModelIndex


class LibraryDelegate(QStyledItemDelegate):
    """Draws one document: thumbnail, title, date and tags, and a Draft / Note badge."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """Qt override: every row is as tall as a thumbnail and its margins."""
        return QSize(option.rect.width(), THUMBNAIL_SIZE.height() + 16)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Qt override."""
        entry = index.data(ENTRY_ROLE)
        if not isinstance(entry, LibraryEntry):
            return
        painter.save()
        palette = option.palette
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_color)
        muted.setAlpha(150)
        thumb = QRect(
            rect.left() + 8, rect.top() + 8, THUMBNAIL_SIZE.width(), THUMBNAIL_SIZE.height()
        )
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            source = QRect(0, 0, THUMBNAIL_SIZE.width(), THUMBNAIL_SIZE.height())
            source.moveCenter(pixmap.rect().center())
            painter.drawPixmap(thumb, pixmap, source)
        else:
            placeholder = QColor(muted)
            placeholder.setAlpha(40)
            painter.fillRect(thumb, placeholder)
        left = thumb.right() + 10
        width = rect.right() - left - 8
        badge = _BADGES.get(entry.kind)
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        metrics = painter.fontMetrics()
        badge_width = 0
        if badge is not None:
            small = QFont(option.font)
            small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.8))
            painter.setFont(small)
            badge_width = painter.fontMetrics().horizontalAdvance(badge[0]) + 10
            badge_rect = QRect(
                rect.right() - badge_width - 8,
                rect.top() + 9,
                badge_width,
                painter.fontMetrics().height() + 2,
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(badge[1]))
            painter.drawRoundedRect(badge_rect, 4, 4)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, badge[0])
            painter.setFont(title_font)
            badge_width += 6
        painter.setPen(text_color)
        title = metrics.elidedText(
            entry.title or entry.path.stem, Qt.TextElideMode.ElideRight, width - badge_width
        )
        painter.drawText(
            QRect(left, rect.top() + 7, width - badge_width, metrics.height()),
            Qt.AlignmentFlag.AlignLeft,
            title,
        )
        painter.setFont(option.font)
        metrics = painter.fontMetrics()
        painter.setPen(muted)
        date = entry.date.strftime("%b %d, %Y") if entry.date is not None else "No date"
        line_top = rect.top() + 9 + metrics.height()
        painter.drawText(
            QRect(left, line_top, width, metrics.height()), Qt.AlignmentFlag.AlignLeft, date
        )
        if entry.tags:
            tags = metrics.elidedText(" · ".join(entry.tags), Qt.TextElideMode.ElideRight, width)
            painter.drawText(
                QRect(left, line_top + metrics.height(), width, metrics.height()),
                Qt.AlignmentFlag.AlignLeft,
                tags,
            )
        painter.setPen(QColor(muted.red(), muted.green(), muted.blue(), 50))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        painter.restore()


class LibraryPane(QWidget):
    """Lists a library's documents; scanning happens on the thread pool, then files are watched."""

    post_activated = Signal(Path)
    library_loaded = Signal(object)  # Library: the first scan finished
    library_changed = Signal(object)  # Library: documents changed on disk (or were rescanned)

    def __init__(
        self,
        pool: QThreadPool,
        parent: QWidget | None = None,
        *,
        index_folder: Path | None = None,
        file_watch: FileWatch | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("library-pane")
        # Where each library's index is kept between runs, so reopening reads only changes.
        self._index_folder = index_folder
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._pool = pool
        self._scan_token = 0
        self.library: Library | None = None
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        # The window's one file watcher (a pane on its own, as in tests, gets its own).
        self.watcher = LibraryWatcher(file_watch or FileWatch(self), self)
        self.watcher.documents_changed.connect(self._on_watcher_documents_changed)
        self._title = QLabel("No library open")
        self._title.setObjectName("library-title")
        self.search_field = QLineEdit(placeholderText="Search titles, tags and text")
        self.search_field.setObjectName("library-search")
        self.search_field.setClearButtonEnabled(True)
        self.status_box = QComboBox()
        self.status_box.setToolTip("Show all documents, published posts, drafts or notes")
        for status, label in _STATUS_LABELS:
            self.status_box.addItem(label, status)
        self.sort_box = QComboBox()
        self.sort_box.setToolTip("Order")
        for sort, label in _SORT_LABELS:
            self.sort_box.addItem(label, sort)
        self.tag_box = QComboBox()
        self.tag_box.setObjectName("library-tags")
        self.tag_box.setToolTip("Show only the documents with this tag")
        self.tag_box.addItem("All tags", None)
        self.list = QListView()
        self.list.setObjectName("library-list")
        self.list.setModel(self.proxy)
        self.list.setItemDelegate(LibraryDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setMouseTracking(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.shown_count = QLabel()
        self.shown_count.setObjectName("library-count")
        # What the scan left out: the list is not the whole library, and a prune would delete.
        self.unreadable_note = QLabel()
        self.unreadable_note.setObjectName("library-unreadable")
        self.unreadable_note.setWordWrap(True)
        self.unreadable_note.hide()
        self.unreadable_note.linkActivated.connect(self._on_unreadable_note_link_activated)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.search_field.textChanged.connect(self._on_search_field_text_changed)
        self.status_box.currentIndexChanged.connect(self._on_status_box_changed)
        self.sort_box.currentIndexChanged.connect(self._on_sort_box_changed)
        self.tag_box.currentIndexChanged.connect(self._on_tag_box_changed)
        self.list.clicked.connect(self._on_list_activated)
        self.list.activated.connect(self._on_list_activated)
        self.proxy.rowsInserted.connect(self._show_count)
        self.proxy.rowsRemoved.connect(self._show_count)
        self.proxy.modelReset.connect(self._show_count)
        self.proxy.layoutChanged.connect(self._show_count)
        filters = QHBoxLayout()
        filters.setContentsMargins(8, 0, 8, 0)
        filters.setSpacing(4)
        filters.addWidget(self.status_box, 1)
        filters.addWidget(self.sort_box, 1)
        tag_row = QHBoxLayout()
        tag_row.setContentsMargins(8, 0, 8, 0)
        tag_row.addWidget(self.tag_box)
        search_row = QHBoxLayout()
        search_row.setContentsMargins(8, 0, 8, 0)
        search_row.addWidget(self.search_field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._title)
        layout.addLayout(search_row)
        layout.addLayout(filters)
        layout.addLayout(tag_row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.unreadable_note)
        layout.addWidget(self.shown_count)

    # --- the library -------------------------------------------------------------------------

    def open_library(self, root: Path) -> None:
        """Scan `root` in the background and list what it holds."""
        self._scan_token += 1
        token = self._scan_token
        self.watcher.stop()
        self._title.setText(f"{root.name} (reading…)")
        self._title.setToolTip(str(root))
        cache_file = None
        if self._index_folder is not None:
            key = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape"))
            cache_file = self._index_folder / f"{key.hexdigest()[:24]}.json"
        TaskRunner.of(self._pool).run(
            lambda: (token, *_scan(root, cache_file)), self._on_scan_finished
        )

    def shut_down(self) -> None:
        """The window closes: stop watching the folder and loading covers."""
        self.watcher.stop()
        self.model.thumbnails.stop()

    def refresh(self, path: Path | None = None) -> None:
        """Re-read one document (after a save), or scan the open library again."""
        if self.library is None:
            return
        if path is None:
            self.open_library(self.library.root)
            return
        self.library.refresh(path)
        self.show_changes([path])

    def select_path(self, path: Path | None) -> None:
        """Highlight the entry of the document shown in the editor."""
        row = self.model.row_of(path) if path is not None else None
        if row is not None:
            index = self.proxy.mapFromSource(self.model.index(row))
            if index.isValid():
                self.list.setCurrentIndex(index)
                self.list.scrollTo(index)
                return
        self.list.clearSelection()

    def visible_paths(self) -> list[Path]:
        """The documents listed now, in order (after search, filters and sorting)."""
        return [self.proxy.index(row, 0).data(PATH_ROLE) for row in range(self.proxy.rowCount())]

    def set_tag_filter(self, tag: str | None) -> None:
        """Show only documents with `tag` (None: every tag)."""
        index = 0
        if tag is not None:
            for row in range(1, self.tag_box.count()):
                if str(self.tag_box.itemData(row)).casefold() == tag.casefold():
                    index = row
        self.tag_box.setCurrentIndex(index)

    def set_status_filter(self, status: str) -> None:
        """Show `all`, `published`, `drafts` or `notes`."""
        self.status_box.setCurrentIndex(max(0, self.status_box.findData(status)))

    @Slot(object)
    def _on_scan_finished(self, outcome: Any) -> None:
        if isinstance(outcome, BaseException):
            self._title.setText(f"Cannot read the library: {outcome}")
            return
        token, library, folders = outcome
        if token != self._scan_token:
            return
        first = self.library is None or self.library.root != library.root
        self.library = library
        if first:
            self.model.set_entries(library.entries)
        else:
            self.model.update_entries(library.entries)
        self.watcher.watch(library, folders)
        paths = [entry.path for entry in library.entries]
        TaskRunner.of(self._pool).run(
            lambda: (token, read_search_texts(paths)), self._on_texts_read
        )
        self._show_library()
        if first:
            self.library_loaded.emit(library)
        else:
            self.library_changed.emit(library)

    @Slot(object)
    def _on_texts_read(self, outcome: Any) -> None:
        if isinstance(outcome, BaseException) or outcome[0] != self._scan_token:
            return
        self.model.set_search_texts(outcome[1])
        if self.proxy.searching:
            self.proxy.refilter()

    def show_changes(self, paths: list[Path]) -> None:
        """The library re-read these documents: update their rows, the tags and the counts."""
        self._on_watcher_documents_changed(paths)

    @Slot(list)
    def _on_watcher_documents_changed(self, _paths: list[Path]) -> None:
        library = self.library
        if library is None:
            return
        touched = self.model.update_entries(library.entries)
        self.model.set_search_texts({path: read_search_text(path) for path in touched})
        if self.proxy.searching:
            self.proxy.refilter()
        self._show_library()
        self.library_changed.emit(library)

    def _show_library(self) -> None:
        library = self.library
        if library is None:
            return
        self._title.setText(f"{library.root.name} · {len(library.entries)} documents")
        counts = {status: 0 for status, _label in _STATUS_LABELS}
        for entry in library.entries:
            counts["all"] += 1
            for status, kind in _STATUS_KINDS.items():
                counts[status] += entry.kind == kind
        for row, (status, label) in enumerate(_STATUS_LABELS):
            self.status_box.setItemText(row, f"{label} ({counts[status]})")
        chosen = self.tag_box.currentData()
        self.tag_box.blockSignals(True)
        self.tag_box.clear()
        self.tag_box.addItem("All tags", None)
        for count in library.tag_counts():
            self.tag_box.addItem(f"{count.name} ({count.count})", count.name)
        self.tag_box.blockSignals(False)
        self.set_tag_filter(chosen)
        self._show_count()
        summary, details = unreadable_summary(library)
        self.unreadable_note.setText(f'⚠ <a href="details">{summary}</a>' if summary else "")
        self.unreadable_note.setToolTip("\n".join(details))
        self.unreadable_note.setVisible(bool(summary))

    @Slot()
    def _show_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.shown_count.setText(
            f"{shown} of {total} shown" if shown != total else f"{total} documents"
        )

    # --- the writer's choices ----------------------------------------------------------------

    @Slot(str)
    def _on_search_field_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self.proxy.set_search(self.search_field.text())
        self._show_count()

    @Slot()
    def _on_status_box_changed(self) -> None:
        self.proxy.set_status(self.status_box.currentData())
        self._show_count()

    @Slot()
    def _on_sort_box_changed(self) -> None:
        self.model.set_sort(self.sort_box.currentData())

    @Slot()
    def _on_tag_box_changed(self) -> None:
        self.proxy.set_tag(self.tag_box.currentData())
        self._show_count()

    @Slot(str)
    def _on_unreadable_note_link_activated(self, _link: str) -> None:
        QMessageBox.warning(
            self,
            "Left out of the library",
            "The library was read without these, so they are not listed, and an export will"
            " not prune until they can be read:\n\n" + self.unreadable_note.toolTip(),
        )

    @Slot(QModelIndex)
    def _on_list_activated(self, index: QModelIndex) -> None:
        path = index.data(PATH_ROLE)
        if isinstance(path, Path):
            self.post_activated.emit(path)


def _scan(root: Path, cache_file: Path | None) -> tuple[Library, list[Path]]:
    """The library and its folders (runs on a pool thread)."""
    return Library.scan(root, cache_file=cache_file), library_folders(root)
