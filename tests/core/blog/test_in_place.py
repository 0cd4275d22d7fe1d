"""Issue 19: a blog repository opened in place is the library, as it is.

Each fixture blog of ``tests/data/blogs/`` (see ``tests/core/export/blogs.py``) in a git
repository: a scan lists every post and no page, drafts as drafts, covers where the blog finds
them; ``check`` names a missing site-root image with its line; opening and saving a post
changes nothing; renaming a tag changes only tag lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.blog.images import site_reference
from editor.core.document.post import Post
from editor.core.library import tags
from editor.core.library.checks import check_library
from editor.core.library.library import Library
from editor.core.workspace import Workspace
from tests.core.blog.blogs import BLOGS, Blog, changed_lines, changes, git, make_repository
from tests.core.workspace.test_workspace import ScriptedAsker

EVERY_BLOG = [pytest.param(blog, id=blog.name) for blog in BLOGS]


def _posts(blog: Blog) -> list[str]:
    """The blog's post files as its engine finds them, without Hugo's top-level pages."""
    return [name for name in blog.post_files() if blog.profile != "hugo" or name.count("/") > 1]


@pytest.fixture
def repository(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    blog: Blog = request.getfixturevalue("blog")
    return make_repository(blog, tmp_path / blog.name)


@pytest.mark.parametrize("blog", EVERY_BLOG)
def test_a_scan_lists_every_post_and_no_page(blog: Blog, repository: Path) -> None:
    library = Library.scan(repository)
    assert library.blog is not None and library.blog.kind == blog.profile
    listed = sorted(entry.path.relative_to(repository).as_posix() for entry in library.entries)
    assert listed == _posts(blog)
    assert all(entry.kind in ("post", "draft") for entry in library.entries)
    assert all(entry.title for entry in library.entries)
    # Nothing is written in the blog, not even an index cache.
    assert changes(repository) == ("", "")


@pytest.mark.parametrize("blog", EVERY_BLOG)
def test_drafts_are_listed_as_drafts(blog: Blog, repository: Path) -> None:
    library = Library.scan(repository)
    drafts = sorted(
        entry.path.relative_to(repository).as_posix()
        for entry in library.entries
        if entry.kind == "draft"
    )
    assert drafts == sorted(blog.drafts)


@pytest.mark.parametrize(
    ("blog", "post", "cover"),
    [
        (BLOGS[3], "_posts/giving-feedback.md", "public/assets/blog/feedback/cover-art.jpg"),
        (
            BLOGS[2],
            "content/posts/guides/page-bundles/index.md",
            "content/posts/guides/page-bundles/cover.jpg",
        ),
        (
            BLOGS[1],
            "_posts/2012-03-15-layout-header-overlay-image.md",
            "assets/images/overlay-harbour.jpg",
        ),
        (
            BLOGS[1],
            "_posts/2010-08-05-post-image-standard.md",
            "assets/images/gallery-image-1.jpg",
        ),
    ],
    ids=["nextjs-site-root", "hugo-bundle", "jekyll-header", "jekyll-teaser"],
)
def test_covers_resolve_as_the_blog_resolves_them(
    blog: Blog, repository: Path, post: str, cover: str
) -> None:
    entry = Library.scan(repository).entry(repository / post)
    assert entry is not None
    assert entry.cover_image is not None and entry.cover_image.is_file()
    assert entry.cover_image.resolve() == (repository / cover).resolve()


@pytest.mark.parametrize("blog", EVERY_BLOG)
def test_check_finds_the_blogs_images(blog: Blog, repository: Path) -> None:
    problems = check_library(Library.scan(repository))
    assert [str(problem) for problem in problems if problem.severity == "error"] == []


# A post of each kind showing an image its blog does not have, at file line 6.
_MISSING = {
    "nextjs": ("_posts/missing-image.md", "/assets/blog/missing-image/diagram.png"),
    "hugo": ("content/posts/missing-image.md", "/img/diagram.png"),
    "jekyll": ("_posts/2024-05-01-missing-image.md", "{{ site.baseurl }}/assets/diagram.png"),
}


@pytest.mark.parametrize("blog", EVERY_BLOG)
def test_check_reports_a_missing_site_root_image_with_its_line(
    blog: Blog, repository: Path
) -> None:
    name, reference = _MISSING[blog.profile]
    post = repository / name
    post.write_text(
        f'---\ntitle: "Missing"\ndate: 2024-05-01\n---\n\n![A diagram]({reference})\n',
        encoding="utf-8",
    )
    problems = check_library(Library.scan(repository))
    problems = [problem for problem in problems if problem.path == post]
    assert [(problem.severity, problem.line) for problem in problems] == [("error", 6)]
    assert repr(site_reference(reference)) in problems[0].message


@pytest.mark.parametrize("blog", EVERY_BLOG)
def test_opening_and_saving_an_unedited_post_changes_nothing(blog: Blog, repository: Path) -> None:
    library = Library.scan(repository)
    workspace = Workspace(ScriptedAsker())
    workspace.set_library(library)
    for entry in library.entries:
        Post.load(entry.path).save()
        document = workspace.open(entry.path)
        assert document is not None
        assert workspace.save(document)
    assert changes(repository) == ("", "")


@pytest.mark.parametrize("blog", EVERY_BLOG)
def test_renaming_a_tag_changes_only_tag_lines(blog: Blog, repository: Path) -> None:
    change = tags.rename(Library.scan(repository), blog.tag, blog.renamed_tag)
    assert sorted(path.relative_to(repository).as_posix() for path in change.files) == sorted(
        blog.tagged
    )
    status, diff = changes(repository)
    assert sorted(line[3:] for line in status.splitlines()) == sorted(blog.tagged)
    numstat = [line.split("\t") for line in git(repository, "diff", "--numstat").splitlines()]
    assert all(added == removed for added, removed, _name in numstat)
    for line in changed_lines(diff):
        # A tag line: YAML's ``tags: [...]`` or ``- tag``, TOML's ``tags = [...]``, JSON's.
        tag = line[1:].strip().lstrip("-").strip().strip('",')
        assert "tags" in line or tag in (blog.tag, blog.renamed_tag), line
    assert blog.renamed_tag in diff
    # Undo puts every byte back.
    change.undo()
    assert changes(repository) == ("", "")


@pytest.mark.parametrize("blog", [BLOGS[0]], ids=[BLOGS[0].name])
def test_a_new_post_is_listed_when_it_appears_and_a_new_page_is_not(
    blog: Blog, repository: Path
) -> None:
    library = Library.scan(repository)
    count = len(library.entries)
    post = repository / "_posts" / "2024-05-01-fresh.md"
    post.write_text("---\ntitle: Fresh\ntags: [new]\n---\n", encoding="utf-8")
    page = repository / "contact.md"
    page.write_text("---\ntitle: Contact\n---\n", encoding="utf-8")
    library.refresh(post)
    library.refresh(page)
    assert len(library.entries) == count + 1
    entry = library.entry(post)
    assert entry is not None
    assert (entry.title, entry.slug, entry.tags) == ("Fresh", "fresh", ("new",))
    assert library.entry(page) is None


def test_two_jekyll_posts_of_one_name_on_different_days_are_no_duplicates(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Site\n")
    (tmp_path / "_posts").mkdir()
    for day in ("2024-05-01", "2025-05-01"):
        (tmp_path / "_posts" / f"{day}-weekly-notes.md").write_text("---\ntitle: Notes\n---\n")
    assert check_library(Library.scan(tmp_path)) == []


def test_an_open_blog_post_with_unsaved_changes_is_retagged_in_the_editor(tmp_path: Path) -> None:
    repository = make_repository(BLOGS[2], tmp_path / "blog")  # Hugo: TOML front matter
    post = repository / "content" / "posts" / "guides" / "setup" / "configuration_options.md"
    text = post.read_text(encoding="utf-8") + "\nA paragraph not saved yet.\n"
    change = tags.rename(
        Library.scan(repository), "markdown", "writing", [tags.OpenPost(post, text, True)]
    )
    assert post not in change.files
    assert change.edited[post] == text.replace('"markdown"]', '"writing"]')


def test_a_jekyll_tag_string_is_renamed_in_place(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Site\n")
    post = tmp_path / "_posts" / "2024-05-01-release.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: Release\ntags: release security\n---\n\nText.\n")
    library = Library.scan(tmp_path)
    assert [count.name for count in library.tag_counts()] == ["release", "security"]
    tags.rename(library, "release", "releases")
    assert post.read_text() == "---\ntitle: Release\ntags: releases security\n---\n\nText.\n"
    # A tag of two words cannot be one of Jekyll's words: the tags become a list.
    tags.rename(library, "security", "security fixes")
    assert post.read_text() == (
        "---\ntitle: Release\ntags:\n- releases\n- security fixes\n---\n\nText.\n"
    )
