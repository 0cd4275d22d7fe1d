"""The ``html`` profile: a standalone site that opens from ``file://`` or any subpath (relative
links only), with post cards, one page per post, one page per tag and one stylesheet."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from importlib.resources import files
from string import Template

from editor.core.document.post import Post
from editor.core.document.slugs import slugify
from editor.core.export.posts import ExportPost, OutputFile
from editor.core.export.profiles import Profile
from editor.core.render import renderer as render
from editor.core.render.page import format_date, page_css, render_header
from editor.core.render.safehtml import safe_site_html

SITE_TITLE = "Blog"
MORE_STORIES = 6
_DARK = '[data-theme="dark"]'
_LIGHT = '[data-theme="light"]'
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_HEADER_TAG = re.compile(r'href="#tag-([^"]*)"')


def _resource(name: str) -> str:
    return files("editor.resources").joinpath("site", name).read_text(encoding="utf-8")


def site_stylesheet() -> str:
    """The site's one stylesheet: its layout, then the preview's article styles and code
    colours, the dark theme applied by the reader's ``prefers-color-scheme``."""
    light: list[str] = []
    dark: list[str] = []
    for rule in _top_level_rules(_COMMENT.sub("", page_css())):
        selector = rule.split("{", 1)[0]
        if _DARK in selector:
            dark.append(rule.replace(_DARK, ""))
        else:
            light.append(rule.replace(_LIGHT, ""))
    indented = "\n".join("  " + line for rule in dark for line in rule.splitlines())
    return "\n".join(
        [
            _resource("site.css"),
            *light,
            "@media (prefers-color-scheme: dark) {",
            indented,
            "}",
            "",
        ]
    )


def _top_level_rules(css: str) -> list[str]:
    """``css`` split into its top-level rules (an ``@media`` block stays one rule)."""
    rules = []
    depth = 0
    start = 0
    for index, char in enumerate(css):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                rules.append(css[start : index + 1].strip())
                start = index + 1
    return [rule for rule in rules if rule]


class HtmlProfile(Profile):
    """A standalone HTML site: ``index.html``, ``posts/<slug>/index.html``, ``tags/<tag>/``."""

    name = "html"
    description = "the HTML site"
    per_post = False

    def image_url(self, slug: str, name: str) -> str:
        """The bare file name: images sit beside the post's page."""
        return name

    def image_path(self, post: ExportPost, name: str) -> str:
        """``posts/<slug>/<name>``, beside the post's page."""
        return f"posts/{post.slug}/{name}"

    def files(self, posts: list[ExportPost]) -> Iterator[OutputFile]:
        """The stylesheet, the index, a page and the images per post, a page per tag."""
        posts = sorted(posts, key=lambda post: (post.date, post.slug), reverse=True)
        page = Template(_resource("page.html"))
        renderer = render.Renderer(whole=True)  # the published page shows every line
        tags = _tag_names(posts)
        yield OutputFile("style.css", site_stylesheet().encode("utf-8"))
        yield OutputFile("index.html", _page(page, SITE_TITLE, "", _cards(posts, "", tags)))
        for post in posts:
            content = _post_content(post, posts, tags, renderer)
            data = _page(page, f"{post.title} | {SITE_TITLE}", "../../", content)
            folder = f"posts/{post.slug}"
            yield OutputFile(f"{folder}/index.html", data, post=post.source)
            yield from self.image_files(post)
        for tag_slug, name in sorted(tags.items()):
            tagged = [post for post in posts if tag_slug in {slugify(tag) for tag in post.tags}]
            content = f'<h1 class="page-title">Posts tagged “{html.escape(name)}”</h1>\n' + _cards(
                tagged, "../../", tags
            )
            data = _page(page, f"{name} | {SITE_TITLE}", "../../", content)
            yield OutputFile(f"tags/{tag_slug}/index.html", data)


def _post_content(
    post: ExportPost, posts: list[ExportPost], tags: dict[str, str], renderer: render.Renderer
) -> str:
    """The post's article (the preview's header and body) and its "More Stories"."""
    shown = Post.from_text(post.post.to_text())
    shown.body = post.body
    shown.title = post.title
    shown.date = post.date
    shown.cover = post.cover
    header = _HEADER_TAG.sub(
        lambda match: f'href="../../tags/{slugify(html.unescape(match.group(1)))}/index.html"',
        render_header(shown),
    )
    body = renderer.render_body(post.body, post.post.body_line).html
    # The post's own HTML keeps only what the site allows (see safehtml), inside its article.
    article = (
        f'<article class="post">\n{safe_site_html(header)}\n'
        f'<div id="post-body" class="post-body">\n{safe_site_html(body)}\n</div>\n</article>\n'
    )
    others = [other for other in posts if other is not post][:MORE_STORIES]
    if not others:
        return article
    return (
        f'{article}<section class="more-stories">\n<h2>More Stories</h2>\n'
        f"{_cards(others, '../../', tags)}</section>\n"
    )


def _page(page: Template, title: str, root: str, content: str) -> bytes:
    text = page.substitute(
        title=html.escape(title), root=root, site_title=html.escape(SITE_TITLE), content=content
    )
    return text.encode("utf-8")


def _tag_names(posts: list[ExportPost]) -> dict[str, str]:
    """Tag page slug -> the most common spelling of the tags that map to it."""
    spellings: dict[str, Counter[str]] = {}
    for post in posts:
        for tag in post.tags:
            spellings.setdefault(slugify(tag), Counter())[tag] += 1
    return {slug: counts.most_common(1)[0][0] for slug, counts in spellings.items()}


def _cards(posts: list[ExportPost], root: str, names: dict[str, str]) -> str:
    """Post cards as the blog starter shows them: cover, title, date, tags, excerpt."""
    items = []
    for post in posts:
        link = f"{root}posts/{post.slug}/index.html"
        title = html.escape(post.title)
        cover = ""
        if post.cover is not None and post.cover.image:
            src = post.cover.image
            if post.cover_name is not None:
                src = f"{root}posts/{post.slug}/{post.cover_name}"
            cover = (
                f'<a href="{link}"><img src="{html.escape(src)}"'
                f' alt="Cover Image for {title}" loading="lazy"></a>'
            )
        tag_links = "".join(
            f'<li><a class="tag" href="{root}tags/{tag}/index.html">'
            f"{html.escape(names.get(tag, tag))}</a></li>"
            for tag in dict.fromkeys(slugify(tag) for tag in post.tags)
        )
        tags = f'<ul class="post-tags">{tag_links}</ul>' if tag_links else ""
        excerpt = f'<p class="excerpt">{html.escape(post.excerpt)}</p>' if post.excerpt else ""
        items.append(
            f'<li class="card">{cover}<h3><a href="{link}">{title}</a></h3>'
            f'<time datetime="{post.date.isoformat()}">{format_date(post.date)}</time>'
            f"{tags}{excerpt}</li>"
        )
    return '<ul class="cards">\n' + "\n".join(items) + "\n</ul>\n"
