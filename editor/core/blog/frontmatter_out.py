"""Front matter as blog engines read it: YAML in a fixed key order, dates written per profile."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

import yaml

_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class QuotedString(str):
    """A string always written in double quotes (a date that must stay a string in js-yaml)."""


class PlainString(str):
    """A string written without quotes where YAML allows (``2025-03-04 09:30:00 +0100``)."""


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    pass


def _represent_quoted(dumper: yaml.SafeDumper, value: QuotedString) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


def _represent_plain(dumper: yaml.SafeDumper, value: PlainString) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value))


def _represent_timestamp(dumper: yaml.SafeDumper, value: dt.datetime) -> yaml.Node:
    # PyYAML writes "2025-03-04 09:30:00+01:00"; the ISO form with "T" is what Hugo documents.
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(QuotedString, _represent_quoted)
_Dumper.add_representer(PlainString, _represent_plain)
_Dumper.add_representer(dt.datetime, _represent_timestamp)
# Any other kind of string (a subclass the caller made) is written as the text it holds.
_Dumper.add_multi_representer(str, _represent_plain)


def dump_front_matter(fields: Mapping[str, Any], body: str) -> str:
    """The document: ``---``, the fields as block YAML in the given order, ``---``, the body."""
    yaml_text = dump_fields(fields)
    if not body.endswith("\n"):
        body += "\n"
    return f"---\n{yaml_text}---\n{body}"


def dump_fields(fields: Mapping[str, Any]) -> str:
    """``fields`` as block YAML: directly for the usual shapes (strings, lists of strings, one
    level of mappings), through PyYAML for anything else."""
    lines: list[str] = []
    for key, value in fields.items():
        if not _emit(lines, key, value):
            return yaml.dump(
                dict(fields),
                Dumper=_Dumper,
                sort_keys=False,
                allow_unicode=True,
                default_flow_style=False,
                width=1_000_000,
            )
    return "".join(f"{line}\n" for line in lines)


# Plain (unquoted) only when obviously safe: ASCII, no indicator first, no ": " or " #".
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/+()',!?&=-]*(?::[A-Za-z0-9 ._/+()',!?&=-]+)*")
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


def plain_ok(text: str) -> bool:
    """True when ``text`` reads back as the same string written without quotes."""
    return (
        _PLAIN.fullmatch(text) is not None
        and not text.endswith(" ")
        and ": " not in text
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG  # type: ignore[no-untyped-call]
    )


def _quoted(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar; YAML also wants these escaped.
    return _UNPRINTABLE.sub(
        lambda match: f"\\u{ord(match.group()):04x}", json.dumps(text, ensure_ascii=False)
    )


def _scalar(value: Any) -> str | None:
    """``value`` as one YAML scalar, or None when it is not a simple one."""
    if isinstance(value, QuotedString):
        return _quoted(value)
    if isinstance(value, str):
        return value if plain_ok(value) else _quoted(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return None


def _emit(lines: list[str], key: Any, value: Any) -> bool:
    """Append ``key: value`` to ``lines``; False when it needs PyYAML."""
    if not isinstance(key, str) or not plain_ok(key):
        return False
    if isinstance(value, Mapping) and value:
        lines.append(f"{key}:")
        for name, item in value.items():
            text = _scalar(item)
            if not isinstance(name, str) or not plain_ok(name) or text is None:
                return False
            lines.append(f"  {name}: {text}")
        return True
    if isinstance(value, list | tuple) and value:
        lines.append(f"{key}:")
        for item in value:
            text = _scalar(item)
            if text is None:
                return False
            lines.append(f"- {text}")
        return True
    if isinstance(value, Mapping | list | tuple):
        lines.append(f"{key}: {'{}' if isinstance(value, Mapping) else '[]'}")
        return True
    text = _scalar(value)
    if text is None:
        return False
    lines.append(f"{key}: {text}")
    return True


def iso_date(value: dt.datetime) -> str:
    """``2025-03-04T09:30:00+01:00``: ISO 8601 with the offset, no microseconds."""
    return value.replace(microsecond=0).isoformat()


def jekyll_date(value: dt.datetime) -> str:
    """``2025-03-04 09:30:00 +0100``: the date format Jekyll documents for front matter."""
    return value.strftime("%Y-%m-%d %H:%M:%S %z")


def strings_for_dates(value: Any) -> Any:
    """``value`` with every date or datetime inside it turned into an ISO string.

    gray-matter (js-yaml) turns an unquoted date into a Date object, which Next.js then fails
    to serialise, so no field handed to the nextjs profile may hold one.
    """
    # Plain strings: YAML quotes them anyway (they look like dates), as it would on re-export.
    if isinstance(value, dt.datetime):
        return iso_date(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: strings_for_dates(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [strings_for_dates(item) for item in value]
    return value
