"""The desktop entry and icon that put Postdesk in the Linux application menu."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from editor import cli
from editor.core.desktop_entry import data_home, entry_text, install


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_install_desktop_entry_writes_the_entry_and_icon_under_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert cli.main(["--install-desktop-entry"]) == 0

    entry = tmp_path / "data" / "applications" / "postdesk.desktop"
    icon = tmp_path / "data" / "icons" / "hicolor" / "scalable" / "apps" / "postdesk.svg"
    assert capsys.readouterr().out.splitlines() == [f"wrote {entry}", f"wrote {icon}"]
    fields = read_entry(entry)
    assert fields["Type"] == "Application" and fields["Name"] == "Postdesk"
    assert fields["Icon"] == "postdesk"
    assert fields["MimeType"] == "text/markdown;"
    assert fields["Categories"] == "Office;TextEditor;"
    # The installed command, by its full path: a menu does not search the shell's PATH.
    program, file_code = fields["Exec"].rsplit(" ", 1)
    assert file_code == "%f"
    assert Path(program.split(" -m ")[0].strip('"')).is_absolute()
    assert icon.read_bytes().lstrip().startswith(b"<svg")
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(
            ["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "error" not in checked.stdout


def test_installing_again_replaces_the_files(tmp_path: Path) -> None:
    first = install(tmp_path, ["/opt/old/postdesk"])
    second = install(tmp_path, ["/usr/bin/postdesk"])
    assert first == second
    assert read_entry(second[0])["Exec"] == "/usr/bin/postdesk %f"


def test_a_command_with_spaces_or_percent_signs_is_quoted_as_the_spec_asks() -> None:
    text = entry_text(["/home/me/My Apps/bin/postdesk", "-m", "100%"])
    assert 'Exec="/home/me/My Apps/bin/postdesk" -m 100%% %f\n' in text


def test_data_home_honours_xdg_data_home_and_ignores_a_relative_one(tmp_path: Path) -> None:
    assert data_home({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path
    default = Path.home() / ".local" / "share"
    assert data_home({"XDG_DATA_HOME": "relative/share"}) == default
    assert data_home({}) == default
