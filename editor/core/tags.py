"""Tag operations across a library: rename, merge and delete, each one undoable.

Only the ``tags`` lines of the affected documents are rewritten (through the post model, so
every other byte stays as it was), each file atomically. The original bytes are kept so the
whole operation can be undone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.errors import PostdeskError
from editor.core.fsutil import atomic_write_bytes
from editor.core.library import Library, TagCount
from editor.core.post import Post

_SEPARATORS = re.compile(r"[\s_-]+")


@dataclass(frozen=True)
class TagChange:
    """What a tag operation did: the files it rewrote, and their bytes before and after."""

    description: str  # "renamed 'ML' to 'Machine Learning'"
    files: tuple[Path, ...]
    original: Mapping[Path, bytes]
    written: Mapping[Path, bytes]
    library: Library | None = field(default=None, repr=False, compare=False)

    def summary(self) -> str:
        """One line for the writer: what changed and in how many files."""
        count = len(self.files)
        return f"{self.description} in {count} file{'' if count == 1 else 's'}"

    def undo(self) -> None:
        """Put every changed file back as it was, each atomically.

        Raises PostdeskError (and restores nothing) when a file was changed again since,
        so no later edit is silently lost.
        """
        for path in self.files:
            try:
                current = path.read_bytes()
            except OSError as error:
                raise PostdeskError(f"cannot undo: {error.strerror or error}", path) from error
            if current != self.written[path]:
                raise PostdeskError("cannot undo: the file was changed since", path)
        for path in self.files:
            atomic_write_bytes(path, self.original[path])
        if self.library is not None:
            for path in self.files:
                self.library.refresh(path)


def rename(library: Library, old: str, new: str) -> TagChange:
    """Rename tag ``old`` (any case) to ``new`` in every document carrying it.

    A document that already has ``new`` keeps it once. Raises PostdeskError when ``new`` is
    empty or no document carries ``old``.
    """
    new = _cleaned(new)
    return _apply(library, [old], new, f"renamed {old!r} to {new!r}")


def merge(library: Library, source: str | Sequence[str], into: str) -> TagChange:
    """Replace tag ``source`` (or each of several) with ``into``, keeping one ``into`` per post."""
    sources = [source] if isinstance(source, str) else list(source)
    into = _cleaned(into)
    shown = ", ".join(repr(tag) for tag in sources)
    return _apply(library, sources, into, f"merged {shown} into {into!r}")


def delete(library: Library, tag: str) -> TagChange:
    """Remove tag ``tag`` (any case) from every document carrying it."""
    return _apply(library, [tag], None, f"deleted {tag!r}")


def likely_duplicates(tag_counts: Iterable[TagCount]) -> list[tuple[str, ...]]:
    """Groups of tag spellings that are probably the same tag, most used spelling first.

    Tags match when equal after case folding with spaces, hyphens and underscores treated as
    the same: ``ML Ops``, ``ml-ops`` and ``ML_Ops`` form one group.
    """
    groups: dict[str, list[str]] = {}
    for count in tag_counts:
        key = _SEPARATORS.sub(" ", count.name.casefold()).strip()
        spellings = groups.setdefault(key, [])
        for spelling in (count.name, *count.spellings):
            if spelling not in spellings:
                spellings.append(spelling)
    return [tuple(spellings) for spellings in groups.values() if len(spellings) > 1]


def retagged(tags: Sequence[str], matches: Iterable[str], new: str | None) -> list[str]:
    """``tags`` with every tag in ``matches`` (any case) replaced by ``new`` (None: removed).

    ``new`` takes the place of the first match and appears once, even when the post already
    had it in some spelling. Tags that do not match are left as they are.
    """
    folded = {tag.casefold() for tag in matches}
    if not any(tag.casefold() in folded for tag in tags):
        return list(tags)
    if new is not None:
        folded.add(new.casefold())
    result: list[str] = []
    placed = False
    for tag in tags:
        if tag.casefold() not in folded:
            result.append(tag)
        elif new is not None and not placed:
            result.append(new)
            placed = True
    return result


def _apply(library: Library, sources: list[str], new: str | None, description: str) -> TagChange:
    """Retag every document carrying one of ``sources``; on failure put back what was done."""
    library.rescan()
    wanted = {tag.casefold() for tag in sources}
    targets = [
        entry.path
        for entry in library.entries
        if entry.kind in ("post", "draft") and any(tag.casefold() in wanted for tag in entry.tags)
    ]
    if not targets:
        shown = " or ".join(repr(tag) for tag in sources)
        raise PostdeskError(f"no document has the tag {shown}", library.root)
    original: dict[Path, bytes] = {}
    written: dict[Path, bytes] = {}
    try:
        for path in targets:
            before = path.read_bytes()
            post = Post.load(path)
            tags = retagged(post.tags, sources, new)
            if tags == post.tags:
                continue
            post.set_field("tags", tags)
            post.save()
            original[path] = before
            written[path] = path.read_bytes()
    except (PostdeskError, OSError):
        _restore(original)
        for path in original:
            library.refresh(path)
        raise
    for path in original:
        library.refresh(path)
    return TagChange(description, tuple(original), original, written, library)


def _restore(original: Mapping[Path, bytes]) -> None:
    for path, data in original.items():
        atomic_write_bytes(path, data)


def _cleaned(tag: str) -> str:
    cleaned = " ".join(tag.split())
    if not cleaned:
        raise PostdeskError("a tag cannot be empty")
    return cleaned
