"""The application context: what every window part shares, passed in rather than global."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QThreadPool

from editor.core.document.covers import PendingCovers
from editor.core.document.recovery import RecoveryStore
from editor.core.render.dialects import DEFAULT_DIALECT, Dialect, default_dialect
from editor.ui.app.settings import Preferences, WindowState
from editor.ui.app.tasks import TaskRunner
from editor.ui.app.theme import ThemeManager


@dataclass
class AppContext:
    """Preferences, window state, the theme, the background tasks, the recovery folder, the
    new covers waiting for their posts' saves and the preview's blog dialect, of one run."""

    config_dir: Path
    preferences: Preferences
    state: WindowState
    theme: ThemeManager
    tasks: TaskRunner
    recovery: RecoveryStore
    pending_covers: PendingCovers = field(default_factory=PendingCovers)
    # The blog whose Markdown the preview shows: the library's, or the one chosen in
    # View > Preview As (set by the window).
    preview_dialect: Dialect = field(default_factory=lambda: default_dialect(DEFAULT_DIALECT))

    @classmethod
    def create(cls, config_dir: Path, *, recovery_folder: Path | None = None) -> AppContext:
        """Open (or start) the settings kept in `config_dir`; needs a QApplication.

        Unsaved text is kept in `recovery_folder`, by default inside `config_dir` so that a
        run with its own config folder is isolated from every other.
        """
        config_dir.mkdir(parents=True, exist_ok=True)
        preferences = Preferences(config_dir / "preferences.ini")
        state = WindowState(config_dir / "state.ini")
        pool = QThreadPool()
        # Renders hold the GIL: more threads than this only queue behind each other.
        pool.setMaxThreadCount(2)
        recovery = RecoveryStore(recovery_folder or config_dir / "recovery")
        return cls(
            config_dir, preferences, state, ThemeManager(preferences), TaskRunner(pool), recovery
        )

    def shut_down(self) -> None:
        """Wait for background work, write the settings to disk, end the recovery session and
        forget the covers no save wrote."""
        self.tasks.wait()
        self.recovery.close()
        self.pending_covers.close()
        self.preferences.sync()
        self.state.sync()


def sample_library() -> Path | None:
    """The sample posts shipped with Postdesk, when they can be found."""
    shipped = files("editor.resources") / "sample_posts"
    if shipped.is_dir():
        return Path(str(shipped))
    # A source checkout (an editable install) keeps them beside the package.
    package_root = Path(str(files("editor"))).parent
    checkout = package_root / "sample_posts"
    return checkout if checkout.is_dir() else None
