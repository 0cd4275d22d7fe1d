"""One file watcher for the window: the library and the open documents share it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject

from editor.ui.files.file_watch import FileWatch


def test_a_window_watches_files_with_one_watcher(qtbot, window, library):
    window.open_library(library)
    qtbot.waitUntil(lambda: window.library_pane.watcher.is_ready)
    document = window.workspace.open_file(library / "hello-world" / "index.md")
    assert document is not None
    assert len(window.findChildren(QFileSystemWatcher)) == 1
    # A post changed outside shows in the library and in its open document.
    post = library / "hello-world" / "index.md"
    post.write_text(post.read_text("utf-8").replace("Hello World", "Hello Again"), "utf-8")
    qtbot.waitUntil(lambda: "Hello Again" in document.editor.toPlainText())
    qtbot.waitUntil(
        lambda: any(entry.title == "Hello Again" for entry in window.library_pane.library.entries)
    )


def test_a_path_two_subscribers_share_stays_watched_until_both_let_go(qtbot, tmp_path: Path):
    owner = QObject()
    watch = FileWatch(owner)
    file = tmp_path / "post.md"
    file.write_text("one", encoding="utf-8")
    heard: dict[str, list[set[Path]]] = {"library": [], "documents": []}
    library = watch.subscribe(lambda _folders, files: heard["library"].append(files))
    documents = watch.subscribe(lambda _folders, files: heard["documents"].append(files))
    library.add([str(file)])
    documents.add([str(file), str(tmp_path)])

    library.clear()
    file.write_text("two", encoding="utf-8")

    qtbot.waitUntil(lambda: heard["documents"] == [{file}])
    assert heard["library"] == []
    documents.clear()
    assert not watch.findChild(QFileSystemWatcher).files()
    owner.deleteLater()
