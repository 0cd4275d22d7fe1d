"""What happens to each file in the target: create, update, leave or delete, and whether the
export may touch it at all (ownership, symlinks, paths leading out)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from editor.core.errors import Problem, UnsafePathError
from editor.core.export.exportplan import (
    CREATE,
    DELETE,
    HAND_EDITED,
    UNCHANGED,
    UPDATE,
    ExportPlan,
    PlannedFile,
)
from editor.core.export.manifest import STATE_FOLDER, digest_bytes
from editor.core.export.posts import OutputFile


def output_path(
    target: Path, relative: str, post: Path | None, folders: dict[str, bool] | None = None
) -> Path:
    """The absolute path of an output file, refused when it could lead outside the target.

    ``relative`` must be a plain relative path; its folder must not lead out of the target
    through a symlink. ``folders`` memoises the folder check across the files of one plan.
    (The file itself being a symlink is refused where it is written.)
    """
    parts = relative.split("/")
    if not relative or relative.startswith("/") or "\\" in relative or {"", ".", ".."} & set(parts):
        raise UnsafePathError(f"output path leads outside the target: {relative!r}", post)
    if parts[0] == STATE_FOLDER:
        raise UnsafePathError(f"output path inside {STATE_FOLDER}/: {relative!r}", post)
    if not _folder_inside(str(target), parts[:-1], {} if folders is None else folders):
        raise UnsafePathError(
            f"{relative} would be written outside the target through a symlink", post
        )
    return Path(os.path.join(target, relative))


def _folder_inside(target: str, parts: list[str], known: dict[str, bool]) -> bool:
    """True when the folder ``parts`` below ``target`` stays inside it (symlinks followed)."""
    folder = "/".join(parts)
    if folder in known:
        return known[folder]
    if not parts:
        inside = True
    elif not _folder_inside(target, parts[:-1], known):
        inside = False
    else:
        path = os.path.join(target, folder)
        if os.path.islink(path):
            real_target = os.path.realpath(target)
            real = os.path.realpath(path)
            inside = real == real_target or real.startswith(real_target + os.sep)
        else:
            inside = True
    known[folder] = inside
    return inside


_IN_LIBRARY = "{} is a file of the library being exported: the export never touches it"


def in_library(plan: ExportPlan, absolute: Path) -> bool:
    """True when writing or deleting ``absolute`` would change a file of the exported library,
    however the paths look: the library inside the target, or a link into it on the way."""
    if plan.library_root is None:
        return False
    real = Path(os.path.realpath(absolute))
    return real == plan.library_root or plan.library_root in real.parents


def plan_files(
    plan: ExportPlan, outputs: list[OutputFile], *, force: bool, prune: bool, partial: bool
) -> None:
    """Decide each output file's action; with ``prune``, delete owned files not produced.

    ``partial`` (some posts only): other owned files are neither stale nor pruned.
    """
    target = plan.target
    folders: dict[str, bool] = {}
    produced: dict[str, OutputFile] = {}
    digests: dict[str, str] = {}
    for out in outputs:
        try:
            if out.digest is not None:
                digest = out.digest
            elif out.data is not None:
                digest = digest_bytes(out.data)
            else:
                assert out.source is not None
                digest = plan.cache.source_digest(out.source)
        except OSError as exc:
            plan.problems.append(
                Problem("error", out.source or target, f"cannot read: {exc.strerror or exc}")
            )
            continue
        earlier = produced.get(out.path)
        if earlier is not None:
            if digests[out.path] != digest:
                plan.problems.append(
                    Problem(
                        "error",
                        out.post or target,
                        f"{out.path} is also produced by {earlier.post or 'the site'}",
                    )
                )
            continue
        produced[out.path] = out
        digests[out.path] = digest

    for relative, out in produced.items():
        digest = digests[relative]
        if out.digest is not None:
            # Left from the last export: reusable_record has checked the file is as written.
            plan.files.append(
                PlannedFile(relative, UNCHANGED, digest, source=out.source, post=out.post)
            )
            continue
        try:
            absolute = output_path(target, relative, out.post, folders)
        except UnsafePathError as exc:
            plan.problems.append(Problem("error", exc.path or target, exc.message))
            continue
        if in_library(plan, absolute):
            plan.problems.append(Problem("error", out.post or target, _IN_LIBRARY.format(relative)))
            continue
        action, note, problem = _action_for(
            plan, relative, absolute, digest, force=force, claimed=out.claimed
        )
        if problem is not None:
            plan.problems.append(Problem("error", out.post or absolute, problem))
            continue
        if note == HAND_EDITED:
            plan.problems.append(Problem("warning", absolute, note))
        plan.files.append(
            PlannedFile(relative, action, digest, out.data, out.source, out.post, note)
        )

    for relative, owned_digest in [] if partial else sorted(plan.manifest.files.items()):
        if relative in produced:
            continue
        try:
            absolute = output_path(target, relative, None, folders)
            info = absolute.lstat()
        except FileNotFoundError:
            plan.forgotten.append(relative)  # deleted by hand: no longer owned
            continue
        except UnsafePathError as exc:
            plan.problems.append(Problem("warning", target / relative, f"{exc.message}: kept"))
            continue
        except OSError as exc:
            plan.problems.append(Problem("warning", target / relative, f"cannot read: {exc}"))
            continue
        if in_library(plan, absolute):
            plan.problems.append(Problem("error", absolute, _IN_LIBRARY.format(relative)))
            continue
        if not prune:
            plan.stale.append(relative)
            continue
        if not stat.S_ISREG(info.st_mode):
            plan.problems.append(Problem("warning", absolute, "not a plain file: not deleted"))
            continue
        if plan.cache.target_digest(relative, absolute, info) != owned_digest:
            plan.problems.append(
                Problem("warning", absolute, "changed since it was exported: not deleted")
            )
            continue
        plan.files.append(PlannedFile(relative, DELETE, ""))
    plan.files.sort(key=lambda planned: planned.path)


def _action_for(
    plan: ExportPlan,
    relative: str,
    absolute: Path,
    digest: str,
    *,
    force: bool,
    claimed: str | None = None,
) -> tuple[str, str, str | None]:
    """(action, note, error) for writing content ``digest`` to ``absolute``; ``claimed``:
    the hash of the file an imported post came from, which makes such a file its own."""
    try:
        info = absolute.lstat()
    except FileNotFoundError:
        return CREATE, "", None
    except NotADirectoryError:
        return CREATE, "", f"cannot write {relative}: a parent folder is a file"
    if stat.S_ISLNK(info.st_mode):
        return UPDATE, "", f"{relative} is a symlink in the target: not replaced"
    if not stat.S_ISREG(info.st_mode):
        return UPDATE, "", f"{relative} exists in the target and is not a file"
    current = plan.cache.target_digest(relative, absolute, info)
    owned = plan.manifest.files.get(relative)
    if current == digest:
        return UNCHANGED, "" if owned is not None else "already there, now owned", None
    if owned is not None:
        note = "" if current == owned else HAND_EDITED
        return UPDATE, note, None
    if claimed is not None and current == claimed:
        return UPDATE, "imported from here", None
    if force:
        return UPDATE, "not written by Postdesk; replaced (--force)", None
    return (
        UPDATE,
        "",
        f"{relative} exists and was not written by Postdesk: use --force to replace it",
    )
