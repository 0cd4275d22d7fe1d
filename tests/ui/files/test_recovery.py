"""Unsaved text is copied to the recovery folder while typing and offered back after a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from editor.core.document.recovery import (
    DiskBase,
    RecoveryStore,
    document_id_for,
    read_entry,
    untitled_id,
)
from editor.core.workspace import DiskChangeAnswer
from editor.ui.app.context import AppContext
from editor.ui.files.recovery_dialog import RecoveryDialog
from editor.ui.window import dialogs
from editor.ui.window.main_window import MainWindow


@pytest.fixture
def quick(context: AppContext) -> AppContext:
    """Copies follow a change within a fifth of a second."""
    context.preferences.recovery_delay_ms = 200
    return context


def type_into(qtbot: QtBot, window: MainWindow, text: str) -> None:
    editor = window.current_document().editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, text)


def recovered_text(context: AppContext, key: str) -> str | None:
    file = context.recovery.file_for(key)
    return read_entry(file).load_text() if file.exists() else None


def test_a_modified_post_is_copied_within_the_delay(qtbot, window, library, quick):
    post = library / "hello-world" / "index.md"
    before = post.read_bytes()
    window.open_library(library)
    document = window.workspace.open_file(post)
    type_into(qtbot, window, "Words worth keeping.")

    key = document_id_for(post)
    qtbot.waitUntil(lambda: "Words worth keeping." in (recovered_text(quick, key) or ""))
    assert recovered_text(quick, key) == document.text()
    assert post.read_bytes() == before
    assert quick.recovery.folder.is_relative_to(quick.config_dir)


def test_typing_that_goes_on_after_the_first_copy_is_copied_too(qtbot, window, library, quick):
    post = library / "hello-world" / "index.md"
    window.open_library(library)
    document = window.workspace.open_file(post)
    key = document_id_for(post)
    type_into(qtbot, window, " First sentence.")
    qtbot.waitUntil(lambda: "First sentence." in (recovered_text(quick, key) or ""))

    type_into(qtbot, window, " Second sentence.")

    qtbot.waitUntil(lambda: recovered_text(quick, key) == document.text(), timeout=10_000)
    assert "Second sentence." in document.text()


def test_an_untitled_note_is_copied_too(qtbot, window, quick):
    window.menu_actions["new_note"].trigger()
    type_into(qtbot, window, "A note never saved.")
    key = window.current_document().recovery_id
    qtbot.waitUntil(lambda: recovered_text(quick, key) == "A note never saved.")


def test_a_copy_says_which_version_of_the_file_it_was_made_from(qtbot, window, library, quick):
    post = library / "hello-world" / "index.md"
    window.open_library(library)
    document = window.workspace.open_file(post)
    type_into(qtbot, window, " More words.")

    file = quick.recovery.file_for(document.recovery_id)
    qtbot.waitUntil(file.exists)
    assert read_entry(file).base == DiskBase.of(post.read_bytes())


def a_window_crashed_then_another_saved(folder: Path, post: Path) -> str:
    """The QA's walk: a window typing into ``post`` is killed, then another window saves the
    post with other text. Returns the killed window's text."""
    crashed_text = post.read_text("utf-8") + "\nTyped in the killed window.\n"
    store = RecoveryStore(folder, session="killed-window")
    base = DiskBase.of(post.read_bytes())
    store.save(document_id_for(post), crashed_text, post, "Hello World", base=base)
    store.close()
    post.write_text("WINDOW-ONE\n", encoding="utf-8")
    return crashed_text


@pytest.mark.parametrize(
    ("answer", "on_disk"),
    [(DiskChangeAnswer.LOAD_THEIRS, "WINDOW-ONE\n"), (DiskChangeAnswer.KEEP_MINE, "crashed")],
)
def test_a_copy_older_than_the_saved_file_asks_before_replacing_it(
    qtbot, window, library, quick, monkeypatch, answer, on_disk
):
    post = library / "hello-world" / "index.md"
    crashed_text = a_window_crashed_then_another_saved(quick.recovery.folder, post)
    asked: list[str] = []

    def ask(parent, name: str) -> DiskChangeAnswer:
        asked.append(name)
        return answer

    monkeypatch.setattr(dialogs, "ask_about_disk_change", ask)
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: 1)
    window.open_library(library)
    (restored,) = window.recovery.offer()

    assert restored.text() == crashed_text
    assert "changed on disk" in restored.note
    assert window.document_bar.isVisible()
    saved = window.workspace.save(restored)

    assert asked == ["hello-world"]
    assert post.read_text("utf-8") == (crashed_text if on_disk == "crashed" else on_disk)
    assert saved is (answer is DiskChangeAnswer.KEEP_MINE)
    assert not restored.is_modified
    assert restored.note == ""  # settled: the tab holds what is on disk


