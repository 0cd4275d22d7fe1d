"""Checks a library before publishing: broken files, missing images, unsafe or duplicate slugs.

Errors leave a post out of an export (it would publish broken); warnings are worth fixing but
publish fine. Notes are never published, so only their readability is checked. These are the
rules of every blog; a profile's own rules are the export's (``export.check_export`` runs
both, as ``postdesk check --profile`` and ``postdesk export`` do).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from editor.core.document.fields import field_problems
from editor.core.document.paths import SETTINGS_FILE, is_remote
from editor.core.document.post import Post
from editor.core.document.slugs import name_problem, slug_problem
from editor.core.errors import PostdeskError, Problem, UnsafePathError
from editor.core.library.indexcache import LibraryEntry
from editor.core.library.library import Library, load_post
from editor.core.render.dialects import Dialect
from editor.core.render.outline import prose_lines
from editor.core.render.surprises import blog_surprises

if TYPE_CHECKING:
    from editor.core.blog.recognise import Blog

PROFILES = ("nextjs", "hugo", "jekyll", "html")
EXCERPT_LIMIT = 160

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_DESTINATION = r"(?:<([^<>\n]*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+))"
_INLINE_IMAGE = re.compile(
    r"!\[(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*\]\(\s*"
    + _DESTINATION
    + r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)"""
)
_REFERENCE_IMAGE = re.compile(r"!\[((?:[^\[\]\\]|\\.)*)\](?:\[((?:[^\[\]\\]|\\.)*)\])?")
_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:\s*" + _DESTINATION)
_HTML_IMAGE = re.compile(
    r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class ImageReference:
    """An image a document's body points to, with the file line it is written on."""

    line: int
    reference: str  # as written, percent-escapes and backslash-escapes decoded


def image_references(body: str, first_line: int = 1) -> list[ImageReference]:
    """The images a Markdown body shows: ``![alt](src)``, ``![alt][ref]`` and ``<img src>``.

    Code blocks and code spans are skipped. ``first_line`` is the file line the body starts
    on, so lines match the file.
    """
    definitions: dict[str, tuple[int, str]] = {}
    found: list[tuple[int, str]] = []
    wanted: list[tuple[int, str]] = []
    for number, line in prose_lines(body, first_line):
        if "[" not in line and "<" not in line:
            continue  # every image form and every definition needs one of the two
        definition = _DEFINITION.match(line)
        if definition:
            label = _label(definition.group(1))
            definitions.setdefault(label, (number, _destination(definition)))
            continue
        text = _CODE_SPAN.sub(lambda span: " " * len(span.group(0)), line)
        for match in _INLINE_IMAGE.finditer(text):
            found.append((number, _destination(match)))
        text = _INLINE_IMAGE.sub(" ", text)
        for match in _REFERENCE_IMAGE.finditer(text):
            wanted.append((number, _label(match.group(2) or match.group(1))))
        for match in _HTML_IMAGE.finditer(text):
            found.append((number, match.group(1) or match.group(2) or match.group(3) or ""))
    for number, label in wanted:
        if label in definitions:
            found.append((number, definitions[label][1]))
    found.sort(key=lambda item: item[0])
    return [ImageReference(number, _decoded(reference)) for number, reference in found]


def check_library(library: Library) -> list[Problem]:
    """Every problem in ``library`` that any blog would have, sorted by file and line.

    A blog opened in place is checked as that blog reads its posts: its own names and date
    forms, its images where it finds them, and what its Markdown engine shows otherwise."""
    problems: list[Problem] = []
    settings_path = library.root / SETTINGS_FILE
    if library.settings_error is not None:
        problems.append(_from_error(library.settings_error, settings_path))
    default_profile = library.settings.export_profile
    if default_profile is not None and default_profile not in PROFILES:
        problems.append(
            Problem(
                "error",
                settings_path,
                f"unknown export profile {default_profile!r} (choose from {', '.join(PROFILES)})",
            )
        )
    author = library.settings.author
    if author is not None and author.picture and not is_remote(author.picture):
        problems.extend(_missing_image(library, settings_path, library.root, author.picture, None))
    for path, why in library.unreadable:
        problems.append(Problem("error", path, f"cannot read: {why}; it was left out"))
    publishable = []
    dialect = library.blog.dialect if library.blog is not None else None
    for entry in library.entries:
        if entry.kind == "broken" and entry.error is not None:
            problems.append(_from_error(entry.error, entry.path))
        elif entry.kind in ("post", "draft"):
            publishable.append(entry)
            problems.extend(_check_post(library, entry, dialect))
    if library.blog is None:
        # A blog's engine makes its own addresses (dates, sections, languages in them): two
        # posts of one name are not one address there.
        problems.extend(_duplicate_slugs(publishable))
    problems.extend(_case_variants(library, publishable))
    problems.sort(key=lambda problem: (str(problem.path), problem.line or 0))
    return problems


def _check_post(library: Library, entry: LibraryEntry, dialect: Dialect | None) -> list[Problem]:
    """One post's or draft's problems on any blog: the one place a document's own rules are
    gathered (an export adds its profile's rules after these). ``dialect``: the Markdown
    engine of the blog opened in place, None for a library."""
    try:
        post = load_post(entry.path)
    except PostdeskError as error:
        return [_from_error(error, entry.path)]
    except OSError as error:
        return [Problem("error", entry.path, f"cannot read: {error.strerror or error}")]
    lines = _front_matter_lines(post)
    problems: list[Problem] = []

    def add(severity: str, message: str, line: int | None) -> None:
        problems.append(Problem(severity, entry.path, message, line))

    # Imported here, not at the top: the export package imports this module.
    from editor.core.blog.provenance import has_origin, origin_engine

    blog = library.blog
    # A post imported from a blog, or in a blog opened in place, keeps the dates it reads.
    engine = blog.kind if blog is not None else origin_engine(entry.path)
    for field in field_problems(post, engine):
        add(field.severity, field.message, field.line)

    slug_line = _key_line(lines, "slug")
    # A blog's post keeps the blog's own name; the slug rules are for names Postdesk makes.
    own_name = blog is not None or has_origin(entry.path)
    problem = name_problem(entry.slug) if own_name else slug_problem(post.slug)
    if problem is not None:
        add("error", problem, slug_line)

    cover = post.cover
    cover_line = _key_line(lines, "cover")
    if blog is not None:
        problems.extend(_blog_cover(blog, entry, lines))
    elif cover is not None:
        if cover.image and not is_remote(cover.image):
            image_line = _key_line(lines, "cover", "image") or cover_line
            problems.extend(
                _missing_image(
                    library, entry.path, entry.path.parent, cover.image, image_line, "cover "
                )
            )
        if not cover.alt.strip():
            add(
                "warning",
                "the cover image has no alt text",
                _key_line(lines, "cover", "alt") or cover_line,
            )

    body = post.body
    if blog is not None:
        # Imported here, not at the top: the blog package imports this module.
        from editor.core.blog.images import without_site_prefixes

        body = without_site_prefixes(body)
    for image in image_references(body, post.body_line):
        if not is_remote(image.reference) and not image.reference.startswith("#"):
            problems.extend(
                _missing_image(library, entry.path, entry.path.parent, image.reference, image.line)
            )

    if dialect is not None:
        for surprise in blog_surprises(post.body, post.body_line, dialect):
            add("warning", surprise.message, surprise.line)

    if len(post.excerpt) > EXCERPT_LIMIT:
        add(
            "warning",
            f"the excerpt is {len(post.excerpt)} characters, over {EXCERPT_LIMIT}:"
            " link previews will cut it",
            _key_line(lines, "excerpt"),
        )
    if post.date is not None and post.date > datetime.now(UTC):
        add(
            "warning",
            f"the date {post.date.isoformat()} is in the future",
            _key_line(lines, "date"),
        )
    return problems


def _blog_cover(blog: Blog, entry: LibraryEntry, lines: list[str]) -> list[Problem]:
    """An error when the cover a blog's post names (under the blog's own field) is missing."""
    # Imported here, not at the top: the blog package imports this module.
    from editor.core.blog.blogfile import parse_blog_front_matter, split_blog_file
    from editor.core.blog.fields import blog_fields
    from editor.core.blog.images import blog_cover_path

    try:
        meta = parse_blog_front_matter(split_blog_file(entry.path.read_text("utf-8")), entry.path)
    except (PostdeskError, OSError, UnicodeDecodeError):
        return []  # the post's own reading names what is wrong with it
    fields = blog_fields(blog.kind, meta, entry.path)
    if fields.cover is None or is_remote(fields.cover.image):
        return []
    reference = fields.cover.image
    line = _key_line(lines, fields.cover_field)
    try:
        target = blog_cover_path(blog, entry.path, reference, source=entry.path)
    except UnsafePathError as error:
        return [Problem("error", entry.path, f"cover {error.message}", line)]
    if not target.is_file():
        return [Problem("error", entry.path, f"cover image not found: {reference!r}", line)]
    return []


def _missing_image(
    library: Library,
    path: Path,
    folder: Path,
    reference: str,
    line: int | None,
    what: str = "",
) -> list[Problem]:
    """An error when ``reference`` (relative to ``folder``) is unsafe or not a file."""
    try:
        target = library.image_path(folder, reference, source=path)
    except UnsafePathError as error:
        return [Problem("error", path, f"{what}{error.message}", line)]
    if not target.is_file():
        return [Problem("error", path, f"{what}image not found: {reference!r}", line)]
    return []


def _duplicate_slugs(entries: list[LibraryEntry]) -> list[Problem]:
    by_slug: dict[str, list[LibraryEntry]] = {}
    for entry in entries:
        if entry.slug:
            by_slug.setdefault(entry.slug, []).append(entry)
    problems = []
    for slug, sharing in by_slug.items():
        if len(sharing) < 2:
            continue
        for entry in sharing:
            others = ", ".join(str(other.path) for other in sharing if other is not entry)
            problems.append(
                Problem("error", entry.path, f"duplicate slug {slug!r}: also used by {others}")
            )
    return problems


def _case_variants(library: Library, entries: list[LibraryEntry]) -> list[Problem]:
    """A warning on each document spelling a tag differently from the most common spelling."""
    usual = {count.name.casefold(): count.name for count in library.tag_counts()}
    problems = []
    for entry in entries:
        for tag in entry.tags:
            common = usual.get(tag.casefold(), tag)
            if tag != common:
                problems.append(
                    Problem(
                        "warning",
                        entry.path,
                        f"tag {tag!r} differs only by case from {common!r} used elsewhere",
                        _tags_line(entry),
                    )
                )
    return problems


def _tags_line(entry: LibraryEntry) -> int | None:
    try:
        post = load_post(entry.path)
    except (PostdeskError, OSError):
        return None
    return _key_line(_front_matter_lines(post), "tags")


def _from_error(error: PostdeskError, path: Path) -> Problem:
    return Problem("error", error.path or path, error.message, error.line)


def _front_matter_lines(post: Post) -> list[str]:
    """The file's lines before the body (front matter and its delimiters)."""
    if not post.has_front_matter:
        return []
    return post.to_text().lstrip("\ufeff").splitlines()[: post.body_line - 1]


def _key_line(lines: list[str], key: str, child: str | None = None) -> int | None:
    """The 1-based file line of a top-level ``key`` (or of ``key``'s ``child``), or None."""
    top = re.compile(rf"^{re.escape(key)}\s*:")
    for index, line in enumerate(lines):
        if not top.match(line):
            continue
        if child is None:
            return index + 1
        nested = re.compile(rf"^\s+{re.escape(child)}\s*:|[{{,]\s*{re.escape(child)}\s*:")
        if nested.search(line):
            return index + 1
        for offset, inner in enumerate(lines[index + 1 :], start=index + 2):
            if inner.strip() and not inner[0].isspace() and not inner.startswith("#"):
                break
            if nested.search(inner):
                return offset
        return None
    return None


def _destination(match: re.Match[str]) -> str:
    return match.group(match.re.groups - 1) or match.group(match.re.groups) or ""


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _decoded(reference: str) -> str:
    return unquote(_ESCAPED.sub(r"\1", reference.strip()))
