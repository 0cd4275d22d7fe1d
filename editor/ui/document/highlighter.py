"""Markdown highlighting for the editor: front matter (YAML, TOML or JSON), headings, emphasis,
code, links, HTML."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

# Block states: what a line leaves open for the next one.
_NORMAL = 0
_YAML_FRONT_MATTER = 1
_TOML_FRONT_MATTER = 2
_JSON_FRONT_MATTER = 3
_FENCE = 0x100  # | length << 1 | tilde: a fenced code block opened by that fence

_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t].*)?$")
_SETEXT_OR_RULE = re.compile(r"^ {0,3}(?:=+|-{2,}|(?:[-*_][ \t]*){3,})[ \t]*$")
_QUOTE = re.compile(r"^( {0,3}>[ >]*)")
_LIST = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])([ \t]+(?:\[[ xX]\][ \t])?|$)")
_FRONT_KEY = re.compile(r"^\s*(?:-\s+)?([\w][\w .-]*):(?=\s|$)")
_TOML_KEY = re.compile(r'^\s*(\[{1,2}[^\]]+\]{1,2}(?=\s*$)|[\w.-]+(?=\s*=)|"[^"]*"(?=\s*=))')
_JSON_KEY = re.compile(r'^\s*("(?:[^"\\]|\\.)*")\s*:')
# Each front matter format: its first line, its closing lines and how a key looks. (A JSON
# object is taken to close on a "}" line of its own, as blogs write it.)
_FRONT_MATTERS = {
    _YAML_FRONT_MATTER: ("---", ("---", "..."), _FRONT_KEY),
    _TOML_FRONT_MATTER: ("+++", ("+++",), _TOML_KEY),
    _JSON_FRONT_MATTER: ("{", ("}",), _JSON_KEY),
}
_LINK_DEFINITION = re.compile(r"^ {0,3}(\[[^\]]+\]):[ \t]*(\S+)")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_LINK = re.compile(r"(!?\[)((?:[^\]\\]|\\.)*)(\]\()([^)\s]*(?:\s+\"[^\"]*\")?)(\))")
_REFERENCE_LINK = re.compile(r"(!?\[)((?:[^\]\\]|\\.)*)(\]\[)([^\]]*)(\])")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>\s]+>|\bhttps?://[^\s<>()]+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(
    r"(?<![*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?!\*)|(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)"
)
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_HTML = re.compile(r"<!--.*?(?:-->|$)|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class MarkdownHighlighter(QSyntaxHighlighter):
    """Colours Markdown by line; fenced code and front matter carry over through block states."""

    def __init__(self, document: QTextDocument, colors: dict[str, str]) -> None:
        super().__init__(document)
        self._offsets: Callable[[int], int] = _identity
        self._formats = _formats(colors)

    def set_colors(self, colors: dict[str, str]) -> None:
        """Use the theme's colours (themes.json, md_* names) and highlight again."""
        self._formats = _formats(colors)
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        """Qt override: colour one line, given the state the previous line left."""
        self._offsets = _utf16_offsets(text)
        previous = self.previousBlockState()
        if previous in _FRONT_MATTERS:
            self._front_matter_line(text, previous, starting=False)
        elif self.currentBlock().blockNumber() == 0 and (opening := _opening(text)):
            self._front_matter_line(text, opening, starting=True)
        elif previous >= _FENCE:
            self._fence_body_line(text, previous)
        else:
            self._markdown_line(text)

    def _apply(self, start: int, end: int, name: str) -> None:
        begin = self._offsets(start)
        self.setFormat(begin, self._offsets(end) - begin, self._formats[name])

    def _front_matter_line(self, text: str, state: int, *, starting: bool) -> None:
        _first, closings, key_pattern = _FRONT_MATTERS[state]
        self._apply(0, len(text), "front_matter")
        if not starting and text.rstrip() in closings:
            self.setCurrentBlockState(_NORMAL)
            return
        key = key_pattern.match(text)
        if key and not starting:
            self._apply(key.start(1), key.end(1), "front_matter_key")
        self.setCurrentBlockState(state)

    def _fence_body_line(self, text: str, state: int) -> None:
        fence = _FENCE_LINE.match(text)
        length, tilde = (state & 0xFF) >> 1, bool(state & 1)
        if fence and not fence.group(2).strip():
            marks = fence.group(1)
            if (marks[0] == "~") == tilde and len(marks) >= length:
                self._apply(0, len(text), "fence")
                self.setCurrentBlockState(_NORMAL)
                return
        self._apply(0, len(text), "fence_body")
        self.setCurrentBlockState(state)

    def _markdown_line(self, text: str) -> None:
        self.setCurrentBlockState(_NORMAL)
        fence = _FENCE_LINE.match(text)
        if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            marks = fence.group(1)
            self._apply(0, len(text), "fence")
            self.setCurrentBlockState(_FENCE | min(len(marks), 127) << 1 | (marks[0] == "~"))
            return
        heading = _HEADING.match(text)
        if heading:
            self._apply(0, len(text), "heading")
            self._apply(heading.start(1), heading.end(1), "heading_marker")
            self._inline(text, skip_emphasis=True)
            return
        if _SETEXT_OR_RULE.match(text):
            self._apply(0, len(text), "heading_marker")
            return
        definition = _LINK_DEFINITION.match(text)
        if definition:
            self._apply(definition.start(1), definition.end(1), "link_text")
            self._apply(definition.start(2), len(text), "url")
            return
        start = 0
        quote = _QUOTE.match(text)
        if quote:
            self._apply(0, len(text), "quote")
            self._apply(0, quote.end(1), "marker")
            start = quote.end(1)
        item = _LIST.match(text, start)
        if item:
            self._apply(item.start(2), item.end(3), "list")
        self._inline(text)

    def _inline(self, text: str, *, skip_emphasis: bool = False) -> None:
        code_spans = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(text)]

        def outside_code(match: re.Match[str]) -> bool:
            return not any(start <= match.start() < end for start, end in code_spans)

        if not skip_emphasis:
            for match in _STRONG.finditer(text):
                if outside_code(match):
                    self._apply(match.start(), match.end(), "strong")
            for match in _EMPHASIS.finditer(text):
                if outside_code(match):
                    self._apply(match.start(), match.end(), "emphasis")
            for match in _STRIKE.finditer(text):
                if outside_code(match):
                    self._apply(match.start(), match.end(), "strike")
        for match in _HTML.finditer(text):
            if outside_code(match):
                self._apply(match.start(), match.end(), "html")
        for match in _AUTOLINK.finditer(text):
            if outside_code(match):
                self._apply(match.start(), match.end(), "url")
        for pattern in (_LINK, _REFERENCE_LINK):
            for match in pattern.finditer(text):
                if outside_code(match):
                    self._apply(match.start(1), match.end(1), "marker")
                    self._apply(match.start(2), match.end(2), "link_text")
                    self._apply(match.start(3), match.end(3), "marker")
                    self._apply(match.start(4), match.end(4), "url")
                    self._apply(match.start(5), match.end(5), "marker")
        for start, end in code_spans:
            self._apply(start, end, "code")


