"""What is wrong with a post's own front matter: dates, shapes and repeated keys, with lines.

Reading a post is lenient (a list where a title belongs reads as no title), so that a post
always opens; these are the reasons the checks and the export give for not publishing it as
written. Each names the field, the file line and the value as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from editor.core.document.post import Post, date_problem
from editor.core.document.yamlvalues import FrontMatterLoader

# The line in the file where the YAML starts: after the opening ``---``.
_FIRST_LINE = 2
# Values are quoted in messages up to this many characters.
_SHOWN_CHARACTERS = 60
_TEXT_FIELDS = ("title", "slug", "excerpt")
_COVER_FIELDS = ("image", "alt", "credit", "credit_url")
_AUTHOR_FIELDS = ("name", "picture")
_BOOLEAN_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "1", "0"})


@dataclass(frozen=True)
class FieldProblem:
    """One front matter field that can't be published as written."""

    severity: str  # "error" | "warning"
    key: str
    message: str
    line: int  # 1-based, in the file


def field_problems(post: Post, engine: str | None = None) -> list[FieldProblem]:
    """The problems of ``post``'s known fields and repeated keys, in line order.

    ``engine``: the blog a post imported from it goes back to (``"jekyll"``...), whose own
    date forms it keeps (see post.engine_date).
    """
    if not post.has_front_matter:
        return []
    text = post.front_matter
    try:
        root = yaml.compose(text, Loader=FrontMatterLoader)
    except yaml.YAMLError:
        return []  # the post could not have been read: its reader already said why
    if not isinstance(root, yaml.MappingNode):
        return []
    problems: list[FieldProblem] = []
    seen: dict[str, int] = {}
    last: dict[str, tuple[int, yaml.Node]] = {}
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = str(key_node.value)
        line = int(key_node.start_mark.line) + _FIRST_LINE
        if key in seen:
            problems.append(
                FieldProblem(
                    "warning",
                    key,
                    f"{key!r} is also set on line {seen[key]}: only this value is used",
                    line,
                )
            )
        seen.setdefault(key, line)
        last[key] = (line, value_node)
    for key, (line, node) in last.items():
        written = _written(text, node)
        message = _shape_problem(key, post.get(key), written, engine)
        if message is not None:
            problems.append(FieldProblem("error", key, message, line))
    problems.sort(key=lambda problem: problem.line)
    return problems


def _shape_problem(key: str, value: Any, written: str, engine: str | None) -> str | None:
    """Why ``value`` is not what the field ``key`` holds; None when it is (or key is unknown)."""
    if value is None:
        return None
    if key == "date":
        return date_problem(value, written, engine)
    if key in _TEXT_FIELDS:
        return _not_text(key, value, written)
    if key == "tags":
        if isinstance(value, dict):
            return f"tags must be a list of tags, not a mapping: {written!r}"
        if isinstance(value, list):
            for number, tag in enumerate(value, start=1):
                if isinstance(tag, (dict, list)):
                    kind = _kind(tag)
                    return f"tags must be a list of tags: tag {number} is {kind}: {written!r}"
        return None
    if key == "cover":
        return _mapping_problem(key, value, written, _COVER_FIELDS, "an image path")
    if key == "author":
        if isinstance(value, list):
            return None  # a list of authors, as Jekyll and Hugo blogs keep it
        return _mapping_problem(key, value, written, _AUTHOR_FIELDS, "a name")
    if key == "draft":
        if isinstance(value, bool) or value in (0, 1):
            return None
        if isinstance(value, str) and value.strip().lower() in _BOOLEAN_WORDS:
            return None
        return f"draft must be true or false, not {written!r}"
    return None


def _mapping_problem(
    key: str, value: Any, written: str, fields: tuple[str, ...], plain: str
) -> str | None:
    """A problem of a field that is ``plain`` text or a mapping of ``fields`` holding text."""
    if isinstance(value, dict):
        for name in fields:
            problem = _not_text(f"{key}.{name}", value.get(name), written)
            if problem is not None:
                return problem
        return None
    if isinstance(value, (list, bool)):
        shown = ", ".join(fields)
        return f"{key} must be {plain} or a mapping of {shown}, not {_kind(value)}: {written!r}"
    return None


def _not_text(name: str, value: Any, written: str) -> str | None:
    if isinstance(value, (dict, list)):
        return f"{name} must be text, not {_kind(value)}: {written!r}"
    return None


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true or false"
    return "a value"


def _written(text: str, node: yaml.Node) -> str:
    """A value as written (a list or mapping as its text), on one line, cut for messages."""
    if isinstance(node, yaml.ScalarNode):
        written = str(node.value)  # without its quotes
    else:
        written = text[node.start_mark.index : node.end_mark.index]
    shown = " ".join(written.split())
    if len(shown) > _SHOWN_CHARACTERS:
        shown = shown[: _SHOWN_CHARACTERS - 1] + "…"
    return shown
