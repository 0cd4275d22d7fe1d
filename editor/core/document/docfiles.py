"""Files on disk: which ones are documents, and the stamp that tells a file has changed.

One rule for every caller (the library scan and its watcher, opening, saving, the export and
the import), so a `.markdown` post is listed wherever it opens.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

DOCUMENT_SUFFIXES = (".md", ".markdown")
# A bundle's post: the folder is the post, its images beside this file.
BUNDLE_FILES = tuple(f"index{suffix}" for suffix in DOCUMENT_SUFFIXES)
# The file dialogs' filter for documents.
DOCUMENT_FILTER = "Markdown (*.md *.markdown);;All files (*)"


def is_document_name(name: str) -> bool:
    """True for a visible file name with a document suffix (``post.md``, ``Post.MARKDOWN``)."""
    return not name.startswith(".") and name.lower().endswith(DOCUMENT_SUFFIXES)


def is_document_path(path: Path) -> bool:
    """True when ``path``'s suffix makes it a document (hidden names included)."""
    return path.suffix.lower() in DOCUMENT_SUFFIXES


def is_bundle_file(path: Path) -> bool:
    """True for a bundle's post file: ``index.md`` or ``index.markdown``."""
    return path.name.lower() in BUNDLE_FILES


class FileStamp(NamedTuple):
    """What identifies one version of a file: its size, modification time and inode.

    An atomic save makes a new file, which the modification time alone may not tell apart
    when two writes of the same size land within one clock tick: the inode does.
    """

    size: int
    mtime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, stat: os.stat_result) -> FileStamp:
        """The stamp of a file already stat'ed."""
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_dev)

    @property
    def identity(self) -> tuple[int, int]:
        """The file itself, whatever its content: device and inode (a rename keeps it)."""
        return (self.device, self.inode)


def file_stamp(path: Path | str, *, follow_links: bool = True) -> FileStamp | None:
    """The stamp of the file at ``path``; None when it cannot be read."""
    try:
        stat = os.stat(path) if follow_links else os.lstat(path)
    except OSError:
        return None
    return FileStamp.of(stat)
