"""A blog's own configuration files, read as mappings: Hugo's (with its configuration folder),
Jekyll's ``_config.yml``, a Next.js blog's ``package.json``.

The preview's dialect and the export both follow what these say; one reader serves both.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import yaml

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


def read_config(path: Path) -> dict[str, Any]:
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
            config = read_config(root / name)
            break
    folder = root / "config" / "_default"
    files = sorted(folder.glob("*")) if folder.is_dir() else []
    for path in files:
        if path.suffix not in (".toml", ".yaml", ".yml", ".json") or not path.is_file():
            continue
        key = path.stem.split(".", 1)[0]  # "menus.en.toml" holds the menus
        values = read_config(path)
        _merge(config, values if key in ("hugo", "config") else {key: values})
    return config


def _merge(config: dict[str, Any], more: dict[str, Any]) -> None:
    """Add to ``config`` what ``more`` sets and it does not, table by table."""
    for name, value in more.items():
        current = config.setdefault(name, value)
        if current is not value and isinstance(current, dict) and isinstance(value, dict):
            _merge(current, value)
