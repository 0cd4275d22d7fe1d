"""One open document: its bytes survive a save, and bad front matter still opens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtGui import QTextCursor

from editor.core.document.opening import read_document
from editor.ui.document.document import DocumentController


@pytest.fixture
def make_document(qtbot, context) -> Iterator[Callable[..., DocumentController]]:
    """Create documents as the window would; they are destroyed on the UI thread afterwards."""
    made: list[DocumentController] = []

    def make(text: str | None = None, path: Path | None = None, **kwargs) -> DocumentController:
        if text is None:
            opened = read_document(path)
            document = DocumentController(
                context,
                opened.text,
                path,
                encoding=opened.encoding,
                read_only=opened.read_only,
                note=opened.note,
                large=opened.large,
                **kwargs,
            )
        else:
            document = DocumentController(context, text, path, **kwargs)
        qtbot.addWidget(document.editor)
        made.append(document)
        return document

    yield make
    context.tasks.wait()
    for document in made:
        shiboken6.delete(document)


def test_saving_unchanged_keeps_the_bytes(qtbot, make_document, tmp_path: Path):
    path = tmp_path / "crlf.md"
    original = "\ufeff---\r\ntitle: Windows\r\n---\r\n\r\nBody\r\n".encode()
    path.write_bytes(original)
    document = make_document(path=path, library_root=tmp_path)
    assert "\r" not in document.editor.toPlainText()
    document.save()
    assert path.read_bytes() == original


def test_an_edit_keeps_line_endings_and_bom(qtbot, make_document, tmp_path: Path):
    path = tmp_path / "crlf.md"
    path.write_bytes("\ufeff---\r\ntitle: Windows\r\n---\r\n\r\nBody\r\n".encode())
    document = make_document(path=path, library_root=tmp_path)
    document.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(document.editor, "More")
    saved: list[Path] = []
    document.saved.connect(saved.append)
    document.save()
    assert path.read_bytes() == "\ufeff---\r\ntitle: Windows\r\n---\r\n\r\nBody\r\nMore".encode()
    assert saved == [path]
    assert not document.is_modified


def test_bad_front_matter_opens_shows_the_problem_and_saves_as_typed(
    qtbot, make_document, tmp_path
):
    path = tmp_path / "bad.md"
    text = "---\ntitle: [unclosed\n---\n\nBody text\n"
    path.write_text(text, encoding="utf-8")
    document = make_document(path=path, library_root=tmp_path)
    problems: list[str] = []
    document.problem_found.connect(problems.append)
    qtbot.waitUntil(lambda: document.last_result is not None)
    document.render_now()
    qtbot.waitUntil(lambda: bool(problems))
    assert "bad.md" in problems[0]
    document.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(document.editor, "x")
    document.save()
    assert path.read_text(encoding="utf-8") == text + "x"


def test_an_untitled_note_resolves_images_in_the_library(qtbot, make_document, tmp_path: Path):
    document = make_document("", None, library_root=tmp_path)
    assert document.base_url().toLocalFile().rstrip("/") == str(tmp_path.resolve())
    assert document.display_name == "Untitled"
    wanted: list[object] = []
    document.images_need_folder.connect(wanted.append)
    document.add_images([tmp_path / "x.png"])
    assert wanted == [[tmp_path / "x.png"]]


def test_the_title_comes_from_the_front_matter(qtbot, make_document, tmp_path: Path):
    document = make_document("---\ntitle: Hello\n---\nBody\n", None, library_root=None)
    changed: list[bool] = []
    document.metadata_changed.connect(lambda: changed.append(True))
    qtbot.waitUntil(lambda: document.title == "Hello")
    assert document.display_name == "Hello"
    assert changed
