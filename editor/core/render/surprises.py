"""Where a post's blog will show something else than the writer probably means.

A table on a blog without GFM is a paragraph of pipes, raw HTML on a blog that removes it is
gone, a formula on a blog without math is Markdown with its underscores read as emphasis.
Each is found per block, with the file line it starts on, and named with the fix (the
package to add, the setting to change) the blog's dialect knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from editor.core.render.blocks import SourceBlock, split_blocks
from editor.core.render.dialects import NO_MATH, Dialect
from editor.core.render.mdext.rawhtml import INLINE_HTML

_BACKTICKS = re.compile(r"`+")
# Every construct looked for needs one of these characters, or is a block of these kinds.
_MAYBE_SURPRISING = re.compile(r"[~\[$<]")
_MAYBE_KINDS = frozenset({"table", "html", "footnote"})
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
    feature: str  # "gfm", "raw_html" or "math": what the blog lacks


def shows_everything(dialect: Dialect) -> bool:
    """True when there is nothing to say of the blog: it shows every construct the checks
    look for, or has no fix for those it lacks (the html site is Postdesk's own)."""
    lacks = {
        "gfm": not (dialect.gfm and dialect.footnotes),
        "raw_html": not dialect.raw_html,
        "math": dialect.math == NO_MATH,
    }
    return not any(lacking and dialect.fix_for(feature) for feature, lacking in lacks.items())


def _without_code_spans(text: str) -> str:
    """``text`` with its code spans blanked out, in one pass (a span closes at the next run
    of as many backticks)."""
    runs = [(run.start(), run.end()) for run in _BACKTICKS.finditer(text)]
    if len(runs) < 2:
        return text
    # For each run, the index of the next run of the same length.
    following: list[int | None] = [None] * len(runs)
    last_of_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last_of_length.get(length)
        last_of_length[length] = index
    parts = []
    position = 0
    index = 0
    while index < len(runs):
        closing = following[index]
        if closing is None:
            index += 1
            continue
        start, end = runs[index][0], runs[closing][1]
        parts += [text[position:start], " " * (end - start)]
        position = end
        index = closing + 1
    parts.append(text[position:])
    return "".join(parts)


def blog_surprises(body: str, first_line: int, dialect: Dialect) -> list[Surprise]:
    """The places in ``body`` (starting on file line ``first_line``) that ``dialect``'s blog
    shows otherwise than a CommonMark + GFM preview would: one per kind and block."""
    if shows_everything(dialect):
        return []
    found: list[Surprise] = []
    for block in split_blocks(body, first_line):
        found += block_surprises(block, dialect)
    return found


def block_surprises(block: SourceBlock, dialect: Dialect) -> list[Surprise]:
    """What ``dialect``'s blog shows otherwise in one top-level block."""
    found: list[Surprise] = []

    def say(block_line: int, text: str, at: int, what: str, feature: str) -> None:
        fix = dialect.fix_for(feature)
        if fix:  # (the html site is Postdesk's own, as cmark-gfm renders it: nothing to fix)
            line = block_line + text.count("\n", 0, at)
            found.append(Surprise(line, f"{what} on this blog: {fix}", feature))

    if block.kind in _VERBATIM_KINDS:
        return found
    text = block.text
    if block.kind == "html" and not dialect.raw_html:
        say(block.line, text, 0, "this raw HTML is not shown", "raw_html")
        return found
    if block.kind not in _MAYBE_KINDS and not _MAYBE_SURPRISING.search(text):
        return found  # plain prose: no pipe, tilde, bracket, dollar or angle bracket
    prose = _without_code_spans(text)
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
            removed = f"the tag {tag.group(0)[:30]} is removed"
            say(block.line, text, tag.start(), removed, "raw_html")
    return found
