"""Notes becoming posts: a new post's first text, and promoting a note into its own bundle."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Collection
from datetime import datetime
from pathlib import Path

from editor.core.document.docfiles import BUNDLE_FILES, DOCUMENT_SUFFIXES, is_bundle_file
from editor.core.document.fsutil import atomic_write_bytes, atomic_write_text
from editor.core.document.paths import is_remote, resolve_inside
from editor.core.document.post import Author, Post
from editor.core.document.slugs import slug_problem, slugify
from editor.core.errors import PostdeskError
from editor.core.library.checks import image_references
from editor.core.library.library import read_settings
from editor.core.render.outline import first_heading

_LEADING_ATX_HEADING = re.compile(r"\A(?:[ \t]*\n)*[ \t]{0,3}#[ \t]+[^\n]*\n?(?:[ \t]*\n)*")


def new_post(title: str, *, author: Author | None = None, now: datetime | None = None) -> Post:
    """A new post's front matter: title, date (now), an empty excerpt, no tags yet, the
    default author, and ``draft: true``, so nothing is published before the writer says so.

    ``author`` is the library's default author (``.postdesk.yaml``); only the name is
    written, as the export finds the default author's picture itself.
    """
    post = Post.from_text("\n")
    post.title = " ".join(title.split())
    post.date = (now or datetime.now().astimezone()).replace(microsecond=0)
    post.set_field("excerpt", "")
    post.tags = []
    if author is not None and author.name:
        post.author = Author(name=author.name)
    post.draft = True
    return post


def free_slug(root: Path, slug: str, taken: Collection[Path] = ()) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... : the first whose bundle ``<root>/<name>/``, single
    file ``<root>/<name>.md`` and ``index.md`` path are on no disk and in no open document.

    ``taken`` holds the paths of the open documents, saved or not, so two new posts with one
    title never share a folder.
    """
    for number in range(1, 10_000):
        name = slug if number == 1 else f"{slug}-{number}"
        bundle = root / name
        files = [root / f"{name}{suffix}" for suffix in DOCUMENT_SUFFIXES]
        paths = (bundle, *files, *(bundle / name for name in BUNDLE_FILES))
        if not any(os.path.lexists(path) or is_open(path, taken) for path in paths):
            return name
    raise PostdeskError("no free folder name for the post", root / slug)


def new_slug_problem(root: Path, slug: str, taken: Collection[Path] = ()) -> str | None:
    """Why a new post may not have the slug, and so the bundle ``<root>/<slug>/``: an unsafe
    slug, or one whose folder or file is on disk or an open document's (``taken``, as for
    ``free_slug``), with the first free slug to use instead; None when it is free."""
    problem = slug_problem(slug)
    if problem is None and (free := free_slug(root, slug, taken)) != slug:
        problem = f"{slug}/ is taken by another post in the library or an open tab: try {free!r}"
    return problem


def is_open(path: Path, taken: Collection[Path]) -> bool:
    """Whether ``path`` is the file of one of the open documents ``taken`` (by real path, so
    a link and the file it points at are one)."""
    real = os.path.realpath(path)
    return any(os.path.realpath(open_path) == real for open_path in taken)


def free_path(path: Path, taken: Collection[Path] = ()) -> Path:
    """``path`` when it is free (see ``free_slug``), else the first free ``-2``, ``-3``... of
    its bundle (``<slug>/index.md``) or of its file name: a name to offer for a first save."""
    if is_bundle_file(path):
        bundles = path.parent.parent
        return bundles / free_slug(bundles, path.parent.name, taken) / path.name
    return path.parent / f"{free_slug(path.parent, path.stem, taken)}{path.suffix}"


