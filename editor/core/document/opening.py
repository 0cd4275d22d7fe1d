"""Reading a document for a tab: UTF-8 opens for editing, text in another encoding opens
read-only (or in an encoding the writer chooses), binary and oversized files are refused."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from editor.core.document.textfile import LARGE_DOCUMENT_BYTES, OTHER_ENCODING, UTF8, read_text_file
from editor.core.errors import PostdeskError

# Encodings offered for reopening a file that is not UTF-8: (label, codec).
ENCODING_CHOICES = (
    ("Western (Windows-1252)", "cp1252"),
    ("Latin-1 (ISO 8859-1)", "latin-1"),
    ("UTF-16", "utf-16"),
    ("UTF-8", "utf-8"),
)

# Past either size the live preview pauses: rendering would hold up typing.
LARGE_DOCUMENT_LINES = 50_000
PREVIEW_PAUSED = (
    "The live preview is paused for very large documents (over "
    f"{LARGE_DOCUMENT_BYTES // (1024 * 1024)} MB or {LARGE_DOCUMENT_LINES:,} lines), so that "
    "typing stays quick."
)

# An explicit byte order keeps the BOM in the text, so saving writes the same bytes back.
_BOM_CODECS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class OpenedText:
    """A document's text as a tab shows it, and how saving writes it back."""

    text: str
    encoding: str  # the codec saving encodes with
    read_only: bool
    note: str  # why it is read-only or not UTF-8 ("" for an ordinary document)
    large: bool  # big enough that the live preview pauses


def read_document(path: Path, encoding: str | None = None) -> OpenedText:
    """Read `path` for a tab, in `encoding` when given (the writer chose it).

    Without an encoding, text that is not UTF-8 opens read-only in its likely encoding.
    PostdeskError (one line naming the file) for binary, oversized or unreadable files and
    for bytes that are not valid in the chosen encoding.
    """
    file = read_text_file(path)
    if file.verdict not in (UTF8, OTHER_ENCODING):
        raise file.problem or PostdeskError("not a text file", path)
    large = file.large or file.data.count(b"\n") > LARGE_DOCUMENT_LINES
    if encoding is None and file.text is not None:
        return OpenedText(file.text, UTF8, False, "", large)
    if encoding is None:
        likely = file.encoding or "latin-1"
        try:
            text = file.decode(exact_codec(file.data, likely))
        except PostdeskError:
            likely = "latin-1"  # decodes any bytes, so the writer sees something
            text = file.decode(likely)
        problem = file.problem.message if file.problem else "not UTF-8 text"
        where = f", line {file.problem.line}" if file.problem and file.problem.line else ""
        note = (
            f"{problem[:1].upper()}{problem[1:]}{where}. Shown read-only as "
            f"{encoding_label(likely)}: reopen it in its encoding to edit it."
        )
        return OpenedText(text, exact_codec(file.data, likely), True, note, large)
    codec = exact_codec(file.data, encoding)
    text = file.decode(codec)
    if text.encode(codec) != file.data:
        note = f"Shown as {encoding_label(encoding)}, read-only: saving could not write it back."
        return OpenedText(text, codec, True, note, large)
    note = "" if codec == UTF8 else f"Opened as {encoding_label(encoding)}: saving keeps it so."
    return OpenedText(text, codec, False, note, large)


def exact_codec(data: bytes, encoding: str) -> str:
    """The codec that decodes `data` in `encoding` and encodes it back to the same bytes."""
    if codecs.lookup(encoding).name in ("utf-16", "utf-32"):
        for bom, codec in _BOM_CODECS:
            if data.startswith(bom):
                return codec
        return f"{codecs.lookup(encoding).name}-le"
    return encoding


def encoding_label(encoding: str) -> str:
    """How an encoding is named to the writer."""
    wanted = codecs.lookup(encoding).name
    for label, codec in ENCODING_CHOICES:
        if codecs.lookup(codec).name == wanted:
            return label
    return encoding
