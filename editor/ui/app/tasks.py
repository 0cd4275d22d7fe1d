"""Run work on a thread pool and hand each result back on the UI thread.

`TaskRunner.run` is the window's one way to put work on another thread: the preview's
renders, the library's scan and covers, recovery copies and exports all go through it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

_RUNNER_NAME = "postdesk-task-runner"


class TaskRunner(QObject):
    """The background-task helper of one thread pool (a child of the pool, living as long).

    `run(work, on_finished)` calls `work()` on a pool thread; `on_finished(result)` (or the
    exception `work` raised) follows on the UI thread through a queued signal of this
    long-lived object. A callback whose Qt object was destroyed meanwhile (a closed tab) is
    skipped.
    """

    _finished = Signal(int, object)

    def __init__(self, pool: QThreadPool) -> None:
        super().__init__(pool)
        self.setObjectName(_RUNNER_NAME)
        self.pool = pool
        self._callbacks: dict[int, Callable[[Any], None]] = {}
        self._last_id = 0
        self._finished.connect(self._on_task_finished)

    @classmethod
    def of(cls, pool: QThreadPool) -> TaskRunner:
        """The runner of `pool` (made on first use)."""
        runner = pool.findChild(QObject, _RUNNER_NAME)
        return runner if isinstance(runner, TaskRunner) else cls(pool)

    def run(self, work: Callable[[], Any], on_finished: Callable[[Any], None]) -> None:
        """Start `work` on the pool; `on_finished` gets its result on the UI thread."""
        self._last_id += 1
        task_id = self._last_id
        self._callbacks[task_id] = on_finished
        finished = self._finished

        def task() -> None:
            try:
                result: Any = work()
            except Exception as exc:  # handed to the receiver, which decides how to show it
                result = exc
            finished.emit(task_id, result)

        self.pool.start(task)

    def wait(self) -> None:
        """Block until every started task has finished (at shutdown)."""
        self.pool.waitForDone()

    @Slot(int, object)
    def _on_task_finished(self, task_id: int, result: Any) -> None:
        callback = self._callbacks.pop(task_id)
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, QObject) and not shiboken6.isValid(owner):
            return
        callback(result)
