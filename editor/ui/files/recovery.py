"""Unsaved text kept in the recovery folder while the writer works, and offered back after a
crash."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QElapsedTimer, QObject, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from editor.core.document.opening import read_document
from editor.core.document.recovery import DiskBase, RecoveryEntry, RecoveryStore, untitled_id
from editor.core.errors import PostdeskError
from editor.ui.app.tasks import TaskRunner
from editor.ui.document.document import DocumentController
from editor.ui.files.recovery_dialog import RecoveryDialog, document_label
from editor.ui.window.workspace import WindowWorkspace

_Outcome = TypeVar("_Outcome")

# While typing goes on, copies are this far apart at least: each one is a write and an fsync.
TYPING_INTERVAL_MS = 3000


class RecoveryKeeper(QObject):
    """Copies every modified document of one workspace to the recovery folder.

    The first copy follows the first unsaved change after `recovery_delay_ms` (a second by
    default), so a crash soon after a writer starts loses little; while typing goes on, a
    copy follows at most every `TYPING_INTERVAL_MS` (the timer is not restarted by further
    typing, so a long burst of typing is still kept; only a very large document waits for a
    pause). Taking the text costs the window about a millisecond for a 3,000-line post; the
    writes and removals run in order on one background thread of their own: the window never
    waits for the disk, and a removal after a save can never be overtaken by an older write.
    """

    problem_found = Signal(str)

    def __init__(self, workspace: WindowWorkspace, dialog_parent: QWidget) -> None:
        super().__init__(dialog_parent)
        self.workspace = workspace
        self._dialog_parent = dialog_parent  # the recovery dialog shows over it
        self.store: RecoveryStore = workspace.context.recovery
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._runner = TaskRunner(self._pool)
        self._reported = False
        workspace.document_added.connect(self.watch)
        workspace.document_closed.connect(self.forget)

    @Slot(object)
    def watch(self, document: DocumentController) -> None:
        """Keep `document`'s unsaved text from now on (it was just opened)."""
        copier = _DocumentCopier(self, document)
        if document.is_modified:
            copier.schedule()

    @Slot(object)
    def forget(self, document: DocumentController) -> None:
        """The document closed without saving: its recovery copy goes."""
        copier = document.findChild(_DocumentCopier)
        if copier is not None:
            copier.timer.stop()
            self.drop(copier)

    def shut_down(self) -> None:
        """The window closed cleanly: remove its copies and wait for the disk."""
        for document in self.workspace.documents():
            self.forget(document)
        self._pool.waitForDone()

    def wait(self) -> None:
        """Block until the copies asked for so far are on disk (tests, shutdown)."""
        self._pool.waitForDone()

    def delay_ms(self) -> int:
        """How long after the first unsaved change its copy is written."""
        return max(100, self.workspace.context.preferences.recovery_delay_ms)

    def keep(self, copier: _DocumentCopier) -> None:
        """Write the document's text to its recovery copy now (in the background)."""
        document = copier.document
        if not document.is_modified:
            return
        store, text, key = self.store, document.text(), document.recovery_id
        path, title = document.path, document.title or document.display_name
        disk_text, encoding = document.disk_text, document.encoding
        recovered_from = document.recovered_from
        stale = copier.kept_id if copier.kept_id != key else None
        copier.kept_id = key

        def write() -> None:
            if stale is not None:
                store.discard(stale)  # the document moved: its copy is keyed by the new path
            base = recovered_from
            if base is None and path is not None:
                base = DiskBase.of(disk_text.encode(encoding, "surrogateescape"))
            store.save(key, text, path, title, base=base)

        self._runner.run(write, self._on_runner_finished)

    def drop(self, copier: _DocumentCopier) -> None:
        """Remove the document's recovery copy (saved, discarded or back to its saved text)."""
        key, copier.kept_id = copier.kept_id, None
        if key is not None:
            store = self.store
            self._runner.run(lambda: store.discard(key), self._on_runner_finished)

    @Slot(object)
    def _on_runner_finished(self, result: Any) -> None:
        if isinstance(result, BaseException) and not self._reported:
            # Said once: repeating it every ten seconds would bury the status bar.
            self._reported = True
            self.problem_found.emit(f"Unsaved text cannot be kept for recovery: {result}")
        elif result is None:
            self._reported = False

    # --- after a crash -----------------------------------------------------------------------

    def offer(self) -> list[DocumentController]:
        """Offer what crashed runs left unsaved; restore the chosen ones as modified documents.

        Every copy is offered, several of one post when several windows edited it; each
        choice settles that copy alone.
        """
        entries: list[RecoveryEntry] = []
        for entry in self.store.entries():
            if entry.same_as_original():
                self._settle(self.store.discard_entry, entry)  # the file already holds it
            else:
                entries.append(entry)
        if not entries:
            return []
        dialog = RecoveryDialog(entries, self._dialog_parent)
        accepted = dialog.exec()
        chosen = dialog.chosen()
        dialog.deleteLater()
        if not accepted:
            return []
        restored: list[DocumentController] = []
        for entry in entries:
            if entry in chosen:
                document = self._settle(self._restore, entry)
                if document is not None:
                    restored.append(document)
            else:
                self._settle(self.store.discard_entry, entry)
        return restored

    def _settle(
        self, act: Callable[[RecoveryEntry], _Outcome], entry: RecoveryEntry
    ) -> _Outcome | None:
        """Restore or discard one copy; a copy that fails is reported and the others go on."""
        try:
            return act(entry)
        except PostdeskError as exc:
            self.problem_found.emit(str(exc))
            return None

    def _restore(self, entry: RecoveryEntry) -> DocumentController:
        path = entry.original_path
        open_document = self.workspace.core.find(path) if path is not None else None
        document = self.workspace.controller(open_document) if open_document else None
        if document is not None and document.is_modified:
            # The post's tab already holds unsaved text, e.g. another window's copy of it
            # restored just before: this copy gets a tab of its own, neither is overwritten.
            return self._restore_beside(entry)
        text = self.store.restore(entry)
        note = ""
        if document is None and path is not None and path.is_file():
            try:
                opened = read_document(path)
            except PostdeskError:
                opened = None  # no longer a text file: the recovered text opens on its own
            if opened is not None and opened.read_only:
                note = "Recovered text. The file on disk is not UTF-8: saving writes UTF-8."
            elif opened is not None:
                document = self.workspace.create(path, opened)
        if document is None:
            document = self.workspace.new_document("", path, note=note)
        self._show_restored(document, entry.document_id, text)
        changed = entry.original_changed_at()
        if changed is not None and entry.base is not None:
            when = changed.astimezone().strftime("%b %d, %H:%M")
            document.mark_recovered_from(
                entry.base,
                f"Recovered text, made before the file was changed on disk ({when}). Saving "
                "asks whether to keep yours, load the file's version or save yours as a copy.",
            )
        return document

    def _restore_beside(self, entry: RecoveryEntry) -> DocumentController:
        """Restore ``entry`` as an untitled document next to its post's tab."""
        key = untitled_id()
        text = self.store.restore(entry, as_document=key)
        changed = entry.saved.astimezone().strftime("%H:%M")
        note = (
            f"Recovered from another window: unsaved text of {document_label(entry)}, last "
            f"changed at {changed}. Save it under a name of its own, or copy what you need."
        )
        document = self.workspace.new_document("", None, note=note)
        self._show_restored(document, key, text)
        return document

    def _show_restored(self, document: DocumentController, key: str, text: str) -> None:
        """Show recovered ``text`` in ``document``'s tab, kept for recovery under ``key``."""
        if not self.workspace.is_open(document):
            self.workspace.add(document)
        document.recovery_id = key
        # One undo step: undoing it shows the file as it is on disk.
        document.replace_text(text, from_disk=False)
        copier = document.findChild(_DocumentCopier)
        if copier is not None:
            copier.kept_id = key


