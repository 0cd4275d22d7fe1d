"""The blog's template tags in a post, shown as the blog shows them where Postdesk can.

Jekyll runs a post through Liquid before kramdown, Hugo expands shortcodes around Goldmark.
The preview does the same for the tags whose output it knows: a highlight block is code, a
figure is an image with its caption, ``{% raw %}`` shows its text, ``{{ site.baseurl }}`` is
the site's root, a post link points at the post. Any other tag is shown as a labelled
placeholder naming it, never as raw braces (the blog would not show braces either).
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

LIQUID, SHORTCODES = "liquid", "shortcodes"

# Each tag is found from its opening to its closing by _replace_spans, in one pass.
_LIQUID_RAW = (re.compile(r"\{%-?\s*raw\s*-?%\}"), re.compile(r"\{%-?\s*endraw\s*-?%\}"))
_LIQUID_COMMENT = (
    re.compile(r"\{%-?\s*comment\s*-?%\}"),
    re.compile(r"\{%-?\s*endcomment\s*-?%\}"),
)
_LIQUID_HIGHLIGHT = (
    re.compile(r"^[ \t]*\{%-?\s*highlight\s+([\w+#.-]+)[^%\n]*%\}[ \t]*\n", re.MULTILINE),
    re.compile(r"\n?[ \t]*\{%-?\s*endhighlight\s*-?%\}"),
)
_LIQUID_TAG = (re.compile(r"\{%"), re.compile(r"%\}"))
_LIQUID_OUTPUT = (re.compile(r"\{\{"), re.compile(r"\}\}"))
_LIQUID_POST_URL = re.compile(r"-?\s*post_url\s+(\S+?)\s*-?$")
_LIQUID_BASEURL = re.compile(r"-?\s*site\.baseurl\s*-?$")
_LIQUID_URL_FILTER = re.compile(r"-?\s*(['\"])(.*?)\1\s*\|\s*(?:relative_url|absolute_url)\s*-?$")

_SHORTCODE_HIGHLIGHT = (
    re.compile(r"^[ \t]*\{\{[<%]\s*highlight\s+([\w+#.-]+)[^\n]*?[>%]\}\}[ \t]*\n", re.MULTILINE),
    re.compile(r"\n?[ \t]*\{\{[<%]\s*/highlight\s*[>%]\}\}"),
)
_SHORTCODE = (re.compile(r"\{\{[<%]"), re.compile(r"[>%]\}\}"))
_SHORTCODE_PARTS = re.compile(r"\s*(/?)([\w./-]+)(.*)", re.DOTALL)
_DATED_NAME = re.compile(r"^(?:.*/)?\d{4}-\d{2}-\d{2}-(.+?)(?:\.\w+)?$")


def _fenced(language: str, code: str) -> str:
    """``code`` as a fenced block, its fence longer than any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code}\n{fence}"


def _placeholder(label: str, tag: str) -> str:
    return (
        f'<span class="template-tag" title="{html.escape(label, quote=True)}">'
        f"{html.escape(' '.join(tag.split()))}</span>"
    )


def _post_path(name: str) -> str:
    """Where a post named ``2024-05-01-slug`` is, by Jekyll's and Hugo's usual permalinks."""
    dated = _DATED_NAME.match(name.strip("\"'"))
    slug = dated.group(1) if dated else name.strip("\"'").rsplit("/", 1)[-1].split(".")[0]
    return f"/{slug}/"


def _attributes(text: str) -> dict[str, str]:
    """A shortcode's named parameters (``src="a.png" caption="…"``); positional ones by index."""
    try:
        words = shlex.split(text, posix=True)
    except ValueError:
        words = text.split()
    found: dict[str, str] = {}
    for index, word in enumerate(words):
        name, equals, value = word.partition("=")
        found[name if equals else str(index)] = value if equals else word
    return found


def _figure(parameters: dict[str, str]) -> str:
    """Hugo's own figure shortcode's markup."""
    image = f'<img src="{html.escape(parameters.get("src", ""), quote=True)}"'
    if "alt" in parameters:
        image += f' alt="{html.escape(parameters["alt"], quote=True)}"'
    image += ">"
    if "link" in parameters:
        image = f'<a href="{html.escape(parameters["link"], quote=True)}">{image}</a>'
    caption = ""
    if parameters.get("title"):
        caption += f"<h4>{html.escape(parameters['title'])}</h4>"
    if parameters.get("caption"):
        caption += f"<p>{html.escape(parameters['caption'])}</p>"
    caption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{image}{caption}</figure>"


