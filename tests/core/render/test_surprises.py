"""check's warnings where the post's blog shows something else than the writer means."""

from __future__ import annotations

import pytest

from editor.core.render.dialects import default_dialect
from editor.core.render.surprises import blog_surprises

BODY = (
    "Intro with <kbd>Ctrl</kbd>, ~~old~~ text and a note[^n].\n"  # line 10
    "\n"
    "| a | b |\n"  # 12
    "| - | - |\n"
    "| 1 | 2 |\n"
    "\n"
    "- [ ] a task\n"  # 16
    "\n"
    '<figure><img src="a.png"></figure>\n'  # 18
    "\n"
    "The loss $$\\sum_i x_i$$ here.\n"  # 20
    "\n"
    "```\n<b>code</b> | a | ~~b~~ $$x$$\n```\n"  # 22: code is never a surprise
    "\n"
    "[^n]: The note.\n"  # 26
)


def surprises(dialect: str) -> list[tuple[int, str]]:
    return [(s.line, s.message) for s in blog_surprises(BODY, 10, default_dialect(dialect))]


def test_the_nextjs_starter_names_each_gfm_feature_raw_html_and_math_with_the_fix() -> None:
    found = surprises("nextjs")
    lines = [line for line, _ in found]
    assert lines == [10, 10, 10, 12, 16, 18, 20, 26]
    messages = " ".join(message for _, message in found)
    assert "this table shows as text on this blog" in messages
    assert "remark-gfm" in messages and "rehype-raw" in messages and "remark-math" in messages
    assert "the tag <kbd> is removed" in messages


def test_hugo_names_raw_html_and_math_only() -> None:
    assert [line for line, _ in surprises("hugo")] == [10, 18, 20]
    assert all("markup.goldmark" in message for _, message in surprises("hugo"))


@pytest.mark.parametrize("dialect", ["jekyll", "html"])
def test_a_blog_that_shows_it_all_has_nothing_to_say(dialect: str) -> None:
    assert surprises(dialect) == []
