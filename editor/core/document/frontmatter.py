"""YAML front matter as text: split it from the body, parse it, and edit one key's lines only.

The front matter is kept as the exact text the file holds. Reading parses it; changing a key
rewrites only the lines of that key, so every other byte of the file (comments, quoting, key
order, line endings) stays as the writer left it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from editor.core.document import yamlvalues
from editor.core.errors import FrontMatterError

BOM = "\ufeff"

# The order known keys are written in (DESIGN.md); a new known key goes to its place here.
KNOWN_KEYS = ("title", "date", "slug", "excerpt", "tags", "cover", "author", "draft")

_OPENING = re.compile(r"---[ \t]*(?:\r\n|\n)")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r?\Z)", re.MULTILINE)


# An alias repeats its anchor's node (``b: [*a, *a]`` holds ``a`` twice) and everything that
# reads front matter (comparing, dumping, exporting) walks the value as a tree: nine levels of
# nine aliases (the "billion laughs") expand to 9**9 nodes, and an alias inside its own anchor
# never ends. Counted expanded, front matter gets this many nodes, or one per character of its
# text when that is more (a long list written out is no bomb).
MAX_EXPANDED_NODES = 10_000
# Those walks recurse once per level; Python stops at 1,000 and libyaml nests up to 1,000.
MAX_NESTING = 100
_ALIAS_PROBLEM = "front matter uses recursive or oversized YAML aliases"
_NESTING_PROBLEM = f"front matter is nested more than {MAX_NESTING} levels deep"
# Every level of nesting is opened by one of these (a key's colon, a dash, a bracket...).
_NESTING_MARKS = "[{:-?"

# Characters that make a plain or single-quoted scalar change meaning or lines on the way back.
_NEEDS_ESCAPES = re.compile(
    r"[\n\r\t\x85\u2028\u2029\ufeff]|[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


@dataclass(frozen=True)
class Document:
    """A document's text cut into pieces that join back into exactly the original text.

    ``opening`` and ``closing`` are the delimiter lines with their line endings (both empty
    when there is no front matter); ``front_matter`` is the YAML text between them.
    """

    bom: str
    opening: str
    front_matter: str
    closing: str
    body: str

    @property
    def has_front_matter(self) -> bool:
        """True when the document starts with a closed ``---`` block."""
        return bool(self.opening)

    @property
    def body_line(self) -> int:
        """1-based line in the file where the body starts."""
        head = self.opening + self.front_matter + self.closing
        lines = head.count("\n")
        if self.closing and not self.closing.endswith("\n"):
            # The file ends on the closing delimiter: the (empty) body is on the next line.
            lines += 1
        return lines + 1

    @property
    def newline(self) -> str:
        """The line ending new lines get: the file's own (``\\r\\n`` or ``\\n``)."""
        sample = self.opening or self.body
        index = sample.find("\n")
        if index > 0 and sample[index - 1] == "\r":
            return "\r\n"
        return "\n"

    def text(self) -> str:
        """The whole document text."""
        return self.bom + self.opening + self.front_matter + self.closing + self.body


def split_document(text: str) -> Document:
    """Cut ``text`` into BOM, front matter block and body.

    Front matter is the text between a first line ``---`` and the next ``---`` or ``...``
    line (trailing spaces allowed). Without a closing delimiter the whole text is the body.
    """
    bom = BOM if text.startswith(BOM) else ""
    rest = text[len(bom) :]
    opening = _OPENING.match(rest)
    if opening is None:
        return Document(bom, "", "", "", rest)
    closing = _CLOSING.search(rest, opening.end())
    if closing is None:
        return Document(bom, "", "", "", rest)
    return Document(
        bom,
        rest[: opening.end()],
        rest[opening.end() : closing.start()],
        rest[closing.start() : closing.end()],
        rest[closing.end() :],
    )


def parse_front_matter(
    front_matter: str, path: Path | None = None, *, first_line: int = 2, what: str = "front matter"
) -> dict[Any, Any]:
    """Parse the YAML text of a front matter block into a mapping (empty text -> ``{}``).

    Raises FrontMatterError naming ``path`` and the line in the file (the YAML starts on
    ``first_line``: line 2, after the opening delimiter) when the YAML is invalid or is not a
    mapping, when its aliases make it recursive or expand it past MAX_EXPANDED_NODES, and
    when it nests past MAX_NESTING. ``what`` names the text in messages (a settings file
    is read the same way).
    """
    try:
        value = yamlvalues.load(front_matter)
    except yaml.YAMLError as exc:
        line = _error_line(exc, front_matter) + first_line
        raise FrontMatterError(_yaml_problem(exc, what), path, line) from exc
    # Without an anchor no node is shared, so the value is a tree no bigger than its text;
    # without enough marks to open MAX_NESTING levels, it is no deeper either.
    if "&" in front_matter or sum(map(front_matter.count, _NESTING_MARKS)) > MAX_NESTING:
        budget = max(MAX_EXPANDED_NODES, len(front_matter))
        problem = _shape_problem(value, budget)
        if problem is not None:
            line = _problem_line(front_matter, budget) + first_line
            raise FrontMatterError(problem.replace("front matter", what), path, line)
    if value is None:
        return {}
    if not isinstance(value, dict):
        kind = type(value).__name__
        kind = {"list": "a list", "str": "text", "int": "a number", "float": "a number"}.get(
            kind, f"a {kind}"
        )
        raise FrontMatterError(f"{what} must be key: value pairs, not {kind}", path, first_line)
    return value


