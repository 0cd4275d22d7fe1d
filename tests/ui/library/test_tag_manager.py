"""The tag manager on a copy of the sample library: only tags lines change, and undo works."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox, QWidget

from editor.core.document.post import Post
from editor.core.library.library import Library
from editor.ui.library.tag_manager import TagManagerDialog

SAMPLES = Path(__file__).resolve().parents[3] / "sample_posts"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    root = tmp_path / "samples"
    shutil.copytree(SAMPLES, root)
    return Library.scan(root)


def snapshot(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def without_tags(data: bytes) -> bytes:
    return re.sub(rb"(?m)^tags:.*\r?\n(?:[ \t]+- .*\r?\n)*", b"", data)


def make_dialog(qtbot, library: Library) -> TagManagerDialog:
    dialog = TagManagerDialog(library)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def select(dialog: TagManagerDialog, tag: str) -> None:
    row = dialog.tag_names().index(tag)
    dialog.table.selectRow(row)


def test_every_tag_is_listed_with_its_post_count(qtbot, library):
    dialog = make_dialog(qtbot, library)
    rows = {
        dialog.table.item(row, 0).text(): int(dialog.table.item(row, 1).text())
        for row in range(dialog.table.rowCount())
    }
    assert rows["mlops"] == 5
    assert rows["machine-learning"] == 4
    assert len(rows) == len(library.tag_counts())


def test_rename_changes_only_tags_lines_then_undo_restores_every_byte(qtbot, library, monkeypatch):
    before = snapshot(library.root)
    dialog = make_dialog(qtbot, library)
    changed: list[list[Path]] = []
    dialog.files_changed.connect(changed.append)
    select(dialog, "mlops")
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("MLOps", True))
    dialog.rename_button.click()

    after = snapshot(library.root)
    rewritten = [path for path in before if before[path] != after[path]]
    assert len(rewritten) == 5
    assert sorted(changed[0]) == sorted(rewritten)
    for path in rewritten:
        assert without_tags(before[path]) == without_tags(after[path])
        assert "MLOps" in Post.load(path).tags
    assert "Renamed 'mlops' to 'MLOps' in 5 files" in dialog.summary.text()
    assert dialog.changed_files.count() == 5
    assert "MLOps" in dialog.tag_names()

    dialog.undo_button.click()
    assert snapshot(library.root) == before
    assert "mlops" in dialog.tag_names()
    assert dialog.summary.text().startswith("Undone")
    assert not dialog.undo_button.isEnabled()


def test_merge_puts_one_tag_into_another(qtbot, library, monkeypatch):
    before = snapshot(library.root)
    dialog = make_dialog(qtbot, library)
    select(dialog, "debugging")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args, **kwargs: ("machine-learning", True))
    dialog.merge_button.click()
    after = snapshot(library.root)
    rewritten = [path for path in before if before[path] != after[path]]
    assert len(rewritten) == 1
    assert without_tags(before[rewritten[0]]) == without_tags(after[rewritten[0]])
    assert "debugging" not in dialog.tag_names()
    tags = Post.load(rewritten[0]).tags
    assert tags.count("machine-learning") == 1


def test_delete_asks_then_removes_the_tag(qtbot, library, monkeypatch):
    dialog = make_dialog(qtbot, library)
    select(dialog, "sql")
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    dialog.delete_button.click()
    assert "sql" not in dialog.tag_names()
    assert "Deleted 'sql' in 1 file" in dialog.summary.text()


def test_likely_duplicates_are_listed_with_a_one_click_merge(qtbot, library):
    post = library.root / "git-bisect-for-model-regressions" / "index.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(
        text.replace("  - debugging\n", "  - debugging\n  - Machine Learning\n"), "utf-8"
    )
    before = without_tags(post.read_bytes())
    library.rescan()
    dialog = make_dialog(qtbot, library)
    assert dialog.duplicates.isVisible()
    buttons = [
        button
        for button in dialog.duplicates.findChildren(type(dialog.undo_button))
        if button.property("merge_group")
    ]
    assert [button.property("merge_group") for button in buttons] == [
        ["machine-learning", "Machine Learning"]
    ]
    buttons[0].click()
    assert Post.load(post).tags.count("machine-learning") == 1
    assert "Machine Learning" not in Post.load(post).tags
    assert without_tags(post.read_bytes()) == before
    assert not dialog.duplicates.isVisible()


def test_a_failed_operation_says_so_and_changes_nothing(qtbot, library):
    before = snapshot(library.root)
    dialog = make_dialog(qtbot, library)
    assert dialog.rename_tag("no-such-tag", "x") is None
    assert dialog.summary.text().startswith("Nothing changed")
    assert snapshot(library.root) == before


# --- from the window ---------------------------------------------------------------------------


def test_the_tags_menu_entry_opens_the_manager_and_open_posts_follow(qtbot, window, tmp_path):
    root = tmp_path / "samples"
    shutil.copytree(SAMPLES, root)
    window.open_library(root)
    qtbot.waitUntil(lambda: window.library_pane.library is not None, timeout=10000)
    post = root / "point-in-time-joins" / "index.md"
    document = window.workspace.open_file(post)
    assert document is not None
    window.menu_actions["manage_tags"].trigger()
    dialog = window.findChild(TagManagerDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.rename_tag("sql", "SQL") is not None
    # The open (unmodified) document reads the new tags; the library lists them.
    qtbot.waitUntil(lambda: "SQL" in Post.from_text(document.editor.toPlainText()).tags)
    qtbot.waitUntil(lambda: window.library_pane.tag_box.findData("SQL") > 0)
    assert not document.is_modified
    dialog.close()


def test_a_rename_changes_a_post_with_unsaved_edits_in_its_tab_not_on_disk(
    qtbot, window, tmp_path, monkeypatch
):
    root = tmp_path / "samples"
    shutil.copytree(SAMPLES, root)
    window.open_library(root)
    qtbot.waitUntil(lambda: window.library_pane.library is not None, timeout=10000)
    # No question about a file changed on disk may come up.
    monkeypatch.setattr("editor.ui.window.dialogs.ask_about_disk_change", pytest.fail)
    clean_path = root / "shipping-a-model-in-three-steps" / "index.md"
    clean = window.workspace.open_file(clean_path)
    edited_path = root / "point-in-time-joins" / "index.md"
    edited = window.workspace.open_file(edited_path)
    on_disk = edited_path.read_bytes()
    editor = edited.editor
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "My unsaved words.")
    typed = editor.toPlainText()
    assert edited.is_modified

    window.menu_actions["manage_tags"].trigger()
    dialog = window.findChild(TagManagerDialog)
    assert dialog.rename_tag("mlops", "MLOps") is not None

    # The post being edited: its file is as it was; the tag changed in its tab, unsaved.
    assert edited_path.read_bytes() == on_disk
    assert "MLOps" in Post.from_text(editor.toPlainText()).tags
    assert editor.toPlainText().endswith("My unsaved words.")
    assert edited.is_modified
    assert "MLOps" in window.metadata_pane.form.tags_field.tags()
    # The others, the unmodified open one too, are written and show the new text.
    assert "MLOps" in Post.load(clean_path).tags
    qtbot.waitUntil(lambda: "MLOps" in Post.from_text(clean.editor.toPlainText()).tags)
    assert not clean.is_modified
    assert dialog.summary.text() == (
        "Renamed 'mlops' to 'MLOps': 4 files written, "
        "1 open post changed in the editor, to be saved."
    )
    listed = [dialog.changed_files.item(row).text() for row in range(dialog.changed_files.count())]
    assert "point-in-time-joins/index.md: changed in the editor, to be saved" in listed

    # Ctrl+Z in that tab takes the change back, and only it.
    window.tabs.set_current_document(edited)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == typed
    assert "mlops" in window.metadata_pane.form.tags_field.tags()

    # Redone and saved, the post keeps the new tag and the writer's words.
    editor.redo()
    assert window.workspace.save(edited)
    saved = Post.load(edited_path)
    assert "MLOps" in saved.tags and "mlops" not in saved.tags
    assert saved.body.endswith("My unsaved words.")
    dialog.close()


def test_undo_in_the_manager_takes_back_the_edit_in_the_tab_too(qtbot, window, tmp_path):
    root = tmp_path / "samples"
    shutil.copytree(SAMPLES, root)
    window.open_library(root)
    qtbot.waitUntil(lambda: window.library_pane.library is not None, timeout=10000)
    before = snapshot(root)
    edited = window.workspace.open_file(root / "point-in-time-joins" / "index.md")
    edited.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(edited.editor, "x")
    typed = edited.editor.toPlainText()
    window.menu_actions["manage_tags"].trigger()
    dialog = window.findChild(TagManagerDialog)
    assert dialog.delete_tag("sql") is not None, dialog.summary.text()
    assert "sql" not in Post.from_text(edited.editor.toPlainText()).tags
    assert snapshot(root) == before  # sql was only on that post
    dialog.undo_button.click()
    assert edited.editor.toPlainText() == typed
    assert dialog.summary.text().startswith("Undone")
    dialog.close()


# --- markup in a tag is shown as written -------------------------------------------------------

MARKUP_TAGS = ("<b>x</b>", "<img src=x>")


def shown(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What Qt shows for ``text``: the text itself, or what is left of it read as HTML."""
    if text_format == Qt.TextFormat.PlainText or (
        text_format == Qt.TextFormat.AutoText and not GuiQt.mightBeRichText(text)
    ):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def test_tags_with_markup_show_as_written_in_labels_tooltips_and_dialogs(
    qtbot, window, tmp_path, monkeypatch
):
    root = tmp_path / "library"
    (root / "odd").mkdir(parents=True)
    (root / "odd" / "index.md").write_text(
        '---\ntitle: Odd\ntags: ["<b>x</b>", "<img src=x>"]\n---\nText\n', encoding="utf-8"
    )
    (root / "other.md").write_text('---\ntitle: Other\ntags: ["<B>X</B>"]\n---\n', "utf-8")
    window.open_library(root)
    qtbot.waitUntil(lambda: window.library_pane.library is not None, timeout=10000)
    assert window.workspace.open_file(root / "odd" / "index.md") is not None
    window.menu_actions["manage_tags"].trigger()
    dialog = window.findChild(TagManagerDialog)
    asked: list[str] = []
    monkeypatch.setattr(
        QInputDialog,
        "getText",
        lambda _parent, _title, label, **_: (asked.append(label), ("", False))[1],
    )
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _parent, _title, text: (asked.append(text), QMessageBox.StandardButton.No)[1],
    )
    select(dialog, "<b>x</b>")
    dialog.rename_button.click()
    dialog.delete_button.click()
    assert dialog.rename_tag("<img src=x>", "<img src=y>") is not None

    texts = [shown(text) for text in asked]
    texts += [shown(label.text(), label.textFormat()) for label in window.findChildren(QLabel)]
    texts += [shown(label.text(), label.textFormat()) for label in dialog.findChildren(QLabel)]
    texts += [shown(widget.toolTip()) for widget in window.findChildren(QWidget)]
    texts.append(
        shown(
            window.library_pane.model.data(
                window.library_pane.model.index(0, 0), Qt.ItemDataRole.ToolTipRole
            )
        )
    )
    assert "Rename “<b>x</b>” to:" in texts
    assert "Remove “<b>x</b>” from 2 posts? Undo puts it back." in texts
    assert "Remove “<b>x</b>”" in texts  # the chip's remove button
    assert "“<b>x</b>” · “<B>X</B>”" in texts  # likely duplicates
    assert any("'<img src=x>' to '<img src=y>'" in text for text in texts)  # the summary
    assert any("Tags: <b>x</b>, <img src=y>" in text for text in texts)  # the folded form
    chips = [
        shown(label.text(), label.textFormat())
        for chip in window.metadata_pane.form.tags_field._chips
        for label in chip.findChildren(QLabel)
    ]
    assert chips == ["<b>x</b>", "<img src=y>"]
    dialog.close()
