"""The library pane: every document with its cover, title, date, tags and status; search as
you type, filter by tag and status, sort; kept current as files change on disk."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from editor.core.library.library import Library
from editor.ui.app.debounce import Debounce
from editor.ui.app.tasks import TaskRunner
from editor.ui.files.file_watch import FileWatch
from editor.ui.library.library_model import (
    PATH_ROLE,
    LibraryFilter,
    LibraryModel,
    read_search_text,
    read_search_texts,
    unreadable_summary,
)
from editor.ui.library.library_rows import LibraryDelegate
from editor.ui.library.library_watcher import LibraryWatcher, library_folders

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
        self._search = Debounce(SEARCH_DELAY_MS, self._search_now, self)
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
        # The count is said once, below the list, where it follows the filters.
        self._title.setText(library.root.name)
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
        self._search.request()

    def _search_now(self) -> None:
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
