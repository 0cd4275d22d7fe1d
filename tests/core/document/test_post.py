"""The post model: lossless reading and writing, typed fields read leniently, strict writes."""

from __future__ import annotations

import difflib
import os
import stat
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.document.frontmatter import split_document
from editor.core.document.post import Author, Cover, Post, parse_date, parse_tags
from editor.core.errors import FrontMatterError, PostdeskError

UNUSUAL = Path(__file__).parents[2] / "data" / "unusual"
SAMPLES = Path(__file__).parents[3] / "sample_posts"


def _changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True))
    return [line for line in diff if line[:1] in "+-"]


# --- byte-for-byte round trips -----------------------------------------------------------


def _unusual_files() -> list[Path]:
    return sorted(UNUSUAL.iterdir())


@pytest.mark.parametrize("path", _unusual_files(), ids=lambda p: p.name)
def test_unusual_files_survive_load_and_save_byte_for_byte(path: Path, tmp_path: Path) -> None:
    post = Post.load(path)
    assert post.to_text().encode("utf-8") == path.read_bytes()
    copy = tmp_path / path.name
    post.save(copy)
    assert copy.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", sorted(SAMPLES.rglob("*.md")), ids=lambda p: p.parent.name)
def test_sample_posts_survive_load_byte_for_byte(path: Path) -> None:
    assert Post.load(path).to_text().encode("utf-8") == path.read_bytes()


@pytest.mark.parametrize(
    "path",
    [p for p in _unusual_files() if Post.load(p).has_front_matter and p.name != "flow-mapping.md"],
    ids=lambda p: p.name,
)
def test_editing_one_field_of_an_unusual_file_changes_only_that_field(path: Path) -> None:
    original = path.read_bytes().decode("utf-8")
    newline = "\r\n" if original.lstrip("\ufeff").startswith("---\r\n") else "\n"
    post = Post.load(path)
    post.set_field("zz_added", "new value")
    edited = post.to_text()
    assert _changed_lines(original, edited) == [f"+ zz_added: new value{newline}"]
    reread = Post.from_text(edited)
    assert reread.get("zz_added") == "new value"
    assert reread.body == post.body
    assert {k: v for k, v in reread.metadata.items() if k != "zz_added"} == Post.load(path).metadata


@pytest.mark.parametrize("key", ["? odd", "line\x85break", "k" * 200])
def test_keys_written_as_complex_keys_still_round_trip(key: str) -> None:
    post = Post.from_text("---\ntitle: A\n# note\n---\nBody\n")
    post.set_field(key, "value")
    post.set_field("draft", True)
    reread = Post.from_text(post.to_text())
    assert reread.get(key) == "value"
    assert reread.title == "A"
    assert reread.draft


def test_flow_mapping_is_written_again_when_edited() -> None:
    post = Post.load(UNUSUAL / "flow-mapping.md")
    post.draft = True
    reread = Post.from_text(post.to_text())
    assert reread.title == "A flow mapping"
    assert reread.tags == ["x", "y"]
    assert reread.draft
    assert reread.body == "Body.\n"


def test_anchor_used_elsewhere_survives_an_edit_of_its_key() -> None:
    post = Post.load(UNUSUAL / "anchors.md")
    post.set_field("defaults", {"layout": "page"})
    reread = Post.from_text(post.to_text())
    assert reread.get("defaults") == {"layout": "page"}
    assert reread.get("extra") == {"layout": "post"}
    assert reread.title == "Anchors and aliases"


# --- documents, notes, errors ------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "\n", "Just a note.\n", "---\nnever closed: x\n\nbody\n", "no newline"]
)
def test_documents_without_front_matter_are_notes(text: str) -> None:
    post = Post.from_text(text)
    assert post.kind == "note"
    assert not post.has_front_matter
    assert post.body == text
    assert post.body_line == 1
    assert post.metadata == {}
    assert post.to_text() == text


def test_kinds() -> None:
    assert Post.from_text("---\ntitle: A\n---\n").kind == "post"
    assert Post.from_text("---\ndraft: true\n---\n").kind == "draft"
    assert Post.from_text("---\ndraft: false\n---\n").kind == "post"


