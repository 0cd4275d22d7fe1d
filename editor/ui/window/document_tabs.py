"""The document tabs: one page per open document, that post's own details above its text.

Each page binds its details pane to its own document once, so switching tabs switches the
details and the text together and nothing typed in one tab's fields reaches another's.
Tabs are titled by the post title, the window title names the post and the library, and a
menu in the tab bar's corner lists every tab.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal, SignalInstance, Slot
from PySide6.QtGui import QAction, QResizeEvent, QShowEvent, QTextCursor
from PySide6.QtWidgets import (
    QMenu,
    QSplitter,
    QTabBar,
    QTabWidget,
    QToolButton,
    QWidget,
)

from editor.core.library.library import Library
from editor.ui.document.document import DocumentController
from editor.ui.metadata.metadata_pane import MetadataPane
from editor.ui.window.workspace import WindowWorkspace

# A tab's title is elided in the middle beyond this many average characters (and further
# when the tabs are squeezed): the start and the end of a long title tell posts apart better
# than a clipped start does.
TAB_TITLE_CHARS = 40
MODIFIED_MARK = " •"
# Tabs shrink to fit the bar down to this many more characters than Qt's own minimum (a
# few letters); more tabs than that scroll, and the corner menu lists them all.
_TAB_MIN_EXTRA_CHARS = 16


def window_title(document: DocumentController | None, library_root: Path | None) -> str:
    """The window's title: the post title (and its modified mark), the library, Postdesk."""
    parts = []
    if document is not None:
        mark = MODIFIED_MARK if document.is_modified else ""
        parts.append(document.document.post_title + mark)
    if library_root is not None:
        parts.append(library_root.name)
    return " — ".join([*parts, "Postdesk"])


def _title_signals(document: DocumentController) -> tuple[SignalInstance, ...]:
    """What changes a tab's title: the post title, the modified mark, the file."""
    return (
        document.modified_changed,
        document.metadata_changed,
        document.saved,
        document.moved,
    )


class DocumentPage(QSplitter):
    """One tab's page: the post's details above its text, split where the writer drags.

    The details fold themselves (to one line, giving the text the room, in every tab alike);
    the text folds its front matter while the details show it, and shows it when they fold.
    """

    def __init__(self, document: DocumentController, details: MetadataPane) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self.setObjectName("document-page")
        self.document = document
        self.details = details
        self.addWidget(details)
        self.addWidget(document.editor)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self.setFocusProxy(document.editor)
        details.folded_changed.connect(self._on_details_folded_changed)
        self._on_details_folded_changed(details.is_folded)
        # A restored tab's view is scrolled once its editor has a height to scroll in (a page
        # never shown has none yet).
        self.pending_top_line: int | None = None

    @Slot(bool)
    def _on_details_folded_changed(self, folded: bool) -> None:
        self.document.editor.fold_front_matter(not folded)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Qt override: a restored view is scrolled once the page has a height of its own."""
        super().resizeEvent(event)
        self.scroll_when_shown()

    def showEvent(self, event: QShowEvent) -> None:
        """Qt override: a page sized while hidden behind another tab scrolls when shown."""
        super().showEvent(event)
        self.scroll_when_shown()

    def place(self) -> tuple[int, int, int]:
        """Where the writer is: the cursor's line (1-based) and column, and the top line."""
        editor = self.document.editor
        cursor = editor.textCursor()
        top = self.pending_top_line or editor.top_line()
        return cursor.blockNumber() + 1, cursor.positionInBlock(), top

    def go_to(self, line: int, column: int, top_line: int) -> None:
        """Put the cursor at ``line``:``column`` and show ``top_line`` at the top (each kept
        within the text), as the writer left them."""
        editor = self.document.editor
        text = editor.document()
        block = text.findBlockByNumber(min(line, text.blockCount()) - 1)
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + min(column, block.length() - 1))
        editor.setTextCursor(cursor)
        self.pending_top_line = top_line
        self.scroll_when_shown()

    def scroll_when_shown(self) -> None:
        """Show the pending top line, once the page has been laid out."""
        if self.pending_top_line is not None and self.isVisible() and self.height() > 0:
            self.document.editor.scroll_to_line(self.pending_top_line)
            self.pending_top_line = None


