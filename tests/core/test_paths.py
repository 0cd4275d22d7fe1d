"""Path safety: nothing a post names may lead outside its folder."""

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.core.errors import UnsafePathError
from editor.core.paths import is_remote, resolve_inside


@pytest.mark.parametrize(
    "reference",
    ["../secret.png", "a/../../b.png", "/etc/passwd", "C:\\Windows\\x.png", "..\\up.png", ""],
)
def test_refuses_paths_leading_out(tmp_path, reference):
    with pytest.raises(UnsafePathError):
        resolve_inside(tmp_path, reference, source=tmp_path / "index.md")


def test_error_names_the_post(tmp_path):
    with pytest.raises(UnsafePathError, match=r"index\.md: path leads outside"):
        resolve_inside(tmp_path, "../x.png", source=tmp_path / "index.md")


def test_refuses_symlink_out(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"x")
    post = tmp_path / "post"
    post.mkdir()
    os.symlink(outside, post / "link")
    with pytest.raises(UnsafePathError, match="symlink"):
        resolve_inside(post, "link/secret.png")


def test_accepts_nested_relative_path_and_drops_fragment(tmp_path):
    assert resolve_inside(tmp_path, "img/cover.jpg?v=2#top") == tmp_path / "img" / "cover.jpg"


@pytest.mark.parametrize(
    "reference", ["https://x.org/a.png", "data:image/png;base64,AA", "//cdn/x"]
)
def test_remote_references(reference):
    assert is_remote(reference)


@given(st.text())
def test_never_escapes_root(tmp_path_factory, reference):
    root = tmp_path_factory.getbasetemp() / "library"
    root.mkdir(exist_ok=True)
    try:
        resolved = resolve_inside(root, reference)
    except UnsafePathError:
        return
    real_root = os.path.realpath(root)
    assert os.path.realpath(resolved).startswith(real_root)