def test_invalid_yaml_names_the_file_and_the_line_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: A\ntags: [a, b\nexcerpt: x\n---\nBody\n", encoding="utf-8")
    with pytest.raises(FrontMatterError) as caught:
        Post.load(path)
    assert caught.value.path == path
    assert caught.value.line is not None and 3 <= caught.value.line <= 4
    assert str(caught.value).startswith(f"{path}:{caught.value.line}: invalid YAML")


def test_invalid_yaml_line_counts_the_bom_and_crlf_file_as_the_editor_does() -> None:
    with pytest.raises(FrontMatterError) as caught:
        Post.from_text("\ufeff---\r\ntitle: A\r\nbad: a: b\r\n---\r\n", Path("x.md"))
    assert caught.value.line == 3


def test_front_matter_list_is_an_error() -> None:
    with pytest.raises(FrontMatterError, match="not a list"):
        Post.from_text("---\n- a\n- b\n---\nBody\n", Path("x.md"))


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(PostdeskError, match="binary file") as caught:
        Post.load(path)
    assert caught.value.path == path


def test_non_utf8_file_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("---\ntitle: Caf\u00e9\n---\n".encode("latin-1"))
    with pytest.raises(PostdeskError, match="byte offset 14") as caught:
        Post.load(path)
    assert caught.value.path == path
    assert caught.value.line == 2


def test_missing_file_or_folder_is_a_postdesk_error(tmp_path: Path) -> None:
    with pytest.raises(PostdeskError, match="cannot read"):
        Post.load(tmp_path / "missing.md")
    with pytest.raises(PostdeskError, match="cannot read"):
        Post.load(tmp_path)


def test_load_does_not_translate_newlines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.md"
    data = b"---\r\ntitle: A\n---\rBody\r\n"
    path.write_bytes(data)
    assert Post.load(path).to_text().encode("utf-8") == data


# --- lenient reading ---------------------------------------------------------------------


def test_wrong_types_are_read_without_crashing() -> None:
    post = Post.load(UNUSUAL / "wrong-types.md")
    assert post.title == "2024"
    assert post.tags == ["5"]
    assert post.cover == Cover(image="x.jpg")
    assert post.author == Author(name="Ada Lovelace")
    assert post.draft is True
    assert post.date is None
    assert post.excerpt == ""


@pytest.mark.parametrize(
    ("front_matter", "tags"),
    [
        ("tags: [a, b]", ["a", "b"]),
        ("tags:\n- a\n- b", ["a", "b"]),
        ("tags: a, b ,c,", ["a", "b", "c"]),
        ("tags: single", ["single"]),
        ("tags: 5", ["5"]),
        ("tags: {a: 1}", []),
        ("tags: [a, null, [x], '', 2]", ["a", "2"]),
        ("tags:", []),
        ("title: none", []),
    ],
)
def test_tags_read_leniently(front_matter: str, tags: list[str]) -> None:
    assert Post.from_text(f"---\n{front_matter}\n---\n").tags == tags


def _local(naive: datetime) -> datetime:
    return naive.astimezone()


def _at(
    offset_minutes: int, year: int, month: int, day: int, hour: int, minute: int = 0
) -> datetime:
    return datetime(
        year, month, day, hour, minute, tzinfo=timezone(timedelta(minutes=offset_minutes))
    )


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("date: 2025-03-04T09:30:00+01:00", _at(60, 2025, 3, 4, 9, 30)),
        ('date: "2025-03-04T09:30:00+01:00"', _at(60, 2025, 3, 4, 9, 30)),
        ("date: 2025-03-04 09:30:00 Z", datetime(2025, 3, 4, 9, 30, tzinfo=UTC)),
        ('date: "2024-01-05 10:00:00 +0100"', _at(60, 2024, 1, 5, 10)),
        ("date: 2024-01-05 10:00:00 -0530", _at(-330, 2024, 1, 5, 10)),
        ("date: 2024-01-05 10:00 +01:00", _at(60, 2024, 1, 5, 10)),
        ("date: 2024-01-05", _local(datetime(2024, 1, 5))),
        ('date: "2024-01-05"', _local(datetime(2024, 1, 5))),
        ("date: 2024-07-05 10:00:00", _local(datetime(2024, 7, 5, 10))),
        ('date: "2024-07-05T10:00:00"', _local(datetime(2024, 7, 5, 10))),
    ],
)
def test_dates_read_leniently(front_matter: str, expected: datetime) -> None:
    value = Post.from_text(f"---\n{front_matter}\n---\n").date
    assert value is not None
    assert value.tzinfo is not None
    assert value == expected
    assert value.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("value", ["not a date", "", 5, [2024], {"y": 1}, None, "2024-13-45"])
