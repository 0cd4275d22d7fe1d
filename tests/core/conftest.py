"""Fixtures shared by the core tests: the shared test post, a small library built fresh for
each test, and a copy of the sample library."""

import shutil
from pathlib import Path

import pytest

from editor.core.document.post import Post
from tests.core.export.builders import SAMPLE_POSTS, make_library
from tests.core.posts import POST


@pytest.fixture
def post() -> Post:
    """The shared test post, as if saved as a bundle in a library."""
    return Post.from_text(POST, Path("/library/shipping/index.md"))


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Two posts (one with an inline image in a subfolder), a draft, a note and an author."""
    return make_library(tmp_path / "library")


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """A copy of sample_posts/ (a test may change it)."""
    if not (SAMPLE_POSTS / ".postdesk.yaml").exists():
        pytest.skip("sample_posts/ is not there yet")
    return Path(shutil.copytree(SAMPLE_POSTS, tmp_path / "samples"))
