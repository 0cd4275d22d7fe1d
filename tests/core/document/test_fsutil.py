"""Atomic writes: the file is either the old bytes or the new bytes, never anything else."""

import os
import stat
import sys
from pathlib import Path

import pytest

from editor.core.document import fsutil
from editor.core.document.fsutil import AtomicBatch, atomic_write_bytes, atomic_write_text
from editor.core.errors import PostdeskError, ReadOnlyFileError
from editor.core.library import tags
from editor.core.library.library import Library


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


@pytest.mark.skipif(sys.platform == "win32", reason="no mode bits")
def test_read_only_folder_is_named_not_the_file(tmp_path):
    # Also as root, who may write anywhere: the folder's mode says the writer may not.
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "post.md"
    target.write_bytes(b"kept")
    folder.chmod(0o555)
    try:
        with pytest.raises(PostdeskError) as raised:
            atomic_write_bytes(target, b"lost?")
    finally:
        folder.chmod(0o755)
    assert not isinstance(raised.value, ReadOnlyFileError)
    assert f"the folder {folder} is read-only" in str(raised.value)
    assert target.read_bytes() == b"kept"
    assert list(folder.iterdir()) == [target]


@pytest.mark.skipif(sys.platform == "win32", reason="no mode bits")
def test_read_only_file_is_not_replaced_without_consent(tmp_path):
    target = tmp_path / "post.md"
    target.write_bytes(b"kept")
    target.chmod(0o444)
    with pytest.raises(ReadOnlyFileError, match=r"post\.md: the file is read-only"):
        atomic_write_bytes(target, b"lost?")
    assert target.read_bytes() == b"kept"
    with pytest.raises(ReadOnlyFileError), AtomicBatch() as batch:
        batch.write(target, b"lost?")
    assert target.read_bytes() == b"kept"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(sys.platform == "win32", reason="no mode bits")
def test_read_only_file_replaced_when_the_writer_agrees_keeps_its_mode(tmp_path):
    target = tmp_path / "post.md"
    target.write_bytes(b"old")
    target.chmod(0o440)
    atomic_write_text(target, "new", replace_read_only=True)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o440


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")
def test_write_through_a_chain_of_links_keeps_the_links(tmp_path, monkeypatch):
    real_folder, links = tmp_path / "drafts", tmp_path / "blog"
    real_folder.mkdir()
    links.mkdir()
    real = real_folder / "post.md"
    real.write_bytes(b"old")
    real.chmod(0o640)
    middle = links / "middle.md"
    middle.symlink_to(real)
    post = links / "post.md"
    post.symlink_to("middle.md")  # relative, as a writer makes them
    temporary_folders = []
    real_mkstemp = fsutil.tempfile.mkstemp

    def watch_mkstemp(*args, **kwargs):
        temporary_folders.append(Path(kwargs["dir"]))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(fsutil.tempfile, "mkstemp", watch_mkstemp)
    atomic_write_text(post, "new")
    assert post.is_symlink() and os.readlink(post) == "middle.md"
    assert middle.is_symlink()
    assert real.read_bytes() == b"new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert temporary_folders == [real_folder]  # beside the real file: the rename stays atomic
    assert sorted(p.name for p in links.iterdir()) == ["middle.md", "post.md"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")
def test_batch_writes_through_links_too(tmp_path):
    real = tmp_path / "real.md"
    real.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    with AtomicBatch() as batch:
        batch.write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")
def test_dangling_link_and_link_loop_are_clear_errors(tmp_path):
    dangling = tmp_path / "post.md"
    dangling.symlink_to(tmp_path / "gone" / "post.md")
    with pytest.raises(PostdeskError, match=r"post\.md: cannot save: it is a link to .*gone"):
        atomic_write_bytes(dangling, b"text")
    assert dangling.is_symlink() and not (tmp_path / "gone").exists()
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.symlink_to(second)
    second.symlink_to(first)
    with pytest.raises(PostdeskError, match=r"a\.md: cannot save: its links lead round in a loop"):
        atomic_write_bytes(first, b"text")
    assert first.is_symlink() and second.is_symlink()


@pytest.mark.skipif(sys.platform == "win32", reason="no mode bits")
def test_tag_rename_reports_a_read_only_post_and_replaces_nothing(tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.md").write_text(f"---\ntitle: {name}\ntags: [ml]\n---\n")
    locked = tmp_path / "two" / "index.md"
    locked.chmod(0o444)
    before = {path: path.read_bytes() for path in tmp_path.rglob("*.md")}
    with pytest.raises(ReadOnlyFileError, match=r"two/index\.md: the file is read-only"):
        tags.rename(Library.scan(tmp_path), "ml", "machine learning")
    assert {path: path.read_bytes() for path in tmp_path.rglob("*.md")} == before


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
