"""Editing a blog's own front matter changes only the lines of the keys that changed."""

from __future__ import annotations

import datetime as dt
import difflib

import pytest

from editor.core.blog.fieldedit import date_like, edit_fields
from editor.core.blog.frontmatter_out import PlainString, QuotedString

PLUS_TWO = dt.timezone(dt.timedelta(hours=2))


def changed(before: str, after: str) -> list[str]:
    """The removed and added lines, as ``git diff`` would show them."""
    return [
        line.rstrip("\n")
        for line in difflib.ndiff(before.splitlines(True), after.splitlines(True))
        if line.startswith(("- ", "+ "))
    ]


YAML = """\
# kept
title: 'Quarry 4.0.0 Released'
date: 2023-01-29 18:30:22 -0800
tags: [release, "release-notes"]
categories:
  - release
  - news
"""


def test_a_renamed_tag_changes_only_its_own_text_and_keeps_its_quotes() -> None:
    after = edit_fields("yaml", YAML, {"tags": ["release", "releases"]})

    assert changed(YAML, after) == [
        '- tags: [release, "release-notes"]',
        '+ tags: [release, "releases"]',
    ]


def test_an_item_of_a_block_list_keeps_its_indentation() -> None:
    after = edit_fields("yaml", YAML, {"categories": ["release", "notes"]})

    assert changed(YAML, after) == ["-   - news", "+   - notes"]


def test_a_new_title_keeps_the_single_quotes_and_a_new_date_the_blogs_date_style() -> None:
    when = dt.datetime(2023, 2, 1, 9, 5, 7, tzinfo=PLUS_TWO)

    after = edit_fields("yaml", YAML, {"title": "Quarry's 4.0", "date": when})

    assert changed(YAML, after) == [
        "- title: 'Quarry 4.0.0 Released'",
        "- date: 2023-01-29 18:30:22 -0800",
        "+ title: 'Quarry''s 4.0'",
        "+ date: 2023-02-01 09:05:07 +0200",
    ]


def test_a_key_the_post_lacked_is_added_and_a_removed_one_goes() -> None:
    after = edit_fields("yaml", YAML, {"excerpt": "Faster builds.", "categories": None})

    assert "excerpt: Faster builds.\n" in after
    assert "categories" not in after
    assert after.startswith("# kept\ntitle: 'Quarry 4.0.0 Released'\n")


TOML = """\
title = "Rich Content"
# Written with milliseconds.
date = 2019-03-10T09:00:00.120-05:00
tags = [
    "shortcodes",
    "markdown",
]
[params]
  subtitle = "Shortcodes"
"""


def test_toml_keeps_comments_layout_and_the_date_form() -> None:
    when = dt.datetime(2019, 3, 11, 10, 0, 0, 250_000, tzinfo=dt.timezone(dt.timedelta(hours=-5)))

    after = edit_fields("toml", TOML, {"tags": ["shortcodes", "writing"], "date": when})

    assert changed(TOML, after) == [
        "- date = 2019-03-10T09:00:00.120-05:00",
        "+ date = 2019-03-11T10:00:00.250-05:00",
        '-     "markdown",',
        '+     "writing",',
    ]


JSON = """\
{
  "title": "Front Matter in JSON",
  "tags": ["front matter", "markdown"],
  "author": "Ledger Authors"
}"""


def test_json_changes_only_the_value_and_is_written_again_in_its_order_for_a_new_key() -> None:
    after = edit_fields("json", JSON, {"tags": ["front matter", "writing"]})
    assert changed(JSON, after) == [
        '-   "tags": ["front matter", "markdown"],',
        '+   "tags": ["front matter", "writing"],',
    ]

    added = edit_fields("json", JSON, {"summary": "Short."})
    assert added.splitlines()[:2] == ["{", '  "title": "Front Matter in JSON",']
    assert added.splitlines()[-2:] == ['  "summary": "Short."', "}"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2031-03-01", "2024-05-06"),
        ("2023-01-29 18:30:22 -0800", "2024-05-06 07:08:09 +0200"),
        ("2019-08-19T14:02:11.042-07:00", "2024-05-06T07:08:09.123+02:00"),
        ("2022-06-21T07:12:45.000Z", "2024-05-06T05:08:09.123Z"),
        ("2017-01-23T08:15:30", "2024-05-06T07:08:09"),
    ],
)
def test_a_new_date_is_written_as_the_old_one_was(written: str, expected: str) -> None:
    when = dt.datetime(2024, 5, 6, 7, 8, 9, 123_456, tzinfo=PLUS_TWO)

    assert date_like(written, when) == expected


@pytest.mark.parametrize(
    ("value", "line"),
    [
        (PlainString("2024-07-01 09:00:00 +0200"), "date: 2024-07-01 09:00:00 +0200"),
        (QuotedString("2024-07-01T09:00:00+02:00"), 'date: "2024-07-01T09:00:00+02:00"'),
    ],
)
def test_a_date_added_to_a_post_without_one_is_written_as_the_profile_writes_it(
    value: str, line: str
) -> None:
    text = "title: Tide tables\nlayout: post\n"

    after = edit_fields("yaml", text, {"date": value})

    assert changed(text, after) == [f"+ {line}"]


def test_a_date_added_to_toml_and_json_front_matter_is_plain_text() -> None:
    date = PlainString("2024-07-01 09:00:00 +0200")

    toml = edit_fields("toml", 'title = "Tides"\n', {"date": date})
    json_text = edit_fields("json", '{\n  "title": "Tides"\n}', {"date": date})

    assert toml == 'title = "Tides"\ndate = "2024-07-01 09:00:00 +0200"\n'
    assert json_text == '{\n  "title": "Tides",\n  "date": "2024-07-01 09:00:00 +0200"\n}'
