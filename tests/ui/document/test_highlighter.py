"""Markdown highlighting: what the writer sees coloured in the editor."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextDocument

from editor.ui.document.highlighter import MarkdownHighlighter


def formats_of(context, text: str) -> list[list[tuple[int, int, str]]]:
    """Per line: (start, length, foreground colour) of each highlighted range."""
    document = QTextDocument()
    document.documentLayout()  # as an editor's document has: highlighting needs a layout
    highlighter = MarkdownHighlighter(document, context.theme.colors())
    document.setPlainText(text)
    assert highlighter.document() is document
    lines = []
    block = document.begin()
    while block.isValid():
        lines.append(
            [
                (r.start, r.length, r.format.foreground().color().name())
                for r in block.layout().formats()
            ]
        )
        block = block.next()
    return lines


def color(context, name: str) -> str:
    return context.theme.colors()[name]


def test_front_matter_is_one_block(context):
    lines = formats_of(context, "---\ntitle: Hi\n---\n# Heading")
    assert (0, 3, color(context, "md_front_matter")) in lines[0]
    assert (0, 5, color(context, "md_front_matter_key")) in lines[1]
    assert any(c == color(context, "md_heading") for _, _, c in lines[3])


def test_a_fenced_code_block_spans_lines_until_its_closing_fence(context):
    lines = formats_of(context, "```python\n# not a heading\n**not bold**\n```\n# Heading")
    assert lines[0] == [(0, 9, color(context, "md_fence"))]
    assert lines[1] == [(0, 15, color(context, "text"))]
    assert lines[2] == [(0, 12, color(context, "text"))]
    assert lines[3] == [(0, 3, color(context, "md_fence"))]
    assert any(c == color(context, "md_heading") for _, _, c in lines[4])


def test_a_shorter_fence_does_not_close_a_longer_one(context):
    lines = formats_of(context, "````\n```\nstill code\n````\n")
    assert lines[2] == [(0, 10, color(context, "text"))]


def test_inline_marks(context):
    text = "Some *em* and **strong** and `code *not em*` and [link](https://x.y) <b>"
    ranges = formats_of(context, text)[0]
    found = {text[start : start + length]: c for start, length, c in ranges}
    assert found["*em*"] == color(context, "md_emphasis")
    assert found["**strong**"] == color(context, "md_strong")
    assert found["`code *not em*`"] == color(context, "md_code")
    assert found["link"] == color(context, "md_link")
    url_at = text.index("https://x.y")
    url_color = next(c for start, length, c in ranges if start <= url_at < start + length)
    assert url_color == color(context, "md_url")
    assert found["<b>"] == color(context, "md_html")


def test_list_markers_and_quotes(context):
    lines = formats_of(context, "- item\n> quoted")
    assert (0, 2, color(context, "md_list")) in lines[0]
    assert any(c == color(context, "md_quote") for _, _, c in lines[1])


def test_positions_count_emoji_as_two_units(context):
    text = "🎉 **yes**"
    ranges = formats_of(context, text)[0]
    assert (3, 7, color(context, "md_strong")) in ranges


def test_headings_are_bold(context):
    document = QTextDocument()
    document.documentLayout()  # as an editor's document has: highlighting needs a layout
    highlighter = MarkdownHighlighter(document, context.theme.colors())
    document.setPlainText("## Title")
    assert highlighter.document() is document
    formats = document.begin().layout().formats()
    assert any(r.format.fontWeight() == QFont.Weight.Bold for r in formats)


def test_toml_and_json_front_matter_are_blocks_too(context):
    front, key = color(context, "md_front_matter"), color(context, "md_front_matter_key")
    toml = formats_of(context, '+++\ntitle = "Hi"\n[params]\n+++\n# Heading')
    assert (0, 3, front) in toml[0]
    assert (0, 5, key) in toml[1]
    assert (0, 8, key) in toml[2]
    assert any(c == color(context, "md_heading") for _, _, c in toml[4])
    json = formats_of(context, '{\n  "title": "Hi",\n  "tags": ["a"]\n}\n# Heading')
    assert (2, 7, key) in json[1]
    assert (0, 1, front) in json[3]
    assert any(c == color(context, "md_heading") for _, _, c in json[4])
