"""Writing a plan in batches: one folder sync per batch, parallel folders, failures that keep
what was written recorded as owned."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from editor.core.document import fsutil
from editor.core.errors import PostdeskError
from editor.core.export import ExportPlan, plan_export, write_export
from editor.core.export import write as export_write
from editor.core.library.library import Library


def plan(library: Path, target: Path) -> ExportPlan:
    return plan_export(Library.scan(library), target)


def owned(target: Path) -> set[str]:
    manifest = json.loads((target / ".postdesk" / "manifest.json").read_text(encoding="utf-8"))
    return set(manifest["files"])


def test_each_folder_is_synced_once_per_batch_not_once_per_file(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[Path] = []
    monkeypatch.setattr(fsutil, "_fsync_folder", synced.append)
    monkeypatch.setattr(export_write, "BATCH_FILES", 2)
    target = tmp_path / "blog"
    result = write_export(plan(library, target))
    posts = [path for path in result.written if path.startswith("_posts/")]
    assert len(posts) == 2
    batch_syncs = [folder for folder in synced if folder != target / ".postdesk"]
    folders = {(target / path).parent for path in result.written}
    assert sorted(batch_syncs) == sorted(folders)  # two files of _posts/: one batch, one sync
    assert len(synced) - len(batch_syncs) == 3  # manifest, cache, .gitignore: synced each


def test_a_failed_batch_keeps_the_files_written_before_it_owned(
    library: Path, tmp_path: Path
) -> None:
    target = tmp_path / "blog"
    planned = plan(library, target)
    late = target / "_posts" / "second-post.md"
    late.parent.mkdir(parents=True)
    late.write_text("mine\n", encoding="utf-8")
    with pytest.raises(PostdeskError, match="appeared since the plan"):
        write_export(planned)
    assert late.read_text(encoding="utf-8") == "mine\n"
    written = {
        path.relative_to(target).as_posix()
        for path in target.rglob("*")
        if path.is_file() and ".postdesk" not in path.parts and path != late
    }
    assert written and written <= owned(target)
    # Once the file in the way is gone, the export finishes without --force.
    late.unlink()
    result = write_export(plan(library, target))
    assert "_posts/second-post.md" in result.written
    assert not set(result.written) & written


def test_a_folder_made_by_another_batch_meanwhile_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "blog"
    target.mkdir()
    real_mkdir = Path.mkdir

    def lose_the_race(self: Path, *args: object, **kwargs: object) -> None:
        os.mkdir(self)  # another batch was quicker
        real_mkdir(self)  # raises FileExistsError

    monkeypatch.setattr(Path, "mkdir", lose_the_race)
    export_write._make_folders(target, target / "public" / "assets")
    assert (target / "public" / "assets").is_dir()


def test_a_file_where_a_folder_belongs_stops_the_batch(tmp_path: Path) -> None:
    target = tmp_path / "blog"
    target.mkdir()
    (target / "public").write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(PostdeskError, match="not a folder"):
        export_write._make_folders(target, target / "public" / "assets")
