"""Reading a document's bytes: UTF-8 opens, other encodings read-only, binary and huge refused."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from editor.core.document import textfile
from editor.core.document.post import Post
from editor.core.document.textfile import (
    BINARY,
    OTHER_ENCODING,
    TOO_LARGE,
    UNREADABLE,
    UTF8,
    BinaryFileError,
    EncodingError,
    TooLargeError,
    decode_document,
    read_text_file,
)
from editor.core.errors import PostdeskError

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def write(tmp_path: Path, data: bytes, name: str = "post.md") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_opens_for_editing_with_its_bom_and_line_endings(tmp_path: Path) -> None:
    data = "\ufeff---\r\ntitle: Café\r\n---\rBody\n".encode()
    result = read_text_file(write(tmp_path, data))

    assert (result.verdict, result.editable, result.problem) == (UTF8, True, None)
    assert result.text is not None and result.text.encode("utf-8") == data
    assert result.size == len(data)
    assert not result.large


def test_latin1_is_text_in_another_encoding_never_re_encoded(tmp_path: Path) -> None:
    data = "---\ntitle: Café\n---\nÀ bientôt\n".encode("latin-1")
    path = write(tmp_path, data)

    result = read_text_file(path)

    assert result.verdict == OTHER_ENCODING
    assert not result.editable
    assert result.text is None
    assert result.encoding == "cp1252"
    assert str(result.problem) == (
        f"{path}:2: not UTF-8 text: invalid byte 0xe9 at byte offset 14 (looks like cp1252)"
    )
    assert result.decode() == "---\ntitle: Café\n---\nÀ bientôt\n"
    assert result.decode("latin-1") == "---\ntitle: Café\n---\nÀ bientôt\n"
    assert path.read_bytes() == data


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
    ids=["utf-16-le", "utf-16-be", "utf-32-le"],
)
def test_utf16_and_utf32_with_a_bom_are_named(tmp_path: Path, bom: bytes, codec: str) -> None:
    data = bom + "---\ntitle: Wide\n---\nBody\n".encode(codec)

    result = read_text_file(write(tmp_path, data))

    assert result.verdict == OTHER_ENCODING
    assert result.encoding in ("utf-16", "utf-32")
    assert "byte order mark" in str(result.problem)
    assert result.decode() == "---\ntitle: Wide\n---\nBody\n"


def test_a_png_named_md_is_binary(tmp_path: Path) -> None:
    path = write(tmp_path, PNG)
    result = read_text_file(path)

    assert result.verdict == BINARY
    assert str(result.problem) == f"{path}: binary file, not Markdown text"
    with pytest.raises(PostdeskError, match="binary"):
        result.decode()


def test_a_nul_in_the_middle_is_binary(tmp_path: Path) -> None:
    result = read_text_file(write(tmp_path, b"---\ntitle: A\n---\nbefore\x00after\n"))
    assert result.verdict == BINARY


def test_a_huge_file_is_refused_with_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textfile, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    path = write(tmp_path, b"x" * (3 * 1024 * 1024 // 2))

    result = textfile.read_text_file(path)

    assert (result.verdict, result.size) == (TOO_LARGE, 3 * 1024 * 1024 // 2)
    assert "1.5 MB" in str(result.problem) and "1.0 MB" in str(result.problem)


def test_a_large_document_still_opens_but_is_marked_large(tmp_path: Path) -> None:
    data = b"word " * (textfile.LARGE_DOCUMENT_BYTES // 5 + 1)
    result = read_text_file(write(tmp_path, data))

    assert (result.verdict, result.large) == (UTF8, True)


def test_missing_file_and_folder_are_unreadable(tmp_path: Path) -> None:
    assert read_text_file(tmp_path / "missing.md").verdict == UNREADABLE
    folder = read_text_file(tmp_path)
    assert folder.verdict == UNREADABLE
    assert str(folder.problem).startswith(f"{tmp_path}: cannot read")


def test_an_unknown_encoding_is_a_postdesk_error(tmp_path: Path) -> None:
    result = read_text_file(write(tmp_path, "é".encode("latin-1")))
    with pytest.raises(PostdeskError, match="unknown encoding: klingon"):
        result.decode("klingon")
    with pytest.raises(PostdeskError, match="not utf-8 text"):
        result.decode("utf-8")


def test_decode_document_raises_typed_errors() -> None:
    with pytest.raises(BinaryFileError):
        decode_document(PNG)
    with pytest.raises(EncodingError) as caught:
        decode_document(b"ok\nok\n\xff")
    assert (caught.value.line, caught.value.encoding) == (3, "cp1252")
    assert decode_document(b"\xef\xbb\xbfkept") == "\ufeffkept"


def test_post_load_shares_the_verdicts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(BinaryFileError):
        Post.load(write(tmp_path, PNG, "png.md"))
    with pytest.raises(EncodingError):
        Post.load(write(tmp_path, codecs.BOM_UTF16_LE + "hi".encode("utf-16-le"), "wide.md"))
    monkeypatch.setattr("editor.core.document.post.MAX_POST_BYTES", 4)
    with pytest.raises(TooLargeError):
        Post.load(write(tmp_path, b"12345", "five.md"))
