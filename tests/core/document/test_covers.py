"""Covers: a new one waits for the post's save under a free name, the old one goes only when no
post shows it, and a smaller copy is offered when wide."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.document import covers
from editor.core.document.post import Cover, Post
from editor.core.errors import PostdeskError
from editor.core.library.library import Library


def test_a_bundle_cover_is_named_cover_and_jpeg_becomes_jpg(tmp_path: Path):
    assert covers.cover_name(tmp_path / "post" / "index.md", ".JPEG") == "cover.jpg"
    assert covers.cover_name(tmp_path / "post" / "index.md", ".png") == "cover.png"


def test_a_single_file_post_gets_its_own_cover_name(tmp_path: Path):
    assert covers.cover_name(tmp_path / "_posts" / "hello.md", ".webp") == "hello-cover.webp"


def test_a_file_that_is_not_an_image_is_refused(tmp_path: Path):
    with pytest.raises(PostdeskError, match="not an image"):
        covers.cover_name(tmp_path / "index.md", ".exe")


def make_post(folder: Path, cover: str | None, body: str = "Text.\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    head = f"cover:\n  image: {cover}\n" if cover else ""
    post = folder / "index.md"
    post.write_text(f"---\ntitle: A post\n{head}---\n\n{body}", encoding="utf-8")
    return post


def test_a_new_cover_never_takes_the_name_of_a_file_or_of_a_held_cover(tmp_path: Path):
    post = tmp_path / "bundle" / "index.md"
    post.parent.mkdir()
    assert covers.free_cover_path(post, ".JPEG") == post.parent / "cover.jpg"
    (post.parent / "cover.jpg").write_bytes(b"old")
    assert covers.free_cover_path(post, ".jpg") == post.parent / "cover-2.jpg"
    held = [post.parent / "cover-2.jpg"]
    assert covers.free_cover_path(post, ".jpg", held) == post.parent / "cover-3.jpg"
    single = tmp_path / "_posts" / "hello.md"
    single.parent.mkdir()
    (single.parent / "hello-cover.webp").write_bytes(b"x")
    assert covers.free_cover_path(single, ".webp") == single.parent / "hello-cover-2.webp"


def test_a_held_cover_changes_nothing_on_disk_until_the_post_is_saved(tmp_path: Path):
    post = make_post(tmp_path / "bundle", "cover.jpg")
    (post.parent / "cover.jpg").write_bytes(b"old")
    pending = covers.PendingCovers()

    target = pending.hold(post, ".jpg", b"new")

    assert target == post.parent / "cover-2.jpg"
    assert sorted(p.name for p in post.parent.iterdir()) == ["cover.jpg", "index.md"]
    held = pending.held_copy(target)
    assert held is not None and held.read_bytes() == b"new" and pending.holds(held)
    assert not pending.holds(post.parent / "cover.jpg")

    pending.write(post, post, Post.from_text(post.read_text().replace("cover.jpg", target.name)))

    assert target.read_bytes() == b"new"
    assert (post.parent / "cover.jpg").read_bytes() == b"old"
    assert pending.held_copy(target) is None
    pending.close()


def test_a_held_cover_the_saved_post_does_not_show_stays_held(tmp_path: Path):
    post = make_post(tmp_path / "bundle", "cover.jpg")
    pending = covers.PendingCovers()
    target = pending.hold(post, ".png", b"undone")  # the choice was undone before the save

    pending.write(post, post, Post.from_text(post.read_text()))

    assert not target.exists()
    assert pending.held_copy(target) is not None  # Redo and another save still write it
    pending.discard(post)
    assert pending.held_copy(target) is None
    pending.close()


def test_a_file_that_took_the_held_name_is_never_written_over(tmp_path: Path):
    post = make_post(tmp_path / "bundle", None)
    pending = covers.PendingCovers()
    target = pending.hold(post, ".png", b"new")
    target.write_bytes(b"someone else's")
    saved = Post.from_text(post.read_text())
    saved.cover = Cover(target.name)

    with pytest.raises(PostdeskError, match="took this new cover's name") as caught:
        pending.write(post, post, saved)

    assert caught.value.path == target
    assert target.read_bytes() == b"someone else's"
    assert pending.held_copy(target) is not None
    pending.close()


def test_a_released_cover_leaves_the_disk_and_comes_back_with_the_next_save(tmp_path: Path):
    post = make_post(tmp_path / "bundle", "cover.jpg")
    old = post.parent / "cover.jpg"
    old.write_bytes(b"old")
    pending = covers.PendingCovers()

    pending.release(post, old)
    assert not old.exists()
    assert pending.held_copy(old) is not None
    assert pending.hold(post, ".jpg", b"new").name == "cover-2.jpg"  # its name stays taken

    pending.write(post, post, Post.from_text(post.read_text()))  # undone, saved again
    assert old.read_bytes() == b"old"
    pending.close()


def test_held_covers_follow_their_post_to_its_new_folder(tmp_path: Path):
    post = make_post(tmp_path / "old-slug", None)
    pending = covers.PendingCovers()
    target = pending.hold(post, ".png", b"new")
    post.parent.rename(tmp_path / "new-slug")
    moved = tmp_path / "new-slug" / "index.md"

    pending.follow(post, moved)
    saved = Post.from_text(moved.read_text())
    saved.cover = Cover(target.name)
    pending.write(moved, moved, saved)

    assert (moved.parent / target.name).read_bytes() == b"new"
    pending.close()


def test_a_missing_source_names_the_file(tmp_path: Path):
    pending = covers.PendingCovers()
    with pytest.raises(PostdeskError) as caught:
        pending.hold_file(tmp_path / "index.md", tmp_path / "gone.jpg")
    assert caught.value.path == tmp_path / "gone.jpg"


def test_the_dropped_cover_is_the_old_file_the_saved_post_no_longer_shows(tmp_path: Path):
    post = make_post(tmp_path / "bundle", "cover.jpg")
    (post.parent / "cover.jpg").write_bytes(b"old")
    before = Post.from_text(post.read_text(), post)
    after_text = post.read_text().replace("cover.jpg", "cover-2.jpg")
    after = Post.from_text(after_text, post)
    assert covers.dropped_cover(before, after, post) == post.parent / "cover.jpg"
    in_body = Post.from_text(after_text + "\n![Again](cover.jpg)\n", post)
    assert covers.dropped_cover(before, in_body, post) is None
    assert covers.dropped_cover(before, before, post) is None


def test_a_cover_from_outside_the_posts_folder_is_never_its_to_drop(tmp_path: Path):
    shared = tmp_path / "shared" / "cover.jpg"
    shared.parent.mkdir()
    shared.write_bytes(b"shared")
    post = make_post(tmp_path / "bundle", "../shared/cover.jpg")
    before = Post.from_text(post.read_text(), post)
    after = Post.from_text(post.read_text().replace("../shared/cover.jpg", "x.jpg"), post)
    assert covers.dropped_cover(before, after, post) is None


def test_a_cover_another_post_shows_is_in_use(tmp_path: Path):
    root = tmp_path / "library"
    post = make_post(root / "first", "cover.jpg")
    cover = post.parent / "cover.jpg"
    cover.write_bytes(b"old")
    other = make_post(root / "second", None)
    assert not covers.cover_in_use(cover, post, Library.scan(root), [])

    make_post(root / "second", "../first/cover.jpg")
    assert covers.cover_in_use(cover, post, Library.scan(root), [])
    # An open document shows it in its unsaved text, or names it in front matter that
    # cannot be read; the saved post itself does not count.
    text = "---\ntitle: Open\n---\n\n![Here](../first/cover.jpg)\n"
    assert covers.cover_in_use(cover, post, None, [(text, other)])
    assert covers.cover_in_use(cover, post, None, [("---\ntitle: [\n---\ncover.jpg", other)])
    assert not covers.cover_in_use(cover, post, None, [(post.read_text(), post)])


def test_only_images_wider_than_2400_px_are_offered_a_smaller_copy():
    assert not covers.needs_downscale(2400)
    assert covers.needs_downscale(2401)
    assert covers.downscaled_size(4800, 3200) == (2400, 1600)
    assert covers.downscaled_size(1200, 800) == (1200, 800)
