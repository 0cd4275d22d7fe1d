"""Phone-photo metadata built byte by byte: EXIF with a GPS position, a camera and an owner,
XMP, IPTC and an ICC profile, to put into JPEG, PNG and WebP files in tests."""

from __future__ import annotations

import struct
import zlib

OWNER = b"Jane Owner"
CAMERA_MAKE = b"PhoneMaker"
CAMERA_MODEL = b"Pocket 12"
XMP = b'<x:xmpmeta><rdf:Description exif:GPSLatitude="52,31.1N" dc:creator="Jane Owner"/>'
IPTC = b"8BIM\x04\x04\x00\x00\x00\x00\x00\x10\x1c\x02P\x00\x0aJane Owner"
ICC = b"ICC_PROFILE\x00\x01\x01" + b"fake colour profile bytes"
PRIVATE = (OWNER, CAMERA_MAKE, CAMERA_MODEL, b"GPS", b"xmpmeta", b"8BIM")


def exif(orientation: int | None = 6, *, gps: bool = True) -> bytes:
    """A TIFF-structured EXIF block (little-endian): Make, Model, Orientation, Artist, GPS."""
    strings = [(0x010F, CAMERA_MAKE + b"\0"), (0x0110, CAMERA_MODEL + b"\0")]
    after = [(0x013B, OWNER + b"\0")]
    entries = len(strings) + len(after) + (orientation is not None) + gps
    data_at = 8 + 2 + 12 * entries + 4
    blob = b""
    table = b""

    def text(tag: int, value: bytes) -> bytes:
        nonlocal blob
        offset = data_at + len(blob)
        blob += value
        return struct.pack("<HHII", tag, 2, len(value), offset)

    for tag, value in strings:
        table += text(tag, value)
    if orientation is not None:
        table += struct.pack("<HHIHH", 0x0112, 3, 1, orientation, 0)
    for tag, value in after:
        table += text(tag, value)
    if gps:
        gps_at = data_at + len(blob)
        # The GPS IFD: latitude reference "N" only, enough to be a position to leak.
        gps_ifd = struct.pack("<H", 1) + struct.pack("<HHI4s", 0x0001, 2, 2, b"N\0\0\0")
        gps_ifd += b"\0\0\0\0"
        table += struct.pack("<HHII", 0x8825, 4, 1, gps_at)
        blob += b"GPS:" + gps_ifd
    ifd = struct.pack("<H", entries) + table + b"\0\0\0\0"
    return b"II*\x00" + struct.pack("<I", 8) + ifd + blob


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    """One JPEG marker segment."""
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def tag_jpeg(jpeg: bytes, *segments: bytes) -> bytes:
    """``jpeg`` with ``segments`` inserted right after its start marker."""
    assert jpeg.startswith(b"\xff\xd8")
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def phone_jpeg(jpeg: bytes, orientation: int | None = 6) -> bytes:
    """``jpeg`` as a phone writes it: EXIF, XMP, IPTC, an ICC profile and a comment."""
    return tag_jpeg(
        jpeg,
        jpeg_segment(0xE1, b"Exif\0\0" + exif(orientation)),
        jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + XMP),
        jpeg_segment(0xE2, ICC),
        jpeg_segment(0xED, b"Photoshop 3.0\0" + IPTC),
        jpeg_segment(0xFE, b"Owned by " + OWNER),
    )


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    """One PNG chunk with its CRC."""
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def phone_png(png: bytes, orientation: int | None = 6) -> bytes:
    """``png`` with eXIf, XMP and text chunks (and an ICC profile) after its header."""
    header_end = 8 + 25  # signature, IHDR
    assert png[12:16] == b"IHDR"
    extra = (
        png_chunk(b"iCCP", b"profile\0\0" + zlib.compress(b"fake colour profile bytes"))
        + png_chunk(b"eXIf", exif(orientation))
        + png_chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0" + XMP)
        + png_chunk(b"tEXt", b"Author\0" + OWNER)
        + png_chunk(b"zTXt", b"Raw profile type exif\0\0" + zlib.compress(exif()))
    )
    return png[:header_end] + extra + png[header_end:]


def riff_chunk(kind: bytes, payload: bytes) -> bytes:
    """One WebP (RIFF) chunk, padded to an even size."""
    return kind + struct.pack("<I", len(payload)) + payload + (b"\0" if len(payload) & 1 else b"")


def phone_webp(image_chunk: bytes, orientation: int | None = 6) -> bytes:
    """An extended WebP: VP8X (ICC, EXIF and XMP flagged), ICCP, the image, EXIF, XMP."""
    flags = 0x20 | 0x08 | 0x04
    vp8x = riff_chunk(b"VP8X", bytes([flags, 0, 0, 0]) + b"\x0f\x00\x00\x0f\x00\x00")
    body = (
        b"WEBP"
        + vp8x
        + riff_chunk(b"ICCP", b"fake colour profile bytes")
        + image_chunk
        + riff_chunk(b"EXIF", exif(orientation))
        + riff_chunk(b"XMP ", XMP)
    )
    return b"RIFF" + struct.pack("<I", len(body)) + body
