"""Convert one block of a post to HTML with Python-Markdown, in its document's context.

The renderer converts a post block by block. Each conversion is told the document-level
context the block uses (the reference definitions it may link to, the numbers of the footnotes
it cites and how many references to each came before it) and reports what it found: the
reference definitions it made, the footnote references it emitted and the slugs of its
headings. Heading ids and ``data-line`` values are left as marks for the renderer to fill in,
so a block that only moved needs no new conversion.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, cast
from xml.etree import ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteBlockProcessor, FootnoteExtension
from markdown.extensions.toc import TocExtension, remove_fnrefs, render_inner_html, strip_tags
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import RawHtmlPostprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from editor.core.render.dialects import Dialect, default_dialect
from editor.core.render.mdext import extensions
from editor.core.render.mdext.rawhtml import VOID_ELEMENTS

# Blocks nested deeper than this (quotes, lists) are shown as a message: Python-Markdown
# recurses once per level and a hostile post could nest thousands.
MAX_NESTING = 32
# Non-code blocks longer than this are shown as a message: some inline patterns are slow on
# huge unbroken paragraphs.
MAX_BLOCK_CHARS = 100_000
# Link parsing slows down with the square of unclosed brackets in one block.
MAX_UNCLOSED_BRACKETS = 250

# ``[^id]``: the id holds no bracket, as a link label (and so each "[^" searches only as far as
# the next bracket, not to the end of the paragraph).
FOOTNOTE_REFERENCE = r"\[\^([^\[\]]*)\]"

# Filled in after a block is converted (ASCII unit separator: never in rendered Markdown).
UNIT_SEPARATOR = "\x1f"
LINE_MARK = "\x1fL\x1f"
HEADING_MARK = "\x1fH\x1f"


@dataclass(frozen=True)
class Converted:
    """One block's HTML (with line and heading-id marks) and what the conversion found."""

    html: str
    headings: tuple[tuple[str, bool], ...]  # (slug or explicit id, explicit?) in order
    footnote_refs: tuple[tuple[str, int], ...]  # references emitted per footnote id
    definitions: tuple[tuple[str, Any], ...]  # reference definitions the block made


class BlockConverter:
    """One Markdown instance that converts blocks one at a time (not thread-safe).

    With ``preview_limits`` a block too long or with too many unclosed brackets is shown as a
    note instead of converted (the preview must keep up with typing); without, as for a
    published page, every block is converted whole.
    """

    def __init__(self, *, preview_limits: bool = True, dialect: Dialect | None = None) -> None:
        self.preview_limits = preview_limits
        self._context = _Context()
        dialect = dialect or default_dialect("html")
        document_context = _DocumentContextExtension(self._context, footnotes=dialect.footnotes)
        self._md: Any = markdown.Markdown(
            extensions=[*markdown_extensions(dialect), document_context]
        )
        self._md.references = _RecordedReferences()

    def convert(
        self,
        text: str,
        references: tuple[tuple[str, Any], ...],
        footnotes: tuple[tuple[str, int, int], ...],
        mark_lines: bool,
    ) -> Converted:
        """Convert ``text`` knowing ``references`` (label, value) and ``footnotes``.

        ``footnotes`` holds (id, number, references before this block). With ``mark_lines``
        every top-level element gets a ``data-line`` mark. A block too deep or too long to
        convert safely, or one Markdown fails on, becomes a visible message.
        """
        context = self._context
        context.footnotes = {note: (number, before) for note, number, before in footnotes}
        context.emitted = {}
        context.headings = []
        context.mark_lines = mark_lines
        recorded = self._md.references
        problem = _problem_with(text, self.preview_limits)
        if problem is not None:
            output = _message_html(problem, mark_lines)
            defined: tuple[tuple[str, Any], ...] = ()
        else:
            self._md.reset()
            recorded.preset(references)
            try:
                output = self._md.convert(text)
            except Exception as error:
                context.headings = []
                context.emitted = {}
                output = _message_html(f"This block could not be previewed: {error}", mark_lines)
            defined = tuple(recorded.defined)
        return Converted(
            html=output.strip(),
            headings=tuple(context.headings),
            footnote_refs=tuple(context.emitted.items()),
            definitions=defined,
        )


@dataclass
class _Context:
    """The document-level context of the block being converted, shared with the extension."""

    footnotes: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> (number, before)
    emitted: dict[str, int] = field(default_factory=dict)
    headings: list[tuple[str, bool]] = field(default_factory=list)
    mark_lines: bool = True


def markdown_extensions(dialect: Dialect | None = None) -> list[Extension]:
    """The dialect's extensions (editor.core.render.mdext) less footnotes and heading ids.

    Footnotes and heading ids are document-level, so this module handles them itself and
    leaves out the stock extensions for them.
    """
    return [
        ext for ext in extensions(dialect) if not isinstance(ext, FootnoteExtension | TocExtension)
    ]


