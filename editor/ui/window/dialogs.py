"""The window's dialogs: new post, the workspace's questions (unsaved changes, a change on
disk, read-only files, save as), first start, preferences."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFontComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStatusBar,
    QWidget,
)

from editor.core.document.docfiles import DOCUMENT_FILTER
from editor.core.document.notes import free_slug, new_slug_problem
from editor.core.document.slugs import slugify
from editor.core.workspace import DiskChangeAnswer, UnsavedAnswer
from editor.ui.app.settings import Preferences
from editor.ui.app.theme import THEME_MODES


class NewPostDialog(QDialog):
    """Asks for a title and shows the bundle folder the post will get.

    ``open_paths`` are the paths of the open documents, saved or not: a slug whose folder one
    of them would take is refused like one on disk, and the slug made from the title is the
    first free one.
    """

    def __init__(
        self, library_root: Path, open_paths: Collection[Path] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New post")
        self._root = library_root
        self._open_paths = list(open_paths)
        self.title_field = QLineEdit(placeholderText="What the post is called")
        self.slug_field = QLineEdit()
        self._where = QLabel()
        self._where.setWordWrap(True)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Title", self.title_field)
        form.addRow("Slug", self.slug_field)
        form.addRow(self._where)
        form.addRow(self._buttons)
        self._slug_edited = False
        self.title_field.textChanged.connect(self._on_title_field_text_changed)
        self.slug_field.textEdited.connect(self._on_slug_field_text_edited)
        self.slug_field.textChanged.connect(self._on_slug_field_text_changed)
        self.resize(460, self.sizeHint().height())
        self._on_slug_field_text_changed("")

    @property
    def title(self) -> str:
        """The title typed."""
        return self.title_field.text().strip()

    @property
    def path(self) -> Path:
        """Where the post will be saved: <library>/<slug>/index.md."""
        return self._root / self.slug_field.text() / "index.md"

    @Slot(str)
    def _on_title_field_text_changed(self, title: str) -> None:
        if not self._slug_edited:
            slug = free_slug(self._root, slugify(title), self._open_paths) if title.strip() else ""
            self.slug_field.setText(slug)

    @Slot(str)
    def _on_slug_field_text_edited(self, _slug: str) -> None:
        self._slug_edited = True

    @Slot(str)
    def _on_slug_field_text_changed(self, slug: str) -> None:
        problem = new_slug_problem(self._root, slug, self._open_paths) if slug else "type a title"
        self._where.setText(problem or f"Saved as {slug}/index.md in {self._root.name}")
        ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(problem is None and bool(self.title))


class DialogAsker:
    """The workspace's Asker in the window: each question is a dialog over ``parent``, and
    what the writer is told goes to the status bar."""

    def __init__(self, parent: QWidget, status_bar: QStatusBar) -> None:
        self._parent = parent
        self._status_bar = status_bar

    def unsaved(self, name: str) -> UnsavedAnswer:
        """Save, discard or keep ``name`` open?"""
        return ask_about_unsaved(self._parent, name)

    def all_unsaved(self, names: list[str]) -> UnsavedAnswer:
        """Save all, discard all or keep the window open?"""
        return ask_about_all_unsaved(self._parent, names)

    def changed_on_disk(self, name: str) -> DiskChangeAnswer:
        """Keep mine, load theirs or save mine as a copy?"""
        return ask_about_disk_change(self._parent, name)

    def replace_read_only(self, path: Path) -> bool:
        """Replace the read-only file anyway?"""
        return ask_to_replace_read_only(self._parent, path)

    def offer_save_as(self, error: Exception) -> bool:
        """Not saved: save under another name?"""
        return offer_save_as(self._parent, error)

    def save_path(self, suggested: Path) -> Path | None:
        """The file dialog, starting at ``suggested``."""
        chosen, _ = QFileDialog.getSaveFileName(
            self._parent, "Save as", str(suggested), DOCUMENT_FILTER
        )
        return Path(chosen) if chosen else None

    def warn(self, title: str, message: str) -> None:
        """A warning box."""
        QMessageBox.warning(self._parent, title, message)

    def tell(self, message: str) -> None:
        """The status bar, for a few seconds."""
        self._status_bar.showMessage(message, 8000)


def ask_about_unsaved(parent: QWidget, name: str) -> UnsavedAnswer:
    """Ask whether to save `name` before it closes: Save, Discard or Cancel."""
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(
        parent,
        "Unsaved changes",
        f"Save the changes to “{name}” before closing?",
        buttons.Save | buttons.Discard | buttons.Cancel,
        buttons.Save,
    )
    if answer == buttons.Save:
        return UnsavedAnswer.SAVE
    if answer == buttons.Discard:
        return UnsavedAnswer.DISCARD
    return UnsavedAnswer.CANCEL


def ask_about_all_unsaved(parent: QWidget, names: list[str]) -> UnsavedAnswer:
    """Quitting with several unsaved documents: one question listing them, Save All (SAVE),
    Discard All (DISCARD) or Cancel."""
    choice = _choose(
        parent,
        "Unsaved changes",
        f"{len(names)} documents have unsaved changes. Save them before quitting?",
        "\n".join(f"• {name}" for name in names),
        [
            ("Save All", QMessageBox.ButtonRole.AcceptRole),
            ("Discard All", QMessageBox.ButtonRole.DestructiveRole),
            ("Cancel", QMessageBox.ButtonRole.RejectRole),
        ],
    )
    return [UnsavedAnswer.SAVE, UnsavedAnswer.DISCARD, UnsavedAnswer.CANCEL][choice]


def ask_about_disk_change(parent: QWidget, name: str) -> DiskChangeAnswer:
    """Ask what to do with `name`, changed on disk while it has unsaved changes here."""
    choice = _choose(
        parent,
        "Changed on disk",
        f"“{name}” was changed on disk, and you have unsaved changes to it here.",
        "Keep yours (saving replaces the file), load the version on disk (Undo brings yours "
        "back), or save yours as a copy and leave the file as it is.",
        [
            ("Keep Mine", QMessageBox.ButtonRole.RejectRole),
            ("Load Theirs", QMessageBox.ButtonRole.DestructiveRole),
            ("Save Mine as Copy…", QMessageBox.ButtonRole.AcceptRole),
        ],
    )
    return [DiskChangeAnswer.KEEP_MINE, DiskChangeAnswer.LOAD_THEIRS, DiskChangeAnswer.SAVE_COPY][
        choice
    ]


def _choose(
    parent: QWidget,
    title: str,
    text: str,
    details: str,
    choices: list[tuple[str, QMessageBox.ButtonRole]],
) -> int:
    """A warning box with one button per choice, the first the default; the index of the
    button clicked, or of the first rejecting one when the box was closed (Escape)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(details)
    buttons = [box.addButton(label, role) for label, role in choices]
    box.setDefaultButton(buttons[0])
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked in buttons:
        return buttons.index(clicked)
    roles = [role for _, role in choices]
    return roles.index(QMessageBox.ButtonRole.RejectRole)


