"""Split a Markdown body into top-level blocks, each with the file line it starts on.

The preview renders block by block and caches each block's HTML, so a split must never cut
through a construct: a block boundary is placed only where the whole document would start a
new top-level element anyway. When in doubt two pieces stay in one block (a bigger block costs
a little cache granularity, a wrong cut changes the output). Fenced code (``` and ~~~, closed
by a fence at least as long, or running to the end), raw HTML blocks (until their element
closes), indented code, every item of a list with its continuation lines, consecutive
block quotes, and template tags that hold lines (``{% highlight %}``, ``{% raw %}``, Hugo's
highlight shortcode) each stay whole.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from editor.core.render.mdext.rawhtml import (
    HTML_BLOCK_OPEN,
    HTML_BLOCK_TAGS,
    RAW_TEXT_TAGS,
    VOID_ELEMENTS,
)

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}(?=[^`]*$)|~{3,})")
_ATX_HEADING = re.compile(r"^#{1,6}(?:[ \t]|$)")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^[^\]]*\]:")
_HTML_OPEN = re.compile(r"^ {0,3}<(?:(!--)|([?!])|/?([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>]|$))")
_TABLE_DELIMITER = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")

# Characters a line must start with (after indentation) to be anything but paragraph text:
# checking them first keeps the scan of a long post cheap.
_SPECIAL_STARTS = frozenset("`~#<>-+*_0123456789[|{")
# Template tags that hold lines as one piece, blank lines included (Jekyll's highlight, raw
# and comment; Hugo's highlight shortcode), and what closes each.
_TEMPLATE_OPEN = re.compile(
    r"^ {0,3}(?:\{%-?\s*(highlight|raw|comment)\b|\{\{[<%]\s*(highlight)\b)"
)
_TEMPLATE_CLOSE = {
    "highlight": re.compile(r"\{%-?\s*endhighlight\s*-?%\}"),
    "raw": re.compile(r"\{%-?\s*endraw\s*-?%\}"),
    "comment": re.compile(r"\{%-?\s*endcomment\s*-?%\}"),
    "shortcode": re.compile(r"\{\{[<%]\s*/highlight\s*[>%]\}\}"),
}


@dataclass(frozen=True)
class SourceBlock:
    """One top-level block of a Markdown body.

    ``kind`` names what the block starts with: "paragraph", "heading", "fence", "code"
    (indented), "list", "quote", "html", "table", "rule" or "footnote" (a footnote
    definition with its indented continuation).
    """

    text: str
    line: int
    kind: str


def normalize_newlines(body: str) -> str:
    """Body text with CRLF and CR line ends turned into LF, as Python-Markdown reads it."""
    if "\r" not in body:
        return body
    return body.replace("\r\n", "\n").replace("\r", "\n")


def split_blocks(body: str, first_line: int = 1) -> list[SourceBlock]:
    """Split ``body`` into top-level blocks; ``first_line`` is the file line of the body's start."""
    return BlockSplitter().split(body, first_line)


class BlockSplitter:
    """Splits successive versions of one body, rescanning only around what changed.

    Each block's boundaries depend only on its own lines and the first line after it, so
    after an edit the scan restarts one block before the first changed line and stops as
    soon as a block starts where an old block started in the unchanged tail.
    """

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._spans: list[tuple[int, int, str]] = []
        self._texts: list[str] = []

    def split(self, body: str, first_line: int = 1) -> list[SourceBlock]:
        """Split ``body`` into top-level blocks; ``first_line`` is the file line of its start."""
        lines = normalize_newlines(body).split("\n")
        old_lines, old_spans, old_texts = self._lines, self._spans, self._texts
        same_head = _common_head(lines, old_lines)
        if same_head == len(lines) == len(old_lines):
            spans, texts = old_spans, old_texts
        else:
            same_tail = _common_tail(lines, old_lines, same_head)
            spans, texts = self._respan(lines, same_head, same_tail)
        self._lines, self._spans, self._texts = lines, spans, texts
        return [
            SourceBlock(text, first_line + start, kind)
            for (start, _, kind), text in zip(spans, texts, strict=True)
        ]

    def _respan(
        self, lines: list[str], same_head: int, same_tail: int
    ) -> tuple[list[tuple[int, int, str]], list[str]]:
        old_spans, old_texts = self._spans, self._texts
        shift = len(lines) - len(self._lines)
        # The first old block that ends after the unchanged head; restart one before it.
        first_touched = 0
        while first_touched < len(old_spans) and old_spans[first_touched][1] <= same_head:
            first_touched += 1
        restart_index = max(0, first_touched - 1)
        restart_line = old_spans[restart_index][0] if first_touched > 0 else 0
        old_starts = {span[0]: index for index, span in enumerate(old_spans)}
        tail_start = len(lines) - same_tail

        spans = old_spans[:restart_index]
        texts = old_texts[:restart_index]
        for start, end, kind in _Scanner(lines).spans(restart_line):
            old_index = old_starts.get(start - shift) if start >= tail_start else None
            if old_index is not None:
                spans += [(s + shift, e + shift, k) for s, e, k in old_spans[old_index:]]
                texts += old_texts[old_index:]
                break
            spans.append((start, end, kind))
            texts.append("\n".join(lines[start:end]))
        return spans, texts


