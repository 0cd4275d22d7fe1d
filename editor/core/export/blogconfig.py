"""What a blog's own configuration says that an import or export must follow: where Hugo keeps
its content, whether Jekyll's ``_config.yml`` gives posts a layout, whether a Next.js blog's
posts need a cover and an author picture."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import yaml

from editor.core.errors import PostdeskError
from editor.core.export.blogfile import parse_blog_front_matter, split_blog_file

HUGO_CONFIGS = (
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
)
MARKDOWN_SUFFIXES = (".md", ".markdown")


def _read_config(path: Path) -> dict[str, Any]:
    """A configuration file as a mapping; empty when it is missing or unreadable (the blog's
    own build reports a broken configuration better than Postdesk can)."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            value: Any = tomllib.loads(text)
        elif path.suffix == ".json":
            value = json.loads(text)
        else:
            value = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
        return {}
    return value if isinstance(value, dict) else {}


def hugo_content_dir(root: Path) -> str:
    """Hugo's content folder, relative to the site: its configuration's ``contentDir``, else
    ``content``."""
    for name in HUGO_CONFIGS:
        if (root / name).is_file():
            folder = _read_config(root / name).get("contentDir")
            if isinstance(folder, str) and folder.strip().strip("/"):
                return folder.strip().strip("/")
            break
    return "content"


def jekyll_default_layout(root: Path) -> bool:
    """True when ``_config.yml``'s ``defaults`` give posts a layout (a post then needs none)."""
    defaults = _read_config(root / "_config.yml").get("defaults")
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


def nextjs_needs(root: Path) -> tuple[bool, bool]:
    """Whether the Next.js blog's posts need (a cover, an author picture).

    Read from the blog's own posts: a blog where any post goes without one does not need it.
    A blog without posts yet is taken to be the blog-starter, whose pages need both.
    """
    covers = pictures = True
    for path in sorted((root / "_posts").glob("*.md")):
        try:
            meta = parse_blog_front_matter(split_blog_file(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, PostdeskError):
            continue
        covers = covers and bool(meta.get("coverImage"))
        author = meta.get("author")
        pictures = pictures and isinstance(author, dict) and bool(author.get("picture"))
    return covers, pictures
