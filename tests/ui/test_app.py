"""Starting the application: root runs without the sandbox, and says so."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from editor import app
from tests.ui.conftest import wait_for_preview


def test_running_as_root_disables_the_sandbox_with_a_notice(monkeypatch, capsys):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.delenv("QTWEBENGINE_DISABLE_SANDBOX", raising=False)
    app._allow_webengine_as_root()
    assert os.environ["QTWEBENGINE_DISABLE_SANDBOX"] == "1"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "root" in err


def test_a_normal_user_keeps_the_sandbox(monkeypatch, capsys):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.delenv("QTWEBENGINE_DISABLE_SANDBOX", raising=False)
    app._allow_webengine_as_root()
    assert "QTWEBENGINE_DISABLE_SANDBOX" not in os.environ
    assert capsys.readouterr().err == ""


def test_the_unused_zygote_is_skipped_and_other_flags_kept(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    app.skip_unused_chromium_processes()
    app.skip_unused_chromium_processes()
    assert os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] == "--disable-gpu --no-unsandboxed-zygote"
    monkeypatch.delenv("QTWEBENGINE_CHROMIUM_FLAGS")
    app.skip_unused_chromium_processes()
    assert os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] == "--no-unsandboxed-zygote"


def test_chromium_starts_without_its_unsandboxed_zygote(qtbot, window, library):
    window.open_library(library)
    window.workspace.open_file(library / "hello-world" / "index.md")
    wait_for_preview(qtbot, window)
    helpers = [
        command
        for command in _descendant_command_lines(os.getpid())
        if "QtWebEngineProcess" in command
    ]
    assert helpers, "the preview runs in QtWebEngine's helper processes"
    assert not [command for command in helpers if "--no-zygote-sandbox" in command]


def _descendant_command_lines(pid: int) -> list[str]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, waiting = [], list(children.get(pid, []))
    while waiting:
        child = waiting.pop()
        waiting += children.get(child, [])
        try:
            found.append(
                (Path("/proc") / str(child) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            )
        except OSError:
            continue
    return found


def test_a_missing_path_is_one_line(capsys, tmp_path: Path):
    assert app.run([str(tmp_path / "nope.md")]) == 2
    assert capsys.readouterr().err.strip().endswith("nope.md: error: no such file or folder")


def test_a_bundle_belongs_to_the_library_above_it(tmp_path: Path):
    post = tmp_path / "lib" / "my-post" / "index.md"
    assert app._library_of(post, "") == tmp_path / "lib"
    assert app._library_of(tmp_path / "notes" / "a.md", "") == tmp_path / "notes"
    assert app._library_of(post, str(tmp_path)) == tmp_path.resolve()
