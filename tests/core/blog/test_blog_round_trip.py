"""Issue 13: a real blog imported into a library and exported back is unchanged, and an edit in
Postdesk changes only its own lines.

Measured on the fixture blogs of ``tests/data/blogs/`` (see ``blogs.py``);
``python -m tests.core.blog.blogs`` prints what a round trip changes in each blog.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.core.blog.blogs import (
    BLOGS,
    Blog,
    RoundTrip,
    built_pages,
    changed_lines,
    export_library,
    files,
    import_blog,
    make_repository,
    round_trip,
)

EVERY_BLOG = [pytest.param(blog, id=blog.name) for blog in BLOGS]
BUILT_BLOGS = [pytest.param(blog, id=blog.name) for blog in BLOGS if blog.engine is not None]


def assert_whole(blog: Blog, trip: RoundTrip) -> None:
    """Every post of the blog was imported and exported back without an error: a clean
    ``git status`` means nothing otherwise."""
    assert not trip.errors, "\n".join(trip.errors)
    assert trip.imported == len(blog.post_files())


def skip_without_engine(blog: Blog) -> None:
    """Skip the test when the blog's engine is not installed here."""
    if blog.engine is None or shutil.which(blog.engine) is None:
        pytest.skip(f"{blog.engine} is not installed")


@pytest.mark.parametrize("blog", EVERY_BLOG)
def test_import_then_export_back_leaves_the_repository_unchanged(
    blog: Blog, tmp_path: Path
) -> None:
    trip = round_trip(blog, tmp_path)

    assert_whole(blog, trip)
    assert trip.status() == ""


@pytest.mark.parametrize("blog", EVERY_BLOG)
def test_export_into_an_empty_folder_writes_the_blogs_own_files(blog: Blog, tmp_path: Path) -> None:
    repository = make_repository(blog, tmp_path / "repository")
    problems, imported = import_blog(blog, repository, tmp_path / "library")
    assert not [problem for problem in problems if problem.severity == "error"]
    assert imported == len(blog.post_files())

    plan = export_library(blog, tmp_path / "library", tmp_path / "empty")

    assert not plan.errors, [str(problem) for problem in plan.errors]
    original, exported = files(repository), files(tmp_path / "empty")
    assert [name for name in blog.post_files() if exported.get(name) != original[name]] == []
    # Images too: each at the blog's own path, with the blog's own bytes.
    assert [name for name, data in exported.items() if original.get(name) != data] == []


@pytest.mark.parametrize("blog", EVERY_BLOG)
def test_a_renamed_tag_changes_only_the_lines_holding_it(blog: Blog, tmp_path: Path) -> None:
    trip = round_trip(blog, tmp_path, retag=True)

    assert_whole(blog, trip)
    assert trip.status().splitlines() == [f" M {name}" for name in sorted(blog.tagged)]
    lines = changed_lines(trip.diff())
    removed = [line[1:] for line in lines if line.startswith("-")]
    added = [line[1:] for line in lines if line.startswith("+")]
    old = re.compile(re.escape(blog.tag), re.IGNORECASE)
    assert removed and all(old.search(line) for line in removed), removed
    # Each tag line comes back as it was written, with only the tag's name changed.
    assert added == [old.sub(blog.renamed_tag, line) for line in removed]


@pytest.mark.parametrize("blog", BUILT_BLOGS)
def test_the_engine_builds_the_same_pages_after_the_round_trip(blog: Blog, tmp_path: Path) -> None:
    skip_without_engine(blog)
    before = built_pages(blog, blog.source, tmp_path / "before")

    trip = round_trip(blog, tmp_path / "trip")

    assert_whole(blog, trip)
    after = built_pages(blog, trip.repository, tmp_path / "after")
    assert sorted(after) == sorted(before)
    assert [page for page in before if after[page] != before[page]] == []


@pytest.mark.parametrize("blog", BUILT_BLOGS)
def test_each_fixture_blog_builds_a_page_per_published_post(blog: Blog, tmp_path: Path) -> None:
    skip_without_engine(blog)

    pages = built_pages(blog, blog.source, tmp_path)

    posts = [page for page, html in pages.items() if "<article" in html]
    assert len(posts) == len(blog.post_files()) - len(blog.drafts), sorted(posts)
