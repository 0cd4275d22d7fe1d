"""Asking the writer: the questions the workspace needs answered, without any dialog code."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Protocol


class UnsavedAnswer(Enum):
    """What to do with unsaved changes."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class DiskChangeAnswer(Enum):
    """What to do when a document was changed both in Postdesk and on disk."""

    KEEP_MINE = "keep"
    LOAD_THEIRS = "load"
    SAVE_COPY = "copy"


class Asker(Protocol):
    """The writer, as the workspace asks and tells them (dialogs in the window, a script in
    tests)."""

    def unsaved(self, name: str) -> UnsavedAnswer:
        """``name`` has unsaved changes and is about to close: save, discard or cancel?"""
        ...

    def all_unsaved(self, names: list[str]) -> UnsavedAnswer:
        """Several documents (``names``) have unsaved changes and the window is about to
        close: save them all, discard them all, or cancel?"""
        ...

    def changed_on_disk(self, name: str) -> DiskChangeAnswer:
        """``name`` changed on disk and has unsaved changes here: whose text goes on?"""
        ...

    def replace_read_only(self, path: Path) -> bool:
        """The file about to be saved is read-only: True to replace it anyway."""
        ...

    def offer_save_as(self, error: Exception) -> bool:
        """A save failed with ``error`` (the text is kept): True to save under another name."""
        ...

    def save_path(self, suggested: Path) -> Path | None:
        """Choose where to save, starting at ``suggested``; None when the writer cancels."""
        ...

    def warn(self, title: str, message: str) -> None:
        """Say that something could not be done (a file that cannot be opened)."""
        ...

    def tell(self, message: str) -> None:
        """Say what happened, in passing (the status bar)."""
        ...