def _opening(text: str) -> int:
    """The front matter state a document's first line opens (0 when it opens none)."""
    first = text.rstrip()
    for state, (opening, _closings, _key) in _FRONT_MATTERS.items():
        if first == opening:
            return state
    return _NORMAL


def _formats(colors: dict[str, str]) -> dict[str, QTextCharFormat]:
    def fmt(color: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
        result = QTextCharFormat()
        result.setForeground(QColor(colors[color]))
        if bold:
            result.setFontWeight(QFont.Weight.Bold)
        if italic:
            result.setFontItalic(True)
        return result

    code = fmt("md_code")
    code.setBackground(QColor(colors["md_code_background"]))
    code.setFontFixedPitch(True)
    fence_body = QTextCharFormat(code)
    fence_body.setForeground(QColor(colors["text"]))
    strike = fmt("muted")
    strike.setFontStrikeOut(True)
    return {
        "heading": fmt("md_heading", bold=True),
        "heading_marker": fmt("muted", bold=True),
        "emphasis": fmt("md_emphasis", italic=True),
        "strong": fmt("md_strong", bold=True),
        "strike": strike,
        "code": code,
        "fence": fmt("md_fence"),
        "fence_body": fence_body,
        "link_text": fmt("md_link"),
        "url": fmt("md_url"),
        "marker": fmt("muted"),
        "list": fmt("md_list", bold=True),
        "quote": fmt("md_quote", italic=True),
        "html": fmt("md_html"),
        "front_matter": fmt("md_front_matter"),
        "front_matter_key": fmt("md_front_matter_key", bold=True),
    }


def _identity(index: int) -> int:
    return index


def _utf16_offsets(text: str) -> Callable[[int], int]:
    # Qt counts UTF-16 code units: characters beyond the BMP (emoji) take two.
    if text.isascii() or not _ASTRAL.search(text):
        return _identity
    positions = [0]
    for char in text:
        positions.append(positions[-1] + (2 if ord(char) > 0xFFFF else 1))
    return positions.__getitem__
