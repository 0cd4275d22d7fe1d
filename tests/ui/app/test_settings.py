"""Settings: typed preferences, window state kept apart, all inside --config-dir."""

from __future__ import annotations

from pathlib import Path

from editor.ui.app.context import AppContext


def test_preferences_and_window_state_are_separate_files(context, tmp_path: Path):
    context.preferences.theme = "dark"
    context.preferences.editor_font_size = 14
    context.preferences.soft_wrap = False
    context.state.add_recent_file(tmp_path / "a.md")
    context.state.add_recent_library(tmp_path)
    context.preferences.sync()
    context.state.sync()

    preferences = (tmp_path / "config" / "preferences.ini").read_text()
    state = (tmp_path / "config" / "state.ini").read_text()
    assert "theme=dark" in preferences and "recent" not in preferences
    assert "a.md" in state and "theme" not in state


def test_values_come_back_typed_in_a_new_run(context, tmp_path: Path):
    context.preferences.editor_font_size = 15
    context.preferences.synced_scrolling = False
    for name in ("b.md", "a.md", "b.md"):
        context.state.add_recent_file(tmp_path / name)
    context.preferences.sync()
    context.state.sync()

    again = AppContext.create(tmp_path / "config")
    assert again.preferences.editor_font_size == 15
    assert again.preferences.synced_scrolling is False
    assert again.preferences.soft_wrap is True  # the default
    assert again.state.recent_files() == [tmp_path / "b.md", tmp_path / "a.md"]


def test_a_change_is_announced_once(context):
    changes: list[str] = []
    context.preferences.changed.connect(changes.append)
    context.preferences.theme = "light"
    context.preferences.theme = "light"
    assert changes == ["appearance/theme"]


def test_the_text_column_width_is_a_preference_that_persists(qtbot, context, tmp_path: Path):
    from editor.ui.window.dialogs import PreferencesDialog

    assert context.preferences.max_line_width == 80  # the default
    dialog = PreferencesDialog(context.preferences)
    qtbot.addWidget(dialog)
    assert dialog.line_width_box.value() == 80
    dialog.line_width_box.setValue(0)
    assert context.preferences.max_line_width == 0
    assert dialog.line_width_box.text() == "The editor's width"
    dialog.line_width_box.setValue(100)
    context.preferences.sync()

    again = AppContext.create(tmp_path / "config")
    assert again.preferences.max_line_width == 100
