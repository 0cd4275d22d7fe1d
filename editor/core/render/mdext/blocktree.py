"""A CommonMark/GFM block parser: turns lines of Markdown into a tree of blocks.

It follows the two-phase algorithm of the CommonMark reference implementations: each line
first continues the open container blocks (block quotes, list items), then may open new
blocks, and what remains is added to the innermost open leaf (paragraph, code, HTML, table).
Inline content is left as text: Python-Markdown's inline processors handle it afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from editor.core.render.mdext.rawhtml import HTML_BLOCK_CLOSE, HTML_BLOCK_OPEN, VOID_ELEMENTS
from editor.core.render.mdext.references import ReferenceDefinition, parse_reference_definitions
from editor.core.render.mdext.tables import TABLE_DELIMITER_ROW, split_table_row, table_aligns

_CODE_INDENT = 4
# Containers nested deeper than this stay text: element trees are serialised recursively, and
# no post needs forty levels of quotes or lists.
MAX_NESTING = 40

_ATX_HEADING = re.compile(r"#{1,6}(?:[ \t]+|$)")
_CODE_FENCE = re.compile(r"`{3,}(?!.*`)|~{3,}")
_CLOSING_FENCE = re.compile(r"(?:`{3,}|~{3,})(?=[ \t]*$)")
_THEMATIC_BREAK = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,})$")
_SETEXT_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*$")
_BULLET_MARKER = re.compile(r"[*+-]")
_ORDERED_MARKER = re.compile(r"(\d{1,9})([.)])")
_SPACES_AND_TABS = re.compile(r"[ \t]*")
_MAYBE_SPECIAL = re.compile(r"[#`~*+_=<>0-9|:-]")


@dataclass
class ListData:
    """What a list item's marker says about its list."""

    ordered: bool
    bullet: str = ""
    start: int = 1
    delimiter: str = ""
    marker_offset: int = 0
    padding: int = 0

    def same_list(self, other: ListData) -> bool:
        """Whether an item with ``other`` continues a list of items like this one."""
        return (
            self.ordered == other.ordered
            and self.bullet == other.bullet
            and self.delimiter == other.delimiter
        )


@dataclass(eq=False)
class Node:
    """One block: a container (document, block_quote, list, item) or a leaf."""

    kind: str  # document, block_quote, list, item, paragraph, heading, thematic_break,
    # code_block, html_block or table
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    open: bool = True
    start_line: int = 0  # 1-based, within the lines given to the parser
    # Tight or loose lists are decided from blank lines at the end of items and their children.
    last_line_blank: bool = False
    last_line_checked: bool = False
    content: str = ""  # the text of a leaf (paragraph, heading, code, HTML)
    level: int = 0  # heading level
    info: str = ""  # a fenced code block's info string (the language first)
    fenced: bool = False
    fence_char: str = ""
    fence_length: int = 0
    fence_offset: int = 0  # the opening fence's indentation, removed from the content lines
    html_type: int = 0  # which of the spec's seven kinds of HTML block
    html_end: re.Pattern[str] | None = None  # kramdown's: the element's end tag ends it
    list_data: ListData | None = None  # lists and items
    tight: bool = True  # lists: items without blank lines between them render without <p>
    aligns: list[str] = field(default_factory=list)  # tables: "left", "center", "right" or ""
    rows: list[list[str]] = field(default_factory=list)  # tables: header row, then body rows

    def append(self, child: Node) -> None:
        """Add ``child`` as the last child."""
        child.parent = self
        self.children.append(child)

    @property
    def last_child(self) -> Node | None:
        """The last child, if any."""
        return self.children[-1] if self.children else None


def _can_contain(parent: str, child: str) -> bool:
    if parent in ("document", "block_quote", "item"):
        return child != "item"
    if parent == "list":
        return child == "item"
    return False


_ACCEPTS_LINES = frozenset({"paragraph", "code_block", "html_block"})


_START_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")


def _element_end(line: str) -> re.Pattern[str] | None:
    """The end tag that closes the element a line opens; None for an end tag, a void or
    self-closed element, or one closed on the same line (the block then ends as usual)."""
    start = _START_TAG.match(line)
    if start is None or start.group(1).lower() in VOID_ELEMENTS or "/>" in line.split(">")[0]:
        return None
    end = re.compile(rf"</{re.escape(start.group(1))}\s*>", re.IGNORECASE)
    return None if end.search(line) else end


