"""Attributes on headings only, as Hugo's Goldmark reads them by default: ``## Title {#id .x}``.

kramdown reads attribute lists on every block and span (Python-Markdown's attr_list); Goldmark
only at the end of a heading, unless the site turns block attributes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor, isheader


class _Headings:
    """A document seen as its headings alone: attr_list's walk then reaches nothing else."""

    def __init__(self, document: Element) -> None:
        self.document = document

    def iter(self) -> Iterator[Element]:
        """The headings of the document, in order."""
        return (element for element in self.document.iter() if isheader(element))


class HeadingAttributesTreeprocessor(AttrListTreeprocessor):
    """attr_list's rules for a heading's trailing ``{…}``, applied to headings only."""

    def run(self, doc: Element) -> None:
        """Set the attributes written at the end of each heading."""
        super().run(_Headings(doc))  # type: ignore[arg-type]


class HeadingAttributesExtension(Extension):
    """``{#id .class key=value}`` at the end of a heading becomes its attributes."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Register where attr_list would be."""
        md.treeprocessors.register(HeadingAttributesTreeprocessor(md), "attr_list", 8)
