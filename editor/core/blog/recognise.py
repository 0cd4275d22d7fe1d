"""Recognise a blog repository from its own files, and list its posts as its engine finds them.

A Jekyll site has ``_config.yml`` and ``_posts/``; a Hugo site a configuration (``hugo.toml``,
``config.*`` or ``config/_default/``) and its content folder; a Next.js blog a ``package.json``
depending on ``next`` and ``_posts/``. The import reads the same posts through
``post_files``, so a post the library lists is one an import would bring in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from editor.core.blog.siteconfig import HUGO_CONFIGS
from editor.core.document.docfiles import DOCUMENT_SUFFIXES
from editor.core.errors import Problem
from editor.core.render.dialects import Dialect, preview_dialect

# The export package's configuration readers are imported where they are used: the export
# package imports this module (its import reads the same posts).

BLOG_KINDS = ("jekyll", "hugo", "nextjs")

# Jekyll's post file name: the date's month and day may go without their leading zero.
JEKYLL_NAME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")
# Hugo's translations: ``name.fr.md``, ``index.pt-br.md``.
HUGO_LANGUAGE = re.compile(r"^(?P<name>.+)\.(?P<language>[a-z]{2,3}(?:-[a-zA-Z]{2,4})?)$")
# Folders Jekyll never reads, besides those starting with ``_`` or ``.`` and the site's own
# ``exclude`` list.
_JEKYLL_EXCLUDED = frozenset({"node_modules", "vendor"})


@dataclass(frozen=True)
class PostFile:
    """One post of a blog: its file, the name it goes by (Jekyll's without the date, a Hugo
    bundle's folder) and whether its folder makes it a draft (Jekyll's ``_drafts``)."""

    path: Path
    name: str
    in_drafts: bool


@dataclass(frozen=True)
class Blog:
    """A blog repository: its kind, the file it was recognised by, where its posts and its
    site-root files (``/assets/...``) are."""

    root: Path
    kind: str  # one of BLOG_KINDS
    config: Path | None  # the configuration it was recognised by (None: named by --profile)
    post_folders: tuple[Path, ...]
    static_roots: tuple[Path, ...]  # where a site-root path is looked up, in the engine's order

    @property
    def dialect(self) -> Dialect:
        """How this blog turns its posts into HTML, read from its own configuration."""
        return preview_dialect(self.kind, self.root)

    def posts(self) -> list[PostFile]:
        """Every post the blog publishes or keeps as a draft; pages and section files left out
        (Hugo's ``_index.md`` and the pages at the top of its content folder, Jekyll's pages
        outside ``_posts`` and ``_drafts``)."""
        from editor.core.blog.blogconfig import hugo_content_dirs

        found = post_files(self.root, self.kind, [])
        if self.kind != "hugo":
            return list(found)
        # A file at the top of Hugo's content folder is a page of the site (about, contact).
        tops = {self.root / folder for folder in hugo_content_dirs(self.root)}
        return [post for post in found if post.path.parent not in tops]


def recognise_blog(root: Path, profile: str | None = None) -> Blog | None:
    """The blog whose repository is ``root``, or None when it is none.

    ``profile`` (one of BLOG_KINDS, from ``--profile``) names the kind instead of the guess;
    the folder then needs only that kind's post folder. Any other profile is ignored.
    """
    root = Path(root)
    if not root.is_dir():
        return None
    if profile in BLOG_KINDS:
        return _blog(root, profile, _config_of(root, profile))
    for kind in BLOG_KINDS:
        config = _config_of(root, kind)
        if config is not None:
            blog = _blog(root, kind, config)
            if blog is not None:
                return blog
    return None


def _config_of(root: Path, kind: str) -> Path | None:
    """The file that says ``root`` is a blog of ``kind``, or None."""
    if kind == "jekyll":
        config = root / "_config.yml"
        return config if config.is_file() else None
    if kind == "hugo":
        for name in HUGO_CONFIGS:
            if (root / name).is_file():
                return root / name
        folder = root / "config" / "_default"
        return folder if folder.is_dir() else None
    package = root / "package.json"
    try:
        raw = json.loads(package.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(raw, dict):
        return None
    for key in ("dependencies", "devDependencies"):
        needs = raw.get(key)
        if isinstance(needs, dict) and "next" in needs:
            return package
    return None


def _blog(root: Path, kind: str, config: Path | None) -> Blog | None:
    """The blog of ``kind`` at ``root`` when its post folders are there."""
    from editor.core.blog.blogconfig import hugo_content_dirs, jekyll_excluded

    statics: tuple[Path, ...]
    if kind == "hugo":
        folders = tuple(
            root / folder for folder in hugo_content_dirs(root) if (root / folder).is_dir()
        )
        statics = (root / "static", root / "assets")
    elif kind == "jekyll":
        folders = tuple(_jekyll_post_folders(root, root, _JEKYLL_EXCLUDED | jekyll_excluded(root)))
        statics = (root,)
    else:
        folders = tuple(folder for folder in (root / "_posts",) if folder.is_dir())
        statics = (root / "public",)
    if not folders:
        return None
    return Blog(root, kind, config, folders, statics)


def post_files(root: Path, kind: str, problems: list[Problem]) -> Iterator[PostFile]:
    """Every post file of the ``kind`` blog at ``root``, as its engine finds them; a file the
    engine would not publish is added to ``problems`` with why."""
    if kind == "nextjs":
        return _nextjs_files(root)
    if kind == "hugo":
        return _hugo_files(root)
    return _jekyll_files(root, problems)


def _nextjs_files(root: Path) -> Iterator[PostFile]:
    for path in sorted((root / "_posts").glob("*")):
        if path.suffix in DOCUMENT_SUFFIXES and path.is_file():
            yield PostFile(path, path.stem, False)


def _hugo_files(root: Path) -> Iterator[PostFile]:
    from editor.core.blog.blogconfig import hugo_content_dirs

    seen: set[Path] = set()
    for folder in hugo_content_dirs(root):
        content = root / folder
        found = sorted(path for path in content.rglob("*") if path.suffix in DOCUMENT_SUFFIXES)
        # A leaf bundle's folder (one with an index.md) holds the post's resources: any
        # other Markdown file in it is one of them, not a post.
        bundles = {path.parent for path in found if hugo_base_name(path) == "index"}
        for path in found:
            if path in seen or not path.is_file():
                continue
            seen.add(path)
            base = HUGO_LANGUAGE.match(path.stem)
            if hugo_base_name(path) == "_index":
                continue  # a section's own page (a branch bundle), not a post
            if hugo_base_name(path) == "index" and path.parent != content:
                # A leaf bundle: the post is named after its folder (a translation keeps its
                # language: ``page-bundles.fr``).
                language = f".{base.group('language')}" if base else ""
                yield PostFile(path, path.parent.name + language, False)
            elif not bundles.intersection(path.parents):
                yield PostFile(path, path.stem, False)


def hugo_base_name(path: Path) -> str:
    """A Hugo file's name without its extension and language (``index`` of ``index.fr.md``)."""
    base = HUGO_LANGUAGE.match(path.stem)
    return base.group("name") if base else path.stem


