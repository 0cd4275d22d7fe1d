"""A document rendered for the preview: what a render tells the preview besides the HTML."""

from __future__ import annotations

import pytest

from editor.core.render.dialects import default_dialect
from editor.core.render.docrender import DocumentRenderer

HTML_SITE = default_dialect("html")  # raw HTML kept: its images load


@pytest.mark.parametrize(
    ("body", "remote"),
    [
        ("![chart](https://example.com/chart.png)\n", True),
        ('<img src="x.png" srcset="//cdn.example.com/x@2x.png 2x">\n', True),
        ("<div style=\"background: url('http://example.com/bg.png')\">x</div>\n", True),
        ("![chart](chart.png)\n", False),
        ("[a link](https://example.com/) is not a load\n", False),
        ("`![code](https://example.com/x.png)` is text\n", False),
    ],
)
def test_a_render_says_whether_it_loads_files_from_other_hosts(body: str, remote: bool) -> None:
    result = DocumentRenderer().render(f"Intro.\n\n{body}", None, 1, HTML_SITE)
    assert result.refers_remote is remote


def test_a_remote_cover_counts_and_an_edit_elsewhere_keeps_the_answer() -> None:
    renderer = DocumentRenderer()
    text = "---\ntitle: T\ncover:\n  image: https://example.com/c.jpg\n---\n\nBody.\n"
    assert renderer.render(text, None, 1, HTML_SITE).refers_remote
    local = text.replace("https://example.com/c.jpg", "c.jpg")
    assert not renderer.render(local, None, 2, HTML_SITE).refers_remote
    remote_body = local + "\n![x](https://example.com/x.png)\n"
    assert renderer.render(remote_body, None, 3, HTML_SITE).refers_remote
    assert renderer.render(
        remote_body.replace("Body.", "Body, edited."), None, 4, HTML_SITE
    ).refers_remote


def test_a_post_renders_as_the_chosen_blog_shows_it_and_switches_at_once() -> None:
    renderer = DocumentRenderer()
    text = '---\ntitle: T\n---\n\n"Quoted" -- text.\n\n| a |\n| - |\n| 1 |\n'
    starter = renderer.render(text, None, 1, default_dialect("nextjs")).body.html
    assert "<table" not in starter and '"Quoted" --' in starter
    hugo = renderer.render(text, None, 2, default_dialect("hugo")).body.html
    assert "<table" in hugo and "\u201cQuoted\u201d \u2013" in hugo
