"""Issue 19: an image reference in a blog's post points where the blog's engine finds it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor.core.blog.images import (
    blog_cover_path,
    blog_image_path,
    site_reference,
    without_site_prefixes,
)
from editor.core.blog.recognise import Blog, recognise_blog
from editor.core.errors import UnsafePathError


@pytest.mark.parametrize(
    ("written", "path"),
    [
        ("/img/x.png", "/img/x.png"),
        ("{{ site.baseurl }}/img/x.png", "/img/x.png"),
        ("{{site.baseurl}}/img/x.png", "/img/x.png"),
        ("{{ site.url }}{{ site.baseurl }}/img/x.png", "/img/x.png"),
        ('{{ "/img/x.png" | relative_url }}', "/img/x.png"),
        ("{{ '/img/x.png' | absolute_url }}", "/img/x.png"),
        ("pictures/x.png", "pictures/x.png"),
    ],
)
def test_liquid_prefixes_name_the_site_path(written: str, path: str) -> None:
    assert site_reference(written) == path


def test_a_bodys_liquid_prefixes_become_site_paths_line_for_line() -> None:
    body = '![a]({{ site.baseurl }}/a.png)\n\n![b]({{ "/b.png" | relative_url }})\n'
    assert without_site_prefixes(body) == "![a](/a.png)\n\n![b](/b.png)\n"


def _blog(root: Path, kind: str) -> Blog:
    if kind == "nextjs":
        (root / "package.json").write_text(json.dumps({"dependencies": {"next": "14"}}))
        (root / "_posts").mkdir()
    elif kind == "hugo":
        (root / "hugo.toml").write_text('title = "Site"\n')
        (root / "content" / "posts" / "bundle").mkdir(parents=True)
    else:
        (root / "_config.yml").write_text("title: Site\n")
        (root / "_posts").mkdir()
    blog = recognise_blog(root)
    assert blog is not None
    return blog


def _file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG")
    return path


def test_nextjs_site_paths_are_in_public(tmp_path: Path) -> None:
    blog = _blog(tmp_path, "nextjs")
    image = _file(tmp_path / "public" / "assets" / "blog" / "a.png")
    assert blog_image_path(blog, tmp_path / "_posts", "/assets/blog/a.png") == image


def test_hugo_looks_in_static_then_assets_and_beside_a_bundle(tmp_path: Path) -> None:
    blog = _blog(tmp_path, "hugo")
    bundle = tmp_path / "content" / "posts" / "bundle"
    in_assets = _file(tmp_path / "assets" / "img" / "a.png")
    assert blog_image_path(blog, bundle, "/img/a.png") == in_assets
    in_static = _file(tmp_path / "static" / "img" / "a.png")
    assert blog_image_path(blog, bundle, "/img/a.png") == in_static
    resource = _file(bundle / "diagram.png")
    assert blog_image_path(blog, bundle, "diagram.png") == resource


def test_jekyll_site_paths_are_in_the_site_root(tmp_path: Path) -> None:
    blog = _blog(tmp_path, "jekyll")
    image = _file(tmp_path / "assets" / "images" / "a.jpg")
    posts = tmp_path / "_posts"
    assert blog_image_path(blog, posts, '{{ "/assets/images/a.jpg" | relative_url }}') == image
    # A theme's front matter path without its slash is from the site root too.
    post = posts / "2024-01-01-a.md"
    assert blog_cover_path(blog, post, "assets/images/a.jpg") == image


def test_a_missing_site_path_names_where_the_engine_looks_first(tmp_path: Path) -> None:
    blog = _blog(tmp_path, "hugo")
    found = blog_image_path(blog, tmp_path / "content", "/img/gone.png")
    assert found == tmp_path / "static" / "img" / "gone.png"


@pytest.mark.parametrize(
    "reference", ["/../outside.png", "../../../outside.png", "https://x/y.png"]
)
def test_a_path_leading_out_of_the_blog_is_refused(tmp_path: Path, reference: str) -> None:
    (tmp_path / "blog").mkdir()
    blog = _blog(tmp_path / "blog", "nextjs")
    with pytest.raises(UnsafePathError):
        blog_image_path(blog, tmp_path / "blog" / "_posts", reference)
