"""A blog's own post file as written: YAML (``---``), TOML (``+++``) or JSON front matter and
the body, cut into pieces that join back into exactly the file's text."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.core.document import frontmatter
from editor.core.errors import FrontMatterError

YAML = "yaml"
TOML = "toml"
JSON = "json"

_TOML_OPENING = re.compile(r"\+\+\+[ \t]*(?:\r\n|\n)")
_TOML_CLOSING = re.compile(r"^\+\+\+[ \t]*(?:\r\n|\n|\Z)", re.MULTILINE)
_LINE_END = re.compile(r"[ \t]*(?:\r\n|\n|\Z)")


@dataclass(frozen=True)
class BlogFile(frontmatter.Document):
    """A post file in pieces (``frontmatter.Document``'s), with the ``format`` of its front
    matter: ``front_matter`` is the text that format is parsed from, between the delimiter
    lines for YAML and TOML, the whole object for JSON (which has no delimiters). ``format``
    is ``""`` for a file without front matter.
    """

    format: str = ""

    @property
    def has_front_matter(self) -> bool:
        """True when the file starts with front matter (JSON's has no opening line)."""
        return bool(self.format)

    @property
    def head(self) -> str:
        """The file's text before the body."""
        return self.bom + self.opening + self.front_matter + self.closing

    def with_front_matter(self, text: str) -> str:
        """The head with its front matter text replaced by ``text``."""
        return self.bom + self.opening + text + self.closing


def split_blog_file(text: str) -> BlogFile:
    """Cut a post file's ``text`` into its front matter (any of the three formats) and body."""
    bom = frontmatter.BOM if text.startswith(frontmatter.BOM) else ""
    rest = text[len(bom) :]
    opening = _TOML_OPENING.match(rest)
    if opening is not None:
        closing = _TOML_CLOSING.search(rest, opening.end())
        if closing is not None:
            return BlogFile(
                bom,
                rest[: opening.end()],
                rest[opening.end() : closing.start()],
                rest[closing.start() : closing.end()],
                rest[closing.end() :],
                format=TOML,
            )
    if rest.startswith("{"):
        try:
            _value, end = json.JSONDecoder().raw_decode(rest)
        except ValueError:
            end = 0
        if end:
            line_end = _LINE_END.match(rest, end)
            stop = line_end.end() if line_end is not None else end
            return BlogFile(bom, "", rest[:end], rest[end:stop], rest[stop:], format=JSON)
    document = frontmatter.split_document(text)
    return BlogFile(
        document.bom,
        document.opening,
        document.front_matter,
        document.closing,
        document.body,
        format=YAML if document.has_front_matter else "",
    )


def front_matter_last_line(text: str) -> int:
    """The 0-based number of the front matter block's last line in `text` (0 when it has none).

    The block is YAML between ``---`` lines, TOML between ``+++`` lines or a JSON object, as a
    blog's post file holds it; 0 also means a block of one line, which has nothing to fold.
    """
    file = split_blog_file(text)
    if not file.has_front_matter:
        return 0
    head = file.opening + file.front_matter + file.closing
    return head.count("\n") - head.endswith("\n")


def parse_blog_front_matter(file: BlogFile, path: Path | None = None) -> dict[str, Any]:
    """The front matter of ``file`` as a mapping, in the file's order.

    Raises FrontMatterError naming ``path`` (and the line, where the parser says) when it
    cannot be read or is not a mapping.
    """
    if file.format == TOML:
        try:
            value: Any = tomllib.loads(file.front_matter)
        except tomllib.TOMLDecodeError as exc:
            # tomllib names the line in its message only ("... (at line 3, column 5)").
            found = re.search(r"line (\d+)", str(exc))
            line = int(found.group(1)) + 1 if found else None
            raise FrontMatterError(f"invalid TOML front matter: {exc}", path, line) from exc
    elif file.format == JSON:
        try:
            value = json.loads(file.front_matter)
        except ValueError as exc:
            raise FrontMatterError(f"invalid JSON front matter: {exc}", path, 1) from exc
    elif file.format == YAML:
        value = frontmatter.parse_front_matter(file.front_matter, path)
    else:
        return {}
    if not isinstance(value, dict):
        raise FrontMatterError("front matter must be key: value pairs", path, 1)
    return {str(key): item for key, item in value.items()}
