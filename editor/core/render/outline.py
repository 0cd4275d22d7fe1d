"""Reading a Markdown body as text, without rendering it: its prose lines, its first heading."""

from __future__ import annotations

import re

_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def prose_lines(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    """The body's lines outside fenced code blocks, numbered from ``first_line``."""
    lines = []
    fence = ""
    for number, line in enumerate(body.splitlines(), start=first_line):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        lines.append((number, line))
    return lines


def first_heading(body: str) -> str:
    """The text of the first heading (ATX or setext) outside code blocks, or ``""``."""
    previous = ""
    previous_number = 0
    for number, line in prose_lines(body):
        if number != previous_number + 1:
            previous = ""  # a code block came between: no setext heading across it
        previous_number = number
        heading = _ATX_HEADING.match(line)
        if heading and heading.group(1).strip():
            return heading.group(1).strip()
        if previous.strip() and _SETEXT_UNDERLINE.match(line) and not line.strip().startswith("-"):
            return previous.strip()
        previous = line
    return ""
