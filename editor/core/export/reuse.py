"""Skip what has not changed: a post whose file, images and exported files are as they were at
the last export is not read again, and an unchanged library is not checked again."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from editor.core.document.docfiles import FileStamp, file_stamp
from editor.core.document.paths import SETTINGS_FILE
from editor.core.errors import Problem
from editor.core.export.exportplan import ExportPlan
from editor.core.export.manifest import FORMAT, PostRecord, digest_bytes
from editor.core.export.posts import ExportPost, OutputFile
from editor.core.export.profiles import Profile
from editor.core.library.library import Library


def post_context(library: Library, profile: Profile) -> str:
    """What every post's output depends on besides the post: profile, settings, this code."""
    parts = [profile.name, profile.settings(), repr(profile.dialect), str(FORMAT)]
    for path in [library.root / SETTINGS_FILE, *sorted(Path(__file__).parent.glob("*.py"))]:
        parts.append(f"{path.name}:{_stamp_text(path)}")
    return "|".join(parts)


def reusable_record(
    plan: ExportPlan, path: Path, now: dt.datetime, seen: dict[str, FileStamp]
) -> PostRecord | None:
    """The record of ``path``'s last export when it, its images and its files are unchanged.

    ``seen`` keeps the stamps looked up during one plan: files shared by posts (the
    author's picture) are looked at once.
    """
    record = plan.cache.posts.get(str(path))
    if record is None or dt.datetime.fromisoformat(record.date) > now:
        return None
    try:
        if FileStamp.of(os.stat(path)) != record.stamp:
            return None
        for source, stamp in record.inputs:
            if source not in seen:
                seen[source] = FileStamp.of(os.stat(source))
            if seen[source] != stamp:
                return None
        target = str(plan.target)
        for relative, digest, _source in record.outputs:
            cached = plan.cache.targets.get(relative)
            if cached is None or cached[1] != digest or plan.manifest.files.get(relative) != digest:
                return None
            key = os.path.join(target, relative)
            if key not in seen:
                seen[key] = FileStamp.of(os.lstat(key))
            if seen[key] != cached[0]:
                return None
    except OSError:
        return None
    return record


def library_fingerprint(library: Library, profile: str, drafts: bool, now: dt.datetime) -> str:
    """Everything check_library's answer depends on, as one hash (posts' images aside)."""
    lines = [profile, str(drafts)]
    for entry in library.entries:
        future = entry.date is not None and entry.date > now
        lines.append(f"{entry.path}|{entry.kind}|{entry.size}|{entry.mtime}|{future}")
    author = library.settings.author
    for path in [library.root / SETTINGS_FILE] + (
        [library.root / author.picture] if author is not None and author.picture else []
    ):
        lines.append(f"{path}|{_stamp_text(path)}")
    # A file name that is not UTF-8 is held as lone surrogates: hash those as they are.
    return digest_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))


def remember(
    plan: ExportPlan,
    posts: list[ExportPost],
    outputs: list[OutputFile],
    records: dict[str, PostRecord],
    own_warnings: set[str],
    notes: dict[str, tuple[tuple[str, int | None], ...]],
    check: tuple[str, list[Problem]],
) -> None:
    """Record what each post produced, for the next export to skip unchanged posts."""
    by_post: dict[str, list[tuple[str, str, str | None]]] = {}
    digests = {planned.path: planned.digest for planned in plan.files}
    for out in outputs:
        if out.post is not None and out.path in digests:
            source = None if out.source is None else os.path.abspath(out.source)
            by_post.setdefault(str(out.post), []).append((out.path, digests[out.path], source))
    for ready in posts:
        key = str(ready.source)
        # Warnings of the export itself are worked out from the post: it must be read again.
        if key in own_warnings:
            plan.cache.posts.pop(key, None)
            continue
        try:
            plan.cache.posts[key] = PostRecord(
                FileStamp.of(ready.source.stat()),
                tuple((os.path.abspath(path), FileStamp.of(path.stat())) for path in ready.inputs),
                tuple(by_post.get(key, [])),
                ready.slug,
                ready.title,
                ready.draft,
                ready.date.isoformat(),
                notes.get(key, ()),
            )
        except OSError:
            plan.cache.posts.pop(key, None)
    kept = set(records) | {str(ready.source) for ready in posts}
    plan.cache.posts = {key: value for key, value in plan.cache.posts.items() if key in kept}
    fingerprint, checked = check
    plan.cache.dirty = True
    plan.cache.check = (
        fingerprint,
        [
            [problem.severity, str(problem.path), problem.message, problem.line]
            for problem in checked
        ],
    )


def _stamp_text(path: Path) -> str:
    """The stamp of ``path`` as text for a fingerprint; ``-`` when it cannot be read."""
    stamp = file_stamp(path)
    return "-" if stamp is None else ",".join(map(str, stamp))
