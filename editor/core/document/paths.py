"""Path safety: slugs and image paths from a post never lead outside the folder they belong to."""

from __future__ import annotations

import os
import posixpath
import re
import stat
from pathlib import Path, PurePosixPath

from editor.core.errors import UnsafePathError

# A library's own settings, in its top folder (it also marks the folder as a library).
SETTINGS_FILE = ".postdesk.yaml"

# Two characters at least: ``C:`` is a Windows drive letter, not a URL scheme.
_URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+):")
_WEB_URL = re.compile(r"^https?://[^\s]", re.IGNORECASE)


def is_url(reference: str) -> bool:
    """True for an absolute URL of any scheme (``file:`` included) or a protocol-relative one."""
    return bool(_URL_SCHEME.match(reference)) or reference.startswith("//")


def is_remote(reference: str) -> bool:
    """True for a URL that names no local file (http:, https:, data:, mailto:...).

    A ``file:`` URL is not remote: it points into the local disk, so a post's
    ``file:///etc/passwd`` is checked (and refused) like any other local path.
    """
    scheme = _URL_SCHEME.match(reference)
    if scheme is not None:
        return scheme.group(1).lower() != "file"
    return reference.startswith("//")


def is_web_url(reference: str) -> bool:
    """True for an ``http:`` or ``https:`` URL: the only links a post's fields may become
    (a ``javascript:`` or ``file:`` credit link is shown as text instead)."""
    return bool(_WEB_URL.match(reference.strip()))


def resolve_inside(root: Path, reference: str, *, source: Path | None = None) -> Path:
    """Resolve a relative ``reference`` (an image path, a slug) against ``root``.

    Raises UnsafePathError (naming ``source``, the file the reference came from) when the
    reference is empty, absolute, a URL (``file:`` ones too), contains ``..`` that climbs out,
    or resolves, through symlinks, to a place outside ``root``.
    """
    cleaned = reference.strip().split("#", 1)[0].split("?", 1)[0]
    if not cleaned:
        raise UnsafePathError("empty path", source)
    if "\0" in cleaned:
        raise UnsafePathError(f"path contains a NUL character: {reference!r}", source)
    if is_url(cleaned):
        raise UnsafePathError(f"not a local path: {reference!r}", source)
    posix = PurePosixPath(cleaned.replace("\\", "/"))
    if posix.is_absolute() or re.match(r"^[a-zA-Z]:", cleaned):
        raise UnsafePathError(f"absolute path not allowed: {reference!r}", source)
    if ".." in posix.parts:
        raise UnsafePathError(f"path leads outside its folder: {reference!r}", source)
    candidate = Path(root, *posix.parts)
    if _no_symlink_below(root, posix.parts):
        return candidate
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(candidate))
    if real != real_root and real_root not in real.parents:
        raise UnsafePathError(f"path leads outside its folder (symlink): {reference!r}", source)
    return candidate


def _no_symlink_below(root: Path, parts: tuple[str, ...]) -> bool:
    """True when no existing step of ``root/parts`` below ``root`` is a symlink.

    Then (with ``..`` refused before) the path resolves inside ``root`` wherever ``root``
    itself resolves to, and the two realpath walks of the full check are not needed.
    """
    current = os.fspath(root)
    for part in parts:
        current = os.path.join(current, part)
        try:
            mode = os.lstat(current).st_mode
        except (FileNotFoundError, NotADirectoryError):
            return True  # nothing exists from here on, so no symlink either
        except OSError:
            return False  # cannot tell: the full check decides
        if stat.S_ISLNK(mode):
            return False
    return True


def image_path(root: Path, folder: Path, reference: str, *, source: Path | None = None) -> Path:
    """The file an image ``reference`` written in a document in ``folder`` points to.

    The reference is relative to ``folder``; it may climb (``../shared/x.png``) as long as it
    stays inside the library ``root``. Raises UnsafePathError (naming ``source``) for an
    absolute path, a URL, or a path that leads outside the library, symlinks included.
    """
    cleaned = reference.strip().split("#", 1)[0].split("?", 1)[0].replace("\\", "/")
    if not cleaned:
        raise UnsafePathError("empty image path", source)
    if is_url(cleaned):
        raise UnsafePathError(f"not a local path: {reference!r}", source)
    if cleaned.startswith("/") or re.match(r"^[a-zA-Z]:", cleaned):
        raise UnsafePathError(f"absolute image path not allowed: {reference!r}", source)
    relative_folder = os.path.relpath(os.path.abspath(folder), os.path.abspath(root))
    combined = posixpath.normpath(
        posixpath.join(Path(relative_folder).as_posix(), cleaned)
        if relative_folder != "."
        else cleaned
    )
    if combined == ".." or combined.startswith("../"):
        raise UnsafePathError(f"image path leads outside the library: {reference!r}", source)
    try:
        return resolve_inside(root, combined, source=source)
    except UnsafePathError as error:
        raise UnsafePathError(
            f"image path leads outside the library through a symlink: {reference!r}", source
        ) from error


def library_root_of(path: Path) -> Path | None:
    """The library a document belongs to: the nearest folder above it with ``.postdesk.yaml``."""
    for folder in Path(path).absolute().parents:
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return None
