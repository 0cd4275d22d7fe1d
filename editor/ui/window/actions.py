"""The window's menus, built from one table of actions."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from editor.ui.app.theme import THEME_MODES

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    """One menu entry; it calls the window's `_on_<name>_triggered` (or `_toggled`) slot."""

    name: str
    text: str
    shortcut: QKeySequence.StandardKey | str | None = None
    checkable: bool = False
    fallback: str | None = None  # when the platform has no standard key for it
    more_keys: tuple[str, ...] = ()  # further keys for the same entry, after the standard ones
    editor: tuple[str, ...] = ()  # instead of a slot: this editor method and its arguments
    document: bool = False  # acts on the document in front: off while none is open


def document_actions() -> list[str]:
    """The names of the entries that act on the document in front."""
    return [
        spec.name
        for _, entries in MENUS
        for spec in entries
        if isinstance(spec, ActionSpec) and spec.document
    ]


# "-" is a separator; "@name" is a submenu the window fills (recent files, theme).
MENUS: tuple[tuple[str, tuple[ActionSpec | str, ...]], ...] = (
    (
        "&File",
        (
            ActionSpec("new_post", "New &Post…", Key.New),
            ActionSpec("new_note", "New &Note", "Ctrl+Shift+N"),
            "-",
            ActionSpec("open_library", "Open &Library…", "Ctrl+Shift+O"),
            ActionSpec("open_file", "&Open File…", Key.Open),
            "@Recent Files",
            "@Recent Libraries",
            "-",
            ActionSpec("save", "&Save", Key.Save, document=True),
            ActionSpec("save_as", "Save &As…", Key.SaveAs, fallback="Ctrl+Shift+S", document=True),
            "-",
            ActionSpec("export", "&Export…", "Ctrl+Shift+E"),
            ActionSpec("export_post", "Export &This Post…", "Ctrl+Alt+E", document=True),
            "-",
            ActionSpec("preferences", "Pre&ferences…", Key.Preferences, fallback="Ctrl+,"),
            "-",
            ActionSpec("close_tab", "&Close", Key.Close, fallback="Ctrl+W", document=True),
            ActionSpec("quit", "&Quit", Key.Quit, fallback="Ctrl+Q"),
        ),
    ),
    (
        "&Edit",
        (
            ActionSpec("undo", "&Undo", Key.Undo, editor=("undo",)),
            ActionSpec("redo", "&Redo", Key.Redo, editor=("redo",)),
            "-",
            ActionSpec("cut", "Cu&t", Key.Cut, editor=("cut",)),
            ActionSpec("copy", "&Copy", Key.Copy, editor=("copy",)),
            ActionSpec("paste", "&Paste", Key.Paste, editor=("paste",)),
            ActionSpec("select_all", "Select &All", Key.SelectAll, editor=("selectAll",)),
            "-",
            ActionSpec("find", "&Find…", Key.Find),
            ActionSpec("find_next", "Find &Next", Key.FindNext, fallback="F3"),
            ActionSpec("find_previous", "Find Pre&vious", Key.FindPrevious, fallback="Shift+F3"),
            ActionSpec("replace", "&Replace…", Key.Replace, fallback="Ctrl+H"),
            "-",
            ActionSpec("bold", "&Bold", Key.Bold, editor=("wrap_selection", "**"), document=True),
            ActionSpec(
                "italic", "&Italic", Key.Italic, editor=("wrap_selection", "*"), document=True
            ),
            ActionSpec(
                "code", "Inline C&ode", "Ctrl+E", editor=("wrap_selection", "`"), document=True
            ),
            ActionSpec("link", "&Link", "Ctrl+K", editor=("insert_link",), document=True),
            ActionSpec("insert_image", "Insert I&mage…", "Ctrl+Shift+I", document=True),
        ),
    ),
    (
        "&View",
        (
            ActionSpec("show_library", "&Library", "Ctrl+Shift+L", checkable=True),
            ActionSpec("show_preview", "&Preview", "Ctrl+Shift+P", checkable=True),
            ActionSpec("synced_scrolling", "&Synced Scrolling", "Ctrl+Shift+Y", checkable=True),
            ActionSpec("remote_images", "Load &Remote Images", checkable=True),
            "@Preview As",
            "@Theme",
            "-",
            ActionSpec("next_tab", "&Next Tab", Key.NextChild, more_keys=("Ctrl+PgDown",)),
            ActionSpec(
                "previous_tab", "Pre&vious Tab", Key.PreviousChild, more_keys=("Ctrl+PgUp",)
            ),
            "-",
            ActionSpec("zoom_in", "Zoom &In", Key.ZoomIn),
            ActionSpec("zoom_out", "Zoom &Out", Key.ZoomOut),
            ActionSpec("zoom_reset", "&Actual Size", "Ctrl+0"),
        ),
    ),
    (
        "&Library",
        (
            ActionSpec("search_library", "&Search the Library", "Ctrl+Shift+F"),
            ActionSpec("manage_tags", "&Tags…", "Ctrl+Shift+T"),
            "-",
            ActionSpec("promote_note", "&Promote Note to Post"),
        ),
    ),
    (
        "&Help",
        (
            ActionSpec("markdown_reference", "&Markdown Reference", Key.HelpContents),
            ActionSpec("about", "&About Postdesk"),
        ),
    ),
)


