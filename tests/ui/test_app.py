"""Starting the application: root runs without the sandbox, and says so."""

from __future__ import annotations

import os
from pathlib import Path

from editor import app


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


def test_a_missing_path_is_one_line(capsys, tmp_path: Path):
    assert app.run([str(tmp_path / "nope.md")]) == 2
    assert capsys.readouterr().err.strip().endswith("nope.md: error: no such file or folder")


def test_a_bundle_belongs_to_the_library_above_it(tmp_path: Path):
    post = tmp_path / "lib" / "my-post" / "index.md"
    assert app._library_of(post, "") == tmp_path / "lib"
    assert app._library_of(tmp_path / "notes" / "a.md", "") == tmp_path / "notes"
    assert app._library_of(post, str(tmp_path)) == tmp_path.resolve()
