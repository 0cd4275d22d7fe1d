"""What bloggers write renders in the preview the way CommonMark blogs render it."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.render.dialects import default_dialect
from editor.core.render.mdext import extensions
from editor.core.render.mdext.blocktree import BlockTreeParser
from editor.core.render.mdext.htmlnorm import normalise_html
from editor.core.render.mdext.references import (
    normalize_label,
    normalize_uri,
    parse_reference_definitions,
    unescape_string,
)
from editor.core.render.mdext.tables import split_table_row


@pytest.fixture(scope="module")
def md() -> markdown.Markdown:
    """One Markdown instance built the way the preview builds it."""
    return markdown.Markdown(extensions=extensions())


def render(md: markdown.Markdown, text: str) -> str:
    """Normalised HTML of ``text``."""
    return normalise_html(md.reset().convert(text))


# -- lists


def test_list_nested_by_two_spaces_is_nested(md: markdown.Markdown) -> None:
    html = render(md, "- fruit\n  - apple\n  - pear\n- veg\n")
    assert html == "<ul><li>fruit<ul><li>apple</li><li>pear</li></ul></li><li>veg</li></ul>"


def test_ordered_list_nests_by_content_indentation(md: markdown.Markdown) -> None:
    html = render(md, "1. one\n   - inner\n2. two\n")
    assert html == "<ol><li>one<ul><li>inner</li></ul></li><li>two</li></ol>"


def test_list_interrupts_a_paragraph(md: markdown.Markdown) -> None:
    html = render(md, "Steps:\n- clone\n- build\n")
    assert html == "<p>Steps:</p><ul><li>clone</li><li>build</li></ul>"


def test_ordered_list_keeps_its_start_number(md: markdown.Markdown) -> None:
    assert render(md, "3. three\n4. four\n") == '<ol start="3"><li>three</li><li>four</li></ol>'


def test_only_a_list_starting_at_one_interrupts_a_paragraph(md: markdown.Markdown) -> None:
    assert render(md, "The year\n2024. was good\n") == "<p>The year 2024. was good</p>"


def test_loose_list_wraps_items_in_paragraphs(md: markdown.Markdown) -> None:
    html = render(md, "- a\n\n- b\n")
    assert html == "<ul><li><p>a</p></li><li><p>b</p></li></ul>"


def test_changing_the_bullet_starts_a_new_list(md: markdown.Markdown) -> None:
    assert render(md, "- a\n+ b\n") == "<ul><li>a</li></ul><ul><li>b</li></ul>"


def test_fenced_code_and_quote_inside_a_list_item(md: markdown.Markdown) -> None:
    html = render(md, "- run:\n\n  ```sh\n  make\n  ```\n- note:\n  > careful\n")
    assert html == (
        '<ul><li><p>run:</p><pre><code class="language-sh">make\n</code></pre></li>'
        "<li><p>note:</p><blockquote><p>careful</p></blockquote></li></ul>"
    )


def test_task_list_items_are_disabled_checkboxes(md: markdown.Markdown) -> None:
    html = md.reset().convert("- [ ] todo\n- [x] done\n")
    assert normalise_html(html) == (
        '<ul><li><input disabled="" type="checkbox"> todo</li>'
        '<li><input checked="" disabled="" type="checkbox"> done</li></ul>'
    )


# -- fenced code


@pytest.mark.parametrize("fence", ["```", "~~~", "````", "~~~~~"])
def test_fences_of_any_length_and_character(md: markdown.Markdown, fence: str) -> None:
    html = render(md, f"{fence}\na\n\n  b\n{fence}\nafter\n")
    assert html == "<pre><code>a\n\n  b\n</code></pre><p>after</p>"


def test_unclosed_fence_runs_to_the_end(md: markdown.Markdown) -> None:
    assert render(md, "```\ncode\n\n# not a heading\n") == (
        "<pre><code>code\n\n# not a heading\n</code></pre>"
    )


def test_code_language_class_beside_pygments_markup(md: markdown.Markdown) -> None:
    html = md.reset().convert("```python\ndef f():\n    return 1\n```\n")
    assert '<pre class="highlight"><code class="language-python">' in html
    assert '<span class="k">def</span>' in html
    assert normalise_html(html) == (
        '<pre><code class="language-python">def f():\n    return 1\n</code></pre>'
    )


def test_code_in_an_unknown_language_is_plain(md: markdown.Markdown) -> None:
    html = md.reset().convert("```nosuchlang\n<a> & b\n```\n")
    assert '<code class="language-nosuchlang">&lt;a&gt; &amp;amp; b' not in html
    assert '<code class="language-nosuchlang">&lt;a&gt; &amp; b\n</code>' in html


def test_code_keeps_tabs_and_trailing_blank_lines(md: markdown.Markdown) -> None:
    assert md.reset().convert("```\n\tx\n\n\n```\n") == "<pre><code>\tx\n\n\n</code></pre>"


# -- GFM extensions


def test_table_with_outer_pipes_and_alignment(md: markdown.Markdown) -> None:
    html = render(md, "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")
    assert html == (
        '<table><thead><tr><th align="left">a</th><th align="center">b</th>'
        '<th align="right">c</th></tr></thead><tbody><tr><td align="left">1</td>'
        '<td align="center">2</td><td align="right">3</td></tr></tbody></table>'
    )


def test_table_without_outer_pipes(md: markdown.Markdown) -> None:
    html = render(md, "a | b\n--- | ---\n`x\\|y` | *z*\n")
    assert html == (
        "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr>"
        "<td><code>x|y</code></td><td><em>z</em></td></tr></tbody></table>"
    )


def test_table_right_after_a_paragraph_line(md: markdown.Markdown) -> None:
    html = render(md, "Results:\n| a |\n| - |\n| 1 |\n")
    assert html.startswith("<p>Results:</p><table>")


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("~~old~~ new\n", "<p><del>old</del> new</p>"),
        ("~old~ new\n", "<p><del>old</del> new</p>"),
        ("a ~~~not~~~ struck\n", "<p>a ~~~not~~~ struck</p>"),
        ("a\\ b ~ c\n", "<p>a\\ b ~ c</p>"),
    ],
)
def test_strikethrough_with_one_or_two_tildes(md: markdown.Markdown, text: str, html: str) -> None:
    assert render(md, text) == html


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("see https://example.com/a?b=c.", "https://example.com/a?b=c"),
        ("see www.example.com now", "http://www.example.com"),
        ("see <https://example.com/x>", "https://example.com/x"),
    ],
)
def test_autolinks(md: markdown.Markdown, text: str, href: str) -> None:
    assert f'<a href="{href}">' in render(md, text)


def test_raw_html_block_passes_through(md: markdown.Markdown) -> None:
    html = md.reset().convert('<div class="note">\n*not emphasis*\n</div>\n\n*emphasis*\n')
    assert '<div class="note">\n*not emphasis*\n</div>' in html
    assert "<p><em>emphasis</em></p>" in html


def test_html_comment_spanning_blank_lines_stays_one_block(md: markdown.Markdown) -> None:
    assert render(md, "<!--\n\n# hidden\n\n-->\n") == "<!--\n\n# hidden\n\n-->"


# -- CommonMark details


@pytest.mark.parametrize("text", ["one  \ntwo\n", "one\\\ntwo\n"])
def test_hard_line_breaks(md: markdown.Markdown, text: str) -> None:
    assert render(md, text) == "<p>one<br> two</p>"


def test_heading_without_a_blank_line_before(md: markdown.Markdown) -> None:
    assert render(md, "text\n## Heading\nmore\n") == "<p>text</p><h2>Heading</h2><p>more</p>"


def test_setext_heading(md: markdown.Markdown) -> None:
    assert render(md, "Title\n=====\n") == "<h1>Title</h1>"


def test_backslash_escapes_any_punctuation(md: markdown.Markdown) -> None:
    assert render(md, "\\*a\\* \\_b\\_ \\# \\[c\\] \\&amp;\n") == ("<p>*a* _b_ # [c] &amp;amp;</p>")


def test_reference_links_match_case_insensitively(md: markdown.Markdown) -> None:
    html = render(md, "[Post][ONE] and [one]\n\n[one]: /posts/one 'First'\n")
    assert html == (
        '<p><a href="/posts/one" title="First">Post</a> and '
        '<a href="/posts/one" title="First">one</a></p>'
    )


def test_links_do_not_nest(md: markdown.Markdown) -> None:
    assert render(md, "[a [b](/x)](/y)\n") == '<p>[a <a href="/x">b</a>](/y)</p>'


def test_image_alt_is_plain_text(md: markdown.Markdown) -> None:
    html = render(md, '![a *cat* on `mat`](cat.png "Cat")\n')
    assert html == '<p><img alt="a cat on mat" src="cat.png" title="Cat"></p>'


def test_link_destination_is_percent_encoded(md: markdown.Markdown) -> None:
    assert render(md, "[x](</my file.png>)\n") == '<p><a href="/my%20file.png">x</a></p>'


def test_footnotes_still_work(md: markdown.Markdown) -> None:
    html = md.reset().convert("Claim.[^1]\n\n[^1]: Source.\n")
    assert 'class="footnote-ref"' in html
    assert "Source." in html


def test_heading_ids_and_attribute_lists_only_where_the_blog_reads_them(
    md: markdown.Markdown,
) -> None:
    text = "## Getting started\n\n## Custom {#mine .wide}\n\nA note.\n{: .note}\n"
    html = md.reset().convert(text)
    assert '<h2 id="getting-started">Getting started</h2>' in html
    # cmark-gfm reads no attribute lists: the braces are text.
    assert '<h2 id="custom-mine-wide">Custom {#mine .wide}</h2>' in html
    hugo = markdown.Markdown(extensions=extensions(default_dialect("hugo"))).convert(text)
    assert '<h2 class="wide" id="mine">Custom</h2>' in hugo
    assert "{: .note}" in hugo  # Goldmark: on headings only
    jekyll = markdown.Markdown(extensions=extensions(default_dialect("jekyll"))).convert(text)
    assert '<h2 class="wide" id="mine">Custom</h2>' in jekyll
    assert '<p class="note">A note.</p>' in jekyll


def test_extensions_are_fresh_for_each_markdown_instance() -> None:
    first, second = extensions(), extensions()
    assert not any(a is b for a, b in zip(first, second, strict=True))


def test_crlf_and_missing_final_newline(md: markdown.Markdown) -> None:
    assert render(md, "- a\r\n- b") == "<ul><li>a</li><li>b</li></ul>"


_MARKDOWN_PIECES = st.sampled_from(
    [
        *"ab *_~`#>-+=|:[]()!<\\&;\n\t 1.)",
        "    ",
        "\n\n",
        "```",
        "~~~",
        "- ",
        "1. ",
        "> ",
        "- [ ] ",
        "<div>",
        "</div>",
        "<!--",
        "-->",
        "https://example.com",
        "| a | b |\n|---|:-:|\n",
        "[x]: /u",
        "[^1]",
        "&amp;",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKDOWN_PIECES, max_size=40).map("".join))
def test_any_text_renders_without_an_error(text: str) -> None:
    """Half-typed Markdown never breaks the preview."""
    html = markdown.Markdown(extensions=extensions()).convert(text)
    assert isinstance(html, str)


# -- the parts


def test_block_tree_records_start_lines() -> None:
    parser = BlockTreeParser()
    for line in ["# Title", "", "para", "- item"]:
        parser.parse_line(line)
    document = parser.finish()
    assert [(child.kind, child.start_line) for child in document.children] == [
        ("heading", 1),
        ("paragraph", 3),
        ("list", 4),
    ]


def test_split_table_row_handles_escaped_pipes() -> None:
    assert split_table_row("| a \\| b | c |") == ["a | b", "c"]


def test_reference_definitions_split_off_a_paragraph() -> None:
    definitions, rest = parse_reference_definitions('[a]: /x "T"\n[B]:\n<y z>\ntext\n')
    assert [(d.label, d.destination, d.title) for d in definitions] == [
        ("a", "/x", "T"),
        ("B", "y%20z", None),
    ]
    assert rest == "text\n"


def test_reference_helpers() -> None:
    assert normalize_label("  Foo \n BAR ") == "foo bar"
    assert normalize_uri("/a b/%20ä") == "/a%20b/%20%C3%A4"
    assert unescape_string("\\*x&amp;y&#65;") == "*x&yA"


def test_normalise_html_sets_aside_layout_and_pygments() -> None:
    ours = (
        '<p data-line="3" id="x">a &quot;b&quot;</p>\n\n'
        '<pre class="highlight"><code class="language-py"><span class="k">def</span> f'
        "</code></pre><br />"
    )
    spec = '<p>a "b"</p><pre><code class="language-py">def f</code></pre><br>'
    assert normalise_html(ours) == normalise_html(spec)
