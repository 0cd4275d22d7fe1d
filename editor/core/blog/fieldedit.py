"""Edit some keys of a blog's own front matter text and keep every other byte as written.

A changed value is written where the old one was, in the old one's style: a tag renamed in
``tags: [a, "b"]`` or in a block list changes only that tag's text, keeping its quotes; a new
date is written as the old date was (date only, with a time, fractions of a second, an
offset). YAML goes through the project's span editor, TOML through tomlkit (which keeps
comments and layout), JSON through its own spans (JSON is YAML's flow style) and is written
again whole, in its key order and indentation, only when a key must be added or removed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

import tomlkit
import tomlkit.items
import yaml

from editor.core.blog.blogfile import JSON, TOML
from editor.core.blog.frontmatter_out import dump_fields, plain_ok
from editor.core.document import frontmatter, yamlvalues

_WRITTEN_DATE = re.compile(
    r"^(?P<day>\d{4}-\d{2}-\d{2})(?:(?P<sep>[T ]+)(?P<clock>\d{1,2}:\d{2})(?P<seconds>:\d{2})?"
    r"(?P<fraction>[.,]\d+)?(?P<space>\s*)(?P<offset>Z|[+-]\d{2}:?\d{2})?)?$",
    re.IGNORECASE,
)


def date_like(written: str, value: dt.datetime) -> str:
    """``value`` written the way ``written`` is: ``2023-01-29 18:30:22 -0800`` stays in that
    form, ``2022-09-03`` stays a date only, ``...T14:02:11.042-07:00`` keeps milliseconds.
    ISO 8601 with the offset when ``written`` is no date Postdesk knows."""
    match = _WRITTEN_DATE.match(written.strip())
    if match is None:
        return value.isoformat()
    if match.group("clock") is None:
        return value.date().isoformat()
    offset = match.group("offset")
    if offset and offset.upper() == "Z":
        value = value.astimezone(dt.UTC)
    text = f"{value:%Y-%m-%d}{match.group('sep')}{value:%H:%M}"
    if match.group("seconds"):
        text += f":{value:%S}"
    fraction = match.group("fraction")
    if fraction:
        digits = f"{value.microsecond:06d}"[: len(fraction) - 1].ljust(len(fraction) - 1, "0")
        text += fraction[0] + digits
    if offset:
        if offset.upper() == "Z":
            zone = offset
        else:
            zone = value.strftime("%z")
            if ":" in offset:
                zone = f"{zone[:3]}:{zone[3:]}"
        text += match.group("space") + zone
    return text


def edit_fields(format: str, text: str, changes: Mapping[str, Any]) -> str:
    """``text`` (front matter in ``format``) with each key of ``changes`` set to its value
    (None removes the key); every other key's bytes kept."""
    if not changes:
        return text
    if format == TOML:
        return _edit_toml(text, changes)
    for key, value in changes.items():
        edited = _edit_in_place(text, key, value)
        if edited is not None:
            text = edited
        elif format == JSON:
            return _rewrite_json(text, changes)
        else:
            newline = "\r\n" if "\r\n" in text else "\n"
            # Written as the profile writes a new key (its quoted or plain dates): the
            # project's own string kinds are known there, not to a bare YAML dumper.
            rendered = None if value is None else dump_fields({key: value})
            if rendered is not None and newline != "\n":
                rendered = rendered.replace("\n", newline)
            text = frontmatter.edit_key(text, key, rendered, newline)
    return text


