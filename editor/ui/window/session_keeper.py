"""Keeps the window's session file current while the writer works, and opens it at start.

The file is written at once when a tab opens, closes, moves or comes to the front, after a
pause when a cursor or a view moves, and at quit; so after a crash the tabs come back as
they were a moment before it. The data and the file itself are ``editor.core.workspace.session``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from editor.core.errors import PostdeskError
from editor.core.workspace.session import Session, TabPlace, read_session, write_session
from editor.ui.app.debounce import Debounce
from editor.ui.document.document import DocumentController
from editor.ui.window.document_tabs import DocumentTabs

# A cursor or a view that has stopped moving for this long is written down.
PAUSE_MS = 1000


class SessionKeeper(QObject):
    """Writes the open tabs of ``tabs`` to ``file``; ``library`` says which library is open."""

    problem_found = Signal(str)

    def __init__(
        self,
        tabs: DocumentTabs,
        file: Path,
        library: Callable[[], Path | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.file = file
        self._tabs = tabs
        self._library = library
        self._holding = False  # restoring or shut down: the tabs change, the file does not
        self._reported = False
        self._pause = Debounce(PAUSE_MS, self.write_now, self)
        tabs.document_added.connect(self._on_tabs_document_added)
        tabs.currentChanged.connect(self._on_tabs_changed)
        tabs.tabBar().tabMoved.connect(self._on_tabs_changed)
        tabs.document_removed.connect(self._on_tabs_changed)

    def session(self) -> Session:
        """The open tabs as they are now (documents never saved are recovery's business)."""
        places = []
        for index in range(self._tabs.count()):
            page = self._tabs.page(index)
            if page.document.path is not None:
                line, column, top_line = page.place()
                places.append(TabPlace(page.document.path, line, column, top_line))
        current = self._tabs.current_document()
        return Session(
            library=self._library(),
            tabs=tuple(places),
            current=current.path if current is not None else None,
        )

    def write_now(self) -> None:
        """Write the session now (a failure is said once in the status bar, then retried)."""
        self._pause.cancel()
        if self._holding:
            return
        try:
            write_session(self.file, self.session())
        except PostdeskError as exc:
            if not self._reported:
                self._reported = True
                self.problem_found.emit(f"The open tabs cannot be kept for next time: {exc}")
            return
        self._reported = False

    def restore(
        self, library: Path, open_file: Callable[[Path], DocumentController | None]
    ) -> None:
        """Open the tabs the last session left in ``library``, each where the writer left
        it, with the same tab in front; files gone since are named in the status bar."""
        session = read_session(self.file)
        if session is None or session.library != library:
            return
        session = session.without_missing()
        self._holding = True
        try:
            for tab in session.tabs:
                document = open_file(tab.path)
                if document is not None:
                    self._tabs.page_of(document).go_to(tab.line, tab.column, tab.top_line)
            current = next((d for d in self._tabs.documents() if d.path == session.current), None)
            if current is not None:
                self._tabs.set_current_document(current)
        finally:
            self._holding = False
        self.write_now()
        if session.missing:
            names = ", ".join(_name(path) for path in session.missing)
            self.problem_found.emit(f"Not reopened, no longer on disk: {names}")

    def shut_down(self) -> None:
        """The window closes: write the session as it is, and nothing after it."""
        self.write_now()
        self._holding = True

    @Slot(object)
    def _on_tabs_document_added(self, document: DocumentController) -> None:
        document.editor.cursorPositionChanged.connect(self._pause.request)
        document.editor.verticalScrollBar().valueChanged.connect(self._pause.request)
        # A first save gives a new post a file (from then on it is part of the session);
        # Save As or a renamed bundle moves it.
        document.saved.connect(self._on_tabs_changed)
        document.moved.connect(self._on_tabs_changed)

    @Slot()
    def _on_tabs_changed(self) -> None:
        self.write_now()


def _name(path: Path) -> str:
    # A bundle is known by its folder: every post in one is an index.md.
    return path.parent.name if path.stem == "index" else path.name
