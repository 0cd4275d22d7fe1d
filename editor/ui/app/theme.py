"""Light and dark themes for the window, the editor and the preview, following the system."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from string import Template

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from editor.ui.app.settings import Preferences

THEME_MODES = ("system", "light", "dark")


class ThemeManager(QObject):
    """Resolves the theme preference to "light" or "dark" and styles the application with it."""

    changed = Signal(str)

    def __init__(self, preferences: Preferences, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._preferences = preferences
        resources = files("editor.resources") / "ui"
        self._colors: dict[str, dict[str, str]] = json.loads(
            (resources / "themes.json").read_text(encoding="utf-8")
        )
        self._stylesheet = Template((resources / "style.qss").read_text(encoding="utf-8"))
        self._name = self._resolve()
        preferences.changed.connect(self._on_preferences_changed)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme_changed)

    @property
    def name(self) -> str:
        """The theme in use: "light" or "dark"."""
        return self._name

    def colors(self) -> dict[str, str]:
        """The colour variables of the theme in use (themes.json)."""
        return self._colors[self._name]

    def color(self, name: str) -> QColor:
        """One colour variable of the theme in use as a QColor."""
        return QColor(self.colors()[name])

    def apply(self) -> None:
        """Give the application the palette and stylesheet of the theme in use."""
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        colors = self.colors()
        palette = QPalette()
        roles = {
            QPalette.ColorRole.Window: colors["window"],
            QPalette.ColorRole.WindowText: colors["text"],
            QPalette.ColorRole.Base: colors["base"],
            QPalette.ColorRole.AlternateBase: colors["alternate_base"],
            QPalette.ColorRole.Text: colors["text"],
            QPalette.ColorRole.Button: colors["window"],
            QPalette.ColorRole.ButtonText: colors["text"],
            QPalette.ColorRole.ToolTipBase: colors["base"],
            QPalette.ColorRole.ToolTipText: colors["text"],
            QPalette.ColorRole.PlaceholderText: colors["muted"],
            QPalette.ColorRole.Highlight: colors["accent"],
            QPalette.ColorRole.HighlightedText: colors["accent_text"],
            QPalette.ColorRole.Link: colors["accent"],
        }
        for role, value in roles.items():
            palette.setColor(role, QColor(value))
        palette.setColor(
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(colors["muted"])
        )
        palette.setColor(
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(colors["muted"])
        )
        app.setPalette(palette)
        icons = Path(str(files("editor.resources") / "ui" / "icons")).as_posix()
        app.setStyleSheet(self._stylesheet.safe_substitute(colors, icons=icons))

    def _resolve(self) -> str:
        mode = self._preferences.theme
        if mode in ("light", "dark"):
            return mode
        scheme = QGuiApplication.styleHints().colorScheme()
        return "dark" if scheme == Qt.ColorScheme.Dark else "light"

    def _update(self) -> None:
        name = self._resolve()
        if name != self._name:
            self._name = name
            self.apply()
            self.changed.emit(name)

    @Slot(str)
    def _on_preferences_changed(self, key: str) -> None:
        if key == "appearance/theme":
            self._update()

    @Slot(Qt.ColorScheme)
    def _on_system_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        self._update()
