"""What an export owns in its target: ``.postdesk/manifest.json`` (paths and content hashes, meant
to be committed) and ``.postdesk/cache.json`` (file stamps to skip re-hashing, local)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.core.document.docfiles import FileStamp
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
# The cache file's own format: 2 keeps docfiles' FileStamp (size, mtime_ns, inode, device)
# where 1 (no "format" key) kept size and mtime_ns; a cache of another format is dropped.
CACHE_FORMAT = 2


def digest_bytes(data: bytes) -> str:
    """The content hash recorded for a file."""
    return hashlib.sha256(data).hexdigest()


def digest_file(path: Path) -> str:
    """The content hash of the file at ``path``."""
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


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

    stamp: FileStamp  # of the post file
    inputs: tuple[tuple[str, FileStamp], ...]  # images and pictures read, by path
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
            list(self.stamp),
            [[path, *stamp] for path, stamp in self.inputs],
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
        stamp, inputs, outputs, slug, title, draft, date, notes = raw
        return cls(
            _stamp(stamp),
            tuple((str(path), _stamp(numbers)) for path, *numbers in inputs),
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
    """Local knowledge that makes a repeated export fast, all keyed by file stamps: hashes
    of target and source files, what each post produced, the last check's result."""

    context: str = ""  # profile, settings and code the records below were made with
    targets: dict[str, tuple[FileStamp, str]] = field(default_factory=dict)
    sources: dict[str, tuple[FileStamp, str]] = field(default_factory=dict)
    posts: dict[str, PostRecord] = field(default_factory=dict)
    check: tuple[str, list[list[Any]]] = ("", [])  # fingerprint, problems as JSON values
    dirty: bool = True  # differs from the file on disk (set by every change)

    @classmethod
    def load(cls, target: Path) -> ExportCache:
        """Read ``<target>/.postdesk/cache.json``; a damaged, missing or older cache is just
        empty."""
        try:
            raw = json.loads((target / CACHE).read_text(encoding="utf-8"))
            if raw.get("format") != CACHE_FORMAT:
                return cls()
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
            "format": CACHE_FORMAT,
            "context": self.context,
            "targets": {
                key: [*stamp, digest] for key, (stamp, digest) in sorted(self.targets.items())
            },
            "sources": {
                key: [*stamp, digest] for key, (stamp, digest) in sorted(self.sources.items())
            },
            "posts": {key: value.to_json() for key, value in sorted(self.posts.items())},
            "check": list(self.check),
        }
        # ASCII escapes carry every source path, even a name that is not UTF-8.
        return (json.dumps(raw, separators=(",", ":")) + "\n").encode("ascii")

    def source_digest(self, path: Path) -> str:
        """The hash of a source file as it is published (see ``published_image``), read only
        when its stamp changed."""
        key = os.path.abspath(path)
        stamp = FileStamp.of(os.stat(key))
        cached = self.sources.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        digest = digest_bytes(published_image(path.read_bytes(), path))
        self.sources[key] = (stamp, digest)
        self.dirty = True
        return digest

    def target_digest(self, relative: str, path: Path, stat: os.stat_result) -> str:
        """The hash of an existing target file, read only when its stamp changed."""
        stamp = FileStamp.of(stat)
        cached = self.targets.get(relative)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        digest = digest_file(path)
        self.targets[relative] = (stamp, digest)
        self.dirty = True
        return digest


def _entries_json(entries: dict[str, tuple[FileStamp, str]]) -> dict[str, list[Any]]:
    return {key: [*stamp, digest] for key, (stamp, digest) in sorted(entries.items())}


def _entries(raw: Any) -> dict[str, tuple[FileStamp, str]]:
    entries: dict[str, tuple[FileStamp, str]] = {}
    for key, value in dict(raw).items():
        *numbers, digest = value
        entries[str(key)] = (_stamp(numbers), str(digest))
    return entries


def _stamp(numbers: Any) -> FileStamp:
    """A stamp read back from JSON; raises ValueError/TypeError when damaged."""
    size, mtime_ns, inode, device = numbers
    return FileStamp(int(size), int(mtime_ns), int(inode), int(device))
