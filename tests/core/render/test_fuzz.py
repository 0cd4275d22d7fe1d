"""Fuzzing the front matter parser and the renderer: only a PostdeskError ever escapes.

Hypothesis builds documents out of the characters and tokens that matter to YAML and to
Markdown, and runs them through reading (``Post.from_text`` and every typed field, the
library's fast reader) and rendering (``render_body``, ``render_page``). A generous
Hypothesis deadline turns a catastrophic slow-down (a hang) into a failure.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.document.frontmatter import parse_front_matter, split_document
from editor.core.document.post import Post
from editor.core.errors import FrontMatterError, PostdeskError
from editor.core.library.fastyaml import parse_simple
from editor.core.render.docrender import render_page
from editor.core.render.renderer import render_body

_YAML_TOKENS = [
    "title",
    "date",
    "slug",
    "excerpt",
    "tags",
    "cover",
    "image",
    "alt",
    "author",
    "name",
    "draft",
    ":",
    ": ",
    "- ",
    "\n",
    "\n  ",
    "\n    ",
    "\t",
    " ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "<<: ",
    "!!str ",
    "!!binary ",
    "!!python/object ",
    "'",
    '"',
    "\\",
    "|",
    ">",
    "#",
    "? ",
    "%YAML 1.1\n",
    "---",
    "...",
    "2025-03-04",
    "2025-03-04T09:30:00+01:00",
    "99999-99-99",
    "true",
    "yes",
    "null",
    "~",
    "1e9999",
    ".nan",
    "0x1F",
    "é",
    "\u2028",
    "\ufeff",
    "\x00",
    "\r",
    "\r\n",
    "../../etc/passwd",
]

_MARKDOWN_TOKENS = [
    "*",
    "**",
    "_",
    "`",
    "```",
    "~~~",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "<",
    ">",
    "> ",
    "#",
    "# ",
    "- ",
    "+ ",
    "1. ",
    "1) ",
    "    ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "|",
    "| --- |",
    ":-:",
    "---",
    "===",
    "\\",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "[^1]",
    "[^1]: ",
    "[a]: ",
    "http://x.y",
    "www.x.y",
    "<div>",
    "</div>",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<!--",
    "-->",
    "<?",
    "<![CDATA[",
    "$$",
    "{: #id }",
    "- [ ] ",
    "- [x] ",
    "word",
    "é",
    "\u0000",
    "\ufffd",
]


def _joined(tokens: list[str], max_size: int) -> st.SearchStrategy[str]:
    mixed = st.one_of(st.sampled_from(tokens), st.text(max_size=3))
    return st.lists(mixed, max_size=max_size).map("".join)


yaml_text = _joined(_YAML_TOKENS, 60)
markdown_text = _joined(_MARKDOWN_TOKENS, 120)


def _read_every_field(post: Post) -> list[Any]:
    return [
        post.title,
        post.date,
        post.slug,
        post.excerpt,
        post.tags,
        post.cover,
        post.author,
        post.draft,
        post.kind,
        post.metadata,
        post.body,
        post.body_line,
    ]


@settings(max_examples=300, deadline=timedelta(seconds=5))
@given(front_matter=yaml_text, body=st.text(max_size=40))
def test_front_matter_never_raises_anything_but_postdesk_error(
    front_matter: str, body: str
) -> None:
    text = f"---\n{front_matter}\n---\n{body}"
    try:
        post = Post.from_text(text)
    except PostdeskError:
        return
    _read_every_field(post)
    assert post.to_text() == text


@settings(max_examples=300, deadline=timedelta(seconds=5))
@given(text=st.text(max_size=200))
def test_any_text_reads_back_unchanged(text: str) -> None:
    try:
        post = Post.from_text(text)
    except PostdeskError:
        return
    _read_every_field(post)
    assert post.to_text() == text
    document = split_document(text)
    assert document.text() == text


@settings(max_examples=300, deadline=timedelta(seconds=5))
@given(front_matter=yaml_text)
def test_the_fast_reader_agrees_or_gives_up(front_matter: str) -> None:
    fast = parse_simple(front_matter)
    if fast is None:
        return
    assert fast == parse_front_matter(front_matter)


@settings(
    max_examples=150,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(body=markdown_text)
def test_render_body_never_raises_anything_but_postdesk_error(body: str) -> None:
    try:
        rendered = render_body(body)
    except PostdeskError:
        return
    assert isinstance(rendered.html, str)


@settings(
    max_examples=60,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(front_matter=yaml_text, body=markdown_text)
def test_render_page_never_raises_anything_but_postdesk_error(front_matter: str, body: str) -> None:
    try:
        post = Post.from_text(f"---\n{front_matter}\n---\n{body}")
        page = render_page(post)
    except PostdeskError:
        return
    # Raw HTML passes through (as on the blog); the page's policy is what stops scripts.
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None
    assert "script-src" not in policy.group(1)


@settings(max_examples=300, deadline=timedelta(seconds=5))
@given(front_matter=yaml_text, title=st.text(max_size=20))
def test_editing_a_field_never_raises_anything_but_postdesk_error(
    front_matter: str, title: str
) -> None:
    try:
        post = Post.from_text(f"---\n{front_matter}\n---\nBody\n")
    except PostdeskError:
        return
    post.title = title
    assert post.title == title
    assert Post.from_text(post.to_text()).title == title


# --- hostile YAML the fuzzer is unlikely to build --------------------------------------------

_RECURSIVE = "---\ntitle: Loop\nloop: &loop [1, *loop]\n---\nBody\n"
_BOMB = "\n".join(
    ["---", "title: Laughs", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    + ["---", "Body", ""]
)


@pytest.mark.parametrize(("text", "line"), [(_RECURSIVE, 3), (_BOMB, 7)])
def test_alias_tricks_are_refused_with_a_line(text: str, line: int) -> None:
    with pytest.raises(FrontMatterError, match="recursive or oversized YAML aliases") as error:
        Post.from_text(text, Path("post.md"))
    assert error.value.line == line
    assert str(error.value) == (
        f"post.md:{line}: front matter uses recursive or oversized YAML aliases"
    )


def test_editing_a_post_with_a_recursive_alias() -> None:
    # Refused when read, so no edit (nor export) ever walks the endless value.
    with pytest.raises(FrontMatterError):
        Post.from_text(_RECURSIVE)
    post = Post.from_text("---\ntitle: Loop\n---\nBody\n")
    post.set_field("loop", [1, 2])
    post.title = "Changed"
    assert Post.from_text(post.to_text()).title == "Changed"


def test_editing_a_post_beside_an_alias_bomb() -> None:
    # In a child process: were the bomb expanded, the comparison would run in C, where no
    # timeout can interrupt it.
    code = (
        "import sys\nfrom editor.core.errors import FrontMatterError, PostdeskError\n"
        "from editor.core.document.post import Post\n"
        "try:\n    post = Post.from_text(sys.stdin.read())\n"
        "except PostdeskError as error:\n    print(error)\n"
        "else:\n    post.title = 'Changed'\n    print(post.title)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], input=_BOMB, capture_output=True, text=True, timeout=5
    )
    assert result.stdout == "front matter uses recursive or oversized YAML aliases\n"
