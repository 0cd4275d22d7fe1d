"""Export profiles: how posts map onto a Next.js (blog-starter), Hugo or Jekyll repository."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from editor.core.blog.blogconfig import hugo_content_dirs, jekyll_default_layout, nextjs_needs
from editor.core.blog.blogfile import parse_blog_front_matter, split_blog_file
from editor.core.blog.fieldedit import edit_fields
from editor.core.blog.frontmatter_out import (
    PlainString,
    QuotedString,
    dump_front_matter,
    iso_date,
    jekyll_date,
    strings_for_dates,
)
from editor.core.blog.provenance import changed_fields
from editor.core.document.paths import is_web_url
from editor.core.errors import PostdeskError
from editor.core.export.assets import output_name, unique_name
from editor.core.export.posts import ExportPost, OutputFile, field_line
from editor.core.render.dialects import Dialect, default_dialect, dialect_for

# Jekyll runs Liquid over a post before Markdown: text of the writer's that looks like Liquid
# (``{{ name }}`` in a Jinja tutorial) is wrapped in {% raw %}, and image links start with the
# site's baseurl.
JEKYLL_BASEURL = "{{site.baseurl}}"
_RAW = "{% raw %}"
_END_RAW = "{% endraw %}"
_LIQUID = r"\{\{[^\n]*?\}\}|\{%[^\n]*?%\}|\{\{|\{%"
_JEKYLL_LIQUID = re.compile(rf"(?P<link>\{{\{{site\.baseurl\}}\}}(?=/assets/images/))|{_LIQUID}")
_WRAPPED_LIQUID = re.compile(rf"{re.escape(_RAW)}(?P<text>{_LIQUID}){re.escape(_END_RAW)}")
# How exports before {% raw %} wrote them: undone on import too.
_OLD_ESCAPES = {'{{ "{{" }}': "{{", '{{ "{%" }}': "{%"}


def wrap_liquid(body: str) -> str:
    """``body`` with each span that Liquid would run wrapped in ``{% raw %}``, so Jekyll shows
    it as written (the links to images Postdesk made are left to Liquid)."""
    return _JEKYLL_LIQUID.sub(
        lambda match: match.group("link") or f"{_RAW}{match.group(0)}{_END_RAW}", body
    )


def unwrap_liquid(body: str) -> str:
    """The writer's text back from a body ``wrap_liquid`` (or an older export) escaped."""
    body = _WRAPPED_LIQUID.sub(lambda match: match.group("text"), body)
    for escaped, text in _OLD_ESCAPES.items():
        body = body.replace(escaped, text)
    return body


