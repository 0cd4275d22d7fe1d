"""Reading a body as text: the lines outside code fences, the first heading."""

from editor.core.render.outline import first_heading, prose_lines


def test_prose_lines_skip_fenced_code_and_keep_file_line_numbers() -> None:
    body = "intro\n```python\n![not](an-image.png)\n```\nafter\n~~~~\nx\n~~~\nstill code\n"
    assert prose_lines(body, first_line=10) == [(10, "intro"), (14, "after")]


def test_first_heading_reads_atx_and_setext_headings() -> None:
    assert first_heading("text\n\n## Shipping models ##\n") == "Shipping models"
    assert first_heading("Reading list\n============\n") == "Reading list"


def test_no_heading_is_found_inside_code_or_across_it() -> None:
    assert first_heading("```\n# comment\n```\n---\n") == ""
    assert first_heading("```\ncode\n```\n-----\n# Real\n") == "Real"
    assert first_heading("plain text\n- item\n") == ""