def promote_note(root: Path, note: Path, *, now: datetime | None = None) -> Path:
    """Turn the note at ``note`` into a draft post bundle ``<root>/<slug>/index.md``.

    The title (and slug) come from the note's first heading, else its file name; a leading
    heading moves into the front matter as the title (the page shows it already). The
    library's default author is added. Images the note shows by a plain relative path are
    copied into the bundle so they still show. The note file is removed once the bundle is
    written. Returns the new ``index.md``; PostdeskError when the file already is a post.
    """
    source = Post.load(note)
    if source.has_front_matter:
        raise PostdeskError("already a post: it has front matter", note)
    title = first_heading(source.body) or note.stem.replace("-", " ").replace("_", " ")
    settings, _problem = read_settings(root)
    post = new_post(title, author=settings.author, now=now)
    body = _LEADING_ATX_HEADING.sub("", source.body, count=1)
    post.body = body if body.startswith("\n") else "\n" + body
    bundle = _free_bundle(root, slugify(post.title))
    target = bundle / "index.md"
    try:
        for reference in _local_images(source.body):
            _copy_image(note.parent, bundle, reference)
        atomic_write_text(target, post.to_text())
    except (PostdeskError, OSError) as error:
        _remove_new_bundle(bundle)
        if isinstance(error, PostdeskError):
            raise
        raise PostdeskError(f"cannot create the post: {error.strerror or error}", bundle) from error
    try:
        note.unlink()
    except OSError as error:
        raise PostdeskError(
            f"the post was created as {target}, but the note could not be removed: "
            f"{error.strerror or error}",
            note,
        ) from error
    return target


def start_copy_beside(path: Path, text: str, taken: Collection[Path] = ()) -> Path:
    """Make room for a copy of the document at ``path`` outside its bundle; return its path.

    A bundle post (``<slug>/index.md``) gets a sibling bundle ``<slug>-mine/`` (``-mine-2``...
    when taken), with the images ``text`` shows by a relative path and its cover copied in,
    so the copy looks the same; a single file gets ``<name>-mine.md`` beside it. Never a
    second document inside one bundle. The caller writes ``text`` there; ``discard_copy``
    takes the new bundle back when that fails.
    """
    folder = path.parent
    if not is_bundle_file(path):
        return folder / f"{free_slug(folder, f'{path.stem}-mine', taken)}{path.suffix}"
    bundle = _free_bundle(folder.parent, free_slug(folder.parent, f"{folder.name}-mine", taken))
    try:
        post = Post.from_text(text)
        cover = post.cover.image if post.cover else ""
    except PostdeskError:
        post, cover = None, ""
    references = _local_images(post.body if post else text)
    if cover and cover not in references and not is_remote(cover):
        references.append(posixpath.normpath(cover.replace("\\", "/")))
    try:
        for reference in references:
            if not reference.startswith(("/", "../")):
                _copy_image(folder, bundle, reference)
    except (PostdeskError, OSError) as error:
        _remove_new_bundle(bundle)
        if isinstance(error, PostdeskError):
            raise
        raise PostdeskError(f"cannot copy the images: {error.strerror or error}", bundle) from error
    return bundle / path.name


def discard_copy(copy: Path) -> None:
    """Remove the bundle ``start_copy_beside`` made for ``copy`` when saving it failed."""
    if is_bundle_file(copy) and not copy.exists():
        _remove_new_bundle(copy.parent)


def _free_bundle(root: Path, slug: str) -> Path:
    """Create and return ``<root>/<slug>`` (``-2``, ``-3``... when taken)."""
    for number in range(1, 1000):
        name = slug if number == 1 else f"{slug}-{number}"
        if (root / f"{name}.md").exists():
            continue
        try:
            (root / name).mkdir()
        except FileExistsError:
            continue
        except OSError as error:
            raise PostdeskError(
                f"cannot create the folder: {error.strerror or error}", root / name
            ) from error
        return root / name
    raise PostdeskError("no free folder name for the post", root / slug)


def _local_images(body: str) -> list[str]:
    """Image references that are plain relative paths staying in the note's folder."""
    found: list[str] = []
    for image in image_references(body):
        reference = image.reference.split("#", 1)[0].split("?", 1)[0].replace("\\", "/")
        normal = posixpath.normpath(reference) if reference else ""
        if (
            not normal
            or is_remote(reference)
            or normal.startswith(("/", "../"))
            or normal == ".."
            or normal in found
        ):
            continue
        found.append(normal)
    return found


def _copy_image(folder: Path, bundle: Path, reference: str) -> None:
    try:
        source = resolve_inside(folder, reference)
    except PostdeskError:
        return  # a missing or unsafe image is check_library's to report, not a reason to stop
    if not source.is_file():
        return
    target = bundle / reference
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, source.read_bytes())


def _remove_new_bundle(bundle: Path) -> None:
    # Only what this promotion created is in the new folder: remove it all, deepest first.
    for folder, names, files in os.walk(bundle, topdown=False):
        for name in files:
            Path(folder, name).unlink(missing_ok=True)
        for name in names:
            Path(folder, name).rmdir()
    bundle.rmdir()
