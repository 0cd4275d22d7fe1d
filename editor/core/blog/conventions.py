"""A blog's own conventions for new posts, learned from its existing posts and configuration:
where a post's file goes and how it is named, its fields in their order, the date format,
how drafts are marked, and where its images go.

Each convention is the majority of the existing posts (the newest first on ties); a blog
without posts gets what the export profile of its kind writes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import tomlkit

from editor.core.blog.blogconfig import hugo_content_dirs, jekyll_default_layout
from editor.core.blog.blogfile import JSON, TOML, YAML, parse_blog_front_matter, split_blog_file
from editor.core.blog.fieldedit import date_like
from editor.core.blog.frontmatter_out import (
    QuotedString,
    dump_fields,
    iso_date,
    jekyll_date,
)
from editor.core.blog.siteconfig import HUGO_CONFIGS, hugo_config, read_config
from editor.core.document.docfiles import DOCUMENT_SUFFIXES, is_document_path
from editor.core.document.slugs import slugify
from editor.core.errors import PostdeskError
from editor.core.library.library import read_settings

KINDS = ("jekyll", "hugo", "nextjs")

# How a post's file is named: ``YYYY-MM-DD-<slug>.md``, a bundle ``<slug>/index.md``, ``<slug>.md``.
DATED = "dated"
BUNDLE = "bundle"
SINGLE = "single"

# How a draft is marked: kept in ``_drafts/``, ``draft: true`` or ``published: false``.
DRAFTS_FOLDER = "folder"
DRAFT_KEY = "draft"
PUBLISHED_KEY = "published"

# What each kind's export profile writes, the fallback for a blog without posts.
_FALLBACK_ORDER = {
    "jekyll": ("layout", "title", "date", "tags", "author"),
    "hugo": ("title", "date", "draft", "tags", "author"),
    "nextjs": ("title", "excerpt", "coverImage", "date", "author", "ogImage", "tags", "draft"),
}
_FALLBACK_DATE = {
    "jekyll": (jekyll_date(dt.datetime(2024, 5, 1, tzinfo=dt.UTC)), ""),
    "hugo": (iso_date(dt.datetime(2024, 5, 1, tzinfo=dt.UTC)), ""),
    "nextjs": (iso_date(dt.datetime(2024, 5, 1, tzinfo=dt.UTC)), '"'),
}
_FALLBACK_IMAGES = {"jekyll": "assets/images/{slug}", "nextjs": "public/assets/blog/{slug}"}
# Where a site-root image path (``/assets/...``) is served from.
_STATIC_ROOTS = {"jekyll": ("",), "hugo": ("static", "assets"), "nextjs": ("public",)}
# What the blog-starter's pages read of a post besides its title, date and author.
_NEXTJS_READS = {"excerpt": "", "coverImage": "", "ogImage": {"url": ""}}

_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
_TRANSLATION = re.compile(r"\.[a-z]{2}(?:-[a-zA-Z]{2,4})?$")
_IMAGE = re.compile(r"[^\s\"'()<>\[\]{}|,=]+\.(?:png|jpe?g|gif|webp|svg|avif)\b", re.IGNORECASE)
_AUTHOR_KEYS = ("author", "authors", "avatar")

_T = TypeVar("_T")


@dataclass(frozen=True)
class BlogConventions:
    """How the blog at ``root`` names, writes and illustrates a post.

    ``folder`` holds the posts (relative to ``root``); ``shape`` is ``DATED``, ``BUNDLE`` or
    ``SINGLE``; ``fields`` are the keys a new post gets, in the blog's order; ``date_text``
    is a date written as the blog writes them, ``date_quote`` and ``title_quote`` the quote
    character around them (``""`` for none); ``draft_marking`` is how a draft is marked and
    ``marks_published`` whether the blog's published posts carry that key too; ``images``
    is where a post's images go: a folder under ``root`` with ``{slug}`` for the post's slug,
    or ``./`` (and a subfolder) beside the post's file.
    """

    root: Path
    kind: str
    folder: str
    shape: str
    extension: str
    format: str
    fields: tuple[str, ...]
    date_text: str
    date_quote: str
    title_quote: str
    draft_marking: str
    marks_published: bool
    images: str
    layout: str | None = None
    author: Any = None


@dataclass(frozen=True)
class _Sample:
    """One existing post: its path relative to the blog, its fields and its texts."""

    path: Path
    fields: dict[str, Any]
    format: str
    front_matter: str
    body: str
    draft: str | None  # how it is marked a draft; None for a published post

    @property
    def slug(self) -> str:
        """The post's slug as its file or bundle names it."""
        if self.path.stem == "index":
            return self.path.parent.name
        dated = _DATED_NAME.match(self.path.stem)
        return dated.group(2) if dated else self.path.stem

    @property
    def newness(self) -> str:
        """A text that sorts the newest post last: its date, else its file name's."""
        value = self.fields.get("date")
        if value is None:
            dated = _DATED_NAME.match(self.path.stem)
            return dated.group(1) if dated else ""
        return str(value).replace("T", " ")


