"""The library index's entries, and the cache file that lets a reopened library skip reading.

An entry is remembered with the stamp of the file it was read from (``docfiles.FileStamp``);
a cache file written from them is read back only if its format version matches, and an
unreadable or corrupt one counts as empty.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from editor.core.document.docfiles import FileStamp
from editor.core.document.fsutil import atomic_write_text
from editor.core.errors import FrontMatterError, PostdeskError, UnsafePathError

KINDS = ("post", "draft", "note", "broken")
# 3: the stamp is docfiles' FileStamp (size, mtime_ns, inode, device); 2 had no device.
CACHE_VERSION = 3


@dataclass(frozen=True)
class LibraryEntry:
    """What the library knows about one document without opening it in the editor."""

    path: Path
    kind: str  # "post" | "draft" | "note" | "broken"
    title: str
    date: datetime | None
    slug: str
    tags: tuple[str, ...]
    excerpt: str
    cover_image: Path | None  # the cover file inside the library, when the post names one
    mtime: float
    size: int
    error: PostdeskError | None


@dataclass(frozen=True)
class CachedEntry:
    """An entry with the file identity it was read from."""

    stamp: FileStamp
    entry: LibraryEntry


def write_cache_file(cache_file: Path, cache: dict[str, CachedEntry], root: Path) -> None:
    """Write the cached entries atomically; a failure is ignored (the cache only saves time)."""
    records = {key: _entry_record(cached, root) for key, cached in cache.items()}
    # ASCII escapes carry every file name, even one that is not valid UTF-8 (held in Python
    # as lone surrogates, which no UTF-8 file can hold).
    text = json.dumps({"version": CACHE_VERSION, "entries": records})
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(cache_file, text)
    except (OSError, PostdeskError):
        # A read-only library still opens, just slower.
        pass


def _entry_record(cached: CachedEntry, root: Path) -> dict[str, Any]:
    entry = cached.entry
    error = entry.error
    return {
        "stamp": list(cached.stamp),
        "mtime": entry.mtime,
        "kind": entry.kind,
        "title": entry.title,
        "date": entry.date.isoformat() if entry.date is not None else None,
        "slug": entry.slug,
        "tags": list(entry.tags),
        "excerpt": entry.excerpt,
        "cover_image": (
            os.path.relpath(entry.cover_image, root) if entry.cover_image is not None else None
        ),
        "error": (
            {"type": type(error).__name__, "message": error.message, "line": error.line}
            if error is not None
            else None
        ),
    }


_ERROR_TYPES: dict[str, type[PostdeskError]] = {
    cls.__name__: cls for cls in (PostdeskError, FrontMatterError, UnsafePathError)
}


def read_cache_file(cache_file: Path, root: Path) -> dict[str, CachedEntry]:
    """The cached entries; an unreadable, corrupt or old cache file counts as empty."""
    try:
        data = json.loads(Path(cache_file).read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION:
            return {}
        cache = {}
        for key, record in data["entries"].items():
            path = root / key
            size, mtime_ns, inode, device = (int(number) for number in record["stamp"])
            stamp = FileStamp(size, mtime_ns, inode, device)
            cache[key] = CachedEntry(stamp, _entry_from(record, path, root))
        return cache
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _entry_from(record: dict[str, Any], path: Path, root: Path) -> LibraryEntry:
    error_record = record["error"]
    error = None
    if error_record is not None:
        error_type = _ERROR_TYPES.get(error_record["type"], PostdeskError)
        error = error_type(str(error_record["message"]), path, error_record["line"])
    if record["kind"] not in KINDS:
        raise ValueError(record["kind"])
    return LibraryEntry(
        path=path,
        kind=str(record["kind"]),
        title=str(record["title"]),
        date=datetime.fromisoformat(record["date"]) if record["date"] else None,
        slug=str(record["slug"]),
        tags=tuple(str(tag) for tag in record["tags"]),
        excerpt=str(record["excerpt"]),
        cover_image=root / record["cover_image"] if record["cover_image"] else None,
        mtime=float(record["mtime"]),
        size=int(record["stamp"][0]),
        error=error,
    )