def test_unreadable_dates_are_none(value: Any) -> None:
    assert parse_date(value) is None


def test_parse_date_of_a_date_object_has_the_local_offset() -> None:
    value = parse_date(date(2024, 1, 5))
    assert value == datetime(2024, 1, 5).astimezone()


def test_cover_and_author_from_mappings() -> None:
    post = Post.from_text(
        "---\ncover:\n  image: cover.jpg\n  alt: A lake\n  credit: Photo by X on Unsplash\n"
        "  credit_url: https://unsplash.com/x\nauthor:\n  name: Ada\n  picture: ada.png\n---\n"
    )
    assert post.cover == Cover(
        "cover.jpg", "A lake", "Photo by X on Unsplash", "https://unsplash.com/x"
    )
    assert post.author == Author("Ada", "ada.png")


@pytest.mark.parametrize("value", ["cover: {alt: no image}", "cover: [a]", "cover: true", "cover:"])
def test_cover_without_an_image_is_none(value: str) -> None:
    assert Post.from_text(f"---\n{value}\n---\n").cover is None


# --- slug, folder, body ------------------------------------------------------------------


def test_slug_sources() -> None:
    text = "---\ntitle: Shipping ML: Part 2!\n---\n".replace(
        "Shipping ML: Part 2!", "'Shipping ML: Part 2!'"
    )
    assert Post.from_text(text).slug == "shipping-ml-part-2"
    assert Post.from_text(text, Path("lib/my-post/index.md")).slug == "my-post"
    assert Post.from_text(text, Path("lib/my-post/index.markdown")).slug == "my-post"
    assert Post.from_text(text, Path("_posts/2024-01-05-hello.md")).slug == "2024-01-05-hello"
    explicit = Post.from_text("---\nslug: chosen\n---\n", Path("lib/other/index.md"))
    assert explicit.slug == "chosen"


def test_folder_is_the_post_folder() -> None:
    assert Post.from_text("", Path("lib/a/index.md")).folder == Path("lib/a")
    assert Post.from_text("").folder is None


def test_setting_the_body_keeps_the_front_matter_text() -> None:
    text = "---\n# comment\ntitle:   'A'\n---\nOld body\n"
    post = Post.from_text(text)
    post.body = "New body\n"
    assert post.to_text() == "---\n# comment\ntitle:   'A'\n---\nNew body\n"
    assert post.body_line == 5


# --- strict writing ----------------------------------------------------------------------