class BlockTreeParser:
    """Parses a Markdown document's lines into a tree of :class:`Node` blocks."""

    def __init__(self, *, tables: bool = True, whole_elements: bool = False) -> None:
        self.tables = tables  # GFM tables; without, their lines are a paragraph's
        # kramdown's HTML blocks: an element runs to its end tag, blank lines and all, and
        # nothing inside it is Markdown (CommonMark ends the block at a blank line).
        self.whole_elements = whole_elements
        self.document = Node("document")
        self.tip = self.document
        self.old_tip = self.document
        self.last_matched = self.document
        self.all_closed = True
        self.references: list[ReferenceDefinition] = []
        self.line = ""
        self.line_number = 0
        self.offset = 0
        self.column = 0
        self.next_nonspace = 0
        self.next_nonspace_column = 0
        self.indent = 0
        self.indented = False
        self.blank = False
        self.partially_consumed_tab = False

    # -- position helpers (columns count tabs to the next multiple of four)

    def _peek(self, index: int) -> str:
        return self.line[index] if index < len(self.line) else ""

    def _find_next_nonspace(self) -> None:
        # Called once per open container on every line, so deep nesting makes the scan hot:
        # the regex finds the run and only runs with tabs are counted column by column.
        run = _SPACES_AND_TABS.match(self.line, self.offset)
        assert run is not None
        index = run.end()
        if "\t" not in run.group(0):
            columns = self.column + index - self.offset
        else:
            columns = self.column
            for char in run.group(0):
                columns += 4 - columns % 4 if char == "\t" else 1
        self.blank = index >= len(self.line)
        self.next_nonspace = index
        self.next_nonspace_column = columns
        self.indent = columns - self.column
        self.indented = self.indent >= _CODE_INDENT

    def _advance_next_nonspace(self) -> None:
        self.offset = self.next_nonspace
        self.column = self.next_nonspace_column
        self.partially_consumed_tab = False

    def _advance_offset(self, count: int, columns: bool = False) -> None:
        while count > 0 and self.offset < len(self.line):
            if self.line[self.offset] == "\t":
                to_tab = 4 - self.column % 4
                if columns:
                    self.partially_consumed_tab = to_tab > count
                    advance = min(to_tab, count)
                    self.column += advance
                    self.offset += 0 if self.partially_consumed_tab else 1
                    count -= advance
                else:
                    self.partially_consumed_tab = False
                    self.column += to_tab
                    self.offset += 1
                    count -= 1
            else:
                self.partially_consumed_tab = False
                self.offset += 1
                self.column += 1
                count -= 1

    # -- tree helpers

    def _add_line(self) -> None:
        if self.partially_consumed_tab:
            self.offset += 1
            self.tip.content += " " * (4 - self.column % 4)
        self.tip.content += self.line[self.offset :] + "\n"

    def _add_child(self, kind: str) -> Node:
        while not _can_contain(self.tip.kind, kind):
            self._finalize(self.tip)
        node = Node(kind, start_line=self.line_number)
        self.tip.append(node)
        self.tip = node
        return node

    def _close_unmatched_blocks(self) -> None:
        if not self.all_closed:
            while self.old_tip is not self.last_matched:
                parent = self.old_tip.parent
                self._finalize(self.old_tip)
                assert parent is not None
                self.old_tip = parent
            self.all_closed = True

    def _finalize(self, block: Node) -> None:
        block.open = False
        if block.kind == "paragraph":
            self._finalize_paragraph(block)
        elif block.kind == "code_block":
            self._finalize_code(block)
        elif block.kind == "list":
            block.tight = _list_is_tight(block)
        if block.parent is not None:
            self.tip = block.parent

    def _finalize_paragraph(self, block: Node) -> None:
        if block.content.startswith("["):
            definitions, rest = parse_reference_definitions(block.content)
            if definitions:
                self.references.extend(definitions)
                block.content = rest
                if not rest.strip() and block.parent is not None:
                    block.parent.children.remove(block)

    @staticmethod
    def _finalize_code(block: Node) -> None:
        if block.fenced:
            first_line, _, rest = block.content.partition("\n")
            block.info = first_line.strip()
            block.content = rest
        else:
            lines = block.content.split("\n")
            while lines and not lines[-1].strip(" \t"):
                lines.pop()
            block.content = "\n".join(lines) + "\n"

    # -- continuation of open blocks: 0 matched, 1 not matched, 2 line consumed

    def _continue(self, block: Node) -> int:
        kind = block.kind
        if kind in ("document", "list"):
            return 0
        if kind == "block_quote":
            if not self.indented and self._peek(self.next_nonspace) == ">":
                self._advance_next_nonspace()
                self._advance_offset(1)
                if self._peek(self.offset) in (" ", "\t"):
                    self._advance_offset(1, columns=True)
                return 0
            return 1
        if kind == "item":
            data = block.list_data
            assert data is not None
            if self.blank:
                if not block.children:
                    return 1
                self._advance_next_nonspace()
            elif self.indent >= data.marker_offset + data.padding:
                self._advance_offset(data.marker_offset + data.padding, columns=True)
            else:
                return 1
            return 0
        if kind == "code_block":
            return self._continue_code(block)
        if kind == "html_block":
            ended_by_blank = block.html_type in (6, 7) and block.html_end is None
            return 1 if self.blank and ended_by_blank else 0
        if kind in ("paragraph", "table"):
            return 1 if self.blank else 0
        # headings and thematic breaks hold a single line
        return 1

    def _continue_code(self, block: Node) -> int:
        if block.fenced:
            match = None
            if self.indent <= 3 and self._peek(self.next_nonspace) == block.fence_char:
                match = _CLOSING_FENCE.match(self.line, self.next_nonspace)
            if match and len(match.group(0)) >= block.fence_length:
                self._finalize(block)
                return 2
            remaining = block.fence_offset
            while remaining > 0 and self._peek(self.offset) in (" ", "\t"):
                self._advance_offset(1, columns=True)
                remaining -= 1
            return 0
        if self.indent >= _CODE_INDENT:
            self._advance_offset(_CODE_INDENT, columns=True)
        elif self.blank:
            self._advance_next_nonspace()
        else:
            return 1
        return 0

    # -- block starts: 0 no match, 1 container started, 2 leaf started

    def _start_block_quote(self, container: Node) -> int:
        if self.indented or self._peek(self.next_nonspace) != ">" or _too_deep(container):
            return 0
        self._advance_next_nonspace()
        self._advance_offset(1)
        if self._peek(self.offset) in (" ", "\t"):
            self._advance_offset(1, columns=True)
        self._close_unmatched_blocks()
        self._add_child("block_quote")
        return 1

    def _start_atx_heading(self, container: Node) -> int:
        match = None if self.indented else _ATX_HEADING.match(self.line, self.next_nonspace)
        if not match:
            return 0
        self._advance_next_nonspace()
        self._advance_offset(len(match.group(0)))
        self._close_unmatched_blocks()
        heading = self._add_child("heading")
        heading.level = match.group(0).strip().count("#")
        text = self.line[self.offset :]
        text = re.sub(r"^[ \t]*#+[ \t]*$", "", text)
        heading.content = re.sub(r"[ \t]+#+[ \t]*$", "", text).strip(" \t")
        self._advance_offset(len(self.line) - self.offset)
        return 2

    def _start_fenced_code(self, container: Node) -> int:
        match = None if self.indented else _CODE_FENCE.match(self.line, self.next_nonspace)
        if not match:
            return 0
        self._close_unmatched_blocks()
        code = self._add_child("code_block")
        code.fenced = True
        code.fence_length = len(match.group(0))
        code.fence_char = match.group(0)[0]
        code.fence_offset = self.indent
        self._advance_next_nonspace()
        self._advance_offset(code.fence_length)
        return 2

    def _start_html_block(self, container: Node) -> int:
        if self.indented or self._peek(self.next_nonspace) != "<":
            return 0
        rest = self.line[self.next_nonspace :]
        for html_type, pattern in enumerate(HTML_BLOCK_OPEN, start=1):
            if not pattern.match(rest):
                continue
            # As cmark does: a lazy paragraph line does not stop a kind-7 block from starting.
            if html_type == 7 and container.kind == "paragraph":
                return 0
            self._close_unmatched_blocks()
            block = self._add_child("html_block")
            block.html_type = html_type
            if self.whole_elements and html_type in (6, 7):
                block.html_end = _element_end(rest)
            return 2
        return 0

    def _start_setext_heading(self, container: Node) -> int:
        if self.indented or container.kind != "paragraph":
            return 0
        match = _SETEXT_UNDERLINE.match(self.line, self.next_nonspace)
        if not match:
            return 0
        self._close_unmatched_blocks()
        definitions, rest = parse_reference_definitions(container.content)
        if not rest.strip():
            return 0
        self.references.extend(definitions)
        heading = Node("heading", start_line=container.start_line)
        heading.level = 1 if match.group(0)[0] == "=" else 2
        heading.content = rest.strip()
        parent = container.parent
        assert parent is not None
        parent.children[parent.children.index(container)] = heading
        heading.parent = parent
        self.tip = heading
        self._advance_offset(len(self.line) - self.offset)
        return 2

    def _start_thematic_break(self, container: Node) -> int:
        if self.indented or not _THEMATIC_BREAK.match(self.line, self.next_nonspace):
            return 0
        self._close_unmatched_blocks()
        self._add_child("thematic_break")
        self._advance_offset(len(self.line) - self.offset)
        return 2

    def _parse_list_marker(self, container: Node) -> ListData | None:
        if self.indent >= _CODE_INDENT:
            return None
        rest = self.line[self.next_nonspace :]
        bullet = _BULLET_MARKER.match(rest)
        if bullet:
            data = ListData(ordered=False, bullet=bullet.group(0), marker_offset=self.indent)
            marker_length = 1
        else:
            ordered = _ORDERED_MARKER.match(rest)
            if not ordered or (container.kind == "paragraph" and ordered.group(1) != "1"):
                return None
            data = ListData(
                ordered=True,
                start=int(ordered.group(1)),
                delimiter=ordered.group(2),
                marker_offset=self.indent,
            )
            marker_length = len(ordered.group(0))
        if rest[marker_length : marker_length + 1] not in ("", " ", "\t"):
            return None
        if container.kind == "paragraph" and not rest[marker_length:].strip(" \t"):
            return None
        self._advance_next_nonspace()
        self._advance_offset(marker_length, columns=True)
        spaces_start_column = self.column
        spaces_start_offset = self.offset
        while True:
            self._advance_offset(1, columns=True)
            if self.column - spaces_start_column >= 5 or self._peek(self.offset) not in (" ", "\t"):
                break
        blank_item = self.offset >= len(self.line)
        spaces_after_marker = self.column - spaces_start_column
        if spaces_after_marker >= 5 or spaces_after_marker < 1 or blank_item:
            data.padding = marker_length + 1
            self.column = spaces_start_column
            self.offset = spaces_start_offset
            if self._peek(self.offset) in (" ", "\t"):
                self._advance_offset(1, columns=True)
        else:
            data.padding = marker_length + spaces_after_marker
        return data

    def _start_list_item(self, container: Node) -> int:
        if (self.indented and container.kind != "list") or _too_deep(container):
            return 0
        data = self._parse_list_marker(container)
        if data is None:
            return 0
        self._close_unmatched_blocks()
        tip_data = self.tip.list_data
        if self.tip.kind != "list" or tip_data is None or not tip_data.same_list(data):
            listing = self._add_child("list")
            listing.list_data = data
        item = self._add_child("item")
        item.list_data = data
        return 1

    def _start_indented_code(self, container: Node) -> int:
        if not self.indented or self.tip.kind == "paragraph" or self.blank:
            return 0
        self._advance_offset(_CODE_INDENT, columns=True)
        self._close_unmatched_blocks()
        self._add_child("code_block")
        return 2

    def _start_table(self, container: Node) -> int:
        if not self.tables or self.indented or container.kind != "paragraph":
            return 0
        row = self.line[self.next_nonspace :]
        if "|" not in row or not TABLE_DELIMITER_ROW.match(row):
            return 0
        lines = container.content.rstrip("\n").split("\n")
        header = split_table_row(lines[-1])
        aligns = table_aligns(row)
        if len(header) != len(aligns):
            return 0
        self._close_unmatched_blocks()
        table = Node("table", start_line=self.line_number - 1, aligns=aligns, rows=[header])
        parent = container.parent
        assert parent is not None
        if len(lines) > 1:
            container.content = "\n".join(lines[:-1]) + "\n"
            self._finalize(container)
            parent.append(table)
        else:
            parent.children[parent.children.index(container)] = table
            table.parent = parent
        self.tip = table
        self._advance_offset(len(self.line) - self.offset)
        return 2

    # -- the line loop

    def parse_line(self, line: str) -> None:
        """Add one line (without its newline) to the tree."""
        self.line_number += 1
        self.line = line
        self.offset = self.column = 0
        self.blank = self.partially_consumed_tab = False
        self.old_tip = self.tip

        container = self.document
        while container.children and container.children[-1].open:
            container = container.children[-1]
            self._find_next_nonspace()
            result = self._continue(container)
            if result == 2:
                return
            if result == 1:
                assert container.parent is not None
                container = container.parent
                break

        self.all_closed = container is self.old_tip
        self.last_matched = container
        matched_leaf = container.kind != "paragraph" and container.kind in _ACCEPTS_LINES
        starts = (
            self._start_block_quote,
            self._start_atx_heading,
            self._start_fenced_code,
            self._start_html_block,
            self._start_setext_heading,
            self._start_thematic_break,
            self._start_list_item,
            self._start_indented_code,
            self._start_table,
        )
        while not matched_leaf:
            self._find_next_nonspace()
            if not self.indented and not _MAYBE_SPECIAL.match(self.line, self.next_nonspace):
                self._advance_next_nonspace()
                break
            for start in starts:
                result = start(container)
                if result:
                    container = self.tip
                    matched_leaf = result == 2
                    break
            else:
                self._advance_next_nonspace()
                break

        if not self.all_closed and not self.blank and self.tip.kind == "paragraph":
            self._add_line()  # lazy continuation line
            return
        self._close_unmatched_blocks()
        if self.blank and container.children:
            container.children[-1].last_line_blank = True
        kind = container.kind
        last_line_blank = self.blank and not (
            kind == "block_quote"
            or (kind == "code_block" and container.fenced)
            or (
                kind == "item"
                and not container.children
                and container.start_line == self.line_number
            )
        )
        walker: Node | None = container
        while walker is not None:
            walker.last_line_blank = last_line_blank
            walker = walker.parent

        if kind in _ACCEPTS_LINES:
            self._add_line()
            if kind == "html_block" and (
                (
                    1 <= container.html_type <= 5
                    and HTML_BLOCK_CLOSE[container.html_type - 1].search(self.line, self.offset)
                )
                or (container.html_end is not None and container.html_end.search(self.line))
            ):
                self._finalize(container)
        elif kind == "table":
            if self.offset < len(self.line) and not self.blank:
                container.rows.append(split_table_row(self.line[self.offset :]))
        elif self.offset < len(self.line) and not self.blank:
            self._add_child("paragraph")
            self._advance_next_nonspace()
            self._add_line()

    def finish(self) -> Node:
        """Close every open block and return the document."""
        while self.tip is not self.document:
            self._finalize(self.tip)
        self._finalize(self.document)
        return self.document


def _too_deep(container: Node) -> bool:
    depth = 0
    walker: Node | None = container
    while walker is not None:
        depth += 1
        walker = walker.parent
    return depth >= MAX_NESTING


def _ends_with_blank_line(block: Node | None) -> bool:
    while block is not None:
        if block.last_line_blank:
            return True
        if not block.last_line_checked and block.kind in ("list", "item"):
            block.last_line_checked = True
            block = block.last_child
        else:
            block.last_line_checked = True
            break
    return False


def _list_is_tight(listing: Node) -> bool:
    items = listing.children
    for index, item in enumerate(items):
        has_next_item = index + 1 < len(items)
        if has_next_item and _ends_with_blank_line(item):
            return False
        for sub_index, child in enumerate(item.children):
            has_next = sub_index + 1 < len(item.children)
            if (has_next_item or has_next) and _ends_with_blank_line(child):
                return False
    return True
