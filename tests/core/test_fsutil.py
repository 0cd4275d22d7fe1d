"""Atomic writes: the file is either the old bytes or the new bytes, never anything else."""

import os
import stat
import sys

import pytest

from editor.core import fsutil
from editor.core.errors import PostdeskError
from editor.core.fsutil import AtomicBatch, atomic_write_bytes, atomic_write_text


def test_writes_new_file(tmp_path):
    target = tmp_path / "index.md"
    atomic_write_text(target, "# Hello\r\n")
    assert target.read_bytes() == b"# Hello\r\n"
    assert list(tmp_path.iterdir()) == [target]


def test_keeps_permissions_of_existing_file(tmp_path):
    target = tmp_path / "post.md"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_failed_replace_leaves_original_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "post.md"
    target.write_bytes(b"what the writer had")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PostdeskError, match=r"post\.md: cannot save: No space left"):
        atomic_write_bytes(target, b"half")
    assert target.read_bytes() == b"what the writer had"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores modes")
def test_read_only_folder_says_why(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "post.md"
    target.write_bytes(b"kept")
    folder.chmod(0o555)
    try:
        with pytest.raises(PostdeskError, match="cannot save"):
            atomic_write_bytes(target, b"lost?")
    finally:
        folder.chmod(0o755)
    assert target.read_bytes() == b"kept"


def test_batch_writes_every_file_and_syncs_each_folder_once_at_the_end(tmp_path, monkeypatch):
    synced = []
    monkeypatch.setattr(fsutil, "_fsync_folder", synced.append)
    posts, images = tmp_path / "_posts", tmp_path / "images"
    posts.mkdir()
    images.mkdir()
    with AtomicBatch() as batch:
        batch.write(posts / "a.md", b"a")
        batch.write(images / "a.png", b"png")
        batch.write(posts / "b.md", b"b")
        assert synced == []  # renames are made durable together, not one by one
    assert synced == [posts, images]
    assert (posts / "a.md").read_bytes() == b"a"
    assert (posts / "b.md").read_bytes() == b"b"
    assert (images / "a.png").read_bytes() == b"png"
    assert sorted(p.name for p in posts.iterdir()) == ["a.md", "b.md"]  # no temporary files
    assert stat.S_IMODE((posts / "a.md").stat().st_mode) == 0o666 & ~_current_umask()


def test_batch_failure_names_the_file_keeps_it_and_the_files_written_before(tmp_path, monkeypatch):
    synced = []
    monkeypatch.setattr(fsutil, "_fsync_folder", synced.append)
    first, second, third = tmp_path / "1.md", tmp_path / "2.md", tmp_path / "3.md"
    second.write_bytes(b"what the blog had")
    real_replace = os.replace

    def refuse_second(src, dst):
        if os.fspath(dst) == os.fspath(second):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_second)
    failed = pytest.raises(PostdeskError, match=r"2\.md: cannot save: No space left")
    with failed, AtomicBatch() as batch:
        batch.write(first, b"new 1")
        batch.write(second, b"new 2")
        batch.write(third, b"new 3")
    assert first.read_bytes() == b"new 1"
    assert second.read_bytes() == b"what the blog had"
    assert not third.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.md", "2.md"]
    assert synced == [tmp_path]  # what was written is made durable, error or not


def test_batch_keeps_permissions_of_existing_files(tmp_path):
    target = tmp_path / "post.md"
    target.write_text("old")
    target.chmod(0o640)
    with AtomicBatch() as batch:
        batch.write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def _current_umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
