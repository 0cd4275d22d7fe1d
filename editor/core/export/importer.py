"""Import a blog repository laid out by a profile into a library of post bundles.

Importing an exported repository and exporting it again gives back the same posts: the
fields each profile writes are mapped back to the library's fields, fields a profile derives
(``ogImage``, ``images``, ``layout: post``) are dropped, unknown fields are kept, and every
image is copied into the post's bundle with the links rewritten to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from editor.core.checks import Problem
from editor.core.errors import PostdeskError, UnsafePathError
from editor.core.export.assets import ImageReference, is_local, rewrite_images, unique_name
from editor.core.export.exportplan import Progress
from editor.core.export.plan import PROFILES
from editor.core.export.profiles import JEKYLL_BASEURL, JEKYLL_ESCAPES
from editor.core.fields import field_problems
from editor.core.fsutil import atomic_write_bytes
from editor.core.paths import resolve_inside
from editor.core.post import (
    Author,
    Cover,
    Post,
    parse_author,
    parse_bool,
    parse_cover,
    parse_date,
)
from editor.core.slugs import slug_problem

_JEKYLL_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
_CAPTION_LINK = re.compile(r"^\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)\)$")
_MARKDOWN = (".md", ".markdown")


@dataclass
class ImportedPost:
    """A post read from a repository, ready to be written as ``<slug>/index.md``."""

    source: Path
    slug: str
    post: Post  # the new bundle's document, not saved yet
    images: dict[str, Path] = field(default_factory=dict)  # bundle file name -> source file
    warnings: list[Problem] = field(default_factory=list)  # what the blog's own file gets wrong


@dataclass
class ImportResult:
    """What an import read and wrote."""

    posts: list[ImportedPost] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems that stopped the import (nothing was written)."""
        return [problem for problem in self.problems if problem.severity == "error"]

    def summary(self) -> str:
        """One line: posts imported, files written, errors."""
        errors = len(self.errors)
        imported = len(self.posts) if self.written else 0
        return (
            f"imported {imported} post{'s' if imported != 1 else ''}:"
            f" {len(self.written)} files written, {errors} error{'s' if errors != 1 else ''}"
        )


def import_repository(
    source: Path, profile: str, library: Path, *, progress: Progress | None = None
) -> ImportResult:
    """Read the posts of the ``profile``-shaped repository ``source`` into ``library``.

    Every post becomes ``<library>/<slug>/index.md`` with its images beside it. Nothing is
    written when any post has an error (a missing image, an unsafe slug or image path, a
    bundle that already exists in the library): the problems are in ``result.problems``.
    Raises PostdeskError for an unknown profile or when ``source`` is not a folder.
    """
    if profile not in PROFILES:
        raise PostdeskError(
            f"unknown export profile {profile!r} (choose from {', '.join(PROFILES)})"
        )
    readers: dict[str, Callable[[Path], Iterator[tuple[Path, str, bool]]]] = {
        "nextjs": _nextjs_files,
        "hugo": _hugo_files,
        "jekyll": _jekyll_files,
    }
    if profile not in readers:
        raise PostdeskError(
            f"import from the {profile} profile is not possible: its pages hold rendered HTML,"
            " not Markdown (import the repository it was made from instead)"
        )
    source = Path(source)
    if not source.is_dir():
        raise PostdeskError("no such folder", source)
    library = Path(library)
    result = ImportResult()
    found = list(readers[profile](source))
    slugs: dict[str, Path] = {}
    for index, (path, slug, draft) in enumerate(found):
        if progress is not None:
            progress(index, len(found), str(path))
        try:
            imported = _read_post(source, profile, path, slug, draft)
        except PostdeskError as exc:
            result.problems.append(Problem("error", exc.path or path, exc.message, exc.line))
            continue
        if imported.slug in slugs:
            result.problems.append(
                Problem("error", path, f"duplicate slug {slug!r}: also {slugs[imported.slug]}")
            )
            continue
        slugs[imported.slug] = path
        result.problems.extend(imported.warnings)
        if (library / imported.slug).exists():
            result.problems.append(
                Problem("error", path, f"{library / imported.slug} already exists: not replaced")
            )
            continue
        result.posts.append(imported)
    if result.errors:
        return result
    for imported in result.posts:
        folder = library / imported.slug
        folder.mkdir(parents=True)
        for name, image in imported.images.items():
            atomic_write_bytes(folder / name, image.read_bytes())
            result.written.append(folder / name)
        imported.post.save(folder / "index.md")
        result.written.append(folder / "index.md")
    return result


def _nextjs_files(source: Path) -> Iterator[tuple[Path, str, bool]]:
    for path in sorted((source / "_posts").glob("*.md")):
        yield path, path.stem, False


def _hugo_files(source: Path) -> Iterator[tuple[Path, str, bool]]:
    posts = source / "content" / "posts"
    for path in sorted(posts.glob("*")):
        if path.is_dir() and (path / "index.md").is_file():
            yield path / "index.md", path.name, False
        elif path.suffix in _MARKDOWN and not path.name.startswith("_index"):
            yield path, path.stem, False


