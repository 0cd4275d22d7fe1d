"""Preferences and window state, in two QSettings files so that one can be reset alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generic, TypeVar, cast, overload

from PySide6.QtCore import QByteArray, QObject, QSettings, QStandardPaths, Signal

T = TypeVar("T", str, int, bool)

MAX_RECENT = 10


class _Setting(Generic[T]):
    """A typed value in a QSettings file, read and written as an attribute."""

    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default: T = default

    @overload
    def __get__(self, owner: None, owner_type: type) -> _Setting[T]: ...
    @overload
    def __get__(self, owner: _SettingsFile, owner_type: type) -> T: ...
    def __get__(self, owner: _SettingsFile | None, owner_type: type) -> T | _Setting[T]:
        if owner is None:
            return self
        value = owner.settings.value(self.key, self.default)
        return _coerce(value, self.default)

    def __set__(self, owner: _SettingsFile, value: T) -> None:
        if _coerce(owner.settings.value(self.key, self.default), self.default) == value:
            return
        owner.settings.setValue(self.key, value)
        owner.changed.emit(self.key)


def _coerce(value: Any, default: T) -> T:
    # IniFormat hands everything back as strings; the default says what type was meant.
    result: Any = default
    if isinstance(default, bool):
        result = value.lower() in ("true", "1", "yes") if isinstance(value, str) else bool(value)
    elif isinstance(default, int):
        try:
            result = int(value)
        except (TypeError, ValueError):
            result = default
    elif isinstance(value, str):
        result = value
    return cast(T, result)


class _SettingsFile(QObject):
    """One ini file; `changed` carries the key of a value that was set to something new."""

    changed = Signal(str)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = QSettings(str(path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self.settings.sync()


class Preferences(_SettingsFile):
    """What the writer chose: theme, fonts, editing and preview behaviour."""

    theme = _Setting("appearance/theme", "system")  # "system", "light" or "dark"
    editor_font_family = _Setting("editor/font_family", "")
    editor_font_size = _Setting("editor/font_size", 11)
    proportional_font = _Setting("editor/proportional_font", False)
    soft_wrap = _Setting("editor/soft_wrap", True)
    tab_width = _Setting("editor/tab_width", 4)
    # A wider editor keeps its text in a centred column this many characters wide (0: none).
    max_line_width = _Setting("editor/max_line_width", 80)
    synced_scrolling = _Setting("preview/synced_scrolling", True)
    zoom_steps = _Setting("view/zoom_steps", 0)
    # Unsaved text is copied to the recovery folder this long after the first unsaved change
    # (then every few seconds while typing goes on): a crash loses at most about this much.
    recovery_delay_ms = _Setting("safety/recovery_delay_ms", 1_000)


class WindowState(_SettingsFile):
    """Where the writer left things: geometry, panes, the library and recent files."""

    show_library = _Setting("panes/library", True)
    show_preview = _Setting("panes/preview", True)
    last_library = _Setting("files/last_library", "")
    preview_as = _Setting("view/preview_as", "")  # a blog dialect, "" for the library's own
    details_folded = _Setting("panes/details_folded", False)  # every post's details pane

    def splitter_state(self) -> QByteArray:
        """The saved splitter sizes (empty when never saved)."""
        return _byte_array(self.settings.value("panes/splitter"))

    def set_splitter_state(self, state: QByteArray) -> None:
        """Remember the splitter sizes."""
        self.settings.setValue("panes/splitter", state)

    def geometry(self) -> QByteArray:
        """The saved window geometry (empty when never saved)."""
        return _byte_array(self.settings.value("window/geometry"))

    def set_geometry(self, geometry: QByteArray) -> None:
        """Remember the window geometry."""
        self.settings.setValue("window/geometry", geometry)

    def recent_files(self) -> list[Path]:
        """Recently opened documents, newest first."""
        return self._paths("files/recent")

    def recent_libraries(self) -> list[Path]:
        """Recently opened libraries, newest first."""
        return self._paths("files/recent_libraries")

    def add_recent_file(self, path: Path) -> None:
        """Put a document at the top of the recent files."""
        self._push("files/recent", path)

    def add_recent_library(self, path: Path) -> None:
        """Put a library at the top of the recent libraries and remember it as the last one."""
        self._push("files/recent_libraries", path)
        self.last_library = str(path)

    def _paths(self, key: str) -> list[Path]:
        value = self.settings.value(key, [])
        items = [value] if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
        return [Path(item) for item in items if item]

    def _push(self, key: str, path: Path) -> None:
        paths = [path, *(p for p in self._paths(key) if p != path)][:MAX_RECENT]
        self.settings.setValue(key, [str(p) for p in paths])
        self.changed.emit(key)


def _byte_array(value: Any) -> QByteArray:
    return value if isinstance(value, QByteArray) else QByteArray()


def default_config_dir() -> Path:
    """The per-user folder Postdesk keeps its settings in when no --config-dir is given."""
    location = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.GenericConfigLocation
    )
    return Path(location) / "postdesk"
