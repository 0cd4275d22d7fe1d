"""Front matter as written for the blog engines reads back as the same values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.blog.frontmatter_out import (
    PlainString,
    QuotedString,
    dump_fields,
    strings_for_dates,
)

TEXT = st.text(max_size=30)
SCALARS = st.one_of(
    TEXT,
    TEXT.map(QuotedString),
    st.booleans(),
    st.integers(),
    st.none(),
    st.sampled_from(["yes", "no", "~", "null", "1e3", "0x1f", "2025-03-05", "a: b", "#x", "- y"]),
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=4),
    st.dictionaries(st.sampled_from(["name", "url", "image", "x y"]), SCALARS, max_size=3),
)
FIELDS = st.dictionaries(st.one_of(st.sampled_from(["title", "tags", "yes", "a b"]), TEXT), VALUES)


def plain(value: Any) -> Any:
    """What reading the YAML should give back (string subclasses are strings)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


@settings(max_examples=300, deadline=None)
@given(FIELDS)
def test_fields_read_back_unchanged(fields: dict[str, Any]) -> None:
    assert yaml.safe_load(dump_fields(fields) or "{}") == plain(fields)


def test_dates_are_written_as_engines_want_them() -> None:
    moment = dt.datetime(2025, 3, 4, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    text = dump_fields(
        {
            "date": QuotedString("2025-03-04T09:30:00+01:00"),
            "hugo": moment,
            "jekyll": PlainString("2025-03-04 09:30:00 +0100"),
            "updated": strings_for_dates(dt.date(2025, 3, 5)),
        }
    )
    assert text.splitlines() == [
        'date: "2025-03-04T09:30:00+01:00"',
        "hugo: 2025-03-04T09:30:00+01:00",
        "jekyll: 2025-03-04 09:30:00 +0100",
        'updated: "2025-03-05"',
    ]
