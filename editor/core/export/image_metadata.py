"""Images as they are published: without the camera's notes on where, when and whose.

A phone photo's EXIF block holds the GPS position it was taken at, the camera's make and
model and often the owner's name; XMP and IPTC blocks repeat them. None of that is needed
to show the picture, so an export writes images without it. Only the container is edited,
at the byte level: the compressed pixels, the colour profile (ICC) and everything else the
picture needs to look the same are copied byte for byte, never decoded and encoded again.

What is kept of EXIF is its Orientation alone (in a minimal EXIF block of one entry),
because browsers turn a photo upright by it: without it a phone photo shows sideways.

JPEG, PNG and WebP are cleaned; other types (GIF, SVG, AVIF, TIFF...) are copied as they
are. A file whose structure breaks off midway is cleaned up to that point and the rest
copied unchanged: the blog shows it as the browser would show the original.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

ORIENTATION_TAG = 0x0112
_EXIF_HEADER = b"Exif\x00\x00"
_ICC_HEADER = b"ICC_PROFILE\x00"

# JPEG segments a picture needs besides the frame and scan segments: JFIF/JFXX (APP0),
# the ICC colour profile (APP2) and Adobe's colour transform flag (APP14). Every other
# application segment (EXIF and XMP in APP1, IPTC in APP13, makers' own) and comments go.
_JPEG_APP0, _JPEG_APP1, _JPEG_APP2, _JPEG_APP14, _JPEG_COM = 0xE0, 0xE1, 0xE2, 0xEE, 0xFE
_JPEG_SOS, _JPEG_EOI = 0xDA, 0xD9
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM and RSTn carry no length

# PNG chunks that hold metadata: EXIF and every kind of text (XMP, "Raw profile type exif",
# Author, Comment, location...). The pixels, palette, transparency, gamma and colour
# profile chunks stay.
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_TEXT_CHUNKS = frozenset({b"tEXt", b"iTXt", b"zTXt"})

_WEBP_EXIF_FLAG = 0x08
_WEBP_XMP_FLAG = 0x04


def published_image(data: bytes, name: str | Path) -> bytes:
    """``data`` (the image file ``name``) without location, camera and owner metadata."""
    suffix = Path(name).suffix.lower()
    if suffix in (".jpg", ".jpeg") and data.startswith(b"\xff\xd8"):
        return _clean_jpeg(data)
    if suffix == ".png" and data.startswith(_PNG_SIGNATURE):
        return _clean_png(data)
    if suffix == ".webp" and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _clean_webp(data)
    return data


def exif_orientation(exif: bytes) -> int | None:
    """The Orientation (1-8) in a TIFF-structured EXIF block, None when it has none."""
    if exif.startswith(_EXIF_HEADER):
        exif = exif[len(_EXIF_HEADER) :]
    order = {b"II": "<", b"MM": ">"}.get(exif[:2])
    if order is None or len(exif) < 8:
        return None
    (first_ifd,) = struct.unpack_from(f"{order}I", exif, 4)
    if first_ifd + 2 > len(exif):
        return None
    (count,) = struct.unpack_from(f"{order}H", exif, first_ifd)
    for index in range(count):
        entry = first_ifd + 2 + 12 * index
        if entry + 12 > len(exif):
            return None
        tag, kind, _count = struct.unpack_from(f"{order}HHI", exif, entry)
        if tag == ORIENTATION_TAG and kind == 3:  # SHORT
            (value,) = struct.unpack_from(f"{order}H", exif, entry + 8)
            return value if 1 <= value <= 8 else None
    return None


def orientation_exif(orientation: int) -> bytes:
    """A minimal TIFF-structured EXIF block that says only ``orientation``."""
    # Header (big-endian, first IFD at 8), one entry: Orientation, SHORT, 1 value; no next IFD.
    return b"MM\x00*\x00\x00\x00\x08" + struct.pack(
        ">HHHIHHI", 1, ORIENTATION_TAG, 3, 1, orientation, 0, 0
    )


def _kept_exif(exif: bytes) -> bytes | None:
    """The EXIF block to publish in place of ``exif``: its orientation only, or nothing."""
    orientation = exif_orientation(exif)
    if orientation is None or orientation == 1:
        return None
    return orientation_exif(orientation)


def _clean_jpeg(data: bytes) -> bytes:
    kept = [data[:2]]
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            break  # not a marker: the structure breaks off, the rest is copied as it is
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            kept.append(data[position : position + 1])
            position += 1
            continue
        if marker in _JPEG_STANDALONE:
            kept.append(data[position : position + 2])
            position += 2
            continue
        if marker == _JPEG_EOI:
            # Whatever follows the image (a maker's trailer, a second picture with its own
            # EXIF) is not shown by a browser: it is left out.
            return b"".join(kept) + data[position : position + 2]
        (length,) = struct.unpack_from(">H", data, position + 2)
        end = position + 2 + length
        if length < 2 or end > len(data):
            if _is_jpeg_metadata(marker):
                return b"".join(kept)  # a metadata segment cut short: nothing follows it
            break
        kept.append(_kept_jpeg_segment(marker, data[position:end]))
        position = end
        if marker == _JPEG_SOS:
            scan_end = _scan_end(data, position)
            kept.append(data[position:scan_end])
            position = scan_end
    kept.append(data[position:])
    return b"".join(kept)


def _is_jpeg_metadata(marker: int) -> bool:
    return 0xE0 <= marker <= 0xEF or marker == _JPEG_COM


def _kept_jpeg_segment(marker: int, segment: bytes) -> bytes:
    """What of the segment ``segment`` (marker and length included) is published."""
    body = segment[4:]
    if marker == _JPEG_APP1 and body.startswith(_EXIF_HEADER):
        exif = _kept_exif(body)
        if exif is None:
            return b""
        payload = _EXIF_HEADER + exif
        return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    if marker == _JPEG_APP2:
        return segment if body.startswith(_ICC_HEADER) else b""
    if marker in (_JPEG_APP0, _JPEG_APP14) or not _is_jpeg_metadata(marker):
        return segment
    return b""


def _scan_end(data: bytes, position: int) -> int:
    """Where the entropy-coded data of a scan starting at ``position`` ends: the next marker
    that is neither a stuffed 0xFF00 nor a restart marker."""
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            return len(data)
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position += 1
            continue
        return position


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def _clean_png(data: bytes) -> bytes:
    kept = [_PNG_SIGNATURE]
    position = len(_PNG_SIGNATURE)
    while position + 12 <= len(data):
        (length,) = struct.unpack_from(">I", data, position)
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(data):
            break
        if kind == b"eXIf":
            exif = _kept_exif(data[position + 8 : end - 4])
            if exif is not None:
                kept.append(_png_chunk(b"eXIf", exif))
        elif kind not in _PNG_TEXT_CHUNKS:
            kept.append(data[position:end])
        position = end
        if kind == b"IEND":
            return b"".join(kept)  # nothing after the end chunk is part of the picture
    kept.append(data[position:])
    return b"".join(kept)


def _clean_webp(data: bytes) -> bytes:
    chunks: list[bytes] = []
    position = 12
    exif_kept = False
    vp8x_index: int | None = None
    while position + 8 <= len(data):
        kind = data[position : position + 4]
        (length,) = struct.unpack_from("<I", data, position + 4)
        end = position + 8 + length + (length & 1)  # chunks are padded to an even size
        if end > len(data):
            break
        payload = data[position + 8 : position + 8 + length]
        if kind == b"EXIF":
            exif = _kept_exif(payload)
            if exif is not None:
                chunks.append(_webp_chunk(b"EXIF", exif))
                exif_kept = True
        elif kind != b"XMP ":
            if kind == b"VP8X":
                vp8x_index = len(chunks)
            chunks.append(data[position:end])
        position = end
    rest = data[position:]
    if vp8x_index is not None:
        vp8x = bytearray(chunks[vp8x_index])
        vp8x[8] &= ~(_WEBP_XMP_FLAG | _WEBP_EXIF_FLAG) & 0xFF
        if exif_kept:
            vp8x[8] |= _WEBP_EXIF_FLAG
        chunks[vp8x_index] = bytes(vp8x)
    body = b"WEBP" + b"".join(chunks) + rest
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _webp_chunk(kind: bytes, payload: bytes) -> bytes:
    padding = b"\x00" if len(payload) & 1 else b""
    return kind + struct.pack("<I", len(payload)) + payload + padding
