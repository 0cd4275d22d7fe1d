"""Issue 19: a blog's fields read under the names each kind of blog (and its themes) uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.blog.fields import blog_fields

POST = Path("/blog/_posts/2024-05-01-a-post.md")


@pytest.mark.parametrize(
    ("kind", "meta", "image"),
    [
        ("nextjs", {"coverImage": "/assets/blog/a/cover.jpg"}, "/assets/blog/a/cover.jpg"),
        ("hugo", {"cover": {"image": "cover.jpg", "alt": "A"}}, "cover.jpg"),
        ("hugo", {"images": ["img/social.png"]}, "img/social.png"),
        ("jekyll", {"image": "/img/x.png"}, "/img/x.png"),
        ("jekyll", {"image": {"path": "/img/x.png"}}, "/img/x.png"),
        ("jekyll", {"header": {"teaser": "assets/t.jpg"}}, "assets/t.jpg"),
        ("jekyll", {"header": {"overlay_image": "/assets/o.jpg"}}, "/assets/o.jpg"),
        ("nextjs", {"cover": "/c.png"}, "/c.png"),
    ],
)
def test_the_cover_is_read_under_the_blogs_own_name(
    kind: str, meta: dict[str, object], image: str
) -> None:
    fields = blog_fields(kind, meta, POST)
    assert fields.cover is not None and fields.cover.image == image


def test_a_hugo_caption_is_the_covers_credit() -> None:
    meta = {"cover": {"image": "c.jpg", "caption": "[Photo by Ana](https://example.com/ana)"}}
    cover = blog_fields("hugo", meta, POST).cover
    assert cover is not None
    assert (cover.credit, cover.credit_url) == ("Photo by Ana", "https://example.com/ana")


@pytest.mark.parametrize(
    ("kind", "meta", "excerpt"),
    [
        ("hugo", {"summary": "S", "description": "D"}, "S"),
        ("hugo", {"description": "D"}, "D"),
        ("nextjs", {"excerpt": "E"}, "E"),
        ("jekyll", {"excerpt": "E", "summary": "S"}, "E"),
    ],
)
def test_the_excerpt_is_the_blogs_summary(kind: str, meta: dict[str, object], excerpt: str) -> None:
    assert blog_fields(kind, meta, POST).excerpt == excerpt


@pytest.mark.parametrize(
    ("meta", "in_drafts", "draft"),
    [
        ({}, False, False),
        ({}, True, True),
        ({"draft": True}, False, True),
        ({"published": False}, False, True),
        ({"published": True}, False, False),
    ],
)
def test_drafts_are_marked_as_the_blog_marks_them(
    meta: dict[str, object], in_drafts: bool, draft: bool
) -> None:
    assert blog_fields("jekyll", meta, POST, in_drafts=in_drafts).draft is draft


def test_an_import_reads_only_the_fields_its_export_writes() -> None:
    meta = {"description": "D", "images": ["x.png"], "published": False}
    fields = blog_fields("hugo", meta, POST, own_only=True)
    assert (fields.cover, fields.excerpt, fields.draft) == (None, "", False)


def test_a_jekyll_post_without_a_date_has_its_file_names() -> None:
    fields = blog_fields("jekyll", {"title": "T", "tags": ["a", "b"]}, POST)
    assert fields.date is not None and fields.date.date().isoformat() == "2024-05-01"
    assert (fields.title, fields.tags) == ("T", ["a", "b"])


@pytest.mark.parametrize(
    ("kind", "tags", "expected"),
    [
        ("jekyll", "release security", ["release", "security"]),
        ("jekyll", ["release notes", "security"], ["release notes", "security"]),
        ("hugo", "release notes", ["release notes"]),
        ("nextjs", ["a", "b"], ["a", "b"]),
    ],
)
def test_tags_are_read_as_the_blog_reads_them(kind: str, tags: object, expected: list[str]) -> None:
    assert blog_fields(kind, {"tags": tags}, POST).tags == expected
