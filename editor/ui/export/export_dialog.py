"""The Export dialog: choose a profile and a target folder, read the plan, then export.

Planning and writing run in an ExportWorker (the background-task helper); its progress comes back
through a queued signal, so the window keeps painting while a thousand posts are exported.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.core.document.docfiles import is_document_path
from editor.core.errors import PostdeskError
from editor.core.export import (
    PROFILES,
    UNCHANGED,
    ExportPlan,
    ExportResult,
)
from editor.ui.app.context import AppContext
from editor.ui.app.debounce import Debounce
from editor.ui.export.export_choices import ExportChoice, remember_choice, remembered_choice
from editor.ui.export.export_plan_view import (
    ACTION_WORDS,
    PATH_ROLE,
    SEVERITY_COLORS,
    file_items,
    plan_list,
    plan_summary,
    problem_items,
    short_name,
)
from editor.ui.export.export_worker import WRITE, ExportWorker

PROFILE_NAMES = {
    "nextjs": "Next.js blog starter",
    "hugo": "Hugo",
    "jekyll": "Jekyll",
    "html": "Standalone HTML site",
}
PLAN_DELAY_MS = 300  # typing a target folder plans once, after the pause


class ExportDialog(QDialog):
    """Plans an export of the open library (or of one post) and carries it out.

    It stays open beside the window: clicking a problem emits `post_activated` with the post
    to open, and "Check Again" plans anew once the post is fixed.
    """

    post_activated = Signal(Path)
    exported = Signal(object)  # ExportResult

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export-dialog")
        self.context = context
        self.library_root: Path | None = None
        self.only: Path | None = None
        self.plan: ExportPlan | None = None
        self.last_result: ExportResult | None = None
        self.worker = ExportWorker(context.tasks, self)
        self._build()
        self.worker.progressed.connect(self._on_worker_progressed)
        self.worker.plan_finished.connect(self._on_worker_plan_finished)
        self.worker.write_finished.connect(self._on_worker_write_finished)
        self._plan_later = Debounce(PLAN_DELAY_MS, self._plan_now, self)
        self.resize(760, 620)

    def _build(self) -> None:
        self.profile_box = QComboBox()
        for name in PROFILES:
            self.profile_box.addItem(f"{PROFILE_NAMES.get(name, name)} ({name})", name)
        self.target_field = QLineEdit(placeholderText="The blog repository or site folder")
        self._choose_button = QPushButton("Choose…")
        self.drafts_box = QCheckBox("Include drafts and notes")
        self.prune_box = QCheckBox("Remove exported files no longer produced")
        self.force_box = QCheckBox("Replace files Postdesk did not write")
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_field, 1)
        target_row.addWidget(self._choose_button)
        options = QVBoxLayout()
        for box in (self.drafts_box, self.prune_box, self.force_box):
            options.addWidget(box)
        form = QFormLayout()
        form.addRow("Profile", self.profile_box)
        form.addRow("Target folder", target_row)
        form.addRow("Options", options)

        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_list = plan_list(("Problem", "Where"), "export-problems")
        self.problem_list.setToolTip("Click a problem to open its post")
        self.file_list = plan_list(("Action", "File"), "export-files")
        self.show_unchanged_box = QCheckBox("Show unchanged files")
        files = QWidget()
        files_layout = QVBoxLayout(files)
        files_layout.setContentsMargins(0, 0, 0, 0)
        files_layout.addWidget(self.file_list)
        files_layout.addWidget(self.show_unchanged_box)
        self._lists = QSplitter(Qt.Orientation.Vertical)
        self._lists.addWidget(self.problem_list)
        self._lists.addWidget(files)
        self._lists.setChildrenCollapsible(False)
        self._lists.setStretchFactor(1, 3)  # the files get the room; problems are few
        self._lists.setSizes([110, 330])
        self.progress_bar = QProgressBar()
        self.progress_bar.hide()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.check_button = self.buttons.addButton(
            "Check Again", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        # Enter means Export (when the plan allows it), never "Choose…" or "Check Again".
        self.export_button.setDefault(True)
        for button in (self._choose_button, self.check_button, self.close_button):
            button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self._lists, 1)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)

        self.profile_box.currentIndexChanged.connect(self._on_choice_changed)
        self.target_field.textChanged.connect(self._on_choice_changed)
        for box in (self.drafts_box, self.prune_box, self.force_box):
            box.toggled.connect(self._on_choice_changed)
        self._choose_button.clicked.connect(self._on_choose_button_clicked)
        self.show_unchanged_box.toggled.connect(self._on_show_unchanged_box_toggled)
        self.problem_list.itemClicked.connect(self._on_problem_list_item_clicked)
        self.file_list.itemActivated.connect(self._on_file_list_item_activated)
        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.close_button.clicked.connect(self.reject)

    # --- what to export ----------------------------------------------------------------------

    @property
    def is_busy(self) -> bool:
        """True while a plan or an export is running in the background."""
        return bool(self.worker.job)

    def start(self, library_root: Path, only: Path | None = None, notice: str = "") -> None:
        """Set up for exporting `library_root` (or just the post `only`) and plan it.

        `notice` is shown above the plan (unsaved changes, for one). While an export is being
        written, nothing changes.
        """
        if self.worker.job == WRITE:
            return
        self.notice_label.setText(notice)
        self.notice_label.setVisible(bool(notice))
        self.library_root = library_root
        self.only = only
        what = f"“{short_name(only)}”" if only else library_root.name
        self.setWindowTitle(f"Export {what} — Postdesk")
        self.prune_box.setVisible(only is None)
        choice = remembered_choice(self.context.state.settings, library_root)
        self._show_choice(choice)
        self.result_label.hide()
        self.target_field.setFocus()
        self._plan_now()

    def choice(self) -> ExportChoice:
        """The profile, target and options as the dialog shows them."""
        text = self.target_field.text().strip()
        return ExportChoice(
            profile=str(self.profile_box.currentData()),
            target=Path(text).expanduser() if text else None,
            drafts=self.drafts_box.isChecked(),
            prune=self.prune_box.isChecked() and self.only is None,
            force=self.force_box.isChecked(),
        )

    def _show_choice(self, choice: ExportChoice) -> None:
        widgets = (self.profile_box, self.target_field, self.drafts_box, self.prune_box)
        for widget in (*widgets, self.force_box):
            widget.blockSignals(True)
        self.profile_box.setCurrentIndex(max(0, self.profile_box.findData(choice.profile)))
        self.target_field.setText(str(choice.target) if choice.target else "")
        self.drafts_box.setChecked(choice.drafts)
        # Deleting and replacing files are chosen anew each time, never remembered.
        self.prune_box.setChecked(False)
        self.force_box.setChecked(False)
        for widget in (*widgets, self.force_box):
            widget.blockSignals(False)

    # --- planning ----------------------------------------------------------------------------

    def _plan_now(self) -> None:
        self._plan_later.cancel()
        self.worker.forget()
        root = self.library_root
        if root is None:
            return
        self.plan = None
        choice = self.choice()
        if choice.target is None:
            self._show_plan_failure("Choose the folder to export into.", problem=False)
        elif self.only is not None and root not in self.only.parents:
            self._show_plan_failure(f"{self.only} is not in the library {root}.")
        else:
            self.summary_label.setText("Reading the posts…")
            self.summary_label.setStyleSheet("")
            target = choice.target if choice.target.is_absolute() else root / choice.target
            self.worker.plan(root, target, choice, self.only)
            self._show_progress("Reading posts… %p%")
        self._update_buttons()

    @Slot(object)
    def _on_worker_plan_finished(self, result: object) -> None:
        self.progress_bar.hide()
        if isinstance(result, ExportPlan):
            assert self.library_root is not None
            remember_choice(self.context.state.settings, self.library_root, self.choice())
            self.plan = result
            self._show_plan(result)
        elif isinstance(result, PostdeskError):
            self._show_plan_failure(str(result))
        else:
            self._show_plan_failure(f"Cannot plan the export: {result}")
        self._update_buttons()

    def _show_plan_failure(self, message: str, *, problem: bool = True) -> None:
        self.problem_list.clear()
        self.file_list.clear()
        self.problem_list.hide()
        self.summary_label.setText(escape(message))
        self.summary_label.setStyleSheet(f"color: {self._color('error')};" if problem else "")

    def _show_plan(self, plan: ExportPlan) -> None:
        self.summary_label.setText(plan_summary(plan, self.only is not None, self._color("error")))
        self.summary_label.setStyleSheet("")
        self.problem_list.clear()
        self.problem_list.addTopLevelItems(problem_items(plan.problems, self.context.theme.name))
        self.problem_list.setVisible(bool(plan.problems))
        self.file_list.clear()
        self.file_list.addTopLevelItems(file_items(plan.files, self.context.theme.color("muted")))
        # With nothing to write, the unchanged files are the whole story: always listed.
        self.show_unchanged_box.setVisible(bool(plan.changes) and plan.count(UNCHANGED) > 0)
        self._on_show_unchanged_box_toggled(self.show_unchanged_box.isChecked())

    def _color(self, severity: str) -> str:
        return SEVERITY_COLORS[self.context.theme.name].get(severity, "")

    # --- writing -----------------------------------------------------------------------------

    def export(self) -> None:
        """Write the current plan in the background, posts with errors left out (nothing
        happens when an error stops the whole export)."""
        plan = self.plan
        if plan is None or plan.blocking or self.is_busy:
            return
        self.result_label.hide()
        self.worker.write(plan)
        self._show_progress("Writing… %v of %m files")
        self._update_buttons()

    @Slot(object)
    def _on_worker_write_finished(self, result: object) -> None:
        self.progress_bar.hide()
        self.plan = None
        self.result_label.show()
        if isinstance(result, ExportResult):
            self.last_result = result
            summary = result.summary()
            self.result_label.setText(summary[:1].upper() + summary[1:])
            self.result_label.setStyleSheet("font-weight: bold;")
            self.exported.emit(result)
        else:
            stopped = str(result) if isinstance(result, PostdeskError) else repr(result)
            self.result_label.setText(f"The export stopped: {stopped}")
            self.result_label.setStyleSheet(f"color: {self._color('error')};")
        # Plan again to show where the target stands now (after a failure too: the files
        # written before it are recorded as exported).
        self._plan_now()

    def _show_progress(self, text: str) -> None:
        self.progress_bar.setRange(0, 0)  # busy until the first step arrives
        self.progress_bar.setFormat(text)
        self.progress_bar.show()

    @Slot(int, int)
    def _on_worker_progressed(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)

    def _update_buttons(self) -> None:
        writing = self.worker.job == WRITE
        plan = self.plan
        self.export_button.setEnabled(plan is not None and not plan.blocking and not self.is_busy)
        self.check_button.setEnabled(not writing)
        self.close_button.setEnabled(not writing)
        for widget in (
            self.profile_box,
            self.target_field,
            self._choose_button,
            self.drafts_box,
            self.prune_box,
            self.force_box,
        ):
            widget.setEnabled(not writing)

    # --- slots -------------------------------------------------------------------------------

    @Slot()
    def _on_choice_changed(self) -> None:
        self.plan = None
        self._update_buttons()
        self._plan_later.request()

    @Slot()
    def _on_check_button_clicked(self) -> None:
        self.result_label.hide()
        self._plan_now()

    @Slot()
    def _on_export_button_clicked(self) -> None:
        self.export()

    @Slot()
    def _on_choose_button_clicked(self) -> None:
        start = self.target_field.text().strip() or str(self.library_root or Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Export into", start)
        if chosen:
            self.target_field.setText(chosen)

    @Slot(bool)
    def _on_show_unchanged_box_toggled(self, checked: bool) -> None:
        for row in range(self.file_list.topLevelItemCount()):
            item = self.file_list.topLevelItem(row)
            assert item is not None
            unchanged = item.text(0) == ACTION_WORDS[UNCHANGED]
            item.setHidden(unchanged and not checked and self.show_unchanged_box.isVisibleTo(self))

    @Slot(QTreeWidgetItem, int)
    def _on_problem_list_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        self._activate(item.data(0, PATH_ROLE))

    @Slot(QTreeWidgetItem, int)
    def _on_file_list_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self._activate(item.data(0, PATH_ROLE))

    def _activate(self, path: object) -> None:
        # Problems also name images, folders and the target: only a document opens.
        if isinstance(path, Path) and is_document_path(path):
            self.post_activated.emit(path)

    def reject(self) -> None:
        """Qt override: close, except while files are being written."""
        if self.worker.job != WRITE:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Qt override: an export being written finishes before the dialog closes."""
        if self.worker.job == WRITE:
            event.ignore()
        else:
            super().closeEvent(event)


def show_export_dialog(
    parent: QWidget,
    context: AppContext,
    library_root: Path,
    only: Path | None = None,
    *,
    notice: str = "",
    open_post: Callable[[Path], object],
) -> ExportDialog:
    """Show `parent`'s Export dialog (made on first use, then kept) for `library_root` or
    the post `only`; a problem clicked in it calls `open_post` with the post."""
    dialog = parent.findChild(ExportDialog)
    if dialog is None:
        dialog = ExportDialog(context, parent)
        dialog.post_activated.connect(open_post)
    dialog.start(library_root, only, notice)
    # A dialog of the window stays above it: showing and activating it is enough.
    dialog.show()
    dialog.activateWindow()
    return dialog
