"""A blog's post file: where its front matter block ends, in each format."""

from __future__ import annotations

from editor.core.blog.blogfile import front_matter_last_line


def test_the_front_matter_block_is_found_in_each_format() -> None:
    yaml = '---\ntitle: Hello World\ndate: "2025-03-04T09:30:00+01:00"\ntags: [a]\n---\n\nBody\n'
    assert front_matter_last_line(yaml) == 4
    assert front_matter_last_line('+++\ntitle = "A"\ndraft = true\n+++\nBody\n') == 3
    assert front_matter_last_line('{\n  "title": "A",\n  "draft": true\n}\n\nBody\n') == 3
    assert front_matter_last_line("---\ntitle: A\n---") == 2


def test_text_without_a_block_at_the_top_has_nothing_to_fold() -> None:
    assert front_matter_last_line("Just a note.\n---\nmore\n---\n") == 0
    assert front_matter_last_line('{"title": "one line"}\nBody\n') == 0