def _replace_spans(
    text: str,
    tags: tuple[re.Pattern[str], re.Pattern[str]],
    replace: Callable[[re.Match[str], str, str], str],
) -> str:
    """``text`` with each span from an opening tag to the next closing tag replaced by
    ``replace(opening match, text between, whole span)``.

    One pass: once an opening has no closing after it, no later opening has one either, so a
    post of a thousand unclosed tags costs no more than one.
    """
    opening, closing = tags
    parts = []
    position = 0
    while (opened := opening.search(text, position)) is not None:
        closed = closing.search(text, opened.end())
        if closed is None:
            break
        inner = text[opened.end() : closed.start()]
        parts += [
            text[position : opened.start()],
            replace(opened, inner, text[opened.start() : closed.end()]),
        ]
        position = closed.end()
    parts.append(text[position:])
    return "".join(parts)


class TemplatePreprocessor(Preprocessor):
    """Expands the tags Postdesk knows, before Markdown reads the text, as the blog does."""

    def __init__(self, md: Markdown, language: str) -> None:
        super().__init__(md)
        self.language = language

    def run(self, lines: list[str]) -> list[str]:
        """The lines with template tags expanded, stashed or labelled."""
        text = "\n".join(lines)
        if "{%" not in text and "{{" not in text:
            return lines
        expand = self._liquid if self.language == LIQUID else self._shortcodes
        return expand(text).split("\n")

    def _stash(self, markup: str) -> str:
        return self.md.htmlStash.store(markup)

    def _liquid(self, text: str) -> str:
        # {% raw %} text is the writer's, untouched by the rest: hold it aside first.
        held: list[str] = []

        def hold(opened: re.Match[str], inner: str, whole: str) -> str:
            held.append(inner)
            return f"\x1aR{len(held) - 1}\x1a"

        text = _replace_spans(text, _LIQUID_RAW, hold)
        text = _replace_spans(text, _LIQUID_COMMENT, lambda opened, inner, whole: "")
        text = _replace_spans(
            text, _LIQUID_HIGHLIGHT, lambda opened, inner, whole: _fenced(opened.group(1), inner)
        )
        text = _replace_spans(text, _LIQUID_OUTPUT, self._liquid_output)
        text = _replace_spans(text, _LIQUID_TAG, self._liquid_tag)
        return re.sub("\x1aR(\\d+)\x1a", lambda m: held[int(m.group(1))], text)

    def _liquid_output(self, opened: re.Match[str], inner: str, whole: str) -> str:
        if _LIQUID_BASEURL.match(inner):
            return ""  # a site served from its root, as the preview shows it
        url = _LIQUID_URL_FILTER.match(inner)
        if url is not None:
            return url.group(2)
        return self._stash(_placeholder("Liquid: Jekyll fills this in", whole))

    def _liquid_tag(self, opened: re.Match[str], inner: str, whole: str) -> str:
        post = _LIQUID_POST_URL.match(inner)
        if post is not None:
            return _post_path(post.group(1))
        return self._stash(_placeholder("Liquid: Jekyll fills this in", whole))

    def _shortcodes(self, text: str) -> str:
        text = _replace_spans(
            text, _SHORTCODE_HIGHLIGHT, lambda opened, inner, whole: _fenced(opened.group(1), inner)
        )
        return _replace_spans(text, _SHORTCODE, self._shortcode)

    def _shortcode(self, opened: re.Match[str], inner: str, whole: str) -> str:
        parts = _SHORTCODE_PARTS.match(inner)
        if parts is None:
            return whole
        closing, name, rest = parts.groups()
        if closing:
            return ""
        parameters = _attributes(rest)
        if name == "figure":
            return self._stash(_figure(parameters))
        if name in ("ref", "relref"):
            return _post_path(parameters.get("0", ""))
        return self._stash(_placeholder(f"Hugo shortcode {name}", whole))


class TemplateExtension(Extension):
    """Jekyll's Liquid (``language="liquid"``) or Hugo's shortcodes (``"shortcodes"``)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"language": [LIQUID, "liquid or shortcodes"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        """Run on the text as written, once its line endings are normalised."""
        language = str(self.getConfig("language"))
        md.preprocessors.register(TemplatePreprocessor(md, language), "templates", 25)
