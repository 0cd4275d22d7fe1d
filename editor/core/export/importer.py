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
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from editor.core.blog.blogconfig import hugo_content_dirs
from editor.core.blog.blogfile import YAML, parse_blog_front_matter, split_blog_file
from editor.core.blog.fields import blog_fields, jekyll_name_date
from editor.core.blog.provenance import Origin, OriginImage, sha256
from editor.core.blog.recognise import HUGO_LANGUAGE, PostFile, hugo_base_name, post_files
from editor.core.document import textfile
from editor.core.document.docfiles import DOCUMENT_SUFFIXES
from editor.core.document.fields import field_problems
from editor.core.document.frontmatter import render_block
from editor.core.document.fsutil import atomic_write_bytes
from editor.core.document.paths import resolve_inside
from editor.core.document.post import (
    Author,
    Post,
)
from editor.core.document.slugs import name_problem, slugify
from editor.core.errors import PostdeskError, Problem
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
    if profile not in ("nextjs", "hugo", "jekyll"):
        raise PostdeskError(
            f"import from the {profile} profile is not possible: its pages hold rendered HTML,"
            " not Markdown (import the repository it was made from instead)"
        )
    source = Path(source)
    if not source.is_dir():
        raise PostdeskError("no such folder", source)
    library = Path(library)
    result = ImportResult()
    found = list(post_files(source, profile, result.problems))
    written_by_postdesk = _exported_files(source)
    # Hugo's content folders, the default language's first: a translation's original.
    languages = hugo_content_dirs(source) if profile == "hugo" else []
    names: dict[str, Path] = {}
    for index, found_post in enumerate(found):
        path = found_post.path
        if progress is not None:
            progress(index, len(found), str(path))
        try:
            imported = _read_post(source, profile, found_post, written_by_postdesk, languages)
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
    match = HUGO_LANGUAGE.match(path.stem)
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
    found_post: PostFile,
    written_by_postdesk: dict[str, str],
    languages: list[str],
) -> ImportedPost:
    path, slug = found_post.path, found_post.name
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

    # The blog's fields in the library's terms; the cover, the author's picture and the
    # images below become the bundle's own copies.
    mapped = blog_fields(profile, meta, path, in_drafts=found_post.in_drafts, own_only=True)
    fields: dict[str, Any] = {}
    cover = mapped.cover
    if cover is not None and is_local(cover.image):
        cover = replace(cover, image=copy(cover.image))
    author = mapped.author
    if profile == "nextjs":
        derived = {"title", "excerpt", "coverImage", "date", "author", "ogImage", "tags", "draft"}
        derived.add("slug")
        og = meta.get("ogImage")
        if isinstance(og, dict) and og.get("url") not in (None, "", meta.get("coverImage") or ""):
            fields["ogImage"] = og
        if author is not None and author.picture and is_local(author.picture):
            author = Author(author.name, copy(author.picture))
    elif profile == "hugo":
        derived = {"title", "date", "draft", "tags", "summary", "author", "cover", "images", "slug"}
        if mapped.cover is not None and cover is not None:
            local = is_local(mapped.cover.image)
            social = f"posts/{slug}/{cover.image}" if local else cover.image
            if meta.get("images") not in (None, [social]):
                fields["images"] = meta.get("images")
        elif meta.get("images") is not None:
            fields["images"] = meta.get("images")
        if author is None and meta.get("author") is not None:
            fields["author"] = meta.get("author")  # a list of authors, kept as written
    else:
        derived = {"layout", "title", "date", "tags", "excerpt", "author", "image", "slug"}
        if meta.get("layout") not in (None, "post"):
            fields["layout"] = meta.get("layout")
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
    if original.get("date") is None and profile == "jekyll":
        date = jekyll_name_date(path)
    if date is not None:
        post.date = date
    else:
        # An unreadable date is kept as written (never replaced by one made up here); the
        # import and the library's check name it.
        post.set_field("date", original.get("date"))
    post.excerpt = mapped.excerpt
    post.tags = original.tags
    post.cover = cover
    post.author = author
    post.draft = mapped.draft
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
    if profile != "hugo" or hugo_base_name(post) != "index":
        return
    for file in sorted(post.parent.rglob("*")):
        relative = file.relative_to(post.parent)
        if (
            file.is_file()
            and file.suffix not in DOCUMENT_SUFFIXES
            and not any(part.startswith(".") for part in relative.parts)
        ):
            yield relative.as_posix()
