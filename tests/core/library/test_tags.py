"""Tag operations: rename, merge, delete rewrite only tags lines, and undo puts bytes back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from editor.core.document.post import Post
from editor.core.errors import PostdeskError
from editor.core.library import tags
from editor.core.library.library import Library, TagCount

FIRST = (
    "---\r\n"
    "# keep this comment\r\n"
    'title: "First: a post"\r\n'
    "date: 2025-01-02\r\n"
    "tags:\r\n"
    "  - ML\r\n"
    "  - git\r\n"
    "weird_key: { a: 1 }\r\n"
    "---\r\n"
    "Body with tags: ML\r\n"
)
SECOND = "---\ntitle: Second\ntags: [ml, Machine Learning, python]\n---\n\nML body\n"
THIRD = "---\ntitle: Third\ntags: python, data\n---\nno match here\n"
NOTE = "# A note mentioning ML\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    files = {
        "first/index.md": FIRST,
        "second/index.md": SECOND,
        "third.md": THIRD,
        "note.md": NOTE,
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return tmp_path


def without_tags(data: bytes) -> bytes:
    """The file with its tags lines removed (the lines a tag operation may change)."""
    return re.sub(rb"(?m)^tags:.*\r?\n(?:[ \t]+- .*\r?\n)*", b"", data)


def snapshot(root: Path) -> dict[Path, bytes]:
    """Every file's bytes."""
    return {path: path.read_bytes() for path in sorted(root.rglob("*.md"))}


def tags_of(path: Path) -> list[str]:
    """The tags of the post at ``path``."""
    return Post.load(path).tags


def test_rename_changes_only_tags_lines_in_files_that_carry_the_tag(root: Path) -> None:
    library = Library.scan(root)
    before = snapshot(root)
    change = tags.rename(library, "ml", "Machine Learning")
    after = snapshot(root)
    assert set(change.files) == {root / "first/index.md", root / "second/index.md"}
    for path in before:
        if path in change.files:
            assert after[path] != before[path]
            assert without_tags(after[path]) == without_tags(before[path])
        else:
            assert after[path] == before[path]
    assert tags_of(root / "first/index.md") == ["Machine Learning", "git"]
    # Merging into a tag the post already has keeps one, where the first match was.
    assert tags_of(root / "second/index.md") == ["Machine Learning", "python"]
    # The CRLF file keeps its line endings.
    assert b"\r\n" in after[root / "first/index.md"]
    assert b"\n" not in after[root / "first/index.md"].replace(b"\r\n", b"")


def test_counts_follow_the_change(root: Path) -> None:
    library = Library.scan(root)
    tags.merge(library, "ML", "Machine Learning")
    counts = {count.name: count.count for count in library.tag_counts()}
    assert counts == {"Machine Learning": 2, "python": 2, "git": 1, "data": 1}


def test_merge_several_sources(root: Path) -> None:
    library = Library.scan(root)
    change = tags.merge(library, ["git", "data"], "tools")
    assert set(change.files) == {root / "first/index.md", root / "third.md"}
    assert tags_of(root / "first/index.md") == ["ML", "tools"]
    assert tags_of(root / "third.md") == ["python", "tools"]


def test_delete_removes_the_tag_in_any_case(root: Path) -> None:
    library = Library.scan(root)
    before = snapshot(root)
    change = tags.delete(library, "ML")
    assert tags_of(root / "first/index.md") == ["git"]
    assert tags_of(root / "second/index.md") == ["Machine Learning", "python"]
    for path in change.files:
        assert without_tags(path.read_bytes()) == without_tags(before[path])
    assert change.summary() == "deleted 'ML' in 2 files"


def test_undo_restores_every_byte(root: Path) -> None:
    library = Library.scan(root)
    before = snapshot(root)
    change = tags.rename(library, "python", "Python 3")
    assert snapshot(root) != before
    change.undo()
    assert snapshot(root) == before
    assert {count.name for count in library.tag_counts()} >= {"python"}


def test_undo_refuses_when_a_file_changed_since(root: Path) -> None:
    library = Library.scan(root)
    change = tags.rename(library, "python", "py")
    edited = root / "third.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "more\n", encoding="utf-8")
    kept = snapshot(root)
    with pytest.raises(PostdeskError, match="changed since"):
        change.undo()
    assert snapshot(root) == kept


