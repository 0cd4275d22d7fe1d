"""A fast reader for the plain YAML that almost all front matter is written in.

PyYAML, even with libyaml, spends a few hundred microseconds per front matter building Python
objects: too slow for indexing thousands of posts. This reader handles the common shapes
(``key: scalar``, ``key:`` with a block list or a mapping of scalars, ``[]``, simple flow
lists) line by line and gives up (returns None) on anything else, so the caller parses that
text with PyYAML. Scalars are typed by PyYAML's own resolver and constructors, so a value
reads exactly as the safe loader reads it.

Kept for the cold index of a large library (DESIGN.md: 20,000 posts in 2 s): on a 2-core
machine it indexed 20,000 generated posts in about 2.2 s where PyYAML alone took 3.2 s, and
2,000 in 0.19 s against 0.34 s (``benchmarks/generate.py library DIR --count N``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import yaml

from editor.core.document.yamlvalues import SCALAR_CONSTRUCTOR

_KEY = r"([A-Za-z_][A-Za-z0-9_-]*)"
_KEY_LINE = re.compile(_KEY + r":(?:[ ]+(.*))?$")
_ITEM = re.compile(r"-(?:[ ]+(.*))?$")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"[ ]*$')
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'[ ]*$")
_FLOW_ITEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _./+-]*$")
# Plain scalars must not start with an indicator or hold a comment or a "key: value".
_PLAIN_START = re.compile(r"[\[\]{}#&*!|>'\"%@`,]|[-?:](?:[ \t]|$)")
_PLAIN_BREAKER = re.compile(r":(?:[ \t]|$)|[ \t]#")
# Line breaks other than \n, tabs (not allowed as indentation) and characters YAML rejects.
_AWKWARD = re.compile(r"\r(?!\n)|[\t\x85\u2028\u2029\ufeff]")

_STR = "tag:yaml.org,2002:str"
# PyYAML's resolver is unannotated; this is its signature as used here.
_resolve = cast(Callable[[type, str, tuple[bool, bool]], str], yaml.resolver.Resolver().resolve)
_CONSTRUCTOR = SCALAR_CONSTRUCTOR


class _GiveUp(Exception):
    """The text is outside the shapes this reader handles."""


# A line read once: ("key", indent, key, value) or ("item", indent, None, value), where value
# is _OPEN for "key:" with nothing after it. Front matter lines repeat a lot across a library
# ("draft: false", "  - python"), so lines holding only immutable values are remembered.
_Token = tuple[str, int, str | None, Any]
_BLANK: _Token = ("blank", 0, None, None)
_OPEN: Any = object()
_LINES: dict[str, _Token | None] = {}
_LINES_LIMIT = 50_000


def parse_simple(text: str) -> dict[str, Any] | None:
    """The mapping in YAML ``text``, or None when the text needs the full YAML parser.

    For every text it accepts, the result equals ``yamlvalues.load(text) or {}``.
    """
    if _AWKWARD.search(text) or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    try:
        tokens = [_token(line) for line in text.split("\n")]
        return _mapping(tokens)
    except _GiveUp:
        return None


def _token(line: str) -> _Token:
    if line in _LINES:
        known = _LINES[line]
        if known is None:
            raise _GiveUp
        return known
    try:
        token = _read_line(line.rstrip("\r"))
    except _GiveUp:
        _remember(line, None)
        raise
    if not isinstance(token[3], (list, dict)):
        _remember(line, token)
    return token


def _remember(line: str, token: _Token | None) -> None:
    if len(_LINES) >= _LINES_LIMIT:
        _LINES.clear()
    _LINES[line] = token


def _read_line(line: str) -> _Token:
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if not stripped or stripped.startswith("#"):
        if stripped and indent:
            # An indented comment could sit inside a multi-line scalar: leave it to PyYAML.
            raise _GiveUp
        return _BLANK
    if stripped[0] == "-":
        item = _ITEM.match(stripped)
        if item is not None:
            value = item.group(1)
            return ("item", indent, None, _scalar_or_flow(value) if value else None)
    entry = _KEY_LINE.match(stripped)
    if entry is None:
        raise _GiveUp
    key = _key(entry.group(1))
    value = entry.group(2)
    return ("key", indent, key, _scalar_or_flow(value) if value else _OPEN)


def _mapping(tokens: list[_Token]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    index = 0
    count = len(tokens)
    while index < count:
        kind, indent, key, value = tokens[index]
        index += 1
        if kind == "blank":
            continue
        if kind != "key" or indent or key is None:
            raise _GiveUp
        if value is not _OPEN:
            result[key] = value
            continue
        children = []
        while index < count:
            child = tokens[index]
            if child[0] == "key" and not child[1]:
                break
            if child[0] != "blank":
                children.append(child)
            index += 1
        result[key] = _block(children)
    return result


def _block(children: list[_Token]) -> Any:
    """A block list of scalars or a mapping of scalars (one level), from its lines."""
    if not children:
        return None
    kind, indent = children[0][0], children[0][1]
    if kind == "key" and not indent:
        raise _GiveUp
    for child in children:
        if child[0] != kind or child[1] != indent or child[3] is _OPEN:
            raise _GiveUp
    if kind == "item":
        return [child[3] for child in children]
    return {child[2]: child[3] for child in children}


def _scalar_or_flow(value: str) -> Any:
    stripped = value.strip(" ")
    if not stripped:
        return _OPEN
    first = stripped[0]
    if first == "[":
        if not stripped.endswith("]"):
            raise _GiveUp
        inner = stripped[1:-1].strip(" ")
        if not inner:
            return []
        items = [item.strip(" ") for item in inner.split(",")]
        if not all(_FLOW_ITEM.match(item) for item in items):
            raise _GiveUp
        return [_plain(item) for item in items]
    if stripped == "{}":
        return {}
    if first == '"':
        quoted = _DOUBLE_QUOTED.match(stripped)
        if quoted is None:
            raise _GiveUp
        return quoted.group(1)
    if first == "'":
        quoted = _SINGLE_QUOTED.match(stripped)
        if quoted is None:
            raise _GiveUp
        return quoted.group(1).replace("''", "'")
    if _PLAIN_START.match(stripped) or _PLAIN_BREAKER.search(stripped):
        raise _GiveUp
    return _plain(stripped)


def _plain(text: str) -> Any:
    """A plain scalar typed as the safe loader types it (bool, int, float, date, null, str)."""
    tag = _resolve(yaml.ScalarNode, text, (True, False))
    if tag == _STR:
        return text
    constructor = _CONSTRUCTOR.yaml_constructors.get(tag)
    if constructor is None:
        raise _GiveUp
    try:
        return constructor(_CONSTRUCTOR, yaml.ScalarNode(tag, text))
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
        raise _GiveUp from error


def _key(text: str) -> str:
    if _resolve(yaml.ScalarNode, text, (True, False)) != _STR:
        raise _GiveUp
    return text