def _edit_in_place(text: str, key: str, value: Any) -> str | None:
    """``text`` with ``key``'s value replaced in its own spans, or None when that is not
    possible (a new key, a removed one, a different shape)."""
    if value is None:
        return None
    try:
        root = yaml.compose(text, Loader=yamlvalues.FrontMatterLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    for key_node, value_node in root.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            edits = _node_edits(value_node, value)
            if edits is None:
                return None
            for start, end, replacement in sorted(edits, reverse=True):
                text = text[:start] + replacement + text[end:]
            return text
    return None


def _node_edits(node: yaml.Node, value: Any) -> list[tuple[int, int, str]] | None:
    """The (start, end, text) replacements that make ``node`` hold ``value``; None when
    the shapes differ."""
    if isinstance(node, yaml.ScalarNode):
        if isinstance(value, Mapping | list | tuple):
            if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
                # "tags: a, b" written as one string stays one string.
                value = ", ".join(value)
            else:
                return None
        if node.style in ("|", ">"):
            return None
        written = _scalar_text(node, value)
        if written is None:
            return None
        if written == text_of(node):
            return []
        return [(node.start_mark.index, node.end_mark.index, written)]
    if isinstance(node, yaml.SequenceNode):
        if not isinstance(value, list | tuple) or len(value) != len(node.value):
            return None
        edits: list[tuple[int, int, str]] = []
        for item_node, item in zip(node.value, value, strict=True):
            found = _node_edits(item_node, item)
            if found is None:
                return None
            edits.extend(found)
        return edits
    if isinstance(node, yaml.MappingNode):
        if not isinstance(value, Mapping):
            return None
        names = [name.value for name, _ in node.value if isinstance(name, yaml.ScalarNode)]
        if len(names) != len(node.value) or set(names) != {str(name) for name in value}:
            return None
        edits = []
        for name_node, item_node in node.value:
            found = _node_edits(item_node, value[name_node.value])
            if found is None:
                return None
            edits.extend(found)
        return edits
    return None


def text_of(node: yaml.ScalarNode) -> str:
    """The scalar's text as the writer wrote it, quotes included."""
    buffer = node.start_mark.buffer
    if buffer is None:
        return str(node.value)
    return str(buffer[node.start_mark.index : node.end_mark.index]).rstrip("\0")


def _scalar_text(node: yaml.ScalarNode, value: Any) -> str | None:
    """``value`` written in ``node``'s style (plain, single or double quotes)."""
    if isinstance(value, dt.datetime):
        text = date_like(str(node.value), value)
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float | str):
        text = str(value)
    else:
        return None
    if text == node.value:
        return text_of(node)
    if node.style == "'" and "\n" not in text:
        return "'" + text.replace("'", "''") + "'"
    if node.style == '"' or (isinstance(value, str) and not plain_ok(text)):
        return json.dumps(text, ensure_ascii=False)
    return text


def _plain(value: Any) -> Any:
    """``value`` with datetimes as ISO text and the profile's string kinds as plain strings,
    for a key written anew in JSON or TOML."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _rewrite_json(text: str, changes: Mapping[str, Any]) -> str:
    """The JSON object written again with ``changes``, in its key order and indentation."""
    data = json.loads(text)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = _plain(value)
    indent = re.search(r"\n([ \t]+)\"", text)
    return json.dumps(data, ensure_ascii=False, indent=indent.group(1) if indent else 2)


def _edit_toml(text: str, changes: Mapping[str, Any]) -> str:
    """TOML front matter edited with tomlkit, which keeps comments, layout and quoting."""
    document = tomlkit.parse(text)
    for key, value in changes.items():
        if value is None:
            if key in document:
                del document[key]
            continue
        current = document.get(key)
        if isinstance(value, dt.datetime):
            if isinstance(current, str):
                document[key] = date_like(str(current), value)
            elif isinstance(current, tomlkit.items.Date | tomlkit.items.DateTime):
                document[key] = tomlkit.value(date_like(current.as_string(), value))
            else:
                document[key] = value
        elif (
            isinstance(current, tomlkit.items.Array)
            and isinstance(value, list | tuple)
            and len(current) == len(value)
        ):
            for index, item in enumerate(value):
                if current[index] != item:
                    current[index] = item
        else:
            document[key] = _plain(value)
    return tomlkit.dumps(document)