class _DocumentCopier(QObject):
    """One document's recovery timer and the id its copy is kept under (a child of it)."""

    def __init__(self, keeper: RecoveryKeeper, document: DocumentController) -> None:
        super().__init__(document)
        self.keeper = keeper
        self.document = document
        self.kept_id: str | None = None
        self._since_copy = QElapsedTimer()  # invalid until the first copy is taken
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timer_timeout)
        document.editor.document().contentsChanged.connect(self._on_text_contents_changed)
        document.modified_changed.connect(self._on_document_modified_changed)

    def schedule(self) -> None:
        """A change: make sure a copy follows, within the delay of the first unsaved change
        and no sooner than the typing interval after the previous copy."""
        delay = self.keeper.delay_ms()
        if self._since_copy.isValid():
            delay = max(delay, TYPING_INTERVAL_MS - self._since_copy.elapsed())
        # Taking the text of a very large document out of the editor takes a tenth of a
        # second: its copy waits for a pause in typing instead of interrupting it.
        if self.document.preview_paused or not self.timer.isActive():
            self.timer.start(delay)

    @Slot()
    def _on_text_contents_changed(self) -> None:
        if self.document.is_modified:
            self.schedule()

    @Slot(bool)
    def _on_document_modified_changed(self, modified: bool) -> None:
        if modified:
            self.schedule()
        else:
            # Saved, reloaded or undone back to the file's text: nothing left to recover, and
            # the next change is a first unsaved change again.
            self.timer.stop()
            self._since_copy.invalidate()
            self.keeper.drop(self)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._since_copy.start()
        self.keeper.keep(self)
