"""Output paths never lead outside the target, whatever a post or profile hands in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.errors import UnsafePathError
from editor.core.export.assets import find_images, rewrite_images
from editor.core.export.targets import output_path

PARTS = st.sampled_from(["..", ".", "", "a", "b", "/", "\\", ".postdesk", "c.md", "~", "%2e%2e"])


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("targets")
    (root / "outside").mkdir()
    (root / "site" / "a").mkdir(parents=True)
    (root / "site" / "b").symlink_to(root / "outside", target_is_directory=True)
    return root / "site"


@settings(max_examples=150, deadline=None)
@given(st.lists(PARTS, min_size=1, max_size=6).map("/".join))
def test_output_paths_stay_inside_the_target(target: Path, relative: str) -> None:
    try:
        path = output_path(target, relative, None)
    except UnsafePathError:
        return
    real_target = os.path.realpath(target)
    assert os.path.realpath(path.parent).startswith(real_target + os.sep) or (
        os.path.realpath(path.parent) == real_target
    )
    assert not relative.startswith(".postdesk")


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="![]()<>`\n x.png\"'-:", max_size=80))
def test_rewriting_with_the_same_links_changes_nothing(body: str) -> None:
    def same(ref: object) -> str | None:
        return None

    assert rewrite_images(body, same) == body
    for ref in find_images(body):
        assert body[ref.start : ref.end].strip("<>") == ref.reference
