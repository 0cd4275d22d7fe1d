"""Rendering: line-tagged blocks, document-wide context, caching, bounded work."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.document.post import Post
from editor.core.render import renderer as render
from editor.core.render.convert import markdown_extensions
from editor.core.render.dialects import DIALECTS, default_dialect, dialect_for
from editor.core.render.renderer import MAX_PREVIEW_LINES, Renderer, render_body
from tests.core.posts import POST

SAMPLES = Path(__file__).resolve().parents[3] / "sample_posts"


class TopLevel(HTMLParser):
    """Collects the top-level elements of an HTML fragment: (tag, attributes)."""

    VOID = frozenset({"hr", "br", "img", "input", "meta", "link", "wbr", "source"})

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.elements.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID:
            self.depth -= 1


def top_level(fragment: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = TopLevel()
    parser.feed(fragment)
    parser.close()
    return parser.elements


def test_every_top_level_element_carries_its_file_line(post: Post) -> None:
    body = render_body(post.body, post.body_line)
    lines = POST.split("\n")
    for block in body.blocks:
        elements = top_level(block.html)
        assert elements, block
        for _, attrs in elements:
            assert attrs.get("data-line") == str(block.line)
    starts = {block.line: lines[block.line - 1] for block in body.blocks}
    assert starts[11] == "# Intro"
    assert starts[15] == "- one"
    assert starts[22] == "```python"
    assert starts[27] == "> quoted"
    assert starts[30] == "| a | b |"
    assert starts[34] == '<div class="note">'


def test_constructs_render_as_one_block_each(post: Post) -> None:
    body = render_body(post.body, post.body_line)
    tags = [[tag for tag, _ in top_level(block.html)] for block in body.blocks]
    assert ["ul"] in tags
    assert ["pre"] in tags
    assert ["blockquote"] in tags
    assert ["table"] in tags
    listing = next(block.html for block in body.blocks if block.html.startswith("<ul"))
    assert listing.count("<li>") == 3
    assert "still two" in listing


def test_raw_html_passes_through_with_data_line(post: Post) -> None:
    block = next(b for b in render_body(post.body, post.body_line).blocks if b.line == 34)
    assert (
        '<div data-line="34" class="note">' in block.html or 'class="note" data-line' in block.html
    )


def test_references_defined_later_resolve_in_every_block(post: Post) -> None:
    html = render_body(post.body, post.body_line).html
    assert html.count('<a href="https://example.com/docs" title="The docs">the docs</a>') == 3
    assert "[docs]:" not in html


def test_labels_with_escaped_brackets_resolve_across_blocks() -> None:
    html = render_body("[foo][ref\\[]\n\n[ref\\[]: /uri\n\n[Foo*bar\\]]\n\n[foo*BAR\\]]: /b\n").html
    assert '<a href="/uri">foo</a>' in html
    assert '<a href="/b">Foo*bar]</a>' in html


def test_footnotes_are_numbered_and_listed_last(post: Post) -> None:
    body = render_body(post.body, post.body_line)
    html = body.html
    assert '<sup id="fnref:why"><a class="footnote-ref" href="#fn:why">1</a></sup>' in html
    assert '<sup id="fnref2:why"><a class="footnote-ref" href="#fn:why">1</a></sup>' in html
    last = body.blocks[-1]
    definition_line = (
        POST.split("\n").index("[^why]: Because it matters, see [the docs][docs].") + 1
    )
    assert last.html.startswith(f'<div class="footnote" data-line="{definition_line}">')
    assert last.line == definition_line
    assert '<li id="fn:why">' in last.html
    assert 'href="#fnref:why"' in last.html and 'href="#fnref2:why"' in last.html
    assert '<a href="https://example.com/docs" title="The docs">the docs</a>' in last.html


def test_footnote_numbers_follow_definition_order() -> None:
    body = "A[^b] and B[^a].\n\n[^a]: First defined.\n\n[^b]: Second defined.\n"
    html = render_body(body).html
    assert '<a class="footnote-ref" href="#fn:b">2</a>' in html
    assert '<a class="footnote-ref" href="#fn:a">1</a>' in html
    assert html.index('id="fn:a"') < html.index('id="fn:b"')


def test_undefined_footnote_stays_text() -> None:
    assert "[^missing]" in render_body("See [^missing].\n").html


def test_heading_ids_are_unique_across_the_document() -> None:
    body = "# Intro\n\nText\n\n## Intro\n\n### Intro!\n\n## Setup & Run\n"
    html = render_body(body).html
    ids = re.findall(r'<h\d[^>]* id="([^"]+)"', html)
    assert ids == ["intro", "intro-1", "intro-2", "setup--run"]


def test_code_is_highlighted_with_pygments_classes(post: Post) -> None:
    html = render_body(post.body, post.body_line).html
    block = re.search(r"<pre[^>]*>.*?</pre>", html, re.DOTALL)
    assert block is not None
    assert 'class="highlight"' in block.group(0)
    assert 'class="language-python"' in block.group(0)
    assert '<span class="k">def</span>' in block.group(0)


def test_joined_blocks_equal_the_whole_document_render(post: Post) -> None:
    whole = markdown.Markdown(extensions=[*markdown_extensions(), "footnotes", "toc"])
    expected = whole.convert(post.body.replace("## Intro", "## Again"))
    ours = render_body(post.body.replace("## Intro", "## Again"), post.body_line).html

    def normal(text: str) -> str:
        text = re.sub(r' data-line="\d+"', "", text)
        return re.sub(r">\s+<", "><", text).strip()

    assert normal(ours) == normal(expected)


def test_deep_nesting_gives_a_message_block_quickly() -> None:
    body = (
        "Intro\n\n"
        + ">" * 5000
        + " deep\n\n"
        + "".join("    " * level + "- item\n" for level in range(300))
    )
    blocks = render_body(body, 3).blocks
    assert blocks[0].html == '<p data-line="3">Intro</p>'
    assert 'class="render-problem" data-line="5"' in blocks[1].html
    assert 'class="render-problem" data-line="7"' in blocks[2].html


def test_a_huge_paragraph_is_not_run_through_markdown() -> None:
    block = render_body("word " * 30_000).blocks[0]
    assert "render-problem" in block.html


def test_thousands_of_unclosed_brackets_are_not_run_through_markdown() -> None:
    for hostile in ("[" * 5000, "[a](" * 2000, "**_[`" * 2000):
        block = render_body(f"Intro\n\n{hostile}\n").blocks[1]
        assert "unclosed brackets" in block.html


def test_code_that_looks_deep_is_still_code() -> None:
    body = "```text\n" + ">" * 100 + "\n" + " " * 200 + "- item\n" + "[" * 1000 + "\n```\n"
    html = render_body(body).html
    assert "render-problem" not in html
    assert "&gt;" * 100 in html


def test_a_long_code_block_is_still_highlighted() -> None:
    body = "```python\n" + "x = 1\n" * 5_000 + "```\n"
    assert '<span class="n">x</span>' in render_body(body).html


# --- caching --------------------------------------------------------------------------------


def generated_post(sections: int = 12) -> str:
    parts = ["# Generated", ""]
    for n in range(sections):
        parts += [
            f"## Section {n}",
            "",
            f"Paragraph {n} with [a link][docs] and a note[^n{n % 3}].",
            "",
            "- item one",
            "- item two",
            "",
            "```python",
            f"def step_{n}(x):",
            f"    return x * {n}",
            "```",
            "",
            f"> quote {n}",
            "",
        ]
    parts += ["[docs]: https://example.com", ""] + [f"[^n{i}]: Note {i}." for i in range(3)]
    return "\n".join(parts) + "\n"


def test_one_character_edit_re_renders_only_the_touched_block() -> None:
    rendered: list[str] = []
    renderer = Renderer(on_block_render=rendered.append)
    body = generated_post()
    before = renderer.render_body(body, 5)
    rendered.clear()
    at = body.index("Paragraph 6") + len("Paragraph")
    after = renderer.render_body(body[:at] + "s" + body[at:], 5)
    assert rendered == ["Paragraphs 6 with [a link][docs] and a note[^n0]."]
    changed = [
        new for old, new in zip(before.blocks, after.blocks, strict=True) if old.key != new.key
    ]
    assert len(changed) == 1
    assert "Paragraphs 6" in changed[0].html


def test_inserting_a_line_moves_lines_without_re_rendering() -> None:
    rendered: list[str] = []
    renderer = Renderer(on_block_render=rendered.append)
    body = generated_post()
    before = renderer.render_body(body, 1)
    rendered.clear()
    at = body.index("## Section 3")
    after = renderer.render_body(body[:at] + "\n" + body[at:], 1)
    assert rendered == []
    assert [b.key for b in before.blocks] == [b.key for b in after.blocks]
    moved = [(old.line, new.line) for old, new in zip(before.blocks, after.blocks, strict=True)]
    assert any(new == old + 1 for old, new in moved)
    assert all(f'data-line="{b.line}"' in b.html for b in after.blocks)


def test_changing_a_reference_re_renders_the_blocks_that_use_it() -> None:
    rendered: list[str] = []
    renderer = Renderer(on_block_render=rendered.append)
    body = generated_post(4)
    renderer.render_body(body)
    rendered.clear()
    after = renderer.render_body(body.replace("https://example.com", "https://example.org"))
    users = [text for text in rendered if "[a link][docs]" in text]
    assert len(users) == 4
    assert not any(text.startswith("```") for text in rendered)
    assert "https://example.org" in after.html


def test_an_abbreviation_definition_is_text_as_on_the_blogs() -> None:
    # remark and goldmark have no abbreviations: the definition stays a paragraph and no
    # other block changes, so an edit to it re-renders that block alone.
    renderer = Renderer()
    text = "The HTML spec.\n\n*[HTML]: Hyper Text Markup Language\n"
    first = renderer.render_body(text)
    assert [block.html for block in first.blocks] == [
        '<p data-line="1">The HTML spec.</p>',
        '<p data-line="3">*[HTML]: Hyper Text Markup Language</p>',
    ]
    edited = renderer.render_body(text.replace("Hyper", "Hypertext"))
    assert edited.blocks[0] is first.blocks[0]
    assert edited == render_body(text.replace("Hyper", "Hypertext"))


def test_keys_are_unique_even_for_identical_blocks() -> None:
    body = render_body("Same.\n\nSame.\n\n---\n\n---\n")
    keys = [block.key for block in body.blocks]
    assert len(keys) == len(set(keys)) == 4


_EDIT_TEXT = st.text(alphabet="ab #-*>`~[]^:|1.\n ", min_size=1, max_size=4)


def apply(body: str, edits: list[tuple[int, int, str]]) -> list[str]:
    versions = []
    for position, delete, insert in edits:
        at = position % (len(body) + 1)
        body = body[:at] + insert + body[at + delete :]
        versions.append(body)
    return versions


def assert_incremental_equals_fresh(
    body: str, edits: list[tuple[int, int, str]], dialect: str = "html"
) -> None:
    renderer = Renderer(dialect=default_dialect(dialect))
    renderer.render_body(body, 7)
    for version in apply(body, edits):
        fresh = Renderer(dialect=default_dialect(dialect)).render_body(version, 7)
        assert renderer.render_body(version, 7) == fresh


_EDITS = st.lists(
    st.tuples(st.integers(0, 10**6), st.integers(0, 3), _EDIT_TEXT), min_size=1, max_size=5
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_EDITS)
def test_incremental_render_equals_a_fresh_render_on_a_generated_post(
    edits: list[tuple[int, int, str]],
) -> None:
    assert_incremental_equals_fresh(generated_post(5), edits)


SAMPLE_BODIES = sorted(SAMPLES.glob("**/*.md")) if SAMPLES.is_dir() else []


# What each blog reads differently: quotes, raw HTML, tables, attributes, math, templates.
_DIALECT_POST = (
    '# A "quoted" title {#own}\n\nText -- with... <b>tags</b>.\n{: .note}\n\n'
    "| a | b |\n| - | - |\n| 1 | 2 |\n\n<div>\nraw\n</div>\n\n"
    "Inline $$x_1$$ and $y_2$ math.\n\n$$\na_1 + b_1\n$$\n\n"
    "{% highlight python %}\nx = 1\n\ny = 2\n{% endhighlight %}\n\n"
    '{{< figure src="a.png" caption="A" >}}\n\n- [ ] task\n\nA[^n].\n\n[^n]: Note.\n'
)


@pytest.mark.parametrize("dialect", DIALECTS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=_EDITS)
def test_incremental_render_equals_a_fresh_render_in_every_dialect(
    dialect: str, edits: list[tuple[int, int, str]]
) -> None:
    assert_incremental_equals_fresh(_DIALECT_POST, edits, dialect)


@pytest.mark.skipif(not SAMPLE_BODIES, reason="no sample posts")
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLE_BODIES or [Path()]), _EDITS)
def test_incremental_render_equals_a_fresh_render_on_sample_posts(
    path: Path, edits: list[tuple[int, int, str]]
) -> None:
    post = Post.load(path)
    assert_incremental_equals_fresh(post.body, edits)


# --- very large bodies ----------------------------------------------------------------------


def _cut_off_message(block_html: str) -> str:
    problem = r'<div class="render-problem" data-line="\d+"><p>(.*)</p></div>'
    match = re.fullmatch(problem, block_html)
    assert match is not None, block_html
    return match.group(1)


def test_a_body_over_the_size_limit_is_cut_at_a_blank_line_with_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(render, "MAX_PREVIEW_CHARS", 60)
    body = "".join(f"Paragraph {n} is here.\n\n" for n in range(10))  # 24 characters each
    rendered = render_body(body, 5)
    shown, message = rendered.blocks[:-1], rendered.blocks[-1]
    # 60 characters hold two paragraphs and a half: the cut falls at the blank line before.
    assert [block.line for block in shown] == [5, 7]
    assert "Paragraph 1 is here." in shown[-1].html
    assert message.line == 9
    assert 'data-line="9"' in message.html
    assert "lines 9 to 24 are not shown in the preview" in _cut_off_message(message.html)


def test_a_body_over_the_line_limit_is_cut_too() -> None:
    body = "# Many lines\n\n" + "x\n" * MAX_PREVIEW_LINES
    rendered = render_body(body)
    assert 'id="many-lines"' in rendered.blocks[0].html
    # No blank line in the second half of the part: the cut falls at the last line end.
    assert rendered.blocks[-1].line == MAX_PREVIEW_LINES + 1
    assert (
        f"lines {MAX_PREVIEW_LINES + 1:,} to {MAX_PREVIEW_LINES + 2:,} are not shown"
        in rendered.blocks[-1].html
    )


def test_one_enormous_line_is_cut_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "MAX_PREVIEW_CHARS", 50)
    rendered = render_body("word " * 100)
    assert "word word" in rendered.blocks[0].html
    assert "lines 1 to 1 are not shown" in rendered.blocks[-1].html


def test_a_body_within_the_limits_has_no_message(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "One.\n\nTwo.\n"
    monkeypatch.setattr(render, "MAX_PREVIEW_CHARS", len(body))
    monkeypatch.setattr(render, "MAX_PREVIEW_LINES", body.count("\n") + 1)
    assert "render-problem" not in render_body(body).html


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_EDITS)
def test_incremental_render_equals_a_fresh_render_across_the_cut(
    edits: list[tuple[int, int, str]],
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "MAX_PREVIEW_CHARS", 400)
        patch.setattr(render, "MAX_PREVIEW_LINES", 30)
        assert_incremental_equals_fresh(generated_post(5), edits)


# --- header and page ------------------------------------------------------------------------


def test_a_published_render_keeps_a_block_the_preview_leaves_out() -> None:
    table = "| a | b |\n| --- | --- |\n" + "".join(f"| {row} | x |\n" for row in range(8_000))
    assert len(table) > 100_000

    preview = render_body(table).html
    published = Renderer(whole=True).render_body(table).html

    assert "not previewed" in preview
    assert "not previewed" not in published
    assert "<td>7999</td>" in published


# --- each blog's dialect ----------------------------------------------------------------------


def as_blog(dialect: str, body: str) -> str:
    return Renderer(dialect=default_dialect(dialect)).render_body(body).html


@pytest.mark.parametrize(
    ("dialect", "curled"), [("nextjs", False), ("hugo", True), ("jekyll", True), ("html", False)]
)
def test_quotes_and_dashes_are_curled_where_the_blog_curls_them(dialect: str, curled: bool) -> None:
    html = as_blog(dialect, 'He said "ship it" -- twice... it\'s done --- really.\n')
    assert ("\u201cship it\u201d" in html and "\u2013" in html and "\u2026" in html) is curled
    assert ("\u2014" in html and "it\u2019s" in html) is curled


@pytest.mark.parametrize(
    ("dialect", "kept"), [("nextjs", False), ("hugo", False), ("jekyll", True), ("html", True)]
)
def test_raw_html_shows_only_where_the_blog_keeps_it(dialect: str, kept: bool) -> None:
    html = as_blog(dialect, '<figure>\n<img src="a.png">\n</figure>\n\nText <kbd>K</kbd>.\n')
    assert ("<figure" in html and "<kbd>K</kbd>" in html) is kept
    assert ('class="blog-drops"' in html) is not kept
    if not kept:
        assert default_dialect(dialect).fix_for("raw_html") in html  # the preview says why


def test_the_nextjs_starter_shows_gfm_as_text() -> None:
    body = "| a | b |\n| - | - |\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ and A[^n].\n\n[^n]: Note.\n"
    starter = as_blog("nextjs", body)
    assert "<table" not in starter and "<input" not in starter and "<del>" not in starter
    assert "| a | b |" in starter and "[x] done" in starter and "~~old~~" in starter
    assert 'class="footnote"' not in starter
    with_gfm = as_blog("html", body)
    assert "<table" in with_gfm and "<input" in with_gfm and "<del>old</del>" in with_gfm


def test_attribute_lists_only_where_the_blog_reads_them() -> None:
    body = "## Setup {#setup .wide}\n\nA note.\n{: .callout}\n"
    assert '<h2 class="wide" data-line="1" id="setup">Setup</h2>' in as_blog("jekyll", body)
    assert 'class="callout"' in as_blog("jekyll", body)
    assert '<h2 class="wide" data-line="1" id="setup">Setup</h2>' in as_blog("hugo", body)
    assert "{: .callout}" in as_blog("hugo", body)
    for dialect in ("nextjs", "html"):
        assert "{#setup .wide}" in as_blog(dialect, body) and "{: .callout}" in as_blog(
            dialect, body
        )


def test_math_is_never_markdown_where_the_blog_renders_math() -> None:
    body = "The loss $$x_1 + y_1$$ and the *rest*.\n\n$$\n\\frac{a_1}{b_1}\n$$\n"
    jekyll = as_blog("jekyll", body)
    assert jekyll.count("<math") == 2 and "<em>1 + y</em>" not in jekyll
    assert 'display="block"' in jekyll and "<em>rest</em>" in jekyll
    assert '<annotation encoding="application/x-tex">x_1 + y_1</annotation>' in jekyll
    # Without math on the blog, the source shows, read as Markdown, as the blog shows it.
    assert "<math" not in as_blog("nextjs", body)


def test_kramdown_keeps_an_html_element_whole_and_its_inside_raw() -> None:
    body = "<details><summary>Why?</summary>\n\nTwo *reasons*.\n\n</details>\n\nAfter.\n"
    jekyll = as_blog("jekyll", body)
    assert "Two *reasons*." in jekyll and "<em>" not in jekyll
    assert "<p" in jekyll.split("</details>")[1]  # Markdown again after the element
    # CommonMark ends the HTML block at the blank line: the inside is Markdown.
    assert "<em>reasons</em>" in as_blog("html", body)


def test_kramdown_escapes_only_its_own_characters_and_draws_no_rule_above_footnotes() -> None:
    assert "a\\,b \\* c" not in as_blog("jekyll", "a\\,b \\* c\n")
    assert "a\\,b * c" in as_blog("jekyll", "a\\,b \\* c\n")
    assert "a,b * c" in as_blog("html", "a\\,b \\* c\n")
    notes = "Text[^1].\n\n[^1]: A note.\n"
    assert "<hr" not in as_blog("jekyll", notes)
    assert "<hr" in as_blog("html", notes)


def test_definition_lists_where_the_blog_has_them() -> None:
    body = "Term\n: The definition *here*.\n"
    for dialect in ("hugo", "jekyll"):
        assert "<dt>Term</dt>\n<dd>The definition <em>here</em>.</dd>" in as_blog(dialect, body)
    assert "<dl" not in as_blog("nextjs", body) and "<dl" not in as_blog("html", body)


def test_hugo_math_with_the_latex_delimiters_its_site_names(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text(
        "[markup.goldmark.extensions.passthrough]\nenable = true\n"
        "[markup.goldmark.extensions.passthrough.delimiters]\n"
        "block = [['\\\\[', '\\\\]'], ['$$', '$$']]\ninline = [['\\\\(', '\\\\)']]\n",
        encoding="utf-8",
    )
    dialect = dialect_for("hugo", tmp_path)
    html = (
        Renderer(dialect=dialect)
        .render_body("Inline \\(a_1 + b_1\\) here.\n\n\\[\nx_1^2\n\\]\n")
        .html
    )
    assert html.count("<math") == 2 and 'display="block"' in html and "<em>" not in html
    # Hugo's defaults have no math: the same text is Markdown there.
    assert "<math" not in as_blog("hugo", "Inline \\(a_1 + b_1\\) here.\n")
