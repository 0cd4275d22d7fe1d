"""Python-Markdown extensions that make the preview render a post as its blog does.

The blogs that posts are exported to render CommonMark, each with its own additions (remark,
goldmark, kramdown, cmark-gfm); ``extensions(dialect)`` builds the set for one blog's dialect
(``editor.core.render.dialects``). ``benchmarks/fidelity.py`` measures the result against the GFM
spec examples and against the blog engines themselves.
"""

from __future__ import annotations

from markdown.extensions import Extension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.toc import TocExtension
from pymdownx.betterem import BetterEmExtension
from pymdownx.magiclink import MagiclinkExtension

from editor.core.render.dialects import (
    ALL_ATTRIBUTES,
    HEADING_ATTRIBUTES,
    NO_MATH,
    Dialect,
    default_dialect,
)
from editor.core.render.mdext.attrs import HeadingAttributesExtension, LinearAttrListExtension
from editor.core.render.mdext.commonmark import CommonMarkExtension
from editor.core.render.mdext.math import MathExtension
from editor.core.render.mdext.strikethrough import StrikethroughExtension
from editor.core.render.mdext.templates import TemplateExtension
from editor.core.render.mdext.typography import TypographyExtension


def extensions(dialect: Dialect | None = None) -> list[Extension]:
    """The extensions a Markdown instance for ``dialect`` is built with (new instances each call).

    Without a dialect, the html site's: CommonMark + GFM. Instances rather than names:
    Python-Markdown looks a name up among every installed package's entry points, which costs
    the window tens of milliseconds at start-up.

    - CommonMark blocks (lists, quotes, headings, fenced and indented code highlighted by
      Pygments with ``class="language-x"``, HTML blocks, GFM tables and task lists when the
      blog has GFM) and CommonMark inlines (links, images, autolinks, raw HTML, code spans,
      hard breaks); raw HTML the blog removes is replaced by an empty mark;
    - footnotes, definition lists where the blog has them, and heading ids (Python-Markdown's
      own), attribute lists where the blog reads
      them (kramdown everywhere, Goldmark on headings), found in linear time;
    - CommonMark emphasis (pymdownx.betterem) and GFM strikethrough on the same delimiter rules;
    - GFM's extended autolinks for bare URLs, ``www.`` and e-mail addresses (pymdownx.magiclink)
      where the blog links them;
    - smart quotes, dashes and ellipses where the blog curls them
      (editor.core.render.mdext.typography);
    - math as MathML where the blog renders math (editor.core.render.mdext.math);
    - Jekyll's Liquid and Hugo's shortcodes, expanded where Postdesk knows their output and
      labelled otherwise (editor.core.render.mdext.templates).
    """
    dialect = dialect or default_dialect("html")
    dropped = "" if dialect.raw_html else dialect.fix_for("raw_html")
    chosen: list[Extension] = [
        CommonMarkExtension(
            gfm=dialect.gfm,
            dropped_html=dropped,
            whole_elements=dialect.whole_elements,
            escapable=dialect.escapable or "",
        )
    ]
    if dialect.footnotes:
        chosen.append(FootnoteExtension())
    if dialect.definition_lists:
        chosen.append(DefListExtension())
    if dialect.attributes == ALL_ATTRIBUTES:
        chosen.append(LinearAttrListExtension())
    elif dialect.attributes == HEADING_ATTRIBUTES:
        chosen.append(HeadingAttributesExtension())
    chosen += [TocExtension(), BetterEmExtension()]
    if dialect.gfm:
        chosen.append(StrikethroughExtension())
    if dialect.linkify:
        chosen.append(MagiclinkExtension())
    if dialect.typographer:
        chosen.append(TypographyExtension())
    if dialect.math != NO_MATH:
        chosen.append(MathExtension(math=dialect.math, latex=dialect.latex_math))
    if dialect.templates:
        chosen.append(TemplateExtension(language=dialect.templates))
    return chosen
