"""Reading time: words counted as a reader sees them, 200 a minute, at least one minute."""

from __future__ import annotations

from editor.core.render.readtime import count_words, reading_minutes


def test_counts_words_not_markup() -> None:
    text = (
        "# A title\n\nSome **bold** text with a [link](https://example.com/a-b-c) and <b>tags</b>."
    )
    assert count_words(text) == 10


def test_contractions_and_hyphenated_words_count_once() -> None:
    assert count_words("don't re-run it") == 3


def test_fence_markers_are_not_words_but_code_is() -> None:
    assert count_words("```python\nprint(x)\n```") == 2


def test_each_cjk_character_counts_as_a_word() -> None:
    assert count_words("機械学習") == 4


def test_reading_minutes_round_up_with_a_minimum_of_one() -> None:
    assert reading_minutes("") == 1
    assert reading_minutes("word " * 10) == 1
    assert reading_minutes("word " * 1000) == 5
    assert reading_minutes("word " * 1001) == 6
