"""CommonMark inline rules that Python-Markdown's patterns get wrong.

Links and images follow the spec's bracket rules (no links inside links, reference labels
matched case-insensitively, destinations percent-encoded, raw HTML and autolinks inside link
text binding tighter); autolinks take any scheme; raw HTML uses the spec's tag grammar; code
spans strip one space; a backslash or two spaces before a newline make a hard break.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from html.entities import html5
from typing import Any

from markdown import Markdown
from markdown.inlinepatterns import (
    EscapeInlineProcessor,
    InlineProcessor,
    SubstituteTagInlineProcessor,
)
from markdown.treeprocessors import Treeprocessor
from markdown.util import INLINE_PLACEHOLDER_RE, AtomicString, code_escape

from editor.core.mdext.rawhtml import INLINE_HTML
from editor.core.mdext.references import (
    ASCII_PUNCTUATION,
    normalize_label,
    normalize_uri,
    parse_link_destination,
    parse_link_title,
    unescape_string,
)

_URI_AUTOLINK = r"<([A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*)>"
_EMAIL_AUTOLINK = (
    r"<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)>"
)
_ATOMIC = re.compile(f"{_URI_AUTOLINK}|{_EMAIL_AUTOLINK}|{INLINE_HTML}", re.DOTALL)
_LABEL = re.compile(r"\[((?:[^\\\[\]]|\\.){0,999})\]", re.DOTALL)
_WHITESPACE = re.compile(r"[ \t\n]*")
_UNESCAPED_BRACKET = re.compile(r"(?<!\\)(?:\\\\)*[\[\]]")


def _escaped(data: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and data[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _atomic_spans(data: str) -> dict[int, int]:
    """Start -> end of the autolinks and raw HTML tags in ``data``, which brackets skip."""
    spans = {}
    for match in _ATOMIC.finditer(data):
        if not _escaped(data, match.start()):
            spans[match.start()] = match.end()
    return spans


class CommonMarkLinkProcessor(InlineProcessor):
    """Inline links, reference links (full, collapsed, shortcut) and images."""

    def __init__(self, md: Markdown, image: bool) -> None:
        super().__init__(r"!\[" if image else r"\[", md)
        self.image = image
        self._paired: tuple[str, dict[int, int]] = ("", {})

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        """Turn ``[text](destination "title")`` or ``[text][label]`` into a link or image."""
        start = m.start()
        if _escaped(data, start):
            return None, None, None
        after_bang = start > 0 and data[start - 1] == "!" and not _escaped(data, start - 1)
        if not self.image and after_bang:
            return None, None, None
        spans = _atomic_spans(data)
        if any(begin < start < end for begin, end in spans.items()):
            return None, None, None
        if not self.image and self._is_image_label(data, start, spans):
            return None, None, None
        parsed = self._parse(data, m.end() - 1, spans)
        if parsed is None:
            return None, None, None
        text, href, title, end = parsed
        if self.image:
            text = self._without_images(text)
        elif self._contains_link(data, m.end(), m.end() + len(text), spans):
            return None, None, None
        if self.image:
            element = etree.Element("img", {"src": href})
        else:
            element = etree.Element("a", {"href": href})
        element.text = text
        if title:
            element.set("title", title)
        return element, start, end

    def _parse(
        self, data: str, bracket: int, spans: dict[int, int]
    ) -> tuple[str, str, str | None, int] | None:
        """(text, href, title, end) of a link whose text opens at ``bracket``, or None."""
        close = self._closing_bracket(data, bracket, spans)
        if close is None:
            return None
        text = data[bracket + 1 : close]
        after = close + 1
        if data.startswith("(", after):
            inline = _parse_inline_destination(data, after + 1)
            if inline is not None:
                href, title, end = inline
                return text, href, title, end
        label = _LABEL.match(data, after)
        if label and label.group(1).strip():
            key, end = label.group(1), label.end()
        elif data.startswith("[]", after):
            key, end = text, after + 2
        else:
            key, end = text, after
        if len(key) > 999 or _UNESCAPED_BRACKET.search(key) or not key.strip():
            return None
        reference = self.md.references.get(normalize_label(key))
        if reference is None:
            return None
        href, title = reference
        return text, href, title, end

    def _closing_bracket(self, data: str, bracket: int, spans: dict[int, int]) -> int | None:
        """The ``]`` that closes the ``[`` at ``bracket``."""
        if self._paired[0] == data:
            return self._paired[1].get(bracket)
        close = _scan_to_closing_bracket(data, bracket, spans)
        if close is None:
            # A bracket left open makes every later scan of this text run to its end: pair
            # all of them at once instead.
            self._paired = (data, _pair_brackets(data, spans))
        return close

    def _is_image_label(self, data: str, start: int, spans: dict[int, int]) -> bool:
        """Whether the bracket at ``start`` is the ``[label]`` of an image before it."""
        if start < 2 or data[start - 1] != "]" or _escaped(data, start - 1):
            return False
        opener = _opening_bracket(data, start - 1)
        if opener is None or opener == 0 or data[opener - 1] != "!" or _escaped(data, opener - 1):
            return False
        parsed = self._parse(data, opener, spans)
        return parsed is not None and parsed[3] > start

    def _contains_link(self, data: str, begin: int, end: int, spans: dict[int, int]) -> bool:
        """Whether link text holds a link: links never nest, the inner one wins."""
        inline = self.md.treeprocessors["inline"]
        stashed: dict[str, Any] = getattr(inline, "stashed_nodes", {})
        for match in INLINE_PLACEHOLDER_RE.finditer(data, begin, end):
            node = stashed.get(match.group(1))
            if isinstance(node, etree.Element) and any(
                element.tag == "a" for element in node.iter()
            ):
                return True
        index = data.find("[", begin, end)
        while index != -1:
            is_image = index > 0 and data[index - 1] == "!" and not _escaped(data, index - 1)
            if not is_image and not _escaped(data, index) and self._parse(data, index, spans):
                return True
            index = data.find("[", index + 1, end)
        return False

    def _without_images(self, text: str) -> str:
        """An image description with inner images replaced by theirs (it becomes alt text)."""
        index = text.find("![")
        while index != -1:
            parsed = None
            if not _escaped(text, index):
                parsed = self._parse(text, index + 1, _atomic_spans(text))
            if parsed is not None:
                inner = self._without_images(parsed[0])
                text = text[:index] + inner + text[parsed[3] :]
                index = text.find("![", index + len(inner))
            else:
                index = text.find("![", index + 2)
        return text


def _opening_bracket(data: str, close: int) -> int | None:
    depth = 0
    index = close - 1
    while index >= 0:
        char = data[index]
        if char in "[]" and not _escaped(data, index):
            if char == "]":
                depth += 1
            elif depth == 0:
                return index
            else:
                depth -= 1
        index -= 1
    return None


def _bracket_tokens(data: str, start: int, spans: dict[int, int]) -> Iterator[tuple[int, str]]:
    """Positions of the unescaped brackets from ``start``, outside autolinks and HTML tags."""
    index = start
    while index < len(data):
        char = data[index]
        if char == "\\" and index + 1 < len(data) and data[index + 1] in ASCII_PUNCTUATION:
            index += 2
            continue
        if char == "<" and index in spans:
            index = spans[index]
            continue
        if char in "[]":
            yield index, char
        index += 1


def _scan_to_closing_bracket(data: str, bracket: int, spans: dict[int, int]) -> int | None:
    depth = 0
    for index, char in _bracket_tokens(data, bracket + 1, spans):
        if char == "[":
            depth += 1
        elif depth == 0:
            return index
        else:
            depth -= 1
    return None


def _pair_brackets(data: str, spans: dict[int, int]) -> dict[int, int]:
    closing: dict[int, int] = {}
    openers: list[int] = []
    for index, char in _bracket_tokens(data, 0, spans):
        if char == "[":
            openers.append(index)
        elif openers:
            closing[openers.pop()] = index
    return closing


def _parse_inline_destination(data: str, start: int) -> tuple[str, str | None, int] | None:
    """(href, title, end) of ``(destination "title")`` whose ``(`` ends at ``start``."""
    pos = _skip_whitespace(data, start)
    if pos is None:
        return None
    destination = ("", pos) if data.startswith(")", pos) else parse_link_destination(data, pos)
    if destination is None:
        return None
    raw_destination, pos = destination
    before_title = pos
    after_space = _skip_whitespace(data, pos)
    if after_space is None:
        return None
    pos = after_space
    title: str | None = None
    if pos != before_title:
        parsed_title = parse_link_title(data, pos)
        if parsed_title is not None:
            title = unescape_string(parsed_title[0])
            after_title = _skip_whitespace(data, parsed_title[1])
            if after_title is None:
                return None
            pos = after_title
    if not data.startswith(")", pos):
        return None
    return normalize_uri(unescape_string(raw_destination)), title, pos + 1


def _skip_whitespace(data: str, pos: int) -> int | None:
    """Skip spaces and tabs with at most one line ending; None when a blank line follows."""
    match = _WHITESPACE.match(data, pos)
    assert match is not None
    if match.group(0).count("\n") > 1:
        return None
    return match.end()


class AutolinkProcessor(InlineProcessor):
    """``<scheme:...>`` and ``<user@example.com>`` autolinks."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(f"{_URI_AUTOLINK}|{_EMAIL_AUTOLINK}", md)

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        """A link whose text is the address itself."""
        if _escaped(data, m.start()):
            return None, None, None
        link = etree.Element("a")
        if m.group(1) is not None:
            link.set("href", normalize_uri(m.group(1)))
            link.text = AtomicString(m.group(1))
        else:
            link.set("href", "mailto:" + normalize_uri(m.group(2)))
            link.text = AtomicString(m.group(2))
        return link, m.start(), m.end()


class RawHtmlProcessor(InlineProcessor):
    """Inline raw HTML (tags, comments, processing instructions, CDATA) passed through."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(INLINE_HTML, md)

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[str | None, int | None, int | None]:
        """Stash the tag so that it reaches the output unchanged."""
        if _escaped(data, m.start()):
            return None, None, None
        return self.md.htmlStash.store(m.group(0)), m.start(), m.end()


class CodeSpanProcessor(InlineProcessor):
    """Code spans: backtick strings of equal length; one surrounding space stripped."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(r"(`+)", md)

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str | None, int | None, int | None]:
        """A ``<code>`` element, or the backticks as text when no closing string matches."""
        if _escaped(data, m.start()):
            return None, None, None
        if any(begin < m.start() < end for begin, end in _atomic_spans(data).items()):
            return None, None, None
        ticks = m.group(1)
        closing = re.compile(rf"(?<!`){ticks}(?!`)")
        close = closing.search(data, m.end())
        if close is None:
            return AtomicString(ticks), m.start(), m.end()
        content = data[m.end() : close.start()].replace("\n", " ")
        if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
            content = content[1:-1]
        code = etree.Element("code")
        code.text = AtomicString(code_escape(content))
        return code, m.start(), close.end()


class BackslashEscapeProcessor(EscapeInlineProcessor):
    """Backslash escapes of any ASCII punctuation; an escaped ``&`` never starts an entity."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(r"\\(.)", md)

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str | None, int | None, int | None]:
        """The escaped character, kept away from later patterns."""
        if m.group(1) == "&":
            return AtomicString("&amp;"), m.start(), m.end()
        return super().handleMatch(m, data)


class EntityProcessor(InlineProcessor):
    """Entity and numeric references the spec knows pass through; any other ``&`` is text."""

    def __init__(self, md: Markdown) -> None:
        reference = r"#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31}"
        super().__init__(rf"&(?:({reference});)?", md)

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[str, int, int]:
        """Stash a valid reference as is; escape a bare ampersand."""
        name = m.group(1)
        if name is not None and (name.startswith("#") or f"{name};" in html5):
            return self.md.htmlStash.store(m.group(0)), m.start(), m.end()
        return AtomicString("&amp;"), m.start(), m.start() + 1


class ImageAltTreeprocessor(Treeprocessor):
    """Flatten an image's parsed description into its ``alt`` text, as CommonMark does."""

    def run(self, root: etree.Element) -> None:
        """Move the text of every ``<img>`` into its alt attribute, innermost first."""
        for image in reversed(list(root.iter("img"))):
            if image.text is None and not len(image):
                continue
            image.set("alt", _plain_text(image))
            image.text = None
            for child in list(image):
                image.remove(child)


def _plain_text(element: etree.Element) -> str:
    """The text of ``element`` without markup; images count as their alt text."""
    parts = [element.text or ""]
    for child in element:
        parts.append(child.get("alt", "") if child.tag == "img" else _plain_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def register_inline(md: Markdown) -> None:
    """Replace Python-Markdown's link, autolink, HTML, code span and line break patterns."""
    for name in (
        "backtick",
        "reference",
        "link",
        "image_link",
        "image_reference",
        "short_reference",
        "short_image_ref",
        "autolink",
        "automail",
        "linebreak",
        "html",
        "escape",
        "entity",
    ):
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    md.ESCAPED_CHARS = list(ASCII_PUNCTUATION)
    patterns = md.inlinePatterns
    # Names differ from the built-ins so that extensions loaded later (magiclink registers
    # its own "autolink") cannot replace them.
    # Links come first so that their destinations are never taken for HTML; their text skips
    # over autolinks and HTML tags, which bind tighter (see _bracket_tokens).
    patterns.register(CodeSpanProcessor(md), "commonmark_code_span", 190)
    patterns.register(CommonMarkLinkProcessor(md, image=False), "commonmark_link", 189)
    patterns.register(CommonMarkLinkProcessor(md, image=True), "commonmark_image", 188)
    patterns.register(AutolinkProcessor(md), "commonmark_autolink", 187)
    patterns.register(RawHtmlProcessor(md), "commonmark_html", 186)
    patterns.register(SubstituteTagInlineProcessor(r"\\\n", "br"), "backslash_break", 182)
    patterns.register(BackslashEscapeProcessor(md), "escape", 180)
    patterns.register(EntityProcessor(md), "entity", 80)
    patterns.register(SubstituteTagInlineProcessor(r" {2,}\n", "br"), "linebreak", 100)
    md.treeprocessors.register(ImageAltTreeprocessor(md), "image_alt", 14)
