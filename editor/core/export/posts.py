"""A post made ready for a profile: fields settled, images found, named, checked and relinked."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from editor.core.blog.provenance import (
    Origin,
    OriginImage,
    has_origin,
    origin_path,
)
from editor.core.document.paths import image_path
from editor.core.document.post import Author, Cover, Post, date_problem, engine_date
from editor.core.document.slugs import name_problem, slug_problem
from editor.core.errors import PostdeskError, UnsafePathError
from editor.core.export.assets import (
    ImageReference,
    is_local,
    output_name,
    rewrite_images,
    safe_suffix,
    unique_name,
)

KNOWN_FIELDS = frozenset({"title", "date", "slug", "excerpt", "tags", "cover", "author", "draft"})


class PostProblems(PostdeskError):
    """Everything that stops one post from being exported (the first one is the message)."""

    def __init__(self, problems: list[PostdeskError]):
        first = problems[0]
        super().__init__(first.message, first.path, first.line)
        self.problems = problems


@dataclass(frozen=True)
class PostImage:
    """An image file a post uses, and the name it gets in the target."""

    name: str
    source: Path


@dataclass(frozen=True)
class OutputFile:
    """One file an export produces: generated ``data``, or a ``source`` file copied as is."""

    path: str  # relative to the target, with forward slashes
    data: bytes | None = None
    source: Path | None = None
    post: Path | None = None  # the post it comes from, None for site-wide files
    digest: str | None = None  # known hash of a file left as it is (neither data nor source)
    # Hash of the blog's own file an imported post came from: a target file still holding
    # it belongs to that post (see provenance).
    claimed: str | None = None


@dataclass
class ExportPost:
    """One post as every profile sees it; ``body`` links already point where the profile wants."""

    post: Post
    source: Path
    slug: str
    title: str
    date: dt.datetime
    excerpt: str
    tags: list[str]
    draft: bool
    body: str
    cover: Cover | None  # cover.image is the output file name, or a URL kept as is
    cover_name: str | None  # output name of a local cover image
    author: Author | None  # picture as written in the post or library settings
    author_picture_source: Path | None  # the local picture file, when there is one
    images: list[PostImage] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)  # files read besides the post
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: list[PostdeskError] = field(default_factory=list)
    origin: Origin | None = None  # where an imported post came from, for this profile
    # The blog's own images of an imported post, and the library file each became.
    restored_images: list[tuple[OriginImage, Path]] = field(default_factory=list)


def prepare_post(
    post: Post,
    *,
    library_root: Path,
    default_author: Author | None,
    fallback_title: str = "",
    image_url: Callable[[str, str], str],
    default_pictures: dict[str, Path] | None = None,
    origin: Origin | None = None,
) -> ExportPost:
    """Settle ``post``'s fields and rewrite its image links with ``image_url(slug, name)``.

    ``origin``: the record of an imported post exported with its own profile. Its name need
    only be a safe file name, and a link to an image it came with goes back to the form the
    blog wrote.

    ``fallback_title`` is the title of a note (no ``title`` field), as the library shows it.
    ``default_pictures`` remembers the default author's picture file across the posts of
    one export (it is checked once, not once per post).

    Raises PostProblems (each one line naming the file and line) for an unsafe slug, an image
    path leading outside the library, or a missing image.
    """
    if default_pictures is None:
        default_pictures = {}
    source = post.path if post.path is not None else library_root
    folder = post.folder if post.folder is not None else library_root
    problems: list[PostdeskError] = []
    warnings: list[PostdeskError] = []

    slug = post.slug
    # An imported post keeps the blog's own name, whatever the profile it goes to now.
    imported = origin is not None or (post.path is not None and has_origin(post.path))
    why = name_problem(slug) if imported else slug_problem(slug)
    if why is not None:
        raise PostProblems([UnsafePathError(why, source, field_line(post, "slug"))])

    engine = origin.profile if origin is not None else None
    written_date = post.get("date")
    date = post.date or engine_date(written_date, engine)
    if date is None and written_date is not None:
        # A date no blog reads: check_library names it with its line (with the post's other
        # front matter problems); the post is never published with a date made up here.
        why = date_problem(written_date, str(written_date), engine)
        raise PostProblems([PostdeskError(why or "cannot read the date", source)])
    if date is None:
        # Only a post without a date goes out with its file's time, and says so.
        mtime = source.stat().st_mtime if source.is_file() else 0.0
        date = dt.datetime.fromtimestamp(mtime).astimezone()
        warnings.append(PostdeskError("no date: the file's modification time is used", source))

    names: dict[Path, str] = {}
    images: list[PostImage] = []

    def image_name(reference: str, line: int | None, preferred: str | None = None) -> str | None:
        try:
            # Links may be percent-encoded (my%20photo.png); the file name is not.
            path = image_path(library_root, folder, unquote(reference), source=source)
        except UnsafePathError as exc:
            exc.line = line
            problems.append(exc)
            return None
        if not path.is_file():
            problems.append(PostdeskError(f"image not found: {reference}", source, line))
            return None
        key = Path(os.path.normpath(path))
        if key not in names:
            wanted = preferred or output_name(path)
            names[key] = unique_name(wanted, {image.name for image in images})
            images.append(PostImage(names[key], path))
        return names[key]

    def original(reference: str) -> str | None:
        """The blog's own form of a link to an image the post was imported with."""
        found = origin.reference_for(reference) if origin is not None else None
        return None if found is None else found.reference

    cover = post.cover
    cover_name: str | None = None
    if cover is not None and cover.image and original(cover.image) is not None:
        cover = Cover(original(cover.image) or "", cover.alt, cover.credit, cover.credit_url)
    elif cover is not None and cover.image and is_local(cover.image):
        suffix = safe_suffix(Path(cover.image.split("?", 1)[0]))
        cover_name = image_name(cover.image, field_line(post, "cover"), f"cover{suffix}")
        if cover_name is not None:
            cover = Cover(cover_name, cover.alt, cover.credit, cover.credit_url)

    def relink(ref: ImageReference) -> str | None:
        if not is_local(ref.reference):
            return None
        if original(ref.reference) is not None:
            return original(ref.reference)
        name = image_name(ref.reference, post.body_line + ref.line - 1)
        return None if name is None else image_url(slug, name)

    body = rewrite_images(post.body, relink)

    author, from_post = _author(post, default_author)
    picture_source: Path | None = None
    if author is not None and from_post and original(author.picture) is not None:
        author = Author(author.name, original(author.picture) or "")
    elif author is not None and author.picture and is_local(author.picture):
        picture_source = None if from_post else default_pictures.get(author.picture)
        base = folder if from_post else library_root
        try:
            if picture_source is None:
                picture_source = image_path(library_root, base, author.picture, source=source)
        except UnsafePathError as exc:
            exc.line = field_line(post, "author") if from_post else None
            problems.append(exc)
        else:
            if not picture_source.is_file():
                where = "" if from_post else " (the default author in .postdesk.yaml)"
                problems.append(
                    PostdeskError(f"author picture not found: {author.picture}{where}", source)
                )
                picture_source = None
            elif not from_post:
                default_pictures[author.picture] = picture_source

    if problems:
        raise PostProblems(problems)

    extra = {key: value for key, value in post.metadata.items() if key not in KNOWN_FIELDS}
    restored = []
    if origin is not None:
        restored = [
            (image, folder / image.file)
            for image in origin.images
            if (folder / image.file).is_file()
        ]
        inputs = [origin_path(source), *(path for _image, path in restored)]
    else:
        inputs = []
    return ExportPost(
        post=post,
        source=source,
        slug=slug,
        title=post.title or fallback_title or slug,
        date=date,
        excerpt=post.excerpt,
        tags=list(post.tags),
        draft=post.kind != "post",
        body=body,
        cover=cover,
        cover_name=cover_name,
        author=author,
        author_picture_source=picture_source,
        images=images,
        inputs=[image.source for image in images]
        + ([picture_source] if picture_source is not None else [])
        + inputs,
        extra=extra,
        warnings=warnings,
        origin=origin,
        restored_images=restored,
    )


def _author(post: Post, default: Author | None) -> tuple[Author | None, bool]:
    """The post's author, else the library's default; True when the picture is the post's own.

    A post naming an author without a picture gets the default author's picture, so a guest
    post is not refused by a blog whose layout needs one.
    """
    own = post.author
    if own is None or not own.name:
        return default, False
    if not own.picture and default is not None and default.picture:
        return Author(own.name, default.picture), False
    return own, True


def field_line(post: Post, key: str) -> int | None:
    """The file line where front matter ``key`` starts, when it can be found."""
    if post.path is None or not post.has_front_matter:
        return None
    head = post.to_text().split("\n", post.body_line)[: post.body_line - 1]
    for index, text in enumerate(head, start=1):
        if text.startswith(f"{key}:"):
            return index
    return None