class Profile(ABC):
    """How posts become files in a target repository."""

    name: ClassVar[str]
    description: ClassVar[str]
    # False when a post's files depend on other posts (an index page): nothing can be skipped.
    per_post: ClassVar[bool] = True
    # Postdesk's field -> the blog's keys that hold it (a field not named: a key of its name).
    blog_keys: ClassVar[dict[str, tuple[str, ...]]] = {}

    _known_dialect: Dialect | None = None

    @property
    def dialect(self) -> Dialect:
        """How the blog renders Markdown: its engine's defaults until ``know_blog``."""
        return self._known_dialect or default_dialect(self.name)

    def know_blog(self, target: Path) -> None:
        """Learn the target blog: its Markdown dialect and what its own files ask for."""
        self._known_dialect = dialect_for(self.name, target)
        self.read_target(target)

    def read_target(self, target: Path) -> None:
        """Learn what the target blog's own configuration and posts ask for."""
        return None

    def settings(self) -> str:
        """What ``read_target`` learnt, as text: outputs depend on it."""
        return ""

    @abstractmethod
    def image_url(self, slug: str, name: str) -> str:
        """The link a post's body uses for its image ``name``."""

    @abstractmethod
    def files(self, posts: list[ExportPost]) -> Iterator[OutputFile]:
        """Every file the export of ``posts`` produces."""

    @abstractmethod
    def image_path(self, post: ExportPost, name: str) -> str:
        """Where the post's image ``name`` goes in the target (``image_url`` links to it)."""

    def image_files(self, post: ExportPost) -> Iterator[OutputFile]:
        """The post's images that go where the profile puts images."""
        for image in post.images:
            path = self.image_path(post, image.name)
            yield OutputFile(path, source=image.source, post=post.source)

    def problems(self, post: ExportPost) -> list[PostdeskError]:
        """Errors that stop ``post`` from being exported with this profile."""
        return []

    def warnings(self, post: ExportPost, now: dt.datetime) -> list[PostdeskError]:
        """Things worth saying about ``post`` that do not stop the export."""
        return []

    @staticmethod
    def extra_fields(post: ExportPost, generated: dict[str, Any]) -> dict[str, Any]:
        """``generated`` followed by the post's unknown fields (generated keys win)."""
        fields = dict(generated)
        for key, value in post.extra.items():
            fields.setdefault(key, value)
        return fields

    def restored_files(self, post: ExportPost, generated: dict[str, Any]) -> Iterator[OutputFile]:
        """An imported post as the blog had it, with only the fields changed since the
        import edited (``generated``: its fields as this profile writes them), and its
        images at their own paths. Each file is claimed by the record's hash: a file still as
        imported is the post's own to replace."""
        origin = post.origin
        assert origin is not None
        blog_file = split_blog_file(origin.head)
        original = parse_blog_front_matter(blog_file)
        changes: dict[str, Any] = {}
        for name in changed_fields(origin, post.post):
            for key in self.blog_keys.get(name, (name,)):
                value = generated.get(key, post.post.get(name))
                if key in original:
                    if name == "date" and post.post.date is not None:
                        value = post.post.date  # written in the original's own style
                    changes[key] = value
                elif value not in (None, "", [], {}):
                    changes[key] = value  # the post lacks it and now has one
        head = origin.head
        if changes and blog_file.format:
            edited = edit_fields(blog_file.format, blog_file.front_matter, changes)
            head = blog_file.with_front_matter(edited)
        body = post.body if origin.template_code else self.escaped(post.body)
        data = (head + body).encode("utf-8")
        yield OutputFile(origin.path, data, post=post.source, claimed=origin.sha256)
        for image, source in post.restored_images:
            yield OutputFile(
                image.path, source.read_bytes(), post=post.source, claimed=image.sha256
            )
        yield from self.image_files(post)  # added in Postdesk since the import

    def escaped(self, body: str) -> str:
        """``body`` as the blog must get it to show it as written (Jekyll's Liquid)."""
        return body

    def _future_warning(self, post: ExportPost, now: dt.datetime, how: str) -> list[PostdeskError]:
        if post.date <= now:
            return []
        return [
            PostdeskError(
                f"the date {iso_date(post.date)} is in the future: {self.description} skips"
                f" such posts unless built with {how}",
                post.source,
            )
        ]


