"""Export profiles: how posts map onto a Next.js (blog-starter), Hugo or Jekyll repository."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Any, ClassVar

from editor.core.errors import PostdeskError
from editor.core.export.assets import output_name, unique_name
from editor.core.export.frontmatter_out import (
    PlainString,
    QuotedString,
    dump_front_matter,
    iso_date,
    jekyll_date,
    strings_for_dates,
)
from editor.core.export.posts import ExportPost, OutputFile, field_line
from editor.core.paths import is_web_url

# Jekyll runs Liquid over a post before Markdown: the body's own "{{" and "{%" are written as
# Liquid string literals, and image links start with the site's baseurl.
JEKYLL_BASEURL = "{{site.baseurl}}"
JEKYLL_ESCAPES = {"{{": '{{ "{{" }}', "{%": '{{ "{%" }}'}
_JEKYLL_LIQUID = re.compile(r"(?P<link>\{\{site\.baseurl\}\}(?=/assets/images/))|\{\{|\{%")


class Profile(ABC):
    """How posts become files in a target repository."""

    name: ClassVar[str]
    description: ClassVar[str]
    # False when a post's files depend on other posts (an index page): nothing can be skipped.
    per_post: ClassVar[bool] = True

    @abstractmethod
    def image_url(self, slug: str, name: str) -> str:
        """The link a post's body uses for its image ``name``."""

    @abstractmethod
    def files(self, posts: list[ExportPost]) -> Iterator[OutputFile]:
        """Every file the export of ``posts`` produces."""

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

    def image_url(self, slug: str, name: str) -> str:
        """``/assets/blog/<slug>/<name>``, served from ``public/``."""
        return f"/assets/blog/{slug}/{name}"

    def problems(self, post: ExportPost) -> list[PostdeskError]:
        """The starter's pages need a cover image and an author picture."""
        found = []
        if post.cover is None or not post.cover.image:
            found.append(
                PostdeskError(
                    "no cover image: the Next.js blog needs one",
                    post.source,
                    field_line(post.post, "cover"),
                )
            )
        if post.author is None or not post.author.picture:
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
            if source is None or os.path.abspath(source) in by_file:
                continue
            key = (output_name(source), hashlib.sha256(source.read_bytes()).hexdigest())
            if key not in by_content:
                by_content[key] = unique_name(key[0], set(by_content.values()))
            by_file[os.path.abspath(source)] = by_content[key]
        for post in posts:
            picture = post.author.picture if post.author is not None else ""
            if post.author_picture_source is not None:
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
            text = dump_front_matter(fields, post.body)
            yield OutputFile(f"_posts/{post.slug}.md", text.encode("utf-8"), post=post.source)
            for image in post.images:
                yield OutputFile(
                    f"public/assets/blog/{post.slug}/{image.name}",
                    source=image.source,
                    post=post.source,
                )


class HugoProfile(Profile):
    """A Hugo page bundle per post: ``content/posts/<slug>/index.md`` with its images beside it."""

    name = "hugo"
    description = "Hugo"

    def image_url(self, slug: str, name: str) -> str:
        """The bare file name: the images sit beside ``index.md`` in the page bundle."""
        return name

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
            text = dump_front_matter(self.extra_fields(post, generated), post.body)
            folder = f"content/posts/{post.slug}"
            yield OutputFile(f"{folder}/index.md", text.encode("utf-8"), post=post.source)
            for image in post.images:
                yield OutputFile(f"{folder}/{image.name}", source=image.source, post=post.source)


class JekyllProfile(Profile):
    """Jekyll: ``_posts/YYYY-MM-DD-<slug>.md`` (drafts in ``_drafts/``), images in
    ``assets/images/<slug>/``."""

    name = "jekyll"
    description = "Jekyll"

    def image_url(self, slug: str, name: str) -> str:
        """``{{site.baseurl}}/assets/images/<slug>/<name>``: right on a project site too."""
        return f"{JEKYLL_BASEURL}/assets/images/{slug}/{name}"

    def warnings(self, post: ExportPost, now: dt.datetime) -> list[PostdeskError]:
        """Jekyll leaves out posts dated in the future."""
        return self._future_warning(post, now, "--future")

    def files(self, posts: list[ExportPost]) -> Iterator[OutputFile]:
        """Each post's file and images."""
        for post in posts:
            generated: dict[str, Any] = {
                "layout": "post",
                "title": post.title,
                "date": PlainString(jekyll_date(post.date)),
                "tags": post.tags,
                "excerpt": post.excerpt,
            }
            if post.author is not None and post.author.name:
                generated["author"] = post.author.name
            if post.cover is not None and post.cover.image:
                cover = post.cover.image
                if post.cover_name is not None:
                    # jekyll-seo-tag and relative_url add the site's address to this path.
                    cover = f"/assets/images/{post.slug}/{post.cover_name}"
                generated["image"] = cover
            body = _JEKYLL_LIQUID.sub(
                lambda match: match.group("link") or JEKYLL_ESCAPES[match.group(0)], post.body
            )
            text = dump_front_matter(self.extra_fields(post, generated), body)
            if post.draft:
                path = f"_drafts/{post.slug}.md"
            else:
                path = f"_posts/{post.date:%Y-%m-%d}-{post.slug}.md"
            yield OutputFile(path, text.encode("utf-8"), post=post.source)
            for image in post.images:
                yield OutputFile(
                    f"assets/images/{post.slug}/{image.name}",
                    source=image.source,
                    post=post.source,
                )
