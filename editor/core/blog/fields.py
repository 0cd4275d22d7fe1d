"""What a blog's own front matter fields mean: its title, date, tags, excerpt, cover, author
and draft mark, under the names each kind of blog uses.

One mapping serves the import (which turns a post into the library's own fields) and the
library of a blog opened in place (which lists its posts as they are).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from editor.core.blog.recognise import JEKYLL_NAME
from editor.core.document.post import (
    Author,
    Cover,
    parse_author,
    parse_bool,
    parse_cover,
    parse_date,
    parse_tags,
)

_CAPTION_LINK = re.compile(r"^\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)\)$")

# The field each kind's export writes, then those other themes of any kind use (read only
# for a blog opened in place: an import maps back only what its profile writes).
_OWN_COVER = {"nextjs": "coverImage", "hugo": "cover", "jekyll": "image"}
_OTHER_COVERS = ("coverImage", "cover", "image", "images", "header", "feature_image")
_HEADER_IMAGES = ("image", "overlay_image", "teaser")
_OWN_EXCERPT = {"nextjs": "excerpt", "hugo": "summary", "jekyll": "excerpt"}
_OTHER_EXCERPTS = ("excerpt", "summary", "description")


@dataclass(frozen=True)
class BlogFields:
    """A blog post's fields in the library's terms, the cover image as the blog writes it."""

    title: str
    date: datetime | None
    tags: list[str]
    excerpt: str
    cover: Cover | None
    cover_field: str  # the front matter key the cover is written under ("" without one)
    author: Author | None
    draft: bool


def blog_fields(
    kind: str, meta: dict[str, Any], path: Path, *, in_drafts: bool = False, own_only: bool = False
) -> BlogFields:
    """The fields of the ``kind`` blog's post at ``path`` whose front matter is ``meta``.

    A post is a draft in ``_drafts`` (``in_drafts``), with ``draft: true`` or with
    ``published: false``. ``own_only`` reads the cover, the excerpt and the draft mark only
    from the fields the kind's export writes (what an import maps to the library's own
    fields; the others stay as the blog wrote them).
    """
    covers = (_OWN_COVER[kind],) if own_only else (_OWN_COVER[kind], *_OTHER_COVERS)
    excerpts = (_OWN_EXCERPT[kind],) if own_only else (_OWN_EXCERPT[kind], *_OTHER_EXCERPTS)
    cover, cover_field = next(
        ((found, key) for key in covers if (found := _cover(key, meta.get(key))) is not None),
        (None, ""),
    )
    excerpt = next((str(meta[key]) for key in excerpts if meta.get(key)), "")
    date = parse_date(meta.get("date"))
    if meta.get("date") is None and kind == "jekyll":
        date = jekyll_name_date(path)
    return BlogFields(
        title=str(meta.get("title") or ""),
        date=date,
        tags=blog_tags(kind, meta.get("tags")),
        excerpt=excerpt,
        cover=cover,
        cover_field=cover_field,
        author=parse_author(meta.get("author")),
        draft=in_drafts
        or parse_bool(meta.get("draft"))
        or (not own_only and meta.get("published") is False),
    )


def blog_tags(kind: str, value: Any) -> list[str]:
    """The tags a ``tags`` value gives on a blog of ``kind``: Jekyll reads a string as tags
    separated by spaces (``tags: release security``); the others as one tag, or a list."""
    if kind == "jekyll" and isinstance(value, str):
        return value.split()
    return parse_tags(value)


def jekyll_name_date(path: Path) -> datetime | None:
    """The date a Jekyll post's file name starts with (``2024-5-1-name.md``), or None."""
    named = JEKYLL_NAME.match(path.stem)
    if named is None:
        return None
    year, month, day = (int(part) for part in named.groups()[:3])
    return parse_date(f"{year:04d}-{month:02d}-{day:02d}")


def hugo_caption(cover: Any) -> tuple[str, str]:
    """The credit and its link from a Hugo cover caption (``[Photo by X](url)`` or plain)."""
    caption = str(cover.get("caption") or "") if isinstance(cover, dict) else ""
    match = _CAPTION_LINK.match(caption.strip())
    if match:
        return match.group("text"), match.group("url")
    return caption, ""


def _cover(key: str, value: Any) -> Cover | None:
    """The cover a field names: a path, a mapping (``cover.image``, Hugo's caption as its
    credit; Jekyll's ``image.path``; a Jekyll theme's ``header`` image, overlay or teaser) or
    a list's first image."""
    if key == "images":
        return _cover("image", value[0]) if isinstance(value, list) and value else None
    if key == "header":
        if not isinstance(value, dict):
            return None
        candidates = (_cover("image", value.get(name)) for name in _HEADER_IMAGES)
        return next((cover for cover in candidates if cover is not None), None)
    if key == "image" and isinstance(value, dict):
        value = value.get("path")
    if key == "cover" and isinstance(value, dict):
        found = parse_cover(value)
        if found is None:
            return None
        credit, credit_url = hugo_caption(value)
        return Cover(found.image, found.alt, found.credit or credit, found.credit_url or credit_url)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
        return Cover(str(value).strip())
    return None
