"""Errors the core raises for bad input: each reads as one line naming the file and the problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def printable(text: str) -> str:
    """``text`` with each non-printable character (line breaks, escapes, tabs) written as a
    Python escape (``\\n``, ``\\x1b``), so it prints as one line and cannot drive a terminal.

    Printable text, non-Latin scripts and backslashes included, comes back unchanged.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class PostdeskError(Exception):
    """A problem with the user's input or files, shown to the user as one line."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        """``path:line: message``, one line whatever characters the file name holds."""
        where = ""
        if self.path is not None:
            where = printable(str(self.path))
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return f"{where}{printable(self.message)}"


class FrontMatterError(PostdeskError):
    """The YAML front matter of a document cannot be read (line is 1-based, in the file)."""


class UnsafePathError(PostdeskError):
    """A slug or image path would lead outside the folder it must stay in."""


class ReadOnlyFileError(PostdeskError):
    """A write would replace a file that is read-only; retry with the writer's consent."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, shown as ``path:line: error: message``."""

    severity: str  # "error" | "warning"
    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = printable(str(self.path))
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.severity}: {printable(self.message)}"
