"""The recovery store: unsaved buffers kept on disk and offered back only after a crash."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from editor.core.document.recovery import (
    DiskBase,
    RecoveryEntry,
    RecoveryStore,
    default_recovery_folder,
    document_id_for,
    read_entry,
    untitled_id,
)
from editor.core.errors import PostdeskError


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


def test_two_sessions_editing_one_document_keep_two_copies(tmp_path: Path) -> None:
    post = tmp_path / "post" / "index.md"
    first, second = RecoveryStore(tmp_path / "recovery"), RecoveryStore(tmp_path / "recovery")
    first.save(document_id_for(post), "the first window's words", post, "Post")
    second.save(document_id_for(post), "the second window's words", post, "Post")
    first.close()
    second.close()

    entries = crashed(tmp_path / "recovery").entries()

    assert sorted(entry.load_text() for entry in entries) == [
        "the first window's words",
        "the second window's words",
    ]
    assert {entry.original_path for entry in entries} == {post.resolve()}


def test_a_save_in_one_session_removes_only_its_own_copy(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    killed, saving = RecoveryStore(tmp_path), RecoveryStore(tmp_path)
    killed.save(document_id_for(post), "never saved", post, "Post")
    saving.save(document_id_for(post), "saved in the other window", post, "Post")

    saving.discard(document_id_for(post))

    assert killed.file_for(document_id_for(post)).exists()
    killed.close()
    assert only(crashed(tmp_path).entries()).load_text() == "never saved"


def test_a_running_sessions_copy_of_a_document_is_not_offered_with_a_crashed_one(
    tmp_path: Path,
) -> None:
    post = tmp_path / "post.md"
    ended = RecoveryStore(tmp_path)
    ended.save(document_id_for(post), "from the crashed window", post, "Post")
    ended.close()
    running = RecoveryStore(tmp_path)
    running.save(document_id_for(post), "still being edited", post, "Post")

    entry = only(crashed(tmp_path).entries())

    assert entry.load_text() == "from the crashed window"
    assert entry.session == ended.session


def orphaned_copies(folder: Path, document_id: str, *texts: str) -> dict[str, RecoveryEntry]:
    """One copy of ``document_id`` from each of several windows that all ended, by text."""
    for text in texts:
        store = RecoveryStore(folder)
        store.save(document_id, text, None, "Post")
        store.close()
    return {entry.load_text(): entry for entry in crashed(folder).entries()}


def test_discarding_an_offered_copy_removes_that_copy_only(tmp_path: Path) -> None:
    running = RecoveryStore(tmp_path)
    running.save("doc", "open here", None, "Post")
    copies = orphaned_copies(tmp_path, "doc", "wanted", "unwanted")

    running.discard_entry(copies["unwanted"])

    assert only(crashed(tmp_path).entries()).load_text() == "wanted"
    assert read_entry(running.file_for("doc")).load_text() == "open here"
    running.discard_entry(copies["unwanted"])  # gone already: nothing to do


def test_restoring_an_offered_copy_takes_that_copy_only(tmp_path: Path) -> None:
    copies = orphaned_copies(tmp_path, "doc", "left for later", "restored")
    next_start = RecoveryStore(tmp_path)

    assert next_start.restore(copies["restored"]) == "restored"

    assert only(RecoveryStore(tmp_path).entries()).load_text() == "left for later"
    next_start.close()
    assert sorted(entry.load_text() for entry in crashed(tmp_path).entries()) == [
        "left for later",
        "restored",
    ]


def test_two_copies_of_one_document_restored_in_one_session_are_both_kept(
    tmp_path: Path,
) -> None:
    post = tmp_path / "post.md"
    copies = orphaned_copies(tmp_path, document_id_for(post), "one", "two")
    next_start = RecoveryStore(tmp_path)
    as_copy = untitled_id()

    next_start.restore(copies["one"])
    next_start.restore(copies["two"], as_document=as_copy)
    next_start.close()

    entries = {entry.document_id: entry for entry in crashed(tmp_path).entries()}
    assert entries[document_id_for(post)].load_text() == "one"
    assert entries[as_copy].load_text() == "two"
    assert entries[as_copy].original_path is None


def previous_version_copy(folder: Path, document_id: str, text: str, path: Path) -> Path:
    """A copy as Postdesk wrote it before copies were per session: named by the document."""
    data = text.encode("utf-8")
    header = {
        "document_id": document_id,
        "original_path": str(path),
        "title": "Old",
        "saved": "2024-05-01T14:02:00+00:00",
        "session": "4242-0123456789ab",
        "pid": 4242,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    name = hashlib.sha256(document_id.encode("utf-8")).hexdigest()[:32]
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / f"{name}.recovery"
    file.write_bytes(b"POSTDESK-RECOVERY 1\n" + json.dumps(header).encode("ascii") + b"\n" + data)
    return file


def test_a_copy_written_by_the_previous_version_is_offered_and_restored(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    old = previous_version_copy(tmp_path, document_id_for(post), "kept by 1.0\n", post)
    next_start = RecoveryStore(tmp_path)

    entry = only(next_start.entries())

    assert (entry.original_path, entry.title) == (post, "Old")
    assert next_start.restore(entry) == "kept by 1.0\n"
    assert not old.exists()
    assert read_entry(next_start.file_for(document_id_for(post))).load_text() == "kept by 1.0\n"


def test_a_copy_written_by_the_previous_version_can_be_discarded(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    old = previous_version_copy(tmp_path, document_id_for(post), "not wanted", post)
    next_start = RecoveryStore(tmp_path)

    next_start.discard_entry(only(next_start.entries()))

    assert not old.exists()
    assert next_start.entries() == []


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
    monkeypatch.setattr("editor.core.document.recovery.fcntl", None)
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
    from editor.core.document.recovery import RecoveryStore, document_id_for
    store = RecoveryStore(Path(sys.argv[1]))
    post = Path(sys.argv[2])
    store.save(document_id_for(post), "typed before the crash\\n", post, "Crash")
    print("saved", flush=True)
    time.sleep(120)
    """
)