class _TabBar(QTabBar):
    """A tab bar whose tabs, squeezed, still show the start and end of their titles."""

    def minimumTabSizeHint(self, index: int) -> QSize:
        """Qt override: a few letters and an ellipsis are too few to tell posts apart."""
        least = super().minimumTabSizeHint(index)
        roomy = least.width() + self.fontMetrics().averageCharWidth() * _TAB_MIN_EXTRA_CHARS
        return QSize(min(self.tabSizeHint(index).width(), roomy), least.height())


class DocumentTabs(QTabWidget):
    """The workspace's open documents, one tab each, with a menu of all of them in the tab
    bar's corner; the tab in front is the workspace's current document."""

    document_added = Signal(object)  # DocumentController, just given a tab
    document_removed = Signal()  # a tab closed
    titles_changed = Signal()  # a tab's title or modified mark changed
    problem_found = Signal(str)  # from a page's details: a one-line message for the writer
    cover_image_chosen = Signal(Path)  # the preview must load this file afresh

    def __init__(self, workspace: WindowWorkspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.setTabBar(_TabBar(self))
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.setMovable(True)
        self._library: Library | None = None
        self._shown: DocumentPage | None = None
        self.setElideMode(Qt.TextElideMode.ElideMiddle)
        self.setUsesScrollButtons(True)
        self.tab_menu = QMenu(self)
        self.tab_menu.setToolTipsVisible(True)
        self.tab_menu.aboutToShow.connect(self._on_tab_menu_about_to_show)
        self.tab_menu.triggered.connect(self._on_tab_menu_triggered)
        menu_button = QToolButton(self)
        menu_button.setObjectName("tab-menu-button")
        menu_button.setArrowType(Qt.ArrowType.DownArrow)
        menu_button.setAutoRaise(True)
        menu_button.setToolTip("All open documents")
        menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu_button.setMenu(self.tab_menu)
        self.setCornerWidget(menu_button, Qt.Corner.TopRightCorner)
        self.currentChanged.connect(self._on_current_changed)
        self.tabCloseRequested.connect(self._on_tab_close_requested)
        workspace.document_added.connect(self._on_workspace_document_added)
        workspace.document_closed.connect(self._on_workspace_document_closed)
        workspace.current_changed.connect(self._on_workspace_current_changed)

    # --- the documents -----------------------------------------------------------------------

    def documents(self) -> list[DocumentController]:
        """The open documents, in tab order."""
        return [self.page(index).document for index in range(self.count())]

    def page(self, index: int) -> DocumentPage:
        """The page of the tab at ``index``."""
        page = self.widget(index)
        assert isinstance(page, DocumentPage)
        return page

    def page_of(self, document: DocumentController) -> DocumentPage:
        """The page showing ``document``."""
        page = document.editor.parentWidget()
        assert isinstance(page, DocumentPage)
        return page

    def current_page(self) -> DocumentPage | None:
        """The page in front (None when no document is open)."""
        return self.page(self.currentIndex()) if self.count() else None

    def current_document(self) -> DocumentController | None:
        """The document in front."""
        page = self.current_page()
        return page.document if page is not None else None

    def current_details(self) -> MetadataPane | None:
        """The details pane of the document in front."""
        page = self.current_page()
        return page.details if page is not None else None

    def set_current_document(self, document: DocumentController) -> None:
        """Bring ``document``'s tab to the front."""
        self.setCurrentWidget(self.page_of(document))

    def step(self, step: int) -> None:
        """Go ``step`` tabs on (back when negative), round the ends, into the text."""
        if self.count() > 1:
            self.setCurrentIndex((self.currentIndex() + step) % self.count())
            self.focus_text()

    def focus_text(self) -> None:
        """Put the keyboard in the text of the document in front."""
        document = self.current_document()
        if document is not None:
            document.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(object)
    def _on_workspace_document_added(self, document: DocumentController) -> None:
        # A tab whose page holds its details (bound to it for good) above its text.
        # The window state keeps the details folded or open alike for every post.
        context = self._workspace.context
        details = MetadataPane(pending_covers=context.pending_covers, state=context.state)
        details.set_library(self._library)
        details.form.set_open_paths(self._workspace.core.open_paths)
        details.bind(document.editor, lambda: document.path, document.move_to)
        details.problem_found.connect(self.problem_found)
        details.cover_image_chosen.connect(self.cover_image_chosen)
        page = DocumentPage(document, details)
        for signal in _title_signals(document):
            signal.connect(self._on_document_changed)
        document.saved.connect(self._on_document_moved)
        document.moved.connect(self._on_document_moved)
        index = self.addTab(page, "")
        self._show_title(index)
        self.document_added.emit(document)

    @Slot(object)
    def _on_workspace_document_closed(self, document: DocumentController) -> None:
        # Its tab and page go; the keyboard goes to the text of the tab now in front.
        page = self.page_of(document)
        # A render still on its way must not retitle a tab that is gone.
        for signal in _title_signals(document):
            signal.disconnect(self._on_document_changed)
        document.saved.disconnect(self._on_document_moved)
        document.moved.disconnect(self._on_document_moved)
        if page is self._shown:
            self._shown = None
        self.removeTab(self.indexOf(page))
        page.deleteLater()
        self.document_removed.emit()
        self.focus_text()

    def set_library(self, library: Library | None) -> None:
        """The open library, for every page's details (tag completion, unique slugs)."""
        self._library = library
        for index in range(self.count()):
            self.page(index).details.set_library(library)

    # --- titles ------------------------------------------------------------------------------

    def _show_title(self, index: int) -> None:
        document = self.page(index).document
        title = document.document.post_title
        metrics = self.tabBar().fontMetrics()
        width = metrics.averageCharWidth() * TAB_TITLE_CHARS
        shown = metrics.elidedText(title, Qt.TextElideMode.ElideMiddle, width)
        self.setTabText(index, shown + (MODIFIED_MARK if document.is_modified else ""))
        self.setTabToolTip(index, f"{title}\n{document.path or 'Not saved yet'}")

    @Slot()
    def _on_document_changed(self) -> None:
        document = self.sender()
        if isinstance(document, DocumentController):
            self._show_title(self.indexOf(self.page_of(document)))
            self.titles_changed.emit()

    @Slot(Path)
    def _on_document_moved(self, _path: Path) -> None:
        # The cover resolves beside the file saved (a first save or Save As moved it).
        document = self.sender()
        if isinstance(document, DocumentController):
            self.page_of(document).details.refresh()

    @Slot()
    def _on_tab_menu_about_to_show(self) -> None:
        self.tab_menu.clear()
        for index, document in enumerate(self.documents()):
            mark = MODIFIED_MARK if document.is_modified else ""
            title = document.document.post_title.replace("&", "&&")  # "&x" is a shortcut key
            action = self.tab_menu.addAction(title + mark)
            action.setToolTip(str(document.path or "Not saved yet"))
            # The tab in front in bold: a check box beside each would read as a choice of many.
            font = action.font()
            font.setBold(index == self.currentIndex())
            action.setFont(font)
            action.setData(index)

    @Slot(QAction)
    def _on_tab_menu_triggered(self, action: QAction) -> None:
        self.setCurrentIndex(int(action.data()))
        self.focus_text()

    # --- following the workspace -------------------------------------------------------------

    @Slot(object)
    def _on_workspace_current_changed(self, document: DocumentController | None) -> None:
        if document is not None:
            self.set_current_document(document)
            self.focus_text()

    @Slot(int)
    def _on_tab_close_requested(self, index: int) -> None:
        self._workspace.close(self.page(index).document)  # it asks about unsaved changes

    @Slot(int)
    def _on_current_changed(self, _index: int) -> None:
        page = self.current_page()
        self._workspace.set_current(page.document if page is not None else None)
        if self._shown is not None and self._shown is not page:
            # A tag half typed in one post's details is dropped, not kept for later.
            self._shown.details.form.forget_typing()
        self._shown = page
        if page is not None:
            page.scroll_when_shown()
