"""Slugs: the URL-safe name of a post, made from its title and checked before export."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

SAFE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 80
# A file or folder name is at most 255 bytes on the usual filesystems (ext4, APFS, NTFS).
MAX_NAME_BYTES = 255
# Characters no Windows file name can hold, besides the slashes and control characters.
_WINDOWS_FORBIDDEN = frozenset('<>:"|?*')
# Windows opens a device, not a file, for these names (with any extension): a post folder or
# page named ``con`` cannot be written or checked out there.
WINDOWS_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{number}" for number in range(1, 10)]
    + [f"lpt{number}" for number in range(1, 10)]
)
# anyascii spells an emoji as its name between colons (":rocket:"): a title's decoration, not
# words a reader would look for in its address.
_EMOJI_NAME = re.compile(r"(?::[\w+-]+:)+")
_HAN = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")
# Greek "ου" is one sound, written "ou" (ELOT 743); letter by letter it would read "oy".
_GREEK_OU = re.compile("ο[υύ]", re.IGNORECASE)


def slugify(title: str) -> str:
    """Make a lowercase ASCII slug: ``"Shipping ML: Part 2!"`` -> ``shipping-ml-part-2``.

    Letters of every script are transliterated (``"Straße"`` -> ``strasse``, ``"Привет мир"``
    -> ``privet-mir``, ``"日本語"`` -> ``ri-ben-yu``); emoji and other characters become
    hyphens; an empty result is ``post`` and a Windows device name gets ``-post``
    (``"Con"`` -> ``con-post``).
    """
    slug = re.sub(r"[^a-z0-9]+", "-", _transliterated(title).lower()).strip("-")
    slug = slug[:MAX_SLUG_LENGTH].rstrip("-")
    if slug in WINDOWS_DEVICE_NAMES:
        return f"{slug}-post"
    return slug or "post"


def _transliterated(title: str) -> str:
    """``title`` in ASCII, as far as a slug can use it (a huge title is not read to its end)."""
    parts: list[str] = []
    kept = 0
    for character in _GREEK_OU.sub("ou", title):
        ascii_text = character if character.isascii() else anyascii(character)
        if _EMOJI_NAME.fullmatch(ascii_text):
            ascii_text = " "
        elif unicodedata.name(character, "").startswith(_HAN):
            # Each Han character is a syllable of its own: "ri-ben-yu", not "ribenyu".
            ascii_text = f" {ascii_text} "
        parts.append(ascii_text)
        kept += sum(letter.isalnum() for letter in ascii_text)
        if kept > MAX_SLUG_LENGTH:
            break  # the slug is cut at MAX_SLUG_LENGTH: the rest of the title cannot show
    return "".join(parts)


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


def name_problem(name: str) -> str | None:
    """Why ``name``, a blog's own file or folder name, cannot be a bundle folder or a slug.

    Looser than slug_problem, whose rules are for names Postdesk makes: any letters, capitals,
    dots, underscores and spaces are fine (``quarry-4.0.0-released``, ``한글-제목``, ``Why
    Hugo``). A name must be one path component every system can hold: no slashes, control
    or Windows-reserved characters, no leading dot (hidden, and ``..``), no trailing dot or
    space, not a Windows device name, at most 255 bytes.
    """
    if not name.strip():
        return "the name is empty"
    if name.startswith("."):
        return f"unsafe name {name!r}: a name starting with a dot is hidden"
    if any(
        character in "/\\"
        or character in _WINDOWS_FORBIDDEN
        or unicodedata.category(character) == "Cc"
        for character in name
    ):
        return f'unsafe name {name!r}: a name cannot hold slashes, control characters or <>:"|?*'
    if name.endswith((".", " ")):
        return f"unsafe name {name!r}: Windows drops a trailing dot or space"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"unsafe name {name!r}: longer than {MAX_NAME_BYTES} bytes"
    if name.split(".", 1)[0].strip().lower() in WINDOWS_DEVICE_NAMES:
        return f"unsafe name {name!r}: a reserved file name on Windows"
    return None
