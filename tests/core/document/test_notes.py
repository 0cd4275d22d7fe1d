"""Notes and new posts: promoting a note makes a bundle with front matter from its heading."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from editor.core.document.notes import (
    free_path,
    free_slug,
    is_open,
    new_post,
    new_slug_problem,
    promote_note,
)
from editor.core.document.post import Author, Post
from editor.core.errors import PostdeskError

NOW = datetime(2026, 11, 27, 9, 30, 12, 345, tzinfo=timezone(timedelta(hours=1)))


def test_a_new_post_gets_the_default_author_name():
    post = new_post("  Hello   world ", author=Author("Jonas", "author.png"), now=NOW)
    assert post.title == "Hello world"
    assert post.author == Author(name="Jonas")
    assert post.date == NOW.replace(microsecond=0)
    assert post.tags == []
    assert 'date: "2026-11-27T09:30:12+01:00"' in post.to_text()


def test_a_new_post_without_a_default_author_has_none():
    assert "author" not in new_post("Hi", now=NOW).metadata


def test_promoting_a_note_makes_a_draft_bundle_and_removes_the_note(tmp_path: Path):
    (tmp_path / ".postdesk.yaml").write_text("author:\n  name: Jonas\n", encoding="utf-8")
    notes = tmp_path / "notes"
    notes.mkdir()
    note = notes / "idea.md"
    note.write_text(
        "# Small Models First!\n\nA baseline first.\n\n![chart](chart.png)\n"
        "![web](https://example.com/x.png)\n",
        encoding="utf-8",
    )
    (notes / "chart.png").write_bytes(b"png")

    target = promote_note(tmp_path, note, now=NOW)

    assert target == tmp_path / "small-models-first" / "index.md"
    assert not note.exists()
    post = Post.load(target)
    assert post.title == "Small Models First!"
    assert post.draft
    assert post.author == Author(name="Jonas")
    assert (
        post.body
        == "\nA baseline first.\n\n![chart](chart.png)\n![web](https://example.com/x.png)\n"
    )
    assert (target.parent / "chart.png").read_bytes() == b"png"
    assert (notes / "chart.png").exists()


def test_a_note_without_a_heading_is_named_after_its_file(tmp_path: Path):
    note = tmp_path / "reading-list.md"
    note.write_text("Some books.\n", encoding="utf-8")
    (tmp_path / "reading-list").mkdir()  # the slug is taken: the bundle gets another name
    target = promote_note(tmp_path, note, now=NOW)
    assert target == tmp_path / "reading-list-2" / "index.md"
    assert Post.load(target).title == "reading list"
    assert Post.load(target).body == "\nSome books.\n"


def test_a_post_cannot_be_promoted(tmp_path: Path):
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Already\n---\nText\n", encoding="utf-8")
    with pytest.raises(PostdeskError, match="already a post"):
        promote_note(tmp_path, post)
    assert post.exists()


def test_a_new_post_starts_as_a_draft():
    post = new_post("Hi", now=NOW)
    assert post.draft and post.kind == "draft"


def test_a_free_slug_skips_folders_files_and_open_documents(tmp_path: Path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken-2.md").write_text("x", encoding="utf-8")
    open_unsaved = tmp_path / "taken-3" / "index.md"
    assert free_slug(tmp_path, "taken", [open_unsaved]) == "taken-4"
    assert free_slug(tmp_path, "fresh") == "fresh"


def test_a_new_posts_slug_is_refused_when_taken_and_a_free_one_offered(tmp_path: Path):
    (tmp_path / "on-disk").mkdir()
    open_unsaved = tmp_path / "in-a-tab" / "index.md"
    assert new_slug_problem(tmp_path, "fresh", [open_unsaved]) is None
    assert "try 'on-disk-2'" in str(new_slug_problem(tmp_path, "on-disk", [open_unsaved]))
    assert "try 'in-a-tab-2'" in str(new_slug_problem(tmp_path, "in-a-tab", [open_unsaved]))
    assert "unsafe" in str(new_slug_problem(tmp_path, "../up"))


def test_a_first_save_is_offered_a_free_name(tmp_path: Path):
    (tmp_path / "post").mkdir()
    (tmp_path / "note.md").write_text("x", encoding="utf-8")
    open_unsaved = tmp_path / "post-2" / "index.md"
    assert free_path(tmp_path / "post" / "index.md", [open_unsaved]) == (
        tmp_path / "post-3" / "index.md"
    )
    assert free_path(tmp_path / "note.md") == tmp_path / "note-2.md"
    assert free_path(tmp_path / "new.md") == tmp_path / "new.md"


def test_an_open_document_is_found_through_a_link(tmp_path: Path):
    post = tmp_path / "post.md"
    post.write_text("x", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(post)
    assert is_open(tmp_path / "link.md", [post])
    assert not is_open(tmp_path / "other.md", [post])
