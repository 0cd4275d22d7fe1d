"""Render a post's body to preview HTML as line-tagged blocks (the page is editor.core.render.page).

The body is split into top-level blocks (``editor.core.render.blocks``) and each block is converted
on its own with Python-Markdown, knowing the document-level context it uses: the reference
link definitions, the footnote numbers and how many references to each footnote came before
it. A block's HTML is cached under its text and that context, so after a one-character edit
only the touched block runs through Markdown again. Heading ids (unique across the document)
and ``data-line`` attributes are filled into the cached HTML at the end, so blocks that only
moved are not re-rendered either. Abbreviations (``*[HTML]: ...``) are not context: the blogs'
CommonMark renderers show such a line as text, and so does the preview.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from editor.core.render.blocks import BlockSplitter, SourceBlock, normalize_newlines, split_blocks
from editor.core.render.convert import (
    FOOTNOTE_REFERENCE,
    HEADING_MARK,
    LINE_MARK,
    UNIT_SEPARATOR,
    BlockConverter,
)
from editor.core.render.dialects import Dialect, default_dialect
from editor.core.render.surprises import block_surprises, shows_everything

# The preview shows at most this much of a body: Python-Markdown takes about a second per
# megabyte of prose, so a 20 MB document would hold the preview (or ``postdesk render``) for
# tens of seconds. The first part is rendered and a message ends the page. The line limit
# bounds documents of many tiny blocks, whose cost is per block rather than per character.
MAX_PREVIEW_CHARS = 2_000_000
MAX_PREVIEW_LINES = 100_000

_BACKLINK_TITLE = "Jump back to footnote {} in the text"


@dataclass(frozen=True)
class Block:
    """One rendered top-level block of the body.

    ``key`` identifies the block's content (its source and the context it uses, not its
    line), unique within one RenderedBody: an unchanged key means unchanged HTML except
    for the ``data-line`` values, which follow ``line``.
    """

    line: int
    html: str
    key: str


@dataclass(frozen=True)
class RenderedBody:
    """The rendered body: its blocks in page order (the footnotes, when any, come last)."""

    blocks: tuple[Block, ...]

    @functools.cached_property
    def html(self) -> str:
        """All blocks joined, as the page's ``#post-body`` holds them."""
        return "\n".join(block.html for block in self.blocks)


@dataclass(frozen=True)
class _Fragment:
    """A converted block: HTML with marks for its line and heading ids, and what it used."""

    template: str
    headings: tuple[tuple[str, bool], ...]  # (slug base or explicit id, explicit?)
    footnote_refs: tuple[tuple[str, int], ...]  # references emitted per footnote id
    definitions: tuple[tuple[str, Any], ...]  # reference definitions the block made
    digest: str


@dataclass(frozen=True)
class _Facts:
    """What a block's text defines and may use, found without rendering it."""

    labels: tuple[str, ...]  # normalised [bracketed] texts: possible reference labels
    footnote_ids: tuple[str, ...]  # ids in [^id]: possible footnote references
    footnote: tuple[str, str] | None  # (id, Markdown text) when the block defines a footnote


