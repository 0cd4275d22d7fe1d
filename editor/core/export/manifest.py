"""What an export owns in its target: ``.postdesk/manifest.json`` (paths and content hashes, meant
to be committed) and ``.postdesk/cache.json`` (file sizes and times to skip re-hashing, local)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.core.errors import PostdeskError
from editor.core.export.image_metadata import published_image

STATE_FOLDER = ".postdesk"
MANIFEST = f"{STATE_FOLDER}/manifest.json"
CACHE = f"{STATE_FOLDER}/cache.json"
GITIGNORE = f"{STATE_FOLDER}/.gitignore"
GITIGNORE_TEXT = (
    "# Written by Postdesk: a cache of this machine, not worth committing.\ncache.json\n"
)
FORMAT = 1


def digest_bytes(data: bytes) -> str:
    """The content hash recorded for a file."""
    return hashlib.sha256(data).hexdigest()


def digest_file(path: Path) -> str:
    """The content hash of the file at ``path``."""
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def file_signature(stat: os.stat_result) -> tuple[int, int]:
    """What must not change for a cached hash to stay valid: size and modification time."""
    return (stat.st_size, stat.st_mtime_ns)


@dataclass
class Manifest:
    """The files an export owns in its target, each with the hash of what was written."""

    profile: str | None = None
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, target: Path) -> Manifest:
        """Read ``<target>/.postdesk/manifest.json``; an empty manifest when there is none."""
        path = target / MANIFEST
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PostdeskError(f"cannot read the export manifest: {exc}", path) from exc
        files = raw.get("files") if isinstance(raw, dict) else None
        if not isinstance(files, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in files.items()
        ):
            raise PostdeskError("the export manifest is not in Postdesk's format", path)
        profile = raw.get("profile")
        return cls(profile if isinstance(profile, str) else None, dict(files))

    def to_bytes(self) -> bytes:
        """The manifest as written: stable JSON, so an unchanged export rewrites nothing."""
        raw = {"format": FORMAT, "generator": "postdesk", "profile": self.profile}
        raw["files"] = dict(sorted(self.files.items()))
        return (json.dumps(raw, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass(frozen=True)
class PostRecord:
    """What exporting one post read and produced, to skip it while none of that changed."""

    signature: tuple[int, int]  # of the post file
    inputs: tuple[tuple[str, int, int], ...]  # images and pictures read: path, size, mtime_ns
    outputs: tuple[tuple[str, str, str | None], ...]  # path in target, hash, copied source
    slug: str
    title: str
    draft: bool
    date: str  # ISO 8601; a post dated in the future is never skipped (its warning may change)
    # What the blog shows otherwise in the post (message, line): said again when it is skipped.
    notes: tuple[tuple[str, int | None], ...] = ()

    def to_json(self) -> list[Any]:
        """The record as JSON values."""
        return [
            list(self.signature),
            [list(item) for item in self.inputs],
            [list(item) for item in self.outputs],
            self.slug,
            self.title,
            self.draft,
            self.date,
            [list(note) for note in self.notes],
        ]

    @classmethod
    def from_json(cls, raw: Any) -> PostRecord:
        """Read a record written by ``to_json``; raises ValueError/TypeError when damaged."""
        signature, inputs, outputs, slug, title, draft, date, notes = raw
        return cls(
            (int(signature[0]), int(signature[1])),
            tuple((str(path), int(size), int(mtime)) for path, size, mtime in inputs),
            tuple(
                (str(path), str(digest), None if source is None else str(source))
                for path, digest, source in outputs
            ),
            str(slug),
            str(title),
            bool(draft),
            str(date),
            tuple((str(message), None if line is None else int(line)) for message, line in notes),
        )


@dataclass
class ExportCache:
    """Local knowledge that makes a repeated export fast, all keyed by file size and time:
    hashes of target and source files, what each post produced, the last check's result."""

    context: str = ""  # profile, settings and code the records below were made with
    targets: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    sources: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    posts: dict[str, PostRecord] = field(default_factory=dict)
    check: tuple[str, list[list[Any]]] = ("", [])  # fingerprint, problems as JSON values
    dirty: bool = True  # differs from the file on disk (set by every change)

    @classmethod
    def load(cls, target: Path) -> ExportCache:
        """Read ``<target>/.postdesk/cache.json``; a damaged or missing cache is just empty."""
        try:
            raw = json.loads((target / CACHE).read_text(encoding="utf-8"))
            check = raw.get("check") or ["", []]
            return cls(
                str(raw.get("context", "")),
                _entries(raw.get("targets")),
                _entries(raw.get("sources")),
                {str(key): PostRecord.from_json(value) for key, value in raw["posts"].items()},
                (str(check[0]), [list(problem) for problem in check[1]]),
                dirty=False,
            )
        except (OSError, UnicodeDecodeError, ValueError, AttributeError, TypeError, KeyError):
            return cls()

    def to_bytes(self) -> bytes:
        """The cache as written, stable so that an unchanged export rewrites nothing."""
        raw = {
            "context": self.context,
            "targets": {key: list(value) for key, value in sorted(self.targets.items())},
            "sources": {key: list(value) for key, value in sorted(self.sources.items())},
            "posts": {key: value.to_json() for key, value in sorted(self.posts.items())},
            "check": list(self.check),
        }
        # ASCII escapes carry every source path, even a name that is not UTF-8.
        return (json.dumps(raw, separators=(",", ":")) + "\n").encode("ascii")

    def source_digest(self, path: Path) -> str:
        """The hash of a source file as it is published (see ``published_image``), read only
        when its size or time changed."""
        key = os.path.abspath(path)
        signature = file_signature(os.stat(key))
        cached = self.sources.get(key)
        if cached is not None and cached[:2] == signature:
            return cached[2]
        digest = digest_bytes(published_image(path.read_bytes(), path))
        self.sources[key] = (*signature, digest)
        self.dirty = True
        return digest

    def target_digest(self, relative: str, path: Path, stat: os.stat_result) -> str:
        """The hash of an existing target file, read only when its size or time changed."""
        signature = file_signature(stat)
        cached = self.targets.get(relative)
        if cached is not None and cached[:2] == signature:
            return cached[2]
        digest = digest_file(path)
        self.targets[relative] = (*signature, digest)
        self.dirty = True
        return digest


def _entries(raw: Any) -> dict[str, tuple[int, int, str]]:
    entries: dict[str, tuple[int, int, str]] = {}
    for key, value in dict(raw).items():
        size, mtime, digest = value
        entries[str(key)] = (int(size), int(mtime), str(digest))
    return entries
