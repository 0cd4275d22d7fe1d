"""Postdesk: a desktop note-and-blog editor for engineers who blog."""

__version__ = "0.1.0"