class Renderer:
    """Renders bodies block by block, keeping caches so a small edit re-renders one block.

    Not thread-safe: use one Renderer per thread. ``on_block_render`` (if set) is called
    with the Markdown text of every block that actually goes through Markdown. A body over
    MAX_PREVIEW_CHARS or MAX_PREVIEW_LINES is rendered only up to there, ending with a
    message, unless ``whole`` is set (an export publishes every line, however long it takes).
    """

    def __init__(
        self,
        on_block_render: Callable[[str], None] | None = None,
        *,
        whole: bool = False,
        dialect: Dialect | None = None,
    ) -> None:
        self.on_block_render = on_block_render
        self.whole = whole
        self.dialect = dialect or default_dialect("html")
        self._dialect_key = repr(self.dialect)
        self._converter = BlockConverter(preview_limits=not whole, dialect=self.dialect)
        self._fragments: dict[_FragmentKey, _Fragment] = {}
        self._facts: dict[str, _Facts] = {}
        self._definitions: dict[str, tuple[tuple[str, Any], ...]] = {}
        self._references: dict[str, Any] = {}
        self._splitter = BlockSplitter()
        self._filled: dict[tuple[Any, ...], Block] = {}
        self._used_refs_for: dict[str, Any] = {}
        self._used_refs: dict[str, tuple[Any, ...]] = {}

    def render_body(self, body: str, first_line: int = 1) -> RenderedBody:
        """Render ``body`` (whose first line is line ``first_line`` of the file) to blocks."""
        if UNIT_SEPARATOR in body:
            body = body.replace(UNIT_SEPARATOR, "\ufffd")
        body = normalize_newlines(body)
        shown = body if self.whole else _preview_part(body)
        source_blocks = self._splitter.split(shown, first_line)
        # Facts depend on the text alone: identical blocks (a repeated snippet) share them.
        known_facts = self._facts
        new_facts: dict[str, _Facts] = {}
        facts = []
        for source_block in source_blocks:
            fact = new_facts.get(source_block.text)
            if fact is None:
                fact = known_facts.get(source_block.text) or self._find_facts(source_block)
                new_facts[source_block.text] = fact
            facts.append(fact)
        fragments: dict[_FragmentKey, _Fragment] = {}

        # Reference definitions are whatever Markdown's parser records while converting a
        # block; a block not converted before is converted with the last document's
        # references first, which is usually already its final context.
        guess = _Pass(self, fragments, self._references, {})
        references: dict[str, Any] = {}
        definitions: dict[str, tuple[tuple[str, Any], ...]] = {}
        footnotes: dict[str, tuple[str, int]] = {}
        for block, fact in zip(source_blocks, facts, strict=True):
            if fact.footnote is not None:
                footnotes.setdefault(fact.footnote[0], (fact.footnote[1], block.line))
                continue
            if "]:" not in block.text:
                continue
            known = self._definitions.get(block.text)
            if known is None:
                known = guess.convert(block.text, fact, mark_lines=True).definitions
            definitions[block.text] = known
            for label, value in known:
                references.setdefault(label, value)

        numbers = {note: n for n, note in enumerate(footnotes, start=1)}
        final = _Pass(self, fragments, references, numbers)
        rendered = [
            (block.line, final.convert(block.text, fact, mark_lines=True))
            for block, fact in zip(source_blocks, facts, strict=True)
            if fact.footnote is None
        ]
        notes = [
            (note, final.convert(text, self._find_facts(SourceBlock(text, line, "note")), False))
            for note, (text, line) in footnotes.items()
        ]

        self._fragments = {key: fragments[key] for key in final.used}
        self._facts = new_facts
        self._definitions = definitions
        self._references = references
        self._used_refs_for = references
        self._used_refs = {
            text: final.used_refs[text] for text in self._facts if text in final.used_refs
        }

        # Filling in lines and heading ids is cached too: blocks that did not move and whose
        # ids did not change come back as the same Block objects.
        slugger = _Slugger()
        filled: dict[tuple[Any, ...], Block] = {}
        blocks = []
        for line, fragment in rendered:
            if fragment.template:
                ids = _heading_ids(fragment, slugger) if fragment.headings else []
                blocks.append(self._filled_block(filled, fragment, line, ids))
        if notes:
            first_definition = min(line for _, line in footnotes.values())
            parts = [
                (
                    note,
                    fragment,
                    max(1, final.seen_refs.get(note, 0)),
                    _heading_ids(fragment, slugger),
                )
                for note, fragment in notes
            ]
            cache_key = (
                "footnotes",
                first_definition,
                repr([(n, f.digest, c, i) for n, f, c, i in parts]),
            )
            section = self._filled.get(cache_key) or _footnotes_block(
                parts, first_definition, self.dialect
            )
            filled[cache_key] = section
            blocks.append(section)
        if len(shown) < len(body):
            blocks.append(_cut_off_block(body, len(shown), first_line))
        self._filled = filled
        return RenderedBody(tuple(_unique_keys(blocks)))

    def _find_facts(self, block: SourceBlock) -> _Facts:
        """The block's facts; on a blog without footnotes a definition is just text."""
        facts = _find_facts(block)
        if self.dialect.footnotes or not (facts.footnote or facts.footnote_ids):
            return facts
        return _Facts(facts.labels, (), None)

    def _filled_block(
        self,
        filled: dict[tuple[Any, ...], Block],
        fragment: _Fragment,
        line: int,
        ids: list[str],
    ) -> Block:
        """The fragment with its line and heading ids filled in (cached)."""
        cache_key = (fragment.digest, line, *ids)
        block = self._filled.get(cache_key)
        if block is None:
            block = _fill(fragment, line, ids)
        filled[cache_key] = block
        return block

    def _convert(
        self,
        text: str,
        references: tuple[tuple[str, Any], ...],
        footnotes: tuple[tuple[str, int, int], ...],
        mark_lines: bool,
    ) -> _Fragment:
        """Run one block through Markdown with the given document context."""
        if self.on_block_render is not None:
            self.on_block_render(text)
        converted = self._converter.convert(text, references, footnotes, mark_lines)
        template = converted.html
        if mark_lines and not shows_everything(self.dialect):
            template = _with_blog_notes(template, text, self.dialect)
        return _Fragment(
            template=template,
            headings=converted.headings,
            footnote_refs=converted.footnote_refs,
            definitions=converted.definitions,
            # The dialect is part of a block's identity: the preview patches a block only when
            # its key changes, and Preview As changes the HTML of the same text.
            digest=_digest(repr((self._dialect_key, text, references, footnotes, mark_lines))),
        )