def ask_to_replace_read_only(parent: QWidget, path: Path) -> bool:
    """The file about to be saved is read-only: True when the writer says replace it."""
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.warning(
        parent,
        "Read-only file",
        f"“{path.name}” is read-only. Replace it anyway?\n\n{path}",
        buttons.Yes | buttons.Cancel,
        buttons.Cancel,
    )
    return answer == buttons.Yes


def offer_save_as(parent: QWidget, error: Exception) -> bool:
    """A save failed: say why (the text is kept, unsaved) and offer Save As; True to save as."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Not saved")
    box.setText(f"The document was not saved: {error}")
    box.setInformativeText("The file on disk is unchanged, and your text is still here, unsaved.")
    save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(save_as)
    box.exec()
    chosen = box.clickedButton() is save_as
    box.deleteLater()
    return chosen


def ask_for_library(parent: QWidget, samples: Path | None) -> Path | None:
    """First start: offer the sample posts or another folder as the library."""
    box = QMessageBox(parent)
    box.setWindowTitle("Open a library")
    box.setText("Postdesk keeps posts and notes as Markdown files in a folder, the library.")
    box.setInformativeText("Open the sample posts to look around, or choose a folder of your own.")
    sample_button: QPushButton | None = None
    if samples is not None:
        sample_button = box.addButton("Open sample posts", QMessageBox.ButtonRole.AcceptRole)
    folder_button = box.addButton("Choose folder…", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if sample_button is not None and box.clickedButton() is sample_button:
        return samples
    if box.clickedButton() is folder_button:
        return choose_library(parent)
    return None


def choose_library(parent: QWidget) -> Path | None:
    """Pick a folder to use as the library."""
    folder = QFileDialog.getExistingDirectory(parent, "Open library")
    return Path(folder) if folder else None


class PreferencesDialog(QDialog):
    """Theme, editor font, wrapping and text column; changes apply at once."""

    def __init__(self, preferences: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._preferences = preferences
        self.theme_box = QComboBox()
        for mode in THEME_MODES:
            self.theme_box.addItem(mode.capitalize(), mode)
        self.theme_box.setCurrentIndex(max(0, self.theme_box.findData(preferences.theme)))
        self.font_box = QFontComboBox()
        kind = QFontDatabase.SystemFont.FixedFont
        if preferences.proportional_font:
            kind = QFontDatabase.SystemFont.GeneralFont
        self.font_box.setCurrentFont(
            QFont(preferences.editor_font_family)
            if preferences.editor_font_family
            else QFontDatabase.systemFont(kind)
        )
        self.size_box = QSpinBox(minimum=6, maximum=48, value=preferences.editor_font_size)
        self.proportional_box = QCheckBox("Readable proportional font instead of monospace")
        self.proportional_box.setChecked(preferences.proportional_font)
        self.wrap_box = QCheckBox("Wrap long lines")
        self.wrap_box.setChecked(preferences.soft_wrap)
        self.line_width_box = QSpinBox(minimum=0, maximum=400, suffix=" characters")
        self.line_width_box.setSpecialValueText("The editor's width")
        self.line_width_box.setValue(preferences.max_line_width)
        self.line_width_box.setToolTip("A wider editor centres its text in a column this wide")
        self.recovery_box = QSpinBox(minimum=1, maximum=600, suffix=" s")
        self.recovery_box.setValue(max(1, preferences.recovery_delay_ms // 1000))
        self.recovery_box.setToolTip("How soon unsaved text is copied to the recovery folder")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Theme", self.theme_box)
        form.addRow("Editor font", self.font_box)
        form.addRow("Size", self.size_box)
        form.addRow(self.proportional_box)
        form.addRow(self.wrap_box)
        form.addRow("Text column", self.line_width_box)
        form.addRow("Keep unsaved text after", self.recovery_box)
        form.addRow(buttons)
        self.theme_box.currentIndexChanged.connect(self._on_theme_box_changed)
        self.font_box.currentFontChanged.connect(self._on_font_box_changed)
        self.size_box.valueChanged.connect(self._on_size_box_changed)
        self.proportional_box.toggled.connect(self._on_proportional_box_toggled)
        self.wrap_box.toggled.connect(self._on_wrap_box_toggled)
        self.line_width_box.valueChanged.connect(self._on_line_width_box_changed)
        self.recovery_box.valueChanged.connect(self._on_recovery_box_changed)

    @Slot()
    def _on_theme_box_changed(self) -> None:
        self._preferences.theme = self.theme_box.currentData()

    @Slot()
    def _on_font_box_changed(self) -> None:
        self._preferences.editor_font_family = self.font_box.currentFont().family()

    @Slot(int)
    def _on_size_box_changed(self, size: int) -> None:
        self._preferences.editor_font_size = size

    @Slot(bool)
    def _on_proportional_box_toggled(self, checked: bool) -> None:
        self._preferences.proportional_font = checked
        # The family chosen for one kind of font rarely suits the other.
        self._preferences.editor_font_family = ""

    @Slot(bool)
    def _on_wrap_box_toggled(self, checked: bool) -> None:
        self._preferences.soft_wrap = checked

    @Slot(int)
    def _on_line_width_box_changed(self, characters: int) -> None:
        self._preferences.max_line_width = characters

    @Slot(int)
    def _on_recovery_box_changed(self, seconds: int) -> None:
        self._preferences.recovery_delay_ms = seconds * 1000


def show_about(parent: QWidget) -> None:
    """Who and what Postdesk is."""
    QMessageBox.about(
        parent,
        "About Postdesk",
        "<b>Postdesk</b><br>Write Markdown posts, see them as your blog shows them, and export "
        "them to Next.js, Hugo, Jekyll or a plain HTML site.",
    )
