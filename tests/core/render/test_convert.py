"""Converting one block in its document's context: what it uses, what it reports."""

from __future__ import annotations

from editor.core.render.convert import HEADING_MARK, LINE_MARK, BlockConverter
from editor.core.render.dialects import default_dialect


def test_top_level_elements_get_a_line_mark_and_headings_an_id_mark() -> None:
    converted = BlockConverter().convert("# Hello *world*\n\nText", (), (), mark_lines=True)
    assert converted.html == (
        f'<h1 data-line="{LINE_MARK}" id="{HEADING_MARK}">Hello <em>world</em></h1>\n'
        f'<p data-line="{LINE_MARK}">Text</p>'
    )
    assert converted.headings == (("hello-world", False),)


def test_explicit_heading_ids_are_kept_and_reported() -> None:
    # On a blog whose engine reads heading attributes (Hugo's Goldmark, kramdown).
    converter = BlockConverter(dialect=default_dialect("hugo"))
    converted = converter.convert("# Title {#mine}", (), (), mark_lines=False)
    assert 'id="mine"' in converted.html
    assert converted.headings == (("mine", True),)


def test_raw_html_gets_the_line_mark_on_its_top_level_tags() -> None:
    converted = BlockConverter().convert('<div class="a">\n<p>x</p>\n</div>', (), (), True)
    assert converted.html.startswith(f'<div data-line="{LINE_MARK}" class="a">')
    assert converted.html.count(LINE_MARK) == 1


def test_reference_definitions_are_reported_and_given_ones_are_used() -> None:
    converter = BlockConverter()
    defining = converter.convert("[Docs]: https://example.com", (), (), True)
    assert defining.html == ""
    assert [label for label, _ in defining.definitions] == ["docs"]
    using = converter.convert("See [the docs][docs].", defining.definitions, (), True)
    assert '<a href="https://example.com">the docs</a>' in using.html
    assert using.definitions == ()


def test_footnote_references_continue_the_document_count() -> None:
    converted = BlockConverter().convert("A[^n] and B[^n].", (), (("n", 3, 2),), True)
    assert '<sup id="fnref3:n"><a class="footnote-ref" href="#fn:n">3</a></sup>' in converted.html
    assert '<sup id="fnref4:n">' in converted.html
    assert converted.footnote_refs == (("n", 2),)


def test_a_block_too_deep_to_convert_becomes_a_message() -> None:
    converted = BlockConverter().convert(">" * 100 + " deep", (), (), True)
    assert converted.html.startswith(f'<div class="render-problem" data-line="{LINE_MARK}">')
    assert "100 levels" in converted.html
