"""Python-Markdown extensions that make the preview render CommonMark/GFM like the blogs do.

The blogs that posts are exported to render CommonMark with GFM (remark, goldmark); these
extensions close Python-Markdown's gap to it. ``benchmarks/fidelity.py`` measures the result
against the GFM spec examples.
"""

from __future__ import annotations

from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.toc import TocExtension
from pymdownx.betterem import BetterEmExtension
from pymdownx.magiclink import MagiclinkExtension

from editor.core.mdext.attrs import LinearAttrListExtension
from editor.core.mdext.commonmark import CommonMarkExtension
from editor.core.mdext.strikethrough import StrikethroughExtension


def extensions() -> list[Extension]:
    """The extensions the preview's Markdown instance is built with (new instances each call).

    Instances rather than names: Python-Markdown looks a name up among every installed
    package's entry points, which costs the window tens of milliseconds at start-up.

    - CommonMark blocks (lists, quotes, headings, fenced and indented code highlighted by
      Pygments with ``class="language-x"``, HTML blocks, GFM tables and task lists) and
      CommonMark inlines (links, images, autolinks, raw HTML, code spans, hard breaks);
    - footnotes, attribute lists and heading ids (Python-Markdown's own; attribute lists
      found in linear time);
    - CommonMark emphasis (pymdownx.betterem) and GFM strikethrough on the same delimiter rules;
    - GFM's extended autolinks for bare URLs, ``www.`` and e-mail addresses (pymdownx.magiclink).
    """
    return [
        CommonMarkExtension(),
        FootnoteExtension(),
        LinearAttrListExtension(),
        TocExtension(),
        BetterEmExtension(),
        StrikethroughExtension(),
        MagiclinkExtension(),
    ]