def test_date_is_written_as_quoted_iso_with_offset() -> None:
    post = Post.from_text("---\ntitle: A\n---\n")
    post.date = datetime(2025, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert post.to_text() == '---\ntitle: A\ndate: "2025-03-04T09:30:00+01:00"\n---\n'


def test_naive_date_gets_the_local_offset_when_written() -> None:
    post = Post.from_text("")
    post.date = datetime(2024, 7, 1, 8, 0)
    assert post.date == datetime(2024, 7, 1, 8, 0).astimezone()
    assert post.date is not None and post.date.tzinfo is not None


def test_lenient_values_are_written_strictly() -> None:
    post = Post.load(UNUSUAL / "jekyll-date.md")
    post.tags = [*post.tags, "new"]
    post.date = post.date
    assert "tags:\n  - ml\n  - data science\n  - git\n  - new\n" in post.to_text()
    assert "date: 2024-01-05 10:00:00 +0100\n" in post.to_text()  # unchanged value: kept as is
    assert post.date is not None
    post.date = post.date + timedelta(hours=1)
    assert 'date: "2024-01-05T11:00:00+01:00"\n' in post.to_text()


def test_setting_a_field_on_a_note_creates_the_front_matter() -> None:
    post = Post.from_text("Some note text\r\nmore\r\n")
    post.title = "From a note"
    assert post.to_text() == "---\r\ntitle: From a note\r\n---\r\nSome note text\r\nmore\r\n"
    assert post.kind == "post"
    assert post.body_line == 4


def test_setting_an_unclosed_note_keeps_its_text_in_the_body() -> None:
    text = "---\nnot closed\n"
    post = Post.from_text(text)
    post.title = "T"
    reread = Post.from_text(post.to_text())
    assert reread.title == "T"
    assert reread.body == text


def test_new_keys_go_in_design_order() -> None:
    post = Post.from_text("---\nlayout: post\ntitle: A\ndraft: false\n---\n")
    post.cover = Cover("c.jpg", alt="Alt")
    post.excerpt = "Short"
    post.tags = ["a"]
    post.set_field("series", "intro")
    post.author = Author("Ada")
    post.slug = "a"
    post.date = datetime(2025, 1, 1, tzinfo=UTC)
    assert post.to_text() == (
        "---\nlayout: post\ntitle: A\n"
        'date: "2025-01-01T00:00:00+00:00"\n'
        "slug: a\nexcerpt: Short\ntags:\n  - a\ncover:\n  image: c.jpg\n  alt: Alt\n"
        "author:\n  name: Ada\ndraft: false\nseries: intro\n---\n"
    )


def test_removing_fields() -> None:
    post = Post.from_text("---\ntitle: A\nexcerpt: E\ncover: c.jpg\nlayout: post\n---\nBody\n")
    post.excerpt = ""
    post.cover = None
    post.set_field("layout", None)
    post.set_field("absent", None)
    assert post.to_text() == "---\ntitle: A\n---\nBody\n"


def test_unchanged_values_leave_the_text_alone() -> None:
    text = "---\ntitle: 2024\ntags: a, b\ndate: 2024-01-05\ndraft: no\ncover: c.jpg\n---\n"
    post = Post.from_text(text)
    post.title = "2024"
    post.date = post.date
    post.draft = False
    post.excerpt = ""
    post.set_field("title", 2024)
    assert post.to_text() == text


def test_cover_edit_keeps_unknown_cover_keys() -> None:
    post = Post.from_text("---\ncover:\n  image: a.jpg\n  hidden: true\n  alt: Old\n---\n")
    post.cover = Cover("a.jpg", alt="New")
    assert post.get("cover") == {"image": "a.jpg", "hidden": True, "alt": "New"}


def test_crlf_edit_keeps_crlf() -> None:
    original = (UNUSUAL / "crlf.md").read_bytes()
    post = Post.load(UNUSUAL / "crlf.md")
    post.title = "New title"
    post.excerpt = "An excerpt"
    edited = post.to_text().encode("utf-8")
    assert edited.count(b"\n") == edited.count(b"\r\n")
    assert (
        edited.replace(b"title: New title\r\n", b"title: Windows line endings\r\n").replace(
            b"excerpt: An excerpt\r\n", b""
        )
        == original
    )


def test_bom_is_kept_across_an_edit() -> None:
    post = Post.load(UNUSUAL / "bom.md")
    post.tags = ["x"]
    assert post.to_text().startswith("\ufeff---\n")
    assert Post.from_text(post.to_text()).tags == ["x"]


def test_comments_are_kept_across_an_edit_of_another_key() -> None:
    original = (UNUSUAL / "comments.md").read_text(encoding="utf-8")
    post = Post.from_text(original)
    post.set_field("layout", "page")
    assert _changed_lines(original, post.to_text()) == ["- layout: post\n", "+ layout: page\n"]


def test_tags_rewrite_changes_only_the_tags_lines() -> None:
    original = (
        '---\n# keep me\ntitle: "Quoted: title"   # and me\ndate: 2024-01-05\n'
        "tags: [ML, git]\ncover:\n  image: c.jpg   # cover comment\nx-unknown: 'kept'\n---\n"
        "Body text\n---\nwith a rule\n"
    )
    post = Post.from_text(original)
    post.tags = ["machine-learning", "git"]
    assert _changed_lines(original, post.to_text()) == [
        "- tags: [ML, git]\n",
        "+ tags:\n",
        "+   - machine-learning\n",
        "+   - git\n",
    ]


def _tagged_samples() -> list[Path]:
    return [path for path in sorted(SAMPLES.rglob("*.md")) if "\ntags:" in path.read_text("utf-8")]


@pytest.mark.parametrize("path", _tagged_samples(), ids=lambda p: p.parent.name)
def test_renaming_a_tag_in_a_sample_post_changes_only_tag_lines(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    post = Post.from_text(original, path)
    post.tags = [f"{tag}-renamed" for tag in post.tags]
    changed = _changed_lines(original, post.to_text())
    assert changed
    assert all(line[2:].startswith(("tags:", "  - ", "- ")) for line in changed)
    assert Post.from_text(post.to_text()).body == post.body


def test_date_edit_in_a_jekyll_file_changes_one_line() -> None:
    original = (UNUSUAL / "jekyll-date.md").read_text(encoding="utf-8")
    post = Post.from_text(original)
    post.date = datetime(2024, 2, 1, 8, 0, tzinfo=timezone(timedelta(hours=1)))
    assert _changed_lines(original, post.to_text()) == [
        "- date: 2024-01-05 10:00:00 +0100\n",
        '+ date: "2024-02-01T08:00:00+01:00"\n',
    ]


@pytest.mark.parametrize(
    "title",
    [
        "Shipping ML: Part 2",
        'She said "hi"',
        "It's #1",
        "@channel",
        "*bold*",
        "-dash",
        "? query",
        "&anchor",
        "!tag",
        "%percent",
        "🚀 Launch",
        "Привет, мир",
        "機械学習",
        "yes",
        "no",
        "null",
        "123",
        "3.14",
        "true",
        "~",
        "---",
        "...",
        "a\nb",
    ],
)
def test_awkward_titles_survive_write_and_read(title: str) -> None:
    post = Post.from_text("---\nlayout: post\n---\nBody\n")
    post.title = title
    reread = Post.from_text(post.to_text())
    assert reread.title == title
    assert reread.body == "Body\n"
    assert reread.get("layout") == "post"


# --- saving ------------------------------------------------------------------------------


def test_save_writes_and_sets_the_path(tmp_path: Path) -> None:
    post = Post.from_text("---\ntitle: A\n---\nBody\r\n")
    target = tmp_path / "a" / "index.md"
    target.parent.mkdir()
    post.save(target)
    assert target.read_bytes() == b"---\ntitle: A\n---\nBody\r\n"
    assert post.path == target
    assert post.slug == "a"
    post.title = "B"
    post.save()
    assert Post.load(target).title == "B"


def test_save_without_a_path_is_an_error() -> None:
    with pytest.raises(PostdeskError, match="no file name"):
        Post.from_text("").save()


def test_failed_replace_leaves_the_original_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"---\ntitle: Original\n---\n")
    post = Post.load(path)
    post.title = "Changed"

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PostdeskError, match="cannot save") as caught:
        post.save()
    assert caught.value.path == path
    assert path.read_bytes() == b"---\ntitle: Original\n---\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


