"""Fixtures for the window tests: an isolated context, a small library, a main window that
must close without leaking, and a way to read the preview's DOM."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from editor.ui.app.context import AppContext
from editor.ui.preview.preview_pane import PreviewPane
from editor.ui.window import dialogs
from editor.ui.window.main_window import MainWindow

# Messages QtWebEngine prints on a headless machine with no GPU: they say it falls back to
# software rendering, which is what the offscreen tests want. Nothing else is ignored.
QTWEBENGINE_HEADLESS_NOISE = (
    r"^QRhiGles2: Failed to create (temporary )?context$",
    r"^Failed to create RHI for backend: OpenGL$",
    r"^This plugin does not support createPlatformVulkanInstance$",
    r"^QVulkanInstance: Failed to initialize Vulkan$",
    r"^GBM is not supported with the current configuration\. Fallback to software rendering\.$",
    r"^This plugin does not support propagateSizeHints\(\)$",
    r"^GPUInfo not initialized on GpuInfoUpdate$",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/ui needs a QApplication and tolerates only the known GPU notes."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)
            item.add_marker(pytest.mark.qt_log_ignore(*QTWEBENGINE_HEADLESS_NOISE))


LONG_POST = "\n".join(
    [
        "---",
        "title: A long post",
        'date: "2025-03-04T09:30:00+01:00"',
        "tags: [testing]",
        "---",
        "",
        "# First heading",
        "",
    ]
    + [
        f"Paragraph {number} says something worth reading about block {number}.\n"
        for number in range(1, 61)
    ]
)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A library with one bundle post (with an image) and one long post."""
    root = tmp_path / "library"
    bundle = root / "hello-world"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(
        '---\ntitle: Hello World\ndate: "2025-03-04T09:30:00+01:00"\n---\n\n'
        "Hello from the first post.\n\n![A square](square.png)\n",
        encoding="utf-8",
    )
    make_png(bundle / "square.png", "#3366cc")
    long_bundle = root / "a-long-post"
    long_bundle.mkdir()
    (long_bundle / "index.md").write_text(LONG_POST, encoding="utf-8")
    return root


def make_png(path: Path, color: str, size: int = 40) -> Path:
    """Write a small PNG of one colour."""
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path), "PNG")
    return path


@pytest.fixture
def context(qapp: QApplication, tmp_path: Path) -> Iterator[AppContext]:
    """An application context whose settings live in the test's own folder."""
    app_context = AppContext.create(tmp_path / "config")
    yield app_context
    app_context.shut_down()
    app_context.theme.deleteLater()
    app_context.preferences.deleteLater()
    app_context.state.deleteLater()


@pytest.fixture
def window(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    """A shown main window; afterwards it must close and leave no widget or object behind."""
    widgets_before = set(QApplication.topLevelWidgets())
    main_window = MainWindow(context)
    main_window.resize(1200, 800)
    main_window.show()
    qtbot.waitExposed(main_window)
    yield main_window
    # Unsaved test edits are thrown away rather than asked about.
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Discard
    )
    monkeypatch.setattr(
        dialogs, "ask_about_all_unsaved", lambda *args: dialogs.UnsavedAnswer.DISCARD
    )
    documents = main_window.documents()
    assert main_window.close()
    main_window.deleteLater()
    # (pytest itself holds the fixture value until teardown ends, so the check is on the
    # Qt side: the window, its documents and its preview are destroyed.)
    qtbot.waitUntil(lambda: not shiboken6.isValid(main_window))
    context.tasks.wait()
    assert not any(shiboken6.isValid(document) for document in documents)
    qtbot.waitUntil(lambda: not _new_top_level_widgets(widgets_before), timeout=3000)


def _new_top_level_widgets(before: set[QWidget]) -> list[str]:
    current = set(QApplication.topLevelWidgets()) - before
    return [widget.metaObject().className() for widget in current if shiboken6.isValid(widget)]


def run_js(qtbot: QtBot, preview: PreviewPane, script: str) -> Any:
    """Evaluate `script` in the preview (the preview script's world) and return its value."""
    box: list[Any] = []
    preview.run_script(script, box.append)
    qtbot.waitUntil(lambda: bool(box))
    return box[0]


def wait_for_preview(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the preview shows the newest render of the active document."""
    qtbot.waitUntil(lambda: window.preview.is_ready, timeout=15000)


def preview_text(qtbot: QtBot, window: MainWindow) -> str:
    """The preview body's text."""
    return str(run_js(qtbot, window.preview, "document.getElementById('post-body').innerText"))
