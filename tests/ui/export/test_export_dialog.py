"""The Export dialog: the plan before writing, an export off the UI thread, problems that open
their post, and choices remembered per library."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from editor.ui.app.context import AppContext
from editor.ui.export.export_dialog import ExportDialog
from editor.ui.window.main_window import MainWindow

SAMPLE_POSTS = Path(__file__).parents[3] / "sample_posts"
WAIT_MS = 20000  # planning and writing share two cores with other work


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """A copy of sample_posts/ that a test may change."""
    return Path(shutil.copytree(SAMPLE_POSTS, tmp_path / "samples"))


@pytest.fixture
def dialog(qtbot: QtBot, context: AppContext) -> Iterator[ExportDialog]:
    """An Export dialog of its own (no window), closed once its background work is done."""
    export_dialog = ExportDialog(context)
    export_dialog.show()
    yield export_dialog
    closed(qtbot, export_dialog)


def closed(qtbot: QtBot, dialog: ExportDialog) -> None:
    """Wait for the dialog's background work, then close and delete it."""
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=WAIT_MS)
    dialog.close()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))


def planned(qtbot: QtBot, dialog: ExportDialog, target: Path | None = None) -> ExportDialog:
    """Type the target (when given) and wait for the plan."""
    if target is not None:
        dialog.target_field.setText(str(target))
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.is_busy, timeout=WAIT_MS)
    return dialog


def rows(tree: QTreeWidget, *, visible_only: bool = True) -> list[tuple[str, str]]:
    """The (first column, second column) texts of a list."""
    items = [tree.topLevelItem(row) for row in range(tree.topLevelItemCount())]
    return [
        (item.text(0), item.text(1))
        for item in items
        if item is not None and not (visible_only and item.isHidden())
    ]


def click(qtbot: QtBot, tree: QTreeWidget, item: QTreeWidgetItem) -> None:
    """Click `item` as the writer would."""
    tree.scrollToItem(item)

    def shown() -> QRect:  # the part of the row on screen (a long message runs past it)
        return tree.visualItemRect(item).intersected(tree.viewport().rect())

    # A list just shown is laid out on the next turn of the event loop.
    qtbot.waitUntil(lambda: shown().height() == tree.visualItemRect(item).height() > 0)
    center: QPoint = shown().center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=center)


def test_the_plan_is_listed_before_anything_is_written(
    qtbot: QtBot, dialog: ExportDialog, samples: Path, tmp_path: Path
) -> None:
    dialog.start(samples)
    assert dialog.summary_label.text() == "Choose the folder to export into."
    assert not dialog.export_button.isEnabled()
    target = tmp_path / "blog"
    planned(qtbot, dialog, target)
    files = rows(dialog.file_list)
    assert ("Create", "_posts/versioning-data-next-to-code.md") in files
    assert ("Create", "public/assets/blog/point-in-time-joins/timeline.png") in files
    # Drafts and notes stay out unless asked for.
    assert not any("drift-monitoring" in path or "ideas" in path for _, path in files)
    assert "6 posts will be exported" in dialog.summary_label.text()
    # The blog-starter shows the samples' tables and footnotes as text: warnings, no errors.
    problems = rows(dialog.problem_list)
    assert problems and all("on this blog" in " ".join(row) for row in problems)
    assert dialog.export_button.isEnabled()
    assert not target.exists()


def test_export_writes_in_the_background_with_progress_and_a_summary(
    qtbot: QtBot, dialog: ExportDialog, samples: Path, tmp_path: Path
) -> None:
    target = tmp_path / "blog"
    dialog.start(samples)
    planned(qtbot, dialog, target)
    changes = len(dialog.plan.changes) if dialog.plan else 0
    progress: list[int] = []
    dialog.progress_bar.valueChanged.connect(progress.append)
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS) as exported:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert not dialog.close_button.isEnabled()  # no closing half way through
    result = exported.args[0]
    assert sorted(result.written) == sorted(path for _, path in rows(dialog.file_list))
    assert (target / "_posts" / "versioning-data-next-to-code.md").is_file()
    assert (target / "public" / "assets" / "blog" / "point-in-time-joins" / "cover.jpg").is_file()
    assert progress and progress[-1] == changes
    assert dialog.result_label.text().startswith("Exported 6 posts to")
    # The dialog plans again: now everything is in place and nothing is left to write.
    planned(qtbot, dialog)
    assert dialog.plan is not None and not dialog.plan.changes
    assert {action for action, _ in rows(dialog.file_list)} == {"Unchanged"}
    assert ("Unchanged", "_posts/versioning-data-next-to-code.md") in rows(dialog.file_list)
    # One post changed: the list shows what will be written, the rest on request.
    changed = samples / "versioning-data-next-to-code" / "index.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    planned(qtbot, dialog)
    assert rows(dialog.file_list) == [("Update", "_posts/versioning-data-next-to-code.md")]
    dialog.show_unchanged_box.setChecked(True)
    assert ("Unchanged", "_posts/point-in-time-joins.md") in rows(dialog.file_list)


