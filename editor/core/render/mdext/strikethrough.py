"""GFM strikethrough: ``~one~`` or ``~~two~~`` tildes make ``<del>``.

cmark-gfm, remark-gfm and goldmark all accept one or two tildes. pymdownx.tilde reads a single
tilde as subscript (and then treats ``\\ `` as an escaped space), so the tilde delimiter is added
to the CommonMark delimiter processor that pymdownx.betterem sets up instead.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString
from pymdownx.delimiterprocessor import Delimiter, DelimiterProcessor


class LongTildeRunProcessor(InlineProcessor):
    """Three or more tildes in a row are text: they neither open nor close a strikethrough."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(r"~{3,}", md)

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str | None, int | None, int | None]:
        """The run, kept away from the delimiter processor."""
        return AtomicString(m.group(0)), m.start(), m.end()


class StrikethroughExtension(Extension):
    """Add ``~`` to the emphasis delimiters, producing ``<del>`` for one or two tildes."""

    def __init__(self, **kwargs: Any) -> None:
        self.processor: DelimiterProcessor | None = None
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        """Share betterem's delimiter processor when there is one, else register our own."""
        md.registerExtension(self)
        md.inlinePatterns.register(LongTildeRunProcessor(md), "long_tilde_run", 61)
        tilde = Delimiter("~", "del,del", punct=True)
        if "delimiter" in md.inlinePatterns:
            existing = md.inlinePatterns["delimiter"]
            if isinstance(existing, DelimiterProcessor):
                existing.add(tilde)
                return
        self.processor = DelimiterProcessor(tilde, md)
        md.inlinePatterns.register(self.processor, "delimiter", 60)

    def reset(self) -> None:
        """Forget delimiters of the previous document (only for a processor of our own)."""
        if self.processor is not None:
            self.processor.reset()
