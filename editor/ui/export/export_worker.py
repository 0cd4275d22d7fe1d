"""Export planning and writing on the background-task helper, with progress for the UI thread."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from editor.core.export import ExportPlan, plan_export, write_export
from editor.core.library.library import Library
from editor.ui.app.tasks import TaskRunner
from editor.ui.export.export_choices import ExportChoice

PLAN = "plan"
WRITE = "write"


class ExportWorker(QObject):
    """Runs one export job at a time off the UI thread: a plan, or the writing of one.

    Results and progress arrive on the UI thread through queued signals. A newer plan (or
    `forget()`) makes the result and progress of an older one stale: they are dropped.
    """

    progressed = Signal(int, int)  # done, total: of the job running now
    plan_finished = Signal(object)  # ExportPlan, or the exception that stopped the plan
    write_finished = Signal(object)  # ExportResult, or the exception that stopped the export

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._token = 0
        self.job = ""  # PLAN or WRITE while one runs
        self._relay = _ProgressRelay(self)
        self._relay.progressed.connect(
            self._on_relay_progressed, Qt.ConnectionType.QueuedConnection
        )

    def plan(
        self, library_root: Path, target: Path, choice: ExportChoice, only: Path | None
    ) -> None:
        """Scan `library_root` and plan exporting it (or the post `only`) into `target`."""
        posts: Collection[Path] | None = None if only is None else [only]

        def work(progress: Callable[[int, int, str], None]) -> ExportPlan:
            return plan_export(
                Library.scan(library_root),
                target,
                profile=choice.profile,
                drafts=choice.drafts,
                prune=choice.prune,
                force=choice.force,
                only=posts,
                progress=progress,
            )

        self._start(PLAN, work)

    def write(self, plan: ExportPlan) -> None:
        """Carry out `plan`, posts with errors left out (refused by the core when an error
        stops the whole export)."""
        self._start(WRITE, lambda progress: write_export(plan, progress))

    def forget(self) -> None:
        """Drop the result of the plan being made, if any (what it was made for changed).

        An export being written is never forgotten: its result is always reported.
        """
        if self.job == PLAN:
            self._token += 1
            self.job = ""

    def _start(self, job: str, work: Callable[[Callable[[int, int, str], None]], Any]) -> None:
        self._token += 1
        token = self._token
        self.job = job
        progress = _Progress(self._relay.progressed, token)

        def task() -> tuple[int, str, Any]:
            try:
                return token, job, work(progress)
            except Exception as exc:  # reported on the UI thread, never lost in the pool
                return token, job, exc

        self._tasks.run(task, self._on_task_finished)

    @Slot(object)
    def _on_task_finished(self, outcome: tuple[int, str, Any]) -> None:
        token, job, result = outcome
        if token != self._token:
            return
        self.job = ""
        (self.plan_finished if job == PLAN else self.write_finished).emit(result)

    @Slot(int, int, int)
    def _on_relay_progressed(self, token: int, done: int, total: int) -> None:
        if token == self._token and self.job:
            self.progressed.emit(done, total)


class _ProgressRelay(QObject):
    """Emitted in the worker thread, delivered queued: no widget is touched off the UI thread."""

    progressed = Signal(int, int, int)  # token, done, total


class _Progress:
    """The core's progress callback: emits the relay's signal when the bar would move."""

    def __init__(self, signal: Any, token: int) -> None:
        self._signal = signal
        self._token = token
        self._shown = -1
        self._gone = False

    def __call__(self, done: int, total: int, _what: str) -> None:
        # A thousand posts would be a thousand events; a step per percent is all a bar shows.
        step = done * 100 // max(total, 1)
        if self._gone or (step == self._shown and done != total):
            return
        self._shown = step
        try:
            self._signal.emit(self._token, done, total)
        except RuntimeError:
            # The window is gone (the relay with it): the export itself must go on.
            self._gone = True
