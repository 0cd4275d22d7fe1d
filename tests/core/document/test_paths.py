"""Path safety: nothing a post names may lead outside its folder."""

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.core.document.paths import is_remote, is_url, is_web_url, resolve_inside
from editor.core.errors import UnsafePathError


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


@pytest.mark.parametrize(
    "reference", ["file:///etc/passwd", "FILE:///etc/passwd", "file:/etc/passwd", "file://host/x"]
)
def test_file_urls_are_local_and_refused_as_such(tmp_path, reference):
    assert not is_remote(reference)
    assert is_url(reference)
    with pytest.raises(UnsafePathError, match=r"index\.md: not a local path: "):
        resolve_inside(tmp_path, reference, source=tmp_path / "index.md")


@pytest.mark.parametrize("reference", ["C:\\secret.png", "c:/secret.png"])
def test_a_windows_drive_is_an_absolute_path_not_a_url(tmp_path, reference):
    assert not is_remote(reference)
    assert not is_url(reference)
    with pytest.raises(UnsafePathError, match="absolute path not allowed"):
        resolve_inside(tmp_path, reference)


@pytest.mark.parametrize(
    ("reference", "web"),
    [
        ("https://unsplash.com/@jane", True),
        ("HTTP://example.com", True),
        ("  https://example.com  ", True),
        ("javascript:alert(1)", False),
        ("https:alert(1)", False),
        ("https:// x", False),
        ("file:///etc/passwd", False),
        ("//cdn.example/x", False),
        ("/about", False),
        ("", False),
    ],
)
def test_web_urls_are_http_and_https_only(reference, web):
    assert is_web_url(reference) is web


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


def test_a_symlinked_root_and_symlinks_staying_inside_are_accepted(tmp_path):
    real = tmp_path / "real-library"
    (real / "post" / "img").mkdir(parents=True)
    (real / "post" / "img" / "cover.jpg").write_bytes(b"x")
    os.symlink(real, tmp_path / "library")
    os.symlink(real / "post" / "img", real / "post" / "pictures")
    root = tmp_path / "library"
    assert resolve_inside(root, "post/img/cover.jpg") == root / "post" / "img" / "cover.jpg"
    assert resolve_inside(root, "post/pictures/cover.jpg") == root / "post/pictures/cover.jpg"
    assert resolve_inside(root, "post/missing/x.png") == root / "post" / "missing" / "x.png"


def test_refuses_a_symlink_out_below_a_missing_looking_name(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "library"
    root.mkdir()
    os.symlink(outside / "not-yet", root / "dangling")
    with pytest.raises(UnsafePathError, match="symlink"):
        resolve_inside(root, "dangling/secret.png")