class NextjsProfile(Profile):
    """The Vercel blog-starter: ``_posts/<slug>.md``, images in ``public/assets/blog/<slug>/``."""

    name = "nextjs"
    description = "Next.js"
    AUTHORS = "assets/blog/authors"
    blog_keys: ClassVar[dict[str, tuple[str, ...]]] = {"cover": ("coverImage", "ogImage")}

    def __init__(self) -> None:
        """A profile for the blog-starter, whose pages need a cover and an author picture."""
        self.needs_cover = self.needs_picture = True

    def read_target(self, target: Path) -> None:
        """Whether the target's posts need a cover and a picture: its own posts say."""
        self.needs_cover, self.needs_picture = nextjs_needs(target)

    def settings(self) -> str:
        """Which of a cover and a picture the blog needs."""
        return f"cover={self.needs_cover},picture={self.needs_picture}"

    def image_url(self, slug: str, name: str) -> str:
        """``/assets/blog/<slug>/<name>``, served from ``public/``."""
        return f"/assets/blog/{slug}/{name}"

    def image_path(self, post: ExportPost, name: str) -> str:
        """``public/assets/blog/<slug>/<name>``."""
        return f"public{self.image_url(post.slug, name)}"

    def problems(self, post: ExportPost) -> list[PostdeskError]:
        """The starter's pages need a cover image and an author picture (an imported post
        goes back as the blog had it)."""
        found: list[PostdeskError] = []
        if post.origin is not None:
            return found
        if self.needs_cover and (post.cover is None or not post.cover.image):
            found.append(
                PostdeskError(
                    "no cover image: the Next.js blog needs one",
                    post.source,
                    field_line(post.post, "cover"),
                )
            )
        if self.needs_picture and (post.author is None or not post.author.picture):
            found.append(
                PostdeskError(
                    "no author picture: set author.picture in the post or a default author"
                    " in .postdesk.yaml (the Next.js blog's Avatar needs one)",
                    post.source,
                    field_line(post.post, "author"),
                )
            )
        return found

    def files(self, posts: list[ExportPost]) -> Iterator[OutputFile]:
        """Post files, their images and the authors' pictures."""
        # One copy per distinct picture: the same file, or copies of it in several bundles.
        by_content: dict[tuple[str, str], str] = {}
        by_file: dict[str, str] = {}
        for post in posts:
            source = post.author_picture_source
            if source is None or os.path.abspath(source) in by_file or post.origin is not None:
                continue
            key = (output_name(source), hashlib.sha256(source.read_bytes()).hexdigest())
            if key not in by_content:
                by_content[key] = unique_name(key[0], set(by_content.values()))
            by_file[os.path.abspath(source)] = by_content[key]
        for post in posts:
            picture = post.author.picture if post.author is not None else ""
            if post.author_picture_source is not None and post.origin is None:
                name = by_file[os.path.abspath(post.author_picture_source)]
                picture = f"/{self.AUTHORS}/{name}"
                # Listed with every post using it, so the picture stays while any of them does.
                yield OutputFile(
                    f"public/{self.AUTHORS}/{name}",
                    source=post.author_picture_source,
                    post=post.source,
                )
            cover = post.cover.image if post.cover is not None else ""
            if post.cover_name is not None:
                cover = self.image_url(post.slug, post.cover_name)
            generated: dict[str, Any] = {
                "title": post.title,
                "excerpt": post.excerpt,
                "coverImage": cover,
                "date": QuotedString(iso_date(post.date)),
                "author": {"name": post.author.name if post.author else "", "picture": picture},
                "ogImage": {"url": cover},
                "tags": post.tags,
            }
            if post.draft:
                generated["draft"] = True
            fields = strings_for_dates(self.extra_fields(post, generated))
            if post.origin is not None:
                yield from self.restored_files(post, fields)
                continue
            text = dump_front_matter(fields, post.body)
            yield OutputFile(f"_posts/{post.slug}.md", text.encode("utf-8"), post=post.source)
            yield from self.image_files(post)


class HugoProfile(Profile):
    """A Hugo page bundle per post: ``content/posts/<slug>/index.md`` with its images beside it."""

    name = "hugo"
    description = "Hugo"
    blog_keys: ClassVar[dict[str, tuple[str, ...]]] = {
        "excerpt": ("summary",),
        "cover": ("cover", "images"),
    }

    def __init__(self) -> None:
        """A profile for a Hugo site with its content in ``content/``."""
        self.content = "content"

    def read_target(self, target: Path) -> None:
        """The site's content folder, from its configuration."""
        self.content = hugo_content_dirs(target)[0]

    def settings(self) -> str:
        """The content folder."""
        return self.content

    def image_url(self, slug: str, name: str) -> str:
        """The bare file name: the images sit beside ``index.md`` in the page bundle."""
        return name

    def image_path(self, post: ExportPost, name: str) -> str:
        """Beside the post's file: its page bundle (an imported post's own folder)."""
        if post.origin is not None:
            return f"{post.origin.path.rpartition('/')[0]}/{name}"
        return f"{self.content}/posts/{post.slug}/{name}"

    def warnings(self, post: ExportPost, now: dt.datetime) -> list[PostdeskError]:
        """Hugo leaves out posts dated in the future."""
        return self._future_warning(post, now, "--buildFuture")

    def files(self, posts: list[ExportPost]) -> Iterator[OutputFile]:
        """Each post's ``index.md`` and images."""
        for post in posts:
            generated: dict[str, Any] = {
                "title": post.title,
                "date": post.date.replace(microsecond=0),
                "draft": post.draft,
                "tags": post.tags,
                "summary": post.excerpt,
            }
            if post.author is not None and post.author.name:
                generated["author"] = post.author.name
            if post.cover is not None and post.cover.image:
                caption = post.cover.credit
                if caption and is_web_url(post.cover.credit_url):
                    caption = f"[{caption}]({post.cover.credit_url.strip()})"
                generated["cover"] = {
                    "image": post.cover.image,
                    "alt": post.cover.alt,
                    "caption": caption,
                }
                social = post.cover.image
                if post.cover_name is not None:
                    social = f"posts/{post.slug}/{post.cover_name}"
                generated["images"] = [social]
            if post.origin is not None:
                yield from self.restored_files(post, self.extra_fields(post, generated))
                continue
            text = dump_front_matter(self.extra_fields(post, generated), post.body)
            folder = f"{self.content}/posts/{post.slug}"
            yield OutputFile(f"{folder}/index.md", text.encode("utf-8"), post=post.source)
            yield from self.image_files(post)


