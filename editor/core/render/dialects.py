"""How a post's blog turns Markdown into HTML: its dialect, read from the blog's own files.

The four kinds of blog Postdesk exports to render Markdown differently: the Next.js starter
(remark + remark-html) knows no tables and drops raw HTML, Hugo (goldmark) curls quotes and
omits raw HTML, Jekyll (kramdown) curls quotes, reads attribute lists and math. A Dialect
names those differences; the renderer is configured by it, and ``check`` uses it to warn
where the blog will show something else than the writer probably means. Without a blog
folder, each kind's defaults apply; with one, its configuration (``package.json`` and the
Markdown code of a Next.js blog, Hugo's config, Jekyll's ``_config.yml``) decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from editor.core.blog.siteconfig import HUGO_CONFIGS, hugo_config, read_config

DIALECTS = ("nextjs", "hugo", "jekyll", "html")
# The blog a library exports to when its settings name none (DESIGN.md: the Next.js starter).
DEFAULT_DIALECT = "nextjs"

# Attribute lists: none at all, on headings only (Hugo's default), or kramdown's everywhere.
NO_ATTRIBUTES, HEADING_ATTRIBUTES, ALL_ATTRIBUTES = "none", "headings", "all"
# Math: shown as text, kramdown's $$ (inline and display), or $ and $$ (remark-math, Hugo's
# passthrough, the html site).
NO_MATH, KRAMDOWN_MATH, DOLLAR_MATH = "none", "kramdown", "dollars"

# Where a Next.js blog keeps the code that turns a post into HTML.
_NEXTJS_CODE_FOLDERS = ("lib", "src/lib", "utils", "src/utils", "src")
_NEXTJS_CODE_SUFFIXES = (".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs")
_MAX_CODE_BYTES = 256 * 1024
_SANITIZE_OFF = re.compile(r"sanitize\s*:\s*false|allowDangerousHtml\s*:\s*true")


@dataclass(frozen=True)
class Dialect:
    """What one blog's Markdown engine does, as the preview and ``check`` need to know it."""

    name: str  # one of DIALECTS
    engine: str  # as the writer knows it: "remark + remark-html", "goldmark", ...
    gfm: bool  # tables, task lists, strikethrough
    footnotes: bool
    definition_lists: bool
    linkify: bool  # bare URLs become links
    raw_html: bool  # raw HTML in a post reaches the page
    typographer: bool  # straight quotes curled, -- and --- as dashes, ... as an ellipsis
    attributes: str  # NO_ATTRIBUTES, HEADING_ATTRIBUTES or ALL_ATTRIBUTES
    math: str  # NO_MATH, KRAMDOWN_MATH or DOLLAR_MATH
    templates: str  # "liquid", "shortcodes" or "" (none)
    config: str = ""  # the blog file the settings were read from, "" for the defaults
    footnote_backlink: str = "&#8617;"  # the HTML of a footnote's link back to the text
    footnote_rule: bool = True  # a rule above the footnotes
    whole_elements: bool = False  # kramdown: an HTML block runs to its end tag, not Markdown
    escapable: str | None = None  # what a backslash escapes (None: all ASCII punctuation)
    latex_math: bool = False  # \( \) and \[ \] delimit math too (Hugo's passthrough)

    def fix_for(self, feature: str) -> str:
        """How to make this blog show ``feature`` ("gfm", "raw_html" or "math")."""
        return _FIXES[self.name].get(feature, "")


# The characters kramdown lets a backslash escape (a backslash before any other stays).
_KRAMDOWN_ESCAPES = "\\.*_+-`()[]{}#!:|\"'$=<>~"

