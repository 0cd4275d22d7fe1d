"""Slugs made from titles are always safe; unsafe slugs are named as such."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.core.document.slugs import slug_problem, slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Shipping ML: Part 2!", "shipping-ml-part-2"),
        ("Café déjà vu", "cafe-deja-vu"),
        ("  --Hello   World--  ", "hello-world"),
        ("Straße", "strasse"),
        ("Æther", "aether"),
        ("Øresund Łódź", "oresund-lodz"),
        ("Привет мир", "privet-mir"),
        ("Γειά σου Κόσμε", "geia-sou-kosme"),
        ("日本語", "ri-ben-yu"),
        ("机器学习", "ji-qi-xue-xi"),
        ("東京タワー", "dong-jing-tawa"),
        ("한국어", "hangugeo"),
        ("🚀", "post"),
        ("🚀 Launch day 🎉", "launch-day"),
        ("Con", "con-post"),
        ("LPT1", "lpt1-post"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


# Every code point, surrogates and unassigned ones included: a title can hold anything.
ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF)


@given(st.text(ANY_CHARACTER))
def test_slugify_is_always_safe(title):
    assert slug_problem(slugify(title)) is None


@given(st.text(ANY_CHARACTER, min_size=200, max_size=400))
def test_a_long_titles_slug_is_safe_too(title):
    assert slug_problem(slugify(title)) is None


@given(st.text(ANY_CHARACTER))
def test_a_slug_is_its_own_slug(title):
    slug = slugify(title)
    assert slugify(slug) == slug


@given(
    st.lists(
        st.sampled_from(["Привет", "мир", "Straße", "Æther", "日本", "Κόσμε"]),
        min_size=1,
        max_size=6,
    )
)
def test_titles_in_other_scripts_keep_their_words(words):
    # Before, every one of these became "post": now each word shows in the slug.
    assert slugify(" ".join(words)).count("-") >= len(words) - 1
    assert slugify(" ".join(words)) != "post"


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
