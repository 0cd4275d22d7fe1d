"""How front matter YAML becomes Python values: the safe loader, never failing on a value.

YAML's resolver calls ``2024-02-30`` a date and a 5,000-digit run of digits an integer, but
Python can hold neither (no such day; integers past 4,300 digits are refused), so the plain
safe loader raises and the whole file is lost over one value. Here such a value is kept as the
text written: the post opens, and the checks name the field, its line and that text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

# libyaml parses a few times faster than the pure-Python loader: it matters when a library of
# thousands of posts is indexed. Both are the safe loader (no arbitrary Python objects).
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The tags whose values Python may refuse to build from text the resolver accepted.
_REFUSABLE = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int")

_Construct = Callable[[Any, yaml.Node], Any]


class FrontMatterLoader(_SafeLoader):  # type: ignore[misc]
    """The safe loader, keeping a date or number Python can't hold as the text written."""


def _as_written_when_refused(construct: _Construct) -> _Construct:
    def lenient(loader: Any, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError):
            return str(node.value)

    return lenient


for _tag in _REFUSABLE:
    FrontMatterLoader.add_constructor(
        _tag, _as_written_when_refused(yaml.SafeLoader.yaml_constructors[_tag])
    )

# A loader over no text: its constructors type single scalars the way FrontMatterLoader does.
SCALAR_CONSTRUCTOR: Any = FrontMatterLoader("")


def load(text: str) -> Any:
    """The value of the YAML ``text`` (yaml.YAMLError when it is not valid YAML)."""
    return yaml.load(text, Loader=FrontMatterLoader)