_FragmentKey = str | tuple[str, tuple[Any, ...], tuple[Any, ...], bool]


class _Pass:
    """One walk over the blocks in document order with a fixed reference/footnote context."""

    def __init__(
        self,
        renderer: Renderer,
        fragments: dict[_FragmentKey, _Fragment],
        references: dict[str, Any],
        numbers: dict[str, int],
    ) -> None:
        self.renderer = renderer
        self.fragments = fragments
        self.references = references
        self.numbers = numbers
        self.by_normal_label: dict[str, list[str]] = {}
        for label in references:
            self.by_normal_label.setdefault(_normal_label(label), []).append(label)
        self.seen_refs: dict[str, int] = {}
        self.used: list[_FragmentKey] = []
        # The definitions each block text uses, kept while the document's references stay.
        if references == renderer._used_refs_for:
            self.used_refs = renderer._used_refs
        else:
            self.used_refs = {}

    def convert(self, text: str, fact: _Facts, mark_lines: bool) -> _Fragment:
        """The block's fragment for this context: from a cache, else converted now."""
        used_refs: tuple[Any, ...] = ()
        if fact.labels and self.by_normal_label:
            known = self.used_refs.get(text)
            if known is None:
                known = self.used_refs[text] = tuple(
                    (label, self.references[label])
                    for normal in fact.labels
                    for label in self.by_normal_label.get(normal, ())
                )
            used_refs = known
        used_notes: tuple[Any, ...] = ()
        if fact.footnote_ids and self.numbers:
            used_notes = tuple(
                (note, self.numbers[note], self.seen_refs.get(note, 0))
                for note in fact.footnote_ids
                if note in self.numbers
            )
        # Most blocks use no context: their text alone is the key (cheaper to hash).
        key: _FragmentKey = (
            (text, used_refs, used_notes, mark_lines)
            if used_refs or used_notes or not mark_lines
            else text
        )
        fragment = self.fragments.get(key) or self.renderer._fragments.get(key)
        if fragment is None:
            fragment = self.renderer._convert(text, used_refs, used_notes, mark_lines)
        self.fragments[key] = fragment
        self.used.append(key)
        if fragment.footnote_refs:
            for note, count in fragment.footnote_refs:
                self.seen_refs[note] = self.seen_refs.get(note, 0) + count
        return fragment


