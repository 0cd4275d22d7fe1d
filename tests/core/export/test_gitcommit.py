"""--commit: exactly the exported changes are committed, other staged work stays staged."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from editor.core.errors import PostdeskError
from editor.core.export import commit_export, plan_export, write_export
from editor.core.library.library import Library

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with one commit and an unrelated staged change."""
    repo = tmp_path / "blog"
    repo.mkdir()
    git(repo, "init", "--quiet")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "user.name", "Test")
    (repo / "README.md").write_text("blog\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "--quiet", "-m", "start")
    (repo / "README.md").write_text("blog, being edited\n", encoding="utf-8")
    (repo / "notes.txt").write_text("staged, not exported\n", encoding="utf-8")
    git(repo, "add", "README.md", "notes.txt")
    return repo


def test_commit_holds_exactly_the_exported_files(library: Path, repo: Path) -> None:
    result = write_export(plan_export(Library.scan(library), repo))
    commit = commit_export(result)
    assert commit is not None
    committed = set(git(repo, "show", "--name-only", "--format=", "HEAD").split())
    assert committed == {*result.written, ".postdesk/manifest.json", ".postdesk/.gitignore"}
    message = git(repo, "log", "-1", "--format=%B")
    assert message.startswith("Export 2 posts (nextjs)")
    assert "- Shipping: Part 1 (shipping-part-1)" in message
    assert "- Second post (second-post)" in message
    # The user's own staged work is still staged, and not committed.
    assert set(git(repo, "diff", "--cached", "--name-only").split()) == {"README.md", "notes.txt"}
    assert git(repo, "status", "--porcelain", "--", ".postdesk/cache.json") == ""


def test_nothing_to_commit_after_an_unchanged_export(library: Path, repo: Path) -> None:
    commit_export(write_export(plan_export(Library.scan(library), repo)))
    head = git(repo, "rev-parse", "HEAD")
    assert commit_export(write_export(plan_export(Library.scan(library), repo))) is None
    assert git(repo, "rev-parse", "HEAD") == head


def test_pruned_files_are_committed_as_deleted(library: Path, repo: Path) -> None:
    commit_export(write_export(plan_export(Library.scan(library), repo)))
    shutil.rmtree(library / "second-post")
    result = write_export(plan_export(Library.scan(library), repo, prune=True))
    commit_export(result)
    assert "_posts/second-post.md" not in git(repo, "ls-files").split()
    assert "removed 2 files" in git(repo, "log", "-1", "--format=%B")


def test_a_folder_outside_git_is_refused(library: Path, tmp_path: Path) -> None:
    result = write_export(plan_export(Library.scan(library), tmp_path / "plain"))
    with pytest.raises(PostdeskError, match="not a git repository"):
        commit_export(result)