def _jekyll_files(root: Path, problems: list[Problem]) -> Iterator[PostFile]:
    from editor.core.blog.blogconfig import jekyll_excluded

    excluded = _JEKYLL_EXCLUDED | jekyll_excluded(root)
    for folder in _jekyll_post_folders(root, root, excluded):
        for path in sorted(folder.rglob("*")):
            if path.suffix not in DOCUMENT_SUFFIXES or not path.is_file():
                continue
            if folder.name == "_drafts":
                yield PostFile(path, path.stem, True)
                continue
            match = JEKYLL_NAME.match(path.stem)
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
            yield PostFile(path, match.group(4), False)


def _jekyll_post_folders(root: Path, folder: Path, excluded: Collection[str]) -> Iterator[Path]:
    """Every ``_posts`` and ``_drafts`` folder Jekyll reads: the site's own and those inside
    its category folders (``releases/_posts``), at any depth."""
    for name in ("_posts", "_drafts"):
        if (folder / name).is_dir():
            yield folder / name
    for child in sorted(folder.iterdir()):
        relative = child.relative_to(root).as_posix()
        if child.name.startswith(("_", ".")) or relative in excluded or child.name in excluded:
            continue
        if child.is_dir() and not child.is_symlink():
            yield from _jekyll_post_folders(root, child, excluded)
