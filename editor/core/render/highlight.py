"""Code highlighting: Pygments tokens as classed spans, and token colours for both themes.

The spans carry Pygments' short CSS class names (``k``, ``nf``...), so the stylesheets made
by ``pygments_css`` colour them in either theme.
"""

from __future__ import annotations

import functools
import html

from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES, _TokenType
from pygments.util import ClassNotFound

# Light and dark Pygments styles behind the preview's two themes.
PYGMENTS_STYLES = {"light": "default", "dark": "github-dark"}


@functools.lru_cache(maxsize=2048)
def highlight_code(code: str, language: str) -> str | None:
    """``code`` as Pygments-classed spans (runs of one class merged); None for an unknown language.

    Cached by language and code: while the writer types, the code blocks they are not
    editing come back without being highlighted again.
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
        f'<span class="{css_class}">{_text(value)}</span>' if css_class else _text(value)
        for css_class, value in runs
    )


def _css_class(token_type: _TokenType) -> str:
    """The CSS class Pygments' HtmlFormatter gives a token type (``k``, ``nf``...)."""
    suffix = ""
    current: _TokenType | None = token_type
    name = STANDARD_TYPES.get(token_type)
    while name is None and current is not None:
        suffix = current[-1] + suffix
        current = current.parent
        name = STANDARD_TYPES.get(current) if current is not None else ""
    return (name or "") + suffix


def _text(value: str) -> str:
    return html.escape(value, quote=False)


@functools.lru_cache(maxsize=256)
def _lexer(language: str) -> Lexer | None:
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@functools.cache
def pygments_css(theme: str) -> str:
    """Pygments token colours for ``theme`` ("light" or "dark"), scoped to that theme."""
    check_theme(theme)
    formatter = HtmlFormatter(style=PYGMENTS_STYLES[theme])
    # Light is the default: it also applies to a page without data-theme.
    root = ':root[data-theme="dark"]' if theme == "dark" else ':root:not([data-theme="dark"])'
    background = formatter.style.background_color or "transparent"
    return "\n".join(
        [
            f"{root} {{ --code-bg: {background}; }}",
            *formatter.get_token_style_defs(f"{root} .highlight"),  # type: ignore[no-untyped-call]
        ]
    )


def check_theme(theme: str) -> None:
    """Refuse a theme the preview has no styles for (ValueError)."""
    if theme not in PYGMENTS_STYLES:
        raise ValueError(f"unknown theme {theme!r}: use 'light' or 'dark'")
