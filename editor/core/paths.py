"""Path safety: slugs and image paths from a post never lead outside the folder they belong to."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from editor.core.errors import UnsafePathError

_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def is_remote(reference: str) -> bool:
    """True for an absolute URL (http:, https:, data:, mailto:...) or a protocol-relative one."""
    return bool(_URL_SCHEME.match(reference)) or reference.startswith("//")


def resolve_inside(root: Path, reference: str, *, source: Path | None = None) -> Path:
    """Resolve a relative ``reference`` (an image path, a slug) against ``root``.

    Raises UnsafePathError (naming ``source``, the file the reference came from) when the
    reference is empty, absolute, a URL, contains ``..`` that climbs out, or resolves, through
    symlinks, to a place outside ``root``.
    """
    cleaned = reference.strip().split("#", 1)[0].split("?", 1)[0]
    if not cleaned:
        raise UnsafePathError("empty path", source)
    if "\0" in cleaned:
        raise UnsafePathError(f"path contains a NUL character: {reference!r}", source)
    if is_remote(cleaned):
        raise UnsafePathError(f"not a local path: {reference!r}", source)
    posix = PurePosixPath(cleaned.replace("\\", "/"))
    if posix.is_absolute() or re.match(r"^[a-zA-Z]:", cleaned):
        raise UnsafePathError(f"absolute path not allowed: {reference!r}", source)
    if ".." in posix.parts:
        raise UnsafePathError(f"path leads outside its folder: {reference!r}", source)
    candidate = Path(root, *posix.parts)
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(candidate))
    if real != real_root and real_root not in real.parents:
        raise UnsafePathError(f"path leads outside its folder (symlink): {reference!r}", source)
    return candidate
