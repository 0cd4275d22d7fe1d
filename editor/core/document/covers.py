"""Cover images: where a post keeps its cover, new covers held until the save, and when to
offer a smaller copy.

A bundle post (``<slug>/index.md``) keeps its cover beside it as ``cover.<ext>``; a single-file
post shares its folder with others, so its cover is ``<stem>-cover.<ext>``. A new cover takes
a name no file has (``cover-2.jpg``) and reaches the disk only when its post is saved; the old
one leaves it only when no post shows it any more. Decoding and scaling pixels is the
window's job (it has an image library); the decisions live here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from editor.core.document.docfiles import is_bundle_file
from editor.core.document.fsutil import atomic_write_bytes
from editor.core.document.paths import is_remote, resolve_inside
from editor.core.document.post import Post
from editor.core.errors import FrontMatterError, PostdeskError, UnsafePathError
from editor.core.library.checks import image_references
from editor.core.library.library import Library

# Wider than this and a cover costs readers bandwidth for pixels no screen shows.
MAX_COVER_WIDTH = 2400
COVER_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"})


def cover_name(post_path: Path, suffix: str) -> str:
    """The file name a cover with ``suffix`` gets beside the post at ``post_path``.

    ``.jpeg`` becomes ``.jpg``; a suffix that is not a known image type raises PostdeskError.
    """
    suffix = suffix.lower()
    if suffix == ".jpeg":
        suffix = ".jpg"
    if suffix not in COVER_SUFFIXES:
        raise PostdeskError(f"not an image type a blog can show: {suffix or 'no suffix'}")
    if is_bundle_file(post_path):
        return f"cover{suffix}"
    return f"{post_path.stem}-cover{suffix}"


def is_cover_file(path: Path) -> bool:
    """True for a file whose suffix is an image type a cover may have."""
    return path.suffix.lower() in COVER_SUFFIXES


def free_cover_path(post_path: Path, suffix: str, taken: Collection[Path] = ()) -> Path:
    """Where a new cover with ``suffix`` goes beside the post: ``cover.jpg``, else
    ``cover-2.jpg``, ``cover-3.jpg``…

    Never a file (or link) that exists, nor a path in ``taken`` (the new covers other open
    posts hold): a new cover never replaces a picture a saved post may show.
    """
    name = PurePosixPath(cover_name(post_path, suffix))
    candidate = post_path.parent / name.name
    number = 1
    while candidate in taken or os.path.lexists(candidate):
        number += 1
        candidate = post_path.parent / f"{name.stem}-{number}{name.suffix}"
    return candidate


def images_used(post: Post, post_path: Path) -> set[Path]:
    """The local files ``post``, saved at ``post_path``, shows: its cover and body images."""
    references = [image.reference for image in image_references(post.body)]
    if post.cover is not None:
        references.append(post.cover.image)
    return {
        _file(post_path.parent, reference)
        for reference in references
        if reference.strip() and not is_remote(reference) and not reference.startswith("#")
    }


def dropped_cover(before: Post, after: Post, post_path: Path) -> Path | None:
    """The cover file the post showed before a save and no longer shows after it, if any.

    Only a file in the post's own folder (or below it) counts: a cover shared from elsewhere
    (``../shared/cover.jpg``) is never this post's to take away.
    """
    cover = before.cover
    if cover is None or is_remote(cover.image):
        return None
    try:
        resolve_inside(post_path.parent, cover.image)
    except UnsafePathError:
        return None
    file = _file(post_path.parent, cover.image)
    if file in images_used(after, post_path) or not file.is_file():
        return None
    return file


def cover_in_use(
    file: Path,
    post_path: Path,
    library: Library | None,
    open_documents: Iterable[tuple[str, Path | None]],
) -> bool:
    """True when a post other than the one at ``post_path`` shows ``file``.

    Other posts are the library's (their covers, as indexed) and the open documents
    (``(text, path)``, unsaved text included: cover and body images). A document whose front
    matter cannot be read counts as showing the file when its text names it.
    """
    file, own = _real(file), _real(post_path)
    if library is not None:
        for entry in library.entries:
            cover = entry.cover_image
            if cover is not None and _real(entry.path) != own and _real(cover) == file:
                return True
    for text, path in open_documents:
        if path is None or _real(path) == own:
            continue
        try:
            post = Post.from_text(text, path)
        except FrontMatterError:
            if file.name in text:
                return True
            continue
        if file in {_real(image) for image in images_used(post, path)}:
            return True
    return False


@dataclass(frozen=True)
class HeldCover:
    """A cover image waiting for its post's save."""

    post: Path  # the post it belongs to
    target: Path  # where the post's save writes it
    copy: Path  # its bytes, outside the library until then


