"""The workspace: the open documents and their policies (open, save, close, disk changes)."""

from editor.core.workspace.asker import Asker, DiskChangeAnswer, UnsavedAnswer
from editor.core.workspace.buffer import MemoryBuffer, TextBuffer
from editor.core.workspace.disk import DiskPolicy, watched_paths
from editor.core.workspace.document import Document, editor_text
from editor.core.workspace.notice import Notice
from editor.core.workspace.workspace import DocumentFactory, Workspace, fresh_text

__all__ = [
    "Asker",
    "DiskChangeAnswer",
    "DiskPolicy",
    "Document",
    "DocumentFactory",
    "MemoryBuffer",
    "Notice",
    "TextBuffer",
    "UnsavedAnswer",
    "Workspace",
    "editor_text",
    "fresh_text",
    "watched_paths",
]
