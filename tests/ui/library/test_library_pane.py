"""The library pane: scanned off the UI thread, searched and filtered, kept current from disk."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QFont, QFontMetrics, QPixmap
from PySide6.QtWidgets import QLabel

from editor.core.library.library import Library
from editor.ui.library.library_model import PATH_ROLE
from editor.ui.library.library_pane import LibraryPane
from editor.ui.library.library_rows import row_title_lines

SAMPLES = Path(__file__).resolve().parents[3] / "sample_posts"


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    root = tmp_path / "samples"
    shutil.copytree(SAMPLES, root)
    return root


@pytest.fixture
def pane(qtbot, samples: Path) -> Iterator[LibraryPane]:
    pool = QThreadPool()
    library_pane = LibraryPane(pool)
    qtbot.addWidget(library_pane)
    library_pane.resize(320, 700)
    library_pane.show()
    with qtbot.waitSignal(library_pane.library_loaded, timeout=10000):
        library_pane.open_library(samples)
    qtbot.waitUntil(lambda: library_pane.watcher.is_ready)
    yield library_pane
    library_pane.shut_down()
    pool.waitForDone()


def names(pane: LibraryPane) -> list[str]:
    """The listed documents as <folder>/<file> below the library."""
    assert pane.library is not None
    return [path.relative_to(pane.library.root).as_posix() for path in pane.visible_paths()]


def test_every_document_is_listed_newest_first_with_its_cover(qtbot, pane):
    listed = names(pane)
    assert len(listed) == 9
    assert listed[0] == "drift-monitoring-without-dashboards/index.md"
    assert listed[-2:] == ["notes/ideas.md", "notes/reading-list.md"]
    first = pane.proxy.index(0, 0)
    qtbot.waitUntil(lambda: isinstance(first.data(Qt.ItemDataRole.DecorationRole), QPixmap))
    assert "9" in pane.status_box.itemText(0)


def test_filter_by_status(qtbot, pane):
    pane.status_box.setCurrentIndex(pane.status_box.findData("notes"))
    assert names(pane) == ["notes/ideas.md", "notes/reading-list.md"]
    pane.status_box.setCurrentIndex(pane.status_box.findData("drafts"))
    assert names(pane) == ["drift-monitoring-without-dashboards/index.md"]
    pane.status_box.setCurrentIndex(pane.status_box.findData("published"))
    assert len(names(pane)) == 6
    assert pane.shown_count.text() == "6 of 9 shown"


def test_filter_by_tag_lists_tags_with_counts(qtbot, pane):
    labels = [pane.tag_box.itemText(row) for row in range(pane.tag_box.count())]
    assert labels[:3] == ["All tags", "mlops (5)", "machine-learning (4)"]
    pane.tag_box.setCurrentIndex(pane.tag_box.findData("evaluation"))
    assert names(pane) == ["keeping-a-holdout-honest/index.md"]
    pane.set_status_filter("drafts")
    assert names(pane) == []
    pane.set_status_filter("all")
    pane.set_tag_filter(None)
    assert len(names(pane)) == 9


def test_search_as_you_type_looks_in_titles_tags_and_text(qtbot, pane):
    qtbot.keyClicks(pane.search_field, "Versioning")  # a title
    qtbot.waitUntil(lambda: names(pane) == ["versioning-data-next-to-code/index.md"])
    pane.search_field.clear()
    qtbot.keyClicks(pane.search_field, "feature-engineering")  # a tag
    qtbot.waitUntil(lambda: len(names(pane)) == 1)
    pane.search_field.clear()
    # A word only the body of a post holds.
    qtbot.keyClicks(pane.search_field, "adaptive data analysis")
    qtbot.waitUntil(lambda: names(pane) == ["keeping-a-holdout-honest/index.md"])
    pane.search_field.clear()
    qtbot.waitUntil(lambda: len(names(pane)) == 9)


def test_sort_by_title_and_by_last_modified(qtbot, pane, samples):
    pane.sort_box.setCurrentIndex(pane.sort_box.findData("title"))
    titles = [pane.library.entry(path).title.casefold() for path in pane.visible_paths()]
    assert titles == sorted(titles)
    old = samples / "reproducible-training-runs" / "index.md"
    later = time.time() + 60
    os.utime(old, (later, later))
    pane.refresh(old)
    pane.sort_box.setCurrentIndex(pane.sort_box.findData("modified"))
    assert names(pane)[0] == "reproducible-training-runs/index.md"


def test_a_post_created_on_disk_appears(qtbot, pane, samples):
    bundle = samples / "written-elsewhere"
    bundle.mkdir()
    (bundle / "index.md").write_text(
        '---\ntitle: Written elsewhere\ndate: "2027-01-01T10:00:00+00:00"\ntags: [fresh]\n---\n'
        "Hello\n",
        encoding="utf-8",
    )
    qtbot.waitUntil(lambda: "written-elsewhere/index.md" in names(pane), timeout=5000)
    assert names(pane)[0] == "written-elsewhere/index.md"
    assert pane.tag_box.findData("fresh") > 0


def test_a_post_changed_renamed_and_removed_on_disk_follows(qtbot, pane, samples):
    note = samples / "notes" / "ideas.md"
    note.write_text("# Better ideas\n", encoding="utf-8")
    qtbot.waitUntil(lambda: pane.library.entry(note).title == "Better ideas", timeout=5000)
    renamed = samples / "notes" / "more-ideas.md"
    note.rename(renamed)
    qtbot.waitUntil(
        lambda: "notes/more-ideas.md" in names(pane) and "notes/ideas.md" not in names(pane),
        timeout=5000,
    )
    shutil.rmtree(samples / "point-in-time-joins")
    qtbot.waitUntil(lambda: len(names(pane)) == 8, timeout=5000)
    assert not any(name.startswith("point-in-time-joins/") for name in names(pane))


def test_a_bundle_moved_in_appears(qtbot, pane, samples, tmp_path):
    outside = tmp_path / "outside" / "moved-in"
    outside.mkdir(parents=True)
    (outside / "index.md").write_text("---\ntitle: Moved in\n---\nText\n", encoding="utf-8")
    outside.rename(samples / "moved-in")
    qtbot.waitUntil(lambda: "moved-in/index.md" in names(pane), timeout=5000)


def test_activating_a_row_opens_its_document(qtbot, pane):
    opened: list[Path] = []
    pane.post_activated.connect(opened.append)
    index = pane.proxy.index(1, 0)
    pane.list.activated.emit(index)
    assert opened == [index.data(PATH_ROLE)]
    pane.select_path(opened[0])
    assert pane.list.currentIndex().row() == 1


def test_promote_to_post_moves_a_note_into_its_own_bundle(qtbot, window, samples):
    from editor.core.document.post import Post

    window.open_library(samples)
    qtbot.waitUntil(lambda: window.library_pane.library is not None, timeout=10000)
    note = samples / "notes" / "ideas.md"
    window.workspace.open_file(note)
    window.menu_actions["promote_note"].trigger()

    target = samples / "post-ideas" / "index.md"
    assert target.is_file() and not note.exists()
    document = window.current_document()
    assert document is not None and document.path == target
    post = Post.load(target)
    assert (post.title, post.draft) == ("Post ideas", True)
    assert post.author is not None and post.author.name == "Jonas Ekberg"
    qtbot.waitUntil(lambda: "post-ideas/index.md" in names(window.library_pane), timeout=5000)
    assert "notes/ideas.md" not in names(window.library_pane)


def test_a_new_post_gets_the_librarys_default_author(qtbot, window, samples, monkeypatch):
    from editor.core.document.post import Post
    from editor.ui.window import dialogs

    window.open_library(samples)
    qtbot.waitUntil(lambda: window.library_pane.library is not None, timeout=10000)
    monkeypatch.setattr(dialogs.NewPostDialog, "exec", lambda self: 1)
    monkeypatch.setattr(dialogs.NewPostDialog, "title", property(lambda self: "Fresh ideas"))
    window.menu_actions["new_post"].trigger()
    document = window.current_document()
    assert document is not None
    post = Post.from_text(document.editor.toPlainText())
    assert post.title == "Fresh ideas"
    assert post.author is not None and post.author.name == "Jonas Ekberg"


def test_a_reopened_library_reads_only_what_changed(qtbot, samples, tmp_path, monkeypatch):
    index_folder = tmp_path / "index"

    def open_pane() -> LibraryPane:
        pane = LibraryPane(QThreadPool.globalInstance(), index_folder=index_folder)
        qtbot.addWidget(pane)
        with qtbot.waitSignal(pane.library_loaded, timeout=10000):
            pane.open_library(samples)
        return pane

    first = open_pane()
    listed = names(first)
    first.shut_down()
    assert len(list(index_folder.glob("*.json"))) == 1

    (samples / "notes" / "ideas.md").write_text("# Ideas, rewritten\n", encoding="utf-8")
    read: list[Path] = []
    original = Library._read_entry

    def counting(self, path, *args, **kwargs):
        read.append(Path(path))
        return original(self, path, *args, **kwargs)

    monkeypatch.setattr(Library, "_read_entry", counting)
    second = open_pane()
    assert names(second) == listed
    assert read == [samples / "notes" / "ideas.md"]
    second.shut_down()
    QThreadPool.globalInstance().waitForDone()


def test_two_new_posts_with_one_title_get_two_folders(qtbot, window, samples, monkeypatch):
    from editor.core.document.post import Post
    from editor.ui.window import dialogs

    window.open_library(samples)
    qtbot.waitUntil(lambda: window.library_pane.library is not None, timeout=10000)

    def type_title_and_accept(dialog: dialogs.NewPostDialog) -> int:
        qtbot.keyClicks(dialog.title_field, "Same Title")
        return 1

    monkeypatch.setattr(dialogs.NewPostDialog, "exec", type_title_and_accept)
    window.menu_actions["new_post"].trigger()
    first = window.current_document()
    window.menu_actions["new_post"].trigger()
    second = window.current_document()
    assert first is not second
    assert first.path == samples / "same-title" / "index.md"
    assert second.path == samples / "same-title-2" / "index.md"
    second.editor.appendPlainText("The second post's words.")
    assert window.workspace.save(second)
    assert window.workspace.save(first)
    assert "second post's words" not in first.path.read_text(encoding="utf-8")
    assert "second post's words" in second.path.read_text(encoding="utf-8")
    assert Post.load(first.path).draft and Post.load(second.path).draft


def test_the_new_post_dialog_refuses_a_slug_an_open_tab_has(qtbot, samples):
    from editor.ui.window.dialogs import NewPostDialog

    taken = samples / "fresh" / "index.md"
    dialog = NewPostDialog(samples, [taken])
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.title_field, "Fresh")
    assert dialog.slug_field.text() == "fresh-2"
    dialog.slug_field.clear()
    qtbot.keyClicks(dialog.slug_field, "fresh")
    ok = dialog._buttons.button(dialog._buttons.StandardButton.Ok)
    assert not ok.isEnabled()


def refuse_to_read(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``folder`` unreadable to every scan, as chmod 000 does for a user other than root."""
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_the_scan_cannot_read_is_named_below_the_list(qtbot, pane, samples, monkeypatch):
    assert pane.unreadable_note.isHidden()
    refuse_to_read(samples / "point-in-time-joins", monkeypatch)
    refuse_to_read(samples / "notes", monkeypatch)
    with qtbot.waitSignal(pane.library_changed, timeout=10000):
        pane.refresh()
    assert len(names(pane)) == 6
    assert pane.unreadable_note.isVisible()
    assert "2 folders can't be read" in pane.unreadable_note.text()
    assert pane.unreadable_note.toolTip().splitlines() == [
        "notes: Permission denied",
        "point-in-time-joins: Permission denied",
    ]
    shown: list[str] = []
    monkeypatch.setattr(
        "editor.ui.library.library_pane.QMessageBox.warning", lambda *args: shown.append(args[2])
    )
    pane.unreadable_note.linkActivated.emit("details")
    assert "point-in-time-joins: Permission denied" in shown[0]
    monkeypatch.undo()
    with qtbot.waitSignal(pane.library_changed, timeout=10000):
        pane.refresh()
    assert pane.unreadable_note.isHidden() and len(names(pane)) == 9


