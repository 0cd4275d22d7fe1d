"""The library as a Qt model: one row per document, a filter proxy (search, tag, status, sort)
and cover thumbnails loaded off the UI thread."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtGui import QImage, QPixmap

from editor.core.library.indexcache import LibraryEntry
from editor.core.library.library import Library
from editor.ui.app.tasks import TaskRunner
from editor.ui.document.images import read_image
from editor.ui.document.plain_text import as_rich_text

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1  # the LibraryEntry
PATH_ROLE = Qt.ItemDataRole.UserRole + 2  # its Path
THUMBNAIL_SIZE = QSize(56, 32)  # beside the date and tags, below the title

STATUSES = ("all", "published", "drafts", "notes")
_STATUS_KINDS = {"published": ("post",), "drafts": ("draft",), "notes": ("note",)}
SORTS = ("date", "title", "modified")

# Search reads at most this much of each document's text: enough for any post, and a huge
# file cannot make the index large.
_SEARCH_BYTES = 256 * 1024

_Index = QModelIndex | QPersistentModelIndex


def read_search_text(path: Path) -> str:
    """A document's text, case-folded, for searching (``""`` when it cannot be read)."""
    try:
        with open(path, "rb") as file:
            data = file.read(_SEARCH_BYTES)
    except OSError:
        return ""
    return data.decode("utf-8", errors="ignore").casefold()


def read_search_texts(paths: Iterable[Path]) -> dict[Path, str]:
    """Search texts for many documents (runs on a pool thread after a scan)."""
    return {path: read_search_text(path) for path in paths}


def unreadable_summary(library: Library) -> tuple[str, list[str]]:
    """What the last scan could not read: a short line ("2 folders can't be read") and one
    line per folder or file, its path below the library and why; ``("", [])`` when none."""
    folders = files = 0
    details = []
    for path, why in sorted(library.unreadable):
        if path.is_dir():
            folders += 1
        else:
            files += 1
        shown = path.relative_to(library.root) if library.root in path.parents else path
        details.append(f"{shown.as_posix()}: {why}")
    counts = [
        f"{count} {noun}{'s' if count != 1 else ''}"
        for count, noun in ((folders, "folder"), (files, "file"))
        if count
    ]
    return (f"{' and '.join(counts)} can't be read" if counts else ""), details


class ThumbnailLoader(QObject):
    """Cover thumbnails, decoded on a thread of their own and kept by file and mtime."""

    thumbnail_ready = Signal(Path)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A pool of its own: decoding covers never delays the preview's renders.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pixmaps: dict[Path, tuple[float, QPixmap]] = {}
        self._loading: set[Path] = set()
        self._stopped = False

    def thumbnail(self, path: Path) -> QPixmap | None:
        """The thumbnail of the image at ``path``; None (and a load starts) when not ready."""
        try:
            mtime = os.stat(path).st_mtime
        except OSError:
            return None
        cached = self._pixmaps.get(path)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        if path not in self._loading and not self._stopped:
            self._loading.add(path)
            TaskRunner.of(self._pool).run(lambda: (path, mtime, _decode(path)), self._on_decoded)
        return cached[1] if cached is not None else None

    def stop(self) -> None:
        """Start no more loads and wait for those under way (the window closes).

        This must happen before the pool is destroyed: its destructor waits for the running
        load while holding the interpreter lock the load needs to finish, and both hang.
        """
        self._stopped = True
        self._pool.waitForDone()

    @Slot(object)
    def _on_decoded(self, outcome: Any) -> None:
        if isinstance(outcome, BaseException):
            return
        path, mtime, image = outcome
        self._loading.discard(path)
        self._pixmaps[path] = (mtime, QPixmap.fromImage(image) if image is not None else QPixmap())
        self.thumbnail_ready.emit(path)


def _decode(path: Path) -> QImage | None:
    """The image at ``path`` scaled to cover the thumbnail size (QImage is thread-safe)."""
    image = read_image(path, THUMBNAIL_SIZE, Qt.AspectRatioMode.KeepAspectRatioByExpanding)
    return None if image.isNull() else image