class _RecordedReferences(dict[str, Any]):
    """Markdown's reference table: records each definition a conversion makes.

    Definitions from the rest of the document are preset; the first definition of a label
    counts, as in CommonMark.
    """

    def __init__(self) -> None:
        super().__init__()
        self.defined: list[tuple[str, Any]] = []

    def preset(self, references: Iterable[tuple[str, Any]]) -> None:
        """Make the document's definitions known without recording them as this block's."""
        for label, value in references:
            super().__setitem__(label, value)

    def __setitem__(self, label: str, value: Any) -> None:
        self.defined.append((label, value))
        if label not in self:
            super().__setitem__(label, value)

    def setdefault(self, label: str, value: Any = None) -> Any:
        """Record the definition; keep an earlier one of the same label."""
        self.defined.append((label, value))
        return super().setdefault(label, value)

    def clear(self) -> None:
        """Forget all definitions (Markdown.reset calls this)."""
        super().clear()
        self.defined = []


class _DocumentContextExtension(Extension):
    """Footnote references, heading ids and data-line marks, from the document's context."""

    def __init__(self, context: _Context, *, footnotes: bool) -> None:
        super().__init__()
        self.context = context
        self.footnotes = footnotes

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Register the processors (same priorities as the stock footnotes extension)."""
        if self.footnotes:
            footnotes = _NestedFootnoteDefinitions(md.parser)
            md.parser.blockprocessors.register(footnotes, "footnote", 17)
            md.inlinePatterns.register(
                _FootnoteReference(FOOTNOTE_REFERENCE, self.context), "footnote", 175
            )
        md.treeprocessors.register(_MarkBlocks(md, self.context), "postdesk-marks", 4)


class _FootnoteSink:
    """Where nested footnote definitions go: only top-level ones are part of the document."""

    def __init__(self, parser: Any) -> None:
        self.parser = parser

    def setFootnote(self, footnote_id: str, text: str) -> None:
        """Drop the definition (it still disappears from the output, as it would in a blog)."""


class _NestedFootnoteDefinitions(FootnoteBlockProcessor):
    """Removes footnote definitions nested in lists and quotes from the output."""

    # A definition's id ends on its line: from each line starting "[^" the stock pattern
    # searched to the end of the block for a "]".
    RE = re.compile(r"^[ ]{0,3}\[\^([^\]\n]*)\]:[ ]*(.*)$", re.MULTILINE)

    def __init__(self, parser: Any) -> None:
        super().__init__(cast(FootnoteExtension, _FootnoteSink(parser)))


class _FootnoteReference(InlineProcessor):
    """``[^id]`` -> the numbered superscript link, numbered in the document's order."""

    def __init__(self, pattern: str, context: _Context) -> None:
        super().__init__(pattern)
        self.context = context

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        """Link a reference to a defined footnote; leave an undefined one as text."""
        note = m.group(1)
        known = self.context.footnotes.get(note)
        if known is None:
            return None, None, None
        number, before = known
        emitted = self.context.emitted.get(note, 0) + 1
        self.context.emitted[note] = emitted
        occurrence = before + emitted
        sup = etree.Element("sup")
        link = etree.SubElement(sup, "a")
        sup.set("id", f"fnref:{note}" if occurrence == 1 else f"fnref{occurrence}:{note}")
        link.set("href", f"#fn:{note}")
        link.set("class", "footnote-ref")
        link.text = str(number)
        return sup, m.start(0), m.end(0)


class _MarkBlocks(Treeprocessor):
    """Marks heading ids and top-level data-line attributes for filling in later."""

    def __init__(self, md: markdown.Markdown, context: _Context) -> None:
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        """Mark headings everywhere and every top-level element (raw HTML included)."""
        for element in root.iter():
            tag = element.tag
            if isinstance(tag, str) and len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
                explicit = element.get("id")
                if explicit is not None:
                    self.context.headings.append((explicit, True))
                else:
                    name = strip_tags(render_inner_html(remove_fnrefs(element), self.md))
                    self.context.headings.append((_slug(html.unescape(name)), False))
                    element.set("id", HEADING_MARK)
        if not self.context.mark_lines:
            return
        stash = self.md.htmlStash.rawHtmlBlocks
        raw_html = cast(RawHtmlPostprocessor, self.md.postprocessors["raw_html"])

        def mark_raw(text: str | None, wrapped: bool) -> bool:
            """Mark the raw HTML blocks whose placeholders ``text`` holds; True if any."""
            marked = False
            for placeholder in HTML_PLACEHOLDER_RE.finditer(text or ""):
                index = int(placeholder.group(1))
                raw = stash[index] if index < len(stash) else None
                if isinstance(raw, str) and (not wrapped or raw_html.isblocklevel(raw)):
                    stash[index] = _mark_top_level_tags(raw)
                    marked = True
            return marked

        # Raw HTML blocks are placeholders: as top-level text, or alone in a <p> that the
        # raw HTML postprocessor replaces; their own top-level tags get the mark.
        mark_raw(root.text, wrapped=False)
        for element in root:
            lone = HTML_PLACEHOLDER_RE.fullmatch((element.text or "").strip())
            if not (element.tag == "p" and lone and len(element) == 0 and mark_raw(lone[0], True)):
                element.set("data-line", LINE_MARK)
            mark_raw(element.tail, wrapped=False)


