"""How an export plan reads in the Export dialog: a summary sentence, problems, files."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from editor.core.errors import Problem
from editor.core.export import CREATE, DELETE, UNCHANGED, UPDATE, ExportPlan, PlannedFile

ACTION_WORDS = {CREATE: "Create", UPDATE: "Update", UNCHANGED: "Unchanged", DELETE: "Delete"}
SEVERITY_COLORS = {
    "light": {"error": "#c62828", "warning": "#8a5a00"},
    "dark": {"error": "#ff7b72", "warning": "#d29922"},
}
PATH_ROLE = Qt.ItemDataRole.UserRole  # the post (or file) a row is about


def short_name(path: Path) -> str:
    """A post's name as the library shows it: the bundle folder for ``<slug>/index.md``."""
    return path.parent.name if path.name == "index.md" else path.name


def plan_list(headers: tuple[str, str], name: str) -> QTreeWidget:
    """A two-column list: a narrow first column, the second taking the rest."""
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setHeaderLabels(list(headers))
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return tree


def problem_items(problems: Iterable[Problem], theme: str) -> list[QTreeWidgetItem]:
    """One row per problem, errors red, warnings amber; each row knows its post."""
    items = []
    for problem in problems:
        where = short_name(problem.path)
        where += f":{problem.line}" if problem.line is not None else ""
        item = QTreeWidgetItem([f"{problem.severity.capitalize()}: {problem.message}", where])
        color = SEVERITY_COLORS[theme].get(problem.severity)
        if color:
            item.setForeground(0, QBrush(QColor(color)))
        item.setToolTip(0, str(problem))
        item.setToolTip(1, str(problem.path))
        item.setData(0, PATH_ROLE, problem.path)
        items.append(item)
    return items


def file_items(files: Iterable[PlannedFile], muted: QColor) -> list[QTreeWidgetItem]:
    """One row per file (action, path); unchanged files muted; each row knows its post."""
    items = []
    for planned in files:
        item = QTreeWidgetItem([ACTION_WORDS.get(planned.action, planned.action), planned.path])
        if planned.action == UNCHANGED:
            item.setForeground(0, QBrush(muted))
            item.setForeground(1, QBrush(muted))
        if planned.note:
            item.setToolTip(1, planned.note)
        item.setData(0, PATH_ROLE, planned.post)
        items.append(item)
    return items


def plan_summary(plan: ExportPlan, one_post: bool, error_color: str) -> str:
    """What the plan will do, in a sentence the writer reads before pressing Export (HTML)."""
    posts = len(plan.posts)
    if one_post and not posts and not plan.errors:
        return "This post is a draft or a note: tick “Include drafts and notes” to export it."
    counts = [
        f"{plan.count(action)} to {action}"
        for action in (CREATE, UPDATE, DELETE)
        if plan.count(action)
    ]
    changes = ", ".join(counts) if counts else "nothing to write"
    text = escape(
        f"{posts} post{'s' if posts != 1 else ''} will be exported to {plan.target} "
        f"({plan.profile}): {changes}, {plan.count(UNCHANGED)} unchanged."
    )
    if plan.stale:
        text += f" {len(plan.stale)} exported files are no longer produced (kept)."
    blocking, warnings = len(plan.blocking), len(plan.warnings)
    if blocking:
        text += (
            f' <span style="color: {error_color}; font-weight: bold;">'
            f"{blocking} error{'s' if blocking != 1 else ''} must be fixed first"
            "</span> (click one to open its post)."
        )
    elif plan.left_out:
        left_out = len(plan.left_out)
        names = ", ".join(short_name(path) for path in plan.left_out)
        text += (
            f' <span style="color: {error_color}; font-weight: bold;">'
            f"{left_out} post{'s' if left_out != 1 else ''} with errors will be left out:"
            f"</span> {escape(names)} (click an error to open its post)."
        )
    if warnings:
        text += f" {warnings} warning{'s' if warnings != 1 else ''}."
    return text
