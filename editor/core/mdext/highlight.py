"""Code block highlighting: Pygments tokens as ``<span class>`` elements inside ``<code>``.

The spans carry Pygments' short CSS class names (``k``, ``nf``...), so any stylesheet made with
``HtmlFormatter().get_style_defs(".highlight")`` colours them.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.util import AtomicString, code_escape
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES, _TokenType
from pygments.util import ClassNotFound


def _css_class(token_type: _TokenType) -> str:
    """The Pygments CSS class of a token type (as HtmlFormatter names it)."""
    name = STANDARD_TYPES.get(token_type)
    suffix = ""
    current: _TokenType | None = token_type
    while name is None and current is not None:
        suffix = current[-1] + suffix
        current = current.parent
        name = STANDARD_TYPES.get(current) if current is not None else ""
    return (name or "") + suffix


@functools.lru_cache(maxsize=256)
def _lexer(language: str) -> Lexer | None:
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@functools.lru_cache(maxsize=1024)
def highlighted_html(code: str, language: str) -> str | None:
    """``code`` as Pygments-classed ``<span>`` elements; None for an unknown language.

    Cached: while the writer types, the code blocks they are not editing come back unchanged.
    """
    lexer = _lexer(language.lower())
    if lexer is None:
        return None
    runs: list[tuple[str, str]] = []
    for token_type, value in lexer.get_tokens(code):
        css_class = _css_class(token_type)
        if runs and runs[-1][0] == css_class:
            runs[-1] = (css_class, runs[-1][1] + value)
        else:
            runs.append((css_class, value))
    return "".join(
        f'<span class="{css_class}">{code_escape(text)}</span>' if css_class else code_escape(text)
        for css_class, text in runs
    )


def highlight_into(code: etree.Element, text: str, language: str, md: Markdown) -> None:
    """Fill ``code`` with ``text``, highlighted when Pygments knows ``language``.

    The spans go through Python-Markdown's HTML stash rather than the element tree: a long
    code block would otherwise become thousands of elements for the inline pass to walk.
    """
    spans = highlighted_html(text, language) if language else None
    if spans is None:
        code.text = AtomicString(code_escape(text))
    else:
        code.text = AtomicString(md.htmlStash.store(spans))