def test_a_post_with_errors_is_red_left_out_and_opens_from_its_error(
    qtbot: QtBot, dialog: ExportDialog, samples: Path, tmp_path: Path
) -> None:
    broken = samples / "reproducible-training-runs"
    (broken / "cover.jpg").unlink()
    target = tmp_path / "blog"
    dialog.start(samples)
    planned(qtbot, dialog, target)
    assert dialog.problem_list.isVisible()
    problems = rows(dialog.problem_list)
    assert problems[0][0].startswith("Error: ") and "cover.jpg" in problems[0][0]
    assert problems[0][1].startswith("reproducible-training-runs")
    first = dialog.problem_list.topLevelItem(0)
    assert first is not None
    assert first.foreground(0).color() == QColor("#c62828")
    summary = dialog.summary_label.text()
    assert "5 posts will be exported" in summary
    assert "1 post with errors will be left out:</span> reproducible-training-runs" in summary
    assert not any("reproducible-training-runs" in path for _, path in rows(dialog.file_list))
    with qtbot.waitSignal(dialog.post_activated) as activated:
        click(qtbot, dialog.problem_list, first)
    assert activated.args == [broken / "index.md"]
    # The rest can still be exported.
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result_label.text().startswith("Exported 5 posts to")
    assert "1 left out with errors" in dialog.result_label.text()
    posts = sorted(path.stem for path in (target / "_posts").iterdir())
    assert len(posts) == 5 and "reproducible-training-runs" not in posts


def test_an_error_of_the_whole_library_stops_the_export(
    qtbot: QtBot, dialog: ExportDialog, samples: Path, tmp_path: Path
) -> None:
    (samples / "author.png").unlink()  # the default author's picture, named in .postdesk.yaml
    target = tmp_path / "blog"
    dialog.start(samples)
    planned(qtbot, dialog, target)
    assert rows(dialog.problem_list)[0][1] == ".postdesk.yaml"
    assert "must be fixed first" in dialog.summary_label.text()
    assert not dialog.export_button.isEnabled()
    dialog.export()  # refused: such a plan is never written
    assert not dialog.is_busy
    assert not target.exists()


def test_choices_are_remembered_per_library_starting_from_postdesk_yaml(
    qtbot: QtBot, context: AppContext, samples: Path, tmp_path: Path
) -> None:
    settings = samples / ".postdesk.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "profile: nextjs", "profile: hugo\n  target: ../site"
        ),
        encoding="utf-8",
    )
    first = ExportDialog(context)
    first.start(samples)
    assert first.profile_box.currentData() == "hugo"
    assert Path(first.target_field.text()) == samples.parent / "site"
    planned(qtbot, first)
    assert first.plan is not None and first.plan.profile == "hugo"
    first.profile_box.setCurrentIndex(first.profile_box.findData("jekyll"))
    first.drafts_box.setChecked(True)
    first.force_box.setChecked(True)
    planned(qtbot, first, tmp_path / "jekyll-site")
    assert first.plan is not None and first.plan.profile == "jekyll"

    second = ExportDialog(context)
    second.start(samples)
    assert second.profile_box.currentData() == "jekyll"
    assert second.target_field.text() == str(tmp_path / "jekyll-site")
    assert second.drafts_box.isChecked()
    assert not second.force_box.isChecked()  # replacing foreign files is asked anew
    planned(qtbot, second)
    other = Path(shutil.copytree(samples, tmp_path / "other"))
    (other / ".postdesk.yaml").unlink()
    second.start(other)
    assert second.profile_box.currentData() == "nextjs"
    assert second.target_field.text() == ""
    closed(qtbot, first)
    closed(qtbot, second)


def test_export_this_post_writes_only_that_post(
    qtbot: QtBot, dialog: ExportDialog, samples: Path, tmp_path: Path
) -> None:
    post = samples / "point-in-time-joins" / "index.md"
    target = tmp_path / "blog"
    dialog.start(samples, only=post)
    assert "point-in-time-joins" in dialog.windowTitle()
    assert dialog.prune_box.isHidden()
    planned(qtbot, dialog, target)
    assert dialog.plan is not None
    assert [planned_post.source for planned_post in dialog.plan.posts] == [post]
    assert {path for _, path in rows(dialog.file_list)} == {
        "_posts/point-in-time-joins.md",
        "public/assets/blog/point-in-time-joins/cover.jpg",
        "public/assets/blog/point-in-time-joins/timeline.png",
        "public/assets/blog/authors/author.png",
    }
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS):
        dialog.export()
    assert sorted(p.name for p in (target / "_posts").iterdir()) == ["point-in-time-joins.md"]


def test_a_target_inside_the_library_is_refused_with_the_reason(
    qtbot: QtBot, dialog: ExportDialog, samples: Path
) -> None:
    dialog.start(samples)
    dialog.target_field.setText(str(samples / "out"))
    qtbot.waitUntil(lambda: "inside the library" in dialog.summary_label.text(), timeout=WAIT_MS)
    assert dialog.plan is None
    assert not dialog.export_button.isEnabled()


def test_the_window_opens_the_dialog_and_the_post_of_a_problem(
    qtbot: QtBot, window: MainWindow, samples: Path, tmp_path: Path
) -> None:
    window.open_library(samples)
    qtbot.waitUntil(lambda: window.library_pane.library is not None, timeout=WAIT_MS)
    window.menu_actions["export"].trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.only is None and dialog.library_root == samples.resolve()
    planned(qtbot, dialog, tmp_path / "blog")
    post = samples.resolve() / "keeping-a-holdout-honest" / "index.md"
    dialog.post_activated.emit(post)
    document = window.current_document()
    assert document is not None and document.path == post
    # The same dialog comes back, now for the open post.
    window.menu_actions["export_post"].trigger()
    assert window.findChildren(ExportDialog) == [dialog]
    assert dialog.only == post
    planned(qtbot, dialog)
    assert dialog.plan is not None and [p.source for p in dialog.plan.posts] == [post]
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=WAIT_MS)
