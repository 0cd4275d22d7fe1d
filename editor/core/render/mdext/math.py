"""Math, where the blog treats it as math: never parsed as Markdown, shown as MathML.

The preview runs no scripts, so the TeX a blog hands to MathJax or KaTeX is turned into MathML
here (latex2mathml), with the TeX kept as the formula's annotation. kramdown reads ``$$…$$``
only: a formula alone in its paragraph is displayed, one inside a sentence is inline.
remark-math also reads ``$…$`` inline; Hugo's passthrough reads the delimiters the site names,
``\\(…\\)`` and ``\\[…\\]`` among them. A formula latex2mathml cannot read is shown as its source.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Any

from latex2mathml.converter import convert as latex_to_mathml
from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from editor.core.render.dialects import DOLLAR_MATH

# $$…$$ (either dialect), then $…$ with no space inside its ends (dollar dialects only): a
# price ("$5 and $10") is no formula.
_DISPLAY = r"(?<![\\$])\$\$(?P<display>.+?)(?<!\\)\$\$"
_INLINE = r"(?<![\\$])\$(?![\s$])(?P<inline>[^$\n]+?)(?<![\s\\])\$(?!\d)"
# LaTeX's own delimiters, where the blog names them (Hugo's passthrough settings).
_LATEX_DISPLAY = r"\\\[(?P<latex_display>.+?)\\\]"
_LATEX_INLINE = r"\\\((?P<latex_inline>.+?)\\\)"
_OPENING_TAG = re.compile(r"^<math\b[^>]*>")


def formula_html(tex: str, display: bool) -> str:
    """MathML for ``tex`` with the TeX as its annotation; the source when it can't be read."""
    try:
        mathml = latex_to_mathml(tex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds for TeX it cannot read
        kind = "math-source math-display" if display else "math-source"
        return f'<code class="{kind}">{html.escape(tex)}</code>'
    opening = _OPENING_TAG.match(mathml)
    if opening is None:
        return mathml
    annotation = f'<annotation encoding="application/x-tex">{html.escape(tex)}</annotation>'
    inner = mathml[opening.end() : -len("</math>")]
    return f"{opening.group(0)}<semantics>{inner}{annotation}</semantics></math>"


class MathProcessor(InlineProcessor):
    """A formula becomes MathML, stashed so that no Markdown rule touches it."""

    def __init__(self, pattern: str, md: Markdown) -> None:
        super().__init__(pattern, md)

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[str | etree.Element | None, int | None, int | None]:
        """Stash the formula's MathML; displayed when it stands alone in its paragraph."""
        found = {name: tex for name, tex in m.groupdict().items() if tex is not None}
        name, tex = next(iter(found.items()))
        if name == "display":
            # kramdown's rule, and remark-math's: displayed when alone in its paragraph.
            display = not (data[: m.start()] + data[m.end() :]).strip()
        else:
            display = name == "latex_display"
        return self.md.htmlStash.store(formula_html(tex.strip(), display)), m.start(), m.end()


class MathExtension(Extension):
    """Math delimiters of one dialect (``editor.core.render.dialects``: kramdown's or dollars)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "math": [DOLLAR_MATH, "which delimiters: kramdown or dollars"],
            "latex": [False, "\\( \\) and \\[ \\] too"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        """Register before every pattern but code spans: a formula is no Markdown."""
        patterns = [_DISPLAY]
        if self.getConfig("math") == DOLLAR_MATH:
            patterns.append(_INLINE)
        if self.getConfig("latex"):
            patterns += [_LATEX_DISPLAY, _LATEX_INLINE]
        md.inlinePatterns.register(MathProcessor("|".join(patterns), md), "math", 189.5)
