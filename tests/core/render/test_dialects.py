"""Each blog's Markdown dialect: its engine's defaults, then what the blog's own files say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor.core.render.dialects import (
    ALL_ATTRIBUTES,
    DIALECTS,
    DOLLAR_MATH,
    HEADING_ATTRIBUTES,
    KRAMDOWN_MATH,
    NO_ATTRIBUTES,
    NO_MATH,
    default_dialect,
    dialect_for,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_engines_defaults():
    starter, hugo, jekyll, html = (default_dialect(name) for name in DIALECTS)

    # The Next.js blog-starter: remark + remark-html, no GFM, raw HTML sanitized away.
    assert (starter.gfm, starter.raw_html, starter.typographer) == (False, False, False)
    assert (starter.footnotes, starter.math) == (False, NO_MATH)
    # Hugo: goldmark with typographer, linkify, GFM, raw HTML omitted, heading attributes.
    assert (hugo.gfm, hugo.linkify, hugo.typographer, hugo.raw_html) == (True, True, True, False)
    assert (hugo.attributes, hugo.templates) == (HEADING_ATTRIBUTES, "shortcodes")
    # Jekyll: kramdown with GFM input, smart quotes, attribute lists and math.
    assert (jekyll.gfm, jekyll.typographer, jekyll.raw_html) == (True, True, True)
    assert (jekyll.attributes, jekyll.math, jekyll.templates) == (
        ALL_ATTRIBUTES,
        KRAMDOWN_MATH,
        "liquid",
    )
    # The html site: CommonMark + GFM as cmark-gfm renders it.
    assert (html.gfm, html.typographer, html.attributes) == (True, False, NO_ATTRIBUTES)


@pytest.mark.parametrize("name", DIALECTS)
def test_no_blog_folder_or_an_empty_one_gives_the_defaults(name, tmp_path):
    assert dialect_for(name) == default_dialect(name)
    assert dialect_for(name, tmp_path) == default_dialect(name)
    assert dialect_for(name, tmp_path / "missing") == default_dialect(name)


def test_a_nextjs_blog_with_remark_gfm_math_and_raw_html(tmp_path):
    dependencies = {"next": "14", "remark": "15", "remark-html": "16", "remark-gfm": "4"}
    dependencies |= {"remark-math": "6", "rehype-raw": "7", "rehype-slug": "6"}
    write(tmp_path / "package.json", json.dumps({"dependencies": dependencies}))

    dialect = dialect_for("nextjs", tmp_path)

    assert (dialect.gfm, dialect.footnotes, dialect.raw_html) == (True, True, True)
    assert (dialect.math, dialect.linkify) == (DOLLAR_MATH, True)
    assert dialect.engine == "remark + remark-gfm + remark-html"
    assert dialect.config == "package.json"


def test_a_nextjs_blog_that_turns_sanitizing_off_in_its_own_code_keeps_raw_html(tmp_path):
    write(tmp_path / "package.json", '{"dependencies": {"remark": "15", "remark-html": "16"}}')
    write(
        tmp_path / "lib" / "markdownToHtml.ts",
        "import html from 'remark-html'\n"
        "export default async function markdownToHtml(markdown: string) {\n"
        "  const result = await remark().use(html, { sanitize: false }).process(markdown)\n"
        "  return result.toString()\n}\n",
    )

    dialect = dialect_for("nextjs", tmp_path)

    assert dialect.raw_html
    assert not dialect.gfm


def test_a_hugo_site_config_in_toml(tmp_path):
    write(
        tmp_path / "hugo.toml",
        "baseURL = 'https://example.org/'\n"
        "[markup.goldmark.renderer]\nunsafe = true\n"
        "[markup.goldmark.extensions]\ntypographer = false\nlinkify = false\n"
        "[markup.goldmark.extensions.passthrough]\nenable = true\n"
        "[markup.goldmark.parser.attribute]\nblock = true\n",
    )

    dialect = dialect_for("hugo", tmp_path)

    assert (dialect.raw_html, dialect.typographer, dialect.linkify) == (True, False, False)
    assert (dialect.math, dialect.attributes, dialect.config) == (
        DOLLAR_MATH,
        ALL_ATTRIBUTES,
        "hugo.toml",
    )


def test_a_hugo_site_config_in_yaml_with_the_newer_typographer_table(tmp_path):
    write(
        tmp_path / "config" / "_default" / "hugo.yaml",
        "markup:\n  goldmark:\n    extensions:\n      typographer:\n        disable: true\n"
        "    parser:\n      attribute:\n        title: false\n",
    )

    dialect = dialect_for("hugo", tmp_path)

    assert not dialect.typographer
    assert dialect.attributes == NO_ATTRIBUTES
    assert not dialect.raw_html


def test_a_hugo_config_that_cannot_be_read_leaves_the_defaults(tmp_path):
    write(tmp_path / "hugo.toml", "[markup\nbroken")
    assert dialect_for("hugo", tmp_path) == default_dialect("hugo")


def test_a_jekyll_site_on_kramdown_without_gfm_or_math(tmp_path):
    write(
        tmp_path / "_config.yml",
        "title: A blog\nmarkdown: kramdown\nkramdown:\n  input: kramdown\n  math_engine: null\n",
    )

    dialect = dialect_for("jekyll", tmp_path)

    assert (dialect.gfm, dialect.math, dialect.templates) == (False, NO_MATH, "liquid")


def test_a_jekyll_site_on_commonmark_renders_as_commonmark(tmp_path):
    write(tmp_path / "_config.yml", "markdown: CommonMarkGhPages\n")

    dialect = dialect_for("jekyll", tmp_path)

    assert (dialect.typographer, dialect.attributes, dialect.math) == (
        False,
        NO_ATTRIBUTES,
        NO_MATH,
    )
    assert dialect.templates == "liquid"
    assert dialect.engine == "CommonMarkGhPages"


@pytest.mark.parametrize(
    ("name", "feature", "words"),
    [
        ("nextjs", "gfm", "remark-gfm"),
        ("nextjs", "raw_html", "sanitize: false"),
        ("hugo", "raw_html", "markup.goldmark.renderer.unsafe = true"),
        ("hugo", "math", "passthrough"),
        ("jekyll", "math", "math_engine"),
    ],
)
def test_each_blog_names_its_own_fix(name, feature, words):
    assert words in default_dialect(name).fix_for(feature)


def test_a_hugo_site_whose_markup_lives_in_its_configuration_folder(tmp_path):
    write(tmp_path / "config" / "_default" / "hugo.toml", "baseURL = '/'\n")
    write(
        tmp_path / "config" / "_default" / "markup.toml",
        "[goldmark.renderer]\nunsafe = true\n[goldmark.extensions]\ntypographer = false\n",
    )

    dialect = dialect_for("hugo", tmp_path)

    assert dialect.raw_html and not dialect.typographer
