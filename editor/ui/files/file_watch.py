"""The window's one file watcher: the library and the open documents subscribe to it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Slot

from editor.ui.app.debounce import Debounce

# A burst of events (an atomic replace is a create, a rename and a delete; a git checkout
# touches hundreds of files) is handled as one.
SETTLE_MS = 200

# Called once a burst settles, with the folders and files of the subscription that changed.
Settled = Callable[[set[Path], set[Path]], object]


class FileWatch(QObject):
    """One QFileSystemWatcher and one settle delay for everyone who follows files.

    Each subscriber watches its own set of paths; a path two subscribers share is watched
    once and kept until both let it go. When a burst of events settles, each subscriber
    hears about the changes among its own paths.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_watcher_file_changed)
        self._watcher.directoryChanged.connect(self._on_watcher_directory_changed)
        self._settle = Debounce(SETTLE_MS, self._deliver, self)
        self._uses: Counter[str] = Counter()
        self._subscriptions: list[Subscription] = []
        self._changed_files: set[str] = set()
        self._changed_folders: set[str] = set()

    def subscribe(self, settled: Settled) -> Subscription:
        """A new set of watched paths whose settled changes go to ``settled``."""
        subscription = Subscription(self, settled)
        self._subscriptions.append(subscription)
        return subscription

    def flush(self) -> None:
        """Deliver the changes noticed so far without waiting for them to settle."""
        self._settle.flush()

    # --- for subscriptions -------------------------------------------------------------------

    def _add(self, paths: Iterable[str]) -> None:
        fresh = []
        for path in paths:
            self._uses[path] += 1
            if self._uses[path] == 1:
                fresh.append(path)
        if fresh:
            self._watcher.addPaths(fresh)

    def _remove(self, paths: Iterable[str]) -> None:
        gone = []
        for path in paths:
            self._uses[path] -= 1
            if self._uses[path] <= 0:
                del self._uses[path]
                gone.append(path)
        if gone:
            self._watcher.removePaths(gone)

    def _renew(self, paths: Iterable[str]) -> None:
        """Watch these files afresh: after an atomic replace a watch follows the old file."""
        renewed = [path for path in paths if path in self._uses]
        if renewed:
            self._watcher.removePaths(renewed)
            self._watcher.addPaths(renewed)

    def _request(self) -> None:
        self._settle.request()

    # --- events ------------------------------------------------------------------------------

    @Slot(str)
    def _on_watcher_file_changed(self, path: str) -> None:
        self._changed_files.add(path)
        self._settle.request()

    @Slot(str)
    def _on_watcher_directory_changed(self, path: str) -> None:
        self._changed_folders.add(path)
        self._settle.request()

    def _deliver(self) -> None:
        files, self._changed_files = self._changed_files, set()
        folders, self._changed_folders = self._changed_folders, set()
        for subscription in list(self._subscriptions):
            subscription.deliver(folders, files)


class Subscription:
    """One subscriber's watched paths (see FileWatch)."""

    def __init__(self, watch: FileWatch, settled: Settled) -> None:
        self._watch = watch
        self._settled = settled
        self.paths: set[str] = set()
        self._again = False

    def add(self, paths: Iterable[str]) -> None:
        """Watch these paths too."""
        fresh = set(paths) - self.paths
        self.paths |= fresh
        self._watch._add(sorted(fresh))

    def remove(self, paths: Iterable[str]) -> None:
        """Stop watching these paths."""
        gone = self.paths & set(paths)
        self.paths -= gone
        self._watch._remove(sorted(gone))

    def set_paths(self, paths: set[str]) -> None:
        """Watch exactly ``paths``."""
        self.remove(self.paths - paths)
        self.add(paths)

    def renew(self, paths: Iterable[str]) -> None:
        """Watch these files afresh (each was replaced by a new file of the same name)."""
        self._watch._renew(sorted(self.paths & set(paths)))

    def again_later(self) -> None:
        """Hear from the watch once more after the next settle delay, changes or not."""
        self._again = True
        self._watch._request()

    def clear(self) -> None:
        """Watch nothing."""
        self.remove(set(self.paths))
        self._again = False

    def deliver(self, folders: set[str], files: set[str]) -> None:
        """Pass the settled changes among this subscription's paths on."""
        own_folders = {Path(path) for path in folders & self.paths}
        own_files = {Path(path) for path in files & self.paths}
        if own_folders or own_files or self._again:
            self._again = False
            self._settled(own_folders, own_files)
