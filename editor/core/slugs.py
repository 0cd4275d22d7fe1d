"""Slugs: the URL-safe name of a post, made from its title and checked before export."""

from __future__ import annotations

import re
import unicodedata

SAFE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 80
# Windows opens a device, not a file, for these names (with any extension): a post folder or
# page named ``con`` cannot be written or checked out there.
WINDOWS_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{number}" for number in range(1, 10)]
    + [f"lpt{number}" for number in range(1, 10)]
)


def slugify(title: str) -> str:
    """Make a lowercase ASCII slug: ``"Shipping ML: Part 2!"`` -> ``shipping-ml-part-2``.

    Accents are folded to ASCII; other characters become hyphens; an empty result is ``post``
    and a Windows device name gets ``-post`` (``"Con"`` -> ``con-post``).
    """
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    slug = slug[:MAX_SLUG_LENGTH].rstrip("-")
    if slug in WINDOWS_DEVICE_NAMES:
        return f"{slug}-post"
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
    if slug in WINDOWS_DEVICE_NAMES:
        return f"unsafe slug {slug!r}: a reserved file name on Windows"
    return None
