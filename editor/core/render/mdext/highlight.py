"""Fenced and indented code in the element tree, highlighted by editor.core.render.highlight."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.util import AtomicString, code_escape

from editor.core.render.highlight import highlight_code


def highlight_into(code: etree.Element, text: str, language: str, md: Markdown) -> None:
    """Fill ``code`` with ``text``, highlighted when Pygments knows ``language``.

    The spans go through Python-Markdown's HTML stash rather than the element tree: a long
    code block would otherwise become thousands of elements for the inline pass to walk.
    """
    spans = highlight_code(text, language) if language else None
    if spans is None:
        code.text = AtomicString(code_escape(text))
    else:
        code.text = AtomicString(md.htmlStash.store(spans))
