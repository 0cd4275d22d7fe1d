"""Atomic writes: the file is either the old bytes or the new bytes, never anything else."""

import os
import stat
import sys

import pytest

from editor.core.errors import PostdeskError
from editor.core.fsutil import atomic_write_bytes, atomic_write_text


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
