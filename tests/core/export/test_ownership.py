"""The export only ever touches files it owns, inside the target, and only when they change."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from editor.core.document.post import Post
from editor.core.errors import PostdeskError
from editor.core.export import (
    CREATE,
    DELETE,
    UNCHANGED,
    UPDATE,
    ExportPlan,
    plan_export,
    write_export,
)
from editor.core.export import plan as export_plan
from editor.core.export.manifest import digest_bytes
from editor.core.export.posts import prepare_post
from editor.core.library.checks import check_library
from editor.core.library.library import Library
from tests.core.export.builders import PNG, make_library, mtimes, tree, write_post


def plan(library: Path, target: Path, **options: object) -> ExportPlan:
    return plan_export(Library.scan(library), target, **options)  # type: ignore[arg-type]


def test_manifest_records_every_file_with_its_hash(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "blog"
    result = write_export(plan(library, target))
    manifest = json.loads((target / ".postdesk" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(result.written)
    assert manifest["profile"] == "nextjs"
    ignored = (target / ".postdesk" / ".gitignore").read_text(encoding="utf-8")
    assert ignored.endswith("cache.json\n")


def test_second_export_writes_nothing(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "blog"
    write_export(plan(library, target))
    before = mtimes(target)
    again = plan(library, target)
    assert {planned.action for planned in again.files} == {UNCHANGED}
    result = write_export(again)
    assert result.written == [] and result.deleted == [] and result.state_files == []
    assert mtimes(target) == before


def test_second_export_without_the_cache_still_writes_nothing(
    library: Path, tmp_path: Path
) -> None:
    target = tmp_path / "blog"
    write_export(plan(library, target))
    (target / ".postdesk" / "cache.json").unlink()
    before = {path: mtime for path, mtime in mtimes(target).items() if "cache" not in path}
    result = write_export(plan(library, target))
    assert result.written == []
    assert {p: m for p, m in mtimes(target).items() if "cache" not in p} == before


def test_a_cache_of_the_older_format_is_dropped_not_trusted(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "blog"
    write_export(plan(library, target))
    cache_file = target / ".postdesk" / "cache.json"
    cache = json.loads(cache_file.read_text(encoding="ascii"))
    # Format 1 had no "format" key and kept size and mtime_ns only; this one lies about them.
    del cache["format"]
    cache["targets"] = {key: [0, 0, "0" * 64] for key in cache["targets"]}
    cache["posts"] = {}
    cache_file.write_text(json.dumps(cache), encoding="ascii")
    post = library / "second-post" / "index.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    changed = plan(library, target)
    assert [(p.path, p.action) for p in changed.changes] == [("_posts/second-post.md", UPDATE)]
    write_export(changed)
    assert json.loads(cache_file.read_text(encoding="ascii"))["format"] == 2


def test_a_changed_post_rewrites_only_its_file(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "blog"
    write_export(plan(library, target))
    post = library / "second-post" / "index.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    changed = plan(library, target)
    assert [(p.path, p.action) for p in changed.changes] == [("_posts/second-post.md", UPDATE)]


def test_a_foreign_file_is_kept_without_force(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "blog"
    foreign = target / "_posts" / "second-post.md"
    foreign.parent.mkdir(parents=True)
    foreign.write_text("my own post\n", encoding="utf-8")
    other = target / "_posts" / "hello-world.md"
    other.write_text("untouched\n", encoding="utf-8")

    refused = plan(library, target)
    assert any("not written by Postdesk" in problem.message for problem in refused.errors)
    with pytest.raises(PostdeskError):
        write_export(refused)
    assert foreign.read_text(encoding="utf-8") == "my own post\n"
    assert not (target / ".postdesk").exists()
    assert sorted(path.name for path in target.rglob("*") if path.is_file()) == [
        "hello-world.md",
        "second-post.md",
    ]

    forced = plan(library, target, force=True)
    assert not forced.errors
    write_export(forced)
    assert foreign.read_text(encoding="utf-8").startswith("---\ntitle: Second post\n")
    assert other.read_text(encoding="utf-8") == "untouched\n"


def test_prune_removes_only_owned_files_no_longer_produced(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "blog"
    write_export(plan(library, target))
    foreign = target / "public" / "assets" / "blog" / "second-post" / "mine.png"
    foreign.write_bytes(PNG)
    (library / "second-post" / "index.md").rename(library / "second-post" / "renamed.md")
    (library / "second-post").rename(library / "moved")

    kept = plan(library, target)
    assert kept.stale and not [p for p in kept.files if p.action == DELETE]
    write_export(kept)
    assert (target / "_posts" / "second-post.md").exists()

    pruned = plan(library, target, prune=True)
    deleted = sorted(p.path for p in pruned.files if p.action == DELETE)
    assert deleted == [
        "_posts/second-post.md",
        "public/assets/blog/second-post/cover.png",
    ]
    write_export(pruned)
    assert not (target / "_posts" / "second-post.md").exists()
    assert foreign.read_bytes() == PNG  # not the export's: stays, and so does its folder
    assert (target / "_posts" / "renamed.md").exists()
    manifest = json.loads((target / ".postdesk" / "manifest.json").read_text(encoding="utf-8"))
    assert "_posts/second-post.md" not in manifest["files"]


def test_prune_keeps_an_owned_file_edited_by_hand(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "blog"
    write_export(plan(library, target))
    edited = target / "_posts" / "second-post.md"
    edited.write_text("edited\n", encoding="utf-8")
    (library / "second-post" / "index.md").unlink()
    pruned = plan(library, target, prune=True)
    assert "_posts/second-post.md" not in [p.path for p in pruned.files if p.action == DELETE]
    assert any("changed since it was exported" in w.message for w in pruned.warnings)


@pytest.mark.parametrize(
    "front_matter",
    [
        'slug: "../../escape"',
        "slug: /etc/passwd",
        "cover:\n  image: ../../../outside.png\n  alt: x",
        "cover:\n  image: /etc/hostname\n  alt: x",
    ],
)
def test_a_hostile_slug_or_image_path_leaves_its_post_out_and_nothing_of_it_written(
    library: Path, tmp_path: Path, front_matter: str
) -> None:
    (tmp_path / "outside.png").write_bytes(PNG)
    hostile = write_post(library, "hostile", f"---\ntitle: Hostile\n{front_matter}\n---\nB.\n")
    target = tmp_path / "blog"
    planned = plan(library, target)
    assert {problem.path for problem in planned.errors} == {hostile}
    assert planned.left_out == [hostile] and not planned.blocking
    write_export(planned)
    assert sorted(path.name for path in (target / "_posts").iterdir()) == [
        "second-post.md",
        "shipping-part-1.md",
    ]
    assert not any("hostile" in path or "escape" in path for path in tree(target))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["blog", "library", "outside.png"]


def test_an_image_symlink_leading_out_of_the_library_is_refused(
    library: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"secret")
    (library / "second-post" / "cover.png").unlink()
    (library / "second-post" / "cover.png").symlink_to(secret)
    target = tmp_path / "blog"
    refused = plan(library, target)
    assert any("symlink" in problem.message for problem in refused.errors)
    assert not target.exists()


def test_a_symlinked_folder_in_the_target_leading_out_is_refused(
    library: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = tmp_path / "blog"
    target.mkdir()
    (target / "public").symlink_to(outside, target_is_directory=True)
    refused = plan(library, target)
    assert refused.errors
    assert all("outside the target" in problem.message for problem in refused.errors)
    with pytest.raises(PostdeskError):
        write_export(refused)
    assert list(outside.iterdir()) == []
    assert not (target / "_posts").exists()


def test_a_symlink_in_place_of_an_output_file_is_not_replaced(
    library: Path, tmp_path: Path
) -> None:
    target = tmp_path / "blog"
    (target / "_posts").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text("keep\n", encoding="utf-8")
    (target / "_posts" / "second-post.md").symlink_to(elsewhere)
    refused = plan(library, target, force=True)
    assert any("symlink" in problem.message for problem in refused.errors)
    assert elsewhere.read_text(encoding="utf-8") == "keep\n"


def test_posts_with_errors_are_left_out_and_the_others_written(
    library: Path, tmp_path: Path
) -> None:
    broken = write_post(library, "broken", "---\ntitle: [unclosed\n---\nBody.\n")
    (library / "second-post" / "cover.png").unlink()
    target = tmp_path / "blog"
    planned = plan(library, target)
    assert {problem.path.parent.name for problem in planned.errors} == {"broken", "second-post"}
    assert planned.left_out == [broken, library / "second-post" / "index.md"]
    assert [post.slug for post in planned.posts] == ["shipping-part-1"]
    result = write_export(planned)
    assert "_posts/shipping-part-1.md" in result.written
    assert "1 post to" in result.summary() and "2 left out with errors" in result.summary()
    assert sorted(path.name for path in (target / "_posts").iterdir()) == ["shipping-part-1.md"]
    assert not (target / "public" / "assets" / "blog" / "second-post").exists()


def test_an_error_of_the_library_as_a_whole_stops_everything(library: Path, tmp_path: Path) -> None:
    (library / ".postdesk.yaml").write_text("author: [unclosed\n", encoding="utf-8")
    (library / "second-post" / "cover.png").unlink()
    refused = plan(library, tmp_path / "blog")
    assert [problem.path.name for problem in refused.blocking] == [".postdesk.yaml"]
    with pytest.raises(PostdeskError):
        write_export(refused)
    assert not (tmp_path / "blog").exists()


def test_a_prune_is_refused_while_a_post_is_left_out(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "blog"
    write_export(plan(library, target))
    exported = tree(target)
    (library / "second-post" / "cover.png").unlink()
    # Pruning now would unpublish the post because of its error: nothing is written.
    refused = plan(library, target, prune=True)
    assert any("not pruning" in problem.message for problem in refused.blocking)
    with pytest.raises(PostdeskError):
        write_export(refused)
    assert tree(target) == exported
    assert not plan(library, target).blocking


def test_duplicate_slugs_are_an_error(library: Path, tmp_path: Path) -> None:
    write_post(library, "copy", "---\ntitle: Copy\nslug: second-post\n---\nBody.\n")
    refused = plan(library, tmp_path / "blog")
    assert any("duplicate slug" in problem.message for problem in refused.errors)


def test_the_target_may_not_be_inside_the_library(library: Path) -> None:
    with pytest.raises(PostdeskError, match="inside the library"):
        plan(library, library / "out")


def test_planning_writes_nothing(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "blog"
    planned = plan(library, target)
    assert {p.action for p in planned.files} == {CREATE}
    assert "_posts/shipping-part-1.md" in [p.path for p in planned.files]
    assert not target.exists()


def test_a_file_appearing_after_the_plan_is_not_replaced(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "blog"
    planned = plan(library, target)
    late = target / "_posts" / "second-post.md"
    late.parent.mkdir(parents=True)
    late.write_text("mine\n", encoding="utf-8")
    with pytest.raises(PostdeskError, match="appeared"):
        write_export(planned)
    assert late.read_text(encoding="utf-8") == "mine\n"


def test_writing_reports_progress_for_each_change(library: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    result = write_export(plan(library, tmp_path / "blog"), progress=lambda *c: calls.append(c))
    assert sorted(call[2] for call in calls) == result.written
    assert calls[-1][0] == calls[-1][1] == len(result.written)


def test_exporting_one_post_leaves_the_others_alone(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    write_export(plan(library, target, profile="html"))
    post = library / "second-post" / "index.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Second post", "Renamed"), "utf-8")
    (library / "shipping-part-1" / "index.md").write_text("---\ntitle: Changed\n---\nx\n")
    one = plan(library, target, profile="html", only=[post], prune=True)
    assert [p.slug for p in one.posts] == ["second-post"]
    assert not one.stale and DELETE not in {p.action for p in one.files}
    assert sorted(p.path for p in one.changes) == [
        "index.html",
        "posts/second-post/index.html",
        "tags/python/index.html",
    ]


def test_an_image_changed_after_the_plan_stops_the_export(library: Path, tmp_path: Path) -> None:
    planned = plan(library, tmp_path / "blog")
    (library / "second-post" / "cover.png").write_bytes(PNG + b"edited since")
    with pytest.raises(PostdeskError, match="changed since the plan"):
        write_export(planned)


def test_only_changed_posts_are_read_again(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "blog"
    write_export(plan(library, target))
    prepared: list[Path] = []
    checks: list[str] = []

    def prepare(post: Post, **options: Any) -> Any:
        prepared.append(post.path)  # type: ignore[arg-type]
        return prepare_post(post, **options)

    def check(library: Library) -> Any:
        checks.append(library.root.name)
        return check_library(library)

    monkeypatch.setattr(export_plan, "prepare_post", prepare)
    monkeypatch.setattr(export_plan, "check_library", check)
    assert {p.action for p in plan(library, target).files} == {UNCHANGED}
    assert prepared == [] and checks == []

    post = library / "second-post" / "index.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    changed = plan(library, target)
    assert prepared == [post] and checks == ["library"]
    assert [p.path for p in changed.changes] == ["_posts/second-post.md"]


def test_an_owned_file_deleted_by_hand_is_forgotten(library: Path, tmp_path: Path) -> None:
    target = tmp_path / "blog"
    write_export(plan(library, target))
    (library / "second-post" / "index.md").unlink()
    (target / "_posts" / "second-post.md").unlink()
    write_export(plan(library, target))
    manifest = json.loads((target / ".postdesk" / "manifest.json").read_text(encoding="utf-8"))
    assert "_posts/second-post.md" not in manifest["files"]
    assert "public/assets/blog/second-post/cover.png" in manifest["files"]  # still there: owned


def test_the_export_never_writes_into_a_library_inside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "blog"
    library = make_library(target / "_posts")
    refused = plan(library, target)
    assert refused.errors
    assert all("a file of the library" in problem.message for problem in refused.errors)
    assert not (target / "public").exists()


def test_prune_never_deletes_the_posts_of_a_library_inside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "blog"
    write_export(plan(make_library(tmp_path / "first"), target))
    library = make_library(target / "notes")
    post = library / "second-post" / "index.md"
    # The manifest says an earlier export wrote the library's post (the library was moved
    # into the blog, or the manifest was copied): a prune must not take it for its own.
    manifest_file = target / ".postdesk" / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest["files"]["notes/second-post/index.md"] = digest_bytes(post.read_bytes())
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    before = post.read_bytes()
    refused = plan(library, target, prune=True)
    assert any("a file of the library" in problem.message for problem in refused.errors)
    with pytest.raises(PostdeskError):
        write_export(refused)
    assert post.read_bytes() == before


def test_force_never_writes_a_library_post_through_a_link_in_the_target(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library")
    target = tmp_path / "blog"
    (target / "_posts").mkdir(parents=True)
    post = library / "shipping-part-1" / "index.md"
    before = post.read_bytes()
    (target / "_posts" / "shipping-part-1.md").symlink_to(post)
    refused = plan(library, target, force=True)
    assert any("a file of the library" in problem.message for problem in refused.errors)
    with pytest.raises(PostdeskError):
        write_export(refused)
    assert post.read_bytes() == before


def test_a_folder_link_into_the_library_is_refused_too(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library")
    target = tmp_path / "blog"
    target.mkdir()
    (target / "_posts").symlink_to(library / "shipping-part-1", target_is_directory=True)
    refused = plan(library, target, force=True)
    assert refused.errors
    assert sorted(path.name for path in (library / "shipping-part-1").iterdir()) == sorted(
        ["cover.png", "images", "index.md"]
    )


@pytest.mark.parametrize("where", ["/", "~"])
def test_the_root_and_home_folders_are_refused_as_targets(library: Path, where: str) -> None:
    with pytest.raises(PostdeskError, match=r"root of the filesystem|home folder"):
        plan(library, Path(where))


def test_the_plan_names_the_real_target(library: Path, tmp_path: Path) -> None:
    real = tmp_path / "real-blog"
    real.mkdir()
    (tmp_path / "blog").symlink_to(real, target_is_directory=True)
    assert plan(library, tmp_path / "blog").target == real


def _unreadable(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``folder`` unreadable to the scan, as chmod 000 does for a user other than root."""
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_folder_is_reported_and_a_prune_refused(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "blog"
    write_export(plan(library, target))
    exported = tree(target)
    _unreadable(library / "second-post", monkeypatch)
    scanned = Library.scan(library)
    assert [path for path, _why in scanned.unreadable] == [library / "second-post"]
    problems = check_library(scanned)
    assert any(
        problem.path == library / "second-post" and "cannot read" in problem.message
        for problem in problems
    )
    refused = plan_export(scanned, target, prune=True)
    assert any("not pruning" in problem.message for problem in refused.errors)
    with pytest.raises(PostdeskError):
        write_export(refused)
    assert tree(target) == exported


def test_an_unreadable_folder_leaves_the_readable_posts_to_export(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _unreadable(library / "second-post", monkeypatch)
    planned = plan_export(Library.scan(library), tmp_path / "blog")

    assert not planned.blocking
    assert library / "second-post" in planned.left_out
    write_export(planned)
    assert (tmp_path / "blog" / "_posts" / "shipping-part-1.md").is_file()