def test_save_into_a_read_only_folder_fails_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "post.md"
    path.write_bytes(b"---\ntitle: Original\n---\n")
    post = Post.load(path)
    post.title = "Changed"
    folder.chmod(0o555)
    try:
        with pytest.raises(PostdeskError, match=r"the folder .* is read-only"):
            post.save()
        assert path.read_bytes() == b"---\ntitle: Original\n---\n"
    finally:
        folder.chmod(0o755)


def test_save_onto_a_folder_fails_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "post.md"
    folder.mkdir()
    with pytest.raises(PostdeskError, match="cannot save") as caught:
        Post.from_text("---\ntitle: A\n---\n").save(folder)
    assert caught.value.path == folder
    assert folder.is_dir()
    assert list(tmp_path.iterdir()) == [folder]


def test_huge_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.md"
    path.write_bytes(b"x" * 2048)
    monkeypatch.setattr("editor.core.document.post.MAX_POST_BYTES", 1024)
    with pytest.raises(PostdeskError, match="too large"):
        Post.load(path)


def test_save_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"---\ntitle: A\n---\n")
    path.chmod(0o640)
    post = Post.load(path)
    post.title = "B"
    post.save()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


# --- property tests ----------------------------------------------------------------------

_any_text = st.text(max_size=40)
_tag = st.text(min_size=1, max_size=20).map(str.strip).filter(bool)
# Every offset a date may have (ISO 8601 and the blog engines stop at ±18:00).
_offsets = st.integers(min_value=-18 * 60, max_value=18 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
_dates = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=_offsets
)
_image = st.text(min_size=1, max_size=30).map(str.strip).filter(bool)
_covers = st.builds(Cover, image=_image, alt=_any_text, credit=_any_text, credit_url=_any_text)
_authors = st.builds(
    Author, name=st.text(min_size=1, max_size=20).map(str.strip).filter(bool), picture=_any_text
)
_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _any_text
_unknown_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_any_text, inner, max_size=3),
    max_leaves=6,
)
_unknown_keys = st.text(min_size=1, max_size=12).filter(
    lambda k: (
        "\n" not in k
        and "\r" not in k
        and k not in ("title", "date", "slug", "excerpt", "tags", "cover", "author", "draft")
    )
)

