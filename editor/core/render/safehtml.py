"""What a standalone HTML site keeps of a post's raw HTML: one allow-list, applied to the page.

A published page is read far from the editor, so a post must not be able to act on the page
around it: no redirect (``<meta http-equiv="refresh">``), no ``<base>``, no stylesheet or style
element of its own, no script, forms, event handlers or ``javascript:`` links, no objects or
embeds. The writer's ordinary markup stays: figures, details/summary, tables, video and audio,
sup/sub, kbd, images, and frames, which always carry a ``sandbox``: a frame of the site's own
files runs nothing, a frame from another https host (a video player) runs its scripts in its
own origin only.

The HTML is parsed and written out again from the parse (text and attributes escaped, every
element closed), so what a browser reads is what the allow-list let through.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_PHRASES = (
    *("a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i"),
    *("ins", "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong"),
    *("sub", "sup", "time", "u", "var", "wbr"),
)
_BLOCKS = (
    *("article", "aside", "blockquote", "caption", "col", "colgroup", "dd", "details", "div"),
    *("dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6"),
    *("header", "hr", "li", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody"),
    *("td", "tfoot", "th", "thead", "tr", "ul"),
)
_MEDIA = ("audio", "iframe", "img", "input", "picture", "source", "track", "video")
KEPT_ELEMENTS = frozenset(_PHRASES + _BLOCKS + _MEDIA)

# Elements dropped with everything inside them: their content is code, a drawing or a
# document of its own, never text the writer meant to show.
_DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "svg", "math", "template", "noscript", "textarea", "title"}
    | {"noembed", "noframes", "xmp"}
)
_VOID = frozenset({"br", "col", "hr", "img", "input", "source", "track", "wbr"})

_EVERYWHERE = frozenset({"class", "id", "title", "lang", "dir", "style", "role", "hidden"})
_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "name", "rel", "target", "hreflang"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}),
    "data": frozenset({"value"}),
    "details": frozenset({"open"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "col": frozenset({"span", "width"}),
    "colgroup": frozenset({"span", "width"}),
    "td": frozenset({"align", "colspan", "rowspan", "headers"}),
    "th": frozenset({"align", "colspan", "rowspan", "headers", "scope", "abbr"}),
    "img": frozenset({"src", "srcset", "sizes", "alt", "width", "height", "loading"})
    | frozenset({"decoding"}),
    "source": frozenset({"src", "srcset", "sizes", "type", "media", "width", "height"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "video": frozenset({"src", "poster", "controls", "width", "height", "loop", "muted"})
    | frozenset({"playsinline", "preload", "autoplay"}),
    "audio": frozenset({"src", "controls", "loop", "muted", "preload", "autoplay"}),
    "iframe": frozenset({"src", "width", "height", "allow", "allowfullscreen", "loading"})
    | frozenset({"referrerpolicy", "frameborder"}),
    "input": frozenset({"type", "checked", "disabled"}),
}
_URL_ATTRIBUTES = frozenset({"href", "src", "cite", "poster"})
_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SOURCE_SCHEMES = frozenset({"http", "https"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Browsers ignore ASCII tab, newline and controls inside a URL's scheme ("java\tscript:").
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_DATA_IMAGE = re.compile(r"^data:image/(?:png|jpeg|gif|webp|avif);", re.IGNORECASE)

# A frame of another https host may run its own player (YouTube needs scripts and its own
# origin), which cannot reach this page; a frame of the site's own files runs nothing.
REMOTE_FRAME_SANDBOX = "allow-scripts allow-same-origin allow-popups allow-presentation"
LOCAL_FRAME_SANDBOX = ""

# Declarations that style the element itself; anything else (position, url(), imports) could
# lay the post over the page around it or make requests.
_STYLE_PROPERTIES = frozenset(
    {"color", "background-color", "text-align", "vertical-align", "font-weight", "font-style"}
    | {"font-size", "text-decoration", "width", "height", "max-width", "min-width"}
    | {"max-height", "min-height", "margin", "margin-top", "margin-bottom", "margin-left"}
    | {"margin-right", "padding", "padding-top", "padding-bottom", "padding-left"}
    | {"padding-right", "border", "border-collapse", "border-color", "border-style"}
    | {"border-width", "border-radius", "float", "clear", "white-space", "list-style-type"}
    | {"aspect-ratio", "object-fit", "display"}
)
_STYLE_VALUE = re.compile(r"^[\w\s#%.,\-+()/]*$")
# ... and a negative length, which moves the element out of its own box.
_UNSAFE_STYLE_VALUE = re.compile(r"url|expression|image|var\(|attr\(|(?:^|\s)-[\d.]", re.I)


def safe_site_html(markup: str) -> str:
    """``markup`` with only what the allow-list keeps: see the module's docstring."""
    cleaner = _SiteCleaner()
    cleaner.feed(markup)
    cleaner.close()
    return cleaner.result()


