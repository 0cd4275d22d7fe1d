"""CommonMark inline rules that Python-Markdown's patterns get wrong.

Links and images follow the spec's bracket rules (no links inside links, reference labels
matched case-insensitively, destinations percent-encoded, raw HTML and autolinks inside link
text binding tighter); autolinks take any scheme; raw HTML uses the spec's tag grammar; code
spans strip one space; a backslash or two spaces before a newline make a hard break.
"""

from __future__ import annotations

import bisect
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

from editor.core.render.mdext.rawhtml import INLINE_HTML
from editor.core.render.mdext.references import (
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
# Inline HTML whose end is a fixed string anywhere later (processing instructions,
# declarations, CDATA): without that string further on, no match can start here.
_HTML_ENDS = (("<?", "?>"), ("<![CDATA[", "]]>"), ("<!", ">"))
_LABEL = re.compile(r"\[((?:[^\\\[\]]|\\.){0,999})\]", re.DOTALL)
_WHITESPACE = re.compile(r"[ \t\n]*")
_UNESCAPED_BRACKET = re.compile(r"(?<!\\)(?:\\\\)*[\[\]]")
_BRACKET_TOKEN = re.compile(r"\\[" + re.escape(ASCII_PUNCTUATION) + r"]|[\[\]<]")
# Characters that change what the index knows; a placeholder holds none of them.
_INDEXED = re.compile(r"[\[\]<>\\`]")


def _escaped(data: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and data[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


class LinearHtmlPattern:
    """Finds autolinks and inline HTML as ``pattern.finditer`` does, in time linear in the text.

    A processing instruction, declaration or CDATA section left open made the regular
    expression search to the end of the text from each one; here a candidate is tried only
    when the string that would end it comes later.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def finditer(self, data: str, pos: int = 0) -> Iterator[re.Match[str]]:
        """The matches of the pattern in ``data`` from ``pos``, left to right, not overlapping."""
        last_end: dict[str, int] = {}
        index = data.find("<", pos)
        while index != -1:
            ending = next((end for start, end in _HTML_ENDS if data.startswith(start, index)), "")
            if ending and ending not in last_end:
                last_end[ending] = data.rfind(ending)
            match = None
            if not ending or last_end[ending] > index:
                match = self.pattern.match(data, index)
            if match is not None:
                yield match
                index = data.find("<", max(match.end(), index + 1))
            else:
                index = data.find("<", index + 1)


_ATOMIC_SPANS = LinearHtmlPattern(_ATOMIC)


class _InlineIndex:
    """Where one inline text's autolinks and HTML tags lie and how its brackets pair up.

    Python-Markdown tries a pattern at each of its matches and hands over the whole text each
    time; scanning the text again for each ``[`` or backtick made rendering time grow with the
    square of their number. This is found once per text. After a match the text comes back
    with the match replaced by a placeholder: when the replaced part held no span that runs
    past it and no bracket paired outside it, everything else is unchanged, so the index is
    kept and positions are mapped through the placeholders (``replaced``).
    """

    def __init__(self, data: str, brackets: bool) -> None:
        self.data = data
        self.spans: dict[int, int] = {}
        for match in _ATOMIC_SPANS.finditer(data):
            if not _escaped(data, match.start()):
                self.spans[match.start()] = match.end()
        self._span_starts = list(self.spans)
        self.closing: dict[int, int] = {}
        self.opening: dict[int, int] = {}
        self._brackets: list[int] = []
        if brackets:
            self._pair_brackets()
        # Code spans: backtick string length -> first original position with none after it.
        self.no_ticks_after: dict[int, int] = {}
        # Placeholders so far: where each ends now and in the original text.
        self._ends_now: list[int] = []
        self._ends_before: list[int] = []

    def _pair_brackets(self) -> None:
        data, openers = self.data, []
        match = _BRACKET_TOKEN.search(data)
        while match is not None:
            index, char = match.start(), match.group()
            after = match.end()
            if char == "<" and index in self.spans:
                after = self.spans[index]
            elif char == "[":
                openers.append(index)
                self._brackets.append(index)
            elif char == "]":
                self._brackets.append(index)
                if openers:
                    opener = openers.pop()
                    self.closing[opener] = index
                    self.opening[index] = opener
            match = _BRACKET_TOKEN.search(data, after)

    def original(self, index: int) -> int:
        """The position in the first text of ``index`` in the current one."""
        placeholder = bisect.bisect_right(self._ends_now, index) - 1
        if placeholder < 0:
            return index
        return index - self._ends_now[placeholder] + self._ends_before[placeholder]

    def current(self, index: int) -> int:
        """The position in the current text of ``index`` in the first one."""
        placeholder = bisect.bisect_right(self._ends_before, index) - 1
        if placeholder < 0:
            return index
        return index - self._ends_before[placeholder] + self._ends_now[placeholder]

    def closer(self, opener: int) -> int | None:
        """The ``]`` that closes the ``[`` at ``opener``, if any."""
        close = self.closing.get(self.original(opener))
        return None if close is None else self.current(close)

    def opener(self, closer: int) -> int | None:
        """The ``[`` that the ``]`` at ``closer`` closes, if any."""
        opener = self.opening.get(self.original(closer))
        return None if opener is None else self.current(opener)

    def in_span(self, index: int) -> bool:
        """Whether ``index`` is inside (not at the start of) an autolink or HTML tag."""
        index = self.original(index)
        before = bisect.bisect_left(self._span_starts, index) - 1
        return before >= 0 and self.spans[self._span_starts[before]] > index

    def replaced(self, data: str, start: int, end: int) -> bool:
        """Follow ``data``, the current text with ``start:end`` replaced; False if it can't."""
        old = self.data
        kept = len(old) - end
        placeholder_end = len(data) - kept
        if (
            placeholder_end <= start
            or not data.endswith(old[end:])
            or not data.startswith(old[:start])
            or _INDEXED.search(data, start, placeholder_end)
        ):
            return False
        first, last = self.original(start), self.original(end - 1) + 1
        inside = self._brackets[
            bisect.bisect_left(self._brackets, first) : bisect.bisect_left(self._brackets, last)
        ]
        crossing = [
            bracket
            for bracket in inside
            if not first <= self.closing.get(bracket, self.opening.get(bracket, bracket)) < last
        ]
        spans = self._span_starts[
            bisect.bisect_left(self._span_starts, first) : bisect.bisect_left(
                self._span_starts, last
            )
        ]
        if any(self.spans[span] > last for span in spans) or self.in_span(start):
            return False
        # A bracket the match swallowed (one in a link's destination) no longer pairs with
        # its partner outside: that partner stays unpaired. (Rebuilding the index instead,
        # once per such link, took time growing with the square of their number; only a
        # bracket the processor has passed could pair anew, and it is not asked again.)
        for bracket in crossing:
            partner = self.closing.pop(bracket, None)
            if partner is None:
                partner = self.opening.pop(bracket)
                self.closing.pop(partner, None)
            else:
                self.opening.pop(partner, None)
        self.data = data
        self._ends_now.append(placeholder_end)
        self._ends_before.append(last)
        return True


class _IndexedProcessor(InlineProcessor):
    """An inline processor that keeps the ``_InlineIndex`` of the text it is working on."""

    brackets = False

    def __init__(self, pattern: str, md: Markdown) -> None:
        super().__init__(pattern, md)
        self._index: _InlineIndex | None = None
        self._matched: tuple[int, int] | None = None

    def index(self, data: str) -> _InlineIndex:
        """The index of ``data``: the last one, followed through the last match, or a new one."""
        index, matched = self._index, self._matched
        self._matched = None
        if index is not None and index.data is data:
            return index
        if index is None or matched is None or not index.replaced(data, *matched):
            index = self._index = _InlineIndex(data, self.brackets)
        return index

    def matched(self, start: int, end: int) -> None:
        """Note that ``start:end`` of the indexed text is about to become a placeholder."""
        self._matched = (start, end)


class CommonMarkLinkProcessor(_IndexedProcessor):
    """Inline links, reference links (full, collapsed, shortcut) and images."""

    brackets = True

    def __init__(self, md: Markdown, image: bool) -> None:
        super().__init__(r"!\[" if image else r"\[", md)
        self.image = image

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
        index = self.index(data)
        if index.in_span(start):
            return None, None, None
        if not self.image and self._is_image_label(data, start, index):
            return None, None, None
        parsed = self._parse(data, m.end() - 1, index)
        if parsed is None:
            return None, None, None
        text, href, title, end = parsed
        if self.image:
            text = self._without_images(text)
        elif self._contains_link(data, m.end(), m.end() + len(text), index):
            return None, None, None
        if self.image:
            element = etree.Element("img", {"src": href})
        else:
            element = etree.Element("a", {"href": href})
        element.text = text
        if title:
            element.set("title", title)
        self.matched(start, end)
        return element, start, end

    def _parse(
        self, data: str, bracket: int, index: _InlineIndex
    ) -> tuple[str, str, str | None, int] | None:
        """(text, href, title, end) of a link whose text opens at ``bracket``, or None."""
        close = index.closer(bracket)
        if close is None:
            return None
        after = close + 1
        if data.startswith("(", after):
            inline = _parse_inline_destination(data, after + 1)
            if inline is not None:
                href, title, end = inline
                return data[bracket + 1 : close], href, title, end
        label = _LABEL.match(data, after)
        if label and label.group(1).strip():
            key, end = label.group(1), label.end()
        elif close - bracket > 1000:  # the text is the label, and too long for one
            return None
        elif data.startswith("[]", after):
            key, end = data[bracket + 1 : close], after + 2
        else:
            key, end = data[bracket + 1 : close], after
        if len(key) > 999 or _UNESCAPED_BRACKET.search(key) or not key.strip():
            return None
        reference = self.md.references.get(normalize_label(key))
        if reference is None:
            return None
        href, title = reference
        return data[bracket + 1 : close], href, title, end

    def _is_image_label(self, data: str, start: int, index: _InlineIndex) -> bool:
        """Whether the bracket at ``start`` is the ``[label]`` of an image before it."""
        if start < 2 or data[start - 1] != "]" or _escaped(data, start - 1):
            return False
        opener = index.opener(start - 1)
        if opener is None or opener == 0 or data[opener - 1] != "!" or _escaped(data, opener - 1):
            return False
        parsed = self._parse(data, opener, index)
        return parsed is not None and parsed[3] > start

    def _contains_link(self, data: str, begin: int, end: int, index: _InlineIndex) -> bool:
        """Whether link text holds a link: links never nest, the inner one wins."""
        inline = self.md.treeprocessors["inline"]
        stashed: dict[str, Any] = getattr(inline, "stashed_nodes", {})
        for match in INLINE_PLACEHOLDER_RE.finditer(data, begin, end):
            node = stashed.get(match.group(1))
            if isinstance(node, etree.Element) and any(
                element.tag == "a" for element in node.iter()
            ):
                return True
        bracket = data.find("[", begin, end)
        while bracket != -1:
            is_image = bracket > 0 and data[bracket - 1] == "!" and not _escaped(data, bracket - 1)
            if not is_image and not _escaped(data, bracket) and self._parse(data, bracket, index):
                return True
            bracket = data.find("[", bracket + 1, end)
        return False

    def _without_images(self, text: str) -> str:
        """An image description with inner images replaced by theirs (it becomes alt text)."""
        start = text.find("![")
        if start == -1:
            return text
        index = _InlineIndex(text, brackets=True)
        parts = []
        done = 0
        while start != -1:
            parsed = None
            if not _escaped(text, start):
                parsed = self._parse(text, start + 1, index)
            if parsed is not None:
                parts += [text[done:start], self._without_images(parsed[0])]
                done = parsed[3]
                start = text.find("![", done)
            else:
                start = text.find("![", start + 2)
        return "".join([*parts, text[done:]])


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
        self._linear = LinearHtmlPattern(self.compiled_re)

    def getCompiledRegExp(self) -> Any:
        """The pattern, searched in linear time (see LinearHtmlPattern)."""
        return self._linear

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[str | None, int | None, int | None]:
        """Stash the tag so that it reaches the output unchanged."""
        if _escaped(data, m.start()):
            return None, None, None
        return self.md.htmlStash.store(m.group(0)), m.start(), m.end()


class CodeSpanProcessor(_IndexedProcessor):
    """Code spans: backtick strings of equal length; one surrounding space stripped."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(r"(`+)", md)

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str | None, int | None, int | None]:
        """A ``<code>`` element, or the backticks as text when no closing string matches."""
        if _escaped(data, m.start()):
            return None, None, None
        index = self.index(data)
        if index.in_span(m.start()):
            return None, None, None
        ticks = m.group(1)
        close = None
        # Once a string of n backticks finds no closing one, no later string of n does.
        unclosed_from = index.no_ticks_after.get(len(ticks))
        if unclosed_from is None or index.original(m.end()) < unclosed_from:
            close = re.compile(rf"(?<!`){ticks}(?!`)").search(data, m.end())
        if close is None:
            index.no_ticks_after[len(ticks)] = index.original(m.end())
            self.matched(m.start(), m.end())
            return AtomicString(ticks), m.start(), m.end()
        content = data[m.end() : close.start()].replace("\n", " ")
        if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
            content = content[1:-1]
        code = etree.Element("code")
        code.text = AtomicString(code_escape(content))
        self.matched(m.start(), close.end())
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