def test_a_copy_of_the_file_as_it_still_is_saves_without_asking(
    qtbot, window, library, quick, monkeypatch
):
    post = library / "hello-world" / "index.md"
    text = post.read_text("utf-8") + "\nTyped in the killed window.\n"
    store = RecoveryStore(quick.recovery.folder, session="killed-window")
    store.save(document_id_for(post), text, post, "Hello", base=DiskBase.of(post.read_bytes()))
    store.close()
    monkeypatch.setattr(dialogs, "ask_about_disk_change", lambda *args: pytest.fail("asked"))
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: 1)
    window.open_library(library)
    (restored,) = window.recovery.offer()

    assert restored.note == ""
    assert window.workspace.save(restored)
    assert post.read_text("utf-8") == text


def test_saving_or_discarding_removes_the_copy(qtbot, window, library, quick, monkeypatch):
    window.open_library(library)
    saved = window.workspace.open_file(library / "hello-world" / "index.md")
    type_into(qtbot, window, " saved later")
    closed = window.workspace.open_file(library / "a-long-post" / "index.md")
    type_into(qtbot, window, " thrown away")
    for document in (saved, closed):
        qtbot.waitUntil(lambda d=document: quick.recovery.file_for(d.recovery_id).exists())

    assert window.workspace.save(saved)
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Discard
    )
    key = closed.recovery_id
    assert window.workspace.close(closed)
    window.recovery.wait()

    assert not quick.recovery.file_for(saved.recovery_id).exists()
    assert not quick.recovery.file_for(key).exists()


def crashed_copies(
    folder: Path, *copies: tuple[str, str, Path | None, str], session: str = "crashed-run"
) -> None:
    """What a run that was killed leaves behind: copies of a session that no longer runs."""
    store = RecoveryStore(folder, session=session)
    for key, text, path, title in copies:
        store.save(key, text, path, title)
    store.close()
    # A killed process leaves its lock file behind, no longer locked by anyone.
    (folder / "sessions" / f"{session}.lock").write_text("99999999\n", encoding="ascii")


def test_after_a_crash_the_chosen_copies_come_back_as_unsaved_tabs(
    qtbot, window, library, quick, monkeypatch
):
    post = library / "hello-world" / "index.md"
    before = post.read_bytes()
    recovered = before.decode("utf-8") + "\nRecovered paragraph.\n"
    note_key = untitled_id()
    crashed_copies(
        quick.recovery.folder,
        (document_id_for(post), recovered, post, "Hello World"),
        (note_key, "A lost note.", None, "Untitled"),
        (untitled_id(), "Not wanted.", None, "Untitled"),
    )
    listed: list[list[str]] = []

    def choose(dialog: RecoveryDialog) -> int:
        for row in range(dialog.list.topLevelItemCount()):
            item = dialog.list.topLevelItem(row)
            listed.append([item.text(column) for column in range(3)])
        dialog.set_chosen([e for e in dialog.chosen() if "Not wanted" not in e.load_text()])
        return 1

    monkeypatch.setattr(RecoveryDialog, "exec", choose)
    window.open_library(library)
    restored = window.recovery.offer()

    assert len(restored) == 2
    names = [row[0] for row in listed]
    assert any(name.startswith("hello-world — ") for name in names)
    assert all(row[1] and row[2].endswith(("bytes", "KB")) for row in listed)
    by_path = {document.path: document for document in restored}
    assert by_path[post].text() == recovered
    assert by_path[post].is_modified
    assert by_path[None].text() == "A lost note."
    assert post.read_bytes() == before  # nothing written over the original
    # The unticked copy is gone; the restored ones are kept (by this run) until saved.
    window.recovery.wait()
    # Settled, the crashed run leaves nothing behind, not even its lock file.
    sessions = quick.recovery.folder / "sessions"
    assert [lock.name for lock in sessions.iterdir()] == [f"{quick.recovery.session}.lock"]
    assert quick.recovery.entries() == []
    assert quick.recovery.file_for(note_key).exists()
    # Undo goes back to the file as it is on disk.
    by_path[post].editor.undo()
    assert not by_path[post].is_modified


def two_windows_crashed_on(folder: Path, post: Path) -> tuple[str, str]:
    """Two killed windows that both had unsaved changes to ``post``: their texts, older first."""
    text = post.read_text("utf-8")
    older, newer = text + "\nFrom the first window.\n", text + "\nFrom the second window.\n"
    for session, copy in (("first-window", older), ("second-window", newer)):
        crashed_copies(folder, (document_id_for(post), copy, post, "Hello World"), session=session)
    return older, newer


def rows(dialog: RecoveryDialog) -> list[str]:
    """The document column of the recovery dialog, top to bottom."""
    return [dialog.list.topLevelItem(row).text(0) for row in range(dialog.list.topLevelItemCount())]


def test_copies_of_one_post_from_two_windows_are_offered_and_told_apart(qtbot, quick, library):
    two_windows_crashed_on(quick.recovery.folder, library / "hello-world" / "index.md")
    dialog = RecoveryDialog(quick.recovery.entries())
    qtbot.addWidget(dialog)

    first, second = rows(dialog)

    assert first.startswith("hello-world — ") and "(copy 1 of 2, last changed " in first
    assert second.startswith("hello-world — ") and "(copy 2 of 2, last changed " in second
    assert len(dialog.chosen()) == 2