_DEFAULTS = {
    "nextjs": Dialect(
        "nextjs",
        "remark + remark-html",
        gfm=False,
        footnotes=False,
        definition_lists=False,
        linkify=False,
        raw_html=False,
        typographer=False,
        attributes=NO_ATTRIBUTES,
        math=NO_MATH,
        templates="",
    ),
    "hugo": Dialect(
        "hugo",
        "goldmark",
        gfm=True,
        footnotes=True,
        definition_lists=True,
        linkify=True,
        raw_html=False,
        typographer=True,
        attributes=HEADING_ATTRIBUTES,
        math=NO_MATH,
        templates="shortcodes",
        footnote_backlink="&#8617;&#xfe0e;",  # Goldmark's, drawn as text, not an emoji
    ),
    "jekyll": Dialect(
        "jekyll",
        "kramdown",
        gfm=True,
        footnotes=True,
        definition_lists=True,
        linkify=False,
        raw_html=True,
        typographer=True,
        attributes=ALL_ATTRIBUTES,
        math=KRAMDOWN_MATH,
        templates="liquid",
        footnote_rule=False,
        whole_elements=True,
        escapable=_KRAMDOWN_ESCAPES,
    ),
    "html": Dialect(
        "html",
        "CommonMark + GFM",
        gfm=True,
        footnotes=True,
        definition_lists=False,
        linkify=True,
        raw_html=True,
        typographer=False,
        attributes=NO_ATTRIBUTES,
        math=NO_MATH,
        templates="",
    ),
}

_FIXES = {
    "nextjs": {
        "gfm": "its Markdown pipeline has no remark-gfm (add it: .use(remarkGfm))",
        "raw_html": "remark-html removes raw HTML (pass sanitize: false, or use rehype-raw)",
        "math": "its Markdown pipeline has no remark-math",
    },
    "hugo": {
        "gfm": "the site turns Goldmark's GFM extensions off (markup.goldmark.extensions)",
        "raw_html": "Hugo omits raw HTML (set markup.goldmark.renderer.unsafe = true)",
        "math": "Hugo shows math as Markdown (enable markup.goldmark.extensions.passthrough)",
    },
    "jekyll": {
        "gfm": "the site's Markdown engine has no GFM (kramdown input: GFM)",
        "raw_html": "the site's Markdown engine drops raw HTML",
        "math": "the site's kramdown has no math engine (kramdown math_engine: mathjax)",
    },
    "html": {},
}


def default_dialect(name: str) -> Dialect:
    """The dialect of a blog of kind ``name`` with its engine's default settings."""
    return _DEFAULTS[name]


def preview_dialect(profile: str | None, target: Path | None, chosen: str | None = None) -> Dialect:
    """The dialect a library's posts are shown in: ``chosen`` (Preview As, ``--profile``), else
    the library's export ``profile`` (its blog at ``target`` read for settings), else the
    default blog's."""
    name = chosen or (profile if profile in DIALECTS else None) or DEFAULT_DIALECT
    return dialect_for(name, target if name == profile else None)


def for_post(dialect: Dialect, template_code: bool) -> Dialect:
    """``dialect`` for one post: Liquid in a post that is not the blog's own (written in
    Postdesk, not imported) is text the export wraps in ``{% raw %}``, shown as written."""
    if dialect.templates == "liquid" and not template_code:
        return replace(dialect, templates="")
    return dialect


def dialect_for(name: str, blog: Path | None = None) -> Dialect:
    """The dialect of the blog of kind ``name`` at ``blog`` (its defaults without one).

    Settings the blog's files don't state keep the engine's defaults; a file that can't be
    read counts as absent (the export names such a file, the preview has to show something).
    """
    dialect = _DEFAULTS[name]
    if blog is None or not blog.is_dir():
        return dialect
    if name == "nextjs":
        return _nextjs(dialect, blog)
    if name == "hugo":
        return _hugo(dialect, blog)
    if name == "jekyll":
        return _jekyll(dialect, blog)
    return dialect


def _nextjs(dialect: Dialect, blog: Path) -> Dialect:
    package = read_config(blog / "package.json")
    if not package:
        return dialect
    names: set[str] = set()
    for key in ("dependencies", "devDependencies"):
        found = package.get(key)
        if isinstance(found, dict):
            names.update(str(name) for name in found)
    gfm = "remark-gfm" in names
    raw_html = "rehype-raw" in names or any(
        _SANITIZE_OFF.search(text) for text in _markdown_code(blog)
    )
    return replace(
        dialect,
        engine="remark" + (" + remark-gfm" if gfm else "") + " + remark-html",
        gfm=gfm,
        footnotes=gfm,  # remark-gfm brings GFM's footnotes
        linkify=gfm,
        raw_html=raw_html,
        typographer="remark-smartypants" in names,
        math=DOLLAR_MATH if "remark-math" in names else NO_MATH,
        config="package.json",
    )