_BASES = [
    "",
    "A note body\n",
    "---\n---\n",
    "---\n# comment\nlayout: post\ntitle: Old\n---\nBody\n",
    "\ufeff---\r\nlayout: post # why\r\ntags: a, b\r\n---\r\nBody\r\n",
    "---\ncover: old.jpg\nauthor: Someone\ndate: 2024-01-05\n...\nBody",
]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from(_BASES),
    title=_any_text,
    excerpt=_any_text,
    slug=_any_text,
    tags=st.lists(_tag, max_size=6),
    when=st.none() | _dates,
    cover=st.none() | _covers,
    author=st.none() | _authors,
    draft=st.booleans(),
    unknown=st.dictionaries(
        _unknown_keys, _unknown_values.filter(lambda v: v is not None), max_size=3
    ),
    order=st.permutations(range(9)),
)
def test_any_metadata_survives_write_and_read(
    base: str,
    title: str,
    excerpt: str,
    slug: str,
    tags: list[str],
    when: datetime | None,
    cover: Cover | None,
    author: Author | None,
    draft: bool,
    unknown: dict[str, Any],
    order: list[int],
) -> None:
    post = Post.from_text(base)
    body = post.body
    fields: list[tuple[str, Any]] = [
        ("title", title),
        ("excerpt", excerpt),
        ("slug", slug),
        ("tags", tags),
        ("date", when),
        ("cover", cover),
        ("author", author),
        ("draft", draft),
        ("unknown", unknown),
    ]
    for index in order:
        name, value = fields[index]
        if name == "unknown":
            for key, unknown_value in unknown.items():
                post.set_field(key, unknown_value)
        else:
            setattr(post, name, value)
    reread = Post.from_text(post.to_text())
    assert reread.to_text() == post.to_text()
    assert reread.title == title
    assert reread.excerpt == excerpt
    assert reread.get("slug") == (slug or None)
    assert reread.tags == tags
    assert reread.date == when
    if when is not None:
        assert reread.date is not None and reread.date.utcoffset() == when.utcoffset()
    assert reread.cover == cover
    assert reread.author == author
    assert reread.draft == draft
    for key, value in unknown.items():
        assert reread.get(key) == value
    assert reread.body == body
    if base.startswith("\ufeff"):
        assert post.to_text().startswith("\ufeff---\r\n")
        assert post.to_text().count("\n") == post.to_text().count("\r\n") + body.count(
            "\n"
        ) - body.count("\r\n")