def build_menus(
    window: QMainWindow, commands: QObject
) -> tuple[dict[str, QAction], dict[str, QMenu]]:
    """Fill the window's menu bar from MENUS, each entry calling its slot on `commands`;
    return the actions and submenus by name."""
    actions: dict[str, QAction] = {}
    submenus: dict[str, QMenu] = {}
    for title, entries in MENUS:
        menu = window.menuBar().addMenu(title)
        for entry in entries:
            if entry == "-":
                menu.addSeparator()
            elif isinstance(entry, str):
                submenus[entry[1:]] = menu.addMenu(entry[1:])
            else:
                actions[entry.name] = _action(window, commands, entry)
                menu.addAction(actions[entry.name])
    return actions, submenus


def _action(window: QMainWindow, commands: QObject, spec: ActionSpec) -> QAction:
    action = QAction(spec.text, window)
    if isinstance(spec.shortcut, QKeySequence.StandardKey):
        keys = QKeySequence.keyBindings(spec.shortcut)
        if not keys and spec.fallback:
            keys = [QKeySequence(spec.fallback)]
        action.setShortcuts(keys)
    elif spec.shortcut:
        action.setShortcut(QKeySequence(spec.shortcut))
    if spec.more_keys:
        action.setShortcuts([*action.shortcuts(), *map(QKeySequence, spec.more_keys)])
    action.setCheckable(spec.checkable)
    if spec.editor:
        action.setData(spec.editor)
        action.triggered.connect(commands._on_editor_action_triggered)
    elif spec.checkable:
        action.toggled.connect(getattr(commands, f"_on_{spec.name}_toggled"))
    else:
        action.triggered.connect(getattr(commands, f"_on_{spec.name}_triggered"))
    return action


# View > Preview As: the library's own blog, or one blog's dialect (editor.core.render.dialects).
PREVIEW_AS = (
    ("", "The Library's &Blog"),
    ("nextjs", "&Next.js Blog (remark)"),
    ("hugo", "&Hugo Site (Goldmark)"),
    ("jekyll", "&Jekyll Site (kramdown)"),
    ("html", "HTML &Site (CommonMark + GFM)"),
)


def fill_preview_as_menu(menu: QMenu, current: str) -> QActionGroup:
    """Radio entries for each dialect the preview can show; each action's data is its name."""
    group = QActionGroup(menu)
    for name, text in PREVIEW_AS:
        action = menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(name == current)
        action.setData(name)
        group.addAction(action)
        if not name:
            menu.addSeparator()
    return group


def fill_theme_menu(menu: QMenu, current: str) -> QActionGroup:
    """Radio entries System / Light / Dark; each action's data is the mode."""
    group = QActionGroup(menu)
    for mode in THEME_MODES:
        action = menu.addAction(mode.capitalize())
        action.setCheckable(True)
        action.setChecked(mode == current)
        action.setData(mode)
        group.addAction(action)
    return group