def render_body(body: str, first_line: int = 1) -> RenderedBody:
    """Render ``body`` once, without keeping caches (see Renderer for repeated renders)."""
    return Renderer().render_body(body, first_line)


# --- facts, context and assembly ------------------------------------------------------------

# Label texts, backslash escapes included (``[ref\[]`` is a label in CommonMark). Escapes are
# matched on their own too, so that no search starts at an escaped bracket and runs on.
_BRACKETED = re.compile(r"\\.|\[((?:[^\[\]\\]|\\.)*)\]", re.DOTALL)
_FOOTNOTE_USE = re.compile(FOOTNOTE_REFERENCE)
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]]*)\]:[ ]*(.*)$")


def _normal_label(label: str) -> str:
    return " ".join(label.split()).casefold()


_NO_FACTS = _Facts((), (), None)


def _find_facts(block: SourceBlock) -> _Facts:
    """What ``block`` may refer to, and the footnote it defines (if it is a definition)."""
    text = block.text
    footnote = None
    if block.kind == "footnote":
        first, _, rest = text.partition("\n")
        definition = _FOOTNOTE_DEFINITION.match(first)
        if definition is not None:
            continuation = "\n".join(
                line[4:] if line.startswith("    ") else line for line in rest.split("\n")
            )
            footnote = (
                definition.group(1),
                f"{definition.group(2)}\n{continuation}".strip("\n").rstrip(),
            )
    if "[" not in text:
        return _NO_FACTS if footnote is None else _Facts((), (), footnote)
    return _Facts(
        labels=tuple(
            sorted(
                {
                    _normal_label(match.group(1))
                    for match in _BRACKETED.finditer(text)
                    if match.group(1) is not None
                }
            )
        ),
        footnote_ids=tuple(sorted(set(_FOOTNOTE_USE.findall(text)))) if "[^" in text else (),
        footnote=footnote,
    )


def _preview_part(body: str) -> str:
    """``body``, or its first part when it is over MAX_PREVIEW_CHARS or MAX_PREVIEW_LINES.

    The cut falls at a blank line (between blocks) when there is one in the second half of
    the part, else at a line end, else (one enormous line) at the character limit.
    """
    if len(body) <= MAX_PREVIEW_CHARS and body.count("\n") < MAX_PREVIEW_LINES:
        return body
    end = min(len(body), MAX_PREVIEW_CHARS)
    if body.count("\n", 0, end) >= MAX_PREVIEW_LINES:
        # What follows the last of the first MAX_PREVIEW_LINES line breaks is what is cut.
        end = len(body) - len(body.split("\n", MAX_PREVIEW_LINES)[-1])
    if end >= len(body):
        return body
    blank = body.rfind("\n\n", end // 2, end)
    if blank != -1:
        return body[: blank + 2]
    line_end = body.rfind("\n", 0, end)
    return body[: line_end + 1] if line_end != -1 else body[:end]


def _cut_off_block(body: str, shown: int, first_line: int) -> Block:
    """The message that ends a body cut for the preview: where it stops and what is left out."""
    line = first_line + body.count("\n", 0, shown)
    last = first_line + body.count("\n") - (1 if body.endswith("\n") else 0)
    message = (
        f"The preview stops here, at line {line:,}: the document is over"
        f" {MAX_PREVIEW_CHARS:,} characters or {MAX_PREVIEW_LINES:,} lines long, so lines"
        f" {line:,} to {last:,} are not shown in the preview."
    )
    return Block(
        line=line,
        html=f'<div class="render-problem" data-line="{line}"><p>{html.escape(message)}</p></div>',
        key=_digest("cut-off", message),
    )


class _Slugger:
    """Heading ids unique across the document: ``intro``, ``intro-1``, ``intro-2`` (as GitHub)."""

    def __init__(self) -> None:
        self.taken: dict[str, int] = {}

    def reserve(self, heading_id: str) -> None:
        self.taken.setdefault(heading_id, 0)

    def unique(self, base: str) -> str:
        result = base
        while result in self.taken:
            self.taken[base] += 1
            result = f"{base}-{self.taken[base]}"
        self.taken[result] = 0
        return result


def _heading_ids(fragment: _Fragment, slugger: _Slugger) -> list[str]:
    ids = []
    for value, explicit in fragment.headings:
        if explicit:
            slugger.reserve(value)
        else:
            ids.append(slugger.unique(value))
    return ids


def _with_ids(template: str, ids: list[str]) -> str:
    if not ids:
        return template
    parts = template.split(HEADING_MARK)
    out = [parts[0]]
    for heading_id, part in zip(ids, parts[1:], strict=False):
        out.append(html.escape(heading_id))
        out.append(part)
    return "".join(out)


def _fill(fragment: _Fragment, line: int, ids: list[str]) -> Block:
    text = _with_ids(fragment.template, ids).replace(LINE_MARK, str(line))
    key = fragment.digest if not ids else _digest(fragment.digest, *ids)
    return Block(line=line, html=text, key=key)


_FIRST_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9-]*")


