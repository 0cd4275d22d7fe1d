"""The cover field: drop, paste or choose an image; it waits for the post's save under a name
no file has, and the old cover goes only when no post shows it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage, QImageReader
from PySide6.QtWidgets import QApplication, QFileDialog

from editor.core.document.covers import PendingCovers
from editor.core.document.post import Cover, Post
from editor.ui.metadata.cover_widget import THUMBNAIL_SIZE, CoverWidget
from editor.ui.window import dialogs
from tests.photos import phone_jpeg
from tests.ui.conftest import make_png, run_js


@pytest.fixture
def pending() -> Iterator[PendingCovers]:
    """Held covers, forgotten after the test."""
    covers = PendingCovers()
    yield covers
    covers.close()


def make_widget(
    qtbot, tmp_path: Path, pending: PendingCovers, cover: Cover | None = None
) -> CoverWidget:
    bundle = tmp_path / "my-post"
    bundle.mkdir(exist_ok=True)
    widget = CoverWidget(pending)
    qtbot.addWidget(widget)
    widget.set_post(bundle / "index.md", cover)
    widget.show()
    return widget


def drop_file(widget: CoverWidget, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.thumbnail.dropEvent(event)


def make_jpeg(path: Path, color: str, width: int = 50, height: int = 30) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path), "JPG")
    return path


def held_size(pending: PendingCovers, path: Path) -> tuple[int, int]:
    held = pending.held_copy(path)
    assert held is not None
    size = QImageReader(str(held)).size()
    return size.width(), size.height()


def test_a_dropped_image_becomes_the_cover_without_touching_the_bundle(
    qtbot, tmp_path: Path, pending: PendingCovers
):
    widget = make_widget(qtbot, tmp_path, pending)
    source = make_png(tmp_path / "Holiday Photo.png", "#cc3366", size=60)
    edits: list[tuple[object, str]] = []
    widget.cover_edited.connect(lambda cover, part: edits.append((cover, part)))

    drop_file(widget, source)

    assert edits == [(Cover(image="cover.png"), "image")]
    assert list((tmp_path / "my-post").iterdir()) == []
    held = pending.held_copy(tmp_path / "my-post" / "cover.png")
    assert held is not None and held.read_bytes() == source.read_bytes()
    assert widget.thumbnail.pixmap() is not None and not widget.thumbnail.pixmap().isNull()
    assert widget.alt_warning.isVisible()  # no alt text yet


def test_a_new_cover_never_replaces_the_old_file_of_the_same_name(
    qtbot, tmp_path: Path, pending: PendingCovers
):
    (tmp_path / "my-post").mkdir()
    old = make_png(tmp_path / "my-post" / "cover.png", "#000000")
    before = old.read_bytes()
    widget = make_widget(qtbot, tmp_path, pending, Cover("cover.png", alt="Night"))
    edits: list[object] = []
    widget.cover_edited.connect(lambda cover, part: edits.append(cover))

    drop_file(widget, make_png(tmp_path / "day.png", "#ffffff"))

    assert edits == [Cover("cover-2.png", alt="Night")]
    assert old.read_bytes() == before
    assert not (tmp_path / "my-post" / "cover-2.png").exists()


def test_a_new_image_keeps_the_alt_text_and_credit(qtbot, tmp_path: Path, pending):
    old = Cover("old.jpg", alt="A lake", credit="Photo by Ann", credit_url="https://x.test")
    widget = make_widget(qtbot, tmp_path, pending, old)
    edits: list[object] = []
    widget.cover_edited.connect(lambda cover, part: edits.append(cover))
    drop_file(widget, make_png(tmp_path / "new.png", "#00ff00"))
    assert edits == [Cover("cover.png", "A lake", "Photo by Ann", "https://x.test")]


def test_a_wide_image_is_offered_a_smaller_copy(qtbot, tmp_path: Path, pending):
    widget = make_widget(qtbot, tmp_path, pending)
    source = make_jpeg(tmp_path / "wide.jpg", "#336699", 3000, 1000)
    asked: list[tuple[int, int]] = []
    widget.ask_downscale = lambda width, height: asked.append((width, height)) or True

    drop_file(widget, source)

    assert asked == [(3000, 1000)]
    assert held_size(pending, tmp_path / "my-post" / "cover.jpg") == (2400, 800)
    assert QImageReader(str(source)).size().width() == 3000  # the original is left alone


def test_a_phone_photo_stays_upright_when_made_smaller(qtbot, tmp_path: Path, pending):
    # Stored 3900 × 2600 with "turn 90°" in its EXIF: a 2600 × 3900 portrait as seen.
    stored = QImage(3900, 2600, QImage.Format.Format_RGB32)
    stored.fill(QColor("#446688"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert stored.save(buffer, "JPG")  # type: ignore[call-overload]
    source = tmp_path / "IMG_0001.jpg"
    source.write_bytes(phone_jpeg(bytes(data.data()), orientation=6))
    widget = make_widget(qtbot, tmp_path, pending)
    asked: list[tuple[int, int]] = []
    widget.ask_downscale = lambda width, height: asked.append((width, height)) or True

    drop_file(widget, source)

    assert asked == [(2600, 3900)]
    assert held_size(pending, tmp_path / "my-post" / "cover.jpg") == (2400, 3600)
    thumbnail = widget.thumbnail.pixmap()
    assert thumbnail.height() == THUMBNAIL_SIZE.height() > thumbnail.width()


def test_declining_the_smaller_copy_keeps_the_original(qtbot, tmp_path: Path, pending):
    widget = make_widget(qtbot, tmp_path, pending)
    wide = QImage(2500, 100, QImage.Format.Format_RGB32)
    wide.fill(QColor("#336699"))
    source = tmp_path / "wide.png"
    assert wide.save(str(source), "PNG")
    widget.ask_downscale = lambda width, height: False
    drop_file(widget, source)
    held = pending.held_copy(tmp_path / "my-post" / "cover.png")
    assert held is not None and held.read_bytes() == source.read_bytes()


def test_a_pasted_image_becomes_the_cover(qtbot, tmp_path: Path, pending):
    widget = make_widget(qtbot, tmp_path, pending)
    image = QImage(30, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff8800"))
    QApplication.clipboard().setImage(image)
    edits: list[object] = []
    widget.cover_edited.connect(lambda cover, part: edits.append(cover))
    widget.paste_button.click()
    assert held_size(pending, tmp_path / "my-post" / "cover.png") == (30, 20)
    assert edits == [Cover(image="cover.png")]


def test_ctrl_v_on_the_thumbnail_pastes_a_cover(qtbot, tmp_path: Path, pending):
    widget = make_widget(qtbot, tmp_path, pending)
    QApplication.clipboard().setImage(QImage(10, 10, QImage.Format.Format_RGB32))
    widget.thumbnail.setFocus()
    qtbot.keyClick(widget.thumbnail, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert pending.held_copy(tmp_path / "my-post" / "cover.png") is not None


def test_alt_text_and_credit_fields_edit_the_cover(qtbot, tmp_path: Path, pending):
    widget = make_widget(qtbot, tmp_path, pending, Cover("cover.png"))
    edits: list[tuple[object, str]] = []
    widget.cover_edited.connect(lambda cover, part: edits.append((cover, part)))
    qtbot.keyClicks(widget.alt_field, "Dots")
    qtbot.keyClicks(widget.credit_url_field, "https://a.test")
    assert edits[-1] == (Cover("cover.png", alt="Dots", credit_url="https://a.test"), "credit_url")
    assert not widget.alt_warning.isVisible()


def test_remove_clears_the_cover_but_keeps_the_file(qtbot, tmp_path: Path, pending):
    widget = make_widget(qtbot, tmp_path, pending, Cover("cover.png", alt="x"))
    make_png(tmp_path / "my-post" / "cover.png", "#000000")
    edits: list[object] = []
    widget.cover_edited.connect(lambda cover, part: edits.append(cover))
    widget.remove_button.click()
    assert edits == [None]
    assert (tmp_path / "my-post" / "cover.png").exists()
    assert not widget.alt_field.isEnabled()
    assert "Drop" in widget.thumbnail.text()


def test_an_unsaved_post_asks_to_be_saved_first(qtbot, tmp_path: Path, pending):
    widget = CoverWidget(pending)
    qtbot.addWidget(widget)
    problems: list[str] = []
    widget.problem_found.connect(problems.append)
    widget.set_image_file(make_png(tmp_path / "a.png", "#000000"))
    assert problems and "Save the post first" in problems[0]
    assert list(tmp_path.iterdir()) == [tmp_path / "a.png"]


# --- in the window: the save writes the new cover, Undo and closing leave the old one ------

COVER_SCRIPT = (
    "(() => { const i = document.querySelector('#post-header .cover img');"
    " return i ? [i.getAttribute('src'), i.naturalWidth].join('|') : '-' })()"
)


def with_cover(library: Path, suffix: str) -> Path:
    """Give hello-world the cover ``cover<suffix>`` (40 px wide); return that file."""
    bundle = library / "hello-world"
    index = bundle / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "---\n\n", f"cover:\n  image: cover{suffix}\n  alt: The old one\n---\n\n", 1
        ),
        encoding="utf-8",
    )
    cover = bundle / f"cover{suffix}"
    if suffix == ".jpg":
        return make_jpeg(cover, "#112233", 40, 40)
    return make_png(cover, "#112233")


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def open_post(qtbot, window, library: Path):
    window.open_library(library)
    document = window.workspace.open_file(library / "hello-world" / "index.md")
    assert document is not None
    qtbot.waitUntil(lambda: window.preview.is_ready, timeout=15000)
    return document


def choose_cover(window, monkeypatch, source: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(source), ""))
    window.metadata_pane.form.cover_field.choose_button.click()


def shown_cover(document) -> str | None:
    cover = Post.from_text(document.editor.toPlainText()).cover
    return cover.image if cover is not None else None


def test_a_chosen_cover_reaches_the_disk_only_with_the_save(
    qtbot, window, library, tmp_path, monkeypatch
):
    old = with_cover(library, ".jpg")
    bundle = old.parent
    before = files_in(bundle)
    document = open_post(qtbot, window, library)
    source = make_jpeg(tmp_path / "Sunrise.jpg", "#ffaa00", 80, 50)

    choose_cover(window, monkeypatch, source)

    assert files_in(bundle) == before
    assert document.is_modified
    assert shown_cover(document) == "cover-2.jpg"
    qtbot.waitUntil(lambda: run_js(qtbot, window.preview, COVER_SCRIPT) == "cover-2.jpg|80")

    window.menu_actions["save"].trigger()

    assert not document.is_modified
    assert (bundle / "cover-2.jpg").read_bytes() == source.read_bytes()
    assert Post.from_text((bundle / "index.md").read_text()).cover.image == "cover-2.jpg"
    assert not old.exists()  # no post shows it any more
    qtbot.waitUntil(lambda: run_js(qtbot, window.preview, COVER_SCRIPT) == "cover-2.jpg|80")


def test_the_old_cover_stays_while_another_post_shows_it(
    qtbot, window, library, tmp_path, monkeypatch
):
    old = with_cover(library, ".jpg")
    other = library / "a-long-post" / "index.md"
    other.write_text(
        other.read_text().replace("---\n\n", "cover: ../hello-world/cover.jpg\n---\n\n", 1)
    )
    before = old.read_bytes()
    open_post(qtbot, window, library)

    choose_cover(window, monkeypatch, make_jpeg(tmp_path / "new.jpg", "#00ff00"))
    window.menu_actions["save"].trigger()

    assert old.read_bytes() == before
    assert (old.parent / "cover-2.jpg").exists()


def test_closing_without_saving_leaves_the_disk_as_it_was(
    qtbot, window, library, tmp_path, monkeypatch
):
    bundle = with_cover(library, ".jpg").parent
    before = files_in(bundle)
    document = open_post(qtbot, window, library)
    choose_cover(window, monkeypatch, make_jpeg(tmp_path / "new.jpg", "#00ff00"))
    monkeypatch.setattr(dialogs, "ask_about_unsaved", lambda *args: dialogs.UnsavedAnswer.DISCARD)

    assert window.workspace.close(document)

    assert files_in(bundle) == before
    assert window.context.pending_covers.held_copy(bundle / "cover-2.jpg") is None


def test_undo_brings_the_old_cover_back_before_and_after_a_save(
    qtbot, window, library, tmp_path, monkeypatch
):
    old = with_cover(library, ".jpg")
    before = old.read_bytes()
    document = open_post(qtbot, window, library)
    form = window.metadata_pane.form
    choose_cover(window, monkeypatch, make_jpeg(tmp_path / "new.jpg", "#00ff00"))

    document.editor.undo()

    assert shown_cover(document) == "cover.jpg"
    qtbot.waitUntil(lambda: form.cover_field.cover is not None)
    assert form.cover_field.cover.image == "cover.jpg"
    assert not document.is_modified

    document.editor.redo()
    window.menu_actions["save"].trigger()
    assert not old.exists()
    document.editor.undo()  # the old cover again, after the save that removed it
    qtbot.waitUntil(lambda: form.cover_field.cover.image == "cover.jpg")
    qtbot.waitUntil(lambda: run_js(qtbot, window.preview, COVER_SCRIPT) == "cover.jpg|40")
    window.menu_actions["save"].trigger()
    assert old.read_bytes() == before


def test_a_pasted_cover_follows_the_same_rules(qtbot, window, library):
    old = with_cover(library, ".png")
    bundle = old.parent
    before = files_in(bundle)
    document = open_post(qtbot, window, library)
    image = QImage(90, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff8800"))
    QApplication.clipboard().setImage(image)

    window.metadata_pane.form.cover_field.paste_button.click()

    assert files_in(bundle) == before
    assert shown_cover(document) == "cover-2.png"
    qtbot.waitUntil(lambda: run_js(qtbot, window.preview, COVER_SCRIPT) == "cover-2.png|90")
    window.menu_actions["save"].trigger()
    assert QImage(str(bundle / "cover-2.png")).width() == 90
    assert not old.exists()


def test_a_cover_dropped_in_the_window_reaches_the_text_and_the_preview(
    qtbot, window, library, tmp_path
):
    document = open_post(qtbot, window, library)
    field = window.metadata_pane.form.cover_field

    drop_file(field, make_png(tmp_path / "Sunrise.png", "#ffaa00", size=80))

    assert shown_cover(document) == "cover.png"
    qtbot.waitUntil(lambda: run_js(qtbot, window.preview, COVER_SCRIPT) == "cover.png|80")
    # Another image: another name, and the preview shows the new one.
    drop_file(field, make_png(tmp_path / "b.png", "#00aaff", 120))
    qtbot.waitUntil(lambda: run_js(qtbot, window.preview, COVER_SCRIPT) == "cover-2.png|120")
