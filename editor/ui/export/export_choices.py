"""The export profile, target folder and drafts switch, remembered per library in QSettings."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from editor.core.export import DEFAULT_PROFILE, PROFILES
from editor.core.library.library import read_settings


@dataclass(frozen=True)
class ExportChoice:
    """What the writer chose in the Export dialog."""

    profile: str = DEFAULT_PROFILE
    target: Path | None = None
    drafts: bool = False
    prune: bool = False  # never remembered: deleting files is chosen each time
    force: bool = False  # never remembered: replacing foreign files is chosen each time


def remembered_choice(settings: QSettings, library_root: Path) -> ExportChoice:
    """The choice last used for `library_root`, else the defaults of its .postdesk.yaml."""
    defaults, _problem = read_settings(library_root)  # a broken file: the check says so
    group = _group(library_root)
    profile = str(settings.value(f"{group}/profile", "") or "")
    if profile not in PROFILES:
        profile = defaults.export_profile if defaults.export_profile in PROFILES else ""
    target = str(settings.value(f"{group}/target", "") or "")
    drafts = str(settings.value(f"{group}/drafts", "false")).lower() == "true"
    default_target = defaults.export_target
    if default_target is not None:
        # "../blog" in .postdesk.yaml reads better as the folder it names.
        default_target = Path(os.path.normpath(default_target))
    return ExportChoice(
        profile=profile or DEFAULT_PROFILE,
        target=Path(target) if target else default_target,
        drafts=drafts,
    )


def remember_choice(settings: QSettings, library_root: Path, choice: ExportChoice) -> None:
    """Keep `choice` as the one to offer next time `library_root` is exported."""
    group = _group(library_root)
    settings.setValue(f"{group}/library", str(library_root))
    settings.setValue(f"{group}/profile", choice.profile)
    settings.setValue(f"{group}/target", str(choice.target) if choice.target else "")
    settings.setValue(f"{group}/drafts", "true" if choice.drafts else "false")


def _group(library_root: Path) -> str:
    # A path holds slashes, which QSettings reads as groups: key the library by a hash.
    digest = hashlib.sha256(str(library_root).encode("utf-8")).hexdigest()[:16]
    return f"export/{digest}"
