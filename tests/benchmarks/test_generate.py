"""The benchmark inputs are what benchmarks/generate.py says they are (no timings here)."""

from __future__ import annotations

import re
import struct
import zlib

import pytest

from editor.core.document.post import Post
from editor.core.library.library import Library
from tests.benchmarks.scripts import load_script

generate = load_script("generate")


def _code_fences(text: str) -> list[str]:
    """The info string of every fenced code block, in order."""
    languages = []
    inside = False
    for line in text.split("\n"):
        if line.startswith("```"):
            if not inside:
                languages.append(line[3:].strip())
            inside = not inside
    assert not inside, "a code block is left open"
    return languages


def _lines_inside_code(text: str) -> set[int]:
    inside = False
    found = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("```"):
            inside = not inside
        elif inside:
            found.add(number)
    return found


@pytest.fixture(scope="module")
def big_post():
    return generate.big_post()


def test_big_post_has_the_promised_length_and_code_blocks(big_post):
    assert big_post.text.endswith("\n")
    assert big_post.text.count("\n") == generate.POST_LINES == 3000
    languages = _code_fences(big_post.text)
    assert len(languages) == big_post.code_blocks == 50
    assert tuple(languages) == big_post.languages
    assert set(languages) == set(generate.LANGUAGES)
    assert len(set(generate.LANGUAGES)) >= 8


def test_big_post_holds_every_construct_a_technical_post_uses(big_post):
    text = big_post.text
    assert len(re.findall(r"^## ", text, re.MULTILINE)) == 50
    assert re.search(r"^### ", text, re.MULTILINE)
    assert text.count("| --- | ---: | :---: | --- |") == 10
    assert re.search(r"^  - nested ", text, re.MULTILINE)
    assert re.search(r"^1\. ", text, re.MULTILINE)
    assert "- [x] " in text and "- [ ] " in text
    assert re.search(r"^> ", text, re.MULTILINE)
    assert re.search(r"!\[Figure \d+[^\]]*\]\(images/figure-\d+\.png", text)
    assert re.search(r"\[[^\]]+\]\(https://example\.com/", text)
    references = set(re.findall(r"\]\[(ref-\d+)\]", text))
    defined = set(re.findall(r"^\[(ref-\d+)\]: ", text, re.MULTILINE))
    assert references and references <= defined
    footnotes = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    footnote_definitions = set(re.findall(r"^\[\^(\d+)\]: ", text, re.MULTILINE))
    assert footnotes and footnotes == footnote_definitions


def test_big_post_parses_as_a_post(big_post):
    post = Post.from_text(big_post.text)
    assert post.kind == "post"
    assert post.title == "A Long Post for the Benchmarks"
    assert post.tags == ["benchmarks", "markdown", "performance", "python"]
    assert post.cover is not None and post.cover.image == "cover.png"
    assert post.body_line > 1
    assert post.body.count("\n") == 3000 - (post.body_line - 1)


def test_the_edit_line_is_prose_near_the_middle(big_post):
    line = big_post.text.split("\n")[big_post.edit_line - 1]
    assert abs(big_post.edit_line - 1500) < 20
    assert big_post.edit_line not in _lines_inside_code(big_post.text)
    assert re.match(r"[A-Z][a-z]+ ", line) and len(line) > 40


def test_the_same_seed_gives_the_same_post():
    assert generate.big_post(seed=3).text == generate.big_post(seed=3).text
    assert generate.big_post(seed=3).text != generate.big_post(seed=4).text


def test_other_sizes_keep_their_promise():
    small = generate.big_post(lines=800, code_blocks=10)
    assert small.text.count("\n") == 800
    assert len(_code_fences(small.text)) == 10
    with pytest.raises(ValueError, match="need more than"):
        generate.big_post(lines=100, code_blocks=50)


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Check every chunk's CRC and return width, height and the decompressed image data."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks = 8, {}
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks[kind] = body
        offset += 12 + length
    assert list(chunks)[-1] == b"IEND"
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    return width, height, zlib.decompress(chunks[b"IDAT"])


def test_images_are_valid_files():
    width, height, pixels = _png_pixels(generate.png_bytes(7, 3, (1, 2, 3)))
    assert (width, height) == (7, 3)
    assert pixels == (b"\x00" + b"\x01\x02\x03" * 7) * 3
    jpeg = generate.jpeg_bytes("some-slug")
    assert jpeg[:4] == b"\xff\xd8\xff\xfe" and jpeg.endswith(b"\xff\xd9")
    assert b"some-slug" in jpeg
    assert generate.jpeg_bytes("a") != generate.jpeg_bytes("b")


def test_a_library_is_bundles_that_parse_with_their_images(tmp_path):
    root = generate.write_library(tmp_path / "library", 25)
    bundles = sorted(root.glob("*/index.md"))
    assert len(bundles) == 25
    assert (root / generate.AUTHOR_PICTURE).is_file()
    vocabulary = {tag.lower() for tag in generate.TAGS}
    for path in bundles:
        post = Post.load(path)
        assert post.kind == "post"
        assert post.title and post.date is not None and post.excerpt
        assert 2 <= len(post.tags) <= 6
        assert {tag.lower() for tag in post.tags} <= vocabulary
        assert post.cover is not None
        assert (path.parent / post.cover.image).is_file()
        for image in re.findall(r"!\[[^\]]*\]\(([^)\s]+)", post.body):
            assert (path.parent / image).is_file()
        assert len(_code_fences(post.body)) == 1
    slugs = {path.parent.name for path in bundles}
    assert len(slugs) == 25
    library = Library.scan(root)
    assert len(library.entries) == 25
    assert all(entry.kind == "post" for entry in library.entries)
    assert library.settings.author is not None
    assert library.settings.author.picture == generate.AUTHOR_PICTURE


def test_a_library_is_the_same_for_the_same_seed(tmp_path):
    first = generate.write_library(tmp_path / "first", 6, seed=11)
    second = generate.write_library(tmp_path / "second", 6, seed=11)
    for path in first.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (second / path.relative_to(first)).read_bytes()
