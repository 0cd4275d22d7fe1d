"""The session file: the open tabs come back as they were left; a damaged file is ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor.core.errors import PostdeskError
from editor.core.workspace.session import (
    Session,
    TabPlace,
    read_session,
    session_file,
    write_session,
)


def posts(root: Path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        path = root / name / "index.md"
        path.parent.mkdir(parents=True)
        path.write_text(f"---\ntitle: {name}\n---\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_the_tabs_come_back_in_order_with_their_places(tmp_path: Path) -> None:
    first, second = posts(tmp_path / "library", "first", "sécond post")
    session = Session(
        library=tmp_path / "library",
        tabs=(TabPlace(first, line=12, column=4, top_line=3), TabPlace(second)),
        current=second,
    )
    file = session_file(tmp_path / "config")
    file.parent.mkdir()

    write_session(file, session)

    assert read_session(file) == session
    assert not list(file.parent.glob("*.tmp*"))  # written through a temporary file, renamed


def test_no_file_is_no_session(tmp_path: Path) -> None:
    assert read_session(tmp_path / "session.json") is None


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "\udcff".encode("utf-8", "surrogateescape").decode("latin-1"),
        "[]",
        '{"version": 99, "tabs": []}',
        '{"tabs": [{"path": "/a.md"}]}',  # no version: not written by Postdesk
    ],
    ids=["not-json", "not-utf8", "a-list", "newer-version", "no-version"],
)
def test_a_damaged_file_is_no_session_and_no_crash(tmp_path: Path, content: str) -> None:
    file = tmp_path / "session.json"
    file.write_text(content, encoding="latin-1")
    assert read_session(file) is None


def test_a_damaged_tab_alone_is_left_out(tmp_path: Path) -> None:
    (kept,) = posts(tmp_path, "kept")
    file = tmp_path / "session.json"
    tabs = [
        {"path": str(kept), "line": "twelve", "column": True, "top_line": -4},
        {"path": 42},
        "not a tab",
        {"line": 3},
    ]
    file.write_text(json.dumps({"version": 1, "tabs": tabs, "current": 7}), encoding="utf-8")

    session = read_session(file)

    assert session == Session(tabs=(TabPlace(kept, line=1, column=0, top_line=1),))


def test_files_gone_since_are_skipped_and_named(tmp_path: Path) -> None:
    first, gone, last = posts(tmp_path, "first", "gone", "last")
    session = Session(tabs=(TabPlace(first), TabPlace(gone, line=5), TabPlace(last)), current=gone)
    gone.unlink()

    found = session.without_missing()

    assert [tab.path for tab in found.tabs] == [first, last]
    assert found.missing == (gone,)
    assert found.current == first  # the one in front is gone: the first left takes its place


def test_a_session_that_cannot_be_written_says_where(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "config"
    not_a_folder.write_text("a file where the config folder should be", encoding="utf-8")
    with pytest.raises(PostdeskError) as raised:
        write_session(session_file(not_a_folder), Session())
    assert "session.json" in str(raised.value)
