"""Where an imported post came from: a small readable record beside it in its bundle.

``postdesk import`` writes each post in the library's own form (Postdesk's field names, images
beside it) and, in ``<bundle>/.postdesk-origin.yaml``, what the blog had: the file's path and
front matter text, the front matter as imported, and each image reference as written with
the file it became. An export with the same profile then writes the original bytes for
everything the writer did not change. The library scan skips hidden files, and the record
moves with its bundle folder.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from editor.core.document.frontmatter import parse_front_matter
from editor.core.document.fsutil import atomic_write_bytes
from editor.core.document.paths import library_root_of
from editor.core.document.post import Post
from editor.core.errors import PostdeskError

ORIGIN_FILE = ".postdesk-origin.yaml"


def has_origin(post: Path) -> bool:
    """True when the bundle post ``post`` was imported and keeps its record."""
    return post.stem == "index" and origin_path(post).is_file()


def holds_template_code(post: Path | None) -> bool:
    """Whether ``{{ }}`` and ``{% %}`` in the post are its blog's template code: true of a
    blog's own file (outside any Postdesk library) and of a post imported with its template
    code, false of one written in Postdesk (the export shows its braces as written)."""
    if post is None:
        return False
    if library_root_of(post) is None:
        return True
    if not has_origin(post):
        return False
    try:
        origin = load_origin(post)
    except PostdeskError:
        return False
    return origin is not None and origin.template_code


def sha256(data: bytes) -> str:
    """The hash a record keeps of a file's bytes."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class OriginImage:
    """An image the original post used: the reference as written, the bundle file it became,
    and the blog's own file (path relative to the repository, hash of its bytes)."""

    reference: str
    file: str
    path: str
    sha256: str


@dataclass
class Origin:
    """The record of one imported post (see the module's docstring)."""

    profile: str
    path: str  # the post file, relative to the repository, name and extension as they were
    front_matter_format: str  # "yaml", "toml", "json" or "" (no front matter)
    head: str  # the original text before the body: delimiters and front matter, exactly
    imported: str  # the library's front matter text as the import wrote it
    sha256: str  # of the original file
    body_sha256: str  # of the original body
    # True: ``{{ }}`` and ``{% %}`` in the body are the blog's template code, passed through.
    # False (a file an earlier export of Postdesk wrote): they are text, escaped on export.
    template_code: bool = True
    images: list[OriginImage] = field(default_factory=list)
    translation_of: str | None = None  # the post this one translates, relative path

    def reference_for(self, bundle_file: str) -> OriginImage | None:
        """The original image a library reference to ``bundle_file`` stands for."""
        name = unquote(bundle_file.split("#", 1)[0].split("?", 1)[0])
        name = name.removeprefix("./")
        for image in self.images:
            if image.file == name:
                return image
        return None

    def save(self, folder: Path) -> Path:
        """Write the record into the bundle ``folder``; its path."""
        raw: dict[str, Any] = {"version": 1, **asdict(self)}
        raw["images"] = [asdict(image) for image in self.images]
        if self.translation_of is None:
            del raw["translation_of"]
        text = yaml.dump(raw, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)
        path = folder / ORIGIN_FILE
        atomic_write_bytes(path, text.encode("utf-8"))
        return path


def origin_path(post: Path) -> Path:
    """Where the record of the post file ``post`` is (whether or not there is one)."""
    return post.parent / ORIGIN_FILE


def load_origin(post: Path) -> Origin | None:
    """The record beside the bundle post ``post``; None when it has none.

    Raises PostdeskError naming the record when it is damaged.
    """
    path = origin_path(post)
    if post.stem != "index":
        return None
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PostdeskError(f"cannot read the import record: {exc}", path) from exc
    try:
        return Origin(
            profile=str(raw["profile"]),
            path=str(raw["path"]),
            front_matter_format=str(raw["front_matter_format"]),
            head=str(raw["head"]),
            imported=str(raw["imported"]),
            sha256=str(raw["sha256"]),
            body_sha256=str(raw["body_sha256"]),
            template_code=bool(raw.get("template_code", True)),
            images=[OriginImage(**dict(image)) for image in raw.get("images") or []],
            translation_of=raw.get("translation_of"),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise PostdeskError(f"the import record is not in Postdesk's format: {exc}", path) from exc


def origin_engine(post: Path) -> str | None:
    """The profile of the blog the bundle post ``post`` was imported from; None when it was
    not imported (or its record is damaged: the export names that)."""
    if not has_origin(post):
        return None
    try:
        origin = load_origin(post)
    except PostdeskError:
        return None
    return origin.profile if origin is not None else None


def changed_fields(origin: Origin, post: Post) -> list[str]:
    """The front matter keys of ``post`` the writer changed since the import, in order."""
    before = parse_front_matter(origin.imported)
    after = post.metadata
    missing = object()
    return [
        str(key)
        for key in dict.fromkeys([*map(str, before), *after])
        if before.get(key, missing) != after.get(key, missing)
    ]


class _Dumper(yaml.SafeDumper):
    """Texts of several lines written as literal blocks, so the record reads like the file."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)
