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


def hugo_config(root: Path) -> dict[str, Any]:
    """Hugo's configuration of the site at ``root``: its first configuration file, with the
    files of its configuration folder ``config/_default/`` (``languages.toml`` holds the
    ``languages`` key, ``hugo.toml`` or ``config.toml`` the top level) where the first says
    nothing."""
    config: dict[str, Any] = {}
    for name in HUGO_CONFIGS:
        if (root / name).is_file():
            config = _read_config(root / name)
            break
    folder = root / "config" / "_default"
    files = sorted(folder.glob("*")) if folder.is_dir() else []
    for path in files:
        if path.suffix not in (".toml", ".yaml", ".yml", ".json") or not path.is_file():
            continue
        key = path.stem.split(".", 1)[0]  # "menus.en.toml" holds the menus
        values = _read_config(path)
        _merge(config, values if key in ("hugo", "config") else {key: values})
    return config


def _merge(config: dict[str, Any], more: dict[str, Any]) -> None:
    """Add to ``config`` what ``more`` sets and it does not, table by table."""
    for name, value in more.items():
        current = config.setdefault(name, value)
        if current is not value and isinstance(current, dict) and isinstance(value, dict):
            _merge(current, value)


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


def jekyll_excluded(root: Path) -> set[str]:
    """The paths ``_config.yml``'s ``exclude`` keeps Jekyll from reading, without slashes
    at their ends."""
    excluded = _read_config(root / "_config.yml").get("exclude")
    if not isinstance(excluded, list):
        return set()
    return {str(path).strip("/") for path in excluded if str(path).strip("/")}


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
