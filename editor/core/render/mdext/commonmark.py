"""CommonMark/GFM block structure for Python-Markdown.

:class:`CommonMarkBlockProcessor` replaces Python-Markdown's paragraph, heading, rule, code,
quote and list processors (``OListProcessor``/``UListProcessor``) with one processor built on
:mod:`editor.core.render.mdext.blocktree`, so lists nest by content indentation, interrupt
paragraphs and keep their start number, fences close as CommonMark says, and GFM tables and
task lists render as on GitHub. It consumes one top-level block per call, so other block
processors of higher priority (footnotes) still see each top-level block first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import escape
from typing import Any

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX

from editor.core.render.mdext.blocktree import BlockTreeParser, Node
from editor.core.render.mdext.highlight import highlight_into
from editor.core.render.mdext.inline import RawHtmlProcessor, register_inline
from editor.core.render.mdext.references import normalize_label, unescape_string

# Python-Markdown's own block processors that this extension replaces.
_REPLACED_BLOCK_PROCESSORS = (
    "empty",
    "indent",
    "code",
    "hashheader",
    "setextheader",
    "hr",
    "olist",
    "ulist",
    "quote",
    "reference",
    "paragraph",
    "table",
    "fenced_code_block",
)
_TASK_MARKER = re.compile(r"\[([ xX])\](?=[ \t\n]|$)")
# What the footnote processor, the one ahead of this one, takes a block for.
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]]*\]:", re.MULTILINE)


class LineEndingPreprocessor(Preprocessor):
    """Normalise line endings without expanding tabs or emptying whitespace-only lines.

    CommonMark gives tabs meaning by column (and keeps them inside code), so the block parser
    handles them itself instead of Python-Markdown's blanket ``expandtabs``.
    """

    def run(self, lines: list[str]) -> list[str]:
        """Return the lines with CR/CRLF endings and stash markers removed."""
        source = "\n".join(lines).replace(STX, "").replace(ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
        # The final newline ends the last line; it does not add an empty one.
        return source.removesuffix("\n").split("\n")


class CommonMarkBlockProcessor(BlockProcessor):
    """Parses one top-level CommonMark block (with all it contains) per call."""

    def __init__(
        self,
        parser: Any,
        md: Markdown,
        css_class: str,
        gfm: bool,
        dropped_html: str,
        whole_elements: bool,
    ) -> None:
        super().__init__(parser)
        self.md = md
        self.css_class = css_class
        self.gfm = gfm
        self.dropped_html = dropped_html
        self.whole_elements = whole_elements

    def test(self, parent: etree.Element, block: str) -> bool:
        """Every block is CommonMark."""
        return True

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        """Parse the first top-level block of ``blocks`` and leave the rest for the next call,
        where a footnote definition may follow (its processor must see it first); else parse
        them all at once (handing back the rest each time costs its length, and a thousand
        fences in a row would take time growing with their square)."""
        tree = BlockTreeParser(tables=self.gfm, whole_elements=self.whole_elements)
        document = tree.document
        positions: list[tuple[int, int]] = []
        cut: tuple[int, int] | None = None
        one_at_a_time = any(_FOOTNOTE_DEFINITION.search(chunk) for chunk in blocks)
        for chunk_index, chunk in enumerate(blocks):
            lines = chunk.split("\n")
            if chunk_index + 1 < len(blocks):
                lines.append("")
            for line_index, line in enumerate(lines):
                positions.append((chunk_index, line_index))
                tree.parse_line(line)
                if one_at_a_time and len(document.children) > 1:
                    cut = positions[document.children[-1].start_line - 1]
                    break
            if cut is not None:
                break
        if cut is None:
            tree.finish()
            blocks.clear()
        else:
            del document.children[1:]
            chunk_index, line_index = cut
            remainder = "\n".join(blocks[chunk_index].split("\n")[line_index:])
            blocks[: chunk_index + 1] = [remainder]
        for definition in tree.references:
            key = normalize_label(definition.label)
            self.md.references.setdefault(key, (definition.destination, definition.title or ""))
        # A definition list's tight definition (Goldmark's, kramdown's) holds its text bare.
        tight = self.parser.state.isstate("list")
        for child in document.children:
            self._build(parent, child, tight=tight)
        return True

    # -- from blocks to elements

    def _build(self, parent: etree.Element, node: Node, tight: bool) -> None:
        kind = node.kind
        if kind == "paragraph":
            self._build_paragraph(parent, node.content.strip(), tight)
        elif kind == "heading":
            heading = etree.SubElement(parent, f"h{node.level}")
            heading.text = node.content
        elif kind == "thematic_break":
            etree.SubElement(parent, "hr")
        elif kind == "code_block":
            self._build_code(parent, node)
        elif kind == "html_block":
            if self.dropped_html:
                html = dropped_html_mark(self.dropped_html, block=True)
            else:
                html = node.content.rstrip("\n")
            _append_text(parent, self.md.htmlStash.store(html) + "\n")
        elif kind == "block_quote":
            quote = etree.SubElement(parent, "blockquote")
            for child in node.children:
                self._build(quote, child, tight=False)
        elif kind == "list":
            self._build_list(parent, node)
        elif kind == "table":
            self._build_table(parent, node)

    def _build_paragraph(self, parent: etree.Element, text: str, tight: bool) -> None:
        if tight:
            _append_text(parent, text)
        else:
            paragraph = etree.SubElement(parent, "p")
            paragraph.text = text

    def _build_code(self, parent: etree.Element, node: Node) -> None:
        pre = etree.SubElement(parent, "pre")
        code = etree.SubElement(pre, "code")
        info = unescape_string(node.info)
        language = info.split()[0] if info.split() else ""
        if language:
            pre.set("class", self.css_class)
            code.set("class", f"language-{language}")
        highlight_into(code, node.content, language, self.md)

    def _build_list(self, parent: etree.Element, node: Node) -> None:
        data = node.list_data
        assert data is not None
        listing = etree.SubElement(parent, "ol" if data.ordered else "ul")
        if data.ordered and data.start != 1:
            listing.set("start", str(data.start))
        for item in node.children:
            element = etree.SubElement(listing, "li")
            children = item.children
            if self.gfm and children and children[0].kind == "paragraph":
                task = _TASK_MARKER.match(children[0].content)
                if task:
                    self._build_task(element, task.group(1) != " ", children[0], node.tight)
                    children = children[1:]
            for child in children:
                self._build(element, child, node.tight)

    def _build_task(self, item: etree.Element, checked: bool, first: Node, tight: bool) -> None:
        holder = item if tight else etree.SubElement(item, "p")
        checkbox = etree.SubElement(holder, "input", {"type": "checkbox", "disabled": "disabled"})
        if checked:
            checkbox.set("checked", "checked")
        checkbox.tail = " " + first.content[3:].strip()

    def _build_table(self, parent: etree.Element, node: Node) -> None:
        table = etree.SubElement(parent, "table")
        columns = len(node.aligns)
        for row_index, row in enumerate(node.rows):
            if row_index == 0:
                section = etree.SubElement(table, "thead")
            elif row_index == 1:
                section = etree.SubElement(table, "tbody")
            tr = etree.SubElement(section, "tr")
            cells = (row + [""] * columns)[:columns]
            for align, cell in zip(node.aligns, cells, strict=True):
                element = etree.SubElement(tr, "th" if row_index == 0 else "td")
                if align:
                    element.set("align", align)
                element.text = cell


def _append_text(parent: etree.Element, text: str) -> None:
    """Add text after the last child of ``parent`` (tight list items hold bare text)."""
    if len(parent):
        last = parent[-1]
        last.tail = f"{last.tail}\n{text}" if last.tail else text
    else:
        parent.text = f"{parent.text}\n{text}" if parent.text else text


class LayoutTreeprocessor(Treeprocessor):
    """Newlines between block elements, as Python-Markdown's prettifier adds them.

    Replaces the built-in prettifier, which also strips trailing blank lines and spaces from
    code blocks: CommonMark keeps them.
    """

    def run(self, root: etree.Element) -> None:
        """Add newlines between block elements and after line breaks."""
        self._lay_out(root)
        for line_break in root.iter("br"):
            tail = line_break.tail
            line_break.tail = f"\n{tail}" if tail and tail.strip() else "\n"

    def _lay_out(self, element: etree.Element) -> None:
        if self.md.is_block_level(element.tag) and element.tag not in ("code", "pre"):
            if (
                (not element.text or not element.text.strip())
                and len(element)
                and self.md.is_block_level(element[0].tag)
            ):
                element.text = "\n"
            for child in element:
                if self.md.is_block_level(child.tag):
                    self._lay_out(child)
        if not element.tail or not element.tail.strip():
            element.tail = "\n"


# The empty marks dropped_html_mark makes (what a reader of the blog sees: nothing).
# (The preview adds a data-line attribute to a block's.)
DROPPED_HTML_MARK = re.compile(r'<(div|span)\b[^>]*\bclass="blog-drops"[^>]*></\1>')


def dropped_html_mark(note: str, *, block: bool) -> str:
    """An empty element where a blog drops raw HTML: nothing to a reader, a note in the preview.

    The preview's stylesheet shows ``note`` (class ``blog-drops``); a page without it shows
    nothing, as the blog does.
    """
    tag = "div" if block else "span"
    note = escape(note, quote=True)
    return f'<{tag} class="blog-drops" data-note="{note}" title="{note}"></{tag}>'


class DroppedRawHtmlProcessor(RawHtmlProcessor):
    """Inline raw HTML that the blog removes: the mark of dropped HTML in its place."""

    def __init__(self, md: Markdown, note: str) -> None:
        super().__init__(md)
        self.note = note

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[str | None, int | None, int | None]:
        """Stash the mark instead of the tag."""
        stashed, start, end = super().handleMatch(m, data)
        if stashed is None:
            return None, None, None
        self.md.htmlStash.rawHtmlBlocks[-1] = dropped_html_mark(self.note, block=False)
        return stashed, start, end


class CommonMarkExtension(Extension):
    """CommonMark block structure with GFM tables and task lists, code highlighted by Pygments.

    ``gfm`` off leaves tables and task lists as text (a blog without GFM shows them so);
    ``dropped_html`` (a note saying why) replaces raw HTML by an empty mark, for blogs that
    remove it.
    """

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "css_class": ["highlight", "CSS class of <pre> for highlighted code (Pygments styles)"],
            "gfm": [True, "GFM tables and task lists"],
            "dropped_html": ["", "why raw HTML is not shown (empty: raw HTML is kept)"],
            "whole_elements": [False, "an HTML block runs to its element's end tag (kramdown)"],
            "escapable": ["", "what a backslash escapes (empty: all ASCII punctuation)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        """Swap Python-Markdown's block processors for the CommonMark one."""
        md.registerExtension(self)
        md.preprocessors.register(LineEndingPreprocessor(md), "normalize_whitespace", 30)
        for name in ("html_block", "fenced_code_block"):
            if name in md.preprocessors:
                md.preprocessors.deregister(name)
        for name in _REPLACED_BLOCK_PROCESSORS:
            if name in md.parser.blockprocessors:
                md.parser.blockprocessors.deregister(name)
        dropped_html = str(self.getConfig("dropped_html"))
        processor = CommonMarkBlockProcessor(
            md.parser,
            md,
            str(self.getConfig("css_class")),
            bool(self.getConfig("gfm")),
            dropped_html,
            bool(self.getConfig("whole_elements")),
        )

        md.parser.blockprocessors.register(processor, "commonmark", 10)
        md.treeprocessors.register(LayoutTreeprocessor(md), "prettify", 10)
        register_inline(md)
        escapable = str(self.getConfig("escapable"))
        if escapable:
            md.ESCAPED_CHARS = list(escapable)
        if dropped_html:
            md.inlinePatterns.register(
                DroppedRawHtmlProcessor(md, dropped_html), "commonmark_html", 186
            )
