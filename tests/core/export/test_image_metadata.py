"""Exported images carry no location, camera or owner metadata; their pixels, colour profile
and orientation are published byte for byte."""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path

import pytest

from editor.core.export import plan_export, write_export
from editor.core.export.image_metadata import (
    exif_orientation,
    orientation_exif,
    published_image,
)
from editor.core.library.library import Library
from tests.photos import (
    ICC,
    PRIVATE,
    exif,
    jpeg_segment,
    phone_jpeg,
    phone_png,
    phone_webp,
    png_chunk,
    riff_chunk,
    tag_jpeg,
)

JFIF = jpeg_segment(0xE0, b"JFIF\0\x01\x02\0\0\x01\0\x01\0\0")
FRAME = (
    jpeg_segment(0xDB, b"\0" + bytes(range(64)))
    + jpeg_segment(0xC0, b"\x08\0\x10\0\x10\x01\x01\x11\0")
    + jpeg_segment(0xC4, b"\0" + bytes(16) + b"\x01")
)
# Entropy-coded data with a stuffed 0xFF00 and a restart marker: neither ends the scan.
SCAN = jpeg_segment(0xDA, b"\x01\x01\0\0\x3f\0") + b"\x12\xff\x00\x34\xff\xd0\x56"
PROGRESSIVE_SCAN = SCAN + jpeg_segment(0xC4, b"\x10" + bytes(16) + b"\x02") + SCAN
JPEG = b"\xff\xd8" + JFIF + FRAME + SCAN + b"\xff\xd9"
ORIENTATION_SEGMENT = jpeg_segment(0xE1, b"Exif\0\0" + orientation_exif(6))

IHDR = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
PNG = b"\x89PNG\r\n\x1a\n" + IHDR + png_chunk(b"IDAT", b"pixels\xff\x00") + png_chunk(b"IEND", b"")
VP8_ODD = riff_chunk(b"VP8 ", b"odd-sized image dat")


def assert_private_gone(data: bytes) -> None:
    for secret in PRIVATE:
        assert secret not in data, secret


def test_a_phone_jpeg_loses_gps_camera_and_owner_and_keeps_pixels_icc_and_orientation():
    published = published_image(phone_jpeg(JPEG), "photo.jpg")
    assert_private_gone(published)
    assert b"Owned by" not in published  # the comment segment
    # Exactly the original picture with two segments: the orientation and the ICC profile.
    assert published == tag_jpeg(JPEG, ORIENTATION_SEGMENT, jpeg_segment(0xE2, ICC))
    assert exif_orientation(published[published.index(b"Exif") :]) == 6


def test_an_upright_photo_keeps_no_exif_at_all():
    published = published_image(phone_jpeg(JPEG, orientation=1), "photo.JPEG")
    assert b"Exif" not in published
    assert published == tag_jpeg(JPEG, jpeg_segment(0xE2, ICC))


def test_a_progressive_jpeg_keeps_every_scan_and_drops_what_follows_the_image():
    progressive = b"\xff\xd8" + JFIF + FRAME + PROGRESSIVE_SCAN + b"\xff\xd9"
    trailer = b"\xff\xd8" + jpeg_segment(0xE1, b"Exif\0\0" + exif()) + b"\xff\xd9"
    published = published_image(phone_jpeg(progressive) + trailer, "photo.jpg")
    assert_private_gone(published)
    assert published == tag_jpeg(progressive, ORIENTATION_SEGMENT, jpeg_segment(0xE2, ICC))


def test_a_jpeg_cut_short_inside_its_exif_publishes_no_part_of_it():
    tagged = tag_jpeg(JPEG, jpeg_segment(0xE1, b"Exif\0\0" + exif()))
    published = published_image(tagged[:60], "photo.jpg")
    assert_private_gone(published)


def test_a_phone_png_loses_exif_and_text_chunks_and_keeps_pixels_and_icc():
    phone = phone_png(PNG)
    published = published_image(phone, "photo.png")
    assert_private_gone(published)
    for chunk in (b"tEXt", b"iTXt", b"zTXt"):
        assert chunk not in published
    icc = phone[phone.index(b"iCCP") - 4 : phone.index(b"eXIf") - 4]
    expected = PNG[:33] + icc + png_chunk(b"eXIf", orientation_exif(6)) + PNG[33:]
    assert published == expected


def test_a_phone_webp_loses_exif_and_xmp_and_its_header_says_so():
    published = published_image(phone_webp(VP8_ODD), "photo.webp")
    assert_private_gone(published)
    assert VP8_ODD in published and b"fake colour profile bytes" in published
    assert struct.unpack_from("<I", published, 4)[0] == len(published) - 8
    flags = published[published.index(b"VP8X") + 8]
    assert flags == 0x20 | 0x08  # ICC and the orientation's EXIF; no XMP
    exif_at = published.index(b"EXIF")
    size = struct.unpack_from("<I", published, exif_at + 4)[0]
    assert exif_orientation(published[exif_at + 8 : exif_at + 8 + size]) == 6


def test_a_webp_without_orientation_keeps_no_exif_flag():
    published = published_image(phone_webp(VP8_ODD, orientation=None), "photo.webp")
    assert b"EXIF" not in published
    assert published[published.index(b"VP8X") + 8] == 0x20


@pytest.mark.parametrize("name", ["drawing.svg", "anim.gif", "photo.jpg", "photo.png"])
def test_files_that_are_not_what_their_name_says_are_copied_as_they_are(name: str):
    data = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    assert published_image(data, name) == data


def test_an_export_publishes_the_cover_without_metadata_and_skips_it_next_time(tmp_path: Path):
    library = tmp_path / "library"
    bundle = library / "trip"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(
        '---\ntitle: Trip\ndate: "2025-03-04T09:30:00+01:00"\nexcerpt: A trip.\n'
        "cover:\n  image: cover.jpg\n  alt: A hill\n---\n"
        "Up the hill.\n\n![The view](view.png)\n\n![The tent](tent.webp)\n",
        encoding="utf-8",
    )
    (bundle / "cover.jpg").write_bytes(phone_jpeg(JPEG))
    (bundle / "view.png").write_bytes(phone_png(PNG))
    (bundle / "tent.webp").write_bytes(phone_webp(VP8_ODD))
    target = tmp_path / "blog"

    first = write_export(plan_export(Library.scan(library), target, profile="hugo"))

    images = [
        target / "content" / "posts" / "trip" / name
        for name in ("cover.jpg", "tent.webp", "view.png")
    ]
    for path in images:
        assert_private_gone(path.read_bytes())
    assert (images[0]).read_bytes() == tag_jpeg(JPEG, ORIENTATION_SEGMENT, jpeg_segment(0xE2, ICC))
    assert any(path.endswith("cover.jpg") for path in first.written)
    manifest = json.loads((target / ".postdesk" / "manifest.json").read_text(encoding="utf-8"))
    for path in images:
        relative = path.relative_to(target).as_posix()
        assert manifest["files"][relative] == hashlib.sha256(path.read_bytes()).hexdigest()
    again = plan_export(Library.scan(library), target, profile="hugo")
    assert not again.errors
    assert {planned.action for planned in again.files} == {"unchanged"}
