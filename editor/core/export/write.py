"""Carry out an export plan: write changes atomically, delete pruned files, record ownership."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.document.docfiles import FileStamp
from editor.core.document.fsutil import AtomicBatch, atomic_write_bytes
from editor.core.errors import PostdeskError
from editor.core.export.exportplan import (
    CREATE,
    DELETE,
    UNCHANGED,
    ExportPlan,
    PlannedFile,
    Progress,
)
from editor.core.export.image_metadata import published_image
from editor.core.export.manifest import (
    CACHE,
    GITIGNORE,
    GITIGNORE_TEXT,
    MANIFEST,
    STATE_FOLDER,
    digest_bytes,
)
from editor.core.export.targets import in_library, output_path

WRITERS = 8
BATCH_FILES = 32  # files of one folder written, then synced, by one worker


@dataclass
class ExportResult:
    """What an export wrote: paths relative to the target."""

    plan: ExportPlan
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    state_files: list[str] = field(default_factory=list)  # .postdesk/ files rewritten

    def summary(self) -> str:
        """One line: what was written, deleted and left alone."""
        plan = self.plan
        unchanged = plan.count(UNCHANGED)
        posts = len(plan.posts)
        stale = (
            f" {len(plan.stale)} no longer produced (--prune removes them)," if plan.stale else ""
        )
        left_out = f" {len(plan.left_out)} left out with errors," if plan.left_out else ""
        warnings = len(plan.warnings)
        return (
            f"exported {posts} post{'s' if posts != 1 else ''} to {plan.target} ({plan.profile}):"
            f" {len(self.written)} written, {len(self.deleted)} deleted, {unchanged} unchanged,"
            f"{stale}{left_out} {warnings} warning{'s' if warnings != 1 else ''}"
        )


def write_export(plan: ExportPlan, progress: Progress | None = None) -> ExportResult:
    """Write ``plan``: create and update files, delete pruned ones, then record ownership.

    Refuses (PostdeskError, nothing written) when the plan has errors that stop the whole
    export; the posts left out for their own errors are simply not in it. Each file is written
    atomically; unchanged files are not touched. A file that changed since the plan was made
    (a new file in the way, an image edited meanwhile) stops the export with a PostdeskError
    naming it; the files written before it stay recorded as owned. ``progress(done, total,
    path)`` is called after each file, in the calling thread.
    """
    if plan.blocking:
        count = len(plan.blocking)
        raise PostdeskError(
            f"{count} error{'s' if count != 1 else ''} in the plan: nothing written", plan.target
        )
    result = ExportResult(plan)
    target = plan.target
    manifest = plan.manifest
    manifest.profile = plan.profile
    changes = plan.changes
    writes = [planned for planned in changes if planned.action != DELETE]
    done = 0

    def advance(path: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(changes), path)

    try:
        target.mkdir(parents=True, exist_ok=True)
        folders: dict[str, bool] = {}
        batches: dict[Path, list[tuple[PlannedFile, Path]]] = {}
        for planned in writes:
            path = output_path(target, planned.path, planned.post, folders)
            _refuse_library_file(plan, planned, path)
            batches.setdefault(path.parent, []).append((planned, path))
        # Creating files and folders waits on the disk: many batches at once keep it busy.
        # A batch is (part of) one folder, created by the batch and synced once at its end.
        with ThreadPoolExecutor(max_workers=WRITERS) as pool:
            pending = [
                pool.submit(_write_batch, plan, target, folder, chunk)
                for folder, files in batches.items()
                for chunk in _chunks(files, BATCH_FILES)
            ]
            failure: PostdeskError | None = None
            for future in as_completed(pending):
                if future.cancelled():
                    continue
                written, error = future.result()
                for planned, stamped in written:
                    plan.cache.targets[planned.path] = stamped
                    plan.cache.dirty = True
                    manifest.files[planned.path] = planned.digest
                    result.written.append(planned.path)
                    advance(planned.path)
                if error is not None and failure is None:
                    # Stop: nothing new starts, what is being written finishes and is recorded.
                    failure = error
                    for waiting in pending:
                        waiting.cancel()
        if failure is not None:
            raise failure
        for planned in changes:
            if planned.action == DELETE:
                _refuse_library_file(plan, planned, output_path(target, planned.path, None))
                _delete(target, planned)
                manifest.files.pop(planned.path, None)
                plan.cache.targets.pop(planned.path, None)
                plan.cache.dirty = True
                result.deleted.append(planned.path)
                advance(planned.path)
        for planned in plan.files:
            if planned.action == UNCHANGED:
                manifest.files[planned.path] = planned.digest
        for relative in plan.forgotten:
            manifest.files.pop(relative, None)
    finally:
        result.written.sort()
        if result.written or result.deleted or plan.files:
            _save_state(plan, result)
    return result


def _source_stamp(plan: ExportPlan, planned: PlannedFile) -> FileStamp | None:
    """The stamp of a copied file when the plan hashed it (None: generated content)."""
    if planned.source is None:
        return None
    cached = plan.cache.sources.get(os.path.abspath(planned.source))
    return None if cached is None else cached[0]


def _chunks(
    files: list[tuple[PlannedFile, Path]], size: int
) -> Iterator[list[tuple[PlannedFile, Path]]]:
    for start in range(0, len(files), size):
        yield files[start : start + size]


def _write_batch(
    plan: ExportPlan, target: Path, folder: Path, files: list[tuple[PlannedFile, Path]]
) -> tuple[list[tuple[PlannedFile, tuple[FileStamp, str]]], PostdeskError | None]:
    """Write files of one folder (in a worker thread): those written, with their stamp and
    hash for the cache, and the error that stopped the batch, if any."""
    written: list[tuple[PlannedFile, tuple[FileStamp, str]]] = []
    path = folder
    try:
        _make_folders(target, folder)
        with AtomicBatch() as batch:
            for planned, path in files:
                batch.write(path, _content(planned, path, _source_stamp(plan, planned)))
                written.append((planned, (FileStamp.of(path.stat()), planned.digest)))
    except PostdeskError as exc:
        return written, exc
    except OSError as exc:
        return written, PostdeskError(f"cannot read back: {exc.strerror or exc}", path)
    return written, None


def _content(planned: PlannedFile, path: Path, stamp: FileStamp | None) -> bytes:
    """The bytes to write for ``planned``, refused when the target or the source changed
    since the plan was made."""
    if planned.action == CREATE and os.path.lexists(path):
        raise PostdeskError(f"{planned.path} appeared since the plan was made: not replaced", path)
    if os.path.islink(path):
        raise PostdeskError(f"{planned.path} is now a symlink: not replaced", path)
    if planned.data is not None:
        return planned.data
    if planned.source is None:
        raise PostdeskError("changed since the plan was made: export again", path)
    try:
        # The plan hashed the file with this stamp: unchanged, it needs no new hash.
        if stamp is not None and FileStamp.of(planned.source.stat()) != stamp:
            raise PostdeskError("changed since the plan was made: export again", planned.source)
        data = published_image(planned.source.read_bytes(), planned.source)
    except OSError as exc:
        raise PostdeskError(f"cannot read: {exc.strerror or exc}", planned.source) from exc
    if stamp is None and digest_bytes(data) != planned.digest:
        raise PostdeskError("changed since the plan was made: export again", planned.source)
    return data


def _refuse_library_file(plan: ExportPlan, planned: PlannedFile, path: Path) -> None:
    """Stop before touching a file of the exported library: the disk may have changed (a
    link put in the target) since the plan was made."""
    if in_library(plan, path):
        raise PostdeskError(f"{planned.path} is now a file of the library: not touched", path)


def _make_folders(target: Path, folder: Path) -> None:
    """Create ``folder`` below ``target`` one level at a time, never through a symlink."""
    current = target
    for part in folder.relative_to(target).parts:
        current = current / part
        # A symlinked folder is followed: output_path has checked it stays inside the target.
        if current.is_dir():
            continue
        try:
            current.mkdir()
        except FileExistsError:
            # A file is in the way, or another batch made the folder meanwhile: look again.
            if not current.is_dir():
                raise PostdeskError("not a folder: cannot export into it", current) from None
        except OSError as exc:
            raise PostdeskError(f"cannot create folder: {exc.strerror or exc}", current) from exc


def _delete(target: Path, planned: PlannedFile) -> None:
    path = output_path(target, planned.path, None)
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise PostdeskError(f"cannot delete: {exc.strerror or exc}", path) from exc
    # Folders emptied by the deletion go too (an old post's image folder), never the target.
    folder = path.parent
    while folder != target and target in folder.parents:
        with contextlib.suppress(OSError):
            folder.rmdir()
        if folder.exists():
            break
        folder = folder.parent


def _save_state(plan: ExportPlan, result: ExportResult) -> None:
    """Write the manifest, the hash cache and the state folder's .gitignore when they changed."""
    target = plan.target
    state = target / STATE_FOLDER
    if state.is_symlink() or (state.exists() and not state.is_dir()):
        raise PostdeskError("not a folder: the export cannot record what it owns", state)
    used = {os.path.abspath(planned.source) for planned in plan.files if planned.source is not None}
    produced = {planned.path for planned in plan.files if planned.action != DELETE}
    cache = plan.cache
    sources = {key: value for key, value in cache.sources.items() if key in used}
    targets = {
        key: value
        for key, value in cache.targets.items()
        if key in produced or key in plan.manifest.files
    }
    if len(sources) != len(cache.sources) or len(targets) != len(cache.targets):
        cache.sources, cache.targets, cache.dirty = sources, targets, True
    wanted = {
        MANIFEST: plan.manifest.to_bytes(),
        GITIGNORE: GITIGNORE_TEXT.encode("utf-8"),
    }
    if cache.dirty or not (target / CACHE).exists():
        wanted[CACHE] = cache.to_bytes()
    state.mkdir(parents=True, exist_ok=True)
    for relative, data in wanted.items():
        path = target / relative
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            pass
        atomic_write_bytes(path, data)
        result.state_files.append(relative)
    cache.dirty = False
