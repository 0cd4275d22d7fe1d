"""Normalise HTML so that two renderings of the same document compare equal.

Used by the fidelity benchmark and the spec tests: whitespace between block tags, attribute
order, self-closing forms and entity spellings are made canonical; ``data-line`` and ``id``
attributes are dropped; Pygments markup is reduced to plain ``<pre><code>`` text.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

# Tags around which whitespace carries no meaning (as in the CommonMark spec's normaliser).
_BLOCK_TAGS = frozenset(
    {
        *("article", "aside", "blockquote", "body", "button", "canvas", "caption", "col"),
        *("colgroup", "dd", "div", "dl", "dt", "embed", "fieldset", "figcaption", "figure"),
        *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup"),
        *("hr", "html", "iframe", "li", "map", "meta", "object", "ol", "output", "p", "pre"),
        *("progress", "script", "section", "style", "table", "tbody", "td", "textarea"),
        *("tfoot", "th", "thead", "title", "tr", "ul", "video"),
    }
)
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
_DROPPED_ATTRIBUTES = frozenset({"data-line", "id"})
_BOOLEAN_ATTRIBUTES = frozenset({"disabled", "checked"})
_SPACES = re.compile(r"\s+")


class _Normaliser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open_tags: list[str] = []
        # Pygments wraps code in <div class="highlight">; those wrappers are set aside.
        self.skipped_divs: list[bool] = []

    @property
    def in_pre(self) -> bool:
        return "pre" in self.open_tags

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div":
            classes = dict(attrs).get("class") or ""
            highlight = "highlight" in classes.split() or "codehilite" in classes.split()
            self.skipped_divs.append(highlight)
            if highlight:
                return
        if self.in_pre and tag == "span":
            self.open_tags.append("span")
            return
        kept = []
        for name, value in attrs:
            if name in _DROPPED_ATTRIBUTES:
                continue
            if name in _BOOLEAN_ATTRIBUTES and value in (None, "", name):
                value = ""
            if tag == "pre" and name == "class":
                continue
            kept.append((name, value or ""))
        text = "".join(f' {name}="{escape(value)}"' for name, value in sorted(kept))
        self.parts.append(f"<{tag}{text}>")
        if tag not in _VOID_TAGS:
            self.open_tags.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS and self.open_tags and self.open_tags[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.skipped_divs and self.skipped_divs.pop():
            return
        if tag in _VOID_TAGS:
            return
        if tag in self.open_tags:
            while self.open_tags:
                popped = self.open_tags.pop()
                if popped == tag:
                    break
        if tag == "span" and self.in_pre:
            return
        self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.in_pre:
            data = _SPACES.sub(" ", data)
        self.parts.append(escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        self.parts.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.parts.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.parts.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.parts.append(f"<![{data}]>")


_AROUND_BLOCK_TAG = re.compile(r"\s*(</?(?:" + "|".join(sorted(_BLOCK_TAGS)) + r")\b[^>]*>)\s*")


def normalise_html(html: str) -> str:
    """Return a canonical form of ``html`` for comparing renderings."""
    parser = _Normaliser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    # Whitespace next to a block tag is layout, except inside <pre>.
    pieces = re.split(r"(<pre\b.*?</pre>)", text, flags=re.DOTALL)
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(piece)
            continue
        piece = _AROUND_BLOCK_TAG.sub(r"\1", piece)
        if index > 0:
            piece = piece.lstrip()
        if index < len(pieces) - 1:
            piece = piece.rstrip()
        out.append(piece)
    return "".join(out).strip()
