"""Cover images: where a post keeps its cover, copying one in, and when to offer a smaller copy.

A bundle post (``<slug>/index.md``) keeps its cover beside it as ``cover.<ext>``; a single-file
post shares its folder with others, so its cover is ``<stem>-cover.<ext>``. Decoding and
scaling pixels is the window's job (it has an image library); the decision lives here.
"""

from __future__ import annotations

from pathlib import Path

from editor.core.errors import PostdeskError
from editor.core.fsutil import atomic_write_bytes

# Wider than this and a cover costs readers bandwidth for pixels no screen shows.
MAX_COVER_WIDTH = 2400
COVER_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"})

_BUNDLE_FILES = ("index.md", "index.markdown")


def cover_name(post_path: Path, suffix: str) -> str:
    """The file name a cover with ``suffix`` gets beside the post at ``post_path``.

    ``.jpeg`` becomes ``.jpg``; a suffix that is not a known image type raises PostdeskError.
    """
    suffix = suffix.lower()
    if suffix == ".jpeg":
        suffix = ".jpg"
    if suffix not in COVER_SUFFIXES:
        raise PostdeskError(f"not an image type a blog can show: {suffix or 'no suffix'}")
    if post_path.name.lower() in _BUNDLE_FILES:
        return f"cover{suffix}"
    return f"{post_path.stem}-cover{suffix}"


def is_cover_file(path: Path) -> bool:
    """True for a file whose suffix is an image type a cover may have."""
    return path.suffix.lower() in COVER_SUFFIXES


def copy_cover(source: Path, post_path: Path) -> Path:
    """Copy the image ``source`` beside the post at ``post_path`` as its cover file.

    The copy is written atomically (an older cover of the same name is replaced whole);
    when ``source`` already is that file nothing is copied. Returns the cover's path.
    Raises PostdeskError naming the file when it cannot be read or written.
    """
    source = Path(source)
    target = post_path.parent / cover_name(post_path, source.suffix)
    if not source.is_file():
        raise PostdeskError("no such image file", source)
    if target.exists() and source.resolve() == target.resolve():
        return target
    try:
        data = source.read_bytes()
    except OSError as error:
        raise PostdeskError(f"cannot read the image: {error.strerror or error}", source) from error
    _write(target, data)
    return target


def install_cover_bytes(data: bytes, suffix: str, post_path: Path) -> Path:
    """Write image bytes (a pasted or scaled image) as the post's cover; return its path."""
    target = post_path.parent / cover_name(post_path, suffix)
    _write(target, data)
    return target


def _write(target: Path, data: bytes) -> None:
    # A new post's bundle folder may not exist before its first save.
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PostdeskError(
            f"cannot create the folder: {error.strerror or error}", target.parent
        ) from error
    atomic_write_bytes(target, data)


def needs_downscale(width: int) -> bool:
    """True when an image ``width`` pixels wide is worth offering a smaller copy of."""
    return width > MAX_COVER_WIDTH


def downscaled_size(width: int, height: int) -> tuple[int, int]:
    """The size of the smaller copy: ``MAX_COVER_WIDTH`` wide, the same aspect ratio."""
    if width <= MAX_COVER_WIDTH:
        return width, height
    return MAX_COVER_WIDTH, max(1, round(height * MAX_COVER_WIDTH / width))
