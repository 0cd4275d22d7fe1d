"""The Help ▸ Markdown Reference dialog: the syntax, and the shortcuts the window really has.

Every key shown is read from the window's actions (built from the action table) or from the
editor's own keys, so the reference never lists a shortcut that does nothing.
"""

from __future__ import annotations

import html
import re
from importlib.resources import files
from string import Template

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from editor.ui.document.editor_pane import EDITOR_KEYS
from editor.ui.window.actions import MENUS, ActionSpec

# Keys a reader can press on any keyboard: with a modifier, or a function key. Keys of special
# keyboards ("Forward", "Help") that the platform adds to standard shortcuts are left out.
_PRESSABLE = re.compile(r".+\+.+|F\d{1,2}$")


def shortcut_texts(action: QAction) -> list[str]:
    """The action's shortcuts as the reader would press them, most usual first."""
    texts = [key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()]
    return [text for text in texts if _PRESSABLE.match(text)]


def reference_html(actions: dict[str, QAction]) -> str:
    """The reference page, its shortcuts taken from `actions` (the window's, by name)."""
    fills = {name: _in_brackets(shortcut_texts(action)) for name, action in actions.items()}
    fills["shortcuts"] = _shortcut_table(actions)
    page = (files("editor.resources") / "ui" / "markdown-reference.html").read_text("utf-8")
    return Template(page).safe_substitute(fills)


def show_markdown_reference(parent: QWidget, actions: dict[str, QAction]) -> None:
    """Show the reference in a dialog of its own."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Markdown reference")
    browser = QTextBrowser()
    browser.setHtml(reference_html(actions))
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    dialog.resize(560, 620)
    dialog.exec()


def _in_brackets(keys: list[str]) -> str:
    return f" ({html.escape(' or '.join(keys))})" if keys else ""


def _shortcut_table(actions: dict[str, QAction]) -> str:
    rows = [
        (f"{menu.replace('&', '')} ▸ {entry.text.replace('&', '')}", keys)
        for menu, entries in MENUS
        for entry in entries
        if isinstance(entry, ActionSpec)
        and entry.name in actions
        and (keys := shortcut_texts(actions[entry.name]))
    ]
    rows += [(what, [key]) for key, what in EDITOR_KEYS]
    cells = "".join(
        f"<tr><td>{html.escape(' or '.join(keys))}</td><td>{html.escape(what)}</td></tr>"
        for what, keys in rows
    )
    return f'<table cellpadding="4">{cells}</table>'
