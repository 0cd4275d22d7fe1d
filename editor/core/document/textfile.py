"""Reading a document's bytes into text, with a clear verdict when they are not UTF-8 text.

A document opens for editing only when it is UTF-8 (a BOM is kept). Anything else gets a
verdict the window can act on without losing a byte: text in another encoding can be shown
read-only (or decoded with an encoding the writer chooses), a binary file is refused and a
huge file is refused with its size. Nothing here ever re-encodes or writes a file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.errors import PostdeskError

# A bigger "post" is almost surely not one: refuse it with a message instead of hanging.
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024

# Above this size a document still opens, but the window pauses its live preview.
LARGE_DOCUMENT_BYTES = 1024 * 1024

UTF8 = "utf-8"
OTHER_ENCODING = "other-encoding"
BINARY = "binary"
TOO_LARGE = "too-large"
UNREADABLE = "unreadable"

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class BinaryFileError(PostdeskError):
    """The file holds binary data (an image, an archive...), not text."""


class EncodingError(PostdeskError):
    """The file is text, but not UTF-8 (``encoding`` is a likely one, when known)."""

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        encoding: str | None = None,
    ):
        super().__init__(message, path, line)
        self.encoding = encoding


class TooLargeError(PostdeskError):
    """The file is over MAX_DOCUMENT_BYTES (``size`` in bytes)."""

    def __init__(self, message: str, path: Path | str | None = None, size: int = 0):
        super().__init__(message, path)
        self.size = size


@dataclass(frozen=True)
class TextFile:
    """A document file read as text, or the reason it cannot be edited as text.

    ``verdict`` is one of ``"utf-8"`` (``text`` holds the text, BOM included), ``"other-encoding"``
    (``encoding`` is a likely encoding, ``decode()`` gives a read-only view), ``"binary"``,
    ``"too-large"`` or ``"unreadable"``; ``problem`` is the one-line error for all but utf-8.
    """

    path: Path
    verdict: str
    size: int
    text: str | None = None
    encoding: str | None = None
    problem: PostdeskError | None = None
    data: bytes = field(default=b"", repr=False)

    @property
    def editable(self) -> bool:
        """True when the text can be edited and saved back as UTF-8 without changing a byte."""
        return self.verdict == UTF8

    @property
    def large(self) -> bool:
        """True when the document is big enough that the live preview should pause."""
        return self.size > LARGE_DOCUMENT_BYTES

    def decode(self, encoding: str | None = None) -> str:
        """The text in ``encoding`` (default: the likely one), for showing it read-only.

        Raises PostdeskError when there are no bytes to decode (binary, too large, unreadable),
        the encoding is unknown or the bytes are not valid in it.
        """
        if self.verdict not in (UTF8, OTHER_ENCODING):
            raise self.problem or PostdeskError("not a text file", self.path)
        chosen = encoding or self.encoding or UTF8
        try:
            return self.data.decode(chosen)
        except LookupError as exc:
            raise PostdeskError(f"unknown encoding: {chosen}", self.path) from exc
        except UnicodeDecodeError as exc:
            raise PostdeskError(
                f"not {chosen} text: invalid byte 0x{self.data[exc.start]:02x}"
                f" at byte offset {exc.start}",
                self.path,
                _line_at(self.data, exc.start),
            ) from exc


def read_text_file(path: Path) -> TextFile:
    """Read ``path`` and say what it is; never raises for a bad file (see ``TextFile``)."""
    path = Path(path)
    try:
        data = read_document_bytes(path)
    except TooLargeError as error:
        return TextFile(path, TOO_LARGE, error.size, problem=error)
    except PostdeskError as error:
        return TextFile(path, UNREADABLE, 0, problem=error)
    try:
        text = decode_document(data, path)
    except BinaryFileError as error:
        return TextFile(path, BINARY, len(data), problem=error)
    except EncodingError as error:
        return TextFile(
            path, OTHER_ENCODING, len(data), encoding=error.encoding, problem=error, data=data
        )
    return TextFile(path, UTF8, len(data), text=text, encoding=UTF8, data=data)


def read_document_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of ``path``; TooLargeError over ``limit`` (default MAX_DOCUMENT_BYTES) bytes.

    PostdeskError naming the file when it cannot be read.
    """
    path = Path(path)
    limit = MAX_DOCUMENT_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            raise TooLargeError(
                f"file too large for a post ({_megabytes(size)}; the limit is {_megabytes(limit)})",
                path,
                size,
            )
        return path.read_bytes()
    except OSError as exc:
        raise PostdeskError(f"cannot read: {exc.strerror or exc}", path) from exc


def decode_document(data: bytes, path: Path | None = None) -> str:
    """Decode a document's bytes as UTF-8 with no newline translation (a BOM is kept).

    Raises BinaryFileError for binary data and EncodingError (with a likely encoding) for
    text in another encoding, both naming ``path`` and, for bad bytes, the line.
    """
    for bom, encoding in _UNICODE_BOMS:
        if data.startswith(bom):
            raise EncodingError(
                f"not UTF-8 text: {encoding.upper()} (byte order mark); open it read-only"
                " or convert it to UTF-8",
                path,
                None,
                encoding,
            )
    if b"\x00" in data:
        raise BinaryFileError("binary file, not Markdown text", path)
    try:
        return data.decode(UTF8)
    except UnicodeDecodeError as exc:
        likely = _likely_encoding(data)
        raise EncodingError(
            f"not UTF-8 text: invalid byte 0x{data[exc.start]:02x} at byte offset {exc.start}"
            + (f" (looks like {likely})" if likely else ""),
            path,
            _line_at(data, exc.start),
            likely,
        ) from exc


def _likely_encoding(data: bytes) -> str | None:
    # cp1252 is the usual "Latin-1" of files written on Windows; it decodes almost any
    # byte string, so it is only a suggestion shown to the writer.
    for encoding in ("cp1252", "latin-1"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