def _jekyll_files(source: Path) -> Iterator[tuple[Path, str, bool]]:
    for path in sorted((source / "_posts").glob("*")):
        match = _JEKYLL_NAME.match(path.stem)
        if path.suffix in _MARKDOWN and match:
            yield path, match.group(4), False
    for path in sorted((source / "_drafts").glob("*")):
        if path.suffix in _MARKDOWN:
            yield path, path.stem, True


def _read_post(source: Path, profile: str, path: Path, slug: str, draft: bool) -> ImportedPost:
    original = Post.load(path)
    meta = original.metadata
    explicit_slug = str(meta.get("slug") or "").strip()
    if explicit_slug:
        slug = explicit_slug
    problem = slug_problem(slug)
    if problem is not None:
        raise UnsafePathError(problem, path)
    site_root = {"nextjs": source / "public", "hugo": source / "static"}.get(profile, source)
    images: dict[str, Path] = {}
    by_file: dict[Path, str] = {}

    def copy(reference: str, preferred: str | None = None) -> str:
        """The bundle name for the image ``reference`` (relative to the post or site-absolute)."""
        cleaned = unquote(reference.split("#", 1)[0].split("?", 1)[0])
        if cleaned.startswith("/"):
            file = resolve_inside(site_root, cleaned.lstrip("/"), source=path)
        else:
            file = resolve_inside(path.parent, cleaned, source=path)
        if not file.is_file():
            raise PostdeskError(f"image not found: {reference}", path)
        key = file.resolve()
        if key not in by_file:
            by_file[key] = unique_name(preferred or file.name, set(images))
            images[by_file[key]] = file
        return by_file[key]

    fields: dict[str, Any] = {}
    cover: Cover | None = None
    author: Author | None = None
    if profile == "nextjs":
        derived = {"title", "excerpt", "coverImage", "date", "author", "ogImage", "tags", "draft"}
        derived.add("slug")
        cover_image = str(meta.get("coverImage") or "")
        if cover_image:
            cover = Cover(copy(cover_image) if is_local(cover_image) else cover_image)
        og = meta.get("ogImage")
        if isinstance(og, dict) and og.get("url") not in (None, "", cover_image):
            fields["ogImage"] = og
        author = parse_author(meta.get("author"))
        if author is not None and author.picture and is_local(author.picture):
            author = Author(author.name, copy(author.picture))
        excerpt = str(meta.get("excerpt") or "")
    elif profile == "hugo":
        derived = {"title", "date", "draft", "tags", "summary", "author", "cover", "images", "slug"}
        found = parse_cover(meta.get("cover"))
        if found is not None:
            image = copy(found.image) if is_local(found.image) else found.image
            credit, credit_url = _caption(meta.get("cover"))
            cover = Cover(image, found.alt, credit, credit_url)
            social = f"posts/{slug}/{image}" if is_local(found.image) else found.image
            if meta.get("images") not in (None, [social]):
                fields["images"] = meta.get("images")
        elif meta.get("images") is not None:
            fields["images"] = meta.get("images")
        author = parse_author(meta.get("author"))
        excerpt = str(meta.get("summary") or "")
        draft = parse_bool(meta.get("draft"))
    else:
        derived = {"layout", "title", "date", "tags", "excerpt", "author", "image", "slug"}
        image_field = meta.get("image")
        if isinstance(image_field, dict):
            image_field = image_field.get("path")
        if image_field:
            reference = str(image_field)
            cover = Cover(copy(reference) if is_local(reference) else reference)
        if meta.get("layout") not in (None, "post"):
            fields["layout"] = meta.get("layout")
        author = parse_author(meta.get("author"))
        excerpt = str(meta.get("excerpt") or "")
    for key, value in meta.items():
        if key not in derived and key not in fields:
            fields[key] = value

    def relink(ref: ImageReference) -> str | None:
        return copy(ref.reference) if is_local(ref.reference) else None

    body = original.body
    if profile == "jekyll":
        body = body.replace(f"{JEKYLL_BASEURL}/assets/images/", "/assets/images/")
    body = rewrite_images(body, relink)
    if profile == "jekyll":
        for text, escaped in JEKYLL_ESCAPES.items():
            body = body.replace(escaped, text)

    post = Post.from_text("")
    post.title = original.title
    date = original.date
    named = _JEKYLL_NAME.match(path.stem)
    if original.get("date") is None and profile == "jekyll" and named:
        date = parse_date("-".join(named.groups()[:3]))
    if date is not None:
        post.date = date
    else:
        # An unreadable date is kept as written (never replaced by one made up here); the
        # import and the library's check name it.
        post.set_field("date", original.get("date"))
    post.excerpt = excerpt
    post.tags = original.tags
    post.cover = cover
    post.author = author
    post.draft = draft or parse_bool(meta.get("draft"))
    for key, value in fields.items():
        post.set_field(key, value)
    post.body = body
    warnings = [
        Problem("warning", path, problem.message, problem.line)
        for problem in field_problems(original)
    ]
    return ImportedPost(path, slug, post, images, warnings)


def _caption(cover: Any) -> tuple[str, str]:
    """The credit and its link from a Hugo cover caption (``[Photo by X](url)`` or plain)."""
    caption = str(cover.get("caption") or "") if isinstance(cover, dict) else ""
    match = _CAPTION_LINK.match(caption.strip())
    if match:
        return match.group("text"), match.group("url")
    return caption, ""