def learn_conventions(root: Path, kind: str) -> BlogConventions:
    """The conventions of the ``kind`` blog (``jekyll``, ``hugo``, ``nextjs``) at ``root``.

    Raises PostdeskError when ``root`` is no blog of that kind.
    """
    _check_blog(root, kind)
    samples = sorted(_samples(root, kind), key=lambda sample: sample.newness, reverse=True)
    published = [sample for sample in samples if sample.draft is None]
    shapes = [_shape_of(kind, sample) for sample in published]
    folder, shape = _majority(shapes, default=_fallback_shape(root, kind))
    extension = _majority((sample.path.suffix for sample in published), default=".md")
    front_format = _majority((sample.format for sample in samples), default=YAML)
    drafts = [sample.draft for sample in samples if sample.draft is not None]
    draft_marking = _majority(drafts, default=_fallback_draft_marking(root, kind))
    if draft_marking == DRAFTS_FOLDER:
        marks_published = False
    else:
        carrying = [draft_marking in sample.fields for sample in published]
        marks_published = _most(carrying, default=kind == "hugo")
    date_text, date_quote = _date_style(kind, samples)
    title_quote = _majority(
        (quote for sample in samples if (quote := _title_quote(sample)) is not None),
        default='"' if kind == "nextjs" else "",
    )
    layout = _layout(root, kind, samples)
    author = _author(root, kind, samples)
    keys = ["title", "date"]
    keys += ["layout"] if layout is not None else []
    keys += ["author"] if author is not None else []
    if _most(("tags" in sample.fields for sample in samples), default=kind != "jekyll"):
        keys.append("tags")
    if kind == "nextjs":
        keys += [
            key
            for key in _NEXTJS_READS
            if _most((key in sample.fields for sample in samples), default=True)
        ]
    if draft_marking != DRAFTS_FOLDER:
        keys.append(draft_marking)
    return BlogConventions(
        root=root,
        kind=kind,
        folder=folder,
        shape=shape,
        extension=extension,
        format=front_format,
        fields=_ordered(keys, kind, samples),
        date_text=date_text,
        date_quote=date_quote,
        title_quote=title_quote,
        draft_marking=draft_marking,
        marks_published=marks_published,
        images=_images(root, kind, shape, samples),
        layout=layout,
        author=author,
    )


def new_post_file(
    conventions: BlogConventions, title: str, date: dt.datetime, *, draft: bool
) -> tuple[Path, str]:
    """The path and full text of a new post titled ``title`` dated ``date`` (aware), in the
    blog's own pattern: a free name (``-2``, ``-3``... when taken), inside the blog.

    Raises PostdeskError when the path would lead outside the blog (a linked folder).
    """
    path = _free_path(conventions, slugify(title), date, draft)
    root = conventions.root.resolve()
    if not path.resolve().is_relative_to(root):
        raise PostdeskError("the new post's folder leads outside the blog", path)
    return path, _front_matter(conventions, title, date, draft=draft)


def image_folder(conventions: BlogConventions, post_path: Path, slug: str) -> Path:
    """Where the covers and pasted images of the post at ``post_path`` go, as the blog's
    posts keep theirs."""
    if conventions.images.startswith("./"):
        return post_path.parent / conventions.images[2:]
    return conventions.root / conventions.images.format(slug=slug)


