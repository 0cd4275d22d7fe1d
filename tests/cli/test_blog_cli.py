"""Issue 19: ``check`` and ``tags`` take a blog repository and work on it in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.core.blog.blogs import BLOGS, Blog, git, make_repository

EVERY_BLOG = [pytest.param(blog, id=blog.name) for blog in BLOGS]


@pytest.mark.parametrize("blog", EVERY_BLOG)
def test_check_says_which_blog_it_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, blog: Blog
) -> None:
    repository = make_repository(blog, tmp_path / blog.name)
    status, out, err = run(capsys, "check", repository)
    assert (status, err) == (0, "")
    first, *_rest, summary = out.splitlines()
    assert first.startswith(f"checking a {blog.profile} blog in place")
    assert summary.startswith("0 errors")
    assert git(repository, "status", "--porcelain", "--untracked-files=all") == ""


def test_check_names_a_missing_site_root_image(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    repository = make_repository(BLOGS[3], tmp_path / "blog")  # the Next.js starter
    post = repository / "_posts" / "hello-world.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text + "\n![Gone](/assets/blog/hello-world/gone.png)\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    status, out, _ = run(capsys, "check", repository)
    assert status == 1
    assert f"{post}:{line}: error: image not found: '/assets/blog/hello-world/gone.png'" in out


def test_check_profile_names_the_kind_of_blog(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    repository = make_repository(BLOGS[0], tmp_path / "blog")  # a Jekyll blog
    (repository / "package.json").write_text('{"dependencies": {"next": "14.2.0"}}\n')
    status, out, _ = run(capsys, "check", repository)
    assert out.startswith("checking a jekyll blog in place: Markdown as kramdown")
    assert status == 0
    status, out, _ = run(capsys, "check", repository, "--profile", "nextjs")
    assert out.startswith("checking a nextjs blog in place: Markdown as remark")
    # A Next.js blog serves /img/... from public/, where this blog has no images.
    assert "error: image not found: '/img/news/lead-portrait.jpg'" in out
    assert status == 1


def test_check_profile_keeps_a_library_a_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A library holding a _posts/ folder of notes is no blog: checked as the export reads it.
    library = tmp_path / "library"
    (library / "_posts").mkdir(parents=True)
    (library / "_posts" / "ideas.md").write_text("Some ideas.\n", encoding="utf-8")
    status, out, _ = run(capsys, "check", library, "--profile", "jekyll")
    assert "in place" not in out
    assert status == 0


@pytest.mark.parametrize("blog", EVERY_BLOG)
def test_tags_rename_in_a_blog_changes_only_its_tag_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, blog: Blog
) -> None:
    repository = make_repository(blog, tmp_path / blog.name)
    status, out, _ = run(capsys, "tags", repository)
    assert status == 0 and blog.tag in out
    status, out, _ = run(capsys, "tags", repository, "--rename", blog.tag, blog.renamed_tag)
    assert status == 0
    assert out.splitlines()[-1].endswith(f"in {len(blog.tagged)} files")
    changed = git(repository, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert sorted(line[3:] for line in changed) == sorted(blog.tagged)
    for numstat in git(repository, "diff", "--numstat").splitlines():
        added, removed, _name = numstat.split("\t")
        assert added == removed  # each tag line replaced by one
    status, out, _ = run(capsys, "tags", repository)
    assert blog.renamed_tag in out
