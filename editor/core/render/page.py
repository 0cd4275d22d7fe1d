"""The preview page of a post: its header as the blog shows it, the body blocks, the styles.

The page carries a Content-Security-Policy without script-src, so nothing in a post runs;
the window injects its own preview script.
"""

from __future__ import annotations

import functools
import html
from datetime import datetime
from importlib import resources
from string import Template

from editor.core.document.paths import is_web_url
from editor.core.document.post import Post
from editor.core.render.highlight import check_theme, pygments_css
from editor.core.render.readtime import reading_minutes

_MONTHS = "January February March April May June July August September October November December"


def render_header(post: Post) -> str:
    """The post's header as the blog shows it: cover and credit, title, date, reading time, tags.

    The credit links to ``credit_url`` only when that is an http(s) URL; otherwise it is text.
    """
    parts = ['<header id="post-header" class="post-header">']
    cover = post.cover
    title = post.title
    if cover is not None and cover.image:
        credit = ""
        if cover.credit and is_web_url(cover.credit_url):
            credit = (
                f'<figcaption class="cover-credit"><a href="{_attr(cover.credit_url.strip())}">'
                f"{html.escape(cover.credit)}</a></figcaption>"
            )
        elif cover.credit:
            credit = f'<figcaption class="cover-credit">{html.escape(cover.credit)}</figcaption>'
        parts.append(
            f'<figure class="cover"><img src="{_attr(cover.image)}"'
            f' alt="{_attr(f"Cover Image for {title}")}">{credit}</figure>'
        )
    if title:
        parts.append(f'<h1 class="post-title">{html.escape(title)}</h1>')
    meta = []
    if post.date is not None:
        meta.append(
            f'<time datetime="{_attr(post.date.isoformat())}">{format_date(post.date)}</time>'
        )
    meta.append(f'<span class="reading-time">{reading_minutes(post.body)} min read</span>')
    parts.append(f'<div class="post-meta">{"".join(meta)}</div>')
    if post.tags:
        chips = "".join(
            f'<li><a class="tag" href="#tag-{_attr(tag)}" data-tag="{_attr(tag)}">'
            f"{html.escape(tag)}</a></li>"
            for tag in post.tags
        )
        parts.append(f'<ul class="post-tags">{chips}</ul>')
    parts.append("</header>")
    return "\n".join(parts)


def format_date(value: datetime) -> str:
    """A date as the blog shows it: ``March 4, 2025`` (English month names, any locale)."""
    return f"{_MONTHS.split()[value.month - 1]} {value.day}, {value.year}"


def assemble_page(
    *,
    title: str,
    header: str,
    body: str,
    theme: str = "light",
    base_url: str | None = None,
    allow_remote: bool = False,
) -> str:
    """The preview page around an already rendered `header` and `body` (HTML).

    The window loads it with an empty header and body, then fills them in block by block.
    """
    check_theme(theme)
    base = f'<base href="{_attr(base_url)}">' if base_url else ""
    page = Template(_resource_text("page.html"))
    return page.substitute(
        theme=theme,
        csp=content_security_policy(allow_remote),
        base=base,
        title=html.escape(title),
        css=page_css(),
        header=header,
        body=body,
    )


def content_security_policy(allow_remote: bool = False) -> str:
    """The preview's CSP: local files, inline styles, no scripts, remote images/fonts on request.

    Audio and video stay local even then: the writer allowed images and fonts.
    """
    remote = "file: data: https: http:" if allow_remote else "file: data:"
    return (
        f"default-src 'none'; img-src {remote}; media-src file: data:; "
        f"style-src 'unsafe-inline' file:; font-src {remote}"
    )


@functools.cache
def page_css() -> str:
    """The page stylesheet: layout and both themes' variables, then Pygments for both themes."""
    return "\n".join([_resource_text("preview.css"), pygments_css("light"), pygments_css("dark")])


def _resource_text(name: str) -> str:
    return resources.files("editor.resources").joinpath("preview", name).read_text("utf-8")


def _attr(value: str) -> str:
    return html.escape(value, quote=True)
