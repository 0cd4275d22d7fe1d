"""Where a post's blog will show something else than the writer probably means.

A table on a blog without GFM is a paragraph of pipes, raw HTML on a blog that removes it is
gone, a formula on a blog without math is Markdown with its underscores read as emphasis.
Each is found per block, with the file line it starts on, and named with the fix (the
package to add, the setting to change) the blog's dialect knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from editor.core.blocks import split_blocks
from editor.core.dialects import NO_MATH, Dialect
from editor.core.mdext.rawhtml import INLINE_HTML

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_TASK_ITEM = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+\[[ xX]\](?:[ \t]|$)", re.MULTILINE)
_STRIKETHROUGH = re.compile(r"(?<!~)~~(?!~)\S(?:.*?\S)?~~", re.DOTALL)
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\[\]\s]+\]")
_DISPLAY_MATH = re.compile(r"(?<![\\$])\$\$.+?\$\$", re.DOTALL)
_INLINE_HTML = re.compile(INLINE_HTML, re.DOTALL)
# Blocks whose text is code or the writer's own template code: nothing in them is Markdown.
_VERBATIM_KINDS = frozenset({"fence", "code"})


@dataclass(frozen=True)
class Surprise:
    """One place the blog shows differently, and why (with the fix)."""

    line: int
    message: str


def blog_surprises(body: str, first_line: int, dialect: Dialect) -> list[Surprise]:
    """The places in ``body`` (starting on file line ``first_line``) that ``dialect``'s blog
    shows otherwise than a CommonMark + GFM preview would: one per kind and block."""
    found: list[Surprise] = []

    def say(block_line: int, text: str, at: int, what: str, feature: str) -> None:
        fix = dialect.fix_for(feature)
        if fix:  # (the html site is Postdesk's own, as cmark-gfm renders it: nothing to fix)
            line = block_line + text.count("\n", 0, at)
            found.append(Surprise(line, f"{what} on this blog: {fix}"))

    for block in split_blocks(body, first_line):
        if block.kind in _VERBATIM_KINDS:
            continue
        text = block.text
        if block.kind == "html" and not dialect.raw_html:
            say(block.line, text, 0, "this raw HTML is not shown", "raw_html")
            continue
        prose = _CODE_SPAN.sub(lambda span: " " * len(span.group(0)), text)
        if not dialect.gfm:
            if block.kind == "table":
                say(block.line, text, 0, "this table shows as text", "gfm")
            task = _TASK_ITEM.search(prose)
            if task is not None:
                say(block.line, text, task.start(), "this task list shows as text", "gfm")
            struck = _STRIKETHROUGH.search(prose)
            if struck is not None:
                say(block.line, text, struck.start(), "~~strikethrough~~ shows as text", "gfm")
        if not dialect.footnotes:
            note = _FOOTNOTE_REFERENCE.search(prose)
            if block.kind == "footnote" or note is not None:
                at = 0 if note is None or block.kind == "footnote" else note.start()
                say(block.line, text, at, "this footnote shows as text", "gfm")
        if dialect.math == NO_MATH:
            formula = _DISPLAY_MATH.search(prose)
            if formula is not None:
                say(block.line, text, formula.start(), "this formula shows as Markdown", "math")
        if not dialect.raw_html:
            tag = _INLINE_HTML.search(prose)
            if tag is not None:
                say(
                    block.line,
                    text,
                    tag.start(),
                    f"the tag {tag.group(0)[:30]} is removed",
                    "raw_html",
                )
    return found