def _markdown_code(blog: Path) -> list[str]:
    """The blog's own source files that mention remark or rehype."""
    texts = []
    for folder in _NEXTJS_CODE_FOLDERS:
        base = blog / folder
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            if path.suffix not in _NEXTJS_CODE_SUFFIXES or not path.is_file():
                continue
            try:
                if path.stat().st_size > _MAX_CODE_BYTES:
                    continue
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if "remark" in text or "rehype" in text:
                texts.append(text)
    return texts


def _hugo(dialect: Dialect, blog: Path) -> Dialect:
    config = hugo_config(blog)
    if not config:
        return dialect
    name = next((name for name in HUGO_CONFIGS if (blog / name).is_file()), "config/_default/")
    goldmark = _get(config, "markup", "goldmark")
    if not isinstance(goldmark, dict):
        return replace(dialect, config=name)
    extensions = _get(goldmark, "extensions")
    extensions = extensions if isinstance(extensions, dict) else {}

    def extension_on(key: str, default: bool) -> bool:
        value = _lookup(extensions, key)
        if isinstance(value, dict):  # Hugo 0.112+: a table with "disable"
            return not _flag(_lookup(value, "disable"), False)
        return _flag(value, default)

    passthrough = _lookup(extensions, "passthrough")
    math = isinstance(passthrough, dict) and _flag(_lookup(passthrough, "enable"), False)
    delimiters = _lookup(passthrough, "delimiters") if math else None
    latex = "\\(" in repr(delimiters) or "\\[" in repr(delimiters)
    attribute = _get(goldmark, "parser", "attribute")
    attribute = attribute if isinstance(attribute, dict) else {}
    if _flag(_lookup(attribute, "block"), False):
        attributes = ALL_ATTRIBUTES
    elif _flag(_lookup(attribute, "title"), True):
        attributes = HEADING_ATTRIBUTES
    else:
        attributes = NO_ATTRIBUTES
    return replace(
        dialect,
        gfm=extension_on("table", True)
        and extension_on("strikethrough", True)
        and extension_on("taskList", True),
        footnotes=extension_on("footnote", True),
        definition_lists=extension_on("definitionList", True),
        linkify=extension_on("linkify", True),
        raw_html=_flag(_get(goldmark, "renderer", "unsafe"), False),
        typographer=extension_on("typographer", True),
        attributes=attributes,
        math=DOLLAR_MATH if math else NO_MATH,
        latex_math=latex,
        config=name,
    )


def _jekyll(dialect: Dialect, blog: Path) -> Dialect:
    config = read_config(blog / "_config.yml")
    if not config:
        return dialect
    engine = str(config.get("markdown") or "kramdown")
    if engine.lower() != "kramdown":
        # jekyll-commonmark(-ghpages): CommonMark with GitHub's extensions, nothing more.
        return replace(
            _DEFAULTS["html"],
            name="jekyll",
            engine=engine,
            templates="liquid",
            config="_config.yml",
        )
    kramdown = config.get("kramdown")
    kramdown = kramdown if isinstance(kramdown, dict) else {}
    math_engine = kramdown.get("math_engine", "mathjax")
    return replace(
        dialect,
        gfm=str(kramdown.get("input", "GFM")).lower() == "gfm",
        math=KRAMDOWN_MATH if math_engine not in (None, "", "null", False) else NO_MATH,
        config="_config.yml",
    )


def _lookup(mapping: dict[Any, Any], key: str) -> Any:
    """``mapping[key]``, matched without case as Hugo matches its settings."""
    if key in mapping:
        return mapping[key]
    folded = key.lower()
    for name, value in mapping.items():
        if str(name).lower() == folded:
            return value
    return None


def _get(mapping: dict[Any, Any], *keys: str) -> Any:
    value: Any = mapping
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = _lookup(value, key)
    return value


def _flag(value: Any, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return default
