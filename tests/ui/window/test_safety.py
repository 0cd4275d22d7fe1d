"""Failed saves, hostile files and a sandboxed preview: a clear message, nothing lost."""

from __future__ import annotations

import codecs
import os
import stat
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QTextCursor
from PySide6.QtWebEngineCore import QWebEngineUrlRequestInfo
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from editor.core.document import fsutil
from editor.core.errors import PostdeskError
from editor.ui.preview.preview_view import RequestGuard
from editor.ui.window import dialogs
from editor.ui.window.main_window import MainWindow
from tests.ui.conftest import QTWEBENGINE_HEADLESS_NOISE, make_png, run_js, wait_for_preview


def open_post(window: MainWindow, library: Path, path: Path):
    window.open_library(library)
    document = window.workspace.open_file(path)
    assert document is not None
    return document


def type_at_end(qtbot: QtBot, document, text: str) -> None:
    document.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(document.editor, text)


@pytest.fixture
def save_failures(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages of failed saves; answering each with "Close" (no Save As)."""
    messages: list[str] = []

    def offer(_parent, error):
        messages.append(str(error))
        return False

    monkeypatch.setattr(dialogs, "offer_save_as", offer)
    return messages


# --- saving ---------------------------------------------------------------------------------


def test_a_save_that_fails_keeps_the_text_says_why_and_offers_save_as(
    qtbot, window, library, monkeypatch, tmp_path
):
    post = library / "hello-world" / "index.md"
    before = post.read_bytes()
    document = open_post(window, library, post)
    type_at_end(qtbot, document, " unsaved words")

    def disk_full(path: Path, *_args: object) -> None:
        raise PostdeskError("cannot save: No space left on device", path)

    monkeypatch.setattr(fsutil, "_replace", disk_full)
    offered: list[str] = []
    monkeypatch.setattr(dialogs, "offer_save_as", lambda _p, e: offered.append(str(e)) or True)
    elsewhere = tmp_path / "elsewhere.md"
    choices = iter([(str(elsewhere), "")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: next(choices, ("", "")))

    assert not window.workspace.save(document)  # Save As fails too; then the writer gives up

    assert "No space left on device" in offered[0] and "index.md" in offered[0]
    assert len(offered) == 2  # offered again after the failed Save As
    assert post.read_bytes() == before
    assert document.is_modified and document.path == post
    assert document.editor.toPlainText().endswith("unsaved words")

    monkeypatch.undo()
    monkeypatch.setattr(dialogs, "offer_save_as", lambda *args: pytest.fail("failed again"))
    assert window.workspace.save(document)
    assert post.read_text("utf-8").endswith("unsaved words")


# --- hostile files --------------------------------------------------------------------------


def test_text_that_is_not_utf8_opens_read_only_and_reopens_in_its_encoding(
    qtbot, window, library, save_failures
):
    path = library / "old-note.md"
    data = "Caf\u00e9 cr\u00e8me \u2014 \u20ac5\n".encode("cp1252")
    path.write_bytes(data)
    document = open_post(window, library, path)

    assert document.read_only and document.editor.isReadOnly()
    bar = window.document_bar
    assert bar.isVisible() and "Not UTF-8" in bar.message.text()
    assert "line 1" in bar.message.text()
    assert not window.workspace.save(document)
    assert path.read_bytes() == data

    bar.encoding_box.setCurrentIndex(bar.encoding_box.findData("cp1252"))
    bar.reopen_button.click()
    assert not document.read_only and not document.editor.isReadOnly()
    assert document.editor.toPlainText() == "Café crème — €5\n"
    assert "saving keeps it" in bar.message.text()
    type_at_end(qtbot, document, "Plus")
    assert window.workspace.save(document)
    assert path.read_bytes() == data + b"Plus"  # written back as Windows-1252

    bar.convert_button.click()
    assert document.is_modified
    assert window.workspace.save(document)
    assert path.read_text("utf-8") == "Café crème — €5\nPlus"
    assert not bar.isVisible()


def test_a_character_the_encoding_cannot_hold_is_not_saved_silently(
    qtbot, window, library, save_failures
):
    path = library / "old-note.md"
    data = "Caf\u00e9\n".encode("cp1252")
    path.write_bytes(data)
    document = open_post(window, library, path)
    document.reopen_in("cp1252")
    document.editor.moveCursor(QTextCursor.MoveOperation.End)
    document.editor.insertPlainText("\u2603")  # a snowman: not in Windows-1252

    assert not window.workspace.save(document)

    assert "cp1252" in save_failures[0] and "old-note.md:2" in save_failures[0]
    assert path.read_bytes() == data
    assert document.is_modified


def test_utf16_reopened_and_saved_keeps_its_bytes(qtbot, window, library):
    path = library / "wide.md"
    data = codecs.BOM_UTF16_BE + "# Wide\r\n\r\nText.\r\n".encode("utf-16-be")
    path.write_bytes(data)
    document = open_post(window, library, path)
    assert document.read_only
    window.document_bar.encoding_box.setCurrentIndex(
        window.document_bar.encoding_box.findData("utf-16")
    )
    window.document_bar.reopen_button.click()
    type_at_end(qtbot, document, "!")
    assert window.workspace.save(document)
    assert path.read_bytes() == codecs.BOM_UTF16_BE + "# Wide\r\n\r\nText.\r\n!".encode("utf-16-be")


def test_a_binary_file_is_refused_with_a_message(qtbot, window, library, monkeypatch):
    path = make_png(library / "picture.md", "#ff0000")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    window.open_library(library)

    assert window.workspace.open_file(path) is None
    assert "binary" in warnings[0] and "picture.md" in warnings[0]
    assert window.tabs.count() == 0


def test_a_20_mb_document_opens_with_the_preview_paused(qtbot, window, library):
    path = library / "huge.md"
    line = "A line of a very long document, repeated to make twenty megabytes of text.\n"
    path.write_text(line * (20 * 1024 * 1024 // len(line)), encoding="utf-8")
    document = open_post(window, library, path)

    assert document.preview_paused
    body = "document.body ? document.body.innerText : ''"
    qtbot.waitUntil(lambda: "paused" in run_js(qtbot, window.preview, body), timeout=15000)
    type_at_end(qtbot, document, "Still typing.")
    assert document.is_modified
    assert document.editor.document().lastBlock().text() == "Still typing."


# Qt's JPEG reader says so of a cut-short cover; the library shows it as a broken image.
@pytest.mark.qt_log_ignore(*QTWEBENGINE_HEADLESS_NOISE, r"^JPEG datastream contains no image$")
def test_every_hostile_file_opens_or_is_refused_and_keeps_its_bytes(
    qtbot, window, tmp_path, monkeypatch
):
    import shutil

    hostile = Path(__file__).parents[2] / "data" / "hostile"
    library = tmp_path / "hostile"
    shutil.copytree(hostile, library, symlinks=True)
    files = sorted(library.rglob("*.md"))
    before = {path: path.read_bytes() for path in files}
    refused: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: refused.append(text))
    window.open_library(library)

    for path in files:
        count = len(refused)
        document = window.workspace.open_file(path)
        if document is None:
            assert len(refused) == count + 1 and path.name in refused[-1], path
            assert "\n" not in refused[-1] and "Traceback" not in refused[-1]
            continue
        if not document.preview_paused:
            wait_for_preview(qtbot, window)
        assert window.workspace.close(document)

    assert {path: path.read_bytes() for path in files} == before


# --- the preview sandbox --------------------------------------------------------------------


class _ImageServer(ThreadingHTTPServer):
    requests: list[str]


@pytest.fixture
def image_server(tmp_path: Path) -> Iterator[_ImageServer]:
    """A local web server handing out one PNG; it records every path asked for."""
    png = make_png(tmp_path / "served.png", "#00aa00").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.server.requests.append(self.path)  # type: ignore[attr-defined]
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *_args: object) -> None:
            pass

    server = _ImageServer(("127.0.0.1", 0), Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def image_width(qtbot: QtBot, window: MainWindow, alt: str) -> int:
    script = f"(document.querySelector('img[alt=\"{alt}\"]') || {{}}).naturalWidth || 0"
    return int(run_js(qtbot, window.preview, script))


def test_a_remote_image_is_blocked_until_the_writer_loads_it(qtbot, window, library, image_server):
    port = image_server.server_address[1]
    path = library / "remote.md"
    path.write_text(f"![far](http://127.0.0.1:{port}/far.png)\n", encoding="utf-8")
    document = open_post(window, library, path)
    wait_for_preview(qtbot, window)
    qtbot.waitUntil(lambda: window.remote_bar.isVisible())
    qtbot.wait(300)
    assert image_width(qtbot, window, "far") == 0
    assert image_server.requests == []

    window.remote_bar.load_button.click()

    assert document.allow_remote
    assert window.menu_actions["remote_images"].isChecked()
    wait_for_preview(qtbot, window)
    qtbot.waitUntil(lambda: image_width(qtbot, window, "far") == 40)
    assert image_server.requests == ["/far.png"]
    assert not window.remote_bar.isVisible()


def test_loading_remote_images_loads_images_only(qtbot, window, library, image_server):
    """Prefetch and preload links, autoplaying audio and video request nothing."""
    base = f"http://127.0.0.1:{image_server.server_address[1]}"
    path = library / "remote-media.md"
    path.write_text(
        f'<link rel="prefetch" href="{base}/prefetch">\n'
        f'<link rel="preload" as="image" href="{base}/preload.png">\n'
        f'<link rel="dns-prefetch" href="{base}/">\n\n'
        f'<audio src="{base}/song.mp3" autoplay preload="auto"></audio>\n\n'
        f'<video src="{base}/clip.mp4" autoplay muted preload="auto" poster="{base}/p.png">'
        "</video>\n\n"
        f"![far]({base}/far.png)\n",
        encoding="utf-8",
    )
    document = open_post(window, library, path)
    wait_for_preview(qtbot, window)
    qtbot.waitUntil(lambda: window.remote_bar.isVisible())

    window.remote_bar.load_button.click()

    assert document.allow_remote
    wait_for_preview(qtbot, window)
    qtbot.waitUntil(lambda: image_width(qtbot, window, "far") == 40)
    qtbot.wait(500)  # time for any other request to arrive; none may
    assert sorted(set(image_server.requests) - {"/p.png"}) == ["/far.png"]


def test_files_outside_the_post_folder_are_not_loaded(qtbot, window, library, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = make_png(outside / "secret.png", "#000000")
    bundle = library / "hello-world"
    (bundle / "link.png").symlink_to(secret)
    (bundle / "index.md").write_text(
        "![inside](square.png)\n\n"
        f"![absolute]({QUrl.fromLocalFile(str(secret)).toString()})\n\n"
        "![parent](../../outside/secret.png)\n\n"
        "![symlink](link.png)\n",
        encoding="utf-8",
    )
    open_post(window, library, bundle / "index.md")
    wait_for_preview(qtbot, window)

    qtbot.waitUntil(lambda: image_width(qtbot, window, "inside") == 40)
    qtbot.wait(300)
    for alt in ("absolute", "parent", "symlink"):
        assert image_width(qtbot, window, alt) == 0, alt


def test_the_guard_allows_only_the_post_folder_resources_and_inline_data(tmp_path: Path):
    guard = RequestGuard()
    folder = tmp_path / "post"
    folder.mkdir()
    guard.set_scope(folder, allow_remote=False)

    assert guard.allows(QUrl.fromLocalFile(str(folder / "cover.jpg")))
    assert guard.allows(QUrl("data:image/png;base64,AAAA"))
    assert not guard.allows(QUrl.fromLocalFile(str(tmp_path / "other.jpg")))
    assert not guard.allows(QUrl("file:///etc/passwd"))
    assert not guard.allows(QUrl("https://example.com/a.png"))
    assert not guard.allows(QUrl("ftp://example.com/a.png"))
    guard.set_scope(folder, allow_remote=True)
    assert guard.allows(QUrl("https://example.com/a.png"))
    kind = QWebEngineUrlRequestInfo.ResourceType
    assert guard.allows(QUrl("https://example.com/a.woff2"), kind.ResourceTypeFontResource)
    for other in ("ResourceTypeMedia", "ResourceTypePrefetch", "ResourceTypeStylesheet"):
        assert not guard.allows(QUrl("https://example.com/x"), getattr(kind, other)), other
    for other in ("ResourceTypeSubFrame", "ResourceTypeXhr", "ResourceTypePing"):
        assert not guard.allows(QUrl("https://example.com/x"), getattr(kind, other)), other
    guard.set_scope(None, allow_remote=False)
    assert not guard.allows(QUrl.fromLocalFile(str(folder / "cover.jpg")))


# --- read-only files and links --------------------------------------------------------------


def press_save(qtbot: QtBot, document) -> None:
    """Ctrl+S in the editor, as the writer saves."""
    document.editor.setFocus()
    qtbot.keyClick(document.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def answer_message_box(qtbot: QtBot, button: QMessageBox.StandardButton) -> list[str]:
    """Click `button` in the next message box that opens; its text is put in the list."""
    texts: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            texts.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, click)

    QTimer.singleShot(0, click)
    return texts


@pytest.mark.skipif(os.name == "nt", reason="no mode bits")
@pytest.mark.parametrize("agree", [False, True])
def test_saving_a_read_only_post_asks_first(qtbot, window, library, agree):
    post = library / "hello-world" / "index.md"
    before = post.read_text("utf-8")
    post.chmod(0o444)
    document = open_post(window, library, post)
    type_at_end(qtbot, document, " more")
    button = QMessageBox.StandardButton.Yes if agree else QMessageBox.StandardButton.Cancel
    texts = answer_message_box(qtbot, button)

    press_save(qtbot, document)

    qtbot.waitUntil(lambda: bool(texts))
    assert texts == ["“index.md” is read-only. Replace it anyway?\n\n" + str(post)]
    if agree:
        qtbot.waitUntil(lambda: not document.is_modified)
        assert post.read_text("utf-8") == before + " more"
        assert stat.S_IMODE(post.stat().st_mode) == 0o444  # still read-only, as it was
    else:
        assert document.is_modified
        assert post.read_text("utf-8") == before


@pytest.mark.skipif(os.name == "nt", reason="no mode bits")
def test_a_read_only_folder_is_named_when_a_save_fails(qtbot, window, library, save_failures):
    post = library / "hello-world" / "index.md"
    before = post.read_bytes()
    document = open_post(window, library, post)
    type_at_end(qtbot, document, " more")
    post.parent.chmod(0o555)
    try:
        assert not window.workspace.save(document)
    finally:
        post.parent.chmod(0o755)
    assert save_failures == [f"{post}: cannot save: the folder {post.parent} is read-only"]
    assert post.read_bytes() == before
    assert document.is_modified
    assert sorted(p.name for p in post.parent.iterdir()) == ["index.md", "square.png"]


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges")
def test_saving_a_linked_post_writes_the_file_it_points_at(qtbot, window, library, tmp_path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    real = drafts / "linked.md"
    real.write_text("---\ntitle: Linked\n---\n\nFirst words.\n", encoding="utf-8")
    link = library / "linked.md"
    link.symlink_to(real)
    document = open_post(window, library, link)
    type_at_end(qtbot, document, " More.")

    assert window.workspace.save(document)

    assert link.is_symlink() and link.resolve() == real
    assert real.read_text("utf-8").endswith("First words.\n More.")
    # Someone else changes the real file: the open document follows it.
    temporary = drafts / ".linked.md.new"
    temporary.write_text("---\ntitle: Linked\n---\n\nTheirs.\n", encoding="utf-8")
    os.replace(temporary, real)
    qtbot.waitUntil(lambda: "Theirs." in document.editor.toPlainText(), timeout=5000)
    assert not document.is_modified
