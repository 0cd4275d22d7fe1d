"""Fixtures: a small library built fresh for each test, and a copy of the sample library."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.core.export.builders import SAMPLE_POSTS, make_library


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
