"""Splitting a body into top-level blocks: constructs stay whole, lines are the file's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.render.blocks import BlockSplitter, split_blocks


def kinds_and_lines(body: str, first_line: int = 1) -> list[tuple[str, int]]:
    return [(block.kind, block.line) for block in split_blocks(body, first_line)]


def test_blocks_carry_file_lines_after_front_matter() -> None:
    body = "# Title\n\nFirst paragraph\nstill first.\n\nSecond.\n"
    assert kinds_and_lines(body, first_line=6) == [
        ("heading", 6),
        ("paragraph", 8),
        ("paragraph", 11),
    ]


def test_heading_directly_followed_by_text_splits_at_the_heading() -> None:
    blocks = split_blocks("Intro text\n## Next\nMore text\n")
    assert [block.text for block in blocks] == ["Intro text", "## Next", "More text"]


def test_a_loose_list_with_nested_items_and_continuations_is_one_block() -> None:
    body = (
        "- one\n"
        "- two\n"
        "\n"
        "  continued paragraph of two\n"
        "\n"
        "    - nested\n"
        "\n"
        "- three\n"
        "\n"
        "After the list.\n"
    )
    blocks = split_blocks(body)
    assert [block.kind for block in blocks] == ["list", "paragraph"]
    assert blocks[0].text.endswith("- three")
    assert blocks[1].line == 10


def test_ordered_list_items_separated_by_blank_lines_stay_together() -> None:
    blocks = split_blocks("1. a\n\n2. b\n\n3. c\n")
    assert len(blocks) == 1
    assert blocks[0].text == "1. a\n\n2. b\n\n3. c"


def test_a_list_with_another_bullet_or_delimiter_is_a_new_block() -> None:
    body = "1. a\n\n2. b\n\n- [ ] task\n\n- [x] done\n\n* other\n\n3) three\n"
    assert kinds_and_lines(body) == [("list", 1), ("list", 5), ("list", 9), ("list", 11)]


def test_nested_items_with_other_markers_do_not_split_the_list() -> None:
    blocks = split_blocks("- a\n  1. nested\n\n- b\n")
    assert len(blocks) == 1


def test_fences_keep_blank_lines_and_headings_inside() -> None:
    body = "```python\nx = 1\n\n# not a heading\n```\n\n~~~~\n```\ninner\n```\n~~~~\nAfter\n"
    blocks = split_blocks(body)
    assert [block.kind for block in blocks] == ["fence", "fence"]
    assert blocks[0].text == "```python\nx = 1\n\n# not a heading\n```"
    # A fence closes only with a fence of its own character at least as long.
    assert blocks[1].text.startswith("~~~~\n```\ninner\n```\n~~~~")
    assert blocks[1].line == 7


def test_an_unclosed_fence_runs_to_the_end() -> None:
    blocks = split_blocks("Intro\n\n```\ncode\n\n## still code\n")
    assert [block.kind for block in blocks] == ["paragraph", "fence"]
    assert blocks[1].text == "```\ncode\n\n## still code\n"


def test_indented_code_with_blank_lines_is_one_block() -> None:
    blocks = split_blocks("Para.\n\n    line 1\n\n    line 2\n\nNext.\n")
    assert [block.kind for block in blocks] == ["paragraph", "code", "paragraph"]
    assert blocks[1].text == "    line 1\n\n    line 2"


def test_consecutive_quotes_stay_together() -> None:
    blocks = split_blocks("> one\n\n> two\n\nText\n")
    assert [(block.kind, block.text) for block in blocks] == [
        ("quote", "> one\n\n> two"),
        ("paragraph", "Text"),
    ]


def test_html_block_runs_until_its_element_closes() -> None:
    body = '<div class="note">\n\n<div>\n\ninner\n\n</div>\n\n</div>\n\nAfter\n'
    blocks = split_blocks(body)
    assert [block.kind for block in blocks] == ["html", "paragraph"]
    assert blocks[0].text.endswith("</div>\n\n</div>")
    assert blocks[1].line == 11


def test_every_html_block_that_names_an_element_runs_until_it_closes() -> None:
    # Kind 1 (<pre>), kind 6 (<details>) and kind 7 (<video>: a whole tag alone on its line,
    # which kramdown keeps to its end tag).
    for tag in ("pre", "details", "video"):
        body = f"<{tag}>\n\ninside\n\n</{tag}>\n\nAfter\n"
        assert [block.kind for block in split_blocks(body)] == ["html", "paragraph"], tag
    # A tag that is not alone on its line starts a paragraph, which a blank line ends.
    body = "<span>text\n\nmore</span>\n"
    assert [block.kind for block in split_blocks(body)] == ["paragraph", "paragraph"]


def test_html_comment_spanning_blank_lines_is_one_block() -> None:
    blocks = split_blocks("<!-- a\n\nb -->\n\nText\n")
    assert [block.kind for block in blocks] == ["html", "paragraph"]


def test_processing_instruction_runs_to_its_closing_marker() -> None:
    blocks = split_blocks("<?php\n\n  echo '>';\n\n?>\nokay\n")
    assert [block.kind for block in blocks] == ["html"]


def test_tables_and_setext_headings_are_single_blocks() -> None:
    body = "| a | b |\n|---|---|\n| 1 | 2 |\n\nTitle\n=====\n"
    assert kinds_and_lines(body) == [("table", 1), ("paragraph", 5)]


def test_footnote_definition_takes_its_indented_continuation() -> None:
    body = "Text[^1].\n[^1]: The note\n    continues\n\n    and goes on.\n\nAfter.\n"
    blocks = split_blocks(body)
    assert [block.kind for block in blocks] == ["paragraph", "footnote", "paragraph"]
    assert blocks[1].text == "[^1]: The note\n    continues\n\n    and goes on."


def test_tabs_indent_to_the_next_multiple_of_four() -> None:
    # A tab after one to three spaces still reaches column 4: indented code, not a paragraph.
    for lead in ("\t", " \t", "   \t", "    "):
        assert kinds_and_lines(f"Text.\n\n{lead}code\n") == [("paragraph", 1), ("code", 3)]
    assert kinds_and_lines("Text.\n\n  \u3000not indent\n") == [("paragraph", 1), ("paragraph", 3)]


def test_a_list_nested_thousands_of_levels_deep_is_one_block() -> None:
    body = "".join("  " * depth + "- item\n" for depth in range(3_000))
    blocks = split_blocks(body + "\nAfter.\n")
    assert [(block.kind, block.line) for block in blocks] == [("list", 1), ("paragraph", 3_002)]
    assert blocks[0].text == body.rstrip("\n")


def test_crlf_line_ends_count_as_one_line() -> None:
    assert kinds_and_lines("# A\r\n\r\nText\r\n") == [("heading", 1), ("paragraph", 3)]


def test_every_block_text_sits_at_its_line() -> None:
    body = "# T\n\n- a\n\n  b\n\n```\nx\n```\n\n> q\n"
    lines = body.split("\n")
    for block in split_blocks(body, first_line=4):
        start = block.line - 4
        assert "\n".join(lines[start : start + block.text.count("\n") + 1]) == block.text


_PIECES = st.sampled_from(
    [
        "text",
        "# Heading",
        "- item",
        "1. item",
        "  indented",
        "    code",
        "```",
        "~~~",
        "> quote",
        "<div>",
        "</div>",
        "| a | b |",
        "|---|---|",
        "[^1]: note",
        "[ref]: /url",
        "",
        "",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_PIECES, min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 40), st.sampled_from([None, *_PIECES.elements])), max_size=6),
)
def test_incremental_split_equals_a_fresh_split(
    pieces: list[str], edits: list[tuple[int, str | None]]
) -> None:
    splitter = BlockSplitter()
    lines = list(pieces)
    splitter.split("\n".join(lines), 3)
    for position, replacement in edits:
        if not lines:
            break
        at = position % len(lines)
        if replacement is None:
            del lines[at]
        else:
            lines.insert(at, replacement)
        body = "\n".join(lines)
        assert splitter.split(body, 3) == split_blocks(body, 3)