class LibraryModel(QAbstractListModel):
    """The library's documents, one row each, kept in the chosen order.

    Rows change one by one as files change. The model keeps its own order (a plain list
    sort) so the filter proxy never sorts: sorting 2,000 rows through a Python lessThan
    would hold the UI thread for a good part of a second.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[LibraryEntry] = []
        self._rows: dict[Path, int] = {}
        self._sort = "date"
        self.search_texts: dict[Path, str] = {}
        self.thumbnails = ThumbnailLoader(self)
        self.thumbnails.thumbnail_ready.connect(self._on_thumbnails_thumbnail_ready)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override: the entry, its path, title, tooltip and thumbnail."""
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == ENTRY_ROLE:
            return entry
        if role == PATH_ROLE:
            return entry.path
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return as_rich_text(str(entry.error) if entry.error is not None else str(entry.path))
        if role == Qt.ItemDataRole.DecorationRole and entry.cover_image is not None:
            return self.thumbnails.thumbnail(entry.cover_image)
        return None

    def entry(self, row: int) -> LibraryEntry:
        """The entry in ``row``."""
        return self._entries[row]

    def row_of(self, path: Path) -> int | None:
        """The row of the document at ``path``."""
        return self._rows.get(path)

    def set_sort(self, sort: str) -> None:
        """Order the rows by ``date`` (newest first), ``title`` or ``modified`` (newest first)."""
        if sort not in SORTS:
            raise ValueError(sort)
        if sort != self._sort:
            self._sort = sort
            self._reorder()

    def set_entries(self, entries: Iterable[LibraryEntry]) -> None:
        """Show these documents (a new library)."""
        self.beginResetModel()
        self._entries = sorted(entries, key=lambda entry: _order(entry, self._sort))
        self._rows = {entry.path: row for row, entry in enumerate(self._entries)}
        self.search_texts = {}
        self.endResetModel()

    def update_entries(self, entries: Iterable[LibraryEntry]) -> list[Path]:
        """Bring the rows up to date with the library's entries, row by row (no reset).

        Returns the paths that were added or changed.
        """
        wanted = {entry.path: entry for entry in entries}
        for path in [path for path in self._rows if path not in wanted]:
            gone = self._rows[path]
            self.beginRemoveRows(QModelIndex(), gone, gone)
            del self._entries[gone]
            self.search_texts.pop(path, None)
            self._rows = {entry.path: index for index, entry in enumerate(self._entries)}
            self.endRemoveRows()
        touched: list[Path] = []
        for path, entry in wanted.items():
            row = self._rows.get(path)
            if row is None:
                end = len(self._entries)
                self.beginInsertRows(QModelIndex(), end, end)
                self._entries.append(entry)
                self._rows[path] = end
                self.endInsertRows()
                touched.append(path)
            elif self._entries[row] != entry:
                self._entries[row] = entry
                index = self.index(row)
                self.dataChanged.emit(index, index)
                touched.append(path)
        if touched:
            self._reorder()
        return touched

    def set_search_texts(self, texts: dict[Path, str]) -> None:
        """Texts to search in (read in the background after a scan)."""
        self.search_texts.update(texts)

    def _reorder(self) -> None:
        """Sort the rows again, telling views where each row went (selection is kept)."""
        ordered = sorted(self._entries, key=lambda entry: _order(entry, self._sort))
        if ordered == self._entries:
            return
        self.layoutAboutToBeChanged.emit()
        new_rows = {entry.path: row for row, entry in enumerate(ordered)}
        persistent = self.persistentIndexList()
        moved = [
            self.index(new_rows[self._entries[index.row()].path]) if index.isValid() else index
            for index in persistent
        ]
        self._entries = ordered
        self._rows = new_rows
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    @Slot(Path)
    def _on_thumbnails_thumbnail_ready(self, image: Path) -> None:
        for row, entry in enumerate(self._entries):
            if entry.cover_image == image:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


class LibraryFilter(QSortFilterProxyModel):
    """What the library pane shows: the documents matching the search words, tag and status."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._tag: str | None = None
        self._status = "all"
        # The source model keeps the order; the proxy only filters (it is never sorted, so
        # "dynamic" only re-filters rows that change).
        self.setDynamicSortFilter(True)

    @property
    def library_model(self) -> LibraryModel:
        """The model filtered."""
        model = self.sourceModel()
        assert isinstance(model, LibraryModel)
        return model

    @property
    def searching(self) -> bool:
        """True while search words narrow the list."""
        return bool(self._words)

    def refilter(self) -> None:
        """Apply the filters again (the texts searched in changed)."""
        self._change_filter(lambda: None)

    def _change_filter(self, change: Callable[[], None]) -> None:
        # Qt 6.10 replaced invalidateFilter() by a begin/end pair around the change.
        begin = getattr(self, "beginFilterChange", None)
        if begin is None:
            change()
            self.invalidateRowsFilter()
            return
        begin()
        change()
        self.endFilterChange()

    def set_search(self, text: str) -> None:
        """Show documents whose title, tags or text hold every word of ``text``."""
        words = text.casefold().split()
        if words != self._words:
            self._change_filter(lambda: setattr(self, "_words", words))

    def set_tag(self, tag: str | None) -> None:
        """Show only documents carrying ``tag`` (any case); None shows every tag."""
        tag = tag.casefold() if tag else None
        if tag != self._tag:
            self._change_filter(lambda: setattr(self, "_tag", tag))

    def set_status(self, status: str) -> None:
        """``all``, ``published``, ``drafts`` or ``notes``."""
        if status not in STATUSES:
            raise ValueError(status)
        if status != self._status:
            self._change_filter(lambda: setattr(self, "_status", status))

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        """Qt override: the status, the tag and every search word must match."""
        model = self.library_model
        entry = model.entry(source_row)
        kinds = _STATUS_KINDS.get(self._status)
        if kinds is not None and entry.kind not in kinds:
            return False
        if self._tag is not None and self._tag not in (tag.casefold() for tag in entry.tags):
            return False
        if not self._words:
            return True
        heading = " ".join((entry.title, *entry.tags, entry.excerpt)).casefold()
        text = model.search_texts.get(entry.path, "")
        return all(word in heading or word in text for word in self._words)


def _order(entry: LibraryEntry, sort: str) -> tuple[Any, ...]:
    title = entry.title.casefold()
    if sort == "title":
        return (title, str(entry.path))
    if sort == "modified":
        return (-entry.mtime, title, str(entry.path))
    timestamp = -entry.date.timestamp() if entry.date is not None else 0.0
    return (entry.date is None, timestamp, title, str(entry.path))