class _SiteCleaner(HTMLParser):
    def __init__(self) -> None:
        # Character references in text are passed on as written (they are text either way).
        super().__init__(convert_charrefs=False)
        self._out: list[str] = []
        self._open: list[str] = []
        self._dropping: list[str] = []  # the dropped element being skipped, and its nesting

    def result(self) -> str:
        """The cleaned markup, every kept element closed."""
        self._out.extend(f"</{tag}>" for tag in reversed(self._open))
        self._open.clear()
        return "".join(self._out)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._dropping:
            if tag == self._dropping[0] and tag not in _VOID:
                self._dropping.append(tag)
            return
        if tag in _DROPPED_WITH_CONTENT:
            self._dropping.append(tag)
            return
        if tag not in KEPT_ELEMENTS:
            return  # unknown or unwanted element: its text stays, the element goes
        kept = _kept_attributes(tag, attrs)
        if kept is None:
            return
        text = "".join(
            f" {name}" if value is None else f' {name}="{html.escape(value)}"'
            for name, value in kept
        )
        self._out.append(f"<{tag}{text}>")
        if tag == "iframe":
            # A frame's content is fallback text browsers read as raw text: never written.
            self._out.append("</iframe>")
            self._dropping.append("iframe")
        elif tag not in _VOID:
            self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._dropping:
            if tag == self._dropping[0]:
                self._dropping.pop()
            return
        if tag not in self._open:
            return  # a stray end tag must not close the page's own elements
        while self._open:
            closed = self._open.pop()
            self._out.append(f"</{closed}>")
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._dropping:
            self._out.append(html.escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        if not self._dropping:
            self._out.append(f"&{name};" if name.isalnum() else html.escape(f"&{name}"))

    def handle_charref(self, name: str) -> None:
        if not self._dropping:
            self._out.append(f"&#{name};" if name[1:].isalnum() or name.isdigit() else "")


def _kept_attributes(
    tag: str, attrs: list[tuple[str, str | None]]
) -> list[tuple[str, str | None]] | None:
    """The attributes ``tag`` keeps, or None when the element itself must go."""
    allowed = _EVERYWHERE | _ATTRIBUTES.get(tag, frozenset())
    kept: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for name, value in attrs:
        if name in seen:
            continue  # a browser reads the first of two equal attributes
        seen.add(name)
        if name not in allowed and not _is_data_attribute(name):
            continue
        if name == "style":
            value = _safe_style(value or "")
            if not value:
                continue
        elif name in _URL_ATTRIBUTES and not _safe_url(tag, name, value or ""):
            if tag == "iframe":
                return None
            continue
        elif (name == "srcset" and not _safe_srcset(tag, value or "")) or (
            name == "target" and value not in ("_blank", "_self")
        ):
            continue
        kept.append((name, value))
    if tag == "input":
        # Only a task list's checkbox, which a reader cannot tick.
        if dict(kept).get("type") != "checkbox":
            return None
        kept = [(name, value) for name, value in kept if name != "disabled"]
        kept.append(("disabled", "disabled"))
    if tag == "iframe":
        src = dict(kept).get("src")
        if not src:
            return None
        remote = _scheme(src) in _SOURCE_SCHEMES
        kept.append(("sandbox", REMOTE_FRAME_SANDBOX if remote else LOCAL_FRAME_SANDBOX))
    return kept


def _is_data_attribute(name: str) -> bool:
    return name.startswith("data-") and re.fullmatch(r"data-[a-z0-9\-_.]+", name) is not None


def _scheme(url: str) -> str | None:
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", url).lower())
    return match.group(1) if match else None


def _safe_url(tag: str, name: str, url: str) -> bool:
    """Whether ``url`` may stay: relative, or a scheme that only shows or links something."""
    scheme = _scheme(url)
    if scheme is None:
        return True
    if name == "href":
        return scheme in _LINK_SCHEMES
    if tag == "img" and scheme == "data":
        return _DATA_IMAGE.match(_IGNORED_IN_URL.sub("", url)) is not None
    if tag == "iframe":
        return scheme == "https"  # the page's CSP allows no other frames from elsewhere
    return scheme in _SOURCE_SCHEMES


def _safe_srcset(tag: str, srcset: str) -> bool:
    """Whether every image candidate of a ``srcset`` may stay."""
    candidates = [part.split()[0] for part in srcset.split(",") if part.strip()]
    return all(_safe_url(tag, "src", url) for url in candidates)


def _safe_style(style: str) -> str:
    """The declarations of a ``style`` attribute that style the element alone."""
    kept = []
    for declaration in style.split(";"):
        if ":" not in declaration:
            continue
        prop, value = (part.strip() for part in declaration.split(":", 1))
        prop = prop.lower()
        if (
            prop in _STYLE_PROPERTIES
            and _STYLE_VALUE.match(value)
            and not _UNSAFE_STYLE_VALUE.search(value)
        ):
            kept.append(f"{prop}: {value}")
    return "; ".join(kept)
