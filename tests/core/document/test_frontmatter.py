"""Front matter as text: splitting, parsing with file line numbers, and one-key line edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.document.frontmatter import (
    edit_key,
    parse_front_matter,
    render_block,
    render_field,
    render_key,
    split_document,
)
from editor.core.errors import FrontMatterError

# --- splitting ---------------------------------------------------------------------------


def test_split_lf_document() -> None:
    document = split_document("---\ntitle: A\n---\nBody\n")
    assert document.has_front_matter
    assert document.opening == "---\n"
    assert document.front_matter == "title: A\n"
    assert document.closing == "---\n"
    assert document.body == "Body\n"
    assert document.body_line == 4
    assert document.newline == "\n"


def test_split_crlf_document_with_bom() -> None:
    text = "\ufeff---\r\ntitle: A\r\n---\r\nBody\r\n"
    document = split_document(text)
    assert document.bom == "\ufeff"
    assert document.front_matter == "title: A\r\n"
    assert document.body == "Body\r\n"
    assert document.newline == "\r\n"
    assert document.text() == text


@pytest.mark.parametrize(
    ("text", "front_matter", "body"),
    [
        ("---  \ntitle: A\n--- \t\nBody", "title: A\n", "Body"),
        ("---\ntitle: A\n...\nBody\n", "title: A\n", "Body\n"),
        ("---\n---\nBody\n", "", "Body\n"),
        ("---\ntitle: A\n---", "title: A\n", ""),
    ],
)
def test_split_delimiter_variants(text: str, front_matter: str, body: str) -> None:
    document = split_document(text)
    assert document.has_front_matter
    assert document.front_matter == front_matter
    assert document.body == body
    assert document.text() == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "Just a note\n",
        "---\nnever closed\n",
        "---",
        "----\ntitle: A\n----\n",
        " ---\ntitle: A\n---\n",
        "text\n---\ntitle: A\n---\n",
    ],
)
def test_split_without_front_matter_is_all_body(text: str) -> None:
    document = split_document(text)
    assert not document.has_front_matter
    assert document.body == text
    assert document.body_line == 1


def test_body_line_counts_front_matter_lines() -> None:
    assert split_document("---\na: 1\nb: 2\n---\nBody").body_line == 5
    assert split_document("\ufeff---\r\na: 1\r\n---\r\nBody").body_line == 4
    # The file ends on the closing delimiter: the empty body is on the line after it.
    assert split_document("---\na: 1\n---").body_line == 4


@settings(max_examples=300)
@given(st.text())
def test_any_text_splits_and_joins_back(text: str) -> None:
    assert split_document(text).text() == text


# --- parsing -----------------------------------------------------------------------------


def test_parse_keeps_key_order() -> None:
    mapping = parse_front_matter("zeta: 1\ntitle: A\nalpha: 2\n")
    assert list(mapping) == ["zeta", "title", "alpha"]


def test_parse_empty_and_comment_only_blocks() -> None:
    assert parse_front_matter("") == {}
    assert parse_front_matter("# just a comment\n") == {}


@pytest.mark.parametrize(
    ("front_matter", "line"),
    [
        ("title: A\ntags: [a, b\n", 3),
        ("title: A\nbad: a: b\n", 3),
        ("title: A\n\tindented: with a tab\n", 3),
        ("title: 'unclosed\n", 2),
        ("a: 1\nb: 2\nc: \x07\n", 4),
    ],
)
def test_invalid_yaml_names_file_and_line(front_matter: str, line: int) -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse_front_matter(front_matter, Path("posts/x/index.md"))
    assert caught.value.path == Path("posts/x/index.md")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"posts/x/index.md:{line}: ")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("front_matter", ["- a\n- b\n", "just text\n", "42\n"])
def test_front_matter_that_is_not_a_mapping_is_an_error(front_matter: str) -> None:
    with pytest.raises(FrontMatterError, match="key: value"):
        parse_front_matter(front_matter, Path("x.md"))


def test_python_objects_are_refused() -> None:
    with pytest.raises(FrontMatterError):
        parse_front_matter("x: !!python/object/apply:os.system ['true']\n")


_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("front_matter", "line"),
    [
        ("title: Loop\nloop: &loop [1, *loop]\n", 3),
        ("title: Loop\nmore: &more {inner: *more}\n", 3),
        ("title: Loop\ndeep: &deep\n  list:\n    - [a, b]\n    - *deep\n", 6),
        (_LAUGHS, 6),  # a to d (8,302 nodes expanded) still fit; e's first *d goes over
        ("title: Laughs\n" + _LAUGHS.replace(", ", ",") + "tags: *i\n", 7),
    ],
)
def test_recursive_or_exploding_aliases_are_refused_at_their_line(
    front_matter: str, line: int
) -> None:
    with pytest.raises(FrontMatterError) as error:
        parse_front_matter(front_matter, Path("post.md"))
    assert error.value.message == "front matter uses recursive or oversized YAML aliases"
    assert error.value.line == line


@pytest.mark.parametrize(
    ("front_matter", "line"),
    [
        ("title: Deep\nextra: " + "[" * 900 + "]" * 900 + "\n", 3),
        ("title: Deep\n" + "".join(" " * depth + f"k{depth}:\n" for depth in range(150)), 103),
        ("title: Deep\nlist:\n" + "- " * 120 + "x\n", 4),
    ],
)
def test_front_matter_nested_too_deeply_is_refused(front_matter: str, line: int) -> None:
    # Comparing, dumping and exporting the value recurse once per level.
    with pytest.raises(FrontMatterError) as error:
        parse_front_matter(front_matter, Path("post.md"))
    assert error.value.message == "front matter is nested more than 100 levels deep"
    assert error.value.line == line


def test_front_matter_nested_a_hundred_levels_is_read() -> None:
    parsed = parse_front_matter("title: Deep\nextra: " + "[" * 99 + "]" * 99 + "\n")
    assert parsed["title"] == "Deep"


def test_aliases_within_the_budget_are_read() -> None:
    parsed = parse_front_matter(_LAUGHS.split("e:")[0])  # 8,302 nodes once expanded
    assert len(parsed["d"]) == 9
    assert parsed["d"][8][8][8] == ["lol"] * 9


def test_an_anchor_used_twice_and_an_ampersand_in_text_are_fine() -> None:
    front_matter = "title: Tips & tricks\ndefaults: &base {layout: post}\nextra: *base\n"
    assert parse_front_matter(front_matter) == {
        "title": "Tips & tricks",
        "defaults": {"layout": "post"},
        "extra": {"layout": "post"},
    }


def test_long_lists_written_out_are_no_bomb() -> None:
    # Over 10,000 nodes, but each one written in the text: anchors elsewhere change nothing.
    tags = "".join(f"  - tag{n}\n" for n in range(12_000))
    assert len(parse_front_matter(f"tags:\n{tags}")["tags"]) == 12_000
    parsed = parse_front_matter(f"a: &a x\nb: *a\ntags:\n{tags}")
    assert len(parsed["tags"]) == 12_000


# --- writing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Colons: everywhere: here",
        "Quotes \"double\" and 'single'",
        "#hashtag title",
        "@mention first",
        "*starred*",
        "- dash first",
        "? question",
        "& ampersand",
        "! bang",
        "% percent",
        "yes",
        "no",
        "null",
        "~",
        "123",
        "1.5",
        "0x1F",
        "2024-01-05",
        "emoji 🚀 rocket",
        "機械学習",
        "line one\nline two",
        "tab\there",
        "  padded  ",
        "",
        "trailing backslash \\",
        "[not a list]",
        "{not: a map}",
        "| not a block",
        "a # b",
        "\u2028 separators \x85",
    ],
)
def test_rendered_strings_read_back_exactly(title: str) -> None:
    for newline in ("\n", "\r\n"):
        text = render_key("title", title, newline)
        assert text.endswith(newline)
        assert text.count("\n") == 1  # one line, whatever the value holds
        assert yaml.safe_load(text) == {"title": title}


def test_dates_are_written_double_quoted() -> None:
    assert (
        render_field("date", "2025-03-04T09:30:00+01:00") == 'date: "2025-03-04T09:30:00+01:00"\n'
    )


def test_lists_are_written_as_indented_block_lists() -> None:
    assert render_key("tags", ["ml", "git"]) == "tags:\n  - ml\n  - git\n"
    assert render_key("tags", []) == "tags: []\n"


def test_render_block_keeps_order() -> None:
    mapping: dict[str, Any] = {"title": "A", "date": "2025-01-01T00:00:00+00:00", "zz": [1]}
    text = render_block(mapping)
    assert text == 'title: A\ndate: "2025-01-01T00:00:00+00:00"\nzz:\n  - 1\n'
    assert yaml.safe_load(text) == mapping


# --- editing one key ---------------------------------------------------------------------

COMMENTED = (
    "# header comment\n"
    "title: Old  # inline\n"
    "\n"
    "# about the tags\n"
    "tags:\n"
    "- a\n"
    "  # inside the list\n"
    "- b\n"
    "layout: post\n"
    "excerpt: >\n"
    "  folded\n"
    "  text\n"
    "\n"
    "draft: false\n"
)


def test_replacing_a_key_changes_only_its_lines() -> None:
    result = edit_key(COMMENTED, "tags", render_key("tags", ["x"]))
    assert result == COMMENTED.replace("tags:\n- a\n  # inside the list\n- b\n", "tags:\n  - x\n")


def test_replacing_a_block_scalar_keeps_the_blank_line_after_it() -> None:
    result = edit_key(COMMENTED, "excerpt", render_key("excerpt", "new"))
    assert result == COMMENTED.replace("excerpt: >\n  folded\n  text\n", "excerpt: new\n")


def test_removing_a_key_removes_its_lines_only() -> None:
    result = edit_key(COMMENTED, "layout", None)
    assert result == COMMENTED.replace("layout: post\n", "")
    assert edit_key(COMMENTED, "missing", None) == COMMENTED


def test_new_known_key_goes_to_its_place() -> None:
    front_matter = "title: A\nlayout: post\ntags: [a]\ndraft: true\n"
    date = render_field("date", "2025-01-01T00:00:00+00:00")
    assert edit_key(front_matter, "date", date) == (
        "title: A\n" + date + "layout: post\ntags: [a]\ndraft: true\n"
    )
    cover = render_key("cover", {"image": "c.jpg"})
    assert edit_key(front_matter, "cover", cover) == (
        "title: A\nlayout: post\ntags: [a]\n" + cover + "draft: true\n"
    )


def test_new_first_known_key_goes_above_the_comment_of_the_next_one() -> None:
    front_matter = "layout: post\n# the date\ndate: 2024-01-01\n"
    assert edit_key(front_matter, "title", "title: A\n") == (
        "layout: post\ntitle: A\n# the date\ndate: 2024-01-01\n"
    )


def test_new_unknown_key_goes_at_the_end() -> None:
    front_matter = "title: A\n# last comment\n"
    assert edit_key(front_matter, "layout", "layout: post\n") == (
        "title: A\n# last comment\nlayout: post\n"
    )


def test_edit_keeps_crlf_lines_and_uses_crlf_for_new_ones() -> None:
    front_matter = "title: A\r\ntags: [a]\r\n"
    result = edit_key(front_matter, "tags", render_key("tags", ["b"], "\r\n"), "\r\n")
    assert result == "title: A\r\ntags:\r\n  - b\r\n"


def test_quoted_value_with_comment_like_continuation_is_one_span() -> None:
    front_matter = 'title: "first\n# not a comment\n  end"\nlayout: post\n'
    assert yaml.safe_load(front_matter)["title"] == "first # not a comment end"
    assert edit_key(front_matter, "title", "title: B\n") == "title: B\nlayout: post\n"


def test_duplicate_keys_leave_one_line() -> None:
    front_matter = "title: A\nlayout: x\ntitle: B\n"
    assert edit_key(front_matter, "title", "title: C\n") == "title: C\nlayout: x\n"


def test_flow_mapping_cannot_be_edited_line_by_line() -> None:
    # The caller notices the result does not read back as asked and writes the whole block.
    front_matter = "{title: A}\n"
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(edit_key(front_matter, "draft", "draft: true\n"))


_plain_text = st.text(st.characters(codec="utf-8"), max_size=30)
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | _plain_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_plain_text, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200)
@given(
    st.dictionaries(
        # Keys with line-break characters are written as "? key" complex keys (see above).
        st.text(min_size=1, max_size=10).filter(lambda k: not set(k) & set("\n\r\x85\u2028\u2029")),
        _values,
        min_size=1,
        max_size=6,
    ),
    st.data(),
)
def test_edit_of_one_key_reads_back_with_the_others_kept(
    mapping: dict[str, Any], data: st.DataObject
) -> None:
    front_matter = render_block(mapping)
    key = data.draw(st.sampled_from([*mapping, "title", "brand-new"]))
    value = data.draw(_values)
    rendered = None if value is None else render_key(key, value)
    result = edit_key(front_matter, key, rendered)
    expected = {k: v for k, v in mapping.items() if k != key}
    if value is not None:
        expected[key] = value
    assert (yaml.safe_load(result) or {}) == expected
    for other in mapping:
        if other != key:
            assert render_key(other, mapping[other]) in result