def test_a_failed_save_puts_back_the_files_already_changed(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library.scan(root)
    before = snapshot(root)
    real_save = Post.save
    saved: list[Path | None] = []

    def failing_save(self: Post, path: Path | None = None) -> None:
        if saved:
            raise PostdeskError("cannot save: disk full", self.path)
        saved.append(self.path)
        real_save(self, path)

    monkeypatch.setattr(Post, "save", failing_save)
    with pytest.raises(PostdeskError, match="disk full"):
        tags.rename(library, "ml", "x")
    assert saved
    assert snapshot(root) == before


def test_unknown_tag_and_empty_name_are_errors(root: Path) -> None:
    library = Library.scan(root)
    with pytest.raises(PostdeskError, match="no document has the tag 'nope'"):
        tags.rename(library, "nope", "x")
    with pytest.raises(PostdeskError, match="empty"):
        tags.rename(library, "ML", "  ")


def test_rename_to_the_same_name_changes_nothing(root: Path) -> None:
    before = snapshot(root)
    change = tags.rename(Library.scan(root), "git", "git")
    assert change.files == ()
    assert snapshot(root) == before


def test_retagged_keeps_order_and_other_tags() -> None:
    assert tags.retagged(["a", "ML", "b", "ml"], ["ml"], "AI") == ["a", "AI", "b"]
    assert tags.retagged(["a", "b"], ["ml"], "AI") == ["a", "b"]
    assert tags.retagged(["ai", "ML"], ["ml"], "AI") == ["AI"]
    assert tags.retagged(["ML", "x"], ["ml"], None) == ["x"]


def test_likely_duplicates_group_case_spaces_hyphens_underscores() -> None:
    counts = [
        TagCount("machine-learning", 5, ("machine-learning", "Machine-Learning")),
        TagCount("python", 4, ("python",)),
        TagCount("Machine Learning", 2, ("Machine Learning",)),
        TagCount("machine_learning", 1, ("machine_learning",)),
        TagCount("Git", 1, ("Git", "git")),
    ]
    assert tags.likely_duplicates(counts) == [
        ("machine-learning", "Machine-Learning", "Machine Learning", "machine_learning"),
        ("Git", "git"),
    ]


# --- posts open in the editor ------------------------------------------------------------------


def test_an_open_post_with_unsaved_changes_is_changed_in_its_text_not_on_disk(root: Path) -> None:
    library = Library.scan(root)
    first = root / "first/index.md"
    unsaved = FIRST.replace("Body with tags", "Unsaved words and tags")
    before = snapshot(root)
    change = tags.rename(library, "ml", "AI", [tags.OpenPost(first, unsaved, modified=True)])
    assert first.read_bytes() == before[first]  # the file under the edit is left alone
    assert change.files == (root / "second/index.md",)
    assert set(change.edited) == {first}
    assert Post.from_text(change.edited[first]).tags == ["AI", "git"]
    assert "Unsaved words and tags" in change.edited[first]
    assert without_tags(change.edited[first].encode()) == without_tags(unsaved.encode())
    assert change.summary() == (
        "renamed 'ml' to 'AI': 1 file written, 1 open post changed in the editor, to be saved"
    )
    change.undo()
    assert snapshot(root) == before


def test_the_tags_in_the_editor_count_not_those_on_disk(root: Path) -> None:
    library = Library.scan(root)
    third = root / "third.md"
    added_in_editor = THIRD.replace("python, data", "python, data, ML")
    removed_in_editor = SECOND.replace("ml, ", "")
    change = tags.delete(
        library,
        "ml",
        [
            tags.OpenPost(third, added_in_editor, modified=True),
            tags.OpenPost(root / "second/index.md", removed_in_editor, modified=True),
        ],
    )
    assert change.files == (root / "first/index.md",)
    assert set(change.edited) == {third}
    assert Post.from_text(change.edited[third]).tags == ["python", "data"]


def test_an_open_post_without_changes_is_written_like_any_file(root: Path) -> None:
    library = Library.scan(root)
    first = root / "first/index.md"
    change = tags.rename(library, "ml", "AI", [tags.OpenPost(first, FIRST, modified=False)])
    assert set(change.files) == {first, root / "second/index.md"}
    assert change.edited == {}
    assert tags_of(first) == ["AI", "git"]


def test_an_open_post_whose_front_matter_cannot_be_read_is_left_and_said(root: Path) -> None:
    library = Library.scan(root)
    first = root / "first/index.md"
    broken = FIRST.replace("tags:\r\n", "tags: [\r\n")
    before = first.read_bytes()
    change = tags.rename(library, "ml", "AI", [tags.OpenPost(first, broken, modified=True)])
    assert first.read_bytes() == before
    assert set(change.left_out) == {first}
    assert "cannot be read" in change.left_out[first]
    assert change.summary().endswith("1 file written, 1 open post left as it is")
