"""Start the desktop window: `postdesk [PATH] [--config-dir DIR]` or `python -m editor`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from editor.ui.window.main_window import MainWindow


def run(argv: list[str]) -> int:
    """Open the window on PATH (a library folder or a document) and run until it closes."""
    parser = argparse.ArgumentParser(prog="postdesk", usage="postdesk [PATH] [--config-dir DIR]")
    parser.add_argument("path", nargs="?", type=Path, metavar="PATH")
    parser.add_argument("--config-dir", type=Path, metavar="DIR", help="keep settings in DIR")
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add Postdesk to this user's application menu (Linux) and exit",
    )
    args = parser.parse_args(argv)
    if args.install_desktop_entry:
        from editor.core.desktop_entry import run_install

        return run_install()
    if args.path is not None and not args.path.exists():
        print(f"{args.path}: error: no such file or folder", file=sys.stderr)
        return 2
    _allow_webengine_as_root()
    skip_unused_chromium_processes()

    # Qt is imported only now, after the environment QtWebEngine reads at load time is set.
    from PySide6.QtCore import QCoreApplication, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from editor.core.document.recovery import default_recovery_folder
    from editor.ui.app.context import AppContext
    from editor.ui.app.settings import default_config_dir
    from editor.ui.window.main_window import MainWindow

    # QtWebEngine wants this before the QApplication exists.
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0], *argv])
    app.setApplicationName("Postdesk")
    app.setOrganizationName("Postdesk")
    app.setDesktopFileName("postdesk")
    # --config-dir isolates a run: its recovery folder lives there too.
    context = AppContext.create(
        args.config_dir or default_config_dir(),
        recovery_folder=None if args.config_dir else default_recovery_folder(),
    )
    context.theme.apply()
    window = MainWindow(context)
    # First thing in the event loop: the post, so the window's first paint shows it, and the
    # library scan, so the preview's web view (built next) is built while the library loads.
    QTimer.singleShot(0, lambda: _open_start(window, args.path))
    window.show()
    window.activateWindow()
    status = app.exec()
    context.shut_down()
    return status


def _open_start(window: MainWindow, path: Path | None) -> None:
    """Open what the command line named, else the last library (else ask for one) with the
    tabs left open in it, then offer what a crashed run left unsaved."""
    from editor.ui.app.context import sample_library
    from editor.ui.window.dialogs import ask_for_library

    path = path.resolve() if path is not None else None
    last_library = window.context.state.last_library
    if path is not None and path.is_dir():
        window.open_library(path)
    elif path is not None:
        window.open_library(_library_of(path, last_library))
        window.workspace.open_file(path)
    elif last_library and Path(last_library).is_dir():
        window.open_library(Path(last_library))
    else:
        chosen = ask_for_library(window, sample_library())
        if chosen is not None:
            window.open_library(chosen)
    if path is None or path.is_dir():
        # The saved files first: a copy of unsaved text offered next goes into its post's tab.
        window.restore_session()
    # What a crashed run left unsaved comes back as modified tabs (the files stay untouched).
    window.recovery.offer()


def _allow_webengine_as_root() -> None:
    # Chromium refuses to start its sandbox as root (CI, containers).
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
        print("postdesk: running as root, so the preview runs without its sandbox", file=sys.stderr)


# QtWebEngine always runs Chromium's GPU work inside the application process (it passes
# --in-process-gpu), so the zygote Chromium keeps for starting unsandboxed GPU and utility
# processes idles all session long, about 60 MB resident. Without that zygote, Chromium starts
# such a process directly when one is needed. The sandboxed zygote, which starts the preview's
# renderer, stays.
_UNUSED_ZYGOTE = "--no-unsandboxed-zygote"


def skip_unused_chromium_processes() -> None:
    """Add Chromium's switch for the unused zygote to QTWEBENGINE_CHROMIUM_FLAGS (Linux only;
    flags already there are kept)."""
    if not sys.platform.startswith("linux"):
        return
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if _UNUSED_ZYGOTE not in flags.split():
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} {_UNUSED_ZYGOTE}".strip()


def _library_of(document: Path, last_library: str) -> Path:
    """The library a document belongs to: the last one when it holds it, else its folder."""
    if last_library and Path(last_library).resolve() in document.parents:
        return Path(last_library).resolve()
    folder = document.parent
    # A bundle's index.md lives in <library>/<slug>/.
    return folder.parent if document.stem == "index" else folder
