"""Attribute lists (``# Heading {#id .class}``) found in time linear in the text.

kramdown reads attribute lists on every block and span (Python-Markdown's attr_list); Hugo's
Goldmark only at the end of a heading, unless the site turns block attributes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListExtension, AttrListTreeprocessor, isheader


class TrailingAttributes:
    """Python-Markdown's pattern for attributes ending a heading or table cell, made linear.

    The stock pattern tried every " {" of the text and read each one to the end of the line:
    a heading of many "{" took time growing with their square. The attributes close the text,
    so the search runs only when the text ends with "}", and only on its last line; the space
    before "{" starts only where a run of spaces starts.
    """

    _PATTERN = re.compile(r"(?<![ ])[ ]+\{\:?[ ]*([^\}\n ][^\n]*)\}[ ]*$")
    _ENDS_WITH_BRACE = re.compile(r"\}[ ]*\n?\Z")

    def search(self, text: str) -> re.Match[str] | None:
        """The match the stock ``HEADER_RE.search(text)`` finds."""
        if self._ENDS_WITH_BRACE.search(text) is None:
            return None
        last_line = text.rfind("\n", 0, len(text) - 1) + 1
        return self._PATTERN.search(text, last_line)


class _AttrListTreeprocessor(AttrListTreeprocessor):
    HEADER_RE = TrailingAttributes()  # type: ignore[misc,assignment]


class LinearAttrListExtension(AttrListExtension):
    """Python-Markdown's attribute lists, with headings' attributes found in linear time."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the attribute list processor in place of the stock one."""
        md.treeprocessors.register(_AttrListTreeprocessor(md), "attr_list", 8)
        md.registerExtension(self)


class _Headings:
    """A document seen as its headings alone: attr_list's walk then reaches nothing else."""

    def __init__(self, document: Element) -> None:
        self.document = document

    def iter(self) -> Iterator[Element]:
        """The headings of the document, in order."""
        return (element for element in self.document.iter() if isheader(element))


class _HeadingAttributesTreeprocessor(_AttrListTreeprocessor):
    """attr_list's rules for a heading's trailing ``{…}``, applied to headings only."""

    def run(self, doc: Element) -> None:
        """Set the attributes written at the end of each heading."""
        super().run(_Headings(doc))  # type: ignore[arg-type]


class HeadingAttributesExtension(Extension):
    """``{#id .class key=value}`` at the end of a heading becomes its attributes (Goldmark)."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Register where attr_list would be."""
        md.treeprocessors.register(_HeadingAttributesTreeprocessor(md), "attr_list", 8)
