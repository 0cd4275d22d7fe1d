"""Change notifications without Qt: plain callbacks a view connects to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec

_P = ParamSpec("_P")


class Notice(Generic[_P]):
    """Something that happened to the workspace or a document; each listener is called in the
    order it connected (the Qt layer re-emits it as a signal)."""

    def __init__(self) -> None:
        self._listeners: list[Callable[_P, object]] = []

    def connect(self, listener: Callable[_P, object]) -> None:
        """Call ``listener`` from now on."""
        self._listeners.append(listener)

    def disconnect(self, listener: Callable[_P, object]) -> None:
        """Stop calling ``listener``."""
        self._listeners.remove(listener)

    def emit(self, *args: _P.args, **kwargs: _P.kwargs) -> None:
        """Tell every listener."""
        for listener in list(self._listeners):
            listener(*args, **kwargs)
