"""The one debounce of the window: a burst of calls becomes one, once the burst has settled."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot


class Debounce(QObject):
    """Calls ``action`` once, ``delay_ms`` after the last ``request()`` of a burst.

    Typing in the library search, file events of an atomic save, a render while typing: each
    asks again and again, and only the settled state is worth the work. ``flush()`` does the
    pending work now; ``cancel()`` drops it.
    """

    def __init__(self, delay_ms: int, action: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self._action = action
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def is_pending(self) -> bool:
        """A request waits for the burst to settle."""
        return self._timer.isActive()

    def request(self) -> None:
        """Ask for the action; a request within the delay postpones it again."""
        self._timer.start()

    def flush(self) -> None:
        """Do the action now when one is pending."""
        if self._timer.isActive():
            self._timer.stop()
            self._action()

    def cancel(self) -> None:
        """Drop the pending request."""
        self._timer.stop()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._action()
