"""Covers: copied beside the post under the cover name, and a smaller copy offered when wide."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core import covers
from editor.core.errors import PostdeskError


def test_a_bundle_cover_is_named_cover_and_jpeg_becomes_jpg(tmp_path: Path):
    assert covers.cover_name(tmp_path / "post" / "index.md", ".JPEG") == "cover.jpg"
    assert covers.cover_name(tmp_path / "post" / "index.md", ".png") == "cover.png"


def test_a_single_file_post_gets_its_own_cover_name(tmp_path: Path):
    assert covers.cover_name(tmp_path / "_posts" / "hello.md", ".webp") == "hello-cover.webp"


def test_a_file_that_is_not_an_image_is_refused(tmp_path: Path):
    with pytest.raises(PostdeskError, match="not an image"):
        covers.cover_name(tmp_path / "index.md", ".exe")


def test_copy_cover_copies_the_bytes_and_replaces_an_older_cover(tmp_path: Path):
    post = tmp_path / "bundle" / "index.md"
    post.parent.mkdir()
    (post.parent / "cover.png").write_bytes(b"old")
    source = tmp_path / "Holiday Photo.PNG"
    source.write_bytes(b"\x89PNG new")

    target = covers.copy_cover(source, post)

    assert target == post.parent / "cover.png"
    assert target.read_bytes() == b"\x89PNG new"
    assert source.read_bytes() == b"\x89PNG new"


def test_copying_the_cover_onto_itself_changes_nothing(tmp_path: Path):
    post = tmp_path / "index.md"
    cover = tmp_path / "cover.jpg"
    cover.write_bytes(b"jpeg")
    assert covers.copy_cover(cover, post) == cover
    assert cover.read_bytes() == b"jpeg"


def test_a_missing_source_names_the_file(tmp_path: Path):
    with pytest.raises(PostdeskError) as caught:
        covers.copy_cover(tmp_path / "gone.jpg", tmp_path / "index.md")
    assert caught.value.path == tmp_path / "gone.jpg"


def test_a_new_posts_bundle_folder_is_made_for_its_cover(tmp_path: Path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"jpeg")
    target = covers.copy_cover(source, tmp_path / "new-post" / "index.md")
    assert target == tmp_path / "new-post" / "cover.jpg"
    assert target.read_bytes() == b"jpeg"


def test_image_bytes_are_installed_as_the_cover(tmp_path: Path):
    target = covers.install_cover_bytes(b"data", ".png", tmp_path / "index.md")
    assert target.read_bytes() == b"data"
    assert target.name == "cover.png"


def test_only_images_wider_than_2400_px_are_offered_a_smaller_copy():
    assert not covers.needs_downscale(2400)
    assert covers.needs_downscale(2401)
    assert covers.downscaled_size(4800, 3200) == (2400, 1600)
    assert covers.downscaled_size(1200, 800) == (1200, 800)
