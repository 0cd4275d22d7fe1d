"""Images copied into a post's folder never overwrite anything, and are read the way they are
meant to be seen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QImage

from editor.ui.document.images import copy_image, image_size, read_image, save_pasted_image
from tests.photos import phone_jpeg
from tests.ui.conftest import make_png


def test_copies_get_a_free_name(qapp, tmp_path: Path):
    bundle = tmp_path / "post"
    bundle.mkdir()
    existing = make_png(bundle / "my-photo.png", "#000000")
    before = existing.read_bytes()
    source = make_png(tmp_path / "My Photo.PNG", "#ffffff")

    assert copy_image(source, bundle) == "my-photo-2.png"
    assert copy_image(source, bundle) == "my-photo-3.png"
    assert existing.read_bytes() == before
    assert (bundle / "my-photo-2.png").read_bytes() == source.read_bytes()


def test_an_image_already_beside_the_post_is_linked_not_copied(qapp, tmp_path: Path):
    image = make_png(tmp_path / "here.png", "#123456")
    assert copy_image(image, tmp_path) == "here.png"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here.png"]


def test_pasted_image_data_becomes_a_png(qapp, tmp_path: Path):
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff0000"))
    assert save_pasted_image(image, tmp_path) == "pasted-image.png"
    assert save_pasted_image(image, tmp_path) == "pasted-image-2.png"
    assert QImage(str(tmp_path / "pasted-image.png")).width() == 8


def test_a_phone_photo_is_read_upright_whole_and_scaled(qapp, tmp_path: Path):
    # Stored 300 × 100 with "turn 90°" in its EXIF: a 100 × 300 portrait as seen.
    stored = QImage(300, 100, QImage.Format.Format_RGB32)
    stored.fill(QColor("#808080"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert stored.save(buffer, "JPG")  # type: ignore[call-overload]
    photo = tmp_path / "IMG_0002.jpg"
    photo.write_bytes(phone_jpeg(bytes(data.data()), orientation=6))

    assert image_size(photo) == QSize(100, 300)
    assert read_image(photo).size() == QSize(100, 300)
    assert read_image(photo, QSize(176, 99)).size() == QSize(33, 99)  # fits the box upright