# YAML comments hold printable characters only, on one line.
_comment_text = st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\ufffe\uffff"),
    max_size=20,
)


@st.composite
def _documents(draw: st.DrawFn) -> str:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append("\ufeff")
    has_front_matter = draw(st.booleans())
    if has_front_matter:
        parts.append("---" + draw(st.sampled_from(["", " ", "  \t"])) + newline)
        entries = draw(
            st.lists(
                st.one_of(
                    st.tuples(st.just("comment"), _comment_text),
                    st.tuples(st.just("blank"), st.just("")),
                    st.tuples(st.text(min_size=1, max_size=8), _unknown_values),
                ),
                max_size=6,
            )
        )
        for kind, value in entries:
            if kind == "blank":
                parts.append(newline)
            elif kind == "comment":
                parts.append("# " + value + newline)
            else:
                dumped = yaml.safe_dump({kind: value}, allow_unicode=True, width=10**9)
                # A key with a line break dumps as a block scalar: no flow-style line for it.
                one_line = not any(mark in kind for mark in "\n\r\x85\u2028\u2029")
                if isinstance(value, (list, dict)) and one_line and draw(st.booleans()):
                    key_text = yaml.safe_dump(kind, width=10**9).split("\n", 1)[0]
                    flow = yaml.safe_dump(value, default_flow_style=True, width=10**9)
                    dumped = f"{key_text}: {flow}"
                parts.append(dumped.replace("\n", newline))
        parts.append(draw(st.sampled_from(["---", "...", "--- "])) + newline)
    lines: list[str] = draw(
        st.lists(
            st.text(max_size=30).map(lambda s: s.replace("\r", "").replace("\n", "")), max_size=6
        )
    )
    body = newline.join(lines)
    final_newline: bool = draw(st.booleans())
    if lines and final_newline:
        body += newline
    parts.append(body)
    return "".join(parts)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_any_document_survives_read_and_write_unchanged(text: str) -> None:
    post = Post.from_text(text)
    assert post.to_text() == text
    # The fast reader for plain front matter and PyYAML agree on every value.
    expected = yaml.safe_load(split_document(text).front_matter) or {}
    assert post.metadata == {str(key): value for key, value in expected.items()}


@settings(max_examples=300)
@given(st.text())
def test_any_text_reads_as_a_post_or_fails_with_one_line(text: str) -> None:
    try:
        post = Post.from_text(text, Path("x.md"))
    except FrontMatterError as error:
        assert error.line is not None and error.line >= 2
        assert "\n" not in str(error)
        return
    assert post.to_text() == text
    assert isinstance(post.tags, list)
    assert post.date is None or post.date.tzinfo is not None
    _ = (post.title, post.cover, post.author, post.draft, post.slug, post.kind, post.excerpt)


def test_parse_tags_keeps_order() -> None:
    assert parse_tags(["b", "a", "b"]) == ["b", "a", "b"]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(_documents(), st.sampled_from(["title", "tags", "date", "draft", "layout"]), st.data())
def test_any_document_takes_a_field_edit_and_keeps_the_rest(
    text: str, key: str, data: st.DataObject
) -> None:
    post = Post.from_text(text)
    before = post.metadata
    value: Any = {
        "title": data.draw(_any_text),
        "tags": data.draw(st.lists(_tag, max_size=4)),
        "date": data.draw(_dates),
        "draft": data.draw(st.booleans()),
        "layout": data.draw(_unknown_values),
    }[key]
    post.set_field(key, value)
    reread = Post.from_text(post.to_text())
    assert reread.body == post.body
    assert reread.to_text().startswith(text[:1] if text.startswith("\ufeff") else "")
    expected_value = value.isoformat() if isinstance(value, datetime) else value
    assert reread.get(key) == expected_value
    others = {k: v for k, v in reread.metadata.items() if k != key}
    assert others == {k: v for k, v in before.items() if k != key}
