"""Reading time: words in a Markdown body and the minutes a reader needs for them."""

from __future__ import annotations

import math
import re

WORDS_PER_MINUTE = 200

# Markup that is not read: HTML tags, link and image targets, fence markers.
_NOT_READ = re.compile(r"<[^>\n]+>|\]\([^)\n]*\)|^[ \t]*(?:`{3,}|~{3,}).*$", re.MULTILINE)
# A word: letters/digits joined by apostrophes or hyphens. Each CJK character reads as a word.
_WORD = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
    r"|[^\W_]+(?:['’-][^\W_]+)*"
)


def count_words(text: str) -> int:
    """Count the words a reader reads in Markdown ``text`` (markup and link targets skipped)."""
    return len(_WORD.findall(_NOT_READ.sub(" ", text)))


def reading_minutes(text: str) -> int:
    """Minutes to read ``text`` at 200 words a minute, rounded up, at least 1."""
    return max(1, math.ceil(count_words(text) / WORDS_PER_MINUTE))
