"""The debounce: a burst of requests does the work once, after the burst."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject

from editor.ui.app.debounce import Debounce

pytestmark = pytest.mark.gui


def test_a_burst_of_requests_runs_once(qtbot) -> None:
    owner = QObject()
    calls: list[int] = []
    debounce = Debounce(30, lambda: calls.append(1), owner)
    for _ in range(5):
        debounce.request()
    assert debounce.is_pending and calls == []
    qtbot.waitUntil(lambda: calls == [1])
    assert not debounce.is_pending


def test_flush_runs_now_and_cancel_drops(qtbot) -> None:
    owner = QObject()
    calls: list[str] = []
    debounce = Debounce(10_000, lambda: calls.append("ran"), owner)
    debounce.flush()
    assert calls == []  # nothing pending, nothing done
    debounce.request()
    debounce.flush()
    assert calls == ["ran"]
    debounce.request()
    debounce.cancel()
    assert not debounce.is_pending and calls == ["ran"]