def _shape_problem(value: Any, budget: int) -> str | None:
    """Why ``value`` cannot be walked as a tree: it contains itself, has more than ``budget``
    nodes (shared parts counted each time) or nests past MAX_NESTING; None when it is fine."""
    # Iterative, with the containers on the current path by id: a cycle is seen, not recursed.
    on_path: set[int] = set()
    pending: list[Any] = [value]
    leave = object()  # marks where the walk leaves the container below it on the stack
    count = 0
    while pending:
        item = pending.pop()
        if item is leave:
            on_path.discard(id(pending.pop()))
            continue
        count += 1
        if count > budget:
            return _ALIAS_PROBLEM
        if isinstance(item, dict):
            children: Any = [*item.keys(), *item.values()]
        elif isinstance(item, (list, tuple, set, frozenset)):
            children = item
        else:
            continue
        if id(item) in on_path:
            return _ALIAS_PROBLEM
        if len(on_path) >= MAX_NESTING:
            return _NESTING_PROBLEM
        on_path.add(id(item))
        pending += (item, leave)
        pending.extend(children)
    return None


def _problem_line(front_matter: str, budget: int) -> int:
    """The 0-based YAML line where the front matter becomes recursive, too big or too deep.

    Read from the parser's events (anchors, aliases, how big each anchored node is once
    expanded, how deep the collections are open); the first line when no single place is
    to blame.
    """
    sizes: dict[str, int] = {}
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, nodes counted before it)
    count = 0
    for event in yaml.parse(front_matter, Loader=yamlvalues.FrontMatterLoader):
        mark = event.start_mark
        line = int(mark.line) if mark is not None else 0
        if isinstance(event, yaml.AliasEvent):
            anchor = str(event.anchor)
            count += sizes.get(anchor, 1)
            if count > budget or any(name == anchor for name, _ in open_nodes):
                return line
        elif isinstance(event, yaml.ScalarEvent):
            count += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(open_nodes) >= MAX_NESTING:
                return line
            open_nodes.append((event.anchor, count))
            count += 1
        elif isinstance(event, yaml.CollectionEndEvent) and open_nodes:
            closed, before = open_nodes.pop()
            if closed is not None:
                sizes[closed] = count - before
    return 0


def _yaml_problem(exc: yaml.YAMLError, what: str) -> str:
    problem = getattr(exc, "problem", None)
    if isinstance(exc, yaml.reader.ReaderError):
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        problem = f"control character U+{code:04X} is not allowed"
    if not problem:
        problem = str(exc).splitlines()[0] if str(exc) else "cannot be parsed"
    return f"invalid YAML {what}: {problem}"


def _error_line(exc: yaml.YAMLError, front_matter: str) -> int:
    """The 0-based YAML line a parse error points at (clamped to the text's last line)."""
    if isinstance(exc, yaml.reader.ReaderError):
        return front_matter.count("\n", 0, exc.position)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return 0
    line: int = mark.line
    return min(line, max(front_matter.count("\n") - 1, 0))


# --- writing -------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, strings quoted only where needed."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Line breaks, tabs and control characters are written as escapes in a double-quoted
    # string: the value then sits on one line and reads back exactly, whatever the file's
    # line endings are.
    style = '"' if _NEEDS_ESCAPES.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def render_key(key: Any, value: Any, newline: str = "\n") -> str:
    """The YAML lines for one top-level ``key: value``, ending in ``newline``."""
    text = yaml.dump(
        {key: value},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=2**30,
    )
    if newline != "\n":
        text = text.replace("\n", newline)
    return text


def render_field(key: Any, value: Any, newline: str = "\n") -> str:
    """The lines for one key as Postdesk writes it: ``date`` strings quoted, others as YAML."""
    if key == "date" and isinstance(value, str):
        return render_quoted(key, value, newline)
    return render_key(key, value, newline)