def _fallback_draft_marking(root: Path, kind: str) -> str:
    """How a blog without drafts marks one: Jekyll's ``_drafts/``, Hugo's ``draft: true``; a
    Next.js blog as its post reader filters (``published: false`` or ``draft: true``)."""
    if kind == "jekyll":
        return DRAFTS_FOLDER
    if kind == "nextjs":
        for name in ("src/lib/api.ts", "lib/api.ts", "src/lib/api.js", "lib/api.js"):
            try:
                reader = (root / name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if re.search(r"\.published\b", reader) and not re.search(r"\.draft\b", reader):
                return PUBLISHED_KEY
    return DRAFT_KEY


def _check_blog(root: Path, kind: str) -> None:
    """Raise PostdeskError when ``root`` does not look like a ``kind`` blog."""
    if kind not in KINDS:
        raise PostdeskError(f"unknown kind of blog {kind!r} (one of {', '.join(KINDS)})")
    if not root.is_dir():
        raise PostdeskError("no such folder" if not root.exists() else "not a folder", root)
    if kind == "jekyll":
        found = (root / "_config.yml").is_file() or (root / "_posts").is_dir()
        needs = "_config.yml or _posts/"
    elif kind == "hugo":
        found = any((root / name).is_file() for name in HUGO_CONFIGS)
        found = found or (root / "config" / "_default").is_dir()
        needs = "hugo.toml, config.toml or another Hugo configuration"
    else:
        found = (root / "package.json").is_file()
        needs = "package.json"
    if not found:
        raise PostdeskError(f"not a {kind} blog: it has no {needs}", root)


def _samples(root: Path, kind: str) -> Iterator[_Sample]:
    """The blog's posts that can be read, drafts included (pages and section files not)."""
    if kind == "jekyll":
        folders = [root / "_posts", root / "_drafts"]
    elif kind == "hugo":
        folders = [root / hugo_content_dirs(root)[0]]
    else:
        folders = [root / "_posts"]
    for folder in folders:
        paths = sorted(folder.rglob("*")) if folder.is_dir() else []
        for path in paths:
            if not path.is_file() or not is_document_path(path) or path.name.startswith("_"):
                continue
            if kind == "hugo" and _TRANSLATION.search(path.stem):
                continue  # a translation follows its original, not the blog's pattern
            sample = _read_sample(root, path)
            if sample is not None and (kind != "hugo" or "date" in sample.fields):
                yield sample


def _read_sample(root: Path, path: Path) -> _Sample | None:
    """The post at ``path``, or None when it cannot be read (the blog's build says why)."""
    try:
        blog_file = split_blog_file(path.read_text(encoding="utf-8"))
        fields = parse_blog_front_matter(blog_file, path)
    except (OSError, UnicodeDecodeError, PostdeskError):
        return None
    relative = path.relative_to(root)
    if "_drafts" in relative.parts:
        draft: str | None = DRAFTS_FOLDER
    elif fields.get("draft") is True:
        draft = DRAFT_KEY
    elif fields.get("published") is False:
        draft = PUBLISHED_KEY
    else:
        draft = None
    front_format = blog_file.format or YAML
    return _Sample(relative, fields, front_format, blog_file.front_matter, blog_file.body, draft)


def _majority(values: Iterable[_T], *, default: _T) -> _T:
    """The most common of ``values``, the first of them on a tie; ``default`` when none."""
    counts = Counter(values)
    if not counts:
        return default
    best = max(counts.values())
    return next(value for value, count in counts.items() if count == best)


def _most(values: Iterable[bool], *, default: bool) -> bool:
    """True when more than half of ``values`` are; ``default`` when there are none."""
    listed = list(values)
    return sum(listed) * 2 > len(listed) if listed else default


def _shape_of(kind: str, sample: _Sample) -> tuple[str, str]:
    """The folder holding the post and how its file is named."""
    if kind == "hugo" and sample.path.stem == "index":
        return sample.path.parent.parent.as_posix(), BUNDLE
    shape = DATED if kind == "jekyll" and _DATED_NAME.match(sample.path.stem) else SINGLE
    return sample.path.parent.as_posix(), shape


def _fallback_shape(root: Path, kind: str) -> tuple[str, str]:
    """Where and how the kind's export profile writes a post."""
    if kind == "hugo":
        return f"{hugo_content_dirs(root)[0]}/posts", BUNDLE
    return "_posts", DATED if kind == "jekyll" else SINGLE


# A key's value written on its line (YAML, TOML or JSON), its quote apart.
_WRITTEN = (
    r"^[ \t]*\"?{key}\"?[ \t]*[:=][ \t]*(?P<quote>[\"']?)(?P<text>[^\"'\n#]*?)(?P=quote)"
    r"[ \t]*,?[ \t]*(?:#.*)?$"
)


def _written(sample: _Sample, key: str) -> tuple[str, str] | None:
    """The text of ``key``'s value as the post writes it on one line, and its quote."""
    found = re.search(_WRITTEN.format(key=re.escape(key)), sample.front_matter, re.MULTILINE)
    if found is None or not found.group("text"):
        return None
    return found.group("text"), found.group("quote")


def _date_style(kind: str, samples: list[_Sample]) -> tuple[str, str]:
    """A date as most posts write theirs (its form: time, fractions, offset) and its quote."""
    written = [found for sample in samples if (found := _written(sample, "date")) is not None]
    written = [(text, quote) for text, quote in written if text[:1].isdigit()]
    forms = [(re.sub(r"\d", "9", text), quote) for text, quote in written]
    form = _majority(forms, default=None)
    if form is None:
        return _FALLBACK_DATE[kind]
    return written[forms.index(form)]


def _title_quote(sample: _Sample) -> str | None:
    """The quote around the post's title (``""`` for none); None for a block-scalar title."""
    found = _written(sample, "title")
    if found is None or found[0].startswith(("|", ">")):
        return None
    return found[1]


def _layout(root: Path, kind: str, samples: list[_Sample]) -> str | None:
    """The layout a new Jekyll post names: none when the site's defaults give posts one."""
    if kind != "jekyll" or jekyll_default_layout(root):
        return None
    layouts = [str(sample.fields["layout"]) for sample in samples if "layout" in sample.fields]
    if samples and len(layouts) * 2 <= len(samples):
        return None
    return _majority(layouts, default="post")


def _author(root: Path, kind: str, samples: list[_Sample]) -> Any:
    """The author a new post names, in the shape the posts write theirs; None when most
    posts name none or no default author is set (the blog's configuration, else the
    library settings' ``.postdesk.yaml``, else for the blog-starter, which has no
    site configuration, the author most of its posts name)."""
    carrying = [sample.fields["author"] for sample in samples if "author" in sample.fields]
    if not carrying or len(carrying) * 2 <= len(samples):
        return None
    shape = _majority((type(value).__name__ for value in carrying), default="str")
    name = _configured_author(root, kind)
    if name is None:
        settings = read_settings(root)[0].author
        if settings is not None and settings.name:
            if shape == "dict":
                return {"name": settings.name, "picture": settings.picture}
            name = settings.name
    if name is None and kind == "nextjs":
        written = [json.dumps(value, sort_keys=True) for value in carrying]
        return carrying[written.index(_majority(written, default=written[0]))]
    if name is None:
        return None
    if shape == "list":
        return [name]
    return {"name": name} if shape == "dict" else name


def _configured_author(root: Path, kind: str) -> str | None:
    """The site's default author's name from its configuration, if it names one."""
    if kind == "jekyll":
        value = read_config(root / "_config.yml").get("author")
    elif kind == "hugo":
        config = hugo_config(root)
        params = config.get("params")
        value = params.get("author") if isinstance(params, dict) else None
        value = value or config.get("author")
    else:
        return None
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("name")
    return str(value) if isinstance(value, str | int) and str(value).strip() else None


def _ordered(keys: list[str], kind: str, samples: list[_Sample]) -> tuple[str, ...]:
    """``keys`` in the posts' order: each at its average place among a post's keys, a key
    no post has at its place in the kind's export profile."""
    fallback = _FALLBACK_ORDER[kind]

    def place(key: str) -> float:
        places = [
            list(sample.fields).index(key) / len(sample.fields)
            for sample in samples
            if key in sample.fields
        ]
        if places:
            return sum(places) / len(places)
        position = fallback.index(key) if key in fallback else len(fallback)
        return position / len(fallback)

    return tuple(sorted(keys, key=place))


def _images(root: Path, kind: str, shape: str, samples: list[_Sample]) -> str:
    """Where most posts keep their images (see ``BlogConventions.images``); beside the post
    only when new posts are bundles (a single file has no folder of its own)."""
    places = [place for sample in samples if (place := _image_place(root, kind, sample))]
    if shape != BUNDLE:
        places = [place for place in places if not place.startswith("./")]
    if shape == BUNDLE:
        default = "./"
    else:
        default = "static/images/{slug}" if kind == "hugo" else _FALLBACK_IMAGES[kind]
    return _majority(places, default=default)


def _image_place(root: Path, kind: str, sample: _Sample) -> str | None:
    """Where the post keeps most of its images (see ``BlogConventions.images``); None when it
    shows none that is on disk. Authors' pictures are the blog's, not the post's."""
    texts = [value for key, value in sample.fields.items() if key not in _AUTHOR_KEYS]
    refs = [*_strings(texts), sample.body]
    places: list[str] = []
    post_folder = root / sample.path.parent
    for ref in (match.group(0) for text in refs for match in _IMAGE.finditer(text)):
        if "://" in ref or ref.startswith("//"):
            continue
        candidates = [root / static / ref.lstrip("/") for static in _STATIC_ROOTS[kind]]
        if not ref.startswith("/"):
            candidates.insert(0, post_folder / ref)
        found = next((path for path in candidates if path.is_file()), None)
        if found is None:
            continue
        folder = found.parent
        if sample.path.stem == "index" and folder.is_relative_to(post_folder):
            beside = folder.relative_to(post_folder).as_posix()
            places.append("./" if beside == "." else f"./{beside}")
            continue
        parts = folder.relative_to(root).parts
        places.append("/".join("{slug}" if part == sample.slug else part for part in parts))
    return _majority(places, default=None)


def _strings(values: Iterable[Any]) -> Iterator[str]:
    """Every string inside ``values`` (lists and mappings opened)."""
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            yield from _strings(value.values())
        elif isinstance(value, list):
            yield from _strings(value)


def _post_path(conventions: BlogConventions, name: str, date: dt.datetime, draft: bool) -> Path:
    """Where the post named ``name`` goes."""
    root, extension = conventions.root, conventions.extension
    if draft and conventions.draft_marking == DRAFTS_FOLDER:
        return root / "_drafts" / f"{name}{extension}"
    folder = root / conventions.folder
    if conventions.shape == BUNDLE:
        return folder / name / f"index{extension}"
    if conventions.shape == DATED:
        return folder / f"{date:%Y-%m-%d}-{name}{extension}"
    return folder / f"{name}{extension}"


def _free_path(conventions: BlogConventions, slug: str, date: dt.datetime, draft: bool) -> Path:
    """The new post's path with the first free name: no file or bundle of that name in its
    folder, and no image folder of that slug."""
    for number in range(1, 10_000):
        name = slug if number == 1 else f"{slug}-{number}"
        path = _post_path(conventions, name, date, draft)
        if conventions.shape == BUNDLE and not (
            draft and conventions.draft_marking == DRAFTS_FOLDER
        ):
            rivals = [path.parent, path.parent.with_name(f"{name}.md")]
        else:
            rivals = [path.with_suffix(suffix) for suffix in DOCUMENT_SUFFIXES]
            rivals.append(path.with_suffix(""))
        if "{slug}" in conventions.images:
            rivals.append(image_folder(conventions, path, name))
        if not any(os.path.lexists(rival) for rival in rivals):
            return path
    raise PostdeskError(
        "no free file name for the post", _post_path(conventions, slug, date, draft)
    )


def _front_matter(
    conventions: BlogConventions, title: str, date: dt.datetime, *, draft: bool
) -> str:
    """The new post's text: its front matter in the blog's fields, order and format."""
    date_text = date_like(conventions.date_text, date)
    values: dict[str, Any] = {}
    for key in conventions.fields:
        if key == "title":
            values[key] = title
        elif key == "date":
            values[key] = date_text
        elif key == "layout":
            values[key] = conventions.layout
        elif key == "author":
            values[key] = conventions.author
        elif key == "tags":
            values[key] = []
        elif key == DRAFT_KEY:
            values[key] = draft
        elif key == PUBLISHED_KEY:
            values[key] = not draft
        else:
            values[key] = _NEXTJS_READS[key]
    if not draft and not conventions.marks_published:
        values.pop(conventions.draft_marking, None)
    if conventions.format == TOML:
        return f"+++\n{_toml(values, conventions)}+++\n"
    if conventions.format == JSON:
        return json.dumps(values, ensure_ascii=False, indent=2) + "\n\n"
    return (
        f"---\n{''.join(_yaml_line(key, value, conventions) for key, value in values.items())}---\n"
    )


def _yaml_line(key: str, value: Any, conventions: BlogConventions) -> str:
    """``key: value`` as YAML, the title and date quoted as the blog quotes them."""
    if key == "date":
        # Digits, dashes, colons, a "T" or a space, an offset: safe in any quotes or none.
        return f"date: {conventions.date_quote}{value}{conventions.date_quote}\n"
    if key == "title" and conventions.title_quote == "'" and "\n" not in value:
        escaped = value.replace("'", "''")
        return f"title: '{escaped}'\n"
    if key == "title" and conventions.title_quote == '"':
        value = QuotedString(value)
    return dump_fields({key: value})


def _toml(values: dict[str, Any], conventions: BlogConventions) -> str:
    """The fields as TOML, the date a TOML date unless the blog quotes its dates."""
    document = tomlkit.document()
    for key, value in values.items():
        if key == "date" and not conventions.date_quote:
            try:
                document[key] = tomlkit.value(value)
                continue
            except ValueError:
                pass  # a date form TOML has no literal for: written as a string
        document[key] = value
    return tomlkit.dumps(document)