def _common_head(lines: list[str], old: list[str]) -> int:
    """How many leading lines ``lines`` and ``old`` share."""
    limit = min(len(lines), len(old))
    low, high = 0, limit
    while low < high:  # binary search: list slices compare in C
        middle = (low + high + 1) // 2
        if lines[low:middle] == old[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_tail(lines: list[str], old: list[str], same_head: int) -> int:
    """How many trailing lines they share, not overlapping the shared head."""
    limit = min(len(lines), len(old)) - same_head
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if lines[len(lines) - middle : len(lines) - low] == old[len(old) - middle : len(old) - low]:
            low = middle
        else:
            high = middle - 1
    return low


def _indent(line: str) -> int:
    """Columns of leading whitespace (a tab counts to the next multiple of 4)."""
    # Measured in C: a hostile list nests thousands of levels, each line thousands of spaces.
    lead = len(line) - len(line.lstrip(" \t"))
    if "\t" not in line[:lead]:
        return lead
    width = 0
    for char in line[:lead]:
        width += 1 if char == " " else 4 - width % 4
    return width


def _is_blank(line: str) -> bool:
    return not line or line.isspace()


def _list_marker(line: str) -> str:
    """What must match for list items to be one list: the bullet, or the number's delimiter."""
    marker = line.lstrip()[0]
    if marker.isdigit():
        return line.lstrip(" 0123456789")[0]
    return marker


class _Scanner:
    """Walks the lines once, yielding (start, end, kind) spans of top-level blocks."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.count = len(lines)
        # What the block being scanned has seen so far.
        self.has_list = False
        self.has_quote = False
        self.list_marker: str | None = None
        # Template tags by kind, from the line on which no closing tag follows.
        self.unclosed: dict[str, int] = {}

    def spans(self, i: int = 0) -> Iterator[tuple[int, int, str]]:
        """Yield the block spans from line ``i`` (which must start a block or be blank) on."""
        while i < self.count:
            if _is_blank(self.lines[i]):
                i += 1
                continue
            start = i
            kind = self._kind(self.lines[i])
            if kind == "paragraph" and self._is_table(i):
                kind = "table"
            self.has_list = self.has_quote = False
            self.list_marker = None
            i = end = self._run(i, kind)
            while True:
                j = i
                while j < self.count and _is_blank(self.lines[j]):
                    j += 1
                if j >= self.count or j == i or not self._continues(kind, self.lines[j]):
                    break
                i = end = self._run(j, kind)
            yield start, end, kind
            i = end

    def _kind(self, line: str) -> str:
        indent = _indent(line)
        if indent >= 4:
            return "code"
        stripped = line.lstrip()
        first = stripped[0]
        if first not in _SPECIAL_STARTS:
            return "paragraph"
        if _FENCE_OPEN.match(line):
            return "fence"
        if indent == 0 and _ATX_HEADING.match(line):
            return "heading"
        if first == ">":
            return "quote"
        if _THEMATIC_BREAK.match(line):
            return "rule"
        if _LIST_ITEM.match(line):
            return "list"
        if _FOOTNOTE_DEF.match(line):
            return "footnote"
        if _HTML_OPEN.match(line) and self._html_end_finder(line) is not None:
            return "html"
        return "paragraph"

    def _is_table(self, i: int) -> bool:
        return (
            "|" in self.lines[i]
            and i + 1 < self.count
            and bool(_TABLE_DELIMITER.match(self.lines[i + 1]))
        )

    def _continues(self, kind: str, line: str) -> bool:
        """Whether ``line``, after blank lines, still belongs to the block before them."""
        indent = _indent(line)
        if kind == "footnote":
            return indent >= 4
        if indent > 0:
            # Indented text after a blank line continues a list item or a code block; after
            # anything else it starts a block of its own (a paragraph or indented code).
            return self.has_list or kind in ("code", "list", "quote", "html")
        first = line[0]
        if first == ">":
            return self.has_quote
        if self.has_list and first in "-+*0123456789" and _LIST_ITEM.match(line):
            if _THEMATIC_BREAK.match(line):
                return False
            # An item with another bullet or delimiter starts a new list (CommonMark).
            return self.list_marker is None or _list_marker(line) == self.list_marker
        return False

    def _run(self, i: int, kind: str) -> int:
        """Consume lines from ``i`` up to the next blank line outside fences and HTML.

        Notes whether list items or quote lines were seen, and the marker of the last
        unindented list item. A run that started as a paragraph or heading stops before an
        ATX heading or footnote definition, which start blocks of their own.
        """
        lines = self.lines
        first = True
        while i < self.count:
            line = lines[i]
            if _is_blank(line):
                break
            stripped = line.lstrip()
            lead = stripped[0]
            if lead not in _SPECIAL_STARTS or _indent(line) >= 4:
                i += 1
                first = False
                continue
            if not first and self._starts_own_block(line, kind):
                break
            first = False
            fence = _FENCE_OPEN.match(line)
            if fence:
                i = self._skip_fence(i, fence.group(1))
                continue
            if lead == "{":
                after = self._template_end(i)
                if after is not None:
                    i = after
                    continue
            if lead == "<":
                finder = self._html_end_finder(line)
                if finder is not None:
                    i = finder(i)
                    continue
            if lead == ">":
                self.has_quote = True
            elif _LIST_ITEM.match(line) and not _THEMATIC_BREAK.match(line):
                self.has_list = True
                if lead == line[0]:
                    self.list_marker = _list_marker(line)
            i += 1
            if kind == "heading":
                break
        return i

    def _starts_own_block(self, line: str, kind: str) -> bool:
        if _FOOTNOTE_DEF.match(line):
            return True
        return (
            kind in ("paragraph", "heading") and line[0] == "#" and bool(_ATX_HEADING.match(line))
        )

    def _template_end(self, i: int) -> int | None:
        """Index after the line closing the template tag opened on line ``i``; None when the
        line opens none, or its tag closes on the same line or never."""
        line = self.lines[i]
        opened = _TEMPLATE_OPEN.match(line)
        if opened is None:
            return None
        kind = opened.group(1) or "shortcode"
        closing = _TEMPLATE_CLOSE[kind]
        if closing.search(line, opened.end()) or i >= self.unclosed.get(kind, self.count):
            return None
        for j in range(i + 1, self.count):
            if closing.search(self.lines[j]):
                return j + 1
        # No closing tag below this line: none below a later one either.
        self.unclosed[kind] = i
        return None

    def _skip_fence(self, i: int, fence: str) -> int:
        """Index after the closing fence of the fence opened on line ``i`` (or the end)."""
        closing = _closing_fence(fence)
        j = i + 1
        while j < self.count:
            if closing.match(self.lines[j]):
                return j + 1
            j += 1
        return self.count

    def _html_end_finder(self, line: str) -> _HtmlEnd | None:
        """How to find the end of the raw HTML block starting on ``line``; None if it is not one."""
        m = _HTML_OPEN.match(line)
        if m is None:
            return None
        if m.group(1):
            return _HtmlEnd(self, terminator="-->")
        if m.group(2) == "?":
            return _HtmlEnd(self, terminator="?>")
        if m.group(2):
            return _HtmlEnd(
                self, terminator="]]>" if line.lstrip().startswith("<![CDATA[") else ">"
            )
        tag = m.group(3).lower()
        # The spec's HTML blocks that name an element: kinds 1 and 6 by their tag, kind 7 by
        # a whole tag alone on its line. Each stays one piece up to its element's end tag:
        # kramdown's block ends there, and where CommonMark's ends at a blank line before
        # it, the one bigger piece still renders the same.
        if (
            tag not in HTML_BLOCK_TAGS
            and tag not in RAW_TEXT_TAGS
            and not HTML_BLOCK_OPEN[6].match(line.lstrip(" "))
        ):
            return None
        return _HtmlEnd(self, tag=tag)


@functools.lru_cache(maxsize=64)
def _closing_fence(fence: str) -> re.Pattern[str]:
    """The line that closes a fence opened with ``fence``: the same character, as many or more."""
    return re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")


class _HtmlEnd:
    """Finds where a raw HTML block ends: its element closed (nesting counted) or a terminator."""

    def __init__(self, scanner: _Scanner, *, tag: str = "", terminator: str = "") -> None:
        self.scanner = scanner
        self.tag = tag
        self.terminator = terminator

    def __call__(self, i: int) -> int:
        lines = self.scanner.lines
        count = self.scanner.count
        if self.terminator:
            j = i
            text = lines[i].lstrip()[1:]
            while True:
                if self.terminator in text:
                    return j + 1
                j += 1
                if j >= count:
                    return count
                text = lines[j]
        if self.tag in VOID_ELEMENTS:
            return i + 1
        opening = re.compile(rf"<{self.tag}(?=[\s/>]|$)", re.IGNORECASE)
        closing = re.compile(rf"</{self.tag}\s*>", re.IGNORECASE)
        depth = 0
        j = i
        while j < count:
            line = lines[j]
            depth += len(opening.findall(line)) - len(closing.findall(line))
            j += 1
            if depth <= 0:
                return j
        return count