def test_both_copies_of_one_post_come_back_neither_overwritten(
    qtbot, window, library, quick, monkeypatch
):
    post = library / "hello-world" / "index.md"
    before = post.read_bytes()
    older, newer = two_windows_crashed_on(quick.recovery.folder, post)
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: 1)
    window.open_library(library)

    in_tab, beside = window.recovery.offer()

    assert (in_tab.path, in_tab.text()) == (post, newer)
    assert (beside.path, beside.text()) == (None, older)
    assert in_tab.is_modified and beside.is_modified
    assert "another window" in beside.note and "hello-world" in beside.note
    assert post.read_bytes() == before
    # Both are now this window's copies: kept, and offered to no other window.
    window.recovery.wait()
    assert read_entry(quick.recovery.file_for(in_tab.recovery_id)).load_text() == newer
    assert read_entry(quick.recovery.file_for(beside.recovery_id)).load_text() == older
    assert RecoveryStore(quick.recovery.folder).entries() == []


def test_an_unticked_copy_goes_and_no_other_copy_of_the_post(
    qtbot, window, library, quick, monkeypatch
):
    post = library / "hello-world" / "index.md"
    older, _ = two_windows_crashed_on(quick.recovery.folder, post)
    still_open = RecoveryStore(quick.recovery.folder)  # a third window, editing the post now
    still_open.save(document_id_for(post), "Typed in the open window.", post, "Hello World")

    def keep_the_older(dialog: RecoveryDialog) -> int:
        dialog.set_chosen([entry for entry in dialog.chosen() if entry.load_text() == older])
        return 1

    monkeypatch.setattr(RecoveryDialog, "exec", keep_the_older)
    window.open_library(library)

    (restored,) = window.recovery.offer()

    assert restored.text() == older
    assert RecoveryStore(quick.recovery.folder).entries() == []  # the newer copy is gone
    still_open.close()
    assert [entry.load_text() for entry in RecoveryStore(quick.recovery.folder).entries()] == [
        "Typed in the open window."
    ]


def test_two_untitled_notes_come_back_in_two_tabs(qtbot, window, quick, monkeypatch):
    crashed_copies(
        quick.recovery.folder,
        (untitled_id(), "First note.", None, "Untitled"),
        (untitled_id(), "Second note.", None, "Untitled"),
    )
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: 1)

    restored = window.recovery.offer()

    assert sorted(document.text() for document in restored) == ["First note.", "Second note."]
    assert len(window.documents()) == 2


def test_not_now_keeps_the_copies_for_the_next_start(qtbot, window, library, quick, monkeypatch):
    crashed_copies(quick.recovery.folder, (untitled_id(), "Later.", None, "Untitled"))
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: 0)

    assert window.recovery.offer() == []
    assert [entry.load_text() for entry in quick.recovery.entries()] == ["Later."]


def test_a_copy_identical_to_the_file_is_not_offered(qtbot, window, library, quick, monkeypatch):
    post = library / "hello-world" / "index.md"
    crashed_copies(
        quick.recovery.folder, (document_id_for(post), post.read_text("utf-8"), post, "Hello")
    )
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: pytest.fail("asked"))

    assert window.recovery.offer() == []
    assert quick.recovery.entries() == []


def test_the_dialog_lists_each_copy_ticked(qtbot, quick, library):
    crashed_copies(quick.recovery.folder, (untitled_id(), "x" * 2048, None, "Ideas"))
    dialog = RecoveryDialog(quick.recovery.entries())
    qtbot.addWidget(dialog)
    item = dialog.list.topLevelItem(0)
    assert item.text(0) == "Ideas (never saved)"
    assert item.text(2) == "2.0 KB"
    assert item.checkState(0) == Qt.CheckState.Checked
    assert len(dialog.chosen()) == 1


def test_a_recovery_folder_that_cannot_be_written_is_reported_once(
    qtbot, window, library, quick, tmp_path
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    quick.recovery.folder = blocked
    messages: list[str] = []
    window.recovery.problem_found.connect(messages.append)
    window.open_library(library)
    document = window.workspace.open_file(library / "hello-world" / "index.md")
    type_into(qtbot, window, "Still typing.")

    qtbot.waitUntil(lambda: bool(messages))
    assert "cannot be kept for recovery" in messages[0]
    assert "Still typing." in document.editor.toPlainText()


def test_the_delay_is_a_preference(qtbot, context):
    from editor.ui.window.dialogs import PreferencesDialog

    dialog = PreferencesDialog(context.preferences)
    qtbot.addWidget(dialog)
    assert dialog.recovery_box.value() == 1  # the default: a second

    dialog.recovery_box.setValue(3)

    assert context.preferences.recovery_delay_ms == 3000