class _TopLevelTags(HTMLParser):
    """Finds where the top-level start tags of an HTML fragment are."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.found: list[tuple[tuple[int, int], int]] = []  # ((line, column), len(tag name))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record a top-level start tag; go one level down unless it is a void element."""
        if self.depth == 0:
            self.found.append((self.getpos(), len(tag)))
        if tag not in VOID_ELEMENTS:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record a top-level self-closing tag."""
        if self.depth == 0:
            self.found.append((self.getpos(), len(tag)))

    def handle_endtag(self, tag: str) -> None:
        """Go one level up."""
        if tag not in VOID_ELEMENTS:
            self.depth = max(0, self.depth - 1)


def _mark_top_level_tags(raw: str) -> str:
    """``raw`` HTML with a data-line mark added to each of its top-level elements."""
    parser = _TopLevelTags()
    parser.feed(raw[: _unclosed_comment(raw)])
    parser.close()
    line_starts = [0]
    for text in raw.split("\n"):
        line_starts.append(line_starts[-1] + len(text) + 1)
    marked = raw
    for (row, column), name_length in reversed(parser.found):
        at = line_starts[row - 1] + column + 1 + name_length
        marked = f'{marked[:at]} data-line="{LINE_MARK}"{marked[at:]}'
    return marked


def _unclosed_comment(raw: str) -> int:
    """Where a comment that never closes starts in ``raw`` (its length when none does).

    What follows is all comment: no tag to mark. The HTML parser would look for the comment's
    end again from every ``<!--`` after it, taking time growing with their square.
    """
    start = raw.find("<!--")
    while start >= 0:
        end = raw.find("-->", start + 4)
        if end < 0:
            return start
        start = raw.find("<!--", end + 3)
    return len(raw)


_QUOTE_DEPTH = re.compile(r"^(?:[ \t]*>)+", re.MULTILINE)
_LIST_DEPTH = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]", re.MULTILINE)
_FENCE_LINE = re.compile(r"[ \t]*(`{3,}|~{3,})")


def _problem_with(text: str, preview_limits: bool = True) -> str | None:
    """Why a block is not converted (too deep, too long), or None when it is fine.

    The length and bracket limits hold only with ``preview_limits``: a published page shows
    every block whole.

    Fenced code is not parsed for structure, so only the text around it is checked.
    """
    prose = _without_fenced_code(text)
    if ">" in prose:
        deepest = max((m.group(0).count(">") for m in _QUOTE_DEPTH.finditer(prose)), default=0)
        if deepest > MAX_NESTING:
            return f"This block is nested {deepest} levels deep; the preview shows {MAX_NESTING}."
    indents = [len(m.group(0).expandtabs(4)) for m in _LIST_DEPTH.finditer(prose)]
    if indents and max(indents) > 4 * MAX_NESTING:
        return f"This list is nested too deeply to preview (more than {MAX_NESTING} levels)."
    if not preview_limits:
        return None
    if len(prose) > MAX_BLOCK_CHARS:
        return f"This block is over {MAX_BLOCK_CHARS:,} characters long; it is not previewed."
    unclosed = max(prose.count("[") - prose.count("]"), prose.count("(") - prose.count(")"))
    if unclosed > MAX_UNCLOSED_BRACKETS:
        return f"This block has {unclosed} unclosed brackets; it is not previewed."
    return None


def _without_fenced_code(text: str) -> str:
    """``text`` without the lines of its fenced code blocks (their fences included)."""
    if "```" not in text and "~~~" not in text:
        return text
    kept = []
    fence = ""
    for line in text.split("\n"):
        marker = _FENCE_LINE.match(line)
        if fence:
            if marker and marker.group(1).startswith(fence) and not line[marker.end() :].strip():
                fence = ""
        elif marker:
            fence = marker.group(1)
        else:
            kept.append(line)
    return "\n".join(kept)


def _message_html(message: str, mark_lines: bool) -> str:
    line = f' data-line="{LINE_MARK}"' if mark_lines else ""
    return f'<div class="render-problem"{line}><p>{html.escape(message)}</p></div>'


def _slug(text: str) -> str:
    """A GitHub-style heading slug: lowercase, punctuation dropped, spaces to hyphens."""
    slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
    return slug or "section"