def test_the_windows_export_will_not_prune_a_library_it_cannot_read_whole(
    qtbot, window, samples, tmp_path, monkeypatch
):
    from editor.ui.export.export_dialog import ExportDialog

    refuse_to_read(samples / "point-in-time-joins", monkeypatch)
    window.open_library(samples)
    qtbot.waitUntil(lambda: window.library_pane.unreadable_note.isVisible(), timeout=10000)
    window.menu_actions["export"].trigger()
    dialog = window.findChild(ExportDialog)

    def problems() -> list[str]:
        listed = dialog.problem_list
        return [listed.topLevelItem(row).text(0) for row in range(listed.topLevelItemCount())]

    dialog.target_field.setText(str(tmp_path / "blog"))
    dialog.prune_box.setChecked(True)
    qtbot.waitUntil(lambda: any("not pruning" in problem for problem in problems()), timeout=20000)
    assert any("point-in-time-joins" in problem for problem in problems())
    assert not dialog.export_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=20000)
    dialog.close()


def test_the_document_count_is_said_once(qtbot, pane):
    labels = [label.text() for label in pane.findChildren(QLabel) if label.isVisible()]
    assert sum("9 documents" in text for text in labels) == 1
    assert pane.shown_count.text() == "9 documents"


def test_a_long_title_shows_whole_on_two_lines(qtbot, pane, samples):
    pane.resize(240, 700)  # the library's width in a new window
    title = "Shipping a Model in Three Steps: Shadow, Canary, Flag"
    path = samples / "shipping-a-model-in-three-steps" / "index.md"
    assert pane.library is not None and pane.library.entry(path).title == title
    row = pane.visible_paths().index(path)
    index = pane.proxy.index(row, 0)
    qtbot.waitUntil(lambda: pane.list.visualRect(index).width() < 240)
    area = pane.list.visualRect(index)
    lines = row_title_lines(pane.library.entry(path), pane.list.font(), area.width())
    assert len(lines) == 2 and " ".join(lines) == title
    bold = QFont(pane.list.font())
    bold.setBold(True)
    assert area.height() > 2 * QFontMetrics(bold).height()  # the row holds both lines


def test_only_a_title_longer_than_two_lines_is_cut(qtbot, pane, samples):
    title = "A very long title " * 8
    post = samples / "long" / "index.md"
    post.parent.mkdir()
    post.write_text(f"---\ntitle: {title.strip()}\n---\n\nText\n", encoding="utf-8")
    with qtbot.waitSignal(pane.library_changed, timeout=10000):
        pane.refresh(post)
    assert pane.library is not None
    lines = row_title_lines(pane.library.entry(post), pane.list.font(), 240)
    assert len(lines) == 2 and lines[1].endswith("…")
