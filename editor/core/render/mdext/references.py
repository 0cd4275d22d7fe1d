"""Link reference definitions, labels, destinations and titles as CommonMark reads them."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote

ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

_ESCAPE_OR_ENTITY = re.compile(
    r"\\([" + re.escape(ASCII_PUNCTUATION) + r"])"
    r"|(&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});)"
)
_ENCODED_BYTE = re.compile(r"(%[0-9a-fA-F]{2})")
_LABEL = re.compile(r"\[((?:[^\\\[\]]|\\.){0,999})\]", re.DOTALL)
_SPACES_AND_ONE_NEWLINE = re.compile(r"[ \t]*(?:\n[ \t]*)?")
_ANGLE_DESTINATION = re.compile(r"<((?:[^<>\n\\]|\\.)*)>")
_TITLE = re.compile(r"\"((?:\\.|[^\"\\])*)\"|'((?:\\.|[^'\\])*)'|\(((?:\\.|[^()\\])*)\)", re.DOTALL)
_REST_OF_LINE_BLANK = re.compile(r"[ \t]*(?:\n|$)")
_URI_SAFE = ";/?:@&=+$,-_.!~*'()#"
# Parentheses nest at most this deep in a destination, as in cmark: without a limit, each of
# the "[a](" of "[a]([a]([a](..." scanned to the end of the paragraph.
MAX_PARENTHESES_DEPTH = 32


@dataclass(frozen=True)
class ReferenceDefinition:
    """``[label]: destination "title"``: what a reference link points to."""

    label: str
    destination: str
    title: str | None


def unescape_string(text: str) -> str:
    """Resolve backslash escapes and entity references, as in link destinations and titles."""

    def replace(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(1)
        decoded = html.unescape(match.group(2))
        return "\ufffd" if decoded == "&#0;" or decoded == "\x00" else decoded

    return _ESCAPE_OR_ENTITY.sub(replace, text)


def normalize_uri(uri: str) -> str:
    """Percent-encode a destination the way CommonMark renderers write it (keeping %XX)."""
    parts = _ENCODED_BYTE.split(uri)
    return "".join(
        part if index % 2 else quote(part, safe=_URI_SAFE) for index, part in enumerate(parts)
    )


def normalize_label(label: str) -> str:
    """The key under which a reference label is matched: case-folded, spaces collapsed."""
    return re.sub(r"[ \t\r\n]+", " ", label.strip(" \t\r\n")).casefold()


def parse_link_destination(text: str, pos: int) -> tuple[str, int] | None:
    """A link destination starting at ``pos``: (raw destination, end) or None."""
    angle = _ANGLE_DESTINATION.match(text, pos)
    if angle:
        return angle.group(1), angle.end()
    if text.startswith("<", pos):
        return None
    start = pos
    depth = 0
    while pos < len(text):
        char = text[pos]
        if char == "\\" and pos + 1 < len(text) and text[pos + 1] in ASCII_PUNCTUATION:
            pos += 2
            continue
        if char == "(":
            depth += 1
            if depth > MAX_PARENTHESES_DEPTH:
                return None
        elif char == ")":
            if depth < 1:
                break
            depth -= 1
        elif char <= " ":
            break
        pos += 1
    if pos == start and not text.startswith(")", pos):
        return None
    if depth != 0:
        return None
    return text[start:pos], pos


def parse_link_title(text: str, pos: int) -> tuple[str, int] | None:
    """A quoted or parenthesised link title starting at ``pos``: (raw title, end) or None."""
    match = _TITLE.match(text, pos)
    if not match:
        return None
    raw = next(group for group in match.groups() if group is not None)
    return raw, match.end()


def _parse_definition(text: str, pos: int) -> tuple[ReferenceDefinition, int] | None:
    label = _LABEL.match(text, pos)
    if not label or not label.group(1).strip() or not text.startswith(":", label.end()):
        return None
    pos = _SPACES_AND_ONE_NEWLINE.match(text, label.end() + 1).end()  # type: ignore[union-attr]
    destination = parse_link_destination(text, pos)
    if destination is None:
        return None
    raw_destination, pos = destination
    before_title = pos
    pos = _SPACES_AND_ONE_NEWLINE.match(text, pos).end()  # type: ignore[union-attr]
    title = parse_link_title(text, pos) if pos != before_title else None
    if title is not None:
        end = _REST_OF_LINE_BLANK.match(text, title[1])
        if end:
            definition = ReferenceDefinition(
                label.group(1),
                normalize_uri(unescape_string(raw_destination)),
                unescape_string(title[0]),
            )
            return definition, end.end()
    end = _REST_OF_LINE_BLANK.match(text, before_title)
    if not end:
        return None
    definition = ReferenceDefinition(
        label.group(1), normalize_uri(unescape_string(raw_destination)), None
    )
    return definition, end.end()


def parse_reference_definitions(content: str) -> tuple[list[ReferenceDefinition], str]:
    """Split the reference definitions off the start of a paragraph's text."""
    definitions = []
    pos = 0
    while content.startswith("[", pos):
        parsed = _parse_definition(content, pos)
        if parsed is None:
            break
        definition, pos = parsed
        definitions.append(definition)
    return definitions, content[pos:]
