"""CommonMark's HTML grammar: inline tags, and how each of the seven kinds of HTML block
starts and ends."""

from __future__ import annotations

import re

_HTML_TAG_NAME = r"[A-Za-z][A-Za-z0-9-]*"
_HTML_ATTRIBUTE = (
    r"(?:\s+[a-zA-Z_:][a-zA-Z0-9_.:-]*"
    r"(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?)"
)
_OPEN_TAG = rf"<{_HTML_TAG_NAME}{_HTML_ATTRIBUTE}*\s*/?>"
_CLOSE_TAG = rf"</{_HTML_TAG_NAME}\s*>"
# Inline raw HTML: a tag, comment, processing instruction, declaration or CDATA section.
INLINE_HTML = (
    rf"{_OPEN_TAG}|{_CLOSE_TAG}|<!---->|<!--(?:-?[^>-])(?:-?[^-])*-->"
    r"|<\?.*?\?>|<![A-Z]+\s+[^>]*>|<!\[CDATA\[.*?\]\]>"
)
# Elements whose raw text may hold blank lines: an HTML block of kind 1 runs to their end tag.
RAW_TEXT_TAGS = frozenset({"pre", "script", "style", "textarea"})
# The block-level tags that start an HTML block of kind 6 (the GFM spec, 0.29-gfm, 4.6): the
# one list of HTML block tags, for the parser and for the preview's block split.
HTML_BLOCK_TAGS = frozenset(
    """address article aside base basefont blockquote body caption center col colgroup dd
    details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2
    h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav noframes ol
    optgroup option p param section source summary table tbody td tfoot th thead title tr
    track ul""".split()  # noqa: SIM905 - a word list reads better than 62 strings
)
# Elements without an end tag.
VOID_ELEMENTS = frozenset(
    "area base basefont br col embed frame hr img input link meta param source track wbr".split()  # noqa: SIM905
)
# The seven kinds of HTML block of the spec: how each starts and (for 1-5) how it ends.
HTML_BLOCK_OPEN = (
    re.compile(rf"<(?:{'|'.join(sorted(RAW_TEXT_TAGS))})(?:\s|>|$)", re.IGNORECASE),
    re.compile(r"<!--"),
    re.compile(r"<\?"),
    re.compile(r"<![A-Z]"),
    re.compile(r"<!\[CDATA\["),
    re.compile(rf"</?(?:{'|'.join(sorted(HTML_BLOCK_TAGS))})(?:\s|/?>|$)", re.IGNORECASE),
    re.compile(rf"(?:{_OPEN_TAG}|{_CLOSE_TAG})\s*$"),
)
HTML_BLOCK_CLOSE = (
    re.compile(rf"</(?:{'|'.join(sorted(RAW_TEXT_TAGS))})>", re.IGNORECASE),
    re.compile(r"-->"),
    re.compile(r"\?>"),
    re.compile(r">"),
    re.compile(r"\]\]>"),
)