class JekyllProfile(Profile):
    """Jekyll: ``_posts/YYYY-MM-DD-<slug>.md`` (drafts in ``_drafts/``), images in
    ``assets/images/<slug>/``."""

    name = "jekyll"
    description = "Jekyll"
    blog_keys: ClassVar[dict[str, tuple[str, ...]]] = {"cover": ("image",), "draft": ()}

    def __init__(self) -> None:
        """A profile for a Jekyll site without layout defaults: posts name ``layout: post``."""
        self.default_layout = False

    def read_target(self, target: Path) -> None:
        """Whether ``_config.yml``'s defaults give posts a layout."""
        self.default_layout = jekyll_default_layout(target)

    def settings(self) -> str:
        """Whether posts get a layout from the site's defaults."""
        return f"default_layout={self.default_layout}"

    def escaped(self, body: str) -> str:
        """The writer's text that looks like Liquid, wrapped in ``{% raw %}``."""
        return wrap_liquid(body)

    def image_url(self, slug: str, name: str) -> str:
        """``{{site.baseurl}}/assets/images/<slug>/<name>``: right on a project site too."""
        return f"{JEKYLL_BASEURL}/assets/images/{slug}/{name}"

    def image_path(self, post: ExportPost, name: str) -> str:
        """``assets/images/<slug>/<name>``."""
        return f"assets/images/{post.slug}/{name}"

    def warnings(self, post: ExportPost, now: dt.datetime) -> list[PostdeskError]:
        """Jekyll leaves out posts dated in the future."""
        return self._future_warning(post, now, "--future")

    def files(self, posts: list[ExportPost]) -> Iterator[OutputFile]:
        """Each post's file and images."""
        for post in posts:
            generated: dict[str, Any] = {}
            if not self.default_layout and "layout" not in post.extra:
                generated["layout"] = "post"  # a layout the post names wins
            generated |= {"title": post.title, "date": PlainString(jekyll_date(post.date))}
            # An empty excerpt would blank the one Jekyll makes from the first paragraph.
            generated |= {
                key: value
                for key, value in (("tags", post.tags), ("excerpt", post.excerpt))
                if value
            }
            if post.author is not None and post.author.name:
                generated["author"] = post.author.name
            if post.cover is not None and post.cover.image:
                cover = post.cover.image
                if post.cover_name is not None:
                    # jekyll-seo-tag and relative_url add the site's address to this path.
                    cover = f"/assets/images/{post.slug}/{post.cover_name}"
                generated["image"] = cover
            if post.origin is not None:
                yield from self.restored_files(post, self.extra_fields(post, generated))
                continue
            text = dump_front_matter(self.extra_fields(post, generated), self.escaped(post.body))
            if post.draft:
                path = f"_drafts/{post.slug}.md"
            else:
                path = f"_posts/{post.date:%Y-%m-%d}-{post.slug}.md"
            yield OutputFile(path, text.encode("utf-8"), post=post.source)
            yield from self.image_files(post)
