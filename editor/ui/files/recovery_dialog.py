"""The dialog that offers back what a crashed run left unsaved."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.core.document.recovery import RecoveryEntry


class RecoveryDialog(QDialog):
    """Lists the recoverable documents (name, time, size); the ticked ones are restored.

    Copies of one post left by several windows are listed one by one, numbered, so the
    writer can tell them apart and keep either or both.
    """

    def __init__(self, entries: list[RecoveryEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved work")
        self._entries = entries
        intro = QLabel(
            "Postdesk did not close properly last time. These documents had changes that were "
            "not saved:"
        )
        intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(["Document", "Last change", "Size"])
        self._items: list[QTreeWidgetItem] = []
        labels = copy_labels(entries)
        for entry, label in zip(entries, labels, strict=True):
            saved = entry.saved.astimezone().strftime("%b %d, %H:%M")
            item = QTreeWidgetItem([label, saved, _size_label(entry.size)])
            item.setToolTip(0, str(entry.original_path or "Never saved"))
            item.setCheckState(0, Qt.CheckState.Checked)
            self.list.addTopLevelItem(item)
            self._items.append(item)
        for column in range(3):
            self.list.resizeColumnToContents(column)
        outro_text = (
            "Ticked documents open as unsaved changes: their files are not touched until you "
            "save. Unticked copies are deleted. “Not Now” keeps them all for the next start."
        )
        if len({entry.document_id for entry in entries}) < len(entries):
            outro_text += (
                " Where several windows left copies of one document, the newest ticked copy "
                "opens in the document's tab and the others open beside it, untitled."
            )
        outro = QLabel(outro_text)
        outro.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.recover_button = buttons.addButton("Recover", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Not Now", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(outro)
        layout.addWidget(buttons)
        self.resize(620, 340)

    def chosen(self) -> list[RecoveryEntry]:
        """The entries ticked for recovery."""
        return [
            entry
            for item, entry in zip(self._items, self._entries, strict=True)
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def set_chosen(self, entries: list[RecoveryEntry]) -> None:
        """Tick exactly `entries`."""
        for item, entry in zip(self._items, self._entries, strict=True):
            state = Qt.CheckState.Checked if entry in entries else Qt.CheckState.Unchecked
            item.setCheckState(0, state)


def document_label(entry: RecoveryEntry) -> str:
    """How a recoverable document is named: its bundle or file, and the folder it is in."""
    path = entry.original_path
    if path is None:
        return f"{entry.title or 'Untitled'} (never saved)"
    name = path.parent.name if path.stem == "index" else path.name
    return f"{name} — {_short_folder(path.parent if path.stem != 'index' else path.parent.parent)}"


def copy_labels(entries: list[RecoveryEntry]) -> list[str]:
    """Each entry's document label; copies of one document left by several windows are
    numbered and timed, e.g. "hello-world — ~/blog (copy 2 of 2, last changed 14:02)"."""
    copies = Counter(entry.document_id for entry in entries)
    numbered: Counter[str] = Counter()
    labels: list[str] = []
    for entry in entries:
        label = document_label(entry)
        if copies[entry.document_id] > 1:
            numbered[entry.document_id] += 1
            changed = entry.saved.astimezone().strftime("%H:%M")
            label += (
                f" (copy {numbered[entry.document_id]} of {copies[entry.document_id]}, "
                f"last changed {changed})"
            )
        labels.append(label)
    return labels


def _short_folder(folder: Path) -> str:
    home = Path.home()
    return f"~/{folder.relative_to(home)}" if folder.is_relative_to(home) else str(folder)


def _size_label(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
