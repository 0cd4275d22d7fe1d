"""Postdesk in the Linux application menu: its desktop entry and icon, for this user.

``postdesk --install-desktop-entry`` writes ``applications/postdesk.desktop`` and
``icons/hicolor/scalable/apps/postdesk.svg`` under ``$XDG_DATA_HOME`` (default
``~/.local/share``), where desktop environments look for a user's own applications. The entry
starts the installed ``postdesk`` command and opens Markdown files.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from string import Template

from editor.core.document.fsutil import atomic_write_bytes, atomic_write_text

ENTRY_NAME = "postdesk.desktop"
ICON_NAME = "postdesk.svg"
# Characters that make an Exec argument need quotes (the Desktop Entry spec's reserved ones).
_RESERVED = re.compile(r"""[\s"'\\><~|&;$*?#()`]""")


def data_home(environment: Mapping[str, str] | None = None) -> Path:
    """Where this user's application data lives: ``$XDG_DATA_HOME``, else ``~/.local/share``.

    A relative ``XDG_DATA_HOME`` is ignored, as the XDG base directory spec says.
    """
    environment = os.environ if environment is None else environment
    configured = environment.get("XDG_DATA_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path.home() / ".local" / "share"


def postdesk_command() -> list[str]:
    """The command that starts Postdesk as installed: the ``postdesk`` script on PATH (or
    beside this Python), else this Python running the package."""
    found = shutil.which("postdesk") or shutil.which(
        "postdesk", path=str(Path(sys.executable).parent)
    )
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "editor"]


def entry_text(command: list[str]) -> str:
    """The desktop entry that runs ``command`` with a Markdown file (``%f``)."""
    template = Template(_resource("desktop", ENTRY_NAME).read_text(encoding="utf-8"))
    return template.substitute(exec=" ".join(_exec_argument(part) for part in command))


def install(data_folder: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the desktop entry and the icon under ``data_folder`` (default: ``data_home()``);
    return the files written."""
    folder = data_home() if data_folder is None else data_folder
    entry = folder / "applications" / ENTRY_NAME
    icon = folder / "icons" / "hicolor" / "scalable" / "apps" / ICON_NAME
    for path in (entry, icon):
        path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(entry, entry_text(postdesk_command() if command is None else command))
    atomic_write_bytes(icon, _resource("ui", "icons", ICON_NAME).read_bytes())
    return [entry, icon]


def validation_problems(entry: Path) -> str | None:
    """What ``desktop-file-validate`` says is wrong with ``entry`` (hints aside); None when it
    finds nothing or is not installed."""
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        return None
    checked = subprocess.run([validator, str(entry)], capture_output=True, text=True, check=False)
    if checked.returncode == 0:
        return None
    return (checked.stdout + checked.stderr).strip() or f"exit status {checked.returncode}"


def run_install() -> int:
    """``--install-desktop-entry``: install, say what was written, and check the entry."""
    written = install()
    for path in written:
        print(f"wrote {path}")
    problems = validation_problems(written[0])
    if problems is not None:
        print(f"{written[0]}: error: desktop-file-validate: {problems}", file=sys.stderr)
        return 1
    return 0


def _exec_argument(argument: str) -> str:
    """One argument of an Exec line, quoted and escaped as the Desktop Entry spec asks."""
    argument = argument.replace("%", "%%")
    if _RESERVED.search(argument):
        argument = '"' + re.sub(r'(["`$\\])', r"\\\1", argument) + '"'
    # The entry file's own string escaping comes on top: each backslash is written twice.
    return argument.replace("\\", "\\\\")


def _resource(*parts: str) -> resources.abc.Traversable:
    return resources.files("editor.resources").joinpath(*parts)
