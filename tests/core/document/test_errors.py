"""Errors read as one line naming the file, whatever characters its name holds."""

from pathlib import Path

import pytest

from editor.core.errors import FrontMatterError, PostdeskError, printable


def test_path_line_and_message() -> None:
    error = FrontMatterError("invalid YAML front matter: bad", Path("posts/a/index.md"), 3)
    assert str(error) == "posts/a/index.md:3: invalid YAML front matter: bad"


def test_no_path() -> None:
    assert str(PostdeskError("cannot save: the post has no file name yet")) == (
        "cannot save: the post has no file name yet"
    )


def test_a_line_break_in_a_folder_name_stays_on_one_line() -> None:
    error = PostdeskError("cover image not found", Path("library/line\nbreak/index.md"), 5)
    assert str(error) == "library/line\\nbreak/index.md:5: cover image not found"
    assert "\n" not in str(error)


def test_terminal_escapes_in_a_path_or_message_are_shown_not_sent() -> None:
    error = PostdeskError("image not found: a\x1b]0;pwned\x07.png", Path("x\x1b[2J/index.md"))
    assert str(error) == "x\\x1b[2J/index.md: image not found: a\\x1b]0;pwned\\x07.png"


@pytest.mark.parametrize(
    "text",
    ["posts/café/index.md", "заметки/日本語/index.md", "with space/it's.md", "C:\\posts\\a.md"],
)
def test_ordinary_names_print_unchanged(text: str) -> None:
    assert printable(text) == text
    assert str(PostdeskError("x", text)) == f"{Path(text)}: x"


def test_undecodable_file_name_bytes_are_escaped() -> None:
    # os.fsdecode turns a byte that is not UTF-8 into a lone surrogate; printing that fails.
    assert printable("bad\udcffname") == "bad\\udcffname"
