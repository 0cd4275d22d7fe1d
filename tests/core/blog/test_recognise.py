"""Issue 19: a blog repository is recognised from its own files, and its posts are listed as
its engine finds them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from editor.core.blog.recognise import recognise_blog
from tests.core.blog.blogs import BLOGS, Blog

EVERY_BLOG = [pytest.param(blog, id=blog.name) for blog in BLOGS]


@pytest.mark.parametrize("blog", EVERY_BLOG)
def test_each_fixture_blog_is_recognised_as_its_kind(blog: Blog) -> None:
    found = recognise_blog(blog.source)
    assert found is not None
    assert found.kind == blog.profile
    assert found.config is not None and found.config.is_file()
    assert found.dialect.name == blog.profile


@pytest.mark.parametrize("blog", EVERY_BLOG)
def test_posts_are_the_engines_posts_without_pages(blog: Blog) -> None:
    found = recognise_blog(blog.source)
    assert found is not None
    listed = sorted(post.path.relative_to(blog.source).as_posix() for post in found.posts())
    # Hugo's pages at the top of its content folder (about) are the site's, not posts.
    expected = [name for name in blog.post_files() if name.count("/") > 1 or blog.profile != "hugo"]
    assert listed == expected
    assert not any(name.endswith("_index.md") for name in listed)


def test_a_library_of_bundles_is_no_blog(tmp_path: Path) -> None:
    (tmp_path / "first-post").mkdir()
    (tmp_path / "first-post" / "index.md").write_text("---\ntitle: First\n---\n")
    assert recognise_blog(tmp_path) is None
    assert recognise_blog(tmp_path, "hugo") is None  # no content folder to be a Hugo blog


def test_a_next_app_without_posts_is_no_blog(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"next": "14"}}))
    assert recognise_blog(tmp_path) is None
    (tmp_path / "_posts").mkdir()
    found = recognise_blog(tmp_path)
    assert found is not None and found.kind == "nextjs"
    assert found.static_roots == (tmp_path / "public",)


def test_a_package_without_next_is_no_nextjs_blog(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"react": "18"}}))
    (tmp_path / "_posts").mkdir()
    assert recognise_blog(tmp_path) is None
    # The writer can say what it is.
    named = recognise_blog(tmp_path, "nextjs")
    assert named is not None and named.kind == "nextjs" and named.config is None


def test_hugo_is_recognised_by_its_configuration_folder(tmp_path: Path) -> None:
    (tmp_path / "config" / "_default").mkdir(parents=True)
    (tmp_path / "config" / "_default" / "hugo.toml").write_text('contentDir = "posts-here"\n')
    (tmp_path / "posts-here" / "post").mkdir(parents=True)
    found = recognise_blog(tmp_path)
    assert found is not None and found.kind == "hugo"
    assert found.post_folders == (tmp_path / "posts-here",)
    assert found.static_roots == (tmp_path / "static", tmp_path / "assets")


def test_the_profile_overrides_the_guess(tmp_path: Path) -> None:
    blog = Path(shutil.copytree(BLOGS[0].source, tmp_path / "blog"))  # a Jekyll blog
    (blog / "package.json").write_text(json.dumps({"devDependencies": {"next": "14"}}))
    assert recognise_blog(blog).kind == "jekyll"  # type: ignore[union-attr]
    assert recognise_blog(blog, "nextjs").kind == "nextjs"  # type: ignore[union-attr]
    # A profile that is no kind of blog leaves the guess alone.
    assert recognise_blog(blog, "html").kind == "jekyll"  # type: ignore[union-attr]


def test_jekyll_category_folders_hold_posts_too(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: Site\n")
    (tmp_path / "releases" / "_posts").mkdir(parents=True)
    post = tmp_path / "releases" / "_posts" / "2024-05-01-one.md"
    post.write_text("---\ntitle: One\n---\n")
    (tmp_path / "about.md").write_text("---\ntitle: About\n---\n")  # a page
    found = recognise_blog(tmp_path)
    assert found is not None
    assert [(item.path, item.name) for item in found.posts()] == [(post, "one")]


def _write(path: Path, text: str = "---\ntitle: T\n---\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_built_sites_themes_and_packages_hold_no_posts(tmp_path: Path) -> None:
    jekyll = tmp_path / "jekyll"
    _write(jekyll / "_config.yml", "title: Site\n")
    post = _write(jekyll / "_posts" / "2024-01-01-real.md")
    for other in (
        "_site/2024/01/01/real.md",
        "node_modules/theme/_posts/2024-01-01-theirs.md",
        "vendor/bundle/_posts/2024-01-01-theirs.md",
        "README.md",
    ):
        _write(jekyll / other)
    found = recognise_blog(jekyll)
    assert found is not None and [item.path for item in found.posts()] == [post]

    hugo = tmp_path / "hugo"
    _write(hugo / "hugo.toml", 'title = "Site"\n')
    post = _write(hugo / "content" / "posts" / "real.md")
    for other in (
        "content/posts/_index.md",
        "public/posts/real/index.md",
        "resources/_gen/x.md",
        "themes/ledger/exampleSite/content/posts/theirs.md",
        "README.md",
    ):
        _write(hugo / other)
    found = recognise_blog(hugo)
    assert found is not None and [item.path for item in found.posts()] == [post]
