"""The fast front matter reader agrees with the front matter loader, or gives up."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.document import frontmatter, yamlvalues
from editor.core.library.fastyaml import parse_simple

SAMPLES = Path(__file__).resolve().parents[3] / "sample_posts"


def safe_load(text: str) -> object:
    """What the post model reads: the front matter loader's mapping, ``{}`` for an empty block."""
    return yamlvalues.load(text) or {}


def test_typical_front_matter_is_read_fast_and_the_same() -> None:
    text = (
        'title: "Shipping ML: Part 2"\n'
        'date: "2025-03-04T09:30:00+01:00"\n'
        "slug: shipping-ml\n"
        "excerpt: It's about canaries, flags and shadows.\n"
        "tags:\n  - mlops\n  - Machine Learning\n"
        "cover:\n  image: cover.jpg\n  alt: 'A ''quoted'' cover'\n"
        "draft: false\n"
        "# a comment\n"
        "weight: 3\n"
        "published: 2024-01-02\n"
        "aliases: [a, b c, 1.5]\n"
        "empty:\n"
    )
    parsed = parse_simple(text)
    assert parsed is not None
    assert repr(parsed) == repr(safe_load(text))


@pytest.mark.parametrize(
    "text",
    [
        "title: |\n  block\n",
        "title: a\n  continued\n",
        "title: &anchor a\nother: *anchor\n",
        "title: a # comment\n",
        "title: a: b\n",
        "cover:\n  image:\n    nested: x\n",
        "tags:\n  - a\n   - b\n",
        "tags: [a, 'b']\n",
        "key:value\n",
        'title: "escaped \\" quote"\n',
        "\ttitle: tab\n",
        "- a list\n",
        "true: a bool key\n",
        "title: a\n  # indented comment\n",
        "tags:\n  - a\n  b: c\n",
    ],
)
def test_unusual_yaml_is_left_to_pyyaml(text: str) -> None:
    assert parse_simple(text) is None


@pytest.mark.parametrize(
    "text", ["title: \xa0\n", "tags: [\u2003a, b]\n", "excerpt: \u3000x\u3000\n"]
)
def test_unicode_spaces_are_content_not_yaml_whitespace(text: str) -> None:
    # YAML separates with spaces and tabs only: a no-break space is part of the value.
    assert parse_simple(text) in (None, safe_load(text))


def test_every_sample_post_reads_the_same() -> None:
    for path in SAMPLES.rglob("*.md"):
        document = frontmatter.split_document(path.read_text(encoding="utf-8"))
        parsed = parse_simple(document.front_matter)
        if parsed is not None:
            assert parsed == safe_load(document.front_matter), path


_keys = st.sampled_from(["title", "date", "tags", "cover", "draft", "x", "on", "null", "a_b"])
_scalars = st.one_of(
    st.sampled_from(
        [
            "yes",
            "No",
            "~",
            "null",
            "12",
            "0x1F",
            "1_000",
            "1:20",
            "3.5e3",
            ".inf",
            "2025-03-04",
            "2025-03-04 09:30:00 +01:00",
            "2025-13-45",
            "'single ''q'''",
            '"double"',
            "- dash",
            "-dash",
            "?q",
            ": colon",
            "C#",
            "a #b",
            "[]",
            "{}",
            "[x, y]",
            "@at",
            "`tick`",
            "=",
            "<<",
            "",
        ]
    ),
    st.text(alphabet="ab :#-'\"[],.{}!&*|>%@`?=\\", max_size=8),
)


@st.composite
def _front_matter(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        key = draw(_keys)
        shape = draw(st.sampled_from(["scalar", "list", "map", "comment", "blank", "raw"]))
        if shape == "scalar":
            lines.append(f"{key}: {draw(_scalars)}")
        elif shape == "list":
            indent = " " * draw(st.integers(0, 3))
            lines.append(f"{key}:")
            for _ in range(draw(st.integers(0, 3))):
                lines.append(f"{indent}- {draw(_scalars)}")
        elif shape == "map":
            lines.append(f"{key}:")
            for _ in range(draw(st.integers(0, 3))):
                indent = " " * draw(st.integers(1, 3))
                lines.append(f"{indent}{draw(_keys)}: {draw(_scalars)}")
        elif shape == "comment":
            lines.append(draw(st.sampled_from(["# c", "  # c", "#"])))
        elif shape == "blank":
            lines.append(draw(st.sampled_from(["", "  "])))
        else:
            lines.append(draw(st.text(alphabet="ab: -#'\"\t\r", max_size=10)))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + (newline if lines and draw(st.booleans()) else "")


@settings(max_examples=600, deadline=None)
@given(_front_matter())
def test_whatever_it_accepts_reads_as_pyyaml_reads_it(text: str) -> None:
    parsed = parse_simple(text)
    if parsed is None:
        return
    expected = safe_load(text)
    assert isinstance(expected, dict)
    # repr, not ==: True == 1 and 1 == 1.0, but the types must match too.
    assert repr(parsed) == repr(expected)


@pytest.mark.parametrize(
    "text",
    ["date: 2023-02-29\n", "date: 2024-05-01 24:00:00\n", "views: " + "9" * 5000 + "\n"],
)
def test_a_value_python_cannot_hold_is_read_as_written_by_both_readers(text: str) -> None:
    written = text.split(": ", 1)[1].strip()
    assert safe_load(text) == {text.split(":")[0]: written}
    assert parse_simple(text) in (None, safe_load(text))
