"""Import a blog repository laid out by a profile into a library of post bundles.

Every post of the blog is read, at any depth (Hugo's sections, bundles and translations,
Jekyll's drafts), whatever its front matter format. Each becomes a bundle in the library's own
form: the blog's fields mapped to the library's, unknown fields kept, every image copied beside
it with the links rewritten to it. Beside it goes a record of the original (see provenance):
an export back into the blog then writes the original bytes for everything not edited. One bad
post is reported and left out; the others are imported.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from editor.core.blog.blogconfig import hugo_content_dirs, jekyll_excluded
from editor.core.blog.blogfile import YAML, parse_blog_front_matter, split_blog_file
from editor.core.blog.provenance import Origin, OriginImage, sha256
from editor.core.document import textfile
from editor.core.document.docfiles import DOCUMENT_SUFFIXES
from editor.core.document.fields import field_problems
from editor.core.document.frontmatter import render_block
from editor.core.document.fsutil import atomic_write_bytes
from editor.core.document.paths import resolve_inside
from editor.core.document.post import (
    Author,
    Cover,
    Post,
    parse_author,
    parse_bool,
    parse_cover,
    parse_date,
)
from editor.core.document.slugs import name_problem, slugify
from editor.core.errors import PostdeskError
from editor.core.export.assets import (
    IMAGE_SUFFIXES,
    ImageReference,
    is_local,
    rewrite_images,
    unique_name,
)
from editor.core.export.exportplan import Progress
from editor.core.export.manifest import MANIFEST
from editor.core.export.plan import PROFILES
from editor.core.export.profiles import JEKYLL_BASEURL, unwrap_liquid
from editor.core.library.checks import Problem

# Jekyll's post file name: the date's month and day may go without their leading zero.
_JEKYLL_NAME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")
_CAPTION_LINK = re.compile(r"^\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)\)$")
# Hugo's translations: ``name.fr.md``, ``index.pt-br.md``.
_LANGUAGE = re.compile(r"^(?P<name>.+)\.(?P<language>[a-z]{2,3}(?:-[a-zA-Z]{2,4})?)$")


@dataclass
class ImportedPost:
    """A post read from a repository, ready to be written as ``<name>/index.md``."""

    source: Path
    slug: str  # the bundle folder's name
    post: Post  # the new bundle's document, not saved yet
    origin: Origin  # where it came from, saved beside it
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
        """Problems that left a post out of the import."""
        return [problem for problem in self.problems if problem.severity == "error"]

    def summary(self) -> str:
        """One line: posts imported, posts left out with errors, files written."""
        imported = len(self.posts)
        refused = len({problem.path for problem in self.errors})
        return (
            f"imported {imported} post{'s' if imported != 1 else ''},"
            f" {refused} left out with errors: {len(self.written)} files written"
        )


def import_repository(
    source: Path, profile: str, library: Path, *, progress: Progress | None = None
) -> ImportResult:
    """Read the posts of the ``profile``-shaped repository ``source`` into ``library``.

    Every post becomes ``<library>/<name>/index.md`` (``name``: the post file's own name)
    with its images and the record of its origin beside it. A post with an error (an
    unreadable file, a missing image, an image path leading out, a bundle that already exists
    in the library) is left out and named in ``result.problems``; the others are written.
    Raises PostdeskError for an unknown profile or when ``source`` is not a folder.
    """
    if profile not in PROFILES:
        raise PostdeskError(
            f"unknown export profile {profile!r} (choose from {', '.join(PROFILES)})"
        )
    readers: dict[str, Callable[[Path, list[Problem]], Iterator[tuple[Path, str, bool]]]] = {
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
    found = list(readers[profile](source, result.problems))
    written_by_postdesk = _exported_files(source)
    # Hugo's content folders, the default language's first: a translation's original.
    languages = hugo_content_dirs(source) if profile == "hugo" else []
    names: dict[str, Path] = {}
    for index, (path, name, draft) in enumerate(found):
        if progress is not None:
            progress(index, len(found), str(path))
        try:
            imported = _read_post(
                source, profile, path, name, draft, written_by_postdesk, languages
            )
        except PostdeskError as exc:
            result.problems.append(Problem("error", exc.path or path, exc.message, exc.line))
            continue
        # Two sections may hold posts of one name: the second gets a number.
        imported.slug = unique_name(imported.slug, set(names))
        names[imported.slug] = path
        result.problems.extend(imported.warnings)
        if (library / imported.slug).exists():
            result.problems.append(
                Problem("error", path, f"{library / imported.slug} already exists: not replaced")
            )
            continue
        result.posts.append(imported)
    for imported in result.posts:
        folder = library / imported.slug
        folder.mkdir(parents=True)
        for name, image in imported.images.items():
            atomic_write_bytes(folder / name, image.read_bytes())
            result.written.append(folder / name)
        imported.post.save(folder / "index.md")
        result.written.append(folder / "index.md")
        imported.origin.imported = imported.post.front_matter
        result.written.append(imported.origin.save(folder))
    return result


def _nextjs_files(source: Path, problems: list[Problem]) -> Iterator[tuple[Path, str, bool]]:
    for path in sorted((source / "_posts").glob("*")):
        if path.suffix in DOCUMENT_SUFFIXES and path.is_file():
            yield path, path.stem, False


def _hugo_files(source: Path, problems: list[Problem]) -> Iterator[tuple[Path, str, bool]]:
    seen: set[Path] = set()
    for folder in hugo_content_dirs(source):
        content = source / folder
        found = sorted(path for path in content.rglob("*") if path.suffix in DOCUMENT_SUFFIXES)
        # A leaf bundle's folder (one with an index.md) holds the post's resources: any
        # other Markdown file in it is one of them, not a post.
        bundles = {path.parent for path in found if _base_name(path) == "index"}
        for path in found:
            if path in seen or not path.is_file():
                continue
            seen.add(path)
            base = _LANGUAGE.match(path.stem)
            if _base_name(path) == "_index":
                continue  # a section's own page (a branch bundle), not a post
            if _base_name(path) == "index" and path.parent != content:
                # A leaf bundle: the post is named after its folder (a translation keeps its
                # language: ``page-bundles.fr``).
                language = f".{base.group('language')}" if base else ""
                yield path, path.parent.name + language, False
            elif not bundles.intersection(path.parents):
                yield path, path.stem, False


def _base_name(path: Path) -> str:
    """A Hugo file's name without its extension and language (``index`` of ``index.fr.md``)."""
    base = _LANGUAGE.match(path.stem)
    return base.group("name") if base else path.stem


def _jekyll_files(source: Path, problems: list[Problem]) -> Iterator[tuple[Path, str, bool]]:
    excluded = _JEKYLL_EXCLUDED | jekyll_excluded(source)
    for folder in _jekyll_post_folders(source, source, excluded):
        for path in sorted(folder.rglob("*")):
            if path.suffix not in DOCUMENT_SUFFIXES or not path.is_file():
                continue
            if folder.name == "_drafts":
                yield path, path.stem, True
                continue
            match = _JEKYLL_NAME.match(path.stem)
            if match is None:
                problems.append(
                    Problem(
                        "warning",
                        path,
                        "not imported: Jekyll publishes a file in _posts only when its name"
                        " starts with a date (2024-05-01-name.md)",
                    )
                )
                continue
            yield path, match.group(4), False


# Folders Jekyll never reads, besides those starting with ``_`` or ``.`` and the site's own
# ``exclude`` list.
_JEKYLL_EXCLUDED = frozenset({"node_modules", "vendor"})


def _jekyll_post_folders(source: Path, folder: Path, excluded: Collection[str]) -> Iterator[Path]:
    """Every ``_posts`` and ``_drafts`` folder Jekyll reads: the site's own and those inside
    its category folders (``releases/_posts``), at any depth."""
    for name in ("_posts", "_drafts"):
        if (folder / name).is_dir():
            yield folder / name
    for child in sorted(folder.iterdir()):
        relative = child.relative_to(source).as_posix()
        if child.name.startswith(("_", ".")) or relative in excluded or child.name in excluded:
            continue
        if child.is_dir() and not child.is_symlink():
            yield from _jekyll_post_folders(source, child, excluded)


def _exported_files(source: Path) -> dict[str, str]:
    """The files an earlier export of Postdesk wrote into ``source``, with their hashes."""
    try:
        raw = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
        files = raw["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {str(key): str(value) for key, value in files.items()} if isinstance(files, dict) else {}


def _translation_of(source: Path, path: Path, languages: list[str]) -> str | None:
    """The file a Hugo translation translates, when it exists: ``name.md`` for
    ``name.fr.md``, or the same file in the default language's content folder for one in
    another language's (``content/fr/post/intro.md`` -> ``content/en/post/intro.md``)."""
    match = _LANGUAGE.match(path.stem)
    if match is not None:
        for suffix in DOCUMENT_SUFFIXES:
            original = path.with_name(match.group("name") + suffix)
            if original.is_file():
                return original.relative_to(source).as_posix()
    relative = path.relative_to(source)
    for folder in languages[1:]:
        if relative.is_relative_to(folder):
            original = source / languages[0] / relative.relative_to(folder)
            if original.is_file():
                return original.relative_to(source).as_posix()
    return None


def _read_post(
    source: Path,
    profile: str,
    path: Path,
    slug: str,
    draft: bool,
    written_by_postdesk: dict[str, str],
    languages: list[str],
) -> ImportedPost:
    data = textfile.read_document_bytes(path)
    text = textfile.decode_document(data, path)
    blog_file = split_blog_file(text)
    meta = parse_blog_front_matter(blog_file, path)
    if blog_file.format in ("", YAML):
        original = Post.from_text(text, path)
    else:
        # TOML and JSON are read as the same fields in YAML: the library's own form.
        original = Post.from_text(f"---\n{render_block(meta)}---\n{blog_file.body}", path)
    explicit_slug = str(meta.get("slug") or "").strip()
    if explicit_slug:
        slug = explicit_slug
    if name_problem(slug) is not None:
        # The blog's file keeps its name (the record has it); only the library's folder
        # needs one that every system can hold.
        slug = slugify(slug)
    relative = path.relative_to(source).as_posix()
    # A file an earlier export wrote holds the writer's text with Liquid escaped; any other
    # is the blog's own, whose Liquid and shortcodes are template code.
    template_code = written_by_postdesk.get(relative) != sha256(data)
    site_root = {"nextjs": source / "public", "hugo": source / "static"}.get(profile, source)
    images: dict[str, Path] = {}
    by_reference: dict[str, str] = {}
    origin_images: list[OriginImage] = []

    def copy(reference: str, preferred: str | None = None, base: Path | None = None) -> str:
        """The bundle name for the image ``reference`` (relative to the post, or to ``base``,
        or site-absolute), one per reference as written, so each maps back to its own form
        on export."""
        if reference in by_reference:
            return by_reference[reference]
        cleaned = unquote(reference.split("#", 1)[0].split("?", 1)[0])
        cleaned = cleaned.removeprefix(JEKYLL_BASEURL) if profile == "jekyll" else cleaned
        if cleaned.startswith("/"):
            file = resolve_inside(site_root, cleaned.lstrip("/"), source=path)
        else:
            file = resolve_inside(base or path.parent, cleaned, source=path)
        if not file.is_file():
            raise PostdeskError(f"image not found: {reference}", path)
        name = unique_name(preferred or file.name, set(images))
        images[name] = file
        by_reference[reference] = name
        in_repository = os.path.relpath(os.path.realpath(file), os.path.realpath(source))
        origin_images.append(
            OriginImage(
                reference,
                name,
                Path(in_repository).as_posix(),
                sha256(file.read_bytes()),
            )
        )
        return name

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
        if author is None and meta.get("author") is not None:
            fields["author"] = meta.get("author")  # a list of authors, kept as written
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

    body = rewrite_images(original.body, relink)
    # Files the blog's templates use without a Markdown link (front matter paths such as
    # header.overlay_image or a gallery, shortcode and include arguments, a Hugo leaf
    # bundle's resources) go with the post too, so an export into an empty folder has them.
    carried = {os.path.realpath(file) for file in images.values()}
    bases = [path.parent, site_root] + ([source / "assets"] if profile == "hugo" else [])
    for reference in [*_template_images(meta, original.body), *_bundle_files(profile, path)]:
        if reference in by_reference:
            continue
        for base in bases:
            try:
                name = copy(reference, base=base)
            except PostdeskError:
                continue  # not one of the blog's files: made by its templates, or elsewhere
            file = os.path.realpath(images[name])
            if file in carried:
                # Already carried under another reference: one copy is enough.
                del images[name], by_reference[reference]
                origin_images.pop()
            carried.add(file)
            break
    if profile == "jekyll" and not template_code:
        body = unwrap_liquid(body)

    post = Post.from_text("")
    post.title = original.title
    date = original.date
    named = _JEKYLL_NAME.match(path.stem)
    if original.get("date") is None and profile == "jekyll" and named:
        year, month, day = (int(part) for part in named.groups()[:3])
        date = parse_date(f"{year:04d}-{month:02d}-{day:02d}")
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
        for problem in field_problems(original, profile)
    ]
    origin = Origin(
        profile=profile,
        path=relative,
        front_matter_format=blog_file.format,
        head=blog_file.head,
        imported="",  # the library's front matter, known once the post is written
        sha256=sha256(data),
        body_sha256=sha256(blog_file.body.encode("utf-8")),
        template_code=template_code,
        images=origin_images,
        translation_of=_translation_of(source, path, languages) if profile == "hugo" else None,
    )
    return ImportedPost(path, slug, post, origin, images, warnings)


# A path to an image among a template tag's or a front matter value's words.
_IMAGE_PATH = re.compile(
    r"(?P<path>[^\s\"'<>()=,\[\]{}]+\.(?:"
    + "|".join(suffix.lstrip(".") for suffix in sorted(IMAGE_SUFFIXES))
    + r"))(?=[\s\"')>,\]}]|$)",
    re.IGNORECASE,
)
_TEMPLATE_TAG = re.compile(r"\{\{[<%].*?[%>]\}\}|\{%.*?%\}", re.DOTALL)


def _template_images(meta: Any, body: str) -> Iterator[str]:
    """The local image paths named in front matter values and in the body's template tags."""
    if isinstance(meta, dict):
        for value in meta.values():
            yield from _template_images(value, "")
    elif isinstance(meta, list):
        for value in meta:
            yield from _template_images(value, "")
    elif isinstance(meta, str) and is_local(meta):
        yield from (match.group("path") for match in _IMAGE_PATH.finditer(meta))
    for tag in _TEMPLATE_TAG.finditer(body):
        yield from (match.group("path") for match in _IMAGE_PATH.finditer(tag.group(0)))


def _bundle_files(profile: str, post: Path) -> Iterator[str]:
    """A Hugo leaf bundle's resources (every file beside its ``index.md`` but Markdown and
    hidden ones), relative to the bundle."""
    if profile != "hugo" or _base_name(post) != "index":
        return
    for file in sorted(post.parent.rglob("*")):
        relative = file.relative_to(post.parent)
        if (
            file.is_file()
            and file.suffix not in DOCUMENT_SUFFIXES
            and not any(part.startswith(".") for part in relative.parts)
        ):
            yield relative.as_posix()


def _caption(cover: Any) -> tuple[str, str]:
    """The credit and its link from a Hugo cover caption (``[Photo by X](url)`` or plain)."""
    caption = str(cover.get("caption") or "") if isinstance(cover, dict) else ""
    match = _CAPTION_LINK.match(caption.strip())
    if match:
        return match.group("text"), match.group("url")
    return caption, ""
