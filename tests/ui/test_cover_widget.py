"""The cover field: drop, paste or choose an image; it is copied into the bundle as cover.<ext>."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage, QImageReader
from PySide6.QtWidgets import QApplication

from editor.core.post import Cover
from editor.ui.cover_widget import CoverWidget
from tests.ui.conftest import make_png


def make_widget(qtbot, tmp_path: Path, cover: Cover | None = None) -> CoverWidget:
    bundle = tmp_path / "my-post"
    bundle.mkdir(exist_ok=True)
    widget = CoverWidget()
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


def test_a_dropped_image_is_copied_into_the_bundle_as_cover(qtbot, tmp_path: Path):
    widget = make_widget(qtbot, tmp_path)
    source = make_png(tmp_path / "Holiday Photo.png", "#cc3366", size=60)
    edits: list[tuple[object, str]] = []
    widget.cover_edited.connect(lambda cover, part: edits.append((cover, part)))

    drop_file(widget, source)

    cover_file = tmp_path / "my-post" / "cover.png"
    assert cover_file.read_bytes() == source.read_bytes()
    assert edits == [(Cover(image="cover.png"), "image")]
    assert widget.thumbnail.pixmap() is not None and not widget.thumbnail.pixmap().isNull()
    assert widget.alt_warning.isVisible()  # no alt text yet


def test_a_new_image_keeps_the_alt_text_and_credit(qtbot, tmp_path: Path):
    old = Cover("old.jpg", alt="A lake", credit="Photo by Ann", credit_url="https://x.test")
    widget = make_widget(qtbot, tmp_path, old)
    edits: list[object] = []
    widget.cover_edited.connect(lambda cover, part: edits.append(cover))
    drop_file(widget, make_png(tmp_path / "new.png", "#00ff00"))
    assert edits == [Cover("cover.png", "A lake", "Photo by Ann", "https://x.test")]


def test_a_wide_image_is_offered_a_smaller_copy(qtbot, tmp_path: Path):
    widget = make_widget(qtbot, tmp_path)
    wide = QImage(3000, 1000, QImage.Format.Format_RGB32)
    wide.fill(QColor("#336699"))
    source = tmp_path / "wide.jpg"
    assert wide.save(str(source), "JPG")
    asked: list[tuple[int, int]] = []
    widget.ask_downscale = lambda width, height: asked.append((width, height)) or True

    drop_file(widget, source)

    assert asked == [(3000, 1000)]
    size = QImageReader(str(tmp_path / "my-post" / "cover.jpg")).size()
    assert (size.width(), size.height()) == (2400, 800)
    assert QImageReader(str(source)).size().width() == 3000  # the original is left alone


def test_declining_the_smaller_copy_copies_the_original(qtbot, tmp_path: Path):
    widget = make_widget(qtbot, tmp_path)
    wide = QImage(2500, 100, QImage.Format.Format_RGB32)
    wide.fill(QColor("#336699"))
    source = tmp_path / "wide.png"
    assert wide.save(str(source), "PNG")
    widget.ask_downscale = lambda width, height: False
    drop_file(widget, source)
    assert (tmp_path / "my-post" / "cover.png").read_bytes() == source.read_bytes()


def test_a_pasted_image_becomes_the_cover(qtbot, tmp_path: Path):
    widget = make_widget(qtbot, tmp_path)
    image = QImage(30, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff8800"))
    QApplication.clipboard().setImage(image)
    edits: list[object] = []
    widget.cover_edited.connect(lambda cover, part: edits.append(cover))
    widget.paste_button.click()
    pasted = QImage(str(tmp_path / "my-post" / "cover.png"))
    assert (pasted.width(), pasted.height()) == (30, 20)
    assert edits == [Cover(image="cover.png")]


def test_ctrl_v_on_the_thumbnail_pastes_a_cover(qtbot, tmp_path: Path):
    widget = make_widget(qtbot, tmp_path)
    QApplication.clipboard().setImage(QImage(10, 10, QImage.Format.Format_RGB32))
    widget.thumbnail.setFocus()
    qtbot.keyClick(widget.thumbnail, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert (tmp_path / "my-post" / "cover.png").is_file()


def test_alt_text_and_credit_fields_edit_the_cover(qtbot, tmp_path: Path):
    widget = make_widget(qtbot, tmp_path, Cover("cover.png"))
    edits: list[tuple[object, str]] = []
    widget.cover_edited.connect(lambda cover, part: edits.append((cover, part)))
    qtbot.keyClicks(widget.alt_field, "Dots")
    qtbot.keyClicks(widget.credit_url_field, "https://a.test")
    assert edits[-1] == (Cover("cover.png", alt="Dots", credit_url="https://a.test"), "credit_url")
    assert not widget.alt_warning.isVisible()


def test_remove_clears_the_cover_but_keeps_the_file(qtbot, tmp_path: Path):
    widget = make_widget(qtbot, tmp_path, Cover("cover.png", alt="x"))
    make_png(tmp_path / "my-post" / "cover.png", "#000000")
    edits: list[object] = []
    widget.cover_edited.connect(lambda cover, part: edits.append(cover))
    widget.remove_button.click()
    assert edits == [None]
    assert (tmp_path / "my-post" / "cover.png").exists()
    assert not widget.alt_field.isEnabled()
    assert "Drop" in widget.thumbnail.text()


def test_an_unsaved_post_asks_to_be_saved_first(qtbot, tmp_path: Path):
    widget = CoverWidget()
    qtbot.addWidget(widget)
    problems: list[str] = []
    widget.problem_found.connect(problems.append)
    widget.set_image_file(make_png(tmp_path / "a.png", "#000000"))
    assert problems and "Save the post first" in problems[0]
    assert list(tmp_path.iterdir()) == [tmp_path / "a.png"]


def test_a_cover_dropped_in_the_window_reaches_the_bundle_the_text_and_the_preview(
    qtbot, window, library, tmp_path
):
    from editor.core.post import Post
    from tests.ui.conftest import run_js

    window.open_library(library)
    document = window.open_file(library / "hello-world" / "index.md")
    assert document is not None
    qtbot.waitUntil(lambda: window.preview.is_ready, timeout=15000)
    source = make_png(tmp_path / "Sunrise.png", "#ffaa00", size=80)

    drop_file(window.metadata_pane.form.cover_field, source)

    bundle = library / "hello-world"
    assert (bundle / "cover.png").read_bytes() == source.read_bytes()
    cover = Post.from_text(document.editor.toPlainText()).cover
    assert cover is not None and cover.image == "cover.png"
    script = (
        "(() => { const i = document.querySelector('#post-header .cover img');"
        " return i ? [i.getAttribute('src'), i.getAttribute('alt'), i.naturalWidth].join('|')"
        " : '-' })()"
    )
    qtbot.waitUntil(
        lambda: run_js(qtbot, window.preview, script) == "cover.png|Cover Image for Hello World|80",
        timeout=10000,
    )
    # A new image under the same name: the preview shows the new one, not a cached copy.
    drop_file(window.metadata_pane.form.cover_field, make_png(tmp_path / "b.png", "#00aaff", 120))
    qtbot.waitUntil(
        lambda: (
            run_js(qtbot, window.preview, script) == "cover.png|Cover Image for Hello World|120"
        ),
        timeout=10000,
    )
