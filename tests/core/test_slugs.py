"""Slugs made from titles are always safe; unsafe slugs are named as such."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.core.slugs import slug_problem, slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Shipping ML: Part 2!", "shipping-ml-part-2"),
        ("Café déjà vu", "cafe-deja-vu"),
        ("  --Hello   World--  ", "hello-world"),
        ("机器学习", "post"),
        ("🚀", "post"),
        ("Con", "con-post"),
        ("LPT1", "lpt1-post"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


@given(st.text())
def test_slugify_is_always_safe(title):
    assert slug_problem(slugify(title)) is None


@pytest.mark.parametrize(
    "slug", ["../../etc", "a/b", "Upper", "with space", "a--b", "", "-a", "x" * 81]
)
def test_unsafe_slugs_are_named(slug):
    assert slug_problem(slug)


@pytest.mark.parametrize("slug", ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"])
def test_windows_device_names_are_refused(slug):
    assert slug_problem(slug) == f"unsafe slug {slug!r}: a reserved file name on Windows"


@pytest.mark.parametrize("slug", ["console", "com10", "lpt0", "auxiliary", "con-post", "nul-1"])
def test_names_that_only_start_like_a_device_are_fine(slug):
    assert slug_problem(slug) is None
