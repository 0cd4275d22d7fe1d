"""An export plan as data: every file with its action, the posts, the problems found."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.errors import Problem
from editor.core.export.manifest import ExportCache, Manifest

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
DELETE = "delete"
HAND_EDITED = "changed by hand since the last export; replaced"

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, what)`` while planning or writing (``what``: a file)."""


@dataclass(frozen=True)
class PlannedFile:
    """One file of the plan and what the export will do with it."""

    path: str  # relative to the target, with forward slashes
    action: str  # CREATE | UPDATE | UNCHANGED | DELETE
    digest: str  # hash of the content to write ("" for DELETE)
    data: bytes | None = None  # generated content
    source: Path | None = None  # file copied as is
    post: Path | None = None  # the post the file comes from
    note: str = ""  # why, when it is not the obvious (e.g. "not written by Postdesk; --force")

    def __str__(self) -> str:
        note = f"  ({self.note})" if self.note else ""
        return f"{self.action:<9} {self.path}{note}"


@dataclass(frozen=True)
class PlannedPost:
    """A post the export includes."""

    source: Path
    slug: str
    title: str
    draft: bool


@dataclass
class ExportPlan:
    """What an export will do: files with their actions, the posts, errors and warnings.

    Nothing is written while planning; ``write_export(plan)`` carries it out, and refuses to
    when ``blocking`` is not empty. A post with errors is in ``left_out``, not in ``posts``.
    """

    target: Path
    profile: str
    files: list[PlannedFile] = field(default_factory=list)
    posts: list[PlannedPost] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    left_out: list[Path] = field(default_factory=list)  # documents with errors, not exported
    stale: list[str] = field(default_factory=list)  # owned, no longer produced, kept (no --prune)
    forgotten: list[str] = field(default_factory=list)  # owned, deleted by hand since
    manifest: Manifest = field(default_factory=Manifest)
    cache: ExportCache = field(default_factory=ExportCache)
    library_root: Path | None = None  # the library exported, links followed: never touched

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop the export."""
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def blocking(self) -> list[Problem]:
        """Errors that stop the whole export (the target's, the library's as a whole); the
        other errors only leave their post out."""
        left_out = set(self.left_out)
        return [problem for problem in self.errors if problem.path not in left_out]

    @property
    def warnings(self) -> list[Problem]:
        """Problems worth reading that do not stop the export."""
        return [problem for problem in self.problems if problem.severity != "error"]

    @property
    def changes(self) -> list[PlannedFile]:
        """The files that will be created, updated or deleted."""
        return [planned for planned in self.files if planned.action != UNCHANGED]

    def count(self, action: str) -> int:
        """How many files get ``action``."""
        return sum(1 for planned in self.files if planned.action == action)

    def summary(self) -> str:
        """One line: posts, files per action, errors and warnings."""
        parts = [f"{len(self.posts)} post{'s' if len(self.posts) != 1 else ''}"]
        parts += [f"{self.count(action)} {action}" for action in (CREATE, UPDATE, UNCHANGED)]
        parts.append(f"{self.count(DELETE)} delete")
        if self.stale:
            parts.append(f"{len(self.stale)} no longer produced (--prune removes them)")
        if self.left_out:
            parts.append(f"{len(self.left_out)} left out with errors")
        parts.append(f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}")
        parts.append(f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}")
        return f"{self.profile} export to {self.target}: " + ", ".join(parts)
