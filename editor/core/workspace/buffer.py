"""The text of an open document as the core sees it: a small protocol the editor implements."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class TextBuffer(Protocol):
    """Where a document's text is edited: the window's editor, or a string in tests.

    The text is the editor's: ``\\n`` line ends and no byte order mark (the document adds
    them back when it writes the file).
    """

    def text(self) -> str:
        """The text as it is now."""
        ...

    def is_modified(self) -> bool:
        """The text differs from the file (as far as the editor knows)."""
        ...

    def set_modified(self, modified: bool) -> None:
        """Mark the text modified or not (the editor tells its document's listeners)."""
        ...

    def replace_text(self, text: str) -> None:
        """Put ``text`` in as one undo step, keeping the cursor and scroll where they were."""
        ...

    def revision(self) -> int:
        """A number that changes with every edit (to tell whether the writer typed since)."""
        ...


class MemoryBuffer:
    """A TextBuffer on a plain string (tests, and documents that no window shows)."""

    def __init__(self, text: str = "") -> None:
        self._text = text
        self._modified = False
        self._revision = 0
        self.undo_stack: list[str] = []
        # The document listens here, as the Qt editor's modificationChanged signal does.
        self.on_modified_changed: Callable[[bool], object] | None = None

    def text(self) -> str:
        """The text as it is now."""
        return self._text

    def is_modified(self) -> bool:
        """The text differs from the file."""
        return self._modified

    def set_modified(self, modified: bool) -> None:
        """Mark the text modified or not, telling the listener when that changes."""
        if modified != self._modified:
            self._modified = modified
            if self.on_modified_changed is not None:
                self.on_modified_changed(modified)

    def replace_text(self, text: str) -> None:
        """Replace the text as one undo step."""
        self.undo_stack.append(self._text)
        self._text = text
        self._revision += 1
        self.set_modified(True)

    def type(self, text: str) -> None:
        """The writer types ``text`` at the end."""
        self._text += text
        self._revision += 1
        self.set_modified(True)

    def revision(self) -> int:
        """The edit count."""
        return self._revision
