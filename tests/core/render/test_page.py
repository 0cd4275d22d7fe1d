"""The preview page: the header as the blog shows it, the skeleton, the CSP, the styles."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from editor.core.document.post import Post
from editor.core.render.docrender import DocumentRenderer, render_page
from editor.core.render.highlight import pygments_css
from editor.core.render.page import (
    content_security_policy,
    format_date,
    page_css,
    render_header,
)
from editor.core.render.renderer import Renderer


def test_header_shows_cover_credit_title_date_reading_time_and_tags(post: Post) -> None:
    header = render_header(post)
    assert header.startswith('<header id="post-header"')
    assert 'src="cover.jpg"' in header
    assert 'alt="Cover Image for Shipping &lt;models&gt; &amp; more"' in header
    assert '<a href="https://unsplash.com/@jane">Photo by Jane Doe on Unsplash</a>' in header
    assert '<h1 class="post-title">Shipping &lt;models&gt; &amp; more</h1>' in header
    assert ">March 4, 2025</time>" in header
    assert "1 min read" in header
    assert header.count('class="tag"') == 3
    assert ">a&amp;b</a>" in header


def test_credit_without_url_is_plain_text() -> None:
    post = Post.from_text("---\ntitle: T\ncover:\n  image: c.png\n  credit: Photo by Me\n---\nx\n")
    header = render_header(post)
    assert '<figcaption class="cover-credit">Photo by Me</figcaption>' in header


@pytest.mark.parametrize("url", ["https://unsplash.com/@jane", "HTTP://example.com/a?b=1&c=2"])
def test_credit_links_to_http_and_https(url: str) -> None:
    post = Post.from_text(
        "---\ntitle: T\ncover:\n  image: c.png\n  credit: Photo by Me\n"
        f"  credit_url: {json.dumps(url)}\n---\nx\n"
    )
    assert f'<a href="{url.replace("&", "&amp;")}">Photo by Me</a>' in render_header(post)


def test_reading_time_counts_the_body() -> None:
    post = Post.from_text("---\ntitle: Long\n---\n" + "word " * 1000)
    assert "5 min read" in render_header(post)


def test_format_date_uses_english_month_names() -> None:
    when = datetime(2025, 3, 4, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert format_date(when) == "March 4, 2025"


def test_page_has_the_skeleton_the_window_patches(post: Post) -> None:
    page = render_page(post, theme="dark")
    assert '<html lang="en" data-theme="dark">' in page
    assert '<article class="post"><header id="post-header"' in page.replace("\n", "")
    assert '<div id="post-body" class="post-body">' in page
    assert "<script" not in page


def test_page_base_is_the_post_folder_so_relative_images_resolve(post: Post) -> None:
    page = render_page(post)
    folder = Path("/library/shipping").resolve().as_uri()
    assert f'<base href="{folder}/">' in page
    assert '<base href="https://blog.example/">' in render_page(
        post, base_url="https://blog.example/"
    )


def test_a_document_without_a_folder_has_no_base() -> None:
    assert "<base" not in render_page(Post.from_text("Just a note.\n"))


def test_csp_allows_no_scripts_and_remote_images_and_fonts_only_on_request(post: Post) -> None:
    policy = re.search(
        r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', render_page(post)
    )
    assert policy is not None
    assert policy.group(1) == content_security_policy(False)
    assert "script-src" not in policy.group(1)
    assert "default-src 'none'" in policy.group(1)
    assert "https:" not in policy.group(1)
    assert "img-src file: data: https: http:" in content_security_policy(True)
    assert "font-src file: data: https: http:" in content_security_policy(True)


def test_stylesheet_has_light_and_dark_themes_and_pygments_for_both() -> None:
    css = page_css()
    assert ':root[data-theme="dark"]' in css and "--bg:" in css
    assert pygments_css("light") in css and pygments_css("dark") in css
    assert ':root[data-theme="dark"] .highlight .k' in pygments_css("dark")
    assert pygments_css("light") != pygments_css("dark")


def test_unknown_theme_is_refused(post: Post) -> None:
    with pytest.raises(ValueError, match="theme"):
        render_page(post, theme="sepia")


def test_page_reuses_the_given_renderer(post: Post, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[str] = []
    original = Renderer._convert

    def convert(self: Renderer, text: str, *args: Any) -> Any:
        rendered.append(text)
        return original(self, text, *args)

    monkeypatch.setattr(Renderer, "_convert", convert)
    renderer = DocumentRenderer(whole=True)
    render_page(post, renderer=renderer)
    count = len(rendered)
    assert count
    render_page(post, theme="dark", renderer=renderer)
    assert len(rendered) == count


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "ftp://example.com/photo",
    ],
)
def test_credit_links_only_to_web_addresses(url: str) -> None:
    post = Post.from_text(
        "---\ntitle: T\ncover:\n  image: c.png\n  credit: Photo by Me\n"
        f"  credit_url: {json.dumps(url)}\n---\nx\n"
    )
    assert post.cover is not None and post.cover.credit_url == url
    header = render_header(post)
    assert '<figcaption class="cover-credit">Photo by Me</figcaption>' in header
    assert "href" not in header.split('class="cover-credit"', 1)[1]
