"""Images a post uses: find them in the Markdown body, check they stay inside the library, rename
them for the target and rewrite the links."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from editor.core.document.paths import is_remote
from editor.core.document.slugs import slugify

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_INLINE_IMAGE = re.compile(
    r"!\[(?:[^\]\\]|\\.)*\]\(\s*(?P<dest><[^>\n]*>|[^\s)]+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(?P<dest><[^>\n]*>|\S+)", re.MULTILINE)
_HTML_IMG = re.compile(r"<img\b[^>]*?\ssrc\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')", re.I)
IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp", ".ico", ".tif", ".tiff"}
)


@dataclass(frozen=True)
class ImageReference:
    """One image link in a body: where the link text sits and what it says."""

    start: int  # offset of the destination in the body
    end: int
    reference: str  # the destination without <> brackets
    line: int  # 1-based line in the body


def _code_mask(body: str) -> str:
    """The body with fenced code blocks and code spans blanked out (same length, same lines)."""
    chars = list(body)
    pos = 0
    while True:
        opening = _FENCE.search(body, pos)
        if opening is None:
            break
        marker = opening.group(1)
        closing = re.compile(rf"^ {{0,3}}{marker[0]}{{{len(marker)},}}[ \t]*$", re.MULTILINE)
        line_end = body.find("\n", opening.end())
        if line_end == -1:
            line_end = len(body)
        found = closing.search(body, line_end)
        end = found.end() if found else len(body)
        for index in range(opening.start(), end):
            if chars[index] != "\n":
                chars[index] = " "
        pos = end
    masked = "".join(chars)
    for span in _CODE_SPAN.finditer(masked):
        for index in range(span.start(), span.end()):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


def find_images(body: str) -> list[ImageReference]:
    """Every image destination in ``body`` (Markdown images, image reference definitions,
    HTML ``<img src>``), outside code, in the order they appear."""
    if "![" not in body and "]:" not in body and "<img" not in body.lower():
        return []  # most posts: no image at all, no need to look closer
    masked = _code_mask(body)
    found: list[ImageReference] = []

    def add(start: int, end: int) -> None:
        raw = body[start:end]
        reference = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
        if reference.startswith("<"):
            return
        found.append(ImageReference(start, end, reference, body.count("\n", 0, start) + 1))

    for match in _INLINE_IMAGE.finditer(masked):
        add(match.start("dest"), match.end("dest"))
    for match in _REFERENCE.finditer(masked):
        suffix = PurePosixPath(match.group("dest").strip("<>").split("?")[0]).suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            add(match.start("dest"), match.end("dest"))
    for match in _HTML_IMG.finditer(masked):
        group = "dq" if match.group("dq") is not None else "sq"
        add(match.start(group), match.end(group))
    found.sort(key=lambda ref: ref.start)
    return found


def rewrite_images(body: str, new_reference: Callable[[ImageReference], str | None]) -> str:
    """``body`` with each image destination replaced by ``new_reference(ref)`` (None keeps it)."""
    pieces: list[str] = []
    last = 0
    for ref in find_images(body):
        replacement = new_reference(ref)
        if replacement is None:
            continue
        pieces.append(body[last : ref.start])
        pieces.append(f"<{replacement}>" if " " in replacement else replacement)
        last = ref.end
    pieces.append(body[last:])
    return "".join(pieces)


def is_local(reference: str) -> bool:
    """True when ``reference`` names a file (not a URL, not a page anchor)."""
    return bool(reference.strip()) and not is_remote(reference) and not reference.startswith("#")


def safe_suffix(source: Path) -> str:
    """``source``'s lowercase extension when it is a plain one (``.jpg``), else ``""``."""
    suffix = source.suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def output_name(source: Path) -> str:
    """A safe file name for a copied image: ``My Photo.JPG`` -> ``my-photo.jpg``."""
    return slugify(source.stem) + safe_suffix(source)


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name`` with ``-2``, ``-3``... before the suffix, whichever is not taken."""
    if name not in taken:
        return name
    stem, suffix = os.path.splitext(name)
    counter = 2
    while f"{stem}-{counter}{suffix}" in taken:
        counter += 1
    return f"{stem}-{counter}{suffix}"
