"""Smart quotes, dashes and ellipses where the blog prints them, never inside code."""

from __future__ import annotations

import pytest

from editor.core.render.mdext.typography import curl


@pytest.mark.parametrize(
    ("text", "before", "typeset"),
    [
        ('He said "yes".', "", "He said \u201cyes\u201d."),
        ("it's the writer's", "", "it\u2019s the writer\u2019s"),
        ("'single' quotes", "", "\u2018single\u2019 quotes"),
        ("a -- b --- c...", "", "a \u2013 b \u2014 c\u2026"),
        ('" closes after a word', "d", "\u201d closes after a word"),
        ('("paren")', "", "(\u201cparen\u201d)"),
    ],
)
def test_quotes_curl_by_what_is_around_them(text: str, before: str, typeset: str) -> None:
    assert curl(text, before) == typeset
