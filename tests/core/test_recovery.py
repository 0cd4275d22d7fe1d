"""The recovery store: unsaved buffers kept on disk and offered back only after a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from editor.core.errors import PostdeskError
from editor.core.recovery import (
    RecoveryEntry,
    RecoveryStore,
    default_recovery_folder,
    document_id_for,
    read_entry,
    untitled_id,
)


def crashed(folder: Path) -> RecoveryStore:
    """A store for the next start: a new session on the same folder."""
    return RecoveryStore(folder)


def only(entries: list[RecoveryEntry]) -> RecoveryEntry:
    assert len(entries) == 1, entries
    return entries[0]


def test_a_saved_buffer_is_offered_after_its_session_ended(tmp_path: Path) -> None:
    post = tmp_path / "library" / "hello" / "index.md"
    store = RecoveryStore(tmp_path / "recovery")
    before = datetime.now(UTC) - timedelta(seconds=1)
    store.save(document_id_for(post), "---\ntitle: Hello\n---\nUnsaved words\n", post, "Hello")
    store.close()

    entry = only(crashed(tmp_path / "recovery").entries())

    assert entry.original_path == post.resolve()
    assert entry.title == "Hello"
    assert entry.document_id == document_id_for(post)
    assert entry.size == len("---\ntitle: Hello\n---\nUnsaved words\n")
    assert before <= entry.saved <= datetime.now(UTC) + timedelta(seconds=1)
    assert entry.load_text() == "---\ntitle: Hello\n---\nUnsaved words\n"


def test_text_comes_back_exactly(tmp_path: Path) -> None:
    text = "\ufeff---\r\ntitle: Ünïcödé 🎉\r\n---\r\nline\rmixed\n\x00nul \udcff lone surrogate"
    store = RecoveryStore(tmp_path)
    store.save(untitled_id(), text, None, "Untitled")
    store.close()

    entry = only(crashed(tmp_path).entries())

    assert entry.original_path is None
    assert entry.load_text() == text


def test_a_running_session_keeps_its_entries_to_itself(tmp_path: Path) -> None:
    running = RecoveryStore(tmp_path)
    running.save("doc", "mine", None, "Mine")

    assert crashed(tmp_path).entries() == []
    assert running.entries() == []


def test_two_index_files_in_different_bundles_do_not_collide(tmp_path: Path) -> None:
    first = tmp_path / "one" / "index.md"
    second = tmp_path / "two" / "index.md"
    store = RecoveryStore(tmp_path / "recovery")
    store.save(document_id_for(first), "first text", first, "One")
    store.save(document_id_for(second), "second text", second, "Two")
    store.close()

    entries = crashed(tmp_path / "recovery").entries()

    assert {entry.original_path: entry.load_text() for entry in entries} == {
        first.resolve(): "first text",
        second.resolve(): "second text",
    }


def test_document_id_is_the_resolved_path(tmp_path: Path) -> None:
    (tmp_path / "post").mkdir()
    assert document_id_for(tmp_path / "post" / ".." / "post" / "index.md") == document_id_for(
        tmp_path / "post" / "index.md"
    )
    assert untitled_id() != untitled_id()


def test_saving_again_replaces_the_copy(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save("doc", "old", None, "Old title")
    store.save("doc", "new text", None, "New title")
    store.close()

    entry = only(crashed(tmp_path).entries())

    assert (entry.title, entry.load_text()) == ("New title", "new text")


def test_a_clean_save_or_close_removes_the_copy(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save("kept", "keep me", None, "Kept")
    store.save("saved", "saved text", None, "Saved")
    store.discard("saved")
    store.discard("never-there")
    store.close()

    assert [entry.title for entry in crashed(tmp_path).entries()] == ["Kept"]


def test_saving_text_again_after_discard_writes_it(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save("doc", "same", None, "Doc")
    store.discard("doc")
    store.save("doc", "same", None, "Doc")
    store.close()

    assert only(crashed(tmp_path).entries()).load_text() == "same"


def test_entries_are_newest_first(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    for title in ("first", "second", "third"):
        store.save(title, title, None, title)
        time.sleep(0.01)
    store.close()

    assert [entry.title for entry in crashed(tmp_path).entries()] == ["third", "second", "first"]


def test_restore_moves_the_entry_to_the_new_session(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save("doc", "lost words", tmp_path / "a.md", "A")
    store.close()
    next_start = RecoveryStore(tmp_path)

    text = next_start.restore(only(next_start.entries()))

    assert text == "lost words"
    # A third window started now must not offer what the second one has open.
    assert RecoveryStore(tmp_path).entries() == []
    next_start.close()
    assert only(RecoveryStore(tmp_path).entries()).load_text() == "lost words"


def test_a_torn_temporary_file_is_ignored(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save("doc", "complete", None, "Doc")
    store.close()
    (tmp_path / f".{store.file_for('other').name}.x1y2.tmp").write_bytes(b"POSTDESK-RECOVERY 1\n{")

    next_start = crashed(tmp_path)

    assert only(next_start.entries()).load_text() == "complete"
    assert next_start.problems == []


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"just some text\n", id="foreign"),
        pytest.param(b"POSTDESK-RECOVERY 1\n{not json\ntext", id="bad-json"),
        pytest.param(b"POSTDESK-RECOVERY 1\n[1, 2]\n", id="header-a-list"),
        pytest.param(b'POSTDESK-RECOVERY 1\n{"document_id": "x"}\n', id="missing-keys"),
        pytest.param(b"POSTDESK-RECOVERY 1\n" + b"x" * 100_000, id="no-header-end"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", id="binary"),
    ],
)
def test_a_damaged_file_is_skipped_with_a_note(tmp_path: Path, content: bytes) -> None:
    store = RecoveryStore(tmp_path)
    store.save("good", "good text", None, "Good")
    store.close()
    (tmp_path / ("0" * 32 + ".recovery")).write_bytes(content)

    next_start = crashed(tmp_path)

    assert only(next_start.entries()).title == "Good"
    assert len(next_start.problems) == 1
    assert str(next_start.problems[0]).startswith(str(tmp_path / ("0" * 32 + ".recovery")))
    assert "\n" not in str(next_start.problems[0])


def test_a_truncated_copy_is_skipped(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save("doc", "a longer text that gets cut", None, "Doc")
    store.close()
    file = store.file_for("doc")
    file.write_bytes(file.read_bytes()[:-5])

    next_start = crashed(tmp_path)

    assert next_start.entries() == []
    assert "incomplete" in str(next_start.problems[0])


def test_text_changed_after_listing_is_reported_not_returned(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save("doc", "original", None, "Doc")
    store.close()
    entry = only(crashed(tmp_path).entries())
    file = store.file_for("doc")
    file.write_bytes(file.read_bytes().replace(b"original", b"ORIGINAL"))

    with pytest.raises(PostdeskError, match="damaged"):
        entry.load_text()


def test_an_entry_removed_after_listing_is_a_postdesk_error(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save("doc", "text", None, "Doc")
    store.close()
    entry = only(crashed(tmp_path).entries())
    entry.file.unlink()

    with pytest.raises(PostdeskError, match="cannot read recovery file"):
        entry.load_text()


def test_a_missing_folder_has_no_entries(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path / "never-made")
    assert store.entries() == []
    assert store.problems == []


def test_entries_without_a_session_lock_are_offered(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save("doc", "text", None, "Doc")
    store.close()
    for lock in (tmp_path / "sessions").iterdir():
        lock.unlink()

    assert only(crashed(tmp_path).entries()).title == "Doc"


def test_ended_sessions_with_nothing_left_are_forgotten(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save("doc", "text", None, "Doc")
    store.discard("doc")
    # The lock of a session killed before it could remove it.
    stale = tmp_path / "sessions" / "99999999-dead.lock"
    stale.write_text("99999999\n")

    RecoveryStore(tmp_path).entries()

    assert not stale.exists()
    assert (tmp_path / "sessions" / f"{store.session}.lock").exists()
    store.close()
    assert list((tmp_path / "sessions").glob("*.lock")) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root / not POSIX")
def test_a_read_only_folder_is_a_postdesk_error(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PostdeskError, match="cannot"):
            RecoveryStore(folder).save("doc", "text", None, "Doc")
    finally:
        folder.chmod(0o700)


def test_a_folder_that_cannot_be_made_is_a_postdesk_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")

    with pytest.raises(PostdeskError, match="cannot write the recovery folder"):
        RecoveryStore(blocker / "recovery").save("doc", "text", None, "Doc")


def test_without_file_locks_the_pid_tells_a_running_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("editor.core.recovery.fcntl", None)
    alive = RecoveryStore(tmp_path)
    alive.save("alive", "text", None, "Alive")
    dead = RecoveryStore(tmp_path, session="99999999-dead")
    dead.save("dead", "text", None, "Dead")
    (tmp_path / "sessions" / "99999999-dead.lock").write_text("99999999\n")

    assert [entry.title for entry in crashed(tmp_path).entries()] == ["Dead"]


def test_the_folder_is_private(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path / "recovery")
    store.save("doc", "text", None, "Doc")
    store.close()

    assert (tmp_path / "recovery").stat().st_mode & 0o077 == 0


def test_read_entry_names_the_file(tmp_path: Path) -> None:
    file = tmp_path / "x.recovery"
    file.write_bytes(b"nope")

    with pytest.raises(PostdeskError) as caught:
        read_entry(file)

    assert caught.value.path == file


def test_default_folder_is_in_the_user_data_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    if sys.platform in ("win32", "darwin"):
        assert default_recovery_folder().name == "recovery"
        return
    monkeypatch.setenv("XDG_DATA_HOME", "/data/home")
    assert default_recovery_folder() == Path("/data/home/postdesk/recovery")
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_recovery_folder() == Path.home() / ".local/share/postdesk/recovery"


_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from editor.core.recovery import RecoveryStore, document_id_for
    store = RecoveryStore(Path(sys.argv[1]))
    post = Path(sys.argv[2])
    store.save(document_id_for(post), "typed before the crash\\n", post, "Crash")
    print("saved", flush=True)
    time.sleep(120)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_entries_of_a_killed_process_are_offered_and_not_before(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    post = tmp_path / "post" / "index.md"
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(folder), str(post)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "saved"

        assert RecoveryStore(folder).entries() == []

        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        entry = only(RecoveryStore(folder).entries())
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(timeout=30)
        if writer.stdout is not None:
            writer.stdout.close()

    assert entry.original_path == post.resolve()
    assert entry.load_text() == "typed before the crash\n"
    assert list(folder.glob(".*.tmp")) == []


def test_an_entry_can_tell_when_the_original_already_holds_its_text(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("saved just before the crash\n", encoding="utf-8")
    store = RecoveryStore(tmp_path / "recovery")
    store.save(document_id_for(post), "saved just before the crash\n", post, "Post")
    store.save(untitled_id(), "never saved\n", None, "Untitled")
    store.close()

    entries = {entry.title: entry for entry in crashed(tmp_path / "recovery").entries()}

    assert entries["Post"].same_as_original()
    assert not entries["Untitled"].same_as_original()
    post.write_text("changed since\n", encoding="utf-8")
    assert not entries["Post"].same_as_original()
    post.unlink()
    assert not entries["Post"].same_as_original()