def render_quoted(key: str, value: str, newline: str = "\n") -> str:
    """``key: "value"`` with the value double-quoted (how dates are written); ``key`` is a word."""
    quoted = yaml.dump(
        value, Dumper=_Dumper, default_style='"', allow_unicode=True, width=2**30
    ).split("\n", 1)[0]
    return f"{key}: {quoted}{newline}"


@dataclass(frozen=True)
class _KeySpan:
    key: str
    first: int  # index of the key's first line
    last: int  # index of its last line (inclusive)


def _lines(front_matter: str) -> list[str]:
    # Split on "\n" only, so a "\r\n" stays one line ending and nothing else counts as one.
    lines = front_matter.split("\n")
    tail = lines.pop()
    result = [line + "\n" for line in lines]
    if tail:
        result.append(tail)
    return result


def _is_filler(line: str) -> bool:
    """A blank line or a comment at column 0: between keys, it belongs to no key."""
    return not line.strip() or line.startswith("#")


def _key_spans(front_matter: str, lines: list[str]) -> list[_KeySpan] | None:
    """The lines of each top-level key, or None when the block cannot be edited line by line."""
    try:
        root = yaml.compose(front_matter, Loader=yamlvalues.FrontMatterLoader)
    except yaml.YAMLError:
        return None
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    starts: list[int] = []
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line))

    def line_of(index: int) -> int:
        low, high = 0, len(lines) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if line_starts[middle] <= index:
                low = middle
            else:
                high = middle - 1
        return low

    entries: list[tuple[str, int, yaml.Node]] = []
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.start_mark.column != 0:
            return None
        first = line_of(key_node.start_mark.index)
        if starts and first <= starts[-1]:
            return None
        starts.append(first)
        entries.append((str(key_node.value), first, value_node))

    spans: list[_KeySpan] = []
    for number, (key, first, value_node) in enumerate(entries):
        limit = starts[number + 1] - 1 if number + 1 < len(starts) else len(lines) - 1
        last = first
        for index in range(first + 1, limit + 1):
            if not _is_filler(lines[index]):
                last = index
        # A quoted scalar may continue on lines that look like comments or blank lines.
        flow = isinstance(value_node, yaml.ScalarNode) or getattr(value_node, "flow_style", False)
        if flow and value_node.end_mark.index > 0:
            value_last = line_of(value_node.end_mark.index - 1)
            # A block scalar's end includes the blank lines after it: they stay as they were.
            while value_last > first and not lines[value_last].strip():
                value_last -= 1
            if first <= value_last <= limit:
                last = max(last, value_last)
        spans.append(_KeySpan(key, first, last))
    return spans


def edit_key(front_matter: str, key: str, rendered: str | None, newline: str = "\n") -> str:
    """Return ``front_matter`` with ``key``'s lines replaced by ``rendered`` (None removes it).

    Every other line is kept byte for byte. A new key goes after the known keys that come
    before it in KNOWN_KEYS (or before the first known key after it); other new keys go at
    the end. A block that is not a plain block mapping at column 0 (a flow mapping, complex
    keys) cannot be edited line by line: then the new lines go at the end, and the caller
    sees the result does not read back as asked and writes the whole block (render_block).
    """
    lines = _lines(front_matter)
    spans = _key_spans(front_matter, lines)
    if spans is None:
        return front_matter + (rendered or "")
    own = [span for span in spans if span.key == key]
    if own:
        new_lines = [] if rendered is None else [rendered]
        removed = {index for span in own[1:] for index in range(span.first, span.last + 1)}
        first = own[0]
        result: list[str] = []
        for index, line in enumerate(lines):
            if index == first.first:
                result.extend(new_lines)
            if first.first <= index <= first.last or index in removed:
                continue
            result.append(line)
        return "".join(result)
    if rendered is None:
        return front_matter
    at = _insert_position(key, spans, lines)
    if at == len(lines) and lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    return "".join([*lines[:at], rendered, *lines[at:]])


def _insert_position(key: str, spans: list[_KeySpan], lines: list[str]) -> int:
    if key not in KNOWN_KEYS:
        return len(lines)
    rank = KNOWN_KEYS.index(key)
    before = [s for s in spans if s.key in KNOWN_KEYS and KNOWN_KEYS.index(s.key) < rank]
    if before:
        return max(span.last for span in before) + 1
    after = [s for s in spans if s.key in KNOWN_KEYS and KNOWN_KEYS.index(s.key) > rank]
    if after:
        position = min(span.first for span in after)
        # Comments right above a key describe it: the new key goes above them.
        while position > 0 and lines[position - 1].startswith("#"):
            position -= 1
        return position
    return len(lines)


def render_block(mapping: dict[Any, Any], newline: str = "\n") -> str:
    """A whole front matter block's YAML text for ``mapping``, in its order."""
    return "".join(render_field(key, value, newline) for key, value in mapping.items())
