"""The writer's session: the tabs open when the window last closed (or crashed), in order,
the current one and where each was left, kept as JSON in the config folder.

Only saved files are kept here: unsaved text comes back through the recovery folder
(``editor.core.document.recovery``), which offers it into these same tabs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from editor.core.document.fsutil import atomic_write_text

SESSION_FILE = "session.json"
_VERSION = 1


@dataclass(frozen=True)
class TabPlace:
    """One open tab: its file, the cursor (1-based line, 0-based column) and the line shown at
    the top of its view."""

    path: Path
    line: int = 1
    column: int = 0
    top_line: int = 1


@dataclass(frozen=True)
class Session:
    """The open tabs of one window and the library they were opened in."""

    library: Path | None = None
    tabs: tuple[TabPlace, ...] = ()
    current: Path | None = None  # the file of the tab in front
    missing: tuple[Path, ...] = field(default=(), compare=False)  # see without_missing

    def without_missing(self) -> Session:
        """The session without the tabs whose files are gone; those files are in ``missing``.

        The current tab, when its file is gone, becomes the first one left.
        """
        kept = tuple(tab for tab in self.tabs if tab.path.is_file())
        gone = tuple(tab.path for tab in self.tabs if not tab.path.is_file())
        paths = [tab.path for tab in kept]
        current = self.current if self.current in paths else (paths[0] if paths else None)
        return replace(self, tabs=kept, current=current, missing=gone)


def session_file(config_dir: Path) -> Path:
    """Where the session of a run using ``config_dir`` is kept."""
    return config_dir / SESSION_FILE


def write_session(path: Path, session: Session) -> None:
    """Write ``session`` to ``path`` atomically: a crash mid-write leaves the last one whole.

    PostdeskError naming the file when it cannot be written.
    """
    data = {
        "version": _VERSION,
        "library": str(session.library) if session.library is not None else None,
        "tabs": [
            {
                "path": str(tab.path),
                "line": tab.line,
                "column": tab.column,
                "top_line": tab.top_line,
            }
            for tab in session.tabs
        ],
        "current": str(session.current) if session.current is not None else None,
    }
    atomic_write_text(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def read_session(path: Path) -> Session | None:
    """The session kept in ``path``; None when there is none or it cannot be read.

    A damaged file (not JSON, from a newer version, wrong types) is never an error: the
    window then starts as on a first run. A damaged tab entry alone is left out.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        return None
    raw_tabs = data.get("tabs")
    tabs = tuple(
        tab for tab in map(_tab, raw_tabs if isinstance(raw_tabs, list) else []) if tab is not None
    )
    return Session(
        library=_path(data.get("library")),
        tabs=tabs,
        current=_path(data.get("current")),
    )


def _tab(raw: Any) -> TabPlace | None:
    if not isinstance(raw, dict):
        return None
    path = _path(raw.get("path"))
    if path is None:
        return None
    return TabPlace(
        path,
        line=_count(raw.get("line"), 1),
        column=_count(raw.get("column"), 0),
        top_line=_count(raw.get("top_line"), 1),
    )


def _path(raw: Any) -> Path | None:
    return Path(raw) if isinstance(raw, str) and raw else None


def _count(raw: Any, least: int) -> int:
    # bool is an int in Python; a position never is one.
    if isinstance(raw, int) and not isinstance(raw, bool):
        return max(least, raw)
    return least
