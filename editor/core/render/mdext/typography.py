"""Smart typography, as Goldmark's typographer and kramdown print it: curly quotes, dashes and
an ellipsis in the text, never in code.

Python-Markdown's smarty does this with inline patterns, and its inline machinery copies the
whole paragraph for every match: a long paragraph of quotes took time growing with its square.
Here each text node is read once, after the inline patterns, knowing the character before it
(a quote after an emphasis closes, one at the start of a paragraph opens).
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

# Text the blogs leave as written: code, and formulas.
_VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "math"})
_SYMBOLS = (
    ("---", "\u2014"),
    ("--", "\u2013"),
    ("...", "\u2026"),
    ("<<", "\u00ab"),
    (">>", "\u00bb"),
)
_MARKS = re.compile(r"[\"']")
_OPENERS = "([{\u2013\u2014"


def _is_space(char: str) -> bool:
    return not char or char.isspace()


def _is_punctuation(char: str) -> bool:
    return bool(char) and unicodedata.category(char).startswith(("P", "S"))


def _opens(before: str, after: str) -> bool:
    """Whether a quote between ``before`` and ``after`` opens (left-flanking, as CommonMark
    calls it): something follows, and it starts a word or follows a space or an opener."""
    if _is_space(after):
        return False
    if _is_space(before) or before in _OPENERS:
        return True
    return _is_punctuation(before) and not _is_punctuation(after)


def curl(text: str, before: str) -> str:
    """``text`` with smart quotes, dashes and ellipses; ``before`` is the character before it."""
    for plain, typographic in _SYMBOLS:
        if plain in text:
            text = text.replace(plain, typographic)
    if '"' not in text and "'" not in text:
        return text
    parts = []
    last = 0
    for mark in _MARKS.finditer(text):
        at = mark.start()
        previous = text[at - 1] if at else before
        following = text[at + 1] if at + 1 < len(text) else ""
        if mark.group() == '"':
            curled = "\u201c" if _opens(previous, following) else "\u201d"
        elif previous.isalnum():
            curled = "\u2019"  # an apostrophe, or a quote closing after a word
        else:
            curled = "\u2018" if _opens(previous, following) else "\u2019"
        parts += [text[last:at], curled]
        last = at + 1
    parts.append(text[last:])
    return "".join(parts)


class TypographyTreeprocessor(Treeprocessor):
    """Curls the quotes and sets the dashes of every text node outside code and formulas."""

    def run(self, root: etree.Element) -> None:
        """Walk the document in reading order, each block starting afresh."""
        self._walk(root, "")

    def _walk(self, element: etree.Element, before: str) -> str:
        """Typeset ``element``'s text and its children's; the last character it holds."""
        if element.tag in _VERBATIM:
            return "a"  # a word: a quote right after code closes
        if self.md.is_block_level(element.tag):
            before = ""
        if element.text:
            if not isinstance(element.text, AtomicString):
                element.text = curl(element.text, before)
            before = element.text[-1]
        for child in element:
            before = self._walk(child, before)
            if child.tail:
                if not isinstance(child.tail, AtomicString):
                    child.tail = curl(child.tail, before)
                before = child.tail[-1]
        return before


class TypographyExtension(Extension):
    """Smart quotes, dashes and ellipses in a post's text."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Run after the inline patterns and attribute lists (whose quoted values are markup,
        not text), before the preview's marks."""
        md.treeprocessors.register(TypographyTreeprocessor(md), "typography", 7)
