"""``postdesk new "Title" --library BLOG --profile KIND [--draft]``: a new post in the blog's own
pattern, printed; never over another file, nothing else changed; one error line for a bad blog."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from editor.core.blog.blogfile import parse_blog_front_matter, split_blog_file
from tests.cli.test_cli import assert_one_line_error, run

BLOGS = Path(__file__).resolve().parents[1] / "data" / "blogs"


def git_blog(name: str, tmp_path: Path) -> Path:
    """A copy of the fixture blog ``name`` in a git repository with everything committed."""
    root = Path(shutil.copytree(BLOGS / name, tmp_path / name))
    for command in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "blog"],
    ):
        subprocess.run(["git", *command], cwd=root, check=True, capture_output=True)
    return root


def changed(root: Path) -> list[str]:
    """What git sees changed in the blog, untracked files one by one."""
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    return sorted(line[3:] for line in status.stdout.splitlines())


def fields(path: Path) -> dict[str, object]:
    """The post's front matter, whichever its format."""
    return parse_blog_front_matter(split_blog_file(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("name", "kind", "where"),
    [
        ("jekyll-news", "jekyll", r"_posts/\d{4}-\d{2}-\d{2}-a-fresh-start\.markdown"),
        ("hugo-toml-bundles", "hugo", r"content/blog/a-fresh-start/index\.md"),
        ("nextjs-starter-blog", "nextjs", r"_posts/a-fresh-start\.md"),
    ],
)
def test_new_creates_the_post_in_the_blogs_pattern_and_nothing_else(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, kind: str, where: str
) -> None:
    root = git_blog(name, tmp_path)
    status, out, err = run(capsys, "new", "A fresh start", "--library", root, "--profile", kind)
    assert (status, err) == (0, "")
    path = Path(out.strip())
    assert changed(root) == [path.relative_to(root).as_posix()]
    assert re.fullmatch(where, path.relative_to(root).as_posix())
    assert fields(path)["title"] == "A fresh start"


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("jekyll-news", r"_posts/\d{4}-\d{2}-\d{2}-found-by-itself\.markdown"),
        ("hugo-toml-bundles", r"content/blog/found-by-itself/index\.md"),
        ("nextjs-starter-blog", r"_posts/found-by-itself\.md"),
    ],
)
def test_new_recognises_the_blog_without_a_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, where: str
) -> None:
    root = git_blog(name, tmp_path)
    status, out, err = run(capsys, "new", "Found by itself", "--library", root)
    assert (status, err) == (0, "")
    path = Path(out.strip())
    assert changed(root) == [path.relative_to(root).as_posix()]
    assert re.fullmatch(where, path.relative_to(root).as_posix())


def test_new_never_overwrites_a_post(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = git_blog("nextjs-starter-blog", tmp_path)
    _, out, _ = run(capsys, "new", "Twice", "--library", root, "--profile", "nextjs")
    first = Path(out.strip())
    first.write_text(first.read_text(encoding="utf-8") + "My words.\n", encoding="utf-8")
    _, out, _ = run(capsys, "new", "Twice", "--library", root, "--profile", "nextjs")
    assert Path(out.strip()) == root / "_posts" / "twice-2.md"
    assert first.read_text(encoding="utf-8").endswith("My words.\n")


@pytest.mark.parametrize(
    ("name", "kind", "marking"),
    [
        ("hugo-theme-demo", "hugo", {"draft": True}),
        ("jekyll-iso-dates", "jekyll", {"published": False}),
    ],
)
def test_new_draft_is_marked_as_the_blog_marks_its_drafts(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    kind: str,
    marking: dict[str, bool],
) -> None:
    root = git_blog(name, tmp_path)
    status, out, _ = run(capsys, "new", "Not yet", "--library", root, "--profile", kind, "--draft")
    assert status == 0
    assert marking.items() <= fields(Path(out.strip())).items()


def test_new_draft_in_a_jekyll_blog_with_drafts_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = git_blog("jekyll-news", tmp_path)
    _, out, _ = run(capsys, "new", "Not yet", "--library", root, "--profile", "jekyll", "--draft")
    assert Path(out.strip()) == root / "_drafts" / "not-yet.markdown"


def test_new_in_a_folder_that_is_no_blog(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "new", "X", "--library", tmp_path, "--profile", "hugo")
    assert_one_line_error(status, err, tmp_path)
    assert "not a hugo blog" in err
    assert list(tmp_path.iterdir()) == []


def test_new_note_in_a_blog_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = git_blog("jekyll-news", tmp_path)
    status, _, err = run(capsys, "new", "X", "--library", root, "--profile", "jekyll", "--note")
    assert status == 1 and len(err.splitlines()) == 1
    assert changed(root) == []
