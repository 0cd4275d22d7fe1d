"""Slugs: the URL-safe name of a post, made from its title and checked before export."""

from __future__ import annotations

import re
import unicodedata

SAFE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 80


def slugify(title: str) -> str:
    """Make a lowercase ASCII slug: ``"Shipping ML: Part 2!"`` -> ``shipping-ml-part-2``.

    Accents are folded to ASCII; other characters become hyphens; an empty result is ``post``.
    """
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    slug = slug[:MAX_SLUG_LENGTH].rstrip("-")
    return slug or "post"


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` is unsafe to use as a folder or URL name, or None when it is fine."""
    if not slug:
        return "the slug is empty"
    if len(slug) > MAX_SLUG_LENGTH:
        return f"the slug is longer than {MAX_SLUG_LENGTH} characters"
    if not SAFE_SLUG.match(slug):
        return (
            f"unsafe slug {slug!r}: use lowercase letters, digits and single hyphens"
            " (no slashes, dots or spaces)"
        )
    return None