def _with_blog_notes(template: str, text: str, dialect: Dialect) -> str:
    """The block's HTML with what its blog shows otherwise (``check``'s warnings) noted on
    its first element, for the preview to mark; raw HTML has its own mark already."""
    notes = dict.fromkeys(
        surprise.message
        for block in split_blocks(text)
        for surprise in block_surprises(block, dialect)
        if surprise.feature != "raw_html"
    )
    first = _FIRST_TAG.match(template)
    if not notes or first is None:
        return template
    note = html.escape(" · ".join(notes), quote=True)
    return f'{template[: first.end()]} data-blog-note="{note}"{template[first.end() :]}'


def _footnotes_block(
    parts: list[tuple[str, _Fragment, int, list[str]]], line: int, dialect: Dialect
) -> Block:
    """The footnote list, numbered in definition order, with links back to each reference,
    drawn as the blog of ``dialect`` draws it.

    ``parts`` holds, per footnote: its id, its rendered text, how many references point to
    it and the ids of headings inside it.
    """
    backlink = dialect.footnote_backlink
    items = []
    key_parts = []
    for number, (note, fragment, references, ids) in enumerate(parts, start=1):
        content = _with_ids(fragment.template, ids)
        title = _attr(_BACKLINK_TITLE.format(number))
        backlinks = "".join(
            f'<a class="footnote-backref" href="#{"fnref" if n == 1 else f"fnref{n}"}:'
            f'{_attr(note)}" title="{title}">{backlink}</a>'
            for n in range(1, references + 1)
        )
        if content.endswith("</p>"):
            content = f"{content[:-4]}&#160;{backlinks}</p>"
        elif content:
            content = f"{content}\n<p>{backlinks}</p>"
        items.append(f'<li id="fn:{_attr(note)}">\n{content}\n</li>')
        key_parts += [note, fragment.digest, str(references), *ids]
    rule = "<hr />\n" if dialect.footnote_rule else ""
    section = (
        f'<div class="footnote" data-line="{line}">\n{rule}<ol>\n'
        + "\n".join(items)
        + "\n</ol>\n</div>"
    )
    return Block(line=line, html=section, key=_digest("footnotes", repr(dialect), *key_parts))


def _unique_keys(blocks: list[Block]) -> list[Block]:
    """The blocks with repeated keys (identical blocks) made unique by their order."""
    if len({block.key for block in blocks}) == len(blocks):
        return blocks
    seen: dict[str, int] = {}
    result = []
    for block in blocks:
        count = seen.get(block.key, 0)
        seen[block.key] = count + 1
        if count:
            block = Block(line=block.line, html=block.html, key=f"{block.key}~{count}")
        result.append(block)
    return result


def _digest(*parts: str) -> str:
    joined = "\x00".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(joined, digest_size=12).hexdigest()


def _attr(value: str) -> str:
    return html.escape(value, quote=True)
