"""Code highlighting: classed Pygments spans, cached, and token colours for both themes."""

from __future__ import annotations

import pytest

from editor.core.render.highlight import check_theme, highlight_code, pygments_css


def test_known_languages_get_pygments_classes_and_escaped_text() -> None:
    colored = highlight_code("x = 1 < 2", "python")
    assert colored is not None
    assert '<span class="n">x</span>' in colored
    assert '<span class="o">&lt;</span>' in colored


def test_runs_of_one_token_class_are_merged_and_text_escaped() -> None:
    assert highlight_code("a  <b>", "text") == "a  &lt;b&gt;"
    assert highlight_code("x", "nosuchlang") is None


def test_highlighting_is_cached_by_language_and_code() -> None:
    highlight_code.cache_clear()
    highlight_code("print(1)", "python")
    highlight_code("print(1)", "python")
    assert highlight_code.cache_info().hits == 1


def test_token_colours_are_scoped_to_each_theme() -> None:
    light, dark = pygments_css("light"), pygments_css("dark")
    assert ':root[data-theme="dark"] .highlight .k' in dark
    # Light also applies to a page without data-theme.
    assert ':root:not([data-theme="dark"]) .highlight .k' in light
    assert "--code-bg:" in light and "--code-bg:" in dark


def test_unknown_theme_is_refused() -> None:
    with pytest.raises(ValueError, match="sepia"):
        check_theme("sepia")
