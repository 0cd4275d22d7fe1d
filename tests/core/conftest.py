"""Fixtures shared by the core tests."""

from pathlib import Path

import pytest

from editor.core.post import Post
from tests.core.posts import POST


@pytest.fixture
def post() -> Post:
    """The shared test post, as if saved as a bundle in a library."""
    return Post.from_text(POST, Path("/library/shipping/index.md"))
