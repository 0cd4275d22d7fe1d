"""What a blog's own configuration says that an import or export must follow: where Hugo keeps
its content, whether Jekyll's ``_config.yml`` gives posts a layout, whether a Next.js blog's
posts need a cover and an author picture."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from editor.core.blog.blogfile import split_blog_file
from editor.core.blog.siteconfig import hugo_config, read_config
from editor.core.document.docfiles import is_document_path
from editor.core.errors import PostdeskError


def hugo_content_dirs(root: Path) -> list[str]:
    """Hugo's content folders, relative to the site: each language's ``contentDir`` (the
    default language's first: new posts go there), else the site's, else ``content``."""
    config = hugo_config(root)
    main = _folder(config.get("contentDir")) or "content"
    languages = config.get("languages")
    if not isinstance(languages, dict) or not languages:
        return [main]
    first = str(config.get("defaultContentLanguage") or "en")
    ordered = sorted(languages.items(), key=lambda item: str(item[0]) != first)
    folders: list[str] = []
    for _code, language in ordered:
        folder = _folder(language.get("contentDir")) if isinstance(language, dict) else None
        if (folder or main) not in folders:
            folders.append(folder or main)
    return folders


def _folder(value: Any) -> str | None:
    """A folder named in a configuration, without its slashes; None when it names none."""
    if isinstance(value, str) and value.strip().strip("/"):
        return value.strip().strip("/")
    return None


def jekyll_default_layout(root: Path) -> bool:
    """True when ``_config.yml``'s ``defaults`` give posts a layout (a post then needs none)."""
    defaults = read_config(root / "_config.yml").get("defaults")
    if not isinstance(defaults, list):
        return False
    for default in defaults:
        if not isinstance(default, dict):
            continue
        scope = default.get("scope") or {}
        values = default.get("values") or {}
        if not isinstance(scope, dict) or not isinstance(values, dict):
            continue
        path = str(scope.get("path") or "")
        kind = scope.get("type")
        if "layout" in values and kind in (None, "posts") and path in ("", "_posts"):
            return True
    return False


def jekyll_excluded(root: Path) -> set[str]:
    """The paths ``_config.yml``'s ``exclude`` keeps Jekyll from reading, without slashes
    at their ends."""
    excluded = read_config(root / "_config.yml").get("exclude")
    if not isinstance(excluded, list):
        return set()
    return {str(path).strip("/") for path in excluded if str(path).strip("/")}


# What the starter's pages read of a post, found in its front matter's text: reading the lines
# is enough to tell, and parsing a thousand posts' YAML on every export is not cheap.
# (YAML, TOML and JSON front matter alike; ``picture`` is the author's, the one key of it.)
_COVER_LINE = re.compile(r"^[ \t]*\"?coverImage\"?[ \t]*[:=][ \t]*['\"]?[^\s'\",}]", re.MULTILINE)
_PICTURE_LINE = re.compile(r"^[ \t]*\"?picture\"?[ \t]*[:=][ \t]*['\"]?[^\s'\",}]", re.MULTILINE)


def nextjs_needs(root: Path) -> tuple[bool, bool]:
    """Whether the Next.js blog's posts need (a cover, an author picture).

    Read from the blog's own posts: a blog where any post goes without one does not need it.
    A blog without posts yet is taken to be the blog-starter, whose pages need both.
    """
    covers = pictures = True
    for path in sorted(item for item in (root / "_posts").glob("*") if is_document_path(item)):
        if not (covers or pictures):
            break  # neither is needed: no other post can change that
        try:
            head = split_blog_file(path.read_text(encoding="utf-8")).front_matter
        except (OSError, UnicodeDecodeError, PostdeskError):
            continue
        covers = covers and bool(_COVER_LINE.search(head))
        pictures = pictures and bool(_PICTURE_LINE.search(head))
    return covers, pictures