@contextlib.contextmanager
def writer_process(folder: Path, post: Path) -> Iterator[subprocess.Popen[str]]:
    """Another Postdesk keeping a copy of ``post`` in ``folder``, killed at the latest on exit."""
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(folder), str(post)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "saved"
        yield writer
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(timeout=30)
        if writer.stdout is not None:
            writer.stdout.close()


def kill(writer: subprocess.Popen[str]) -> None:
    """Crash it: no chance to remove its lock or its copies."""
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_entries_of_a_killed_process_are_offered_and_not_before(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    post = tmp_path / "post" / "index.md"
    with writer_process(folder, post) as writer:
        assert RecoveryStore(folder).entries() == []

        kill(writer)
        entry = only(RecoveryStore(folder).entries())

    assert entry.original_path == post.resolve()
    assert entry.load_text() == "typed before the crash\n"
    assert list(folder.glob(".*.tmp")) == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_windows_copy_survives_a_save_of_the_same_post_elsewhere(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    post = tmp_path / "post" / "index.md"
    other_window = RecoveryStore(folder)
    with writer_process(folder, post) as writer:
        other_window.save(document_id_for(post), "typed in the other window\n", post, "Crash")
        assert RecoveryStore(folder).entries() == []

        kill(writer)
        other_window.discard(document_id_for(post))  # the other window saves the post
        entry = only(RecoveryStore(folder).entries())

    assert entry.load_text() == "typed before the crash\n"
    other_window.close()
    assert only(RecoveryStore(folder).entries()) == entry


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


def test_a_copy_says_which_version_of_the_file_it_was_made_from(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_bytes(b"As saved by this window.\n")
    store = RecoveryStore(tmp_path / "recovery")
    store.save(
        document_id_for(post), "Typed since.\n", post, "Post", base=DiskBase.of(post.read_bytes())
    )
    store.close()

    entry = only(crashed(tmp_path / "recovery").entries())

    assert entry.base == DiskBase.of(b"As saved by this window.\n")
    assert entry.original_changed_at() is None  # the file is still what the text was made from


def test_a_file_saved_elsewhere_after_the_copy_was_made_is_told_with_when(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_bytes(b"As the crashed window read it.\n")
    store = RecoveryStore(tmp_path / "recovery")
    base = DiskBase.of(post.read_bytes())
    store.save(document_id_for(post), "Typed in the crashed window.\n", post, "Post", base=base)
    store.close()
    post.write_bytes(b"WINDOW-ONE\n")  # another window saved the post afterwards
    saved_at = datetime.fromtimestamp(post.stat().st_mtime, UTC)

    entry = only(crashed(tmp_path / "recovery").entries())

    assert entry.original_changed_at() == saved_at
    # Restored, the copy still says what it was made from, should this run crash too.
    next_start = RecoveryStore(tmp_path / "recovery")
    next_start.restore(entry)
    next_start.close()
    assert only(crashed(tmp_path / "recovery").entries()).base == base
    post.write_bytes(b"As the crashed window read it.\n")
    assert entry.original_changed_at() is None
    post.unlink()
    assert entry.original_changed_at() is None  # nothing on disk to overwrite


def test_a_copy_that_does_not_say_what_it_was_made_from_is_read_as_before(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("changed since\n", encoding="utf-8")
    previous_version_copy(tmp_path, document_id_for(post), "kept by 1.0\n", post)

    entry = only(RecoveryStore(tmp_path).entries())

    assert entry.base is None
    assert entry.original_changed_at() is None


def locks(folder: Path) -> list[str]:
    """The session lock files in the recovery folder, by name."""
    return sorted(lock.name for lock in (folder / "sessions").glob("*.lock"))


def test_a_crashed_sessions_lock_goes_once_its_copies_are_settled(tmp_path: Path) -> None:
    killed = RecoveryStore(tmp_path, session="4242-killed")
    killed.save("one", "restored later", None, "One")
    killed.save("two", "not wanted", None, "Two")
    killed.close()
    (tmp_path / "sessions" / "4242-killed.lock").write_text("4242\n")  # as a kill leaves it
    next_start = RecoveryStore(tmp_path)
    copies = {entry.title: entry for entry in next_start.entries()}

    next_start.discard_entry(copies["Two"])
    assert locks(tmp_path) == ["4242-killed.lock"]  # a copy is still to be offered

    next_start.restore(copies["One"])
    assert locks(tmp_path) == [f"{next_start.session}.lock"]
    next_start.close()


def test_a_running_sessions_lock_stays_when_one_of_its_copies_goes(tmp_path: Path) -> None:
    running = RecoveryStore(tmp_path)
    running.save("doc", "still typing", None, "Doc")
    other = RecoveryStore(tmp_path)

    other.discard_entry(read_entry(running.file_for("doc")))

    assert locks(tmp_path) == [f"{running.session}.lock"]
    running.close()
