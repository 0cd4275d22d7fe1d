"""Rendering time grows about linearly with the size of a post, whatever it holds (issue 12).

Each hostile construct is rendered as ``postdesk render`` renders it (the whole body, no
preview limits) at n and 4n repetitions; four times the text must take well under sixteen
times as long. Only the ratio of the two times is asserted, never a time: the best of five
runs of each keeps a busy machine from deciding the outcome.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from editor.core.render.dialects import default_dialect
from editor.core.render.renderer import Renderer

# Linear growth is 4x, quadratic 16x: the limit is between with room for noise.
MAX_RATIO = 8.0
RUNS = 5

CONSTRUCTS: dict[str, Callable[[int], str]] = {
    # Brackets: nested, never closed, links and references after an open bracket.
    "nested-brackets": lambda n: "[" * n + "a" + "]" * n + "\n",
    "open-brackets": lambda n: "[" * n + "\n",
    "open-image-brackets": lambda n: "![" * n + "\n",
    "reference-like": lambda n: "[a]" * n + "\n",
    "full-reference-like": lambda n: "[a][" * n + "\n",
    "links-after-open-bracket": lambda n: "[a](b) [" * n + "\n",
    "references-after-open-bracket": lambda n: "[a]: /u\n\n" + "[a] [" * n + "\n",
    "image-labels": lambda n: "]][a](b)" * n + "\n",
    "angle-destinations": lambda n: "[a](<" * n + "\n",
    "open-destinations": lambda n: "[a](" * n + "\n",
    "escaped-brackets": lambda n: "\\[" * n + "\n",
    # Footnotes and attribute lists.
    "footnote-reference-starts": lambda n: "[^" * n + "\n",
    "footnote-definition-starts": lambda n: "a\n" + "[^\n" * n,
    "heading-of-attribute-starts": lambda n: "# a {" * n + "\n",
    "headings-with-attribute-starts": lambda n: "# a {\n" * n,
    # Autolinks and HTML tags, which brackets and backticks skip.
    "tags-and-brackets": lambda n: "<a>[" * n + "\n",
    "autolinks-and-brackets": lambda n: "<http://a> [" * n + "\n",
    "tags-and-backticks": lambda n: "<a>`" * n + "\n",
    "code-spans-tags-brackets": lambda n: "`a` <b> [" * n + "\n",
    "open-angle-brackets": lambda n: "<" * n + "\n",
    "open-processing-instructions": lambda n: "a <?" * n + "\n",
    "open-declarations": lambda n: "a <!A " * n + "\n",
    "open-cdata": lambda n: "a <![CDATA[" * n + "\n",
    "open-inline-comments": lambda n: "a <!--" * n + "\n",
    # Code spans and emphasis.
    "unbalanced-backticks": lambda n: "`a" * n + "\n",
    "backtick-strings-of-every-length": lambda n: (
        "".join("`" * k + "a" for k in range(1, int((8 * n) ** 0.5))) + "\n"
    ),
    "star-openers": lambda n: "*a" * n + "\n",
    "underscore-openers": lambda n: "_a" * n + "\n",
    # Entities, quotes, lists and the rest.
    "numeric-entity-starts": lambda n: "&#" * n + "\n",
    "nested-quotes": lambda n: ">" * n + " a\n",
    "list-markers": lambda n: "- " * n + "a\n",
    "parentheses-in-destination": lambda n: "[a](" + "(" * n + "\n",
    "dollars": lambda n: "$" * n + "\n",
    "fence-lines": lambda n: "```\n" * n,
    "links-swallowing-a-closing-bracket": lambda n: "[a](b]) [" * n + "\n",
    "links-swallowing-an-opening-bracket": lambda n: "[a](<[>) x] " * n + "\n",
    "unclosed-comments": lambda n: "<!--\n" * n,
    "braces": lambda n: "{" * n + "\n",
}


# What only some blogs read: template tags, math, smart typography.
DIALECT_CONSTRUCTS: dict[str, Callable[[int], str]] = {
    "liquid-tag-starts": lambda n: "{% " * n + "\n",
    "liquid-output-starts": lambda n: "{{ " * n + "\n",
    "liquid-raw-starts": lambda n: "{% raw %} " * n + "\n",
    "liquid-highlight-starts": lambda n: "{% highlight x %}\n" * n,
    "shortcode-starts": lambda n: "{{< a " * n + "\n",
    "shortcode-highlight-starts": lambda n: "{{< highlight go >}}\n" * n,
    "math-starts": lambda n: "$$a " * n + "\n",
    "inline-math-starts": lambda n: "$a " * n + "\n",
    "quotes-and-dashes": lambda n: "\"a -- 'b ..." * n + "\n",
    # The preview's notes of what the blog shows otherwise read code spans and tags too.
    "backtick-strings-of-every-length": CONSTRUCTS["backtick-strings-of-every-length"],
    "tags-and-tables": lambda n: "| <b>a</b> ~~b~~ [^c] $$d$$ |\n" * n,
}


def _render_time(text: str, dialect: str = "html") -> float:
    # What `postdesk render` and the export use.
    renderer = Renderer(whole=True, dialect=default_dialect(dialect))
    start = time.process_time()  # CPU time: other processes on the machine do not count
    renderer.render_body(text)
    return time.process_time() - start


def _assert_linear(name: str, build: Callable[[int], str], dialect: str = "html") -> None:
    _render_time(build(50), dialect)  # patterns compiled, caches warm
    n = 1000
    small_text, large_text = build(n), build(4 * n)
    # Runs alternate, so that a busy spell of the machine slows both sizes alike.
    small, large = float("inf"), float("inf")
    for _ in range(RUNS):
        small = min(small, _render_time(small_text, dialect))
        large = min(large, _render_time(large_text, dialect))
    ratio = large / small
    assert ratio < MAX_RATIO, f"{name} ({dialect}): 4x the text took {ratio:.1f}x as long"


@pytest.mark.parametrize("name", list(CONSTRUCTS))
def test_rendering_time_grows_linearly(name: str) -> None:
    _assert_linear(name, CONSTRUCTS[name])


@pytest.mark.parametrize("dialect", ["nextjs", "jekyll", "hugo"])
@pytest.mark.parametrize("name", list(DIALECT_CONSTRUCTS))
def test_rendering_time_grows_linearly_in_the_blogs_dialects(name: str, dialect: str) -> None:
    _assert_linear(name, DIALECT_CONSTRUCTS[name], dialect)
