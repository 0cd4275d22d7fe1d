"""A new post made in a blog's own pattern builds with the blog's real engine, no hand edit:
the page is in the built site, and a draft is left out of it unless drafts are asked for."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from editor.core.blog.conventions import learn_conventions, new_post_file

BLOGS = Path(__file__).resolve().parents[2] / "data" / "blogs"
HUGO = shutil.which("hugo")
JEKYLL = shutil.which("jekyll")
# In the past, so that neither engine leaves the post out as one from the future.
WHEN = dt.datetime(2025, 6, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
TITLE = "Notes on a new workbench"
SLUG = "notes-on-a-new-workbench"


def new_post(name: str, kind: str, tmp_path: Path, *, draft: bool) -> Path:
    """A copy of the fixture blog ``name`` with a new post written in it; the copy's root."""
    root = Path(shutil.copytree(BLOGS / name, tmp_path / name))
    path, text = new_post_file(learn_conventions(root, kind), TITLE, WHEN, draft=draft)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\nWritten on the new bench.\n", encoding="utf-8")
    return root


def built_pages(site: Path) -> list[Path]:
    """The built pages of the new post: HTML files under a folder named by its slug."""
    return [page for page in site.rglob("*.html") if SLUG in page.as_posix()]


def build(command: list[str], cwd: Path) -> None:
    """Run the engine; its own messages are the failure's explanation."""
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr + done.stdout


@pytest.mark.skipif(HUGO is None, reason="hugo is not installed")
@pytest.mark.parametrize("name", ["hugo-theme-demo", "hugo-toml-bundles"])
@pytest.mark.parametrize("draft", [False, True])
def test_hugo_builds_the_new_post(name: str, draft: bool, tmp_path: Path) -> None:
    assert HUGO is not None
    root = new_post(name, "hugo", tmp_path, draft=draft)
    build([HUGO, "--quiet"], root)
    pages = built_pages(root / "public")
    if draft:
        assert pages == []
        build([HUGO, "--quiet", "--buildDrafts", "--destination", "with-drafts"], root)
        pages = built_pages(root / "with-drafts")
    assert pages
    assert TITLE in pages[0].read_text(encoding="utf-8")


@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not installed")
@pytest.mark.parametrize("name", ["jekyll-news", "jekyll-theme-demo", "jekyll-iso-dates"])
@pytest.mark.parametrize("draft", [False, True])
def test_jekyll_builds_the_new_post(name: str, draft: bool, tmp_path: Path) -> None:
    assert JEKYLL is not None
    root = new_post(name, "jekyll", tmp_path, draft=draft)
    build([JEKYLL, "build", "--quiet", "--destination", "_site"], root)
    pages = built_pages(root / "_site")
    if draft:
        assert pages == []
        # ``_drafts/`` needs --drafts, ``published: false`` needs --unpublished.
        both = ["--drafts", "--unpublished", "--destination", "_with_drafts"]
        build([JEKYLL, "build", "--quiet", *both], root)
        pages = built_pages(root / "_with_drafts")
    assert pages
    page = pages[0].read_text(encoding="utf-8")
    assert "Written on the new bench." in page
    if not draft:
        # The layout shows the title. (A draft in ``_drafts/`` gets none in jekyll-news, as
        # that blog's own draft: its ``defaults`` give a layout to ``_posts/`` only.)
        assert TITLE in page