class PendingCovers:
    """New covers chosen for open posts, kept outside the library until each post is saved.

    Choosing a cover changes nothing on disk: the image waits here under the name the post
    will show it by (``hold``), the preview shows it from here (``held_copy``), a save
    writes the ones its post shows (``write``) and closing without saving forgets them
    (``discard``). A cover a save stopped using comes in here too (``release``): it leaves
    the disk, and Undo and another save bring it back.
    """

    def __init__(self) -> None:
        self._folder: Path | None = None  # made by the first image held
        self._held: dict[Path, HeldCover] = {}  # by target
        self._copies = 0

    def hold(self, post_path: Path, suffix: str, data: bytes) -> Path:
        """Keep image ``data`` as a new cover of the post at ``post_path``; return the path it
        gets beside the post (free on disk and among the held ones), not written yet."""
        post = _real(post_path)
        target = free_cover_path(post, suffix, self._held.keys())
        copy = self._new_copy(target.suffix)
        try:
            copy.write_bytes(data)
        except OSError as error:
            raise PostdeskError(
                f"cannot keep the image: {error.strerror or error}", copy
            ) from error
        self._held[target] = HeldCover(post, target, copy)
        return target

    def hold_file(self, post_path: Path, source: Path) -> Path:
        """Keep a copy of the image file ``source`` as a new cover of the post (see ``hold``)."""
        if not source.is_file():
            raise PostdeskError("no such image file", source)
        return self.hold(post_path, source.suffix, _read(source))

    def release(self, post_path: Path, file: Path) -> None:
        """Take the cover ``file`` off disk (the saved post at ``post_path`` stopped using it),
        keeping it for that post until it closes."""
        copy = self._new_copy(file.suffix)
        try:
            shutil.move(file, copy)
        except OSError as error:
            raise PostdeskError(
                f"cannot remove the old cover: {error.strerror or error}", file
            ) from error
        target = _real(file)
        self._held[target] = HeldCover(_real(post_path), target, copy)

    def held_copy(self, path: Path) -> Path | None:
        """The copy to show for a cover ``path`` that is held, not on disk yet; else None."""
        held = self._held.get(_real(path))
        return held.copy if held is not None else None

    def holds(self, path: Path) -> bool:
        """True for one of the copies kept here (the preview may load it)."""
        return self._folder is not None and _real(path).is_relative_to(self._folder)

    def write(self, post_path: Path, saved_to: Path, post: Post) -> None:
        """Before the post at ``post_path`` is saved as ``post`` at ``saved_to``: write, beside
        ``saved_to``, each of its held covers ``post`` shows.

        The others stay held (Undo and Redo may show them again). Raises PostdeskError, with
        nothing more written, when a file has taken a cover's name since it was chosen.
        """
        owner, saved = _real(post_path), _real(saved_to)
        used = {_real(image) for image in images_used(post, saved_to)}
        for held in [held for held in self._held.values() if held.post == owner]:
            del self._held[held.target]
            target = saved.parent / held.target.relative_to(owner.parent)
            if target not in used:
                self._held[target] = HeldCover(saved, target, held.copy)
                continue
            data = _read(held.copy)
            if os.path.lexists(target) and not (target.is_file() and _read(target) == data):
                self._held[held.target] = held
                raise PostdeskError(
                    "another file took this new cover's name: choose it again", target
                )
            _write(target, data)
            held.copy.unlink(missing_ok=True)

    def follow(self, post_path: Path, moved_to: Path) -> None:
        """The post at ``post_path`` is now at ``moved_to`` (its bundle was renamed): its held
        covers go with it."""
        owner, moved = _real(post_path), _real(moved_to)
        for held in [held for held in self._held.values() if held.post == owner]:
            del self._held[held.target]
            target = moved.parent / held.target.relative_to(owner.parent)
            self._held[target] = HeldCover(moved, target, held.copy)

    def discard(self, post_path: Path) -> None:
        """Forget the covers held for the post at ``post_path`` (closed without saving)."""
        owner = _real(post_path)
        for held in [held for held in self._held.values() if held.post == owner]:
            del self._held[held.target]
            held.copy.unlink(missing_ok=True)

    def close(self) -> None:
        """Forget every held cover and remove their copies (the application ends)."""
        self._held.clear()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def _new_copy(self, suffix: str) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="postdesk-covers-")).resolve()
        self._copies += 1
        return self._folder / f"{self._copies}{suffix}"


def _file(folder: Path, reference: str) -> Path:
    cleaned = unquote(reference.strip().split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    return Path(os.path.normpath(folder / cleaned))


def _real(path: Path) -> Path:
    # Symlinked folders and ``..`` spell one file many ways; held covers are keyed by one.
    return Path(os.path.realpath(path))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise PostdeskError(f"cannot read the image: {error.strerror or error}", path) from error


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
